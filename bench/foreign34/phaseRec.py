import sys, random, datetime as dt; sys.path.insert(0,'/tmp/foreign34')
from lib import *
pid=2; today=sys.argv[1]; seedn=int(sys.argv[2])
EV=json.load(open("events.json"))
def ev(kind, **kw):
    kw.update(kind=kind, today=today); EV.append(kw); json.dump(EV,open("events.json","w"),ensure_ascii=False,indent=1)
def step(v,s,on):
    if on>today: return None
    r=call("planner","POST",f"/api/plans/{pid}/year/visits/{v}/steps",json={"step":s,"on":on})
    if r.status_code>=300: print("  step",v,s,on,r.status_code,r.text[:200])
    ev("step",visit_id=v,step=s,on=on,status=r.status_code,resp=r.text[:300]); return r
D=lambda s,n: str(dt.date.fromisoformat(s)+dt.timedelta(days=n))
rnd=random.Random(seedn)
vs=call("planner","GET",f"/api/plans/{pid}/year/visits",params={"limit":1000}).json()["visits"]
skip=set(sys.argv[3:])
for v in vs:
    if v["status"] not in("overdue",) or v["visit_id"] in skip: continue
    items=v["item_ids"].split(";")
    outs={i: rnd.choice(["compliant","compliant","compliant","minor","violation","serious"]) for i in items}
    body={"date":v["date"],"officer_ids":v["officer_ids"].split(";"),"outcomes":outs}
    if any(o in("violation","serious") for o in outs.values()): body["rectify_by"]=D(v["date"],30)
    r=call("planner","POST",f"/api/plans/{pid}/year/visits/{v['visit_id']}/record",json=body)
    ev("record", visit_id=v["visit_id"], body=body, status=r.status_code, resp=r.json())
    if r.status_code!=201: print(v["visit_id"], r.status_code, r.text[:200]); continue
    d=call("planner","GET",f"/api/plans/{pid}/year/visits/{v['visit_id']}").json()
    kinds=[x["kind"] for x in d["deadlines"]]
    i=rnd.randrange(10)
    step(v["visit_id"],"feedback",D(v["date"],2 if i else 14))
    step(v["visit_id"],"publish",D(v["date"],7 if i!=1 else 40))
    if "transfer" in kinds:
        step(v["visit_id"],"transfer",D(v["date"],3 if i!=2 else 20)); step(v["visit_id"],"transfer_decision",D(v["date"],25))
        step(v["visit_id"],"transfer_feedback",D(v["date"],28 if i!=3 else 45))
        step(v["visit_id"],"archive",D(v["date"],40 if i!=4 else 120))
    if any(o in("violation","serious") for o in outs.values()) and i%2: step(v["visit_id"],"rectified",D(v["date"],25))
print("done")
