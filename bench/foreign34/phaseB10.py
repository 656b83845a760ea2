import sys, csv; sys.path.insert(0,'/tmp/foreign34')
from lib import *
pid=2; today="2027-03-15"
EV=json.load(open("events.json"))
def ev(kind, **kw):
    kw.update(kind=kind, today=today); EV.append(kw); json.dump(EV,open("events.json","w"),ensure_ascii=False,indent=1)
def snap(): return call("planner","GET",f"/api/plans/{pid}/year/visits",params={"limit":1000}).json()["visits"]
print([ (v["visit_id"],v["officer_ids"],v["teams"]) for v in snap() if v["date"]=="2027-03-31"])
for o in ["hb-140400-000","hb-140403-000","hb-140403-002"]:
    body={"officer_id":o,"start_on":"2027-03-31","end_on":"2027-03-31","kind":"leave"}
    before=snap(); r=call("planner","POST",f"/api/plans/{pid}/year/leave",json=body); after=snap()
    j=r.json(); print(o, r.status_code, {k:j.get(k) for k in ("restaffed","moved","renotify","version")}, [s["id"]+": "+s["binding"] for s in j.get("shortfalls",[])])
    ev("leave", body=body, before=before, after=after, resp=j, status=r.status_code)
    if j.get("version"):
        a=call("leader","POST",f"/api/plans/{pid}/year/versions/{j['version']}/approve",json={"comment":"同意"}); print(" approve",a.status_code)
print([ (v["visit_id"],v["date"],v["officer_ids"],v["status"]) for v in snap() if v["visit_id"]=="V14040300008"])
