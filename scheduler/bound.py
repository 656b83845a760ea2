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

from array import array
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypedDict

import numpy as np
from ortools.graph.python import max_flow
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
    trigger_days: DayBound | None = None  # the day-aware bound on class 0 (`trigger_days`)

    def as_json(self) -> dict[str, object]:
        return {"classes": {c: {"owed": self.owed[c], "bound": self.bound[c]} for c in CLASSES},
                **({"trigger_days": self.trigger_days} if self.trigger_days else {}),
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


def split_days(n_days: int, weights: dict[str, float], pinned: dict[int, str] | None = None) -> dict[str, np.ndarray]:
    """Each working day to one district, in proportion to the weights (stride walk; ties by district code). A pinned
    day goes to its district first (`pin_days`) and counts towards that district's share."""
    pinned = pinned or {}
    total = sum(weights.values())
    names = sorted(set(weights) | set(pinned.values()))
    masks = {d: np.zeros(n_days, dtype=bool) for d in names}
    given = dict.fromkeys(names, 0)
    for i, d in pinned.items():
        masks[d][i] = True
        given[d] += 1
    if total <= 0:
        return masks
    share = {x: weights.get(x, 0.0) / total for x in names}
    for i in range(n_days):
        if i in pinned:
            continue
        d = max(names, key=lambda x: (share[x] * (i + 1) - given[x], -names.index(x)))
        masks[d][i] = True
        given[d] += 1
    return masks


def pair_days(available: list[np.ndarray], day_cap: int, k: int, per_day: int, n_days: int) -> np.ndarray:
    """A team's on-site visits per working day from who is present (R-PAIR, R-AVAIL): min(max_visits_per_day,
    ⌊present × max_visits_per_officer_per_day ÷ k⌋) where at least k are present, else 0."""
    if not available:
        return np.zeros(n_days, dtype=np.int64)
    present = np.sum(available, axis=0)
    return np.where(present >= k, np.minimum(day_cap, present * per_day // k), 0).astype(np.int64)


def pin_days(required: list[tuple[str, str, int, int, str]], teams: list[tuple[str, str, str]], team_days: dict[str, np.ndarray],
             barred: Callable[[str, str], bool] | None = None, stranded: list[tuple[str, str, int, int, str]] | None = None
             ) -> dict[str, dict[int, tuple[str, int]]]:
    """City team → working day → (the district that needs that day, how many of its visits need it), before
    `split_days` shares out the rest.

    `required`: (district, agency, first day, last day, enterprise) of each on-site trigger and follow-up (R-PRIORITY's
    first class); `stranded`: mandatory visits (the second class) whose district's own teams have no day in their
    window at all (certificates that expire in spring), pinned after the first class (developer_distress: a tier-D
    firm's second visit that only the city team could make, in a district the stride walk gave it no day in);
    `barred(team, enterprise)`: the team has fewer than k officers who may go there (R-RECUSE), so it
    takes none of that enterprise's visits here (review23: a trigger whose district team was all recused was named
    R-RECUSE while the city team, never given a day there, could have gone). In deadline order, each takes the first day of its window on which its district's own teams still have
    room (`team_days`, R-PAIR/R-AVAIL). Those they cannot take, in deadline order and, among those due on one day, the
    district with the most of them first, each pin the first day of its window a city team of its agency has room on
    to its district (a day already pinned there first). Without this the stride walk could give the only day of a
    trigger's window to another district, where the city team sat idle while the trigger went unvisited (bench/diag23:
    December's complaints due on the year's first working day)."""
    left = {t: d.copy() for t, d in team_days.items()}
    owner: dict[str, np.ndarray] = {t: np.full(len(d), -1, dtype=np.int64) for t, d in team_days.items()}
    codes: dict[str, int] = {}
    names: list[str] = []
    own_teams: dict[tuple[str, str], list[str]] = defaultdict(list)
    for t, a, code in teams:
        if t in left:
            own_teams[(code, a)].append(t)
    pins: dict[str, dict[int, tuple[str, int]]] = defaultdict(dict)
    eligible: dict[tuple[str, str], list[str]] = {}
    over: list[tuple[str, str, int, int, str]] = []  # what the districts' own teams cannot take

    def may(t: str, firm: str) -> bool:
        return barred is None or not barred(t, firm)

    for district, agency, lo, hi, firm in sorted(required, key=lambda x: (x[3], x[2], x[0], x[1], x[4])):
        room = [(int(np.argmax(left[t][lo:hi + 1] > 0)) + lo, t) for t in own_teams.get((district, agency), ())
                if (left[t][lo:hi + 1] > 0).any() and may(t, firm)]
        if room:
            day, t = min(room)
            left[t][day] -= 1
        else:
            over.append((district, agency, lo, hi, firm))
    # of those due on one day, the district with the most goes first: a city team's day serves one district, so the
    # one that needs it most should have it (developer_distress: one trigger of 410305 took the day three of 410311 needed)
    need = Counter((d, a, hi) for d, a, _, hi, _ in over)
    order = sorted(over, key=lambda x: (x[3], -need[(x[0], x[1], x[3])], x[2], x[0], x[1], x[4]))
    late = sorted(stranded or [], key=lambda x: (x[3], x[2], x[0], x[1], x[4]))
    for n, (district, agency, lo, hi, firm) in enumerate(order + late):
        if district not in codes:
            codes[district] = len(names)
            names.append(district)
        me = codes[district]
        if (district, agency) not in eligible:
            eligible[(district, agency)] = eligible_teams(teams, district, agency)
        for t in eligible[(district, agency)]:
            if t not in left or t in own_teams.get((district, agency), ()) or not may(t, firm):
                continue
            w_left, w_owner = left[t][lo:hi + 1] > 0, owner[t][lo:hi + 1]
            mine, free = np.flatnonzero(w_left & (w_owner == me)), np.flatnonzero(w_left & (w_owner == -1))
            if len(mine) or len(free):
                # a trigger its first day; a stranded mandatory visit the middle of its window, away from the firm's
                # other visit of the agency in the earlier part (R-GAP: 90 days)
                pick = mine if len(mine) else free
                day = int(pick[0] if n < len(order) else pick[len(pick) // 2]) + lo
                owner[t][day] = me
                pins[t][day] = (district, pins[t].get(day, (district, 0))[1] + 1)
                left[t][day] -= 1
                break
    return {t: dict(sorted(p.items())) for t, p in pins.items() if p}


def split_budget(budget: int, present: dict[str, int], floor: dict[str, int] | None = None) -> dict[str, int]:
    """An officer's annual budget shared among districts by the days they are present there (largest remainder).
    `floor` comes first: a district's pinned days (`pin_days`) × the officer's day cap, so that a day pinned to a
    district the flows gave little is not left without budget (bench/diag23: one day in 250 rounded to 0 visits)."""
    out = dict.fromkeys(present, 0)
    for d in sorted(floor or {}):
        out[d] = min((floor or {})[d], budget - sum(out.values()))
    rest = budget - sum(out.values())
    total = sum(present.values())
    if total == 0 or rest <= 0:
        return out
    raw = {d: rest * n / total for d, n in present.items()}
    base = {d: int(np.floor(v)) for d, v in raw.items()}
    left = rest - sum(base.values())
    for d in sorted(raw, key=lambda d: (-(raw[d] - base[d]), d))[:left]:
        base[d] += 1
    return {d: out[d] + base[d] for d in present}


class DayBound(TypedDict):
    """plan.json `bound.trigger_days`: triggers and follow-ups owed, the most any plan can place, those with no day."""

    owed: int
    bound: int
    no_day: list[str]
    what: str


@dataclass
class DayDemand:
    """One trigger or follow-up (R-PRIORITY class 0) as the day-aware bound sees it."""

    key: str
    enterprise: str
    district: str
    agency: str
    window: tuple[int, int]  # working-day indices, inclusive


def trigger_days(demand: list[DayDemand], teams: list[tuple[str, str, str]], officers: dict[str, list[str]],
                 available: dict[str, np.ndarray], budget: dict[str, int], recused: dict[str, set[str]],
                 day_cap: dict[str, int], capacity: dict[str, int], k: int, per_day: int) -> DayBound:
    """A day-aware bound on the triggers and follow-ups any plan can place (线索与复查的逐日上界).

    For each one, the (team, day) pairs of its window on which an eligible team (R-TEAM) has k officers present,
    certified and not recused from the enterprise (R-PAIR, R-CERT, R-RECUSE, R-AVAIL); then a max-flow
    source → visit (1) → (team, day) → team (that day's pairs: min(max_visits_per_day, ⌊present × day cap ÷ k⌋))
    → sink (the team's pair-feasible capacity of the year). Every part of it only loosens a rule, so no plan places
    more. City-level teams count on every day in every district of their city (the split among districts is the
    scheduler's own choice, not a rule). Visits with no such pair at all are listed (`no_day`): provably unplaceable."""
    team_day: dict[str, np.ndarray] = {}
    avail: dict[str, np.ndarray] = {}
    for t, _, _ in teams:
        os = [o for o in officers.get(t, []) if budget.get(o, 0) > 0]
        a = np.array([available[o] for o in os], dtype=bool) if os else np.zeros((0, 0), dtype=bool)
        avail[t] = a
        team_day[t] = pair_days(list(a), day_cap.get(t, 0), k, per_day, 0) if len(os) else np.zeros(0, dtype=np.int64)
    idx = {t: {o: i for i, o in enumerate(o for o in officers.get(t, []) if budget.get(o, 0) > 0)} for t, _, _ in teams}
    nodes: dict[tuple[str, int], int] = {}
    team_node = {t: i for i, (t, _, _) in enumerate(teams)}
    n_teams = len(teams)
    # Visits alike (district, agency, window, and no officer recused from the firm) are one node of capacity their
    # number: n alike visits may take n units from any (team, day) they share, as n nodes of 1 could, so the max-flow
    # is the same. A follow-up's window is the year (scheduler.plan.reopen_follow_ups): a province's thousands of them
    # made millions of (visit, team-day) arcs one by one (round 37: the bound's phase took the main process from
    # 715 to 1,261 MB)
    recusing = set().union(*recused.values()) if recused else set()
    alike: dict[tuple[str, str, tuple[int, int], str], list[DayDemand]] = defaultdict(list)
    for e in demand:
        alike[(e.district, e.agency, e.window, e.enterprise if e.enterprise in recusing else "")].append(e)
    tails, heads, caps = array("q"), array("q"), array("q")
    no_day: list[str] = []
    first_visit = 2 + n_teams
    for i, group in enumerate(alike.values()):
        e, n = group[0], len(group)
        vnode = first_visit + i
        arcs = 0
        for t in eligible_teams(teams, e.district, e.agency):
            cap_days = team_day[t]
            if not len(cap_days) or capacity.get(t, 0) <= 0:
                continue
            lo, hi = e.window
            ok = cap_days[lo:hi + 1] > 0
            away = [idx[t][o] for o in idx[t] if e.enterprise in recused.get(o, ())]
            if away:  # officers recused from this enterprise do not count on its days
                keep = np.ones(len(idx[t]), dtype=bool)
                keep[away] = False
                ok &= avail[t][keep][:, lo:hi + 1].sum(axis=0) >= k
            days = (np.flatnonzero(ok) + lo).tolist()
            for d in days:
                key = (t, d)
                if key not in nodes:
                    nodes[key] = first_visit + len(alike) + len(nodes)
                heads.append(nodes[key])
            tails.extend([vnode] * len(days))
            caps.extend([n] * len(days))
            arcs += len(days)
        if arcs:
            tails.append(0)
            heads.append(vnode)
            caps.append(n)
        else:
            no_day.extend(x.key for x in group)
    for (t, d), node in nodes.items():
        tails.append(node)
        heads.append(2 + team_node[t])
        caps.append(int(team_day[t][d]))
    for t, n in team_node.items():
        tails.append(2 + n)
        heads.append(1)
        caps.append(int(capacity.get(t, 0)))
    flow = 0
    if tails:
        mf = max_flow.SimpleMaxFlow()
        mf.add_arcs_with_capacity(np.frombuffer(tails, dtype=np.int64), np.frombuffer(heads, dtype=np.int64), np.frombuffer(caps, dtype=np.int64))
        if mf.solve(0, 1) == mf.OPTIMAL:
            flow = int(mf.optimal_flow())
    return {"owed": len(demand), "bound": flow, "no_day": sorted(no_day),
            "what": "max-flow: each trigger/follow-up → (eligible team, day of its window with k officers present, "
                    "certified and not recused) → team-day pairs → team's pair-feasible year capacity; no plan places more"}
