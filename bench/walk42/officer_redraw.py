"""R-OFFICER-DRAW, the part an auditor can check from folder.zip alone: in officer_draw.json each visit's `considered`
officers are in HMAC(seed, officer|visit|officer) order (smaller digest first), `taken` are the first of them not
`skipped`, and visits.csv names exactly the taken officers."""
import json, csv, hmac, hashlib, sys
P = sys.argv[1]
seed = json.load(open(f'{P}/plan.json'))['seed']
D = json.load(open(f'{P}/officer_draw.json'))['visits']
V = {v['visit_id']: v for v in csv.DictReader(open(f'{P}/visits.csv'))}
dig = lambda vid, o: hmac.new(seed.encode(), f'officer|{vid}|{o}'.encode(), hashlib.sha256).digest()
bad = []
for vid, ags in D.items():
    names = set()
    for ag, x in ags.items():
        c = x['considered']
        if c != sorted(c, key=lambda o: dig(vid, o)): bad.append((vid, ag, 'order'))
        need = len(x['taken'])
        exp = [o for o in c if o not in x['skipped']][:need]
        if exp != x['taken']: bad.append((vid, ag, 'taken', x['taken'], exp))
        names |= set(x['taken'])
    if vid in V and set(V[vid]['officer_ids'].split(';')) != names: bad.append((vid, 'visits.csv', V[vid]['officer_ids'], sorted(names)))
print(P, 'visits', len(D), 'problems', len(bad), bad[:5])
