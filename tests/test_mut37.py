"""Mutation survivors of mut37 (bench/mut37.md: mutmut 3 on the functions rounds 33–36 added or changed), each killed
by a case that says what the rule means. Hand-made tiny parts (tests/tiny_part.py, tests/test_guests.py
`_two_districts`) and hand-made plans (SimpleNamespace), no solve. Each test names the mutants (mutmut 3 names) it
was written to kill."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace
from typing import Any

import numpy as np
from tiny_part import RULES, entry, part

from scheduler.state import PartState
from tests.test_guests import CITY, _two_districts

GAS = "gas-140400"


def _city_districts() -> tuple[dict[str, PartState], dict[str, dict[str, object]]]:
    """Districts 140403 and 140404, each with a share of two city teams (hb-140400: 4 officers, gas-140400: 2) and
    nothing else; every officer present on both days, budget 60 in each share."""
    teams = {CITY: ("hb", 4, 2), GAS: ("gas", 2, 2)}
    pa, sa, days = part(2, teams)
    pb, sb, _ = part(2, teams)
    pb = dataclasses.replace(pb, district="140404")
    states = {"140403": PartState(pa, sa, RULES, days), "140404": PartState(pb, sb, RULES, days)}
    split = {t: {"140403": {"days": [days[0].isoformat()], "budgets": {}}, "140404": {"days": [days[1].isoformat()], "budgets": {}}}
             for t in teams}
    return states, split


def _spend(st: PartState, tid: str) -> None:
    """Every officer of `tid`'s share in `st` has used its whole budget share."""
    for o in st.flows[tid].officers:
        st.flows[tid].budget[o] = st.flows[tid].year_count[o]


# ---- scheduler/guests.py borrow_for_sampled (R-AVAIL: a city team's budget from another district's share) ------------
def test_a_remote_entry_first_does_not_stop_the_on_site_ones_borrowing() -> None:
    """R-AVAIL / R-SAMPLE: a drawn firm's remote check comes first in its entries; its on-site visit still borrows a unit
    for each spent officer of the city team (x_borrow_for_sampled__mutmut_8: `break` for `continue`, nothing moved)."""
    from scheduler.guests import borrow_for_sampled

    states, split = _city_districts()
    host, donor = states["140403"], states["140404"]
    _spend(host, CITY)
    remote = entry("S-r", (0, 1), basis="sampled", mode="remote", enterprise="S")
    onsite = entry("S-o", (0, 1), basis="sampled", enterprise="S", index=1)
    moved = borrow_for_sampled(states, split, [remote, onsite])  # type: ignore[arg-type]
    assert sorted(moved) == [(CITY, "140404", f"{CITY}-{i}") for i in range(4)]
    assert all(host.flows[CITY].budget[o] == 1 and donor.flows[CITY].budget[o] == 59 for o in host.flows[CITY].officers)


def test_a_joint_visits_every_agencys_city_team_borrows() -> None:
    """R-AVAIL / R-JOINT: a drawn firm's joint visit by hb and gas, both city teams' shares spent in its district: both
    borrow, and every unit moved is returned to the caller to give back (x_borrow_for_sampled__mutmut_14: `=` for
    `+=`, only the last team's units listed — the others could never go back)."""
    from scheduler.guests import borrow_for_sampled, return_unused

    states, split = _city_districts()
    host, donor = states["140403"], states["140404"]
    _spend(host, CITY)
    _spend(host, GAS)
    hb = entry("S-hb", (0, 1), basis="sampled", enterprise="S", group="S|j")
    gas = entry("S-gas", (0, 1), agency="gas", basis="sampled", enterprise="S", group="S|j")
    moved = borrow_for_sampled(states, split, [hb, gas])  # type: ignore[arg-type]
    assert sorted(moved) == sorted([(CITY, "140404", f"{CITY}-{i}") for i in range(4)] + [(GAS, "140404", f"{GAS}-{i}") for i in range(2)])
    return_unused(states, "140403", moved, placed=False)  # not placed: everything goes back
    for tid in (CITY, GAS):
        assert all(host.flows[tid].budget[o] == 0 and donor.flows[tid].budget[o] == 60 for o in host.flows[tid].officers)


