"""tiny API client for walk43 (port 8943)"""
import httpx, json, sys
BASE = "http://127.0.0.1:8943"
PW = "Walk43-Qz7-pass!"
_tok = {}
def tok(u):
    if u not in _tok:
        r = httpx.post(BASE + "/api/auth/token", data={"username": u, "password": PW}, timeout=60)
        r.raise_for_status(); _tok[u] = r.json()["access_token"]
    return _tok[u]
def req(method, path, user=None, **kw):
    h = kw.pop("headers", {})
    if user: h["Authorization"] = "Bearer " + tok(user)
    return httpx.request(method, BASE + path, headers=h, timeout=600, **kw)
def get(path, user=None, **kw): return req("GET", path, user, **kw)
def post(path, user=None, **kw): return req("POST", path, user, **kw)
def pj(r, n=4000):
    try: print(r.status_code, json.dumps(r.json(), ensure_ascii=False, indent=1)[:n])
    except Exception: print(r.status_code, r.text[:n])
