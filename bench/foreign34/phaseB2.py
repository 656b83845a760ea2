import sys; sys.path.insert(0,'/tmp/foreign34')
from lib import *
pid=2; today="2027-03-15"
EV=json.load(open("events.json"))
def ev(kind, **kw):
    kw.update(kind=kind, today=today); EV.append(kw); json.dump(EV,open("events.json","w"),ensure_ascii=False,indent=1)
def step(v,s,on):
    r=call("planner","POST",f"/api/plans/{pid}/year/visits/{v}/steps",json={"step":s,"on":on})
    print(v,s,on,r.status_code,r.text[:250]); ev("step",visit_id=v,step=s,on=on,status=r.status_code,resp=r.text[:500]); return r
v="V14040300001"
step(v,"feedback","2027-01-03")   # before the visit -> expect 422
step(v,"feedback","2027-03-20")   # future -> expect 422
step(v,"transfer_feedback","2027-01-20")  # before decision -> expect refusal
step(v,"feedback","2027-01-08")
step(v,"transfer","2027-01-20")
step(v,"transfer_decision","2027-01-25")
step(v,"transfer_feedback","2027-02-05")
step(v,"publish","2027-01-20")
step(v,"rectified","2027-02-01")
step(v,"archive","2027-03-01")
r=call("planner","GET",f"/api/plans/{pid}/year/visits/{v}"); print(json.dumps(r.json()["deadlines"],ensure_ascii=False), r.json()["steps"])