# ---- scheduler/reasons.py officer_cause (R-EXPLAIN) --------------------------------------------------------------------
def test_officer_cause_is_none_without_a_team_of_the_agency_or_a_day() -> None:
    """R-EXPLAIN / R-TEAM: no team of the agency in the district, or an empty window: no officers' cause (None; the
    shortfall says R-TEAM). x_officer_cause__mutmut_9/_11: `.get(a, None)` / `.get(a)` fail on an agency with no team;
    _13: `and` for `or` gave such a visit an R-CERT cause."""
    from scheduler.reasons import officer_cause

    states, split = _two_districts()
    plan = SimpleNamespace(states=states, city_split=split)
    assert officer_cause(plan, entry("G", (0, 1), agency="gas")) is None  # type: ignore[arg-type]
    assert officer_cause(plan, entry("E", (1, 0))) is None  # type: ignore[arg-type]
    assert officer_cause(plan, dataclasses.replace(entry("X", (0, 1)), district="140499")) is None  # type: ignore[arg-type]


# ---- scheduler/constraints.py no_day, impossible_cause (R-WORKDAY, R-CERT, R-AVAIL, R-RECUSE) ---------------------------
T = "hb-140403"


def _one_team(n_days: int, present: list[int] | None = None, budget: int = 60, recused: set[str] | None = None,
              day_cap: int = 2) -> PartState:
    """A part with one team of two officers, both present only on the days `present` (all days if None)."""
    away = {f"{T}-{i}": [d for d in range(n_days) if d not in present] for i in range(2)} if present is not None else None
    p, s, days = part(n_days, {T: ("hb", 2, day_cap)}, budget=budget, away=away,
                      recused={f"{T}-{i}": recused for i in range(2)} if recused else None)
    return PartState(p, s, RULES, days)


def test_no_day_reads_every_day_of_the_window_and_no_other() -> None:
    """R-WORKDAY / R-PAIR: the pair is present on one day only. On the window's first or last day there is a day; on the
    day after the window or before it there is none (x_no_day__mutmut_5: from day 0; _7: from the last day only; _8: to hi - 1; _10: to hi + 1)."""
    from scheduler.constraints import no_day

    e = entry("E", (0, 2))
    assert not no_day(_one_team(4, [0]), e)
    assert not no_day(_one_team(4, [2]), e)
    assert no_day(_one_team(4, [3]), e)
    assert no_day(_one_team(4, [0]), entry("L", (1, 2)))  # the day before the window is no day of it (_5: from day 0)


def test_no_day_asks_the_capacity_of_the_visits_mode() -> None:
    """R-AVAIL / R-REMOTE: an on-site visit needs the team's on-site capacity that day, a remote check its remote
    capacity. One officer present: no pair on site (on-site capacity 0), a remote check can go
    (x_no_day__mutmut_14/_15: on-site capacity for a remote check). The team-day's on-site capacity used up while the
    pair is there: no day on site (_13/_15/_16/_17: remote capacity for an on-site visit; _18: `>= 0`). Capacity 1 is a
    day (_19: `> 1`); officers recused are none (_12: `or`)."""
    from scheduler.constraints import no_day

    p, s, days = part(2, {T: ("hb", 2, 2)}, away={f"{T}-1": [0, 1]})
    one = PartState(p, s, RULES, days)
    assert not no_day(one, entry("R", (0, 1), mode="remote"))
    assert no_day(one, entry("O", (0, 1)))
    full = _one_team(2)
    full.slices[T].onsite_cap[:] = 0
    assert no_day(full, entry("O", (0, 1)))
    assert not no_day(full, entry("R", (0, 1), mode="remote"))
    assert not no_day(_one_team(2, day_cap=1), entry("O", (0, 1)))
    assert no_day(_one_team(2, recused={"F"}), entry("O", (0, 1), enterprise="F"))


