import sys, csv; sys.path.insert(0,'/tmp/foreign34')
from lib2 import *
pid=1; today="2027-04-28"
EV=json.load(open("events2.json"))
def snap(): return call("planner","GET",f"/api/plans/{pid}/year/visits",params={"limit":1000}).json()["visits"]
for o in ["hb-140404-000","hb-140404-003","hb-140400-000","hb-140400-001"]:
    b={"officer_id":o,"start_on":"2027-05-11","end_on":"2027-05-11","kind":"leave"}
    before=snap(); r=call("planner","POST",f"/api/plans/{pid}/year/leave",json=b); after=snap(); j=r.json()
    EV.append(dict(kind="leave",body=b,before=before,after=after,resp=j,status=r.status_code,today=today))
    print(o, r.status_code, {k:j.get(k) for k in ("restaffed","moved","renotify","version")}, [s["id"]+": "+s["binding"] for s in j.get("shortfalls",[])])
    if j.get("version"): print(" approve", call("leader","POST",f"/api/plans/{pid}/year/versions/{j['version']}/approve",json={"comment":"ok"}).status_code)
    v=[x for x in after if x["visit_id"]=="V14040400010"][0]; print("   V14040400010:", v["date"], v["officer_ids"], v["teams"], v["status"])
json.dump(EV,open("events2.json","w"),ensure_ascii=False)
vs=snap(); print([ (x["visit_id"],x["date"],x["agency_ids"],x["basis"]) for x in vs if x["enterprise_id"]=="91140404QLA43097E8"])
