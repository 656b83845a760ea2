"""Hand mutations of plans/g4 into mut/*: each must be caught by judge.py."""
import csv, os, shutil, sys
src = "plans/g4"
def load():
    return list(csv.DictReader(open(os.path.join(src, "visits.csv"), encoding="utf-8")))
def save(name, rows):
    d = os.path.join("mut", name)
    if os.path.exists(d): shutil.rmtree(d)
    shutil.copytree(src, d)
    with open(os.path.join(d, "visits.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys())); w.writeheader(); w.writerows(rows)
    return d
muts = {}
r = load(); r[0]["date"] = "2027-01-09"; muts["m1_saturday"] = r          # R-WORKDAY (Saturday)
r = load(); i = next(k for k, v in enumerate(r) if v["mode"] == "onsite" and ";" in v["officer_ids"] and v["agency_ids"].count(";") == 0)
r[i]["officer_ids"] = r[i]["officer_ids"].split(";")[0]; muts["m2_lone_officer"] = r   # R-PAIR
r = load(); i = next(k for k, v in enumerate(r) if v["basis"] == "sampled" and v["mode"] == "onsite")
r[i]["item_ids"] = r[i]["item_ids"] + ";gas-s"; muts["m3_foreign_item"] = r   # R-ITEM
r = load(); i = next(k for k, v in enumerate(r) if v["basis"] == "triggered")
r[i]["date"] = "2027-12-31"; muts["m4_trigger_late"] = r   # R-TRIGGER
r = load(); vs = [v for v in r if v["basis"] == "mandatory"]
a, b = vs[0], vs[1]; b2 = dict(a); b2["visit_id"] = "VMUT1"; b2["date"] = (a["date"][:8] + "%02d" % (int(a["date"][8:]) + 1)) if int(a["date"][8:]) < 27 else a["date"]
r.append(b2); muts["m5_extra_entry_gap"] = r    # R-GAP / R-CAP
r = load(); i = next(k for k, v in enumerate(r) if v["basis"] == "follow_up")
del r[i]; muts["m6_drop_followup"] = r         # R-FOLLOW (no shortfall)
r = load(); i = next(k for k, v in enumerate(r) if v["mode"] == "onsite" and v["basis"] == "sampled")
offs = r[i]["officer_ids"].split(";"); r[i]["officer_ids"] = ";".join(offs[::-1][:1] + [o for o in offs[1:]]) ; 
# swap one officer with another certified officer of the same team not drawn
team = offs[0].rsplit("-", 1)[0]; alt = [team + "-%02d" % k for k in range(6) if team + "-%02d" % k not in offs][0]
r[i]["officer_ids"] = ";".join([alt] + offs[1:]); muts["m7_handpicked_officer"] = r   # R-OFFICER-DRAW
for n, rows in muts.items(): print(save(n, rows))
# selection mutation: swap draw ranks of two tier B firms
d = save("m8_draw_rank", load())
sel = list(csv.DictReader(open(os.path.join(src, "selection.csv"), encoding="utf-8")))
bs = [s for s in sel if s["tier"] == "B" and s["draw_rank"]]
bs[0]["draw_rank"], bs[1]["draw_rank"] = bs[1]["draw_rank"], bs[0]["draw_rank"]
with open(os.path.join(d, "selection.csv"), "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(sel[0].keys())); w.writeheader(); w.writerows(sel)
d = save("m9_tier", load())
sel = list(csv.DictReader(open(os.path.join(src, "selection.csv"), encoding="utf-8")))
import json
recs = list(csv.DictReader(open("bundles/g4/credit_records.csv", encoding="utf-8")))
jan = [x["enterprise_id"] for x in recs if x["recorded_on"] == "2027-01-20"][0]
for s in sel:
    if s["enterprise_id"] == jan: s["tier"] = "A"
with open(os.path.join(d, "selection.csv"), "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(sel[0].keys())); w.writeheader(); w.writerows(sel)
