import sys, csv; sys.path.insert(0,'/tmp/foreign34')
from lib2 import *
pid=1; today="2027-04-28"
EV=json.load(open("events2.json"))
def snap(): return call("planner","GET",f"/api/plans/{pid}/year/visits",params={"limit":1000}).json()["visits"]
ents={r["enterprise_id"]:r for r in csv.DictReader(open("tight/enterprises.csv"))}
c=[e for e,r in ents.items() if r["district_code"]=="140403" and r["sector"] in("construction","municipal","property_mgmt","real_estate")]
n=100; moved_offer=None
for e in c[20:45]:
    n+=1; b={"trigger_id":f"Z{n:03d}","enterprise_id":e,"agency_id":"um","received_on":today,"kind":"complaint","urgent":False,"choice":0}
    s=call("planner","POST",f"/api/plans/{pid}/year/triggers/slots",json=b); sl=s.json().get("slots") or []
    if any(x["cost"]["moves"] for x in sl) and moved_offer is None:
        moved_offer=b
        print("slots offering moves:", [(x["day"],[(m["visit_id"],m["from"],m["to"]) for m in x["moves"]]) for x in sl])
        w=call("planner","POST",f"/api/plans/{pid}/year/notices.pdf",params={"team":"um-140403","week":"2027-W18"}); print("week notices", w.status_code, w.headers.get("content-type"))
        s2=call("planner","POST",f"/api/plans/{pid}/year/triggers/slots",json=b); sl=s2.json().get("slots") or []
        print("slots after notice:", s2.status_code, [(x["day"],[(m["visit_id"],m["from"],m["to"]) for m in x["moves"]]) for x in sl], s2.text[:300] if not sl else "")
        EV.append(dict(kind="notice_week", team="um-140403", week="2027-W18", status=w.status_code, today=today))
        s=s2
    before=snap(); r=call("planner","POST",f"/api/plans/{pid}/year/triggers",json=b); after=snap()
    j=r.json(); EV.append(dict(kind="insert",trigger=b,before=before,after=after,slots=s.json(),resp=j,status=r.status_code,today=today))
    print(b["trigger_id"], r.status_code, (j.get("visit") or {}).get("date"), (j.get("visit") or {}).get("teams"), "" if r.status_code==201 else r.text[:160])
    if r.status_code==201: call("leader","POST",f"/api/plans/{pid}/year/versions/{j['version']}/approve",json={"comment":"ok"})
    if r.status_code==409 and n>115: break
json.dump(EV,open("events2.json","w"),ensure_ascii=False)
