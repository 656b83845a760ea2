import sys, csv; sys.path.insert(0,'/tmp/foreign34')
from lib import *
pid=2; today="2027-03-15"
EV=json.load(open("events.json"))
def ev(kind, **kw):
    kw.update(kind=kind, today=today); EV.append(kw); json.dump(EV,open("events.json","w"),ensure_ascii=False,indent=1)
def snap(): return call("planner","GET",f"/api/plans/{pid}/year/visits",params={"limit":1000}).json()["visits"]
U=json.load(open("urgent.json"))
v=call("planner","GET",f"/api/plans/{pid}/year/visits/{U['urgent_visit']}").json()
body={"date":today,"officer_ids":v["officer_ids"].split(";"),"outcomes":{i:"compliant" for i in v["item_ids"].split(";")}}
r=call("planner","POST",f"/api/plans/{pid}/year/visits/{v['visit_id']}/record",json=body); print("record urgent before approval", r.status_code, r.text[:200]); ev("record",visit_id=v["visit_id"],body=body,status=r.status_code,resp=r.json())
r=call("planner","POST",f"/api/plans/{pid}/year/versions/{U['urgent_version']}/approve",json={"comment":"x"}); print("planner approves urgent", r.status_code)
r=call("leader","POST",f"/api/plans/{pid}/year/versions/{U['urgent_version']}/approve",json={"comment":"事后批准紧急检查"}); print("leader approves urgent", r.status_code, r.text[:200]); ev("version_approve",number=U['urgent_version'],status=r.status_code)
print("urgent_unapproved", call("planner","GET",f"/api/plans/{pid}/year").json()["urgent_unapproved"])
# urgent rejected, non urgent rejected
ents={r["enterprise_id"]:r for r in csv.DictReader(open("tiny/bundle/enterprises.csv"))}
used={v["enterprise_id"] for v in snap()}
hb=[e for e,r in ents.items() if r["district_code"]=="140404" and r["sector"] in("construction","supervision","testing") and e not in used]
for tid,urg,e in [("U002",True,hb[0]),("N100",False,hb[1])]:
    b={"trigger_id":tid,"enterprise_id":e,"agency_id":"hb","received_on":today,"kind":"referral","urgent":urg}
    before=snap(); r=call("planner","POST",f"/api/plans/{pid}/year/triggers",json=b); after=snap()
    ev("insert", trigger=b, before=before, after=after, resp=r.json(), status=r.status_code)
    j=r.json(); print(tid, r.status_code, j["visit"]["visit_id"], j["visit"]["date"], j["version"], j["state"])
    before=snap()
    rr=call("leader","POST",f"/api/plans/{pid}/year/versions/{j['version']}/reject",json={"comment":""}); print(" reject no comment", rr.status_code, rr.text[:150])
    rr=call("leader","POST",f"/api/plans/{pid}/year/versions/{j['version']}/reject",json={"comment":"线索不属实，不予检查"}); print(" reject", rr.status_code, rr.text[:300])
    after=snap()
    vv=[x for x in after if x["visit_id"]==j["visit"]["visit_id"]]
    print("  after reject visit:", vv and (vv[0]["status"], vv[0]["reason"][:100]))
    ev("version_reject", number=j["version"], visit_id=j["visit"]["visit_id"], status=rr.status_code, before=before, after=after)
y=call("planner","GET",f"/api/plans/{pid}/year").json(); print("urgent_unapproved", y["urgent_unapproved"], "open_triggers", y["open_triggers"])
