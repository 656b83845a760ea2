import sys, datetime as dt; sys.path.insert(0,'/tmp/foreign34')
from lib import *
pid=2; today="2027-03-15"
EV=json.load(open("events.json"))
def ev(kind, **kw):
    kw.update(kind=kind, today=today); EV.append(kw); json.dump(EV,open("events.json","w"),ensure_ascii=False,indent=1)
def step(v,s,on):
    r=call("planner","POST",f"/api/plans/{pid}/year/visits/{v}/steps",json={"step":s,"on":on})
    print(v,s,on,r.status_code,r.text[:150] if r.status_code>=300 else ''); ev("step",visit_id=v,step=s,on=on,status=r.status_code,resp=r.text[:500]); return r
D=lambda s,n: str(dt.date.fromisoformat(s)+dt.timedelta(days=n))
vs=call("planner","GET",f"/api/plans/{pid}/year/visits",params={"limit":500,"status":"done"}).json()["visits"]
for i,v in enumerate(vs):
    if v["visit_id"]=="V14040300001": continue
    d=call("planner","GET",f"/api/plans/{pid}/year/visits/{v['visit_id']}").json()
    kinds=[x["kind"] for x in d["deadlines"]]
    print(v["visit_id"], v["date"], d["record"]["outcomes"], kinds)
    step(v["visit_id"],"feedback",D(v["date"],2 if i%3 else 12))
    if i%2==0: step(v["visit_id"],"publish",D(v["date"],5))
    if "transfer" in kinds:
        step(v["visit_id"],"transfer",D(v["date"],3)); step(v["visit_id"],"transfer_decision",D(v["date"],6))
        step(v["visit_id"],"transfer_feedback",D(v["date"],8))
        r=step(v["visit_id"],"archive",D(v["date"],20))
