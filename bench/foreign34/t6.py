import sys, csv; sys.path.insert(0,'/tmp/foreign34')
from lib2 import *
pid=1; today="2027-06-01"
EV=json.load(open("events2.json"))
def snap(): return call("planner","GET",f"/api/plans/{pid}/year/visits",params={"limit":1000}).json()["visits"]
ents={r["enterprise_id"]:r for r in csv.DictReader(open("tight/enterprises.csv"))}
c=[e for e,r in ents.items() if r["district_code"]=="140403" and r["sector"] in("construction","municipal","property_mgmt","real_estate")]
target=None
for k,e in enumerate(c[5:15]):
    b={"trigger_id":f"S{k:03d}","enterprise_id":e,"agency_id":"um","received_on":today,"kind":"complaint","urgent":False,"choice":0}
    s=call("planner","POST",f"/api/plans/{pid}/year/triggers/slots",json=b)
    before=snap(); r=call("planner","POST",f"/api/plans/{pid}/year/triggers",json=b); after=snap(); j=r.json()
    EV.append(dict(kind="insert",trigger=b,before=before,after=after,slots=s.json(),resp=j,status=r.status_code,today=today))
    print(b["trigger_id"], r.status_code, j["visit"]["visit_id"], j["visit"]["date"], j["visit"]["teams"])
    call("leader","POST",f"/api/plans/{pid}/year/versions/{j['version']}/approve",json={"comment":"ok"})
    if j["visit"]["teams"]["um"]=="um-140400" and j["visit"]["date"]>"2027-06-02": target=j["visit"]; break
vs=snap(); print("um-140403 load 06-01..06-10:", sorted((v["date"],v["visit_id"]) for v in vs if v["teams"].get("um")=="um-140403" and "2027-06-01"<=v["date"]<="2027-06-10" and v["status"]!="cancelled"))
b={"officer_id":"um-140400-000","start_on":"2027-06-02","end_on":"2027-06-30","kind":"leave"}
before=snap(); r=call("planner","POST",f"/api/plans/{pid}/year/leave",json=b); after=snap(); j=r.json()
EV.append(dict(kind="leave",body=b,before=before,after=after,resp=j,status=r.status_code,today=today))
print("leave", r.status_code, json.dumps(j,ensure_ascii=False)[:1500])
json.dump(EV,open("events2.json","w"),ensure_ascii=False)
vs=snap(); print("um-140403 load after:", sorted((v["date"],v["visit_id"]) for v in vs if v["teams"].get("um")=="um-140403" and "2027-06-01"<=v["date"]<="2027-06-10" and v["status"]!="cancelled"))
for t in [e["trigger"] for e in EV if e["kind"]=="insert" and e["trigger"]["trigger_id"][0] in "SR" and e["resp"]["visit"]["visit_id"] in [s["id"] for s in j.get("shortfalls",[])]]:
    t2=dict(t); t2["trigger_id"]=t["trigger_id"]+"b"
    s=call("planner","POST",f"/api/plans/{pid}/year/triggers/slots",json=t2); print("slots for a twin of", t["trigger_id"], s.status_code, [(x["day"],x["team"],x["cost"]["moves"]) for x in s.json().get("slots",[])])
