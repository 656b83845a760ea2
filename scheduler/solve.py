"""Solving one part's required agency-visits (R-PRIORITY classes 0 and 1): a greedy plan (baseline, hint,
guaranteed fallback) and the CP-SAT plan in lexicographic stages, each staffed exactly, the better kept.
Parts run in parallel processes; the sampled walk and the officers' draw follow in the parent (plan.py)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, TypedDict

from ortools.sat.python import cp_model
from ortools.sat.python.cp_model_helper import CpSolverStatus

from scheduler import constraints
from scheduler.requirements import Entry
from scheduler.resources import Part, Staff
from scheduler.state import PartState, Placed, Rules

if TYPE_CHECKING:
    from scheduler.staffing import Seat


@dataclass
class PartJob:
    part: Part
    staff: Staff
    rules: Rules
    workdays: list[dt.date]
    entries: list[Entry]  # required agency-visits (triggered, follow-up, mandatory) of this part
    time_limit: float  # CP-SAT deterministic seconds, all stages together
    n_cand: int
    salt: str
    use_solver: bool = True


class StageFigures(TypedDict):
    """One lexicographic stage of a part model in plan.json `solver.parts[].stages`."""

    objective: int
    bound: int
    status: str


class PartFigures(TypedDict, total=False):
    """What plan.json `solver.parts[]` reports of one part (keys in the order they are first set)."""

    district: str
    entries: int
    greedy: dict[str, int]  # class → agency-visits the greedy placed
    front_loaded: dict[str, int]  # the second greedy's, where it placed more than the plan from the first (solve_part)
    placement_loss: int  # Σ over classes of max(0, the model's placed − the staffed plan's placed)
    placement_loss_by_class: dict[str, int]
    variables: int
    impossible: dict[str, str]  # entry key → the rule that makes it impossible
    joint_score: int
    joined: int  # required agency-visits placed by joining a row of their enterprise (`join_rows`)
    stages: dict[str, StageFigures]  # "0", "1" (R-PRIORITY classes)
    cp_status: str
    wall_capped: bool
    model: dict[str, int]
    rounds: int
    status: str
    placed: dict[str, int]
    objective: int
    best_bound: float | None
    wall_seconds: float


@dataclass
class PartResult:
    district: str
    placed: list[tuple[str, int, dict[str, str], dict[str, list[str]]]]  # key, day, teams, officers (remote only)
    unplaced: dict[str, str]  # entry key → the rule that bound
    figures: PartFigures = field(default_factory=lambda: PartFigures())
    joined: list[str] = field(default_factory=list)  # placed by `join_rows`: their window is now the year


def priority(e: Entry) -> tuple[int, int, str]:
    """R-PRIORITY: class first, the tightest window next, then a stable key."""
    return (e.klass, e.window[1] - e.window[0], e.key)


def greedy(job: PartJob, perishable_first: bool = False) -> tuple[PartState, dict[str, str]]:
    """The baseline: in priority order, each agency-visit on the first day (joint day first, then least loaded)
    and team where every rule holds and the team can staff it."""
    st = PartState(job.part, job.staff, job.rules, job.workdays)
    st.perishable_first = perishable_first
    unplaced: dict[str, str] = {}
    for e in sorted(job.entries, key=priority):
        days = list(range(e.window[0], e.window[1] + 1))
        why = st.place_anywhere(e, days)
        if why:
            unplaced[e.key] = why
    st.perishable_first = False
    return st, unplaced


def load_days(job: PartJob, chosen: dict[str, tuple[int, str]]) -> tuple[PartState, dict[str, str], int]:
    """Staff the model's days: book in priority order; what the exact staffing refuses, and what the model left out,
    is retried on any day of its window, then repaired (`repair`); the count returned is of the model's agency-visits
    that still fail."""
    st = PartState(job.part, job.staff, job.rules, job.workdays)
    by_key = {e.key: e for e in job.entries}
    failed: list[Entry] = []
    for key in sorted(chosen, key=lambda k: priority(by_key[k])):
        d, tid = chosen[key]
        if st.place(by_key[key], d, tid) is not None:
            failed.append(by_key[key])
    unplaced: dict[str, str] = {}
    lost = 0
    for e in sorted(failed + [e for e in job.entries if e.key not in chosen], key=priority):
        why = st.place_anywhere(e, list(range(e.window[0], e.window[1] + 1)))
        if why and repair(st, e):
            why = None
        if why:
            unplaced[e.key] = why
            lost += e.key in chosen
    return st, unplaced, lost


def roomiest_teams(st: PartState, e: Entry) -> list[str]:
    """The teams that may make `e`, those with most officer-visits to spare first (`repair`, `join_rows`)."""
    return sorted(st.teams_for(e), key=lambda t: (-st.flows[t].spare(), t))


def join_rows(st: PartState, unplaced: dict[str, str], entries: list[Entry]) -> list[str]:
    """R-PRIORITY ("joint visits are preferred, never a reason to drop a required visit"): a planned on-site
    agency-visit left out joins a row its enterprise already has (`Entry.joint_key`: its basis), on that row's day
    wherever it falls in the year. A visit's part of the year is a preference (`open_windows`), and a joined row is no
    new entry, so R-CAP-ENTRY cannot refuse it; R-GAP still keeps two visits of one agency apart. foreign35 M1: a
    tier-D firm's three agencies had spent its three entries, re and ry twice, um once in July, and um's second visit
    was left out "for pairing" though um could join the firm's January row. In priority order; the keys placed
    (their window, in the placed entry, the year: `restore` opens the parent's too)."""
    joined: list[str] = []
    year = (0, st.n_days - 1)
    for e in sorted((e for e in entries if e.key in unplaced and e.row and e.mode == "onsite"), key=priority):
        rows = sorted({p.day for p in st.by_enterprise[e.enterprise_id] if p.entry.joint_key == e.joint_key})
        if not rows:
            continue
        whole = replace(e, window=year)
        teams = roomiest_teams(st, e)
        if any(st.place(whole, d, tid) is None for d in rows for tid in teams):
            joined.append(e.key)
            del unplaced[e.key]
    return joined


REPAIR_FLOWS = 60  # exact staffing checks (max-flows) per required agency-visit left out after the model's days


def repair(st: PartState, e: Entry) -> bool:
    """A required agency-visit left out (the model placed it and the exact staffing dropped it, or the model left it
    out): try it on the days of its window and every eligible team, each with the team's exact staffing (a max-flow
    re-staffing every seat booked; `place_anywhere` does that on 3 days only), the team's least-loaded days first;
    nothing placed is moved or removed. At most REPAIR_FLOWS checks (deterministic). City 140403: +6 mandatory."""
    tries = 0
    for tid in roomiest_teams(st, e):
        if e.mode == "onsite" and st.flows[tid].spare() < st.rules.k:
            continue
        for d in st.day_order(e, list(range(e.window[0], e.window[1] + 1)), tid):
            if st.fits(e, d, tid) is not None:
                continue  # a rule other than staffing forbids it: no max-flow spent
            if tries >= REPAIR_FLOWS:
                return False
            tries += 1
            if st.place(e, d, tid) is None:
                return True
    return False


def counts(st: PartState, entries: list[Entry]) -> tuple[int, int]:
    """(triggers and follow-ups placed, mandatory agency-visits placed): compared lexicographically."""
    c = [0, 0, 0]
    for p in st.placed.values():
        c[p.entry.klass] += 1
    return c[0], c[1]


def at_bound(job: PartJob, st: PartState) -> bool:
    """The greedy's required counts equal a simple bound of the part: per agency, min(owed, Σ team capacity)."""
    owed: dict[str, int] = {}
    placed: dict[str, int] = {}
    for e in job.entries:
        if e.key not in st.placed and (e.klass == 0 or e.mode == "remote"):
            return False
        if e.mode == "onsite":
            a = e.agencies[0]
            owed[a] = owed.get(a, 0) + 1
            placed[a] = placed.get(a, 0) + (e.key in st.placed)
    cap = {a: sum(s.annual_onsite for s in slices) for a, slices in job.part.slices.items()}
    return all(placed[a] >= min(n, cap.get(a, 0)) for a, n in owed.items())


WALL_SAFETY_SECONDS = 1800.0  # per solve; far above any deterministic limit, so a loaded machine never reaches it


def _params(solver: cp_model.CpSolver, limit: float) -> None:
    p = solver.parameters
    p.num_workers = 1
    p.max_deterministic_time = max(0.2, limit)
    # a safety net only: the deterministic time is what stops a solve. A wall cap near it (it was 30 s) made plans
    # differ between a loaded and an idle machine (measured: 25 of 99 province parts capped under load, issue 12);
    # a solve that does reach this one is reported (`wall_capped`), since its plan is then not reproducible.
    p.max_time_in_seconds = max(WALL_SAFETY_SECONDS, 100 * limit)
    p.relative_gap_limit = 0.001
    p.random_seed = 0
    p.cp_model_probing_level = 0  # probing costs more than it finds on these models (notes: 45 s for nothing)


def rehint(model: cp_model.CpModel, solver: cp_model.CpSolver) -> None:
    """Hint the next stage with every variable of the solution just found (complete, so feasible at once)."""
    values = list(solver.response_proto.solution)
    model.clear_hints()
    model.proto.solution_hint.vars.extend(range(len(values)))
    model.proto.solution_hint.values.extend(values)


RESOLVE_ROUNDS = 2  # re-solves after a placement loss


def solve_model(job: PartJob, g_state: PartState, fig: PartFigures,
                forbid: set[tuple[str, int]] | None = None) -> dict[str, tuple[int, str]] | None:
    """The lexicographic stages (R-PRIORITY): (0) triggers and follow-ups, (1) mandatory agency-visits, each kept at the
    best found before the next; (2) joint visits and monthly spread. A stage the greedy already fills completely is
    not solved: its optimum is known. Returns agency-visit → (day, team)."""
    empty = PartState(job.part, job.staff, job.rules, job.workdays)
    # the greedy's day of each agency-visit is among its candidates, so the hint is a complete, feasible solution
    extra = {key: p.day for key, p in g_state.placed.items()}
    pm = constraints.build(empty, job.entries, job.n_cand, job.salt, extra)
    for key_day in sorted(forbid or ()):
        if key_day in pm.y:
            pm.model.add(pm.y[key_day] == 0)
    constraints.hint(pm, g_state)
    fig["variables"] = len(pm.y) + len(pm.t)
    solver = cp_model.CpSolver()
    # complete the greedy's hint (derived variables too) by a solve with the hinted variables fixed: every stage then
    # starts from a full feasible solution
    pm.model.maximize(pm.stage[1])
    _params(solver, job.time_limit)
    solver.parameters.fix_variables_to_their_hinted_value = True
    if solver.solve(pm.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        rehint(pm.model, solver)
    solver = cp_model.CpSolver()
    fig["impossible"] = dict(pm.impossible)
    g_counts = counts(g_state, job.entries)
    shares = {0: 0.15, 1: 0.65, 2: 0.2}
    bounds: dict[str, StageFigures] = {}
    solution: dict[str, tuple[int, str]] | None = None
    statuses = []
    capped = [False]  # did any stage's solve reach the wall-clock safety net?

    def run() -> CpSolverStatus:
        code = solver.solve(pm.model)
        capped[0] |= solver.wall_time >= solver.parameters.max_time_in_seconds * 0.99
        return code

    def read() -> dict[str, tuple[int, str]]:
        return {key: (d, tid) for (key, d, tid), v in pm.t.items() if solver.boolean_value(v)}

    for c in (0, 1):
        expr = pm.stage[c]
        possible = sum(1 for e in job.entries if e.klass == c and e.key in pm.placed)
        if g_counts[c] >= possible:
            # the greedy placed every one the model could: that is the optimum, keep it
            pm.model.add(expr >= g_counts[c])
            bounds[str(c)] = {"objective": g_counts[c], "bound": possible, "status": "GREEDY_COMPLETE"}
            if c == 0:
                shares[1] += shares[0]  # a stage not solved leaves its share of the part's budget to the next
            continue
        pm.model.maximize(expr)
        _params(solver, job.time_limit * shares[c])
        code = run()
        statuses.append(solver.status_name(code))
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            pm.model.add(expr >= g_counts[c])
            bounds[str(c)] = {"objective": g_counts[c], "bound": possible, "status": solver.status_name(code)}
            continue
        value = int(solver.objective_value)
        # a bound of this stage: the solver's, and never above the agency-visits of the class with a variable (a solve
        # stopped early can report a looser one)
        bound = min(possible, int(solver.best_objective_bound))
        bounds[str(c)] = {"objective": value, "bound": bound, "status": solver.status_name(code)}
        pm.model.add(expr >= value)
        solution = read()
        rehint(pm.model, solver)
    # stage 2: joint visits (R-MERGE) first, monthly spread (R-SPREAD) as a tie-break; never at a required visit's cost
    # OR-Tools stub: LinearExprT includes numpy integers, whose __sub__ overloads do not list IntVar
    pm.model.maximize(10 * constraints.joint_score(pm) - sum(pm.penalties))  # type: ignore[operator]
    _params(solver, job.time_limit * shares[2])
    code = run()
    statuses.append(solver.status_name(code))
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        solution = read()
        fig["joint_score"] = int(solver.value(constraints.joint_score(pm)))
    fig["stages"] = bounds
    fig["cp_status"] = "/".join(statuses) or "SKIPPED"
    fig["wall_capped"] = capped[0]
    return solution


def solve_part(job: PartJob) -> PartResult:
    t0 = time.perf_counter()
    g_state, g_unplaced = greedy(job)
    g_counts = counts(g_state, job.entries)
    fig: PartFigures = {"district": job.part.district, "entries": len(job.entries),
                        "greedy": {"trigger_follow_up": g_counts[0], "mandatory": g_counts[1]}}
    best_state, best_unplaced, status = solve_from(job, g_state, g_unplaced, fig)
    if best_unplaced and not at_bound(job, best_state):
        # an officer present only part of the year (a certificate ending in spring) gives budget only then, and the even
        # spread spends the others' budgets two at a time meanwhile: a second greedy fills the days with most officers
        # holding budget first. Where it places more than the plan found (R-PRIORITY), the model starts again from it;
        # elsewhere nothing changes (review25: as a first choice it packed the spring where the model would have
        # reached the same counts spread out)
        p_state, p_unplaced = greedy(job, perishable_first=True)
        p_counts = counts(p_state, job.entries)
        if p_counts > counts(best_state, job.entries):
            fig["front_loaded"] = {"trigger_follow_up": p_counts[0], "mandatory": p_counts[1]}
            best_state, best_unplaced, status = solve_from(job, p_state, p_unplaced, fig, spread=True)
    joined = join_rows(best_state, best_unplaced, job.entries)
    if joined:
        fig["joined"] = len(joined)
    final = counts(best_state, job.entries)
    stages = fig.get("stages") or {}
    bound = sum(float(s["bound"]) for s in stages.values()) if stages else None
    fig["status"] = status
    fig["placed"] = {"trigger_follow_up": final[0], "mandatory": final[1]}
    fig["objective"] = final[0] + final[1]
    fig["best_bound"] = bound
    fig["wall_seconds"] = round(time.perf_counter() - t0, 3)
    placed = [(k, p.day, p.teams, p.officers) for k, p in sorted(best_state.placed.items())]
    return PartResult(job.part.district, placed, best_unplaced, fig, joined)


def solve_from(job: PartJob, g_state: PartState, g_unplaced: dict[str, str], fig: PartFigures,
               spread: bool = False) -> tuple[PartState, dict[str, str], str]:
    """From a greedy's plan, the model's (never fewer per class, R-PRIORITY): the greedy's own where it is already
    complete (unless `spread`: the model's last stage still spreads it, R-SPREAD), else the model's stages staffed."""
    g_counts = counts(g_state, job.entries)
    best_state, best_unplaced, status = g_state, dict(g_unplaced), "GREEDY"
    fig["placement_loss"] = 0
    # nothing to gain from the model when the greedy placed every required agency-visit, or every trigger and
    # follow-up and, per agency, as many on-site required visits as its teams' pair-feasible capacity allows
    complete = (not g_unplaced or at_bound(job, g_state)) and not spread
    if job.use_solver and job.entries and complete:
        fig["stages"] = {"0": {"objective": g_counts[0], "bound": g_counts[0], "status": "GREEDY_COMPLETE"},
                         "1": {"objective": g_counts[1], "bound": g_counts[1], "status": "GREEDY_COMPLETE"}}
        status = "GREEDY_COMPLETE"
    elif job.use_solver and job.entries:
        # the officer flow of the model is a relaxation of the exact staffing (it ignores recusals and which officers
        # sit together on a day): when the staffing drops some of the model's agency-visits on their days, those
        # (agency-visit, day) pairs are forbidden and the stages re-solved (at most RESOLVE_ROUNDS more); the bounds
        # reported are the first round's (the model without such cuts)
        forbid: set[tuple[str, int]] = set()
        status = "CP-SAT<GREEDY"
        klass = {e.key: e.klass for e in job.entries}
        claimed = [0, 0]  # the most any round's model placed, per class: what the staffed plan is measured against
        for round_ in range(1 + RESOLVE_ROUNDS):
            chosen = solve_model(job, g_state, fig if round_ == 0 else PartFigures(), forbid)
            if chosen is None:
                break
            s_state, s_unplaced, lost = load_days(job, chosen)
            model_counts = [sum(1 for k in chosen if klass[k] == c) for c in (0, 1)]
            claimed = [max(a, b) for a, b in zip(claimed, model_counts, strict=True)]
            fig["model"] = {"trigger_follow_up": claimed[0], "mandatory": claimed[1]}
            fig["rounds"] = round_ + 1
            if counts(s_state, job.entries) >= counts(best_state, job.entries):
                best_state, best_unplaced, status = s_state, s_unplaced, "CP-SAT"
            if lost == 0:
                break
            forbid |= {(k, d) for k, (d, _) in chosen.items() if k not in s_state.placed or s_state.placed[k].day != d}
        # placement loss (issue 8): per class, what the model placed and the staffed plan kept does not
        got = counts(best_state, job.entries)
        by_class = {"trigger_follow_up": max(0, claimed[0] - got[0]), "mandatory": max(0, claimed[1] - got[1])}
        fig["placement_loss"] = sum(by_class.values())
        fig["placement_loss_by_class"] = by_class
    # what no plan of this part could place says so, whichever path left it (the model's, or a greedy complete or
    # alone): a trigger whose officers were all on leave was "full (0 possible)", R-AVAIL, and held back every
    # sampled visit of its agency (R-PRIORITY holds back for what a plan could meet)
    impossible = fig.get("impossible", {})
    for e in job.entries:
        if e.key in best_unplaced and (e.key in impossible or constraints.no_day(best_state, e)):
            best_unplaced[e.key] = impossible.get(e.key) or constraints.impossible_cause(best_state, e)
    return best_state, best_unplaced, status


def restore(job: PartJob, result: PartResult) -> PartState:
    """Rebuild a part's state from its result (for the sampled walk and the draw in the parent process)."""
    st = PartState(job.part, job.staff, job.rules, job.workdays)
    by_key = {e.key: e for e in job.entries}
    for key in result.joined:  # joined a row outside its part of the year (`join_rows`): the parent's entry says so too
        by_key[key].window = (0, len(job.workdays) - 1)
    bulk: dict[str, list[tuple[Entry, int]]] = {}
    for key, d, teams, _ in result.placed:
        e = by_key[key]
        tid = teams[e.agencies[0]]
        p = st.add(e, d, tid)
        if e.mode == "onsite":
            st.flows[tid].seats[e.key] = _seat(e, d, job.rules.k)
            st.flows[tid].version += 1
            bulk.setdefault(tid, []).append((e, d))
        del p
    for tid in bulk:
        got = st.flows[tid].solve({})
        if got is None:  # the part booked only what its team could staff: this cannot happen
            raise RuntimeError(f"team {tid}: restored seats cannot be staffed")
        st.flows[tid].adopt(got)
    return st


def _seat(e: Entry, d: int, k: int) -> Seat:
    from scheduler.staffing import Seat

    return Seat(e.key, d, e.enterprise_id, k)


def solve_parts(jobs: list[PartJob], processes: int, progress: Callable[[PartResult], None] | None = None, start: str = "fork",
                engine: str | None = None) -> list[PartResult]:
    """Largest parts first, on the engine `engine` names (scheduler/engine.py; None: `processes` local processes)."""
    from scheduler.engine import engine_for

    order = sorted(range(len(jobs)), key=lambda i: -len(jobs[i].entries))
    return engine_for(engine, processes if len(jobs) > 1 else 1, start).map(solve_part, jobs, progress, order)


__all__ = ["PartJob", "PartResult", "Placed", "restore", "solve_part", "solve_parts"]
