#!/usr/bin/env python3
"""judge self-test: hand-made broken copies of plans/w5 (mut/NAME); each must be caught by judge.py"""
import csv, os, shutil, json, sys
SRC = "plans/w5"
B = "bundles/w5"
root = "mut"
shutil.rmtree(root, ignore_errors=True)
os.makedirs(root)

def load(p):
    with open(p, encoding="utf-8", newline="") as f:
        r = list(csv.DictReader(f))
    return r

def save(p, rows):
    with open(p, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
        w.writeheader(); w.writerows(rows)

def mk(name, fn, expect):
    d = os.path.join(root, name)
    shutil.copytree(SRC, d)
    V = load(f"{d}/visits.csv"); S = load(f"{d}/selection.csv"); P = json.load(open(f"{d}/plan.json"))
    fn(V, S, P, d)
    save(f"{d}/visits.csv", V); save(f"{d}/selection.csv", S); json.dump(P, open(f"{d}/plan.json", "w"), ensure_ascii=False)
    return name, expect

muts = []
def on(V, pred):
    return next(v for v in V if pred(v))
# 1 Sunday
muts.append(mk("m01_sunday", lambda V,S,P,d: on(V, lambda v: v["mode"]=="onsite").__setitem__("date", "2027-03-07"), "R-WORKDAY"))
# 2 lone officer
def m2(V,S,P,d):
    v = on(V, lambda v: v["mode"]=="onsite" and v["agency_ids"].count(";")==0)
    v["officer_ids"] = v["officer_ids"].split(";")[0]
muts.append(mk("m02_lone", m2, "R-PAIR"))
# 3 recused officer: swap in an officer recused -> w5 has no recusals; use officer of wrong team instead
def m3(V,S,P,d):
    v = on(V, lambda v: v["mode"]=="onsite" and v["agency_ids"]=="hb" and v["district_code"]=="620902")
    v["officer_ids"] = "hb-620921-00;hb-620921-01"
muts.append(mk("m03_foreign_team", m3, "R-TEAM"))
# 4 trigger deleted
def m4(V,S,P,d):
    i = next(i for i,v in enumerate(V) if v["basis"]=="triggered"); del V[i]
muts.append(mk("m04_trigger_dropped", m4, "R-TRIGGER"))
# 5 draw_rank swap
def m5(V,S,P,d):
    a = [s for s in S if s["draw_rank"] in ("1","2") and s["tier"]=="B"]
    a[0]["draw_rank"], a[1]["draw_rank"] = a[1]["draw_rank"], a[0]["draw_rank"]
muts.append(mk("m05_rank_swap", m5, "R-SAMPLE"))
# 6 tier D firm relabelled C
def m6(V,S,P,d):
    s = next(s for s in S if s["tier"]=="D"); s["tier"]="C"
    for v in V:
        if v["enterprise_id"]==s["enterprise_id"]: v["tier"]="C"
muts.append(mk("m06_tier", m6, "R-TIER"))
# 7 remote check turned onsite for a B firm with only remote items -> R-REMOTE
def m7(V,S,P,d):
    v = on(V, lambda v: v["mode"]=="remote"); v["mode"]="onsite"
muts.append(mk("m07_needless_onsite", m7, "R-REMOTE"))
# 8 extra mandatory entry next day (gap + joint)
def m8(V,S,P,d):
    v = dict(on(V, lambda v: v["basis"]=="mandatory" and v["mode"]=="onsite")); v["visit_id"]+="X"
    import datetime as dt
    v["date"] = (dt.date.fromisoformat(v["date"]) + dt.timedelta(days=1 if dt.date.fromisoformat(v["date"]).weekday()<4 else 3)).isoformat()
    V.append(v)
muts.append(mk("m08_extra_entry", m8, "R-GAP"))
# 9 hand-picked officer (swap officers within team for another eligible one)
def m9(V,S,P,d):
    v = on(V, lambda v: v["agency_ids"]=="um" and v["mode"]=="onsite")
    offs = v["officer_ids"].split(";")
    allum = [f"um-620900-0{k}" for k in range(4)]
    v["officer_ids"] = ";".join([offs[0]] + [o for o in allum if o not in offs][:1])
muts.append(mk("m09_handpicked", m9, "R-OFFICER-DRAW"))
# 10 sampled beyond places: mark a capacity firm sampled (also visits_planned mismatch)
def m10(V,S,P,d):
    s = next(s for s in S if s["basis"]=="not_drawn" and s["tier"]=="A"); s["basis"]="sampled"
muts.append(mk("m10_extra_sampled", m10, "R-SAMPLE"))
# 11 item of another agency
def m11(V,S,P,d):
    v = on(V, lambda v: v["agency_ids"]=="hb" and v["mode"]=="onsite"); v["item_ids"] += ";gas-s"
muts.append(mk("m11_foreign_item", m11, "R-ITEM"))
json.dump(dict(muts), open(f"{root}/expected.json","w"), indent=1)
print(muts)
