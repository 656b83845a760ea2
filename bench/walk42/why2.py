from h import *
import json, sys
sp = json.load(open('/tmp/walk42/w42/special.json'))
plan = int(sys.argv[1]) if len(sys.argv) > 1 else 2
for k, s in sp.items():
    vid, eid, tier, basis = s.split()
    w = get(f'/api/plans/{plan}/enterprises/{eid}/why', 'planner').json()
    print(f'== {k} {eid} (2027: {tier} {basis} {vid})')
    print({x: w.get(x) for x in ('tier', 'tier_source', 'risk_score', 'selected', 'basis', 'draw_rank', 'visits_planned')})
    print(' zh:', w.get('reason_zh')); print(' en:', w.get('reason_en'))
    for x in ('reasons_zh', 'factors', 'history', 'visits'):
        if x in w: print(' ', x, json.dumps(w[x], ensure_ascii=False)[:700])
