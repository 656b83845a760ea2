import sys, csv; sys.path.insert(0,'/tmp/foreign34')
from lib import *
pid=2; today="2027-03-15"
EV=json.load(open("events.json"))
def ev(kind, **kw):
    kw.update(kind=kind, today=today); EV.append(kw); json.dump(EV,open("events.json","w"),ensure_ascii=False,indent=1)
def snap(): return call("planner","GET",f"/api/plans/{pid}/year/visits",params={"limit":1000}).json()["visits"]
r=call("planner","POST",f"/api/plans/{pid}/year/versions/2/approve",json={"comment":"self"}); print("planner approve",r.status_code,r.text[:200])
r=call("leader","POST",f"/api/plans/{pid}/year/versions/2/approve",json={"comment":"同意插入"}); print("leader approve",r.status_code,r.text[:200])
ev("insert", trigger={"trigger_id":"X001","enterprise_id":"91140403UB0EW3J0YR","agency_id":"um","received_on":"2027-03-15","urgent":False}, before=json.load(open("snap0.json")), after=snap(), resp={"visit":{"visit_id":"I000001"}}, status=201)
ents={r["enterprise_id"]:r for r in csv.DictReader(open("tiny/bundle/enterprises.csv"))}
planned={v["enterprise_id"] for v in json.load(open("snap0.json"))}
cands=[e for e,r in ents.items() if e not in planned and r["district_code"]=="140403" and r["sector"] in("construction","municipal","property_mgmt","real_estate")][1:]
print(len(cands))
n=2
for e in cands[:34]:
    tid=f"X{n:03d}"; n+=1
    body={"trigger_id":tid,"enterprise_id":e,"agency_id":"um","received_on":today,"kind":"complaint","urgent":False,"choice":0}
    before=snap()
    s=call("planner","POST",f"/api/plans/{pid}/year/triggers/slots",json=body)
    r=call("planner","POST",f"/api/plans/{pid}/year/triggers",json=body)
    after=snap()
    j=r.json()
    ev("insert", trigger=body, before=before, after=after, slots=s.json(), resp=j, status=r.status_code)
    vis=j.get("visit") or {}
    sl=(s.json().get("slots") or [{}])
    print(tid, r.status_code, vis.get("date"), vis.get("visit_id"), "moves:",sl[0].get("cost") if sl else None, j.get("version"), str(j)[:200] if r.status_code!=201 else "")
    if r.status_code==201 and j.get("version"):
        a=call("leader","POST",f"/api/plans/{pid}/year/versions/{j['version']}/approve",json={"comment":"同意"})
        if a.status_code!=200: print("approve",a.status_code,a.text[:200])
