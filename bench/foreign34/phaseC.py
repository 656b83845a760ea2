import sys, csv; sys.path.insert(0,'/tmp/foreign34')
from lib import *
pid=2; today="2027-07-02"
EV=json.load(open("events.json"))
def ev(kind, **kw):
    kw.update(kind=kind, today=today); EV.append(kw); json.dump(EV,open("events.json","w"),ensure_ascii=False,indent=1)
def snap(): return call("planner","GET",f"/api/plans/{pid}/year/visits",params={"limit":1000}).json()["visits"]
ents={r["enterprise_id"]:r for r in csv.DictReader(open("tiny/bundle/enterprises.csv"))}
used={v["enterprise_id"] for v in snap()}
hb=[e for e,r in ents.items() if r["district_code"]=="140404" and r["sector"] in("construction","supervision","testing") and e not in used]
b={"trigger_id":"N200","enterprise_id":hb[0],"agency_id":"hb","received_on":today,"kind":"data_monitoring","urgent":False,"day":today}
s=call("planner","POST",f"/api/plans/{pid}/year/triggers/slots",json=b); print("slots day=today", s.status_code, s.text[:400])
before=snap(); r=call("planner","POST",f"/api/plans/{pid}/year/triggers",json=b); after=snap(); print("insert", r.status_code, r.text[:300])
ev("insert", trigger=b, before=before, after=after, slots=s.json(), resp=r.json(), status=r.status_code)
if r.status_code==201:
    v=r.json()["visit"]
    body={"date":v["date"],"officer_ids":v["officer_ids"].split(";"),"outcomes":{i:"compliant" for i in v["item_ids"].split(";")}}
    if v["date"]<=today:
        rr=call("planner","POST",f"/api/plans/{pid}/year/visits/{v['visit_id']}/record",json=body); print("record unapproved non-urgent", rr.status_code, rr.text[:300])
        ev("record_unapproved", visit_id=v["visit_id"], status=rr.status_code, resp=rr.text[:500])
    a=call("leader","POST",f"/api/plans/{pid}/year/versions/{r.json()['version']}/approve",json={"comment":"同意"}); print("approve", a.status_code)
# suspension kind
o="hb-140404-003"
b2={"officer_id":o,"start_on":"2027-07-05","end_on":None,"kind":"suspended"}
before=snap(); r=call("planner","POST",f"/api/plans/{pid}/year/leave",json=b2); after=snap(); print("suspend", r.status_code, r.text[:600])
ev("leave", body=b2, before=before, after=after, resp=r.json(), status=r.status_code)
if r.status_code==200 and r.json().get("version"):
    a=call("leader","POST",f"/api/plans/{pid}/year/versions/{r.json()['version']}/approve",json={"comment":"同意"}); print("approve", a.status_code)
# bad leave inputs
for name,bb in [("leave unknown officer",{"officer_id":"nobody","start_on":"2027-07-05"}),("leave end before start",{"officer_id":"hb-140404-000","start_on":"2027-07-10","end_on":"2027-07-05"}),("leave outside year",{"officer_id":"hb-140404-000","start_on":"2029-01-01"}),("leave bad kind",{"officer_id":"hb-140404-000","start_on":"2027-07-10","kind":"holiday??"})]:
    before=snap(); r=call("planner","POST",f"/api/plans/{pid}/year/leave",json=bb); after=snap(); print(name, r.status_code, r.text[:250])
    ev("bad_input", name=name, endpoint="leave", body=bb, status=r.status_code, resp=r.text[:1000]); ev("bad_input_state", name=name, same=(before==after))
# record bad inputs on a planned future visit / unknown visit
for name,vid,bb in [("record unknown visit","V99999999999",{"date":today,"officer_ids":["a","b"],"outcomes":{}}),("record officers not a list","V14040400006",{"date":"2027-03-12","officer_ids":"hb-1","outcomes":{}}),("record outcome number","V14040400006",{"date":"2027-03-12","officer_ids":["um-140404-000","um-140404-001"],"outcomes":{"x":5}})]:
    before=snap(); r=call("planner","POST",f"/api/plans/{pid}/year/visits/{vid}/record",json=bb); after=snap(); print(name, r.status_code, r.text[:250])
    ev("bad_input", name=name, endpoint="record", body=bb, status=r.status_code, resp=r.text[:1000]); ev("bad_input_state", name=name, same=(before==after))
