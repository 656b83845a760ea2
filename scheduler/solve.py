"""Solving one part: a greedy plan (baseline, hint, guaranteed fallback), the CP-SAT plan,
officers named for both, and the better one kept. Parts run in parallel processes."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from scheduler import constraints
from scheduler.requirements import Entry
from scheduler.resources import Part, Staff
from scheduler.state import PartState, Placed, Rules


@dataclass
class PartJob:
    part: Part
    staff: Staff
    rules: Rules
    workdays: list[dt.date]
    entries: list[Entry]
    teams: dict[str, dict[str, str]]  # entry key → agency → team
    time_limit: float  # CP-SAT deterministic seconds
    n_cand: int
    salt: str
    use_solver: bool = True


@dataclass
class PartResult:
    district: str
    placed: list[tuple[str, int, dict[str, str], dict[str, list[str]]]]  # key, day, teams, officers
    unplaced: dict[str, str]  # entry key → the rule that bound
    figures: dict[str, object] = field(default_factory=dict)


def _order(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (-e.weight, e.window[1] - e.window[0], e.key))


def _load_order(state: PartState, e: Entry, teams: dict[str, str], days: list[int]) -> list[int]:
    """Least-loaded team-days first, then the least-loaded month, then a per-entry rotation:
    spreads visits over the year (R-SPREAD) instead of piling them into January."""
    if not days:
        return days
    start = int.from_bytes(e.key.encode()[-4:].rjust(4, b"0"), "big") % len(days)
    rot = {d: (i - start) % len(days) for i, d in enumerate(days)}

    def month_load(d: int) -> int:
        m = state.month == state.month[d]
        return sum(int(state.onsite[teams[a]][m].sum() + state.remote[teams[a]][m].sum()) for a in e.agencies)

    def day_load(d: int) -> int:
        return sum(int(state.onsite[teams[a]][d] + state.remote[teams[a]][d]) for a in e.agencies)

    return sorted(days, key=lambda d: (day_load(d), month_load(d), rot[d]))


def greedy_days(job: PartJob, cand: dict[str, list[int]]) -> dict[str, int]:
    """Priority order, each entry on its least-loaded feasible candidate day (no officers yet)."""
    st = PartState(job.part, job.staff, job.rules, job.workdays)
    out = {}
    for e in _order(job.entries):
        for d in _load_order(st, e, job.teams[e.key], cand[e.key]):
            if st.fits(e, d, job.teams[e.key]) is None:
                st.add(e, d, job.teams[e.key])
                out[e.key] = d
                break
    return out


def staff_days(job: PartJob, days: dict[str, int], quota: dict[tuple[str, int], int] | None = None) -> tuple[PartState, dict[str, str]]:
    """Name officers day by day (following the model's monthly flow when given); an entry that cannot be
    staffed on its day is moved to another day of its window."""
    st = PartState(job.part, job.staff, job.rules, job.workdays)
    st.quota = quota or {}
    by_key = {e.key: e for e in job.entries}
    failed: list[Entry] = []
    for key, d in sorted(days.items(), key=lambda kv: (kv[1], -by_key[kv[0]].weight, kv[0])):
        e = by_key[key]
        p = st.add(e, d, job.teams[key])
        if not st.staff_entry(p):
            st.remove(p)
            failed.append(e)
    unplaced: dict[str, str] = {}
    st.quota = {}  # the repair may use anyone the rules allow
    for e in _order(failed + [e for e in job.entries if e.key not in days]):
        window = list(range(e.window[0], e.window[1] + 1))
        got = st.place_staffed(e, job.teams[e.key], _load_order(st, e, job.teams[e.key], window))
        if isinstance(got, str):
            unplaced[e.key] = got
    return st, unplaced


def objective_of(st: PartState) -> int:
    return sum(p.entry.weight for p in st.placed.values())


def solve_part(job: PartJob) -> PartResult:
    t0 = time.perf_counter()
    cand = {e.key: constraints.candidate_days(e, job.n_cand, job.salt) for e in job.entries}
    g_days = greedy_days(job, cand)
    g_state, g_unplaced = staff_days(job, g_days)
    fig: dict[str, object] = {"district": job.part.district, "entries": len(job.entries), "greedy_objective": objective_of(g_state)}
    best_state, best_unplaced, status, bound = g_state, g_unplaced, "GREEDY", None
    if job.use_solver and job.entries:
        empty = PartState(job.part, job.staff, job.rules, job.workdays)
        pm = constraints.build(empty, job.entries, job.teams, job.n_cand, job.salt)
        solver = cp_model.CpSolver()
        p = solver.parameters
        p.num_workers = 1
        p.max_deterministic_time = job.time_limit
        p.max_time_in_seconds = max(30.0, 10 * job.time_limit)  # a safety net only: deterministic time is what stops it
        p.relative_gap_limit = 0.001
        p.random_seed = 0
        p.cp_model_probing_level = 0  # probing costs more than it finds on these models (notes: 45 s for nothing)
        code = solver.solve(pm.model)
        status = solver.status_name(code)
        fig["variables"] = len(pm.y)
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            bound = solver.best_objective_bound
            fig["model_objective"] = int(solver.objective_value)
            days = {k: d for (k, d), v in pm.y.items() if solver.boolean_value(v)}
            quota = {k: int(solver.value(x)) for k, x in pm.x.items()}
            if pm.penalties:  # stage 2 (R-SPREAD): keep what stage 1 placed, spread it over the months
                pm.model.clear_hints()
                for (k, d), v in pm.y.items():
                    pm.model.add_hint(v, int(days.get(k) == d))
                pm.model.add(pm.weight >= int(solver.objective_value))
                pm.model.minimize(sum(pm.penalties))
                p.max_deterministic_time = max(1.0, job.time_limit / 3)
                if solver.solve(pm.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                    days = {k: d for (k, d), v in pm.y.items() if solver.boolean_value(v)}
                    quota = {k: int(solver.value(x)) for k, x in pm.x.items()}
                    fig["spread_penalty"] = int(solver.objective_value)
            # staff the model's days twice, following its monthly flow and not, and keep the better
            s_state, s_unplaced = max((staff_days(job, days, quota), staff_days(job, days)), key=lambda r: objective_of(r[0]))
            if objective_of(s_state) >= objective_of(g_state):
                best_state, best_unplaced = s_state, s_unplaced
            else:
                status += "+GREEDY"
    fig.update(status=status, objective=objective_of(best_state), best_bound=bound, wall_seconds=round(time.perf_counter() - t0, 3))
    placed = [(k, p.day, p.teams, p.officers) for k, p in sorted(best_state.placed.items())]
    return PartResult(job.part.district, placed, best_unplaced, fig)


def restore(job: PartJob, result: PartResult) -> PartState:
    """Rebuild a part's state from its result (for the top-up in the parent process)."""
    st = PartState(job.part, job.staff, job.rules, job.workdays)
    by_key = {e.key: e for e in job.entries}
    for key, d, teams, officers in result.placed:
        st.book(st.add(by_key[key], d, teams), officers)
    return st


def solve_parts(jobs: list[PartJob], processes: int, progress=None, start: str = "fork", engine: str | None = None) -> list[PartResult]:  # type: ignore[no-untyped-def]
    """Largest parts first, on the engine `engine` names (scheduler/engine.py; None: `processes` local processes)."""
    from scheduler.engine import engine_for

    order = sorted(range(len(jobs)), key=lambda i: -len(jobs[i].entries))
    return engine_for(engine, processes if len(jobs) > 1 else 1, start).map(solve_part, jobs, progress, order)


__all__ = ["PartJob", "PartResult", "Placed", "restore", "solve_part", "solve_parts"]
