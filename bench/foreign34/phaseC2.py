import sys, csv; sys.path.insert(0,'/tmp/foreign34')
from lib import *
pid=2; today=sys.argv[1]
EV=json.load(open("events.json"))
def ev(kind, **kw):
    kw.update(kind=kind, today=today); EV.append(kw); json.dump(EV,open("events.json","w"),ensure_ascii=False,indent=1)
def snap(): return call("planner","GET",f"/api/plans/{pid}/year/visits",params={"limit":1000}).json()["visits"]
if sys.argv[2]=="insert":
    ents={r["enterprise_id"]:r for r in csv.DictReader(open("tiny/bundle/enterprises.csv"))}
    used={v["enterprise_id"] for v in snap()}
    hb=[e for e,r in ents.items() if r["district_code"]=="140404" and r["sector"] in("construction","supervision","testing") and e not in used]
    b={"trigger_id":"N201","enterprise_id":hb[0],"agency_id":"hb","received_on":today,"kind":"data_monitoring","urgent":False}
    s=call("planner","POST",f"/api/plans/{pid}/year/triggers/slots",json=b)
    before=snap(); r=call("planner","POST",f"/api/plans/{pid}/year/triggers",json=b); after=snap(); print("insert", r.status_code, r.text[:300])
    ev("insert", trigger=b, before=before, after=after, slots=s.json(), resp=r.json(), status=r.status_code)
    json.dump(r.json(),open("n201.json","w"))
else:
    j=json.load(open("n201.json")); v=j["visit"]
    body={"date":v["date"],"officer_ids":v["officer_ids"].split(";"),"outcomes":{i:"compliant" for i in v["item_ids"].split(";")}}
    rr=call("planner","POST",f"/api/plans/{pid}/year/visits/{v['visit_id']}/record",json=body); print("record unapproved non-urgent", rr.status_code, rr.text[:300])
    ev("record_unapproved", visit_id=v["visit_id"], status=rr.status_code, resp=rr.text[:500])
    print(call("planner","GET",f"/api/plans/{pid}/year/deadlines").json()["overdue_visits"])
    a=call("leader","POST",f"/api/plans/{pid}/year/versions/{j['version']}/approve",json={"comment":"同意"}); print("approve", a.status_code)
    if rr.status_code>=300:
        rr=call("planner","POST",f"/api/plans/{pid}/year/visits/{v['visit_id']}/record",json=body); print("record after approval", rr.status_code, rr.text[:200])
        ev("record", visit_id=v["visit_id"], body=body, status=rr.status_code, resp=rr.json())
