"""Hand-made tiny parts for the isolated rule tests: a few officers, a few days, a few agency-visits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
from ortools.sat.python import cp_model

from scheduler import constraints
from scheduler.requirements import Entry
from scheduler.resources import Part, Staff, TeamSlice, slice_capacity
from scheduler.state import PartState, Rules

RULES = Rules(k=2, per_officer_day=2, remote_per_officer_day=8, gap_entries=30, gap_repeat=90, reserve=0.0,
              max_entries=3, max_agency=2)


def workdays(n: int, start: dt.date = dt.date(2026, 3, 2)) -> list[dt.date]:
    out, d = [], start
    while len(out) < n:
        if d.weekday() < 5:
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def part(n_days: int, teams: dict[str, tuple[str, int, int]], budget: int | dict[str, int] = 60, away: dict[str, list[int]] | None = None,
         recused: dict[str, set[str]] | None = None, rules: Rules = RULES) -> tuple[Part, Staff, list[dt.date]]:
    """teams: team_id → (agency, officers, max_visits_per_day); officers are `{team}-{i}`."""
    days = workdays(n_days)
    available, budgets, team = {}, {}, {}
    for tid, (_, n, _) in teams.items():
        for i in range(n):
            o = f"{tid}-{i}"
            ok = np.ones(n_days, dtype=bool)
            for d in (away or {}).get(o, []):
                ok[d] = False
            available[o], team[o] = ok, tid
            budgets[o] = budget if isinstance(budget, int) else budget.get(o, 60)
    st = Staff(available, budgets, team, recused or {}, {})
    slices: dict[str, list[TeamSlice]] = {}
    for tid, (agency, n, cap) in teams.items():
        sl = TeamSlice(tid, agency, [f"{tid}-{i}" for i in range(n)], cap)
        slices.setdefault(agency, []).append(slice_capacity(sl, st, rules.k, rules.per_officer_day, rules.remote_per_officer_day, n_days))
    return Part("140403", slices), st, days


def entry(key: str, window: tuple[int, int], agency: str = "hb", basis: str = "mandatory", mode: str = "onsite",
          enterprise: str | None = None, index: int = 0, group: str | None = None, rank: int = 0) -> Entry:
    eid = enterprise or key
    return Entry(key, eid, "140403", basis, mode, (agency,), (f"{agency}-item",), "D", window, index, draw_rank=rank,
                 group=group or f"{eid}|{basis}|{index}")


def solve(p: Part, st: Staff, days: list[dt.date], entries: list[Entry], rules: Rules = RULES, n_cand: int = 60,
          without: Callable[..., None] | None = None) -> dict[str, tuple[int, str]]:
    """Build the part model (every rule function, or all but `without`), maximize agency-visits placed;
    key → (workday index, team) of those placed."""
    state = PartState(p, st, rules, days)
    pm = constraints.PartModel(cp_model.CpModel(), state, entries, {e.key: constraints.candidate_days(e, n_cand, "t") for e in entries})
    for f in constraints.RULE_FUNCTIONS:
        if f is not without:
            f(pm)
    pm.model.maximize(sum(pm.placed.values()))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(pm.model) == cp_model.OPTIMAL
    return {k: (d, t) for (k, d, t), v in pm.t.items() if solver.boolean_value(v)}
