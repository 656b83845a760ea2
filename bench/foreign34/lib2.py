import requests, json, time, os
B="http://127.0.0.1:8835"
def tok(u):
    r=requests.post(B+"/api/auth/token",data={"username":u,"password":f"Fx34-{u}-pass!9"})
    r.raise_for_status(); return r.json()["access_token"]
_S={}
def S(u):
    if u not in _S:
        s=requests.Session(); s.headers["Authorization"]="Bearer "+tok(u); _S[u]=s
    return _S[u]
LOG=open("/tmp/foreign34/http2.log","a")
def call(u,m,p,**kw):
    s=S(u) if u else requests
    r=s.request(m,B+p,**kw)
    LOG.write(f"{time.strftime('%H:%M:%S')} {u} {m} {p} {json.dumps(kw.get('json'),ensure_ascii=False)[:300]} -> {r.status_code} {r.text[:400]}\n"); LOG.flush()
    return r
