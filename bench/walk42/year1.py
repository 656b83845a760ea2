"""Year one: record ~ 3/4 of the 2027 demo visits due by 2027-12-10 through the API (today pinned 2027-12-20).
Every 8th visit is left not done; outcomes chosen by a hash of the visit id; a few chosen firms get serious /
unrectified / rectified / corrected outcomes."""
from h import *
from fetch import all_visits
import json, hashlib, datetime as dt
V = all_visits()
log = {}
def h8(s): return int(hashlib.sha256(s.encode()).hexdigest()[:8], 16)
def plus(d, n): return (dt.date.fromisoformat(d) + dt.timedelta(days=n)).isoformat()
due = [v for v in V if v['date'] <= '2027-12-10' and v['status'] in ('planned','overdue')]
special = {}
# pick special firms among sampled visits (the random share)
samp = [v for v in due if v['basis'] == 'sampled' and v['mode'] == 'onsite']
special['serious'] = samp[3]; special['unrect'] = samp[10]; special['rect'] = samp[17]; special['corrected'] = samp[24]
special['notdone'] = samp[31]; special['cancel'] = [v for v in V if v['date'] > '2027-12-27' and v['basis']=='sampled'][0]
fol = [v for v in due if v['basis'] == 'follow_up']; special['fol_serious'] = fol[0]
mand = [v for v in due if v['basis'] == 'mandatory']; special['mand_viol'] = mand[0]
json.dump({k: v['visit_id'] + ' ' + v['enterprise_id'] + ' ' + v['tier'] + ' ' + v['basis'] for k, v in special.items()},
          open('/tmp/walk42/w42/special.json', 'w'), ensure_ascii=False, indent=1)
sid = {v['visit_id']: k for k, v in special.items()}
res = {'ok': 0, 'err': []}
for i, v in enumerate(due):
    vid = v['visit_id']; kind = sid.get(vid)
    if kind == 'notdone' or (kind is None and h8(vid) % 8 == 0):
        log[vid] = 'not done'; continue
    items = v['item_ids'].split(';')
    r = h8('o' + vid) % 100
    oc = 'compliant' if r < 70 else 'minor' if r < 85 else 'violation' if r < 96 else 'serious'
    if kind in ('serious', 'fol_serious'): oc = 'serious'
    if kind in ('unrect', 'rect', 'mand_viol'): oc = 'violation'
    if kind == 'corrected': oc = 'compliant'
    outcomes = {it: (oc if j == 0 else 'compliant') for j, it in enumerate(items)}
    body = {'date': v['date'], 'officer_ids': v['officer_ids'].split(';'), 'outcomes': outcomes, 'notes': f'walk42 {oc}'}
    if oc in ('violation', 'serious', 'minor'): body['rectify_by'] = plus(v['date'], 30)
    rr = post(f'/api/plans/1/year/visits/{vid}/record', 'planner', json=body)
    if rr.status_code != 201:
        res['err'].append((vid, rr.status_code, rr.text[:300])); continue
    res['ok'] += 1; log[vid] = oc
    # steps: feedback for all, publish for all
    for st, d in (('feedback', plus(v['date'], 1)), ('publish', plus(v['date'], 2))):
        s = post(f'/api/plans/1/year/visits/{vid}/steps', 'planner', json={'step': st, 'on': d})
        if s.status_code not in (200, 201): res['err'].append((vid, st, s.status_code, s.text[:300]))
    if oc in ('violation', 'serious') and kind not in ('unrect',):
        if kind == 'rect' or h8('r' + vid) % 2 == 0:
            s = post(f'/api/plans/1/year/visits/{vid}/steps', 'planner', json={'step': 'rectified', 'on': plus(v['date'], 20)})
            if s.status_code not in (200, 201): res['err'].append((vid, 'rectified', s.status_code, s.text[:300]))
            else: log[vid] += '+rectified'
print(res['ok'], 'recorded;', len(res['err']), 'errors'); [print(e) for e in res['err'][:20]]
json.dump(log, open('/tmp/walk42/w42/year1_log.json', 'w'), indent=1)
print(json.dumps(json.load(open('/tmp/walk42/w42/special.json')), ensure_ascii=False, indent=1))
