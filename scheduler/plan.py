"""From a bundle to an annual plan: score, require, select, solve parts, top up, explain."""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field

from bundle import Bundle
from risk import Scores, score_bundle
from scheduler.requirements import PLANNED, TIER_LEVEL, Entry, Requirements, build_requirements
from scheduler.resources import Staff, build_parts, staff
from scheduler.select import Selection, select
from scheduler.solve import PartJob, PartResult, restore, solve_parts
from scheduler.state import PartState, Placed, Rules


@dataclass
class PlanOptions:
    time_limit: float = 3.0  # CP-SAT deterministic seconds per part
    processes: int = 2
    candidates: int = 8  # candidate working days per entry in the model
    use_solver: bool = True  # False: the greedy planner alone (the baseline)
    random_state: int = 0
    mp_start: str = "fork"  # "spawn" inside a threaded server
    engine: str | None = None  # where parts are solved: None (local processes), "dask" (LocalCluster), "tcp://host:8786" (scheduler/engine.py)


@dataclass
class Plan:
    bundle: Bundle
    scores: Scores
    req: Requirements
    sel: Selection
    placed: list[Placed]  # every visit, officers named
    unplaced: dict[str, str]  # entry key → binding rule
    status: dict[str, str]  # enterprise → final basis
    parts: list[dict[str, object]]
    wall_seconds: float
    options: PlanOptions
    topped_up: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


def rules_of(bundle: Bundle) -> Rules:
    p = bundle.policy
    return Rules(p.officers_per_agency_on_visit, p.max_visits_per_officer_per_day, p.max_remote_checks_per_officer_per_day,
                 p.min_days_between_visits, p.min_days_between_repeat_visits, p.reserve_capacity_ratio,
                 p.max_entries_per_enterprise, p.max_visits_per_agency_per_enterprise)


def _staff_for(st: Staff, officers: set[str]) -> Staff:
    return Staff({o: st.available[o] for o in officers}, {o: st.budget[o] for o in officers}, {o: st.team[o] for o in officers},
                 {o: st.recused[o] for o in officers if o in st.recused}, {o: st.last_year[o] for o in officers if o in st.last_year})


def make_plan(bundle: Bundle, options: PlanOptions | None = None, scores: Scores | None = None, progress=None) -> Plan:  # type: ignore[no-untyped-def]
    opt = options or PlanOptions()
    t0 = time.perf_counter()
    timings: dict[str, float] = {}

    clock = [t0]

    def lap(name: str) -> None:
        now = time.perf_counter()
        timings[name] = round(now - clock[0], 3)
        clock[0] = now

    scores = scores or score_bundle(bundle, random_state=opt.random_state)
    lap("score")
    req = build_requirements(bundle, scores.frame)
    st = staff(bundle)
    parts = build_parts(bundle, st, req.applicable, scores.frame.set_index("enterprise_id")["tier"])
    sel = select(req, parts, bundle.policy.reserve_capacity_ratio)
    lap("select")
    rules = rules_of(bundle)
    jobs = []
    for d in sorted(parts):
        officers = {o for ss in parts[d].slices.values() for s in ss for o in s.officers}
        entries = sel.entries.get(d, [])
        jobs.append(PartJob(parts[d], _staff_for(st, officers), rules, bundle.workdays, entries,
                            {e.key: sel.teams[e.key] for e in entries}, opt.time_limit, opt.candidates,
                            bundle.policy.seed, opt.use_solver))
    results = solve_parts(jobs, opt.processes, progress, opt.mp_start, opt.engine)
    lap("solve")
    states = {j.part.district: restore(j, r) for j, r in zip(sorted(jobs, key=lambda j: j.part.district),
                                                              sorted(results, key=lambda r: r.district), strict=True)}
    unplaced = {k: v for r in results for k, v in r.unplaced.items()}
    status, topped = settle_sampled(req, sel, states, unplaced)
    lap("top_up")
    placed = sorted((p for s in states.values() for p in s.placed.values()), key=lambda p: (p.day, p.entry.enterprise_id, p.entry.key))
    return Plan(bundle, scores, req, sel, placed, unplaced, status, [r.figures for r in sorted(results, key=lambda r: r.district)],
                round(time.perf_counter() - t0, 3), opt, topped, timings)


