"""archive finished case files of plan 1 (2027), draw each quarter's case review as leader, redraw it independently
(rules.md R-CASE-REVIEW: R-SAMPLE's HMAC with message case|{quarter}|{case_id}, uniform)."""
from h import *
from fetch import all_visits
import json, hmac, hashlib, math, datetime as dt, sys
V = all_visits(1)
arch = {}
if 'noarchive' not in sys.argv:
    for v in V:
        if v['status'] != 'done' or 'archive' in v.get('steps', {}): 
            if 'archive' in v.get('steps', {}): arch[v['visit_id']] = v['steps']['archive']
            continue
        d = (dt.date.fromisoformat(v['date']) + dt.timedelta(days=12)).isoformat()
        r = post(f"/api/plans/1/year/visits/{v['visit_id']}/steps", 'planner', json={'step': 'archive', 'on': d})
        if r.status_code in (200, 201): arch[v['visit_id']] = d
json.dump(arch, open('/tmp/walk42/w42/archived.json', 'w'), indent=1)
print('archived', len(arch))
seed = '2027-demo-1'   # revealed on /public/plans/1 after the close
ratio = 0.10
def q(d): return f"{d[:4]}Q{(int(d[5:7]) - 1) // 3 + 1}"
for quarter in ('2027Q1', '2027Q2', '2027Q3', '2027Q4'):
    r = post('/api/plans/1/year/case-review', 'leader', json={'quarter': quarter})
    got = r.json()
    mine_pool = sorted(k for k, d in arch.items() if q(d) == quarter)
    keys = []
    for cid in mine_pool:
        h = hmac.new(seed.encode(), f"case|{quarter}|{cid}".encode(), hashlib.sha256).digest()
        u = (int.from_bytes(h[:8], 'big') + 0.5) / 2 ** 64
        keys.append((math.log(u), cid))
    keys.sort(key=lambda k: (-k[0], k[1]))
    n = math.ceil(ratio * len(mine_pool))
    mine = [c for _, c in keys[:n]]
    print(quarter, r.status_code, 'pool(mine)', len(mine_pool), 'n(ceil)', n, '| product:', json.dumps({k: v for k, v in got.items() if k != 'drawn'}, ensure_ascii=False)[:300])
    print('   product drawn', got.get('drawn'), '\n   mine         ', mine, '\n   same:', got.get('drawn') == mine, set(got.get('drawn') or []) == set(mine))
