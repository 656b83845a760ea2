#!/usr/bin/env python3
"""foreign43 judge of a simulated year: judge_year.py BUNDLE YEARDIR
Reads YEARDIR/year-state.json and YEARDIR/next-bundle/. Never imports the product."""
import csv
import json
import os
import sys
from collections import Counter, defaultdict
from datetime import date, timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from judge import Bundle, D, lst, truthy  # noqa: E402


def main():
    bdir, ydir = sys.argv[1], sys.argv[2]
    b = Bundle(bdir)
    P = b.policy
    s = json.load(open(os.path.join(ydir, "year-state.json"), encoding="utf-8"))
    V, W, info = [], [], {}
    k = int(P["officers_per_agency_on_visit"])
    visits = {v["visit_id"]: v for v in s["visits"]}
    # 1. codes
    codes = [v.get("code") for v in s["visits"]]
    if any(not c for c in codes):
        V.append(("R-CODE", f"{sum(1 for c in codes if not c)} visits without code"))
    dup = [c for c, n in Counter(codes).items() if c and n > 1]
    if dup:
        V.append(("R-CODE", f"duplicate codes {dup[:5]}"))
    info["visits"] = len(visits)
    info["status"] = dict(Counter(v["status"] for v in s["visits"]))
    # 2. records
    away = defaultdict(set)
    for o, days in s.get("extra_away", {}).items():
        for d in days:
            away[o].add(D(d))
    rec_by = {}
    for r in s["records"]:
        vid = r["visit_id"]
        rec_by[vid] = r
        v = visits.get(vid)
        if not v:
            V.append(("R-RECORD", f"record of unknown visit {vid}"))
            continue
        d = D(r["date"])
        if not b.is_wd(d) or d.year != b.year:
            V.append(("R-WORKDAY", f"{vid} recorded on {d}, not a working day"))
        offs = r["officer_ids"]
        by_ag = defaultdict(list)
        for o in offs:
            if o not in b.off:
                V.append(("R-RECORD", f"{vid}: unknown officer {o}"))
                continue
            by_ag[b.off[o]["agency"]].append(o)
            if not b.available(o, d) or d in away[o]:
                V.append(("R-AVAIL", f"{vid} {d}: {o} is away that day but recorded present"))
            if (o, v["enterprise_id"]) in b.recuse:
                V.append(("R-RECUSE", f"{vid}: {o} recused"))
        if v["mode"] == "onsite":
            for a in lst(v["agency_ids"]):
                c = [o for o in by_ag.get(a, []) if b.certified(o, d)]
                if len(c) < k:
                    V.append(("R-PAIR", f"{vid} {d}: {a} only {len(c)} certified officers present {by_ag.get(a)}"))
        if r.get("breaches"):
            W.append(("R-RECORD", f"{vid}: breaches {r['breaches']}"))
    # 3. deadlines
    ms = s.get("milestones", {})
    late = Counter()
    beyond = 0
    for vid, m in ms.items():
        r = rec_by.get(vid)
        if not r:
            continue
        d = D(r["date"])
        if "feedback" in m and D(m["feedback"]) > b.nth_wd_after(d, int(P["feedback_within_workdays"])):
            late["feedback"] += 1
        if "transfer" in m and D(m["transfer"]) > b.nth_wd_after(d, int(P["transfer_within_workdays"])):
            late["transfer"] += 1
        if "transfer_feedback" in m and "transfer_decision" in m and \
                D(m["transfer_feedback"]) > b.nth_wd_after(D(m["transfer_decision"]), int(P["transfer_feedback_within_workdays"])):
            late["transfer_feedback"] += 1
        if "publish" in m and D(m["publish"]) > b.nth_wd_after(d, int(P["publish_results_within_workdays"])):
            late["publish"] += 1
        if "rectified" in m and D(m["rectified"]) > date(b.year, 12, 31):
            beyond += 1
    for kk, n in late.items():
        V.append(("R-DEADLINE", f"{n} {kk} milestones past their working-day deadline"))
    info["rectified_after_year_end"] = beyond
    # 4. triggers: every triggered visit within its window
    trig = {t["trigger_id"]: t for t in s["triggers"]}
    sf_ids = set(x.get("id") for x in s.get("shortfalls", []))
    served = defaultdict(list)
    for v in s["visits"]:
        if v["basis"] == "triggered" and v["status"] != "cancelled":
            served[v["trigger_id"]].append(v)
    out_win = 0
    for tid, t in trig.items():
        rec = D(t["received_on"])
        n = int(P["urgent_within_workdays"] if t.get("urgent") else P["trigger_within_workdays"])
        dl = b.nth_wd_after(rec, n)
        vs = served.get(tid, [])
        for v in vs:
            d = D(rec_by[v["visit_id"]]["date"]) if v["visit_id"] in rec_by else D(v["date"])
            if not (rec <= d <= dl):
                out_win += 1
                V.append(("R-INSERT" if tid.startswith("S") else "R-TRIGGER", f"{v['visit_id']} for {tid} on {d}, window {rec}..{dl}"))
        if not vs and tid.startswith("S") and tid not in sf_ids:
            V.append(("R-INSERT", f"in-year trigger {tid} neither inserted nor a shortfall"))
    info["in_year_triggers"] = sum(1 for t in trig if t.startswith("S"))
    # 5. moves per version <= max_moved_visits (insert versions), pinned never moved
    mx = int(P["max_moved_visits"])
    for ver in s["versions"]:
        mv = [c for c in ver["changes"] if c.get("action") == "move"]
        if ver["kind"] == "insert" and len(mv) > mx:
            V.append(("R-INSERT", f"version {ver['number']}: {len(mv)} moves > {mx}"))
        if ver["kind"] != "insert" and mv:
            W.append(("R-REPLAN", f"version {ver['number']} ({ver['kind']}): {len(mv)} moves (max_moved_visits={mx} applies to insertions only?)"))
    # 6. next bundle whole: every done agency-visit in inspections.csv
    nb = os.path.join(ydir, "next-bundle")
    need = set(["agencies", "enterprises", "items", "officers", "teams"])
    have = set(f[:-4] for f in os.listdir(nb) if f.endswith(".csv"))
    if not need <= have:
        V.append(("R-LEARN", f"next-bundle lacks {sorted(need - have)}"))
    rows = list(csv.DictReader(open(os.path.join(nb, "inspections.csv"), encoding="utf-8-sig")))
    got = set((r["enterprise_id"], r["agency_id"], r["inspected_on"]) for r in rows)
    miss = 0
    for v in s["visits"]:
        if v["status"] != "done":
            continue
        d = rec_by[v["visit_id"]]["date"] if v["visit_id"] in rec_by else v["date"]
        for a in lst(v["agency_ids"]):
            if (v["enterprise_id"], a, d) not in got:
                miss += 1
    if miss:
        V.append(("R-LEARN", f"{miss} done agency-visits missing from next-bundle/inspections.csv"))
    # rectified=true exported for deadlines after year end
    rt = [r for r in rows if r["inspected_on"].startswith(str(b.year)) and r["outcome"] in ("violation", "serious")]
    fut = [r for r in rt if r.get("rectified") == "true" and r.get("rectify_by", "") > f"{b.year}-12-31"]
    info["next_bundle_violations"] = len(rt)
    info["rectified_true_with_deadline_next_year"] = len(fut)
    if fut:
        W.append(("R-LEARN", f"{len(fut)} violations exported rectified=true whose rectify_by is after {b.year}-12-31, e.g. {fut[0]['inspection_id']}"))
    pol = json.load(open(os.path.join(nb, "policy.json")))
    info["next_policy"] = pol
    print("INFO", json.dumps(info, ensure_ascii=False))
    print("VIOLATIONS", dict(Counter(r for r, _ in V)))
    for r, m in V[:40]:
        print("  V", r, m)
    print("WARNINGS", dict(Counter(r for r, _ in W)))
    for r, m in W[:10]:
        print("  W", r, m)
    print("JUDGE-YEAR", "FAIL" if V else "PASS")
    sys.exit(1 if V else 0)


if __name__ == "__main__":
    main()
