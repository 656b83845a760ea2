"""An independent capacity bound 检查力量上界 for a plan, from the bundle and selection.csv alone.

Each team's **pair-feasible capacity** (notes/capacity-bound.md): with officer o able to make
u_o = min(annual budget, day cap × days present and certified) on-site visits, the team can
staff at most the largest V with Σ_o min(u_o, V) ≥ k·V (k = officers_per_agency_on_visit,
no officer sits in two seats of one visit), and at most Σ over working days of
min(max_visits_per_day, ⌊present that day × day cap ÷ k⌋).

A transport model then sends that capacity from teams to the on-site agency-visits owed per
(district, agency) — a district team or its city-level team (R-TEAM) — solved exactly as a
max flow (OR-Tools). It ignores days, gaps, entry caps, recusals and the reserve, so no plan
beats it. Classes are served in R-PRIORITY's order: the bound on mandatory visits is the
flow added once triggers and follow-ups are at their maximum, and so on. Remote checks use
no on-site budget and are counted as placeable.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TypedDict

from ortools.graph.python import max_flow

from checker.facts import Context
from checker.lottery import tier_places
from checker.rules import trigger_window, unmet_follow_ups, unmet_triggers, year_workdays

CLASSES = ("required", "mandatory", "sampled")  # triggers + follow-ups; mandatory; sampled (agency-visits)


@dataclass
class Bound:
    team_capacity: dict[str, int]
    owed: dict[str, int]  # agency-visits each class asks for (on site and remote)
    bound: dict[str, int]  # the most any plan can place of each, classes served in order
    placed: dict[str, int] = field(default_factory=dict)  # what the plan placed
    triggers_owed: int = 0
    triggers_placed: int = 0

    def share(self, cls: str) -> float | None:
        """Placed as a share of what could be: min(owed, bound). Sampled may pass 100% where a skipped enterprise's
        place went to one with more agencies."""
        most = min(self.owed[cls], self.bound[cls])
        return self.placed.get(cls, 0) / most if most else None


def pair_feasible(u: list[int], k: int) -> int:
    """The largest V with Σ min(u_o, V) ≥ k·V: the visits k distinct officers with capacities u can staff."""
    lo, hi = 0, sum(u) // max(k, 1)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if sum(min(x, mid) for x in u) >= k * mid:
            lo = mid
        else:
            hi = mid - 1
    return lo


def team_capacity(ctx: Context) -> dict[str, int]:
    pol, k = ctx.policy, ctx.policy.officers_per_agency_on_visit
    start = dt.date(ctx.year, 1, 1)
    days = [d for d in (start + dt.timedelta(days=i) for i in range(366)) if d.year == ctx.year and ctx.is_workday(d)]
    u: dict[str, list[int]] = defaultdict(list)
    present: dict[str, Counter[dt.date]] = defaultdict(Counter)
    for team, members in ctx.team_enforcement.items():
        for o in members:
            here = [d for d in days if ctx.certified(o, d) and ctx.present(o, d)]
            u[team].append(min(ctx.officers[o].budget, pol.max_visits_per_officer_per_day * len(here)))
            present[team].update(here)
    out = {}
    for team, t in ctx.teams.items():
        by_days = sum(min(t.day_cap, n * pol.max_visits_per_officer_per_day // k) for n in present[team].values())
        out[team] = min(pair_feasible(u[team], k), by_days)
    return out


def _remote(ctx: Context, eid: str, tier: str, agency_items: list[str]) -> bool:
    """R-REMOTE: this agency's check of this enterprise is remote (monitored, tier not on-site-required, all items remote)."""
    return (ctx.enterprises[eid][2] and tier not in ctx.policy.onsite_required_tiers
            and all(ctx.items[i][2] for i in agency_items))


def demand(ctx: Context) -> tuple[dict[str, Counter[tuple[str, str]]], dict[str, int], int]:
    """Per class: on-site agency-visits that may be placed per (district, agency) and remote ones; for `sampled`
    that is every pool member (a skipped enterprise's place goes to the next), so the third value caps it: the
    agency-visits of the `places` members of each pool that owe the most."""
    pol = ctx.policy
    onsite: dict[str, Counter[tuple[str, str]]] = {c: Counter() for c in CLASSES}
    remote: Counter[str] = Counter()
    for tid, _ in _owed_triggers(ctx):
        t = ctx.triggers[tid]
        onsite["required"][(ctx.enterprises[t.enterprise_id][0], t.agency)] += 1
    for e, a in sorted(ctx.unrectified_last_year):
        if e in ctx.enterprises and a in ctx.agency_items(e):
            onsite["required"][(ctx.enterprises[e][0], a)] += 1
    pools: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for r in ctx.selection:
        eid, tier = r["enterprise_id"], r["tier"]
        if tier not in pol.tiers or eid not in ctx.enterprises or not ctx.agency_items(eid):
            continue
        if pol.tiers[tier].sample_ratio >= 1:
            _owe(ctx, eid, tier, "mandatory", onsite, remote)
        elif r["draw_rank"].isdigit():
            pools[tier].append((int(r["draw_rank"]), eid))
    places_cap = 0
    for tier, pool in pools.items():
        sizes = []
        for _, eid in sorted(pool):
            before = sum(onsite["sampled"].values()) + remote["sampled"]
            _owe(ctx, eid, tier, "sampled", onsite, remote)
            sizes.append(sum(onsite["sampled"].values()) + remote["sampled"] - before)
        places_cap += sum(sorted(sizes, reverse=True)[: tier_places(pol.tiers[tier].sample_ratio, len(pool))])
    return onsite, dict(remote), places_cap