def _all_or_nothing(state: PartState, entries: list[Entry]) -> bool:
    """A sampled enterprise is inspected by all its agencies or not at all (R-SAMPLE): drop a partial one."""
    if all(e.key in state.placed for e in entries):
        return True
    for e in entries:
        if e.key in state.placed:
            state.remove(state.placed[e.key])
    return False


TOP_UP_DAYS = 60  # the least-loaded days a top-up candidate may try: beyond them it is "capacity"


def _top_up_one(state: PartState, entries: list[Entry]) -> str | None:
    """Place every entry of one more sampled enterprise, with officers, or nothing (returns the binding rule)."""
    done: list[Placed] = []
    for e in sorted(entries, key=lambda e: e.key):
        slices = state.part.slices
        teams = {}
        for a in e.agencies:
            options = slices.get(a, [])
            if not options:
                return "R-TEAM"
            best = max(options, key=lambda s: (s.annual_onsite - state.year_onsite[s.team_id], s.team_id))
            if e.mode == "onsite" and state.year_onsite[best.team_id] >= best.annual_onsite:
                for p in done:
                    state.remove(p)
                return "R-AVAIL"  # every team of this agency has used its year: no day to try
            teams[a] = best.team_id
        days = list(range(e.window[0], e.window[1] + 1))
        days.sort(key=lambda d: (sum(int(state.onsite[teams[a]][d]) for a in e.agencies), d))
        got = state.place_staffed(e, teams, days[:TOP_UP_DAYS])
        if isinstance(got, str):
            for p in done:
                state.remove(p)
            return got
        done.append(got)
    return None


def settle_sampled(req: Requirements, sel: Selection, states: dict[str, PartState], unplaced: dict[str, str]) -> tuple[dict[str, str], dict[str, int]]:
    """Fill each tier's places strictly in draw order: keep who was placed whole, drop partial ones,
    then walk the draw order again and place whoever now fits, until the places are filled."""
    status: dict[str, str] = {}
    topped: dict[str, int] = {}
    for tier in sorted(req.pools, key=lambda t: -TIER_LEVEL[t]):
        filled = 0
        sent = set(sel.sampled.get(tier, []))
        for eid in req.pools[tier]:
            entries = sel.by_enterprise[eid]
            if eid in sent and _all_or_nothing(states[entries[0].district], entries):
                status[eid] = "sampled"
                filled += 1
        topped[tier] = 0
        for eid in req.pools[tier]:
            if filled >= req.places[tier]:
                break
            if eid in status:
                continue
            entries = sel.by_enterprise[eid]
            why = _top_up_one(states[entries[0].district], entries)
            if why is None:
                status[eid] = "sampled"
                filled += 1
                topped[tier] += 1
                for e in entries:
                    unplaced.pop(e.key, None)
            else:
                status[eid] = "capacity"
                sel.skipped.setdefault(eid, f"no working day with two free certified officers of every agency ({why})")
        pool = set(req.pools[tier])
        last_rank = max((req.ranks[e] for e, s in status.items() if s == "sampled" and e in pool), default=0)
        for eid in req.pools[tier]:
            if eid not in status:
                # everyone drawn before the last one selected was tried and did not fit (invariant 6)
                status[eid] = "capacity" if req.ranks[eid] < last_rank else "not_drawn"
    for e in req.entries:
        if e.basis == "mandatory":
            status.setdefault(e.enterprise_id, "mandatory")
    for eid in req.exempt:
        status[eid] = "exempt"
    placed_basis: dict[str, set[str]] = defaultdict(set)
    for s in states.values():
        for p in s.placed.values():
            placed_basis[p.entry.enterprise_id].add(p.entry.basis)
    for eid, bases in placed_basis.items():
        if status.get(eid) in (None, "not_drawn", "capacity", "exempt"):
            for b in ("mandatory", "sampled", "follow_up", "triggered"):
                if b in bases:
                    status[eid] = b
                    break
    for eid, st in list(status.items()):
        if st == "mandatory" and "mandatory" not in placed_basis.get(eid, set()):
            status[eid] = "capacity"
    return status, topped


__all__ = ["PLANNED", "PartResult", "Plan", "PlanOptions", "make_plan"]
