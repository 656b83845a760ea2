"""Build a plan folder from the year board's current visits (GET /api/plans/1/year/visits) and run `inspection check` on it."""
import csv, json, shutil, subprocess, os, sys
from h import api
P = int(sys.argv[1]) if len(sys.argv) > 1 else 1
p = api("planner")
vs = p.get(f"/api/plans/{P}/year/visits", params={"limit": 1000}).json()["visits"]
out = f"current{P}"; shutil.rmtree(out, ignore_errors=True); os.makedirs(out)
for f in ("selection.csv", "plan.json", "explain.json", "officer_draw.json"): shutil.copy(f"plan{P}/{f}", out)
cols = ["visit_id", "date", "enterprise_id", "district_code", "mode", "lead_agency_id", "agency_ids", "item_ids", "officer_ids", "basis", "trigger_id", "tier"]
st = {}
with open(f"{out}/visits.csv", "w", newline="", encoding="utf-8") as fh:
    w = csv.writer(fh); w.writerow(cols)
    for v in sorted(vs, key=lambda v: (v["date"], v["visit_id"])):
        st[v["status"]] = st.get(v["status"], 0) + 1
        if v["status"] in ("cancelled",): continue
        w.writerow([v[c] for c in cols])
print("statuses", st)
env = dict(os.environ, PYTHONPATH="/tmp/web40", INSPECTION_SHARED="/work/shared")
r = subprocess.run(["nice", "-n", "10", "/work/main/.venv/bin/python", "-m", "inspection.cli", "check", "/tmp/web40/demo-out/bundle", out], env=env, capture_output=True, text=True)
print("check rc", r.returncode); print(r.stdout[-3000:], r.stderr[-1500:])