def test_impossible_cause_names_the_rule_a_planner_would_change() -> None:
    """R-WORKDAY: an empty window (x_impossible_cause__mutmut_16/_17: its id). R-CERT: no pair present on any day of
    the window; R-AVAIL: a pair present but their budgets nil (_38/_39: budgets asked); R-RECUSE: a pair present
    with budgets, recused (_40–_43: the ids)."""
    from scheduler.constraints import impossible_cause

    assert impossible_cause(_one_team(3), entry("E", (2, 1))) == "R-WORKDAY"
    assert impossible_cause(_one_team(3, []), entry("E", (0, 2))) == "R-CERT"
    assert impossible_cause(_one_team(3, budget=0), entry("E", (0, 2))) == "R-AVAIL"
    assert impossible_cause(_one_team(3, recused={"F"}), entry("E", (0, 2), enterprise="F")) == "R-RECUSE"


def test_impossible_cause_reads_every_day_of_the_window_and_no_other() -> None:
    """R-CERT / R-AVAIL: budgets nil, the pair present on one day only: on the window's first or last day the cause is
    the budgets (R-AVAIL), on the day after the window no pair is there (R-CERT) (x_impossible_cause__mutmut_11: from
    the last day; _12: to hi - 1; _14: to hi + 1)."""
    from scheduler.constraints import impossible_cause

    e = entry("E", (0, 2))
    assert impossible_cause(_one_team(4, [0], budget=0), e) == "R-AVAIL"
    assert impossible_cause(_one_team(4, [2], budget=0), e) == "R-AVAIL"
    assert impossible_cause(_one_team(4, [3], budget=0), e) == "R-CERT"


# ---- scheduler/resources.py share_week_caps, week_of (R-SPREAD) --------------------------------------------------------
def test_equal_shares_take_the_weeks_odd_visit_in_turn() -> None:
    """R-SPREAD: three districts holding one day of a city team each week, reserve 0.5: int(0.5 × 3) = 1 planned visit
    a week, given in turn A, B, C, A, B, C (what each was owed and not given counts: x_share_week_caps__mutmut_39/_41:
    by name only, A every week; _51, _52, _53: the owed sum miscounted)."""
    from scheduler.resources import share_week_caps

    week = np.arange(6)
    one = np.ones(6, dtype=np.int64)
    caps = share_week_caps({"A": one, "B": one, "C": one}, week, 0.5)
    assert [next(d for d in "ABC" if caps[d][w]) for w in range(6)] == list("ABCABC")
    assert all(sum(caps[d][w] for d in "ABC") == 1 for w in range(6))
    # owed nothing yet, the odd visit goes to the largest remainder: B's 2/3 over A's 1/3 (_45: the smallest)
    assert share_week_caps({"A": np.array([1]), "B": np.array([2])}, np.array([0]), 0.5) == {"A": {0: 0}, "B": {0: 1}}


def test_a_share_with_no_day_that_week_takes_none_of_its_visits() -> None:
    """R-SPREAD: C was owed from week 0 (B took the odd visit on the tie) but holds no day in week 1: the week's visit
    goes to a share that has a day (x_share_week_caps__mutmut_37: `<=`, C given a visit it has no day for)."""
    from scheduler.resources import share_week_caps

    shares = {"A": np.array([0, 1]), "B": np.array([1, 2]), "C": np.array([1, 0])}
    caps = share_week_caps(shares, np.array([0, 1]), 0.5)
    assert caps == {"A": {0: 0, 1: 1}, "B": {0: 1, 1: 0}, "C": {0: 0, 1: 0}}


