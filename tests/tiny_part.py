"""Hand-made tiny parts for the rule tests: a few officers, a few days, a few entries."""

from __future__ import annotations

import datetime as dt

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


def part(n_days: int, teams: dict[str, tuple[str, int, int]], budget: int = 60, away: dict[str, list[int]] | None = None,
         recused: dict[str, set[str]] | None = None, rules: Rules = RULES) -> tuple[Part, Staff, list[dt.date]]:
    """teams: team_id → (agency, officers, max_visits_per_day)."""
    days = workdays(n_days)
    available, budgets, team = {}, {}, {}
    for tid, (_, n, _) in teams.items():
        for i in range(n):
            o = f"{tid}-{i}"
            ok = np.ones(n_days, dtype=bool)
            for d in (away or {}).get(o, []):
                ok[d] = False
            available[o], budgets[o], team[o] = ok, budget, tid
    st = Staff(available, budgets, team, recused or {}, {})
    slices: dict[str, list[TeamSlice]] = {}
    for tid, (agency, n, cap) in teams.items():
        sl = TeamSlice(tid, agency, [f"{tid}-{i}" for i in range(n)], cap)
        slices.setdefault(agency, []).append(slice_capacity(sl, st, rules.k, rules.per_officer_day, rules.remote_per_officer_day, n_days))
    return Part("140403", slices), st, days


def entry(key: str, window: tuple[int, int], agencies: tuple[str, ...] = ("hb",), basis: str = "sampled", mode: str = "onsite",
          enterprise: str | None = None, weight: int = 1000, index: int = 0) -> Entry:
    return Entry(key, enterprise or key, "140403", basis, mode, agencies, tuple(f"{a}-item" for a in agencies), "C", window, index,
                 weight=weight)


def solve(p: Part, st: Staff, days: list[dt.date], entries: list[Entry], rules: Rules = RULES, n_cand: int = 50) -> dict[str, int]:
    """Solve the CP-SAT part model; entry key → workday index of those placed."""
    teams = {e.key: {a: p.slices[a][0].team_id for a in e.agencies} for e in entries}
    pm = constraints.build(PartState(p, st, rules, days), entries, teams, n_cand, "test")
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(pm.model) == cp_model.OPTIMAL
    return {k: d for (k, d), v in pm.y.items() if solver.boolean_value(v)}
