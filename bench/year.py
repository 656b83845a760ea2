"""`make bench` (issue 11): the year in motion on the city preset.

- insertion of one trigger into the approved plan: p95 of the 3 best slots (target ≤ 1 s) and of slots + apply
  (target ≤ 5 s), measured on 60 triggers spread over the year on the freshly approved plan;
- re-staffing after a two-week leave of the 5 busiest officers (target ≤ 10 s), then the five withdrawn as entered by
  mistake (撤销误登记; the same target): how many visits came back as they were, and 0 unlawful visits after;
- the simulated city year, planning included (target ≤ 15 min, 0 pinned visits moved, median moves ≤ 2,
  every deadline met where capacity allows).

Usage: python bench/year.py [--preset city] [--seed 1] [--work DIR] [--greedy]
Wall times are machine-dependent and noisy on a shared machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))] if xs else 0.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--preset", default="city")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--greedy", action="store_true", help="plan with the greedy planner (faster, for a quick look)")
    ap.add_argument("--time-limit", type=float, default=2.0)
    a = ap.parse_args()

    from bundle import load_bundle
    from execution import Year
    from execution.insert import apply, propose
    from execution.replan import officer_unavailable, snap, withdraw_absence
    from execution.simulate import SimOptions, extend_calendar, make_plan_folder, simulate_year
    from execution.year import Trigger
    from scenarios import generate

    work = a.work or Path(tempfile.mkdtemp(prefix="bench-year-"))
    bundle = work / "bundle"
    if not bundle.exists():
        generate(a.preset, work, seed=a.seed)
    print(f"## The year in motion ({a.preset}, seed {a.seed}; {work})")
    t0 = time.perf_counter()
    b = load_bundle(bundle)
    extend_calendar(b)
    plan_dir = work / "plan"
    if not (plan_dir / "visits.csv").exists():
        make_plan_folder(b, plan_dir, SimOptions(greedy=a.greedy, time_limit=a.time_limit))
    plan_s = time.perf_counter() - t0

    # insertion on the freshly approved plan
    y = Year.from_folder(b, plan_dir)
    ents = sorted(y.reg.enterprises)
    slot_s, total_s, moves, pinned_moved, placed = [], [], [], 0, 0
    for i in range(60):
        e = ents[(i * 7919) % len(ents)]
        agencies = sorted({it["agency_id"] for it in y.reg.items.values() if y.reg.enterprises[e]["sector"] in it["sectors"]})
        if not agencies:
            continue
        today = y.reg.workdays[5 + (i * 4) % 230]
        t = Trigger(f"B{i:04d}", e, agencies[i % len(agencies)], today, "complaint", urgent=i % 5 == 0)
        pinned = {vid: v.date for vid, v in y.visits.items() if v.status != "cancelled" and y.pinned(v, today)}
        t1 = time.perf_counter()
        slots = propose(y, t, today)
        slot_s.append(time.perf_counter() - t1)
        if slots:
            apply(y, t, slots[0], today, "bench")
            placed += 1
            moves.append(len(slots[0].moves) + len(slots[0].displaced))
        total_s.append(time.perf_counter() - t1)
        pinned_moved += sum(1 for vid, d in pinned.items() if y.visits[vid].date != d)
    print(f"insertion: {placed}/{len(slot_s)} placed · 3 slots p95 {p95(slot_s):.3f} s (target ≤ 1 s) · slots+apply p95 {p95(total_s):.3f} s "
          f"(target ≤ 5 s) · moved median {statistics.median(moves) if moves else 0} (≤ 2) · pinned moved {pinned_moved} (= 0)")

    # two weeks of leave for the 5 busiest officers, entered on 1 March
    y = Year.from_folder(b, plan_dir)
    today = dt.date(y.reg.year, 3, 1)
    start, end = today + dt.timedelta(days=1), today + dt.timedelta(days=14)
    busy = Counter(o for v in y.visits.values() if start <= v.date <= end for o in v.officer_ids)
    before = {vid: snap(v) for vid, v in y.visits.items()}
    t1 = time.perf_counter()
    res = [officer_unavailable(y, o, start, end, today, "bench") for o, _ in busy.most_common(5)]
    restaff_s = time.perf_counter() - t1
    print(f"re-staffing: 5 officers × 2 weeks: {sum(len(r.restaffed) for r in res)} re-staffed, {sum(len(r.moved) for r in res)} moved, "
          f"{sum(len(r.shortfalls) for r in res)} shortfalls in {restaff_s:.3f} s (target ≤ 10 s)")
    # the same five withdrawn, the latest first, a day later (as entered by mistake)
    touched = {vid for r in res for vid in [*r.restaffed, *(m["visit_id"] for m in r.moved), *(s["id"] for s in r.shortfalls)]}
    t1 = time.perf_counter()
    back = [withdraw_absence(y, n, today + dt.timedelta(days=1), "bench", "bench: entered by mistake") for n in range(len(res), 0, -1)]
    withdraw_s = time.perf_counter() - t1
    same = sum(1 for vid in touched if {k: x for k, x in snap(y.visits[vid]).items() if k != "reason"}
               == {k: x for k, x in before[vid].items() if k != "reason"})
    kept = Counter(k["rule"] for w in back for k in w.kept)
    unlawful = sum(1 for v in y.visits.values() if v.status in ("planned", "notified") and v.date > today and y.lawful(v))
    print(f"withdrawn: 5 absences: {sum(len(w.restored) for w in back)} put back, {sum(kept.values())} kept "
          f"({', '.join(f'{r} {n}' for r, n in kept.most_common())}); {same} of {len(touched)} touched visits as before the leave; "
          f"unlawful after {unlawful} (= 0) in {withdraw_s:.3f} s (target ≤ 10 s)")

    # the simulated year (the plan above is reused; its making is counted in)
    t1 = time.perf_counter()
    truth = work / "truth.csv"
    rep = simulate_year(bundle, work / "year", truth if truth.exists() else None, SimOptions(seed=a.seed, plan_dir=plan_dir))
    sim_s = time.perf_counter() - t1 + plan_s
    detail = json.loads((work / "year" / "year-detail.json").read_text(encoding="utf-8"))
    late = sum(c["late"] for c in rep["deadlines"].values())
    print(f"simulated year: {sim_s:.0f} s incl. planning {plan_s:.0f} s (target ≤ 900 s) · visits {rep['visits_planned']} planned, "
          f"{rep['visits_done']} done · triggers {detail['triggers']}: {rep['inserted']} inserted, {len(detail['insert_shortfalls'])} shortfalls "
          f"({detail['displaced']} sampled/mandatory visits gave way, R-PRIORITY) · insert p95 {rep['insert_seconds_p95']} s · "
          f"pinned moved {rep['pinned_moved']} · moved median {rep['moved_median']} · replanned {rep['replanned']} · "
          f"deadlines late {late} of {sum(c['due'] for c in rep['deadlines'].values())} · case reviews {rep['case_reviews']}")
    print(json.dumps(rep, ensure_ascii=False))


if __name__ == "__main__":
    main()
