"""A city team's share of a district: R-SPREAD's weekly reserve and the officers' budgets (foreign33 F1).

On foreign33's b_triggers (an independent author's bureau, tests/data/foreign33_b_triggers) the gas city team
gas-140100 (one visit a day) held 39 days of district 140105, about one a week. Its weekly reserve was floored share
by share — int(0.85 × 1) = 0 — so 37 of those days took no planned visit (R-SPREAD), and its officers' budget shares
there were spent while 140106's were not. Drawn firm 911401055J97GXK5NJ (tier C, rank 4) was left out with 30 places
of its tier free. Now a share's weekly cap is its part of the team-week's (`share_week_caps`), and the sampled walk
borrows unused budget from another district's share (`borrow_for_sampled`)."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from bundle import load_bundle
from checker import check_plan
from scheduler.output import write_plan
from scheduler.plan import Plan, PlanOptions, make_plan
from scheduler.resources import build_parts, share_week_caps, spread_cap, staff, week_of

B_TRIGGERS = Path(__file__).parent / "data" / "foreign33_b_triggers"


def test_the_team_weeks_reserve_is_shared_not_floored_share_by_share() -> None:
    """Week 0: one day in A, four in B (cap 1 a day): int(0.85 × 5) = 4 planned visits, A 1 and B 3 — floored share
    by share it was 0 + 3. Week 1: both shares alike, an odd total. Week 2: nothing in A."""
    week = np.array([0] * 5 + [1] * 4 + [2] * 2)
    a = np.array([1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0])
    b = np.array([0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1])
    caps = share_week_caps({"A": a, "B": b}, week, 0.15)
    assert caps["A"][0] + caps["B"][0] == spread_cap(5, 0.15) == 4 and caps["A"][0] == 1
    assert caps["A"][1] + caps["B"][1] == spread_cap(4, 0.15) == 3 and sorted((caps["A"][1], caps["B"][1])) == [1, 2]
    assert caps["A"][2] == 0 and caps["B"][2] == spread_cap(2, 0.15) == 1
    for d, have in (("A", a), ("B", b)):
        for w in (0, 1, 2):
            assert caps[d][w] <= have[week == w].sum()
    # no reserve: every share its whole capacity
    assert share_week_caps({"A": a, "B": b}, week, 0.0) == {"A": {0: 1, 1: 2, 2: 0}, "B": {0: 4, 1: 2, 2: 2}}


def test_every_city_teams_weekly_caps_sum_to_the_team_weeks() -> None:
    """On a whole bureau: per city team and week, the shares' caps add up to the team-week's own (`spread_cap` of its
    capacity over every district), and a district team keeps its own."""
    bundle = load_bundle(B_TRIGGERS)
    parts, _, split = build_parts(bundle, staff(bundle), {})
    week = week_of(bundle.workdays)
    reserve = bundle.policy.reserve_capacity_ratio
    total: dict[tuple[str, int], int] = defaultdict(int)
    given: dict[tuple[str, int], int] = defaultdict(int)
    for part in parts.values():
        for slices in part.slices.values():
            for sl in slices:
                if sl.team_id not in split:
                    assert sl.week_cap is None
                    continue
                assert sl.week_cap is not None
                for w in np.unique(week):
                    total[(sl.team_id, int(w))] += int(sl.onsite_cap[week == w].sum())
                    given[(sl.team_id, int(w))] += sl.week_cap[int(w)]
    assert split and total
    assert {k: spread_cap(v, reserve) for k, v in total.items()} == dict(given)


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Plan]:
    out = tmp_path_factory.mktemp("b_triggers")
    plan = make_plan(load_bundle(B_TRIGGERS), PlanOptions(processes=1, use_solver=False))
    write_plan(plan, out)
    return out, plan


def test_a_drawn_firm_of_a_city_teams_small_share_is_placed(planned: tuple[Path, Plan]) -> None:
    out, plan = planned
    assert plan.status["911401055J97GXK5NJ"] == "sampled"
    visits = [p for p in plan.placed if p.entry.enterprise_id == "911401055J97GXK5NJ" and p.entry.basis == "sampled"]
    assert [p.teams["gas"] for p in visits] == ["gas-140100"] and visits[0].entry.district == "140105"
    assert plan.bundle.workdays[visits[0].day].isoformat() in plan.city_split["gas-140100"]["140105"]["days"]
    assert [str(v) for v in check_plan(load_bundle(B_TRIGGERS), out)] == []


def test_the_city_officers_year_budgets_hold_over_the_shares(planned: tuple[Path, Plan]) -> None:
    """Budget lent between shares never lets an officer past the year's own (R-AVAIL); the shares written for the
    auditor (officer_draw.json `city_team_days`) add up to what each officer drew."""
    _, plan = planned
    drawn: dict[str, int] = defaultdict(int)
    for p in plan.placed:
        if p.entry.mode == "onsite":
            for os in p.officers.values():
                for o in os:
                    drawn[o] += 1
    budget = dict(zip(plan.bundle.officers.officer_id, plan.bundle.officers.annual_visit_budget, strict=True))
    for tid, shares in plan.city_split.items():
        for o in {o for s in shares.values() for o in s["budgets"]}:
            assert sum(s["budgets"].get(o, 0) for s in shares.values()) == drawn[o] <= budget[o], (tid, o)


def test_equal_shares_take_the_odd_visit_in_turn() -> None:
    """review33b: a city team at one visit a day whose days are shared evenly among five districts, one day a week each.
    The team-week takes int(0.85 × 5) = 4; ties broken by district alone gave the fifth none all year. Each share is now
    owed what it was not given, so each takes 4 weeks in 5."""
    weeks = 52
    week = np.repeat(np.arange(weeks), 5)
    shares = {f"d{i}": np.tile(np.eye(5, dtype=np.int64)[i], weeks) for i in range(5)}
    caps = share_week_caps(shares, week, 0.15)
    per_week = [sum(caps[d][w] for d in shares) for w in range(weeks)]
    assert per_week == [4] * weeks
    year = {d: sum(caps[d].values()) for d in shares}
    assert sum(year.values()) == 4 * weeks and max(year.values()) - min(year.values()) <= 1, year


def test_a_failed_retry_on_borrowed_budget_leaves_the_staffing_as_it_was() -> None:
    """review33b: firm F's first agency-visit fits on budget borrowed from 140404 only once the exact staffing re-staffs
    mandatory M0 onto the borrowed unit; its second does not fit, so F is not placed and the unit goes back. The teams'
    staffing must go back too: no officer over the budget its share holds, and the officers' draw over both shares
    staffs every seat (it raised "booked seats cannot be staffed")."""
    import dataclasses

    from tiny_part import entry, part

    from scheduler.plan import city_flow, draw_officers, make_visits, walk_sampled
    from scheduler.requirements import Requirements
    from scheduler.select import Selection
    from scheduler.state import PartState, Rules

    rules = Rules(k=2, per_officer_day=1, remote_per_officer_day=8, gap_entries=0, gap_repeat=0, reserve=0.0, max_entries=9, max_agency=9)
    c = "hb-140400"
    host_away = {f"{c}-0": [3, 4], f"{c}-1": [1, 2, 3, 4], f"{c}-2": [1, 2, 3, 4], f"{c}-3": [0, 3, 4], f"{c}-4": [0, 1, 2, 3]}
    donor_away = {f"{c}-0": [0, 1, 2, 3, 4], f"{c}-1": [0, 1, 2, 3, 4], f"{c}-2": [0, 1, 2, 4], f"{c}-3": [0, 1, 2, 4], f"{c}-4": [0, 1, 2, 3, 4]}
    pa, sa, days = part(5, {c: ("hb", 5, 4)}, budget={f"{c}-0": 1, f"{c}-1": 1, f"{c}-2": 0, f"{c}-3": 1, f"{c}-4": 1}, away=host_away, rules=rules)
    pb, sb, _ = part(5, {c: ("hb", 5, 4)}, budget={f"{c}-0": 0, f"{c}-1": 0, f"{c}-2": 1, f"{c}-3": 1, f"{c}-4": 0}, away=donor_away, rules=rules)
    pb = dataclasses.replace(pb, district="140404")
    host, donor = PartState(pa, sa, rules, days), PartState(pb, sb, rules, days)
    states = {"140403": host, "140404": donor}
    split = {c: {"140403": {"days": [], "budgets": {}}, "140404": {"days": [], "budgets": {}}}}

    def ent(key: str, w: tuple[int, int], basis: str = "sampled", eid: str | None = None, index: int = 0, district: str = "140403"):  # type: ignore[no-untyped-def]
        return dataclasses.replace(entry(key, w, basis=basis, enterprise=eid, index=index), district=district)

    assert host.place(ent("M0", (0, 0), basis="mandatory"), 0, c) is None
    f1, f2 = ent("F1", (1, 1), eid="F", index=0), ent("F2", (2, 2), eid="F", index=1)
    g, h = ent("G", (2, 2), eid="G"), ent("Hd", (3, 3), eid="Hd", district="140404")
    req = Requirements([], {}, {"C": 3}, {"C": ["F", "G", "Hd"]}, {}, set(), [], {})
    sel = Selection({}, {}, {}, {}, {"F": [f1, f2], "G": [g], "Hd": [h]})
    import scheduler.plan as plan_module

    tried: list[str] = []
    borrow = plan_module.borrow_for_sampled
    plan_module.borrow_for_sampled = lambda s, sp, es: (tried.append(es[0].enterprise_id), borrow(s, sp, es))[1]  # type: ignore[assignment]
    try:
        status, _ = walk_sampled(req, sel, states, set(), {}, split)  # type: ignore[arg-type]
    finally:
        plan_module.borrow_for_sampled = borrow
    assert status["F"] == "capacity" and "F" in tried  # F was tried again on borrowed budget, and failed
    for st in states.values():
        f = st.flows[c]
        assert all(f.year_count[o] <= f.budget[o] for o in f.officers), (st.part.district, dict(f.year_count), f.budget)
    year = {o: sa.budget[o] + sb.budget[o] for o in sa.budget}
    assert city_flow(c, [host.flows[c], donor.flows[c]], year).solve({}) is not None
    draw_officers(states, make_visits(states), "s", year, split)  # type: ignore[arg-type]
