import sys, random, datetime as dt; sys.path.insert(0,'/tmp/foreign34')
from lib import *
pid=2; today="2027-03-15"
EV=json.load(open("events.json")) if os.path.exists("events.json") else []
def ev(kind, **kw):
    kw.update(kind=kind, today=today); EV.append(kw); json.dump(EV,open("events.json","w"),ensure_ascii=False,indent=1)
rnd=random.Random(34)
vs=call("planner","GET",f"/api/plans/{pid}/year/visits",params={"limit":500}).json()["visits"]
for v in vs:
    if v["status"]!="overdue" or v["visit_id"]=="V14040400006": continue
    items=v["item_ids"].split(";")
    outs={i: rnd.choice(["compliant","compliant","minor","violation","serious"]) for i in items}
    body={"date":v["date"],"officer_ids":v["officer_ids"].split(";"),"outcomes":outs}
    if any(o in("violation","serious") for o in outs.values()):
        body["rectify_by"]=str(dt.date.fromisoformat(v["date"])+dt.timedelta(days=30))
    r=call("planner","POST",f"/api/plans/{pid}/year/visits/{v['visit_id']}/record",json=body)
    print(v["visit_id"], r.status_code, r.text[:200]); ev("record", visit_id=v["visit_id"], body=body, status=r.status_code, resp=r.json())
