import sys, csv; sys.path.insert(0,'/tmp/foreign34')
from lib import *
pid=2; today="2027-03-15"
EV=json.load(open("events.json"))
def ev(kind, **kw):
    kw.update(kind=kind, today=today); EV.append(kw); json.dump(EV,open("events.json","w"),ensure_ascii=False,indent=1)
def snap(): return call("planner","GET",f"/api/plans/{pid}/year/visits",params={"limit":1000}).json()["visits"]
before=snap()
body={"officer_id":"um-140400-000","start_on":"2027-03-16","end_on":"2027-04-30","kind":"leave"}
r=call("planner","POST",f"/api/plans/{pid}/year/leave",json=body)
after=snap()
print(r.status_code, json.dumps(r.json(),ensure_ascii=False)[:3000])
ev("leave", body=body, before=before, after=after, resp=r.json(), status=r.status_code)
print(call("planner","GET",f"/api/plans/{pid}/year").text[:3000])
