"""A capacity upper bound on any plan, and the split of city-level teams among districts.

Pair-feasible capacity (shared/notes/capacity-bound.md): a team can staff at most the
largest V with Σ_o min(u_o, V) ≥ k·V, where u_o = min(annual budget, day cap × days the
officer is present and certified) — no officer fills two seats of one visit (R-PAIR) — and
at most Σ_days min(max_visits_per_day, ⌊present × day cap ÷ k⌋) (R-AVAIL).

The transport model sends each team's capacity to the on-site agency-visits owed per
(district, agency) by an eligible team (R-TEAM: the district's own team, or a city-level
team `…00` of its city), lexicographically (R-PRIORITY): triggers and follow-ups first,
then mandatory visits, then sampled ones. It ignores days, gaps, caps, recusals and the
reserve, so no plan places more of a class than its bound (given the classes before it).
Remote checks use no on-site budget and are not in it.

City-level teams: the same model's flows say how much of each city team goes to each
district. Each working day of a city team is given to one district, in proportion to those
flows (a stride walk), and each officer's annual budget is split in proportion to the days
they are present there. After this every part (district) owns its resources outright, so
parts are independent and any union of part plans keeps every officer's limits. The cost:
a city team works in one district on a given day.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

CLASSES = ("trigger_follow_up", "mandatory", "sampled")


def pair_capacity(units: list[int], k: int) -> int:
    """The largest V with Σ min(u, V) ≥ k·V: visits k distinct officers with these limits can staff."""
    lo, hi = 0, sum(units) // max(1, k)
    while lo < hi:
        v = (lo + hi + 1) // 2
        if sum(min(u, v) for u in units) >= k * v:
            lo = v
        else:
            hi = v - 1
    return lo


def team_capacity(available: list[np.ndarray], budgets: list[int], k: int, per_day: int, day_cap: int) -> int:
    """On-site visits a team can staff in the year (pair-feasible, within its day cap)."""
    if len(available) < k or not available:
        return 0
    avail = np.array(available)
    units = [min(b, per_day * int(a.sum())) for a, b in zip(avail, budgets, strict=True)]
    present = avail.sum(axis=0)
    days = int(np.where(present >= k, np.minimum(day_cap, (present * per_day) // k), 0).sum())
    return min(pair_capacity(units, k), days)


@dataclass
class Bound:
    owed: dict[str, int]  # class → agency-visits owed
    bound: dict[str, int]  # class → at most this many can be placed (given the classes before)
    flows: dict[tuple[str, str], int]  # (team, district) → agency-visits sent
    capacity: dict[str, int]  # team → pair-feasible capacity
    by_key: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)  # "district/agency" → class → owed/bound

    def as_json(self) -> dict[str, object]:
        return {"classes": {c: {"owed": self.owed[c], "bound": self.bound[c]} for c in CLASSES},
                "team_capacity": dict(sorted(self.capacity.items())),
                "what": "transport model: each team's pair-feasible capacity → on-site agency-visits owed per (district, agency), "
                        "classes lexicographic (R-PRIORITY); ignores days, gaps, caps, recusals, reserve: no plan places more"}


def eligible_teams(teams: list[tuple[str, str, str]], district: str, agency: str) -> list[str]:
    """R-TEAM: the agency's teams of this district and its city-level teams (code ending 00, same city)."""
    return [t for t, a, code in teams if a == agency and (code == district or (code.endswith("00") and code[:4] == district[:4]))]


def transport(demand: dict[tuple[str, str, int], int], teams: list[tuple[str, str, str]], capacity: dict[str, int]) -> Bound:
    """Lexicographic transport: demand (district, agency, class) → agency-visits; exact (CP-SAT on a small model)."""
    m = cp_model.CpModel()
    f: dict[tuple[str, str, str, int], cp_model.IntVar] = {}
    by_team: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    by_class: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for (d, a, c), n in sorted(demand.items()):
        if n <= 0:
            continue
        vs = []
        for t in eligible_teams(teams, d, a):
            if capacity.get(t, 0) <= 0:
                continue
            v = m.new_int_var(0, n, f"f[{t},{d},{a},{c}]")
            f[(t, d, a, c)] = v
            by_team[t].append(v)
            by_class[c].append(v)
            vs.append(v)
        if len(vs) > 1:
            m.add(sum(vs) <= n)
    for t, vs in by_team.items():
        m.add(sum(vs) <= capacity[t])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = 20.0
    got: dict[int, int] = {}
    for c in range(3):
        if not by_class[c]:
            got[c] = 0
            continue
        m.maximize(sum(by_class[c]))
        if solver.solve(m) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            got[c] = 0
            continue
        # a bound must be a bound: use the solver's bound, and keep the class at its value for the next stage
        got[c] = round(solver.best_objective_bound)
        value = int(solver.objective_value)
        m.add(sum(by_class[c]) >= value)
        m.clear_hints()
        for v in f.values():
            m.add_hint(v, solver.value(v))
    flows: dict[tuple[str, str], int] = defaultdict(int)
    for (t, d, _, _), v in f.items():
        flows[(t, d)] += int(solver.value(v))
    owed = {CLASSES[c]: sum(n for (_, _, cc), n in demand.items() if cc == c) for c in range(3)}
    per_key: dict[str, dict[str, dict[str, int]]] = defaultdict(dict)
    for (d, a, c), n in sorted(demand.items()):
        sent = sum(int(solver.value(v)) for (t, dd, aa, cc), v in f.items() if (dd, aa, cc) == (d, a, c))
        per_key[f"{d}/{a}"][CLASSES[c]] = {"owed": n, "sent": sent}
    return Bound(owed, {CLASSES[c]: got[c] for c in range(3)}, dict(flows), dict(capacity), dict(per_key))


def split_days(n_days: int, weights: dict[str, float]) -> dict[str, np.ndarray]:
    """Each working day to one district, in proportion to the weights (stride walk; ties by district code)."""
    total = sum(weights.values())
    names = sorted(weights)
    masks = {d: np.zeros(n_days, dtype=bool) for d in names}
    if total <= 0:
        return masks
    given = dict.fromkeys(names, 0)
    for i in range(n_days):
        d = max(names, key=lambda x: (weights[x] / total * (i + 1) - given[x], -names.index(x)))
        masks[d][i] = True
        given[d] += 1
    return masks


def split_budget(budget: int, present: dict[str, int]) -> dict[str, int]:
    """An officer's annual budget shared among districts by the days they are present there (largest remainder)."""
    total = sum(present.values())
    if total == 0:
        return dict.fromkeys(present, 0)
    raw = {d: budget * n / total for d, n in present.items()}
    out = {d: int(np.floor(v)) for d, v in raw.items()}
    left = budget - sum(out.values())
    for d in sorted(raw, key=lambda d: (-(raw[d] - out[d]), d))[:left]:
        out[d] += 1
    return out
