#!/usr/bin/env python3
"""foreign44: judge simulate-year output (rules.md "The year in motion"). Never imports the product.
usage: judge_year.py BUNDLE PLAN YEARDIR"""
import csv, datetime as dt, hmac, hashlib, json, math, os, sys
from collections import Counter, defaultdict
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from judge import Judge, lst, D, tb, rd, lab

bdir, pdir, ydir = sys.argv[1:4]
J = Judge(bdir, pdir, slots=False)
P = J.pol
st = json.load(open(f"{ydir}/year-state.json", encoding="utf-8"))
rep = json.load(open(f"{ydir}/year-report.json", encoding="utf-8"))
errs, warns = [], []
E = lambda r, m: errs.append((r, m))
W = lambda r, m: warns.append((r, m))
work = J.work
wset = J.workset


def wd_add(day, n):
    later = [w for w in work if w > day]
    return later[n - 1] if len(later) >= n else None


extra = defaultdict(set)
for o, ds in st.get("extra_away", {}).items():
    for d in ds:
        extra[o].add(D(d))
susp = st.get("suspended", {})

visits = st["visits"]
recs = {r["visit_id"]: r for r in st["records"]}
# R-CODE
codes = Counter(v.get("code") for v in visits)
for v in visits:
    if not v.get("code"):
        E("R-CODE", f"{v['visit_id']} without code")
for c, n in codes.items():
    if c and n > 1:
        E("R-CODE", f"code {c} on {n} visits")
# records: R-PAIR on the day, presence, recusal, certificate
day_on, year_on, team_day = Counter(), Counter(), Counter()
done = [v for v in visits if v["status"] == "done"]
for v in done:
    r = recs.get(v["visit_id"])
    if not r:
        E("R-RECORD", f"{v['visit_id']} done without record")
        continue
    day = D(r["date"])
    if day not in wset:
        W("R-WORKDAY", f"{v['visit_id']} recorded on non-working day {day}")
    if r["date"] != v["date"] and not r.get("planned_on"):
        W("R-RECORD", f"{v['visit_id']} recorded {r['date']} but planned {v['date']}")
    offs = r["officer_ids"]
    ags = lst(v["agency_ids"])
    by = defaultdict(list)
    for o in offs:
        if o not in J.off:
            E("R-RECORD", f"{v['visit_id']} unknown officer {o}")
            continue
        by[J.teams[J.off[o]["team_id"]]["agency_id"]].append(o)
        if not J.present(o, day) or day in extra[o]:
            E("R-AVAIL", f"{v['visit_id']} {o} away on {day}")
        if (o, v["enterprise_id"]) in J.rec:
            E("R-RECUSE", f"{v['visit_id']} {o} recused")
        if J.off[o]["role"] == "enforcement" and not J.cert(o, day):
            E("R-CERT", f"{v['visit_id']} {o} certificate invalid {day}")
        if v["mode"] == "onsite":
            day_on[(o, day)] += 1
            year_on[o] += 1
    for a in ags:
        teams = {J.off[o]["team_id"] for o in by.get(a, [])}
        if len(teams) > 1:
            E("R-TEAM", f"{v['visit_id']} {a} from {teams}")
        for t in teams:
            if not J.team_ok(t, v["enterprise_id"]):
                E("R-TEAM", f"{v['visit_id']} team {t} outside district")
            team_day[(t, day)] += 1
        cert = [o for o in by.get(a, []) if J.cert(o, day)]
        if v["mode"] == "onsite" and len(cert) < J.k:
            E("R-PAIR", f"{v['visit_id']} {a}: {len(cert)} certified on {day}")
    for it in lst(v["item_ids"]):
        if it not in r.get("outcomes", {}):
            E("R-RECORD", f"{v['visit_id']} item {it} without outcome")
for (o, d), c in day_on.items():
    if c > int(P["max_visits_per_officer_per_day"]):
        W("R-AVAIL", f"{o} {c} on-site on {d} (executed)")
