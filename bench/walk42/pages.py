"""cookie-session client for the pages"""
import httpx, re
BASE = 'http://127.0.0.1:8842'
def session(u):
    c = httpx.Client(base_url=BASE, timeout=120, follow_redirects=False)
    r = c.get('/login'); m = re.search(r'name="csrf_token" value="([^"]+)"', r.text)
    data = {'username': u, 'password': f'{u}-demo'}
    if m: data['csrf_token'] = m.group(1)
    r = c.post('/login', data=data)
    assert r.status_code in (302, 303), (r.status_code, r.text[:300])
    return c
