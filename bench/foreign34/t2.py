import sys, csv; sys.path.insert(0,'/tmp/foreign34')
from lib2 import *
pid=1; today="2027-04-12"
EV=[]
def snap(): return call("planner","GET",f"/api/plans/{pid}/year/visits",params={"limit":1000}).json()["visits"]
ents={r["enterprise_id"]:r for r in csv.DictReader(open("tight/enterprises.csv"))}
s0=snap(); json.dump(s0,open("snap2_0.json","w"))
print("um 140403/140400 visits in window:", [(v["visit_id"],v["date"],v["teams"],v["basis"]) for v in s0 if "2027-04-12"<=v["date"]<="2027-04-22" and "um" in v["agency_ids"] and v["district_code"]=="140403"])
c=[e for e,r in ents.items() if r["district_code"]=="140403" and r["sector"] in("construction","municipal","property_mgmt","real_estate")]
n=0
for e in c[:20]:
    n+=1; b={"trigger_id":f"Z{n:03d}","enterprise_id":e,"agency_id":"um","received_on":today,"kind":"complaint","urgent":False,"choice":0}
    before=snap(); s=call("planner","POST",f"/api/plans/{pid}/year/triggers/slots",json=b); r=call("planner","POST",f"/api/plans/{pid}/year/triggers",json=b); after=snap()
    j=r.json(); EV.append(dict(kind="insert",trigger=b,before=before,after=after,slots=s.json(),resp=j,status=r.status_code,today=today))
    sl=s.json().get("slots") or []
    print(b["trigger_id"], r.status_code, (j.get("visit") or {}).get("date"), (j.get("visit") or {}).get("teams"), [ (x["day"],x["cost"]["moves"],[(m["visit_id"],m["from"],m["to"]) for m in x["moves"]]) for x in sl], "" if r.status_code==201 else r.text[:200])
    if r.status_code==201: call("leader","POST",f"/api/plans/{pid}/year/versions/{j['version']}/approve",json={"comment":"ok"})
json.dump(EV,open("events2.json","w"),ensure_ascii=False)