for o, c in year_on.items():
    if c > J.budget(o):
        W("R-AVAIL", f"{o} {c} on-site in the year > budget {J.budget(o)} (executed, incl. inserted)")
for (t, d), c in team_day.items():
    if c > int(J.teams[t]["max_visits_per_day"]):
        W("R-AVAIL", f"team {t} {c} visits on {d} (executed)")
# deadlines
ms = st.get("milestones", {})
ent = st.get("entered", {})
for v in done:
    r = recs.get(v["visit_id"])
    if not r:
        continue
    day = D(r["date"])
    m = dict(ms.get(v["visit_id"], {}))
    m.update(ent.get(v["visit_id"], {}))
    fb = m.get("feedback")
    lim = wd_add(day, int(P.get("feedback_within_workdays", 5)))
    if not fb:
        E("R-FEEDBACK", f"{v['visit_id']} no feedback")
    elif lim and D(fb) > lim:
        E("R-FEEDBACK", f"{v['visit_id']} feedback {fb} > {lim}")
    pub = m.get("publish")
    lim = wd_add(day, int(P.get("publish_results_within_workdays", 20)))
    if pub and lim and D(pub) > lim:
        E("R-PUBLISH", f"{v['visit_id']} published {pub} > {lim}")
    if not pub and (lim and lim.year == J.year):
        W("R-PUBLISH", f"{v['visit_id']} never published")
    bad = any(lab(x) in ("violation", "serious") for x in r.get("outcomes", {}).values())
    if bad:
        tr = m.get("transfer")
        lim = wd_add(day, int(P.get("transfer_within_workdays", 10)))
        if tr and lim and D(tr) > lim:
            E("R-TRANSFER", f"{v['visit_id']} transfer {tr} > {lim}")
        if m.get("transfer_decision") and m.get("transfer_feedback"):
            lim = wd_add(D(m["transfer_decision"]), int(P.get("transfer_feedback_within_workdays", 5)))
            if lim and D(m["transfer_feedback"]) > lim:
                E("R-TRANSFER", f"{v['visit_id']} transfer feedback late")
    if m.get("archive"):
        last = max(D(x) for k, x in m.items() if k not in ("archive",) and x)
        if (D(m["archive"]) - last).days > int(P.get("archive_within_days", 60)):
            E("R-ARCHIVE", f"{v['visit_id']} archived {m['archive']} > 60 days after {last}")
    for k, x in m.items():
        if x and D(x).year > J.year:
            W("R-DEADLINE", f"{v['visit_id']} milestone {k} {x} after the year")
# triggers inserted within window or shortfall
short_ids = {s.get("id") or s.get("trigger_id") for s in st.get("shortfalls", [])}
short_txt = json.dumps(st.get("shortfalls", []), ensure_ascii=False) + json.dumps(
    json.load(open(f"{ydir}/year-detail.json")).get("insert_shortfalls", []), ensure_ascii=False)
plan_short = json.dumps(J.plan.get("shortfalls", []), ensure_ascii=False)
for t in st.get("triggers", []):
    rec = D(t["received_on"])
    n = int(P["urgent_within_workdays"] if t.get("urgent") else P["trigger_within_workdays"])
    dl = wd_add(rec, n) or dt.date(J.year, 12, 31)
    vs = [v for v in visits if v.get("trigger_id") == t["trigger_id"] and v["status"] == "done"]
    ok = [v for v in vs if rec <= D(recs[v["visit_id"]]["date"] if v["visit_id"] in recs else v["date"]) <= dl]
    if not ok and t["trigger_id"] not in short_txt and t["trigger_id"] not in plan_short:
        E("R-INSERT", f"trigger {t['trigger_id']} ({t['agency_id']}, {rec}, to {dl}) done {[v['date'] for v in vs]}"
          f" and not a shortfall")
