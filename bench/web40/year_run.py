"""The year in motion on plan 1 with INSPECTION_TODAY=2027-01-06: record visits (good and bad), double-submit, public results."""
import json, threading, httpx
from h import api, B
p = api("planner"); l = api("leader"); v = api("viewer"); au = api("auditor")
yv = p.get("/api/plans/1/year/visits", params={"limit": 1000}).json()["visits"]
first = [x for x in yv if x["date"] <= "2027-01-06"]
print("visits up to today:", [(x["visit_id"], x["date"], x["status"], x["agency_ids"], x["item_ids"]) for x in first][:8])
print("year summary:", json.dumps(p.get("/api/plans/1/year").json(), ensure_ascii=False)[:600])
x = first[0]; vid = x["visit_id"]; offs = x["officer_ids"].split(";"); items = x["item_ids"].split(";")
def rec(c, body, vid=vid):
    r = c.post(f"/api/plans/1/year/visits/{vid}/record", json=body); return r.status_code, r.text[:300]
print("viewer records:", rec(v, {"date": x["date"], "officer_ids": offs, "outcomes": {i: "compliant" for i in items}}))
print("auditor records:", rec(au, {"date": x["date"], "officer_ids": offs, "outcomes": {i: "compliant" for i in items}}))
print("one officer (R-PAIR):", rec(p, {"date": x["date"], "officer_ids": offs[:1], "outcomes": {i: "compliant" for i in items}}))
print("future date:", rec(p, {"date": "2027-03-01", "officer_ids": offs, "outcomes": {i: "compliant" for i in items}}))
print("bad outcome code:", rec(p, {"date": x["date"], "officer_ids": offs, "outcomes": {i: "fine" for i in items}}))
print("item not on visit:", rec(p, {"date": x["date"], "officer_ids": offs, "outcomes": {"gas-safety": "compliant"}}))
print("unknown officer:", rec(p, {"date": x["date"], "officer_ids": ["nobody-1", "nobody-2"], "outcomes": {i: "compliant" for i in items}}))
print("bad date:", rec(p, {"date": "2027-02-30", "officer_ids": offs, "outcomes": {i: "compliant" for i in items}}))
body = {"date": x["date"], "officer_ids": offs, "outcomes": {items[0]: "violation", **{i: "compliant" for i in items[1:]}}, "rectify_by": "2027-02-26", "notes": "现场发现问题"}
res = {}; bar = threading.Barrier(2)
def go(i): bar.wait(); res[i] = rec(p, body)
ts = [threading.Thread(target=go, args=(i,)) for i in range(2)]; [t.start() for t in ts]; [t.join() for t in ts]
print("double record:", res)
print("visit after:", json.dumps(p.get(f"/api/plans/1/year/visits/{vid}").json(), ensure_ascii=False)[:1200])
print("code page:", json.dumps(httpx.get(B + f"/api/v/{x['code']}").json(), ensure_ascii=False)[:300])
pub = httpx.get(B + "/api/public/plans/1").json(); print("public results:", json.dumps(pub.get("results", pub), ensure_ascii=False)[:800])
print("deadlines:", json.dumps(p.get("/api/plans/1/year/deadlines").json(), ensure_ascii=False)[:1000])
