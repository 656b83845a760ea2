"""One focused test per rule family of the CP-SAT model: a tiny instance where the rule
binds (it forbids something) and one where it does not, as Timefold's constraint tests read."""

from __future__ import annotations

import dataclasses

from tiny_part import RULES, entry, part, solve

from scheduler.state import PartState


def test_r_workday_window() -> None:
    p, st, days = part(10, {"hb-1": ("hb", 2, 2)})
    got = solve(p, st, days, [entry("a", (3, 5))])
    assert 3 <= got["a"] <= 5
    got = solve(p, st, days, [entry("b", (0, 9))])
    assert "b" in got


def test_r_avail_team_day_cap() -> None:
    p, st, days = part(1, {"hb-1": ("hb", 4, 1)})
    assert len(solve(p, st, days, [entry("a", (0, 0)), entry("b", (0, 0))])) == 1  # max_visits_per_day 1 binds
    p, st, days = part(1, {"hb-1": ("hb", 4, 2)})
    assert len(solve(p, st, days, [entry("a", (0, 0)), entry("b", (0, 0))])) == 2


def test_r_pair_needs_two_officers_present() -> None:
    """R-PAIR / R-CERT: with one of two officers away (or uncertified) that day, no visit can go."""
    p, st, days = part(2, {"hb-1": ("hb", 2, 2)}, away={"hb-1-0": [0]})
    got = solve(p, st, days, [entry("a", (0, 1))])
    assert got == {"a": 1}
    assert solve(p, st, days, [entry("b", (0, 0))]) == {}


def test_r_avail_officer_budget() -> None:
    """Budgets bind before team-day caps: 2 officers with 1 visit each staff one visit in the year."""
    p, st, days = part(5, {"hb-1": ("hb", 2, 2)}, budget=1)
    assert len(solve(p, st, days, [entry(f"e{i}", (0, 4)) for i in range(3)])) == 1
    p, st, days = part(5, {"hb-1": ("hb", 2, 2)}, budget=3)
    assert len(solve(p, st, days, [entry(f"e{i}", (0, 4)) for i in range(3)])) == 3


def test_r_spread_reserve_keeps_room_for_triggers() -> None:
    rules = dataclasses.replace(RULES, reserve=0.2)
    p, st, days = part(5, {"hb-1": ("hb", 2, 1)}, rules=rules)  # one visit a day, 5 a week, 4 for planned
    planned = [entry(f"s{i}", (0, 4)) for i in range(5)]
    assert len(solve(p, st, days, planned, rules)) == 4
    mixed = [*planned[:4], entry("t", (0, 4), basis="triggered", weight=100_000)]
    assert len(solve(p, st, days, mixed, rules)) == 5


def test_r_joint_one_entry_a_day() -> None:
    p, st, days = part(1, {"hb-1": ("hb", 4, 4), "um-1": ("um", 4, 4)})
    same = [entry("t", (0, 0), ("um",), basis="triggered", enterprise="E", weight=100_000), entry("s", (0, 0), ("hb",), enterprise="E")]
    assert set(solve(p, st, days, same)) == {"t"}  # two rows at one door on one day: not allowed
    other = [same[0], entry("s", (0, 0), ("hb",), enterprise="F")]
    assert set(solve(p, st, days, other)) == {"t", "s"}


def test_r_gap_repeat_and_entries() -> None:
    p, st, days = part(60, {"hb-1": ("hb", 4, 4), "um-1": ("um", 4, 4)})  # 60 workdays ≈ 12 weeks
    one_agency = [entry("v1", (0, 59), enterprise="E", index=0), entry("v2", (0, 59), enterprise="E", index=1)]
    assert len(solve(p, st, days, one_agency)) == 1  # 90 days between visits of one agency cannot fit
    two = [entry("h", (0, 59), ("hb",), enterprise="E"), entry("u", (0, 59), ("um",), enterprise="E")]
    got = solve(p, st, days, two)
    assert len(got) == 2 and abs((days[got["h"]] - days[got["u"]]).days) >= 30
    exempt = [entry("s", (0, 0), ("hb",), enterprise="E"), entry("t", (1, 1), ("hb",), basis="triggered", enterprise="E")]
    assert len(solve(p, st, days, exempt)) == 2  # R-EXEMPT: a triggered visit needs no gap


def test_r_cap_agency_and_entries() -> None:
    rules = dataclasses.replace(RULES, gap_entries=0, gap_repeat=0, max_agency=2, max_entries=2)
    p, st, days = part(5, {"hb-1": ("hb", 8, 8)}, rules=rules)
    three = [entry(f"v{i}", (0, 4), enterprise="E", index=i) for i in range(3)]
    assert len(solve(p, st, days, three, rules)) == 2
    assert len(solve(p, st, days, three[:2], rules)) == 2


def test_required_before_sampled_and_draw_order() -> None:
    p, st, days = part(1, {"hb-1": ("hb", 2, 1)})
    got = solve(p, st, days, [entry("s", (0, 0), weight=1999), entry("t", (0, 0), basis="triggered", weight=100_000)])
    assert set(got) == {"t"}
    got = solve(p, st, days, [entry("late", (0, 0), weight=1500), entry("early", (0, 0), weight=1900)])
    assert set(got) == {"early"}


def test_staffing_recusal_and_rotation() -> None:
    """R-RECUSE: a recused officer is never named; R-ROTATE: last year's inspectors go last."""
    p, st, days = part(1, {"hb-1": ("hb", 3, 2)}, recused={"hb-1-0": {"E"}})
    state = PartState(p, st, RULES, days)
    e = entry("a", (0, 0), enterprise="E")
    placed = state.add(e, 0, {"hb": "hb-1"})
    assert state.staff_entry(placed) and "hb-1-0" not in placed.officers["hb"]
    p, st, days = part(1, {"hb-1": ("hb", 2, 2)}, recused={"hb-1-0": {"E"}})
    state = PartState(p, st, RULES, days)
    assert state.place_staffed(e, {"hb": "hb-1"}, [0]) == "R-PAIR"
    p, st, days = part(1, {"hb-1": ("hb", 4, 2)})
    st.last_year["hb-1-0"] = {"E"}
    state = PartState(p, st, RULES, days)
    placed = state.place_staffed(e, {"hb": "hb-1"}, [0])
    assert "hb-1-0" not in placed.officers["hb"]
