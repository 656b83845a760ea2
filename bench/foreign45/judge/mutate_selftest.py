"""Self-test of the judge: plant known violations in a copy of a plan and confirm each is caught."""
import csv, shutil, subprocess, sys, json, os
B, P = sys.argv[1], sys.argv[2]
tmp = "/tmp/foreign45/mut"
def load():
    return list(csv.DictReader(open(f"{P}/visits.csv", encoding="utf-8")))
def write(rows, d):
    shutil.rmtree(d, ignore_errors=True); shutil.copytree(P, d)
    with open(f"{d}/visits.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys())); w.writeheader(); w.writerows(rows)
rec = list(csv.DictReader(open(f"{B}/recusals.csv", encoding="utf-8")))
offs = {r["officer_id"]: r for r in csv.DictReader(open(f"{B}/officers.csv", encoding="utf-8"))}
muts = {}
v = load(); i = next(k for k, r in enumerate(v) if r["mode"] == "onsite"); v[i]["date"] = "2027-10-04"; muts["holiday"] = (v, "R-WORKDAY")
v = load(); i = next(k for k, r in enumerate(v) if r["mode"] == "onsite")
aux = next(o for o, r in offs.items() if r["role"] == "auxiliary" and r["team_id"] == offs[v[i]["officer_ids"].split(";")[0]]["team_id"])
o = v[i]["officer_ids"].split(";"); o[1] = aux; v[i]["officer_ids"] = ";".join(o); muts["auxiliary_counts"] = (v, "R-PAIR/R-CERT")
v = load(); i = next(k for k, r in enumerate(v) if r["basis"] in ("mandatory", "sampled") and r["mode"] == "onsite")
import datetime as dt
cal = [r["date"] for r in csv.DictReader(open(f"{B}/calendar.csv")) if r["workday"] == "true"]
near = next(d for d in cal if d > str(dt.date.fromisoformat(v[i]["date"]) + dt.timedelta(days=10))) if v[i]["date"] < "2027-11-01" else next(d for d in reversed(cal) if d < str(dt.date.fromisoformat(v[i]["date"]) - dt.timedelta(days=10)))
dup = dict(v[i]); dup["visit_id"] = "VDUP"; dup["date"] = near; v.append(dup); muts["extra_entry_gap"] = (v, "R-GAP")
v = load(); i = next(k for k, r in enumerate(v) if r["mode"] == "onsite")
e = v[i]["enterprise_id"]; o = v[i]["officer_ids"].split(";")[0]
rec_path = None
v[i]["item_ids"] = v[i]["item_ids"] + ";re-s"; muts["foreign_item"] = (v, "R-ITEM")
v = load(); i = next((k for k, r in enumerate(v) if r["basis"] == "triggered"), None)
if i is not None:
    v[i]["date"] = "2027-12-31" if v[i]["date"] < "2027-11-01" else "2027-01-04"; muts["trigger_late"] = (v, "R-TRIGGER")
ok = True
for name, (rows, rule) in muts.items():
    d = f"{tmp}/{name}"; write(rows, d)
    out = subprocess.run([sys.executable, "judge.py", B, d, "--json", f"{d}/j.json"], capture_output=True, text=True)
    fs = json.load(open(f"{d}/j.json"))["findings"]
    hit = any(f["rule"].startswith(rule.split("/")[0]) or f["rule"] == rule for f in fs)
    print(f"{name:18s} expect {rule:14s} caught={hit}")
    ok &= hit
print("SELFTEST", "PASS" if ok else "FAIL")
