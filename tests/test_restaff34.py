"""A city team's budget shares: a unit of one officer's budget freed by re-staffing another district's share
(scheduler/guests.py `_restaffed_unit`; R-PRIORITY, R-AVAIL, R-PAIR).

foreign35 (an independent tester's 5,000- and 20,000-firm bureaus): a tier-D visit stayed unmet, its shortfall saying
the city team's budgets ran out, while two of its officers each ended the year a visit under budget. Districts solve
apart, each on a share of the city officers' budgets: one officer's spare units sat in a district where the other's
share was spent, so no pair had budget in any one share — the officers' draw, which sees the whole team, then spread
them. Hand-made tiny parts (tests/tiny_part.py), no solve."""

from __future__ import annotations

import dataclasses

from tests.test_guests import CITY, _trigger, _two_districts


def _spread_budgets():  # type: ignore[no-untyped-def]
    """The host 140403 (holds day 0) has a unit for officer 0 only; 140404's own visit s on day 1 is staffed by
    officers 1 and 2, whose shares there are spent, and officer 0 has a unit there: the team has two spare units, both
    officer 0's."""
    from tiny_part import entry

    states, split = _two_districts()
    host, donor = states["140403"], states["140404"]
    hf, df = host.flows[CITY], donor.flows[CITY]
    for i, o in enumerate(hf.officers):
        hf.budget[o] = 1 if i == 0 else 0
        df.budget[o] = 1 if i in (1, 2) else 0
    assert donor.place(dataclasses.replace(entry("s", (1, 1), basis="sampled"), district="140404"), 1, CITY) is None
    assert sorted(df.assign["s"]) == [f"{CITY}-1", f"{CITY}-2"]
    df.budget[f"{CITY}-0"] = 1
    return states, split


def _budgets(states) -> dict[str, int]:  # type: ignore[no-untyped-def]
    out: dict[str, int] = {}
    for st in states.values():
        for o, b in st.flows[CITY].budget.items():
            out[o] = out.get(o, 0) + b
    return out


def test_a_pair_is_made_from_spare_units_of_one_officer_by_re_staffing_another_share() -> None:
    """140404's mandatory visit M on day 0 (its own team away): officer 0 has the host's only unit; officer 1's unit in
    140404 is freed by giving its seat on s to officer 0, who had a unit there. M goes to the city team with officers 0
    and 1; s is still staffed; every officer's budget over the shares is what it was."""
    from scheduler.guests import place_guests

    states, split = _spread_budgets()
    before = _budgets(states)
    m = _trigger("M", basis="mandatory")
    unplaced = {"M": "R-AVAIL"}
    assert place_guests(states, {"140404": [m]}, unplaced, split) == {"M": "140403"}  # type: ignore[arg-type]
    hf, df = states["140403"].flows[CITY], states["140404"].flows[CITY]
    assert sorted(hf.assign["M"]) == [f"{CITY}-0", f"{CITY}-1"] and not unplaced
    assert len(df.assign["s"]) == 2 and f"{CITY}-0" in df.assign["s"]
    assert _budgets(states) == before
    for f in (hf, df):
        assert all(f.year_count[o] <= f.budget[o] for o in f.officers)


def test_no_pair_where_the_team_has_one_unit_left_and_nothing_is_re_staffed() -> None:
    """With officer 0's unit in 140404 taken away the team has one spare unit, and a visit needs two officers: M stays
    unmet, s keeps its officers, and no budget moved."""
    from scheduler.guests import place_guests

    states, split = _spread_budgets()
    states["140404"].flows[CITY].budget[f"{CITY}-0"] = 0
    before = _budgets(states)
    unplaced = {"M": "R-AVAIL"}
    assert place_guests(states, {"140404": [_trigger("M", basis="mandatory")]}, unplaced, split) == {}  # type: ignore[arg-type]
    assert unplaced == {"M": "R-AVAIL"} and sorted(states["140404"].flows[CITY].assign["s"]) == [f"{CITY}-1", f"{CITY}-2"]
    assert _budgets(states) == before and states["140404"].flows[CITY].budget[f"{CITY}-1"] == 1


def test_a_guest_booked_outside_its_window_goes_back_when_the_complaint_did_not_need_its_seat() -> None:
    """review34 D1: M, booked on its own district's city day 1 outside its window (0, 0) (day 0 full), is taken out for
    complaint T; T fits beside it, so M goes back on its day — `place` had refused it there ("R-WORKDAY", its window)
    and M counted as having given way, then stayed unmet behind T2. Nothing gave way."""
    from tiny_part import entry

    from scheduler.guests import give_way, place_guests

    states, split = _two_districts()
    own = states["140404"]
    m = dataclasses.replace(entry("M", (0, 0), basis="mandatory", enterprise="EM"), district="140404")
    states["140403"].onsite[CITY][0] = 99  # the city team's day 0 full: M's window refused there
    assert place_guests(states, {"140404": [m]}, {"M": "R-AVAIL"}, split) == {"M": "140404"}  # type: ignore[arg-type]
    assert own.placed["M"].day == 1
    t = dataclasses.replace(entry("T", (1, 1), basis="triggered", enterprise="ET"), district="140404")
    t2 = dataclasses.replace(entry("T2", (1, 1), basis="triggered", enterprise="ET", index=1), district="140404")
    unplaced = {"T": "R-AVAIL", "T2": "R-AVAIL"}
    assert give_way(states, {"140404": [m, t, t2]}, unplaced, split, {}) == {}  # type: ignore[arg-type]
    assert own.placed["M"].day == 1 and "M" not in unplaced and own.placed["T"].day == 1


def test_a_spent_city_team_still_takes_a_guest_where_room_is_made() -> None:
    """review34 D2: every share of the city team is spent, and its day 0 full with the host's own complaint. Moving that
    complaint to the host's own team gives its officers' units back, and the other district's complaint G takes the
    seat: the team is not skipped for want of budget before room is made."""
    from tiny_part import entry

    from scheduler.guests import place_guests

    states, split = _two_districts(city_cap=1)
    host = states["140403"]
    assert host.place(entry("mine", (0, 0), basis="triggered"), 0, CITY) is None
    for st in states.values():
        f = st.flows[CITY]
        for o in f.officers:
            f.budget[o] = f.year_count[o]
    g = dataclasses.replace(entry("G", (0, 0), basis="triggered", enterprise="EG"), district="140404")
    unplaced = {"G": "R-AVAIL"}
    assert place_guests(states, {"140404": [g]}, unplaced, split) == {"G": "140403"}  # type: ignore[arg-type]
    assert host.placed["mine"].teams == {"hb": "hb-140403"} and not unplaced


def test_re_staffing_stops_once_k_officers_have_budget_and_within_the_checks_allowed() -> None:
    """review34 D3: `_borrow` re-staffed another share for every officer able to go (36 max-flows for one day of a
    40-officer team) where the visit needs k; and never beyond the checks the caller allows."""
    from scheduler.guests import _borrow

    states, _ = _spread_budgets()
    hf = states["140403"].flows[CITY]
    spent = [0, 10]
    moved = _borrow(states, CITY, "140403", list(hf.officers), spent, 2)
    assert spent[0] == 1 and [o for _, o in moved] == [f"{CITY}-1"]
    states, _ = _spread_budgets()
    none = [0, 0]
    assert _borrow(states, CITY, "140403", list(states["140403"].flows[CITY].officers), none, 2) == [] and none == [0, 0]