def test_a_week_without_a_day_in_any_share_gives_none_and_the_next_weeks_go_on() -> None:
    """R-SPREAD: week 0 has no day in any share (0 planned visits each), week 1 one day and no reserve (that one visit),
    week 2 none again (x_share_week_caps__mutmut_23: `total == 1`, the one-day week given nothing and the empty week
    divided by zero; _24/_25/_26: the empty week's cap; _27: `break`, the weeks after it lost)."""
    from scheduler.resources import share_week_caps

    caps = share_week_caps({"A": np.array([0, 1, 0]), "B": np.array([0, 0, 0])}, np.array([0, 1, 2]), 0.0)
    assert caps == {"A": {0: 0, 1: 1, 2: 0}, "B": {0: 0, 1: 0, 2: 0}}


def test_the_weeks_past_the_plan_years_last_count_on_in_order() -> None:
    """R-SPREAD's team-weeks: 2 January 2025 is ISO week 1 of 2025, 29 December 2025 ISO week 1 of 2026 — two weeks, in
    the year's order (x_week_of__mutmut_7: the ISO year ignored, the two merged; _2: `-`, December's week first). A part
    of one working day has its week (_8: the second day's year)."""
    import datetime as dt

    from scheduler.resources import week_of

    days = [dt.date(2025, 1, 2), dt.date(2025, 1, 3), dt.date(2025, 12, 26), dt.date(2025, 12, 29), dt.date(2025, 12, 31)]
    w = week_of(days)
    assert w[0] == w[1] < w[2] < w[3] == w[4]
    assert len(set(w.tolist())) == 3
    assert len(week_of([dt.date(2025, 3, 3)])) == 1


# ---- scheduler/reasons.py officer_cause, unmet_required (R-EXPLAIN) on a hand-made plan ---------------------------------
def _explain_plan(st: PartState, entries: list, unplaced: dict[str, str], ends: str = "2027-12-31") -> SimpleNamespace:  # type: ignore[type-arg]
    """A plan of one district (140403) with `st`'s officers, every certificate valid to `ends`, no city team."""
    import pandas as pd
    from tiny_part import workdays

    officers = sorted(st.staff.available)
    return SimpleNamespace(
        states={"140403": st}, city_split={}, req=SimpleNamespace(entries=entries), unplaced=unplaced, out_of_reach={}, firm_held={},
        gave_way={}, elsewhere={}, year_failed=set(), guests={}, options=SimpleNamespace(first_day=None),
        bundle=SimpleNamespace(policy=SimpleNamespace(officers_per_agency_on_visit=2), workdays=workdays(st.n_days),
                               officers=pd.DataFrame({"officer_id": officers, "certificate_expires_on": [pd.Timestamp(ends)] * len(officers)})))


def test_a_two_day_window_with_valid_certificates_and_the_pair_on_leave_is_leave() -> None:
    """R-EXPLAIN / R-CERT: certificates valid the whole year, the pair on leave through a two-day window (days 1–2): the
    cause is leave (R-AVAIL), not certificates (x_officer_cause__mutmut_30: the window's days read to hi - 1, none)."""
    from scheduler.reasons import officer_cause

    st = _one_team(4, [0, 3])
    e = entry("E", (1, 2))
    zh, en, rule = officer_cause(_explain_plan(st, [e], {}), e)  # type: ignore[arg-type,misc]
    assert rule == "R-AVAIL" and en.endswith("present together (leave)") and "休假" in zh


def test_the_words_name_every_eligible_team_and_an_officer_without_a_certificate_is_not_certified() -> None:
    """R-EXPLAIN / R-CERT: two teams of the agency, each with one officer whose certificate has no date on file (not
    certified: x_officer_cause__mutmut_57, read as a date; _60–_63, the empty row's shape and type): no day with 2
    certified officers of one team, R-CERT, both teams named "hb-140403/hb-140405" (_115: the label's separator)."""
    import pandas as pd

    from scheduler.reasons import officer_cause

    p, s, days = part(3, {T: ("hb", 2, 2), "hb-140405": ("hb", 2, 2)})
    st = PartState(p, s, RULES, days)
    e = entry("E", (0, 2))
    plan = _explain_plan(st, [e], {})
    f = plan.bundle.officers
    f.loc[f.officer_id.isin([f"{T}-1", "hb-140405-1"]), "certificate_expires_on"] = pd.NaT
    zh, en, rule = officer_cause(plan, e)  # type: ignore[arg-type,misc]
    assert rule == "R-CERT" and f"({T}/hb-140405)" in en and f"（{T}/hb-140405）" in zh


