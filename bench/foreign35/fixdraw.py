"""re-staff visits the product's check flags under R-OFFICER-DRAW after a repair removed visits (freed budgets)."""
import csv, re, subprocess, sys, hmac, hashlib, json
bundle, plan = sys.argv[1], sys.argv[2]
seed = json.load(open(bundle + '/policy.json'))['seed']
for it in range(12):
    out = subprocess.run(['/work/main/.venv/bin/inspection', 'check', bundle, plan], capture_output=True, text=True).stdout
    fl = re.findall(r"\[12\] R-OFFICER-DRAW (\S+): agency (\S+): (\S+) comes before a chosen officer", out)
    print(it, len(fl), out.strip().splitlines()[-1])
    if not fl:
        break
    rows = list(csv.DictReader(open(plan + '/visits.csv', encoding='utf-8-sig')))
    fld = {}
    usedo = set()
    for v, a, o in fl:
        if o in usedo: continue
        usedo.add(o); fld[v] = (a, o)
    for r in rows:
        if r['visit_id'] in fld:
            a, o = fld[r['visit_id']]
            offs = r['officer_ids'].split(';')
            mine = [x for x in offs if x.startswith(a + '-')]
            key = lambda x: hmac.new(seed.encode(), f"officer|{r['visit_id']}|{x}".encode(), hashlib.sha256).digest()
            worst = max(mine, key=key)
            offs[offs.index(worst)] = o
            r['officer_ids'] = ';'.join(offs)
    with open(plan + '/visits.csv', 'w', newline='', encoding='utf-8') as f:
        w = csv.DictWriter(f, list(rows[0].keys())); w.writeheader(); w.writerows(rows)
