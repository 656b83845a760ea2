"""R-LEARN: every recorded 2027 visit is in history.csv once per agency, with the agency's worst item outcome and rectified"""
from h import *
from fetch import all_visits
import csv, json
V = all_visits(1)
H = {r['inspection_id']: r for r in csv.DictReader(open('/tmp/walk42/w42/history.csv')) if r['inspection_id'].startswith('2027-')}
items = {}
for r in csv.DictReader(open('/tmp/walk42/w42/demo/bundle/items.csv')): items[r['item_id']] = r['agency_id']
order = ['compliant', 'minor', 'violation', 'serious']
miss = []; wrong = []; n = 0
for v in V:
    if v['status'] != 'done': continue
    d = get(f"/api/plans/1/year/visits/{v['visit_id']}", 'auditor').json()
    rec = d['record']
    for ag in v['agency_ids'].split(';'):
        n += 1
        key = f"2027-{v['visit_id']}-{ag}"
        h = H.get(key)
        if not h: miss.append((key, v['basis'], v['mode'])); continue
        oc = max((o for it, o in rec['outcomes'].items() if items[it] == ag), key=order.index, default=None)
        offs = ';'.join(o for o in rec['officer_ids'] if o.startswith(ag + '-'))
        if h['outcome'] != oc or h['inspected_on'] != rec['date']: wrong.append((key, h['outcome'], oc, h['inspected_on'], rec['date']))
        if offs and h['officer_ids'] != offs: wrong.append((key, 'officers', h['officer_ids'], offs))
print('expected rows', n, 'history 2027 rows', len(H), 'missing', miss[:10], 'wrong', wrong[:10])
