"""POST every corpus file to /api/bundles as planner; snapshot the DB and data dir around each."""
import sys, json, sqlite3, pathlib, hashlib, os
from h import api
DB = "/tmp/web40/demo-out/inspection.db"; DATA = pathlib.Path("/tmp/web40/demo-out/data")
def snap():
    c = sqlite3.connect(f"file:{DB}?mode=ro", uri=True)
    t = {n: c.execute(f'select count(*) from "{n}"').fetchone()[0] for (n,) in c.execute("select name from sqlite_master where type='table'") if n not in ("token", "audit_event")}
    c.close()
    t["files"] = sum(1 for _ in DATA.rglob("*"))
    return t
if __name__ == "__main__":
  a = api("planner")
  names = sys.argv[1:] or sorted(p.name for p in pathlib.Path("corpus").iterdir())
  res = {}
  for n in names:
      before = snap()
      p = pathlib.Path("corpus") / n
      ct = "application/zip" if n.endswith(".zip") else ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" if n.endswith(".xlsx") else "text/plain")
      r = a.post("/api/bundles", files={"file": (n, p.read_bytes(), ct)})
      after = snap()
      try: j = r.json()
      except Exception: j = {"raw": r.text[:300]}
      changed = {k: (before[k], after[k]) for k in before if before[k] != after.get(k)}
      errs = j.get("errors") if isinstance(j, dict) else None
      print(f"== {n}: {r.status_code} changed={changed}")
      if isinstance(j, dict):
          print("   zh:", str(j.get("message_zh"))[:200]); print("   en:", str(j.get("message_en"))[:200])
          if errs: 
              print(f"   errors[{len(errs)}]:"); [print("    ", json.dumps(e, ensure_ascii=False)[:300]) for e in errs[:4]]
          if r.status_code == 201: print("   ", json.dumps(j, ensure_ascii=False)[:300])
      res[n] = {"status": r.status_code, "changed": changed, "body": j}
  json.dump(res, open("upload_results.json", "a"), ensure_ascii=False, default=str); open("upload_results.json","a").write("\n")
