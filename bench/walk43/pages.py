"""cookie-session: fetch pages, strip tags, list text runs that are English only (no CJK) — what a Chinese user sees"""
import httpx, re, html, sys
BASE = 'http://127.0.0.1:8943'
def session(u):
    c = httpx.Client(base_url=BASE, timeout=120, follow_redirects=False)
    r = c.get('/login'); m = re.search(r'name="csrf_token" value="([^"]+)"', r.text)
    data = {'username': u, 'password': 'Walk43-Qz7-pass!'}
    if m: data['csrf_token'] = m.group(1)
    r = c.post('/login', data=data)
    assert r.status_code in (302, 303), (r.status_code, r.text[:300])
    return c
def runs(t):
    t = re.sub(r'<(script|style)[^>]*>.*?</\1>', ' ', t, flags=re.S)
    parts = [html.unescape(x).strip() for x in re.split(r'<[^>]+>', t)]
    return [p for p in parts if p]
CJK = re.compile(r'[\u4e00-\u9fff]')
if __name__ == '__main__':
    c = session(sys.argv[1])
    for path in sys.argv[2:]:
        r = c.get(path)
        rs = runs(r.text)
        eng = [p for p in rs if not CJK.search(p) and re.search(r'[A-Za-z]{4,}', p) and not re.fullmatch(r'[\w\-.;:/#@ ]*\d[\w\-.;:/ ]*', p)]
        print('=====', path, r.status_code, 'runs', len(rs), 'english-only', len(eng))
        seen = set()
        for e in eng:
            if e not in seen: seen.add(e); print('   ', e[:160])
            if len(seen) > 40: break
