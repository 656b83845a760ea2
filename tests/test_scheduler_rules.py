"""Isolated rule tests in Timefold's style: for each hard rule of the part model, a tiny part where that rule
alone binds — solved with the rule (the solution keeps it) and without it (the would-be plan places more), so the
test fails if the constraint function is removed or mutated. Then R-PRIORITY's stages, the draw-order walk, the
exact staffing (R-PAIR with distinct officers) and R-OFFICER-DRAW."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac

from tiny_part import RULES, entry, part, solve

from scheduler import constraints
from scheduler.plan import day_held, held_back, held_days, settle_status, walk_sampled
from scheduler.requirements import Requirements
from scheduler.select import Selection
from scheduler.solve import PartJob, solve_part
from scheduler.staffing import TeamFlow
from scheduler.state import PartState


def test_r_team_workday_window_team_and_recusal() -> None:
    p, st, days = part(10, {"hb-140403": ("hb", 2, 2), "hb-140400": ("hb", 2, 2)}, recused={"hb-140403-0": {"E"}})
    got = solve(p, st, days, [entry("a", (3, 5), enterprise="E")])
    d, team = got["a"]
    assert 3 <= d <= 5
    assert team == "hb-140400"  # R-RECUSE: the district team has one officer left for E; the model picks the city team (R-TEAM)
    p, st, days = part(10, {"hb-140403": ("hb", 2, 2)}, recused={"hb-140403-0": {"E"}, "hb-140403-1": {"E"}})
    pm = constraints.build(PartState(p, st, RULES, days), [entry("a", (0, 9), enterprise="E")], 8, "t")
    assert pm.impossible == {"a": "R-RECUSE"}  # found before solving, named


def test_r_avail_team_day_cap() -> None:
    p, st, days = part(1, {"hb-1": ("hb", 4, 1)})
    two = [entry("a", (0, 0)), entry("b", (0, 0))]
    assert len(solve(p, st, days, two)) == 1  # max_visits_per_day 1 binds
    assert len(solve(p, st, days, two, without=constraints.r_avail)) == 2


def test_r_pair_officers_distinct_and_budget() -> None:
    """Budgets 3 and 1: one pair-feasible visit (not (3+1)//2 = 2), whatever the team caps allow."""
    p, st, days = part(10, {"hb-1": ("hb", 2, 2)}, budget={"hb-1-0": 3, "hb-1-1": 1})
    p.slices["hb"][0].annual_onsite = 99  # isolate the officer flow from the team's yearly cap
    many = [entry(f"e{i}", (0, 9)) for i in range(4)]
    assert len(solve(p, st, days, many)) == 1
    assert len(solve(p, st, days, many, without=constraints.r_pair_officers)) == 4
    p, st, days = part(10, {"hb-1": ("hb", 3, 2)}, budget={"hb-1-0": 5, "hb-1-1": 1, "hb-1-2": 1})
    p.slices["hb"][0].annual_onsite = 99
    assert len(solve(p, st, days, many)) == 2  # Σ min(u, V) ≥ 2V gives V = 2; budget//2 would say 3


def test_r_avail_team_year_is_pair_feasible() -> None:
    p, _st, _days = part(10, {"hb-1": ("hb", 2, 2)}, budget={"hb-1-0": 30, "hb-1-1": 12})
    assert p.slices["hb"][0].annual_onsite == 12  # a pair with budgets 30 and 12 staffs 12 visits, not 21


def test_r_spread_reserve_keeps_room_for_triggers() -> None:
    rules = dataclasses.replace(RULES, reserve=0.2)
    p, st, days = part(5, {"hb-1": ("hb", 2, 1)}, rules=rules)  # one visit a day, 5 a week, 4 for planned
    planned = [entry(f"s{i}", (0, 4)) for i in range(5)]
    assert len(solve(p, st, days, planned, rules)) == 4
    assert len(solve(p, st, days, planned, rules, without=constraints.r_spread)) == 5
    mixed = [*planned[:4], entry("t", (0, 4), basis="triggered")]
    assert len(solve(p, st, days, mixed, rules)) == 5


def test_r_joint_one_entry_a_day_agencies_merge() -> None:
    p, st, days = part(1, {"hb-1": ("hb", 4, 4), "um-1": ("um", 4, 4)})
    two_groups = [entry("t", (0, 0), "um", basis="triggered", enterprise="E"), entry("s", (0, 0), "hb", enterprise="E")]
    assert set(solve(p, st, days, two_groups)) == {"t"} or set(solve(p, st, days, two_groups)) == {"s"}
    assert len(solve(p, st, days, two_groups, without=constraints.r_joint)) == 2
    one_group = [entry("h", (0, 0), "hb", enterprise="E"), entry("u", (0, 0), "um", enterprise="E")]
    assert len(solve(p, st, days, one_group)) == 2  # two agencies of one group on one day: one joint row


def test_r_gap_repeat_and_entries() -> None:
    p, st, days = part(60, {"hb-1": ("hb", 4, 4), "um-1": ("um", 4, 4)})  # 60 workdays ≈ 12 weeks
    one_agency = [entry("v1", (0, 59), enterprise="E", index=0), entry("v2", (0, 59), enterprise="E", index=1)]
    assert len(solve(p, st, days, one_agency)) == 1  # 90 days between visits of one agency cannot fit
    assert len(solve(p, st, days, one_agency, without=constraints.r_gap)) == 2
    two = [entry("h", (0, 59), "hb", enterprise="E", index=0), entry("u", (0, 59), "um", enterprise="E", index=1)]
    got = solve(p, st, days, two)
    assert len(got) == 2 and abs((days[got["h"][0]] - days[got["u"][0]]).days) >= 30
    exempt = [entry("s", (0, 0), "hb", enterprise="E"), entry("t", (1, 1), "hb", basis="triggered", enterprise="E")]
    assert len(solve(p, st, days, exempt)) == 2  # R-EXEMPT: a triggered visit needs no gap


def test_r_cap_agency_and_entries() -> None:
    rules = dataclasses.replace(RULES, gap_entries=0, gap_repeat=0, max_agency=2, max_entries=2)
    p, st, days = part(5, {"hb-1": ("hb", 8, 8), "um-1": ("um", 8, 8), "gas-1": ("gas", 8, 8)}, rules=rules)
    three = [entry(f"v{i}", (0, 4), enterprise="E", index=i) for i in range(3)]
    assert len(solve(p, st, days, three, rules)) == 2  # R-CAP-AGENCY
    assert len(solve(p, st, days, three, rules, without=constraints.r_cap)) == 3
    agencies = [entry(f"a{i}", (0, 4), a, enterprise="F", index=i) for i, a in enumerate(("hb", "um", "gas"))]
    assert len(solve(p, st, days, agencies, rules)) == 2  # R-CAP-ENTRY: three entry days, the cap is 2
    assert len(solve(p, st, days, agencies, rules, without=constraints.r_cap)) == 3


def _job(entries, p, st, days, use_solver=True):  # type: ignore[no-untyped-def]
    return PartJob(p, st, RULES, days, entries, 1.0, 8, "t", use_solver)


def test_r_priority_triggers_before_mandatory() -> None:
    """One visit a day, one day: the trigger wins over mandatory visits, in the model and in the greedy."""
    p, st, days = part(1, {"hb-1": ("hb", 2, 1)})
    es = [entry("m1", (0, 0)), entry("m2", (0, 0), enterprise="F"), entry("t", (0, 0), basis="triggered", enterprise="G")]
    for solver in (True, False):
        r = solve_part(_job(es, p, st, days, solver))
        assert [k for k, *_ in r.placed] == ["t"]
        assert set(r.unplaced) == {"m1", "m2"}


def test_r_priority_mandatory_not_dropped_for_a_partner() -> None:
    """Two agencies of one group: one agency's team cannot come that day; the other still comes (no joint-or-nothing)."""
    p, st, days = part(3, {"hb-1": ("hb", 2, 2), "um-1": ("um", 2, 2)}, away={"um-1-0": [0, 1, 2]})
    es = [entry("h", (0, 2), "hb", enterprise="E"), entry("u", (0, 2), "um", enterprise="E")]
    r = solve_part(_job(es, p, st, days))
    assert [k for k, *_ in r.placed] == ["h"] and set(r.unplaced) == {"u"}


def _walk(pool: list[str], places: int, by_ent, p, st, days, held=None):  # type: ignore[no-untyped-def]
    req = Requirements([], {e: i + 1 for i, e in enumerate(pool)}, {"C": places}, {"C": pool}, {}, set(), [], {})
    sel = Selection({}, {}, {}, {}, by_ent, [])
    state = PartState(p, st, RULES, days)
    status, _ = walk_sampled(req, sel, {"140403": state}, held)
    return status, sel


def test_r_priority_unmet_mandatory_holds_back_sampled() -> None:
    """A mandatory hb visit in 140403 is unmet for capacity: no sampled enterprise needing hb there is placed (it would
    use what the mandatory visit could have used), one needing only um is; an impossible requirement holds nothing back."""
    p, st, days = part(5, {"hb-1": ("hb", 2, 2), "um-1": ("um", 2, 2)})
    by_ent = {"e1": [entry("e1", (0, 4), "hb", basis="sampled", rank=1)], "e2": [entry("e2", (0, 4), "um", basis="sampled", rank=2)]}
    m = entry("m", (0, 4), "hb")
    held = held_back({"140403": [m]}, {"m": "R-AVAIL: annual budgets"})
    assert held == {("140403", "hb")}
    status, sel = _walk(["e1", "e2"], 2, by_ent, p, st, days, held)
    assert status == {"e1": "capacity", "e2": "sampled"} and "R-PRIORITY" in sel.skipped["e1"]
    assert sel.skipped_zh["e1"] == "140403辖区hb的必检任务尚有未能安排的，抽查让位（R-PRIORITY）"  # reason_zh's words
    assert held_back({"140403": [m]}, {"m": "R-RECUSE: every certified officer recused"}) == set()
    status, _ = _walk(["e1", "e2"], 2, by_ent, p, st, days, set())
    assert status == {"e1": "sampled", "e2": "sampled"}


def test_r_priority_a_trigger_held_by_its_full_day_holds_back_that_day_only() -> None:
    """hb's one team, one visit a day, is booked on day 0 by trigger t1; trigger t2, due on day 0 too, is unmet. What
    t2 could have used is day 0, not the year: a sampled hb enterprise still goes, on another day (bench/diag23: a
    district lost all its sampled visits of the agency for one December complaint). A trigger whose day has room, or a
    mandatory visit, still holds back the whole district (R-PRIORITY, invariant 11)."""
    p, st, days = part(5, {"hb-1": ("hb", 2, 1)})
    state = PartState(p, st, RULES, days)
    t1, t2 = entry("t1", (0, 0), basis="triggered", enterprise="F"), entry("t2", (0, 0), basis="triggered", enterprise="G")
    assert state.place(t1, 0, "hb-1") is None
    states, required, unplaced = {"140403": state}, {"140403": [t1, t2]}, {"t2": "R-AVAIL"}
    assert day_held(t2, states) and held_back(required, unplaced, states) == set()
    assert held_days(required, unplaced, states) == {("140403", "hb"): {0}}
    e1 = entry("e1", (0, 4), "hb", basis="sampled", rank=1)
    req = Requirements([], {"e1": 1}, {"C": 1}, {"C": ["e1"]}, {}, set(), [], {})
    sel = Selection({}, {}, {}, {}, {"e1": [e1]}, [])
    status, _ = walk_sampled(req, sel, states, set(), held_days(required, unplaced, states))
    assert status == {"e1": "sampled"} and state.placed["e1"].day != 0
    # the same trigger with room on its day (the team's cap is 2): not held by its day, the district is held back
    p2, st2, _ = part(5, {"hb-1": ("hb", 2, 2)})
    roomy = {"140403": PartState(p2, st2, RULES, days)}
    assert not day_held(t2, roomy) and held_back(required, unplaced, roomy) == {("140403", "hb")}
    assert not day_held(entry("m", (0, 0)), states)  # a mandatory visit: never by its days


def test_day_held_reads_every_day_of_a_short_window_and_the_firms_own_visits() -> None:
    """Days 2–3: day 2 full (t1), day 3 taken by G's own visit (its mandatory visit): t2 of G is held by its days, and
    held_days names both, not days 0–1 or 4. With day 3 free instead it is not; a remote trigger, a window of 21 working
    days (SHORT_WINDOW: 20 is short) and a trigger placed or impossible hold no days."""
    p, st, days = part(25, {"hb-1": ("hb", 2, 1)})
    state = PartState(p, st, RULES, days)
    t1 = entry("t1", (2, 3), basis="triggered", enterprise="F")
    own = entry("g", (0, 24), enterprise="G")
    t2 = entry("t2", (2, 3), basis="triggered", enterprise="G")
    assert state.place(t1, 2, "hb-1") is None and state.place(own, 3, "hb-1") is None
    states, required = {"140403": state}, {"140403": [t1, own, t2]}
    assert day_held(t2, states)
    assert held_days(required, {"t2": "R-AVAIL"}, states) == {("140403", "hb"): {2, 3}}
    assert held_days(required, {}, states) == {} and held_days(required, {"t2": "R-RECUSE"}, states) == {}
    state.remove(state.placed["g"])
    assert not day_held(t2, states)  # day 3 free: room left on its days
    assert not day_held(entry("r", (2, 3), basis="triggered", mode="remote", enterprise="G"), states)
    full = PartState(p, st, RULES, days)
    for d in range(21):
        full.place(entry(f"x{d}", (d, d), basis="triggered", enterprise=f"X{d}"), d, "hb-1")
    assert day_held(entry("w20", (0, 19), basis="triggered", enterprise="W"), {"140403": full})  # 20 days, all full: short
    assert not day_held(entry("w21", (0, 20), basis="triggered", enterprise="W"), {"140403": full})  # 21: not short
    assert not day_held(t2, {"140499": state})  # no part for its district


def test_r_sample_strict_draw_order() -> None:
    """Rank 1 cannot be placed (its agency has no team here): rank 2 and 3 take the places; rank 4 is not drawn."""
    p, st, days = part(5, {"hb-1": ("hb", 2, 2)})
    by_ent = {f"e{i}": [entry(f"e{i}", (0, 4), "gas" if i == 1 else "hb", basis="sampled", rank=i)] for i in range(1, 5)}
    status, sel = _walk(["e1", "e2", "e3", "e4"], 2, by_ent, p, st, days)
    assert status == {"e1": "capacity", "e2": "sampled", "e3": "sampled", "e4": "not_drawn"}
    assert "R-TEAM" in sel.skipped["e1"]
    # one visit in the year: rank 1 takes it, rank 2 is skipped for capacity, never the other way round
    p, st, days = part(5, {"hb-1": ("hb", 2, 2)}, budget=1)
    status, _ = _walk(["e2", "e3"], 2, {k: by_ent[k] for k in ("e2", "e3")}, p, st, days)
    assert status == {"e2": "sampled", "e3": "capacity"}


def test_staffing_pair_feasible_and_recusal() -> None:
    f = TeamFlow("hb-1", ["a", "b"], {"a": _ones(40), "b": _ones(40)}, {"a": 30, "b": 12}, {}, 2)
    placed = sum(f.try_add(f"v{i}", i, "E", 2) for i in range(20))
    assert placed == 12  # the pair staffs 12 visits, then nobody can sit beside a
    f = TeamFlow("hb-1", ["a", "b", "c"], {o: _ones(3) for o in "abc"}, dict.fromkeys("abc", 5), {"a": {"E"}}, 2)
    assert f.try_add("v", 0, "E", 2) and "a" not in f.assign["v"]
    assert not f.try_add("w", 0, "E", 3)  # R-RECUSE: only b and c may go to E


def _ones(n: int):  # type: ignore[no-untyped-def]
    import numpy as np

    return np.ones(n, dtype=bool)


def _key(seed: str, vid: str, o: str) -> bytes:
    return hmac.new(seed.encode(), f"officer|{vid}|{o}".encode(), hashlib.sha256).digest()


def test_r_officer_draw_takes_hmac_order_and_skips_only_who_is_needed_later() -> None:
    # a has budget 1; the later visit is at Y, from which b is recused: only a and c can go there
    seed = next(s for s in (f"s{i}" for i in range(200)) if sorted("abc", key=lambda o: _key(s, "V1", o))[0] == "a")
    f = TeamFlow("hb-1", ["a", "b", "c"], {o: _ones(2) for o in "abc"}, {"a": 1, "b": 5, "c": 5}, {"b": {"Y"}}, 2)
    assert f.try_add("x", 0, "X", 2) and f.try_add("y", 1, "Y", 2)
    got = f.draw([("x", "V1"), ("y", "V2")], seed)
    assert got["x"]["skipped"] == ["a"] and sorted(got["x"]["taken"]) == ["b", "c"]  # type: ignore[call-overload]
    assert sorted(got["y"]["taken"]) == ["a", "c"]  # type: ignore[call-overload]
    # nobody needed later: the first two in HMAC order are taken
    g = TeamFlow("hb-1", ["a", "b", "c"], {o: _ones(2) for o in "abc"}, dict.fromkeys("abc", 5), {}, 2)
    assert g.try_add("x", 0, "X", 2)
    got = g.draw([("x", "V1")], seed)
    assert got["x"]["taken"] == sorted("abc", key=lambda o: _key(seed, "V1", o))[:2] and got["x"]["skipped"] == []


def test_r_risk_higher_tier_sampled_first() -> None:
    """Room for one sampled visit, a B place and a C place: the C enterprise takes it, whatever order the pools come in
    (R-RISK: higher tiers first); the tier's taken list names it (found by mutation testing: no test held the tier order)."""
    p, st, days = part(5, {"hb-1": ("hb", 2, 2)}, budget=1)
    by_ent = {e: [entry(e, (0, 4), "hb", basis="sampled", rank=1)] for e in ("b1", "c1")}
    req = Requirements([], {"b1": 1, "c1": 1}, {"B": 1, "C": 1}, {"B": ["b1"], "C": ["c1"]}, {}, set(), [], {})
    sel = Selection({}, {}, {}, {}, by_ent, [])
    status, filled = walk_sampled(req, sel, {"140403": PartState(p, st, RULES, days)})
    assert status == {"c1": "sampled", "b1": "capacity"} and sel.sampled == {"C": ["c1"], "B": []} and filled == {"C": 1, "B": 0}


def test_selection_basis_is_a_placed_visits_when_required_visits_are_unmet() -> None:
    """plan.md: a selected enterprise's basis is one of its visits'. A tier-D enterprise whose mandatory visit is unmet
    but whose follow-up was placed is `follow_up`, not `capacity` (selected with a basis of the unselected); with
    nothing placed it is `capacity`."""
    from types import SimpleNamespace

    m, f, g = entry("m1", (0, 0), enterprise="E"), entry("f1", (0, 0), basis="follow_up", enterprise="E"), entry("m2", (0, 0), enterprise="G")
    req = Requirements([m, f, g], {}, {}, {}, {}, set(), [], {})
    states = {"140403": SimpleNamespace(placed={"f1": SimpleNamespace(entry=f)})}
    assert settle_status(req, states, {}) == {"E": "follow_up", "G": "capacity"}  # type: ignore[arg-type]
    states["140403"].placed["m1"] = SimpleNamespace(entry=m)
    assert settle_status(req, states, {})["E"] == "mandatory"  # type: ignore[arg-type]


def test_selection_basis_follows_the_visits_placed() -> None:
    """settle_status, case by case: a walk's `not_drawn`/`capacity` and an `exempt` enterprise take the basis of a visit
    placed all the same, the stronger first (mandatory, sampled, follow_up, triggered); an enterprise of no visit keeps
    its walk status, and an exempt one with none is `exempt`; a D firm with only a triggered visit is `triggered`."""
    from types import SimpleNamespace

    es = {k: entry(k, (0, 0), basis=b, enterprise=e) for k, b, e in (
        ("t1", "triggered", "A"), ("f1", "follow_up", "B"), ("t2", "triggered", "B"), ("s1", "sampled", "C"),
        ("t3", "triggered", "C"), ("t4", "triggered", "D"), ("m1", "mandatory", "F"), ("t5", "triggered", "F"),
        ("t6", "triggered", "X"))}
    req = Requirements([es["m1"]], {}, {}, {}, {}, {"X", "Y"}, [], {})
    placed = {k: SimpleNamespace(entry=e) for k, e in es.items() if k != "m1"}
    walk = {"A": "not_drawn", "B": "capacity", "C": "sampled", "D": "capacity", "G": "not_drawn", "H": "capacity"}
    got = settle_status(req, {"140403": SimpleNamespace(placed=placed)}, dict(walk))  # type: ignore[arg-type]
    assert got == {"A": "triggered", "B": "follow_up", "C": "sampled", "D": "triggered", "F": "triggered", "G": "not_drawn",
                   "H": "capacity", "X": "triggered", "Y": "exempt"}