def sampled_owed(ctx: Context) -> int:
    """Agency-visits the lottery asks for: those of the first `places` of each pool in draw order."""
    pol, n = ctx.policy, 0
    pools: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for r in ctx.selection:
        tier = r["tier"]
        if tier in pol.tiers and pol.tiers[tier].sample_ratio < 1 and r["draw_rank"].isdigit() and r["enterprise_id"] in ctx.enterprises:
            pools[tier].append((int(r["draw_rank"]), r["enterprise_id"]))
    for tier, pool in pools.items():
        visits = min(pol.tiers[tier].visits, pol.max_visits_per_agency_per_enterprise)
        for _, eid in sorted(pool)[: tier_places(pol.tiers[tier].sample_ratio, len(pool))]:
            n += visits * len(ctx.agency_items(eid))
    return n


def _owe(ctx: Context, eid: str, tier: str, cls: str, onsite: dict[str, Counter[tuple[str, str]]], remote: Counter[str]) -> None:
    visits = min(ctx.policy.tiers[tier].visits, ctx.policy.max_visits_per_agency_per_enterprise)
    for a, items in ctx.agency_items(eid).items():
        if _remote(ctx, eid, tier, items):
            remote[cls] += visits
        else:
            onsite[cls][(ctx.enterprises[eid][0], a)] += visits


def _owed_triggers(ctx: Context) -> list[tuple[str, str]]:
    """Triggers the plan year owes a visit (window not closed before it) whose agency has items for the enterprise."""
    return [(tid, t.agency) for tid, t in sorted(ctx.triggers.items())
            if trigger_window(ctx, tid) is not None and t.agency in ctx.agency_items(t.enterprise_id)]


def transport(ctx: Context, cap: dict[str, int], onsite: dict[str, Counter[tuple[str, str]]]) -> dict[str, int]:
    """Lexicographic max flow: teams → (district, agency) → classes in R-PRIORITY order; the flow each class adds."""
    sinks = sorted({k for c in CLASSES for k in onsite[c]})
    node = {k: 2 + len(cap) + i for i, k in enumerate(sinks)}
    team_node = {t: 2 + i for i, t in enumerate(sorted(cap))}
    tails: list[int] = []
    heads: list[int] = []
    caps: list[int] = []
    for t, n in team_node.items():
        tails.append(0)
        heads.append(n)
        caps.append(cap[t])
        for (district, agency), m in node.items():
            if ctx.teams[t].agency == agency and ctx.may_work_in(t, district):
                tails.append(n)
                heads.append(m)
                caps.append(10**9)
    out: dict[str, int] = {}
    total = 0
    demand_so_far: Counter[tuple[str, str]] = Counter()
    for cls in CLASSES:
        demand_so_far.update(onsite[cls])
        mf = max_flow.SimpleMaxFlow()
        mf.add_arcs_with_capacity(tails + [node[k] for k in sinks], heads + [1] * len(sinks), caps + [demand_so_far[k] for k in sinks])
        mf.solve(0, 1)
        flow = mf.optimal_flow()
        out[cls], total = flow - total, flow
    return out


def placed(ctx: Context) -> tuple[dict[str, int], int, int]:
    """Agency-visits the plan placed per class, and triggers owed / placed."""
    n: Counter[str] = Counter()
    for v in ctx.visits:
        if v.basis in ("mandatory", "sampled"):
            n[v.basis] += len(v.agencies)
    owed = _owed_triggers(ctx)
    unmet = unmet_triggers(ctx)
    met_triggers = sum(1 for tid, _ in owed if tid not in unmet)
    fu_owed = [(e, a) for e, a in ctx.unrectified_last_year if e in ctx.enterprises and a in ctx.agency_items(e)]
    missing_fu = set(unmet_follow_ups(ctx))
    n["required"] = met_triggers + sum(1 for k in fu_owed if k not in missing_fu)
    return dict(n), len(owed), met_triggers


def capacity_bound(ctx: Context) -> Bound:
    cap = team_capacity(ctx)
    onsite, remote, places_cap = demand(ctx)
    owed = {c: sum(onsite[c].values()) + remote.get(c, 0) for c in CLASSES}
    # triggers and follow-ups no plan can place (no day with k officers who may go) take no capacity: the bound on the
    # classes after them assumes class 0 at its maximum, which does not include them
    for vid in trigger_days(ctx, cap)["no_day"]:
        if "|follow_up|" in vid:
            eid, _, agency = vid.split("|")
        else:
            eid, agency = ctx.triggers[vid].enterprise_id, ctx.triggers[vid].agency
        onsite["required"][(ctx.enterprises[eid][0], agency)] -= 1
    flow = transport(ctx, cap, onsite)
    owed["sampled"] = sampled_owed(ctx)
    bound = {c: flow[c] + remote.get(c, 0) for c in CLASSES}
    bound["sampled"] = min(bound["sampled"], places_cap)
    got, t_owed, t_placed = placed(ctx)
    return Bound(cap, owed, bound, got, t_owed, t_placed)