def test_unmet_required_names_the_rule_of_the_first_unplaced_mandatory_visits_shortfall(monkeypatch: Any) -> None:
    """R-EXPLAIN: one line per enterprise with a mandatory visit unplaced: its first one's agency and the rule plan.json's
    shortfall of that visit names (`Binding.of`: foreign44 F4, selection.csv said the part's own tag, R-AVAIL, where
    plan.json said R-PAIR). A sampled visit is no requirement; a placed one is not listed. The officers' cause of a
    part's R-CERT / R-RECUSE is `Binding.of`'s (test_a_two_day_window… above reads `officer_cause` itself)."""
    from scheduler import reasons

    st = _one_team(4, [0, 3])
    m1 = entry("M1", (0, 3), enterprise="F1")
    m1b = entry("M1b", (1, 2), enterprise="F1", index=1)
    m2 = entry("M2", (1, 2), enterprise="F2")
    s4 = entry("S4", (1, 2), basis="sampled", enterprise="F4")
    placed = entry("M5", (1, 2), enterprise="F5")
    unplaced = {"M1": "R-PRIORITY", "M1b": "R-CERT", "M2": "R-CERT", "S4": "R-AVAIL"}
    asked: list[str] = []

    def of(self: Any, e: Any) -> tuple[str, str, str, str, list[str]]:
        asked.append(e.key)
        return "", "", f"R-{e.key}", "after solving", []

    monkeypatch.setattr(reasons.Binding, "of", of)
    monkeypatch.setattr(reasons, "certificate_ends", lambda plan: {})
    out = reasons.unmet_required(_explain_plan(st, [m1, m1b, m2, s4, placed], unplaced))  # type: ignore[arg-type]
    assert out == {
        "F1": ("hb的检查（R-M1），详见计划的未满足清单", "agency hb (R-M1); plan.json's shortfalls say which resource ran out"),
        "F2": ("hb的检查（R-M2），详见计划的未满足清单", "agency hb (R-M2); plan.json's shortfalls say which resource ran out"),
    }
    assert asked == ["M1", "M2"]  # one visit an enterprise: the first


# ---- scheduler/plan.py walk_sampled's with_city_budget (R-PRIORITY, R-AVAIL) ---------------------------------------------
def test_a_drawn_firm_borrows_a_city_teams_budget_unless_a_requirement_of_its_city_is_held_back() -> None:
    """R-SAMPLE / R-AVAIL: the city team's budget share in 140403 spent, 140404's not: the drawn firm is placed on a unit
    borrowed from 140404. With a required hb visit held back in 140404 (same city, 1404) nothing is borrowed and the
    firm is left for capacity (R-PRIORITY: the requirement could use it). x_walk_sampled__mutmut_4/_28 (the city read as
    five digits on one side), _27 (`and`: held back and tried out both needed)."""
    from scheduler.plan import walk_sampled
    from scheduler.requirements import Requirements
    from scheduler.select import Selection

    for held, want in ((set(), "sampled"), ({("140404", "hb")}, "capacity")):
        states, split = _city_districts()
        _spend(states["140403"], CITY)
        s = entry("S", (0, 1), basis="sampled", enterprise="S")
        req = Requirements([], {}, {"C": 1}, {"C": ["S"]}, {}, set(), [], {})
        sel = Selection({}, {}, {}, {}, {"S": [s]})
        status, _ = walk_sampled(req, sel, states, held, {}, split)  # type: ignore[arg-type]
        assert status == {"S": want}, (held, sel.skipped)
