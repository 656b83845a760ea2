from h import *
import json
def all_visits(plan=1, user='planner'):
    out=[]; off=0
    while True:
        d=get(f'/api/plans/{plan}/year/visits?offset={off}&limit=100',user).json()
        out+=d['visits']; off+=100
        if off>=d['total']: return out
if __name__=='__main__':
    v=all_visits(); print(len(v)); json.dump(v,open('/tmp/walk42/w42/yvisits.json','w'),ensure_ascii=False,indent=1)
