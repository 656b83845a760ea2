import sys, csv; sys.path.insert(0,'/tmp/foreign34')
from lib import *
pid=2; today="2027-03-15"
EV=json.load(open("events.json"))
def ev(kind, **kw):
    kw.update(kind=kind, today=today); EV.append(kw); json.dump(EV,open("events.json","w"),ensure_ascii=False,indent=1)
def snap(): return call("planner","GET",f"/api/plans/{pid}/year/visits",params={"limit":1000}).json()["visits"]
r=call("leader","POST",f"/api/plans/{pid}/year/versions/28/approve",json={"comment":"同意改派"}); print("approve 28",r.status_code,r.text[:200])
trig=[e["trigger"] for e in EV if e["kind"]=="insert"]
cancelled=["X003","X010","X017","X023","X004","X011","X024","X005","X012","X006","X013"]
queue=[t for t in trig if t["trigger_id"] in cancelled]
k=0
for t in trig:
    for rep in range(2):
        k+=1; u=dict(t); u["trigger_id"]=f"Y{k:03d}"; queue.append(u)
for body in queue[:40]:
    before=snap()
    s=call("planner","POST",f"/api/plans/{pid}/year/triggers/slots",json=body)
    r=call("planner","POST",f"/api/plans/{pid}/year/triggers",json=body)
    after=snap(); j=r.json()
    ev("insert", trigger=body, before=before, after=after, slots=s.json(), resp=j, status=r.status_code)
    vis=j.get("visit") or {}
    sl=(s.json().get("slots") or [])
    print(body["trigger_id"], r.status_code, vis.get("date"), vis.get("visit_id"), vis.get("teams"), "cost:",sl[0].get("cost") if sl else s.text[:300], "moves:", j.get("moves") or (sl[0].get("moves") if sl else None), str(j)[:300] if r.status_code!=201 else "")
    if r.status_code==201 and j.get("version"):
        a=call("leader","POST",f"/api/plans/{pid}/year/versions/{j['version']}/approve",json={"comment":"同意"})
        if a.status_code!=200: print("approve",a.status_code,a.text[:200])
