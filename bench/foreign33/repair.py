#!/usr/bin/env python
"""Build a repaired plan: copy PLAN to OUT, add visits, drop visits; officers drawn by R-OFFICER-DRAW's HMAC order.
python repair.py BUNDLE PLAN OUT 'add:EID,DATE,AGENCY,MODE,BASIS,TEAM[,TRIGGER]' ... 'drop:VISIT_ID' ...
"""
import csv, json, os, shutil, sys, hmac, hashlib, datetime as dt
sys.path.insert(0, os.path.dirname(__file__))
from judge import Bundle, State, parse_visits, PLANNED

bundle, plan, out = sys.argv[1:4]
ops = sys.argv[4:]
B = Bundle(bundle)
shutil.rmtree(out, ignore_errors=True)
shutil.copytree(plan, out)
vs = parse_visits(plan)
drops = {o[5:] for o in ops if o.startswith("drop:")}
vs = [v for v in vs if v["visit_id"] not in drops]
for v in vs:
    v["teams"] = sorted({B.off[o]["team"] for o in v["officers"] if o in B.off})
st = State(B)
for v in vs:
    st.apply(v)
seed = json.load(open(os.path.join(plan, "plan.json"), encoding="utf-8"))["seed"]
sel = list(csv.DictReader(open(os.path.join(plan, "selection.csv"), encoding="utf-8-sig")))
selh = list(sel[0].keys())
od = json.load(open(os.path.join(plan, "officer_draw.json"), encoding="utf-8"))
for vid in drops:
    od["visits"].pop(vid, None)
n = 0
tier = {r["enterprise_id"]: r["tier"] for r in sel}
items_for = lambda eid, a: B.app[eid][a]
for o in ops:
    if not o.startswith("add:"):
        continue
    f = o[4:].split(",")
    eid, d, a, mode, basis, team = f[:6]
    trig = f[6] if len(f) > 6 else ""
    d = dt.date.fromisoformat(d)
    n += 1
    vid = f"VR{n:04d}"
    k = B.policy["officers_per_agency_on_visit"] if mode == "onsite" else 1
    elig = []
    for oid, x in B.off.items():
        if x["team"] != team or not B.certified(oid, d) or not B.present(oid, d) or (oid, eid) in B.recuse:
            continue
        if mode == "onsite" and (st.od_on[(oid, d)] >= B.policy["max_visits_per_officer_per_day"] or st.oy[oid] >= x["budget"]):
            continue
        if mode == "remote" and st.od_re[(oid, d)] >= B.policy["max_remote_checks_per_officer_per_day"]:
            continue
        elig.append(oid)
    order = sorted(elig, key=lambda oid: hmac.new(seed.encode(), f"officer|{vid}|{oid}".encode(), hashlib.sha256).digest())
    taken = order[:k]
    assert len(taken) == k, (o, elig)
    its = items_for(eid, a)
    if mode == "remote":
        its = [i for i in its if B.items[i]["remote"]]
    v = dict(visit_id=vid, date=str(d), enterprise_id=eid, district_code=B.ent[eid]["district_code"], mode=mode,
             lead_agency_id=a, agency_ids=a, item_ids=";".join(sorted(its)), officer_ids=";".join(taken), basis=basis,
             trigger_id=trig, tier=tier[eid])
    vs.append(dict(v, d=d, eid=eid, agencies=[a], items=its, officers=taken, teams=[team]))
    st.apply(vs[-1])
    od["visits"][vid] = {a: {"considered": order[:k], "skipped": [], "taken": taken, "team": team}}
    for r in sel:
        if r["enterprise_id"] == eid:
            r["selected"] = "true"
            if r["basis"] in ("capacity", "not_drawn", "exempt") or basis == "sampled":
                r["basis"] = basis
            r["visits_planned"] = str(int(r["visits_planned"] or 0) + 1)
    print("added", v)
cols = ["visit_id", "date", "enterprise_id", "district_code", "mode", "lead_agency_id", "agency_ids", "item_ids",
        "officer_ids", "basis", "trigger_id", "tier"]
vs.sort(key=lambda v: (v["date"], v["visit_id"]))
with open(os.path.join(out, "visits.csv"), "w", newline="", encoding="utf-8") as fh:
    w = csv.writer(fh)
    w.writerow(cols)
    for v in vs:
        w.writerow([v[c] for c in cols])
for vid in drops:
    for r in sel:
        pass
with open(os.path.join(out, "selection.csv"), "w", newline="", encoding="utf-8") as fh:
    w = csv.DictWriter(fh, selh)
    w.writeheader()
    w.writerows(sel)
json.dump(od, open(os.path.join(out, "officer_draw.json"), "w", encoding="utf-8"), ensure_ascii=False, indent=1)
