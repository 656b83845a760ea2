"""Authorisation + double-approve race on plan 2 (submitted)."""
import threading, httpx
from h import api, B, page_client
P = 2
roles = {u: api(u) for u in ("planner", "leader", "leader2", "viewer", "auditor", "admin")}
anon = httpx.Client(base_url=B)
print("planner approves own:", roles["planner"].post(f"/api/plans/{P}/approve", json={"comment": "self"}).status_code)
print("viewer approves:", roles["viewer"].post(f"/api/plans/{P}/approve", json={"comment": "v"}).status_code)
print("auditor approves:", roles["auditor"].post(f"/api/plans/{P}/approve", json={"comment": "a"}).status_code)
print("admin approves:", roles["admin"].post(f"/api/plans/{P}/approve", json={"comment": "a"}).status_code)
print("anon approves:", anon.post(f"/api/plans/{P}/approve", json={"comment": "a"}).status_code)
print("leader publishes before approval:", roles["leader"].post(f"/api/plans/{P}/publish").status_code)
print("anon public view (submitted):", anon.get(f"/api/public/plans/{P}").status_code, anon.get(f"/public/plans/{P}").status_code)
res = {}
bar = threading.Barrier(4)
def go(u, i, kind):
    bar.wait(); r = roles[u].post(f"/api/plans/{P}/{kind}", json={"comment": f"{u}同意 #{i}"}); res[(u, i, kind)] = (r.status_code, r.text[:160])
ts = [threading.Thread(target=go, args=(u, i, k)) for u, i, k in (("leader", 1, "approve"), ("leader", 2, "approve"), ("leader2", 3, "approve"), ("leader2", 4, "reject"))]
[t.start() for t in ts]; [t.join() for t in ts]
for k, v in sorted(res.items()): print("race", k, v)
print("state:", roles["viewer"].get(f"/api/plans/{P}").json()["state"])
print("comments:", roles["viewer"].get(f"/api/plans/{P}/comments").text[:800])
