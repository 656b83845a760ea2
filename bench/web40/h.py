"""helpers for web40: logged-in clients (cookie + csrf) and bearer tokens."""
import re, httpx
B = "http://127.0.0.1:8740"
def page_client(user, pw=None):
    c = httpx.Client(base_url=B, follow_redirects=False, timeout=120)
    r = c.post("/login", data={"username": user, "password": pw or f"{user}-demo"})
    assert r.status_code in (200, 302, 303), (r.status_code, r.text[:300])
    r = c.get("/")
    m = re.search(r'name="csrf-token" content="([^"]*)"', r.text)
    c.csrf = m.group(1) if m else ""
    return c
def token(user, pw=None):
    r = httpx.post(B + "/api/auth/token", data={"username": user, "password": pw or f"{user}-demo"})
    r.raise_for_status()
    return r.json()["access_token"]
def api(user, pw=None):
    return httpx.Client(base_url=B, headers={"Authorization": "Bearer " + token(user, pw)}, timeout=300)
