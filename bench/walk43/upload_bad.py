"""upload each bad bundle; print errors; check DB tables/data dir unchanged"""
import sqlite3, os, json, sys
from h import *
DB = "/tmp/walk43/w/inspection.db"
def snap():
    c = sqlite3.connect(f"file:{DB}?mode=ro", uri=True)
    t = [r[0] for r in c.execute("select name from sqlite_master where type='table'")]
    s = {x: c.execute(f'select count(*) from "{x}"').fetchone()[0] for x in t}
    c.close()
    files = sum(len(f) for _, _, f in os.walk("/tmp/walk43/w/data"))
    return s, files
names = sys.argv[1:]
for n in names:
    p = f"/tmp/walk43/w/bad/{n}" if "/" not in n else n
    if not p.endswith((".zip", ".xlsx")): p += ".zip"
    b0 = snap()
    ct = "application/zip" if p.endswith(".zip") else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    r = post("/api/bundles", "planner", files={"file": (os.path.basename(p), open(p, "rb"), ct)})
    b1 = snap()
    print("=====", n, r.status_code)
    try:
        d = r.json()
    except Exception:
        print(r.text[:2000]); continue
    if r.status_code >= 400:
        print("message_zh:", d.get("message_zh")); print("message_en:", d.get("message_en"))
        for e in d.get("errors", [])[:12]:
            print("  ", json.dumps(e, ensure_ascii=False))
        if len(d.get("errors", [])) > 12: print("   ... total", len(d["errors"]))
    else:
        print({k: d[k] for k in ("id", "existing", "input_sha256")}, d.get("counts", {}).get("enterprises"))
    diff = {k: (b0[0].get(k), v) for k, v in b1[0].items() if b0[0].get(k) != v}
    print("stored changes:", diff, "files", b0[1], "->", b1[1])
