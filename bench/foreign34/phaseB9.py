import sys, csv; sys.path.insert(0,'/tmp/foreign34')
from lib import *
pid=2; today="2027-03-15"
EV=json.load(open("events.json"))
def ev(kind, **kw):
    kw.update(kind=kind, today=today); EV.append(kw); json.dump(EV,open("events.json","w"),ensure_ascii=False,indent=1)
def snap(): return call("planner","GET",f"/api/plans/{pid}/year/visits",params={"limit":1000}).json()["visits"]
vs=snap()
cand=[v for v in vs if v["status"]=="planned" and v["basis"] in("sampled","mandatory") and "2027-03-29"<=v["date"]<="2027-05-30"]
print([(v["visit_id"],v["date"],v["agency_ids"]) for v in cand][:10])
v=cand[0]
n=call("planner","GET",f"/api/plans/{pid}/year/visits/{v['visit_id']}/notice.pdf"); print("notice", n.status_code)
ev("notice", visit_id=v["visit_id"], status=n.status_code)
d=call("planner","GET",f"/api/plans/{pid}/year/visits/{v['visit_id']}").json(); print({k:d[k] for k in ("status","steps")})
s=call("planner","GET",f"/api/plans/{pid}/year/visits/{v['visit_id']}/slots"); print("slots", s.status_code, s.text[:400])
before=snap()
day=(s.json().get("slots") or s.json().get("days") or [{}])[0] if s.status_code==200 else {}
dd=day.get("day") if isinstance(day,dict) else day
m=call("planner","POST",f"/api/plans/{pid}/year/visits/{v['visit_id']}/move",json={"day":dd or "2027-05-06","reason":"企业停工"}); print("move notified", m.status_code, m.text[:500])
after=snap(); ev("move", visit_id=v["visit_id"], notified=True, status=m.status_code, resp=m.text[:1500], before=before, after=after)
# a week's notices
w=call("planner","POST",f"/api/plans/{pid}/year/notices.pdf",params={"team":"hb-140403","week":"2027-W13"}); print("week", w.status_code, w.text[:300] if w.status_code!=200 else len(w.content))