class DayBound(TypedDict):
    """The day-aware bound on triggers and follow-ups: owed, the most any plan can place, placed, those with no day."""

    owed: int
    bound: int
    placed: int
    no_day: list[str]


def trigger_days(ctx: Context, cap: dict[str, int] | None = None) -> DayBound:
    """A day-aware bound on the triggers and follow-ups any plan can place, from the bundle alone (逐日上界).

    Each trigger (its window: R-TRIGGER) or follow-up (any working day of the plan year: R-FOLLOW sets no window) may
    go on a day of its window with a team that may work in its district (R-TEAM) when k officers of that team are
    present, certified, not recused from the enterprise and have a budget (R-PAIR, R-CERT, R-RECUSE, R-AVAIL). A max
    flow sends visit → (team, day) → team (min(max_visits_per_day, ⌊present × day cap ÷ k⌋) that day) → sink (the
    team's pair-feasible capacity); every step only loosens a rule, so no plan places more. `no_day`: those with no
    such (team, day) at all. `placed` counts the plan's, as `placed()` does."""
    pol = ctx.policy
    k, per_day = pol.officers_per_agency_on_visit, pol.max_visits_per_officer_per_day
    cap = team_capacity(ctx) if cap is None else cap
    days = year_workdays(ctx)
    # per team: officer → the set of working days they may sit (present, certified, with a budget)
    may: dict[str, dict[str, set[dt.date]]] = {}
    for team, members in ctx.team_enforcement.items():
        may[team] = {o: {d for d in days if ctx.certified(o, d) and ctx.present(o, d)}
                     for o in members if ctx.officers[o].budget > 0}
    pairs: dict[tuple[str, dt.date], int] = {}
    present: dict[str, Counter[dt.date]] = {}
    for team, by_off in may.items():
        count: Counter[dt.date] = Counter()
        for ds in by_off.values():
            count.update(ds)
        present[team] = count
        for d, n in count.items():
            if n >= k:
                pairs[(team, d)] = min(ctx.teams[team].day_cap, n * per_day // k)
    recused_from: dict[str, set[str]] = defaultdict(set)
    for o, e in ctx.recused:
        recused_from[e].add(o)
    wanted: list[tuple[str, str, str, dt.date, dt.date]] = []  # id, enterprise, agency, first day, last day
    for tid, agency in _owed_triggers(ctx):
        w = trigger_window(ctx, tid)
        if w is not None:
            wanted.append((tid, ctx.triggers[tid].enterprise_id, agency, w[0], w[1]))
    for e, a in sorted(ctx.unrectified_last_year):
        if e in ctx.enterprises and a in ctx.agency_items(e):
            wanted.append((f"{e}|follow_up|{a}", e, a, dt.date(ctx.year, 1, 1), dt.date(ctx.year, 12, 31)))
    node: dict[object, int] = {}

    def nid(x: object) -> int:
        return node.setdefault(x, 2 + len(node))

    tails: list[int] = []
    heads: list[int] = []
    caps: list[int] = []
    no_day: list[str] = []
    for vid, eid, agency, first, last in wanted:
        district = ctx.enterprises[eid][0]
        arcs = 0
        for team in sorted(may):
            if ctx.teams[team].agency != agency or not ctx.may_work_in(team, district) or cap.get(team, 0) <= 0:
                continue
            away = [ds for o, ds in may[team].items() if o in recused_from.get(eid, ())]
            for d in days[bisect.bisect_left(days, first):bisect.bisect_right(days, last)]:
                if (team, d) in pairs and present[team][d] - sum(d in ds for ds in away) >= k:
                    tails.append(nid(("visit", vid)))
                    heads.append(nid(("day", team, d)))
                    caps.append(1)
                    arcs += 1
        if arcs:
            tails.append(0)
            heads.append(nid(("visit", vid)))
            caps.append(1)
        else:
            no_day.append(vid)
    for x in list(node):
        if isinstance(x, tuple) and x[0] == "day":
            _, team, d = x
            tails.append(node[x])
            heads.append(nid(("team", team)))
            caps.append(pairs[(team, d)])
    for x in list(node):
        if isinstance(x, tuple) and x[0] == "team":
            tails.append(node[x])
            heads.append(1)
            caps.append(cap[x[1]])
    flow = 0
    if tails:
        mf = max_flow.SimpleMaxFlow()
        mf.add_arcs_with_capacity(tails, heads, caps)
        if mf.solve(0, 1) == mf.OPTIMAL:
            flow = mf.optimal_flow()
    got, _, _ = placed(ctx)
    return {"owed": len(wanted), "bound": int(flow), "placed": got.get("required", 0), "no_day": sorted(no_day)}
