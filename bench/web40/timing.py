"""Login timing: wrong password for an existing user vs an unknown user (few attempts: the throttle is 30/address/15 min)."""
import httpx, time, statistics
B = "http://127.0.0.1:8740"
def t(u):
    s = time.perf_counter(); r = httpx.post(B + "/api/auth/token", data={"username": u, "password": "wrong-password-xyz"}); return time.perf_counter() - s, r.status_code
res = {"existing": [], "unknown": []}
for i in range(6):
    res["existing"].append(t("viewer")); res["unknown"].append(t(f"nosuchuser{i}"))
for k, v in res.items(): print(k, [c for _, c in v], "median %.3f s" % statistics.median(x for x, _ in v), ["%.3f" % x for x, _ in v])