# moves per insertion
for ver in st.get("versions", []):
    if ver.get("kind") == "insert":
        moved = [c for c in ver.get("changes", []) if c.get("action") == "move"]
        if len(moved) > int(P.get("max_moved_visits", 3)):
            E("R-INSERT", f"version {ver['number']} moves {len(moved)} visits")
if rep.get("pinned_moved"):
    E("R-INSERT", f"pinned_moved = {rep['pinned_moved']}")
# planned visits after the year's changes still keep caps/gaps
ent_days = defaultdict(set)
ag_days = defaultdict(list)
for v in visits:
    if v["status"] == "cancelled" or v["basis"] not in ("mandatory", "sampled") or v["mode"] != "onsite":
        continue
    d = D(recs[v["visit_id"]]["date"]) if v["visit_id"] in recs else D(v["date"])
    ent_days[v["enterprise_id"]].add(d)
    for a in lst(v["agency_ids"]):
        ag_days[(v["enterprise_id"], a)].append(d)
for e, ds in ent_days.items():
    ds = sorted(ds)
    if len(ds) > int(P["max_entries_per_enterprise"]):
        W("R-CAP-ENTRY", f"{e} entered {len(ds)} days in the executed year")
    for x, y in zip(ds, ds[1:]):
        if (y - x).days < int(P["min_days_between_visits"]):
            W("R-GAP", f"{e} executed entries {x} {y}")
for (e, a), ds in ag_days.items():
    ds = sorted(ds)
    for x, y in zip(ds, ds[1:]):
        if (y - x).days < int(P["min_days_between_repeat_visits"]):
            W("R-GAP", f"{e} {a} executed repeat {x} {y}")
# case review redraw
seed = str(P["seed"]).encode()
arch = defaultdict(list)
for v in done:
    m = dict(ms.get(v["visit_id"], {}))
    m.update(ent.get(v["visit_id"], {}))
    if m.get("archive"):
        d = D(m["archive"])
        if d.year == J.year:
            arch[f"{d.year}Q{(d.month - 1) // 3 + 1}"].append(v["visit_id"])
for q, ids in sorted(arch.items()):
    keys = []
    for cid in ids:
        h = hmac.new(seed, f"case|{q}|{cid}".encode(), hashlib.sha256).digest()
        u = (int.from_bytes(h[:8], "big") + 0.5) / 2 ** 64
        keys.append((-math.log(u), cid))
    keys.sort()
    n = math.ceil(float(P.get("case_review_ratio", 0.1)) * len(ids) - 1e-9)
    exp = sorted(c for _, c in keys[:n])
    got = sorted(st.get("case_reviews", {}).get(q, []))
    if exp != got:
        W("R-CASE-REVIEW", f"{q}: {len(ids)} archived; expected {exp[:5]} got {got[:5]}")
# next-bundle holds every done agency-visit (R-LEARN)
nb = f"{ydir}/next-bundle"
ins = rd(f"{nb}/inspections.csv")
have = {(r["enterprise_id"], r["agency_id"], r["inspected_on"]) for r in ins}
miss = 0
for v in done:
    r = recs.get(v["visit_id"])
    for a in lst(v["agency_ids"]):
        if (v["enterprise_id"], a, r["date"] if r else v["date"]) not in have:
            miss += 1
if miss:
    E("R-LEARN", f"{miss} done agency-visits missing from next-bundle/inspections.csv")
for r in ins:
    if r["inspected_on"][:4] > str(J.year):
        E("R-LEARN", f"{r['inspection_id']} dated after the year")
c = Counter(r for r, _ in errs)
for r, m in errs[:80]:
    print("FAIL", r + ":", m)
for r, m in warns[:40]:
    print("warn", r + ":", m)
print(f"SUMMARY year {ydir}: {len(visits)} visits ({len(done)} done), report {json.dumps({k: rep[k] for k in ('visits_done', 'inserted', 'pinned_moved', 'replanned') if k in rep})}; "
      f"{len(errs)} violations {dict(c)}; {len(warns)} warnings {dict(Counter(r for r, _ in warns))}")
sys.exit(1 if errs else 0)
