"""move every overdue visit of plan 1 to its first offered slot (改期), then the leader approves the batch"""
from h import *
import json
vs = get('/api/plans/1/year/visits', 'planner', params={'state': 'overdue', 'limit': 500}).json()['visits']
print('overdue', len(vs))
nums = []
for v in vs:
    s = get(f"/api/plans/1/year/visits/{v['visit_id']}/slots", 'planner').json()['slots']
    if not s:
        print(v['visit_id'], 'no slot'); continue
    r = post(f"/api/plans/1/year/visits/{v['visit_id']}/move", 'planner', json={'day': s[0]['day'], 'reason': '计划审批晚于编制日，原定日期已过，改期执行'})
    d = r.json()
    print(v['visit_id'], v['date'], '->', s[0]['day'], r.status_code, json.dumps(d, ensure_ascii=False)[:300])
    if r.status_code < 300 and isinstance(d, dict) and d.get('version'): nums.append(d['version'])
print('versions', nums)
json.dump(nums, open('/tmp/walk43/w/move_versions.json', 'w'))
