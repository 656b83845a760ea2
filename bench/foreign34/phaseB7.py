import sys, csv; sys.path.insert(0,'/tmp/foreign34')
from lib import *
pid=2; today="2027-03-15"
EV=json.load(open("events.json"))
def ev(kind, **kw):
    kw.update(kind=kind, today=today); EV.append(kw); json.dump(EV,open("events.json","w"),ensure_ascii=False,indent=1)
def snap(): return call("planner","GET",f"/api/plans/{pid}/year/visits",params={"limit":1000}).json()["visits"]
ents={r["enterprise_id"]:r for r in csv.DictReader(open("tiny/bundle/enterprises.csv"))}
used={v["enterprise_id"] for v in snap()}
hbents=[e for e,r in ents.items() if r["district_code"]=="140404" and r["sector"] in("construction","supervision","testing") and e not in used]
bad=[
 ("unknown enterprise", {"enterprise_id":"911404030000000000","agency_id":"hb","received_on":today,"urgent":False}),
 ("bad check digit", {"enterprise_id":"91140403UB0EW3J0YX","agency_id":"um","received_on":today}),
 ("unknown agency", {"enterprise_id":hbents[0],"agency_id":"zz","received_on":today}),
 ("agency no items", {"enterprise_id":hbents[0],"agency_id":"gas","received_on":today}),
 ("date outside year", {"enterprise_id":hbents[0],"agency_id":"hb","received_on":"2028-02-01"}),
 ("date malformed", {"enterprise_id":hbents[0],"agency_id":"hb","received_on":"2027-02-30"}),
 ("future receipt", {"enterprise_id":hbents[0],"agency_id":"hb","received_on":"2027-05-01"}),
 ("bad kind", {"enterprise_id":hbents[0],"agency_id":"hb","received_on":today,"kind":"gossip"}),
 ("missing field", {"agency_id":"hb","received_on":today}),
 ("wrong type urgent", {"enterprise_id":hbents[0],"agency_id":"hb","received_on":today,"urgent":"maybe"}),
 ("dup trigger id", {"trigger_id":"X001","enterprise_id":hbents[0],"agency_id":"hb","received_on":today}),
]
for name,b in bad:
    before=snap()
    for ep in ["triggers/slots","triggers"]:
        r=call("planner","POST",f"/api/plans/{pid}/year/{ep}",json=b)
        print(name, ep, r.status_code, r.text[:260])
        ev("bad_input", name=name, endpoint=ep, body=b, status=r.status_code, resp=r.text[:1000])
    after=snap()
    ev("bad_input_state", name=name, same=(before==after))
r=call("planner","POST",f"/api/plans/{pid}/year/triggers",data="{not json",headers={"Content-Type":"application/json"}); print("malformed", r.status_code, r.text[:300]); ev("bad_input",name="malformed json trigger",endpoint="triggers",status=r.status_code,resp=r.text[:1000])
# urgent trigger
body={"trigger_id":"U001","enterprise_id":hbents[1],"agency_id":"hb","received_on":today,"kind":"complaint","urgent":True,"choice":0}
before=snap(); s=call("planner","POST",f"/api/plans/{pid}/year/triggers/slots",json=body)
r=call("planner","POST",f"/api/plans/{pid}/year/triggers",json=body); after=snap()
print("URGENT", r.status_code, r.text[:800]); ev("insert", trigger=body, before=before, after=after, slots=s.json(), resp=r.json(), status=r.status_code)
y=call("planner","GET",f"/api/plans/{pid}/year").json(); print("urgent_unapproved", y["urgent_unapproved"])
vid=r.json()["visit"]["visit_id"]
n=call("planner","GET",f"/api/plans/{pid}/year/visits/{vid}/notice.pdf"); print("urgent notice", n.status_code, n.headers.get("content-type"))
if n.status_code==200: open("notice_urgent.pdf","wb").write(n.content)
code=r.json()["visit"]["code"]; c=call(None,"GET",f"/api/v/{code}").json(); print("code approval", c["approval"], c["basis_zh"])
pub=call(None,"GET",f"/api/public/plans/{pid}").text; print("public mentions", hbents[1] in pub, ents[hbents[1]]["name"] in pub)
json.dump({"urgent_visit":vid,"urgent_version":r.json()["version"],"urgent_ent":hbents[1]},open("urgent.json","w"))
