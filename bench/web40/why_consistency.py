"""Compare /api/plans/{id}/enterprises/{eid}/why with selection.csv and visits.csv for every enterprise."""
import csv, sys, collections, re
from h import api
P, d = int(sys.argv[1]), sys.argv[2]
a = api("viewer")
sel = list(csv.DictReader(open(f"{d}/selection.csv", encoding="utf-8")))
vis = collections.defaultdict(list)
for v in csv.DictReader(open(f"{d}/visits.csv", encoding="utf-8")): vis[v["enterprise_id"]].append(v)
probs = collections.Counter(); ex = {}
for s in sel:
    j = a.get(f"/api/plans/{P}/enterprises/{s['enterprise_id']}/why").json()
    def bad(k, msg):
        probs[k] += 1; ex.setdefault(k, (s["enterprise_id"], msg))
    if str(j.get("selected")).lower() != s["selected"]: bad("selected", (j.get("selected"), s["selected"]))
    if j.get("basis") != s["basis"]: bad("basis", (j.get("basis"), s["basis"]))
    if str(j.get("draw_rank") or "") != s["draw_rank"]: bad("draw_rank", (j.get("draw_rank"), s["draw_rank"]))
    if j.get("tier") != s["tier"]: bad("tier", (j.get("tier"), s["tier"]))
    if f"{j.get('risk_score'):.6f}" != f"{float(s['risk_score']):.6f}": bad("risk", (j.get("risk_score"), s["risk_score"]))
    if j.get("reason_zh") != s["reason_zh"]: bad("reason_zh", (j.get("reason_zh")[:120], s["reason_zh"][:120]))
    if j.get("reason_en") != s["reason_en"]: bad("reason_en", (j.get("reason_en")[:120], s["reason_en"][:120]))
    if not re.search(r"R-[A-Z]", s["reason_zh"]): bad("no_rule_id_zh", s["reason_zh"][:150])
    if len(j.get("visits", [])) != int(s["visits_planned"]): bad("visits_planned", (len(j.get("visits", [])), s["visits_planned"]))
    jv = sorted((v.get("visit_id"), v.get("date")) for v in j.get("visits", []))
    cv = sorted((v["visit_id"], v["date"]) for v in vis[s["enterprise_id"]])
    if jv != cv: bad("visits", (jv[:3], cv[:3]))
    if len(vis[s["enterprise_id"]]) != int(s["visits_planned"]): bad("sel_vs_visits_csv", (s["visits_planned"], len(vis[s["enterprise_id"]])))
print(len(sel), "enterprises; problems:", dict(probs))
for k, v in ex.items(): print(k, v)
