"""mut40: mutation round on the guests' budget moves and bookings (scheduler/guests.py `sampled_guest`, `_pooled`,
`_lenders`, `_restaffed_unit`, `_give_back`, `_borrow`, `_book`, `_unbook`), `PartState.place_anywhere` (its new
`team_off`) and scheduler/plan.py `place_enterprise`, `_agency_exhausted`. Tiny hand-made parts (tests/city_three.py,
tests/tiny_part.py) and tests/test_restaff35.py's stand-in shares; no CP-SAT solve. Each test names the rule and the
mutants it kills (bench/mut40.md)."""

from __future__ import annotations

import dataclasses
from typing import Any

from tiny_part import RULES, entry, part

from scheduler.state import PartState
from tests.city_three import CITY, NAMES, O, budgets, check_consistent, city3, ent, set_budgets

A, B, C = NAMES
X = "140405"  # a district of the city (or province) where the city team has no share


def _with_x(states: dict[str, PartState]) -> dict[str, PartState]:
    """`states` and a fourth district X whose part has only its own hb team (no share of the city team)."""
    p, s, days = part(3, {f"hb-{X}": ("hb", 2, 2)})
    states[X] = PartState(dataclasses.replace(p, district=X), s, RULES, days)
    return states


def _owners(states: dict[str, PartState], split: dict[str, Any]) -> dict[str, Any]:
    from scheduler.guests import city_day_owners

    return city_day_owners(states, split)


# -- _book / _unbook (R-AVAIL, R-SPREAD) ---------------------------------------------------------------------------------

def test_a_booked_guest_adds_to_the_hosts_day_and_week_counts() -> None:
    """R-AVAIL / R-SPREAD (_book 8, 15): a guest on a host's city-team day that already has a visit of the host counts
    on top of it: the day (cap 2) is then full, and the team-week holds two planned visits; `_unbook` takes one off.
    Kills _book 8 (`onsite = 1`) and 15 (`planned_week = 1`)."""
    from scheduler.guests import _book, _unbook

    states, _ = city3()
    host = states[A]
    own_visit = ent("M", (0, 0), A)
    assert host.place(own_visit, 0, CITY) is None
    g = ent("G", (0, 0), B)
    assert host.flows[CITY].try_add(g.key, 0, g.enterprise_id, 2)
    week = (CITY, int(host.week[0]))
    p = _book(states[B], host, g, 0, CITY)
    assert host.onsite[CITY][0] == 2 and host.year_onsite[CITY] == 2 and host.planned_week[week] == 2
    assert host.team_rule(ent("N", (0, 0), A), 0, CITY) == "R-AVAIL"  # the day's cap of 2 is reached
    _unbook(states[B], host, p)
    assert host.onsite[CITY][0] == 1 and host.year_onsite[CITY] == 1 and host.planned_week[week] == 1
    assert host.team_rule(ent("N", (0, 0), A), 0, CITY) is None


# -- _borrow / _restaffed_unit: a district with no share of the team (R-TEAM) ------------------------------------------

def test_borrow_passes_over_a_district_without_a_share_of_the_team() -> None:
    """R-AVAIL / R-TEAM (_borrow 9, 10): the province's districts include ones where the city team has no share; the
    unit comes from the share with the most to spare. Kills _borrow 9 and 10 (KeyError on X's flows)."""
    from scheduler.guests import _borrow

    states, _ = city3()
    _with_x(states)
    set_budgets(states, A, [0, 0, 0, 0])
    set_budgets(states, B, [1, 0, 0, 0])
    set_budgets(states, C, [2, 0, 0, 0])
    assert _borrow(states, CITY, A, [O[0]]) == [(C, O[0])]
    del states[X]
    assert budgets(states) == {A: [1, 0, 0, 0], B: [1, 0, 0, 0], C: [1, 0, 0, 0]}


def test_borrow_with_the_team_only_in_the_host_moves_nothing() -> None:
    """R-AVAIL (_borrow 16, 18, 19): a city team with a share in the host alone has no unit to lend: nothing moves and
    nothing fails. Kills _borrow 16 (`default=None`), 18 (no default: ValueError) and 19 (`default=(1, "")`)."""
    from scheduler.guests import _borrow

    states, _ = city3()
    only = {A: states[A]}
    _with_x(only)
    set_budgets(only, A, [0, 0, 1, 1])
    assert _borrow(only, CITY, A, [O[0], O[1]]) == []
    assert [only[A].flows[CITY].budget[o] for o in O] == [0, 0, 1, 1]


def test_restaffing_passes_over_a_district_without_a_share_of_the_team() -> None:
    """R-PRIORITY / R-TEAM (_restaffed_unit 16): a district with no share of the team is not a share to re-staff.
    Officer 0 is spent everywhere; B's visit s holds its seat and officer 2 (a unit spare in B) can take it. Kills
    _restaffed_unit 16 (`f is None and …`: AttributeError on X)."""
    from scheduler.guests import _restaffed_unit

    states, _ = city3()
    _with_x(states)
    set_budgets(states, B, [1, 1, 0, 0])
    s = ent("s", (1, 1), B, basis="sampled")
    assert states[B].place(s, 1, CITY) is None and sorted(states[B].flows[CITY].assign["s"]) == O[:2]
    set_budgets(states, B, [1, 1, 1, 0])
    set_budgets(states, A, [0, 0, 0, 0])
    set_budgets(states, C, [0, 0, 0, 0])
    spent = [0, 5]
    assert _restaffed_unit(states, CITY, A, O[0], spent) == B and spent == [1, 5]
    assert sorted(states[B].flows[CITY].assign["s"]) == [O[1], O[2]] and states[B].flows[CITY].budget[O[0]] == 0
    assert check_consistent(states) == []


# -- _lenders / _pooled (R-PRIORITY: which share lends) ------------------------------------------------------------------

def _four_shares() -> dict[str, PartState]:
    """city3 and a fourth district D=140405 with a share of the city team (it holds no day)."""
    states, _ = city3()
    p, s, days = part(3, {"hb-140405": ("hb", 2, 2), CITY: ("hb", 4, 2)}, away={o: [0, 1, 2] for o in O})
    states[X] = PartState(dataclasses.replace(p, district=X), s, RULES, days)
    return states


def test_lenders_rank_shares_by_units_left_and_keep_two() -> None:
    """R-PRIORITY (_lenders 9, 16, 18): officer 0's shares outside host A: B has 3 units and sat 2 (1 left), C 2 left,
    X 1 left: the two with most left, most first, are C then one of 1 — B or X, by name: X. The host, sorted first, is
    passed over, not an end. Kills _lenders 9 (`break` at the host), 16 (`budget + year_count`) and 18 (`[:3]`)."""
    from scheduler.guests import _lenders, _pooled

    states = _four_shares()
    set_budgets(states, B, [3, 3, 0, 0])
    for key in ("v1", "v2"):
        assert states[B].place(ent(key, (1, 1), B, basis="sampled"), 1, CITY) is None
    assert [states[B].flows[CITY].year_count[o] for o in O[:2]] == [2, 2]
    set_budgets(states, A, [5, 0, 0, 0])  # the host's spare is never lent
    set_budgets(states, C, [2, 0, 0, 0])
    set_budgets(states, X, [1, 0, 0, 0])
    got = _lenders(states, CITY, A)
    assert got[O[0]] == [(2, C), (1, X)] and got[O[1]] == [(1, B)]
    # the share being re-staffed (C) is not its own lender: the next one lends
    states[C].flows[CITY].budget[O[0]] = 0
    assert _pooled(states, CITY, (A, C), O[3]) == [(O[0], X), (O[1], B)]


def test_pooled_lends_only_for_the_other_officers_spent_in_the_share() -> None:
    """R-PRIORITY (_pooled 15): in share B (being re-staffed to free officer 0's unit) only an officer other than 0 with
    nothing left in B gets a lent unit; officer 0 itself and officer 1 (a unit left in B) get none. Kills _pooled 15
    (`q == o and …`)."""
    from scheduler.guests import _pooled

    states, _ = city3()
    set_budgets(states, A, [0, 0, 0, 0])
    set_budgets(states, B, [0, 1, 0, 0])
    set_budgets(states, C, [1, 1, 1, 0])
    assert _pooled(states, CITY, (A, B), O[0]) == [(O[2], C)]


def test_giving_back_a_re_staffing_returns_each_lent_unit_to_its_share() -> None:
    """R-AVAIL / R-OFFICER-DRAW (_give_back 17): a re-staffing of D1 sat q on a unit D2 lent (D2: 3 units, 1 sat);
    undone, D2 has its 3 again — not 1. Kills _give_back 17 (`budget[q] = 1`)."""
    from scheduler.guests import _give_back, _restaffed_unit
    from tests.test_restaff35 import TID, _budgets, _city

    log: list[str] = []
    states = _city(log, {"o": -1, "q": 1})
    before = _budgets(states)
    restaffed: dict[Any, Any] = {}
    assert _restaffed_unit(states, TID, "H", "o", [0, 10], restaffed) == "D1"
    states["H"].flows[TID].budget["o"] += 1  # as `_borrow` books the freed unit in the host
    assert _budgets(states)["D2"] == (0, 2)
    _give_back(states, TID, "H", [("D1", "o")], restaffed)
    assert _budgets(states) == before and restaffed == {}


# -- sampled_guest (R-SAMPLE, R-PRIORITY, R-AVAIL, R-RECUSE) ---------------------------------------------------------------

def _sampled(states, split, e, days, avoid=None, spent=None):  # type: ignore[no-untyped-def]
    from scheduler.guests import sampled_guest

    return sampled_guest(states, split, _owners(states, split), e, days, avoid or {}, spent if spent is not None else [0, 100])


def _guest_day(states: dict[str, PartState], key: str) -> tuple[str, int] | None:
    return next(((d, st.guests[key].day) for d, st in states.items() if key in st.guests), None)


def test_a_remote_check_is_never_a_guest() -> None:
    """R-SAMPLE / R-AVAIL (sampled_guest 1): only an on-site visit takes a seat of another district's city-team day;
    a remote check (no seats) is not booked there. Kills sampled_guest 1 (`… and not split`)."""
    states, split = city3()
    e = ent("R", (0, 2), C, basis="sampled", mode="remote")
    assert _sampled(states, split, e, [0, 1]) is None
    assert not states[A].guests and not states[B].guests and "R" not in states[C].placed


def test_a_failed_seat_check_gives_the_borrowed_unit_back_and_the_next_day_is_tried() -> None:
    """R-SAMPLE / R-AVAIL (sampled_guest 77, 103–111): day 0 (held by A): officers 0 and 1 present — exactly k —,
    officer 0's unit borrowed from C, officer 1 has none anywhere: the exact check fails and the unit goes back to C;
    day 1 (held by B): officers 2 and 3 present, exactly k, a unit each in B: the guest is booked there. Kills
    sampled_guest 103–110 (the give-back's arguments), 111 (`break` after the failed check) and 77 (`len(able) <= k`)."""
    states, split = city3(away={A: {O[2]: [0], O[3]: [0]}, B: {O[0]: [1], O[1]: [1]}})
    set_budgets(states, A, [0, 0, 0, 0])
    set_budgets(states, B, [0, 0, 1, 1])
    set_budgets(states, C, [1, 0, 0, 0])
    e = ent("S", (0, 1), C, basis="sampled", enterprise="FS")
    spent = [0, 100]
    undo = _sampled(states, split, e, [0, 1], spent=spent)
    assert undo is not None and _guest_day(states, "S") == (B, 1) and spent == [2, 100]
    assert budgets(states) == {A: [0, 0, 0, 0], B: [0, 0, 1, 1], C: [1, 0, 0, 0]}
    assert sorted(states[B].flows[CITY].assign["S"]) == O[2:]
    assert check_consistent(states) == []
    undo()
    assert _guest_day(states, "S") is None and "S" not in states[C].placed and check_consistent(states) == []


def test_a_day_with_fewer_than_k_present_spends_no_check_and_the_next_is_tried() -> None:
    """R-AVAIL / R-SAMPLE (sampled_guest 71, 78): on day 0 (A) only officer 0 is present: no exact check is spent
    there, and day 1 (B) takes the guest. Kills 71 (`available or not recused`: a check spent on day 0) and 78
    (`break`)."""
    states, split = city3(away={A: {O[1]: [0], O[2]: [0], O[3]: [0]}})
    set_budgets(states, A, [1, 1, 1, 1])
    set_budgets(states, B, [1, 1, 1, 1])
    e = ent("S", (0, 1), C, basis="sampled", enterprise="FS")
    spent = [0, 100]
    assert _sampled(states, split, e, [0, 1], spent=spent) is not None
    assert _guest_day(states, "S") == (B, 1) and spent == [1, 100]


def test_recused_officers_are_not_able_and_not_seated() -> None:
    """R-RECUSE (sampled_guest 73, 97): officer 0 is recused from firm FS. Day 0 (A): only officers 0 and 3 present —
    one able: no exact check is spent there. Day 1 (B): officers 0, 1, 2 present, 0 with the most units: the guest is
    seated with 1 and 2, never 0. Kills 97 (`try_add(…, None, k)`: 0 seated) and 73 (`recused.get(None)`: a check
    spent on day 0)."""
    states, split = city3(away={A: {O[1]: [0], O[2]: [0]}, B: {O[3]: [1]}})
    for st in states.values():
        st.flows[CITY].recused[O[0]] = {"FS"}
    set_budgets(states, A, [5, 0, 0, 5])
    set_budgets(states, B, [5, 1, 1, 0])
    set_budgets(states, C, [0, 0, 0, 0])
    spent = [0, 100]
    assert _sampled(states, split, ent("S", (0, 1), C, basis="sampled", enterprise="FS"), [0, 1], spent=spent) is not None
    assert _guest_day(states, "S") == (B, 1) and sorted(states[B].flows[CITY].assign["S"]) == [O[1], O[2]]
    assert spent == [1, 100]


def test_recused_officers_units_do_not_count_as_the_teams_spare() -> None:
    """R-RECUSE / R-SAMPLE (sampled_guest 29): only officer 1 of those not recused from FS has units left (officers 0
    and 2, recused, have many): borrowing cannot give k, so no check is spent at all. Kills 29 (`recused.get(None)`
    in the team's spare)."""
    states, split = city3()
    for st in states.values():
        st.flows[CITY].recused[O[0]] = {"FS"}
        st.flows[CITY].recused[O[2]] = {"FS"}
    set_budgets(states, A, [9, 1, 9, 0])
    set_budgets(states, B, [9, 0, 9, 0])
    set_budgets(states, C, [9, 0, 9, 0])
    spent = [0, 100]
    assert _sampled(states, split, ent("S", (0, 1), C, basis="sampled", enterprise="FS"), [0, 1], spent=spent) is None
    assert spent == [0, 100] and not states[A].guests and not states[B].guests


def test_only_the_agencys_kept_days_in_the_city_are_kept() -> None:
    """R-PRIORITY (sampled_guest 11): day 0 is kept for an unmet trigger of agency zz in the city and for one of hb in
    another city (1401…); neither keeps it from an hb firm of this city. Kills 11 (`a == agency or same city`)."""
    states, split = city3()
    avoid = {(B, "zz"): {0}, ("140105", "hb"): {0}}
    assert _sampled(states, split, ent("S", (0, 0), C, basis="sampled"), [0], avoid=avoid) is not None
    assert _guest_day(states, "S") == (A, 0)


def test_the_own_districts_days_are_not_guest_days() -> None:
    """R-SAMPLE (sampled_guest 38): a day the city team holds in the visit's own district is its district's own to
    place (place_anywhere), not a guest's. Kills 38 (`owner >= 0 or …`: C's day 2 booked as a 'guest' of C)."""
    states, split = city3()
    assert _sampled(states, split, ent("S", (2, 2), C, basis="sampled"), [2]) is None
    assert "S" not in states[C].placed and not states[C].guests


def test_the_least_loaded_host_day_is_tried_first() -> None:
    """R-SPREAD (sampled_guest 43, 45): A's day 0 has a visit, B's day 1 none: the guest goes on day 1. Kills 43, 45
    (days in day order, not load order)."""
    states, split = city3()
    assert states[A].place(ent("M", (0, 0), A), 0, CITY) is None
    assert _sampled(states, split, ent("S", (0, 1), C, basis="sampled"), [0, 1]) is not None
    assert _guest_day(states, "S") == (B, 1)


def test_no_check_beyond_the_budget_and_each_counted_on() -> None:
    """R-SAMPLE's check budget (sampled_guest 48, 90): with every check spent nothing is tried; otherwise a check
    counts on from what was spent. Kills 48 (`spent[0] > spent[1]`) and 90 (`spent[0] = 1`)."""
    states, split = city3()
    spent = [4, 4]
    assert _sampled(states, split, ent("S", (0, 0), C, basis="sampled"), [0], spent=spent) is None
    assert spent == [4, 4] and not states[A].guests
    spent = [3, 10]
    assert _sampled(states, split, ent("S", (0, 0), C, basis="sampled"), [0], spent=spent) is not None
    assert spent == [4, 10]


def test_a_day_the_firm_may_not_take_is_passed_over_for_the_next() -> None:
    """R-JOINT (sampled_guest 52, 68): the firm has a complaint visit (another group) on day 0 in its own district: day 0 is
    passed over (the host's team has room) and day 1 takes the guest. Kills 52 (`enterprise_rule and team_rule`) and
    68 (`break`)."""
    states, split = city3(own_team_away=False)
    other = ent("O", (0, 0), C, basis="triggered", enterprise="FS")  # no R-GAP from a complaint visit
    states[C].add(other, 0, f"hb-{C}")
    e = ent("S", (0, 1), C, basis="sampled", enterprise="FS")
    assert states[C].enterprise_rule(e, 0) == "R-JOINT"
    assert _sampled(states, split, e, [0, 1]) is not None
    assert _guest_day(states, "S") == (B, 1)


def test_the_hosts_pair_feasible_year_does_not_stop_a_guest() -> None:
    """R-AVAIL (sampled_guest 66, 67): a guest brings budget from elsewhere, so the host slice's pair-feasible year
    (`annual_onsite`, here reached) is not asked; the day's own limits are. Kills 66, 67 (`annual` True)."""
    states, split = city3()
    states[A].slices[CITY].annual_onsite = 0
    assert _sampled(states, split, ent("S", (0, 0), C, basis="sampled"), [0]) is not None
    assert _guest_day(states, "S") == (A, 0)


def test_a_used_borrowed_unit_stays_with_the_host_until_undone() -> None:
    """R-AVAIL / R-OFFICER-DRAW (sampled_guest 113): the guest on A's day 0 sits officers 0 and 1, officer 0 on a unit
    borrowed from C: that unit stays in A (A's share 1 and sat, C's 0), never over budget; the undo gives it back.
    Kills 113 (`budget >= year_count`: the used unit given back, A over budget)."""
    states, split = city3()
    set_budgets(states, A, [0, 1, 0, 0])
    set_budgets(states, B, [0, 0, 0, 0])
    set_budgets(states, C, [1, 0, 0, 0])
    undo = _sampled(states, split, ent("S", (0, 0), C, basis="sampled", enterprise="FS"), [0])
    assert undo is not None and sorted(states[A].flows[CITY].assign["S"]) == O[:2]
    assert budgets(states) == {A: [1, 1, 0, 0], B: [0, 0, 0, 0], C: [0, 0, 0, 0]} and check_consistent(states) == []
    undo()
    assert budgets(states) == {A: [0, 1, 0, 0], B: [0, 0, 0, 0], C: [1, 0, 0, 0]} and check_consistent(states) == []


CITY2 = "hb-140400b"


def test_a_second_city_team_is_tried_when_the_first_has_no_units() -> None:
    """R-TEAM / R-SAMPLE (sampled_guest 34): the agency has two city teams; the first has no unit left in any share,
    the second has: the guest goes with the second. Kills 34 (`break` at the first team)."""
    states: dict[str, PartState] = {}
    split: dict[str, Any] = {CITY: {}, CITY2: {}}
    own_days = {A: [0], B: [1], C: [2]}
    for name in NAMES:
        aw = {o: [d for d in range(3) if d not in own_days[name]] for o in [*O, f"{CITY2}-0", f"{CITY2}-1"]}
        aw.update({f"hb-{name}-0": [0, 1, 2], f"hb-{name}-1": [0, 1, 2]})
        p, s, days = part(3, {f"hb-{name}": ("hb", 2, 2), CITY: ("hb", 4, 2), CITY2: ("hb", 2, 2)}, away=aw)
        states[name] = PartState(dataclasses.replace(p, district=name), s, RULES, days)
        for t in (CITY, CITY2):
            split[t][name] = {"days": [days[d].isoformat() for d in own_days[name]], "budgets": {}}
        set_budgets(states, name, [0, 0, 0, 0])
    assert _sampled(states, split, ent("S", (0, 0), C, basis="sampled"), [0]) is not None
    assert _guest_day(states, "S") == (A, 0) and states[A].guests["S"].teams == {"hb": CITY2}


# -- PartState.place_anywhere (R-TEAM, R-AVAIL, R-PAIR, R-PRIORITY) --------------------------------------------------------

def _st(teams: dict[str, tuple[str, int, int]], n_days: int = 4, away: dict[str, list[int]] | None = None) -> PartState:
    p, s, days = part(n_days, teams, away=away)
    return PartState(p, s, RULES, days)


def _spend(st: PartState, tid: str) -> None:
    for o in st.flows[tid].officers:
        st.flows[tid].budget[o] = 0


def test_no_team_of_the_agency_is_r_team() -> None:
    """R-TEAM (place_anywhere 14, 15): an agency with no team in the part."""
    st = _st({"hb-1": ("hb", 2, 2)})
    assert st.place_anywhere(entry("Z", (0, 1), agency="zz"), [0, 1]) == "R-TEAM"


def test_the_team_with_most_annual_room_goes_first() -> None:
    """R-SPREAD (place_anywhere 6, 8, 11, 12): hb-1 has 10 − 5 = 5 visits of annual room, hb-2 8 − 0 = 8: hb-2 takes
    the visit. Kills 6, 8 (by name), 11 (least room first), 12 (`annual + year`)."""
    st = _st({"hb-1": ("hb", 2, 2), "hb-2": ("hb", 2, 2)})
    st.slices["hb-1"].annual_onsite, st.year_onsite["hb-1"] = 10, 5
    st.slices["hb-2"].annual_onsite = 8
    assert st.place_anywhere(entry("E", (0, 0)), [0]) is None and st.placed["E"].teams == {"hb": "hb-2"}


def test_a_team_without_k_units_is_passed_over_for_the_next() -> None:
    """R-AVAIL (place_anywhere 19, 20, 24, 25, 27): hb-1 (the most room, first) has no unit left: passed over, hb-2
    takes the visit; alone, hb-1's spent budget is the reason. Kills 19, 20 (the on-site test), 24, 25 (the key) and
    27 (`break`)."""
    st = _st({"hb-1": ("hb", 2, 2), "hb-2": ("hb", 2, 2)})
    st.slices["hb-1"].annual_onsite = 100
    _spend(st, "hb-1")
    assert st.place_anywhere(entry("E", (0, 0)), [0]) is None and st.placed["E"].teams == {"hb": "hb-2"}
    one = _st({"hb-1": ("hb", 2, 2)})
    _spend(one, "hb-1")
    assert one.place_anywhere(entry("E", (0, 0)), [0]) == "R-AVAIL" and "E" not in one.placed


def _pair_only(names: list[str], spent: list[str]) -> PartState:
    """Teams `names` of three officers; those in `spent` have no unit left; in the others officer 1 has no unit and
    officer 2, with units, is away every day: one officer can go, a pair cannot (R-PAIR, even re-staffed)."""
    st = _st({t: ("hb", 3, 2) for t in names}, away={f"{t}-2": [0, 1, 2, 3] for t in names})
    for t in names:
        st.flows[t].budget[f"{t}-1"] = 0
    for t in spent:
        _spend(st, t)
    return st


def test_the_reason_is_the_rule_that_bound_most_often() -> None:
    """R-EXPLAIN's rule of place_anywhere (22, 23, 26, 79, 81): two teams spent (R-AVAIL twice) and one day where hb-3
    has one officer (R-PAIR once): R-AVAIL; with three such days, R-PAIR. Kills 22 (`= 1`), 23 (`-= 1`), 79, 81 (the
    greatest name, not count) and 26 (`+= 2`)."""
    st = _pair_only(["hb-1", "hb-2", "hb-3"], ["hb-1", "hb-2"])
    assert st.place_anywhere(entry("E", (0, 3)), [0]) == "R-AVAIL"
    st = _pair_only(["hb-1", "hb-2", "hb-3"], ["hb-1", "hb-2"])
    assert st.place_anywhere(entry("E", (0, 3)), [0, 1, 2]) == "R-PAIR"


def test_no_day_to_try_is_r_workday() -> None:
    """R-WORKDAY (place_anywhere 35, 77, 83, 84): no day given and none kept off: the window had no working day. Kills
    35 (`<=`: an R-PRIORITY of 0 counted), 77 (max of nothing) and 83, 84 (the words)."""
    st = _st({"hb-1": ("hb", 2, 2)})
    assert st.place_anywhere(entry("E", (0, 3)), []) == "R-WORKDAY"


def test_days_kept_off_count_for_r_priority_over_every_team() -> None:
    """R-PRIORITY (place_anywhere 36, 38, 40, 64, 65): hb-1 has day 0 kept off, hb-2 days 0–2; every day left is R-PAIR
    (one officer): R-PRIORITY 1 + 3 ties R-PAIR 3 + 1 and wins by name; one team with one day kept off: R-PAIR 3 over
    R-PRIORITY 1. Kills 36 (`=`: 3 < 4), 38 (the key), 40 (`+ len(mine)`), 64 (`why[rule] = 1`), 65 (`-= 1`)."""
    st = _pair_only(["hb-1", "hb-2"], [])
    assert st.place_anywhere(entry("E", (0, 3)), [0, 1, 2, 3], team_off={"hb-1": {0}, "hb-2": {0, 1, 2}}) == "R-PRIORITY"
    st = _pair_only(["hb-1"], [])
    assert st.place_anywhere(entry("E", (0, 3)), [0, 1, 2, 3], team_off={"hb-1": {0}}) == "R-PAIR"


def _restaff_part() -> tuple[PartState, Any]:
    """hb-1 of four officers: 0 and 1 present every day, one unit each, both sat on V (day 3); 2 and 3, one unit each,
    away on days 0 and 1. A visit on day 0 or 1 needs V re-staffed to 2 and 3 (the exact max-flow); on day 2 officers
    2 and 3 go at once."""
    st = _st({"hb-1": ("hb", 4, 2)}, away={"hb-1-2": [0, 1], "hb-1-3": [0, 1]})
    f = st.flows["hb-1"]
    f.budget.update({"hb-1-0": 1, "hb-1-1": 1, "hb-1-2": 0, "hb-1-3": 0})
    v = entry("V", (3, 3), enterprise="FV")
    assert st.place(v, 3, "hb-1") is None and sorted(f.assign["V"]) == ["hb-1-0", "hb-1-1"]
    f.budget.update({"hb-1-2": 1, "hb-1-3": 1})
    return st, f


def test_a_day_needing_a_re_staffing_is_retried_exactly() -> None:
    """R-PAIR (place_anywhere 60, 61, 62): on days 0 and 1 no officer present has room; the exact retry re-staffs V to
    officers 2 and 3 and books the visit. Kills 60 (`!=`: the R-PAIR days not retried), 61, 62 (never retried)."""
    st, f = _restaff_part()
    assert st.place_anywhere(entry("E", (0, 1)), [0, 1]) is None
    assert sorted(f.assign["E"]) == ["hb-1-0", "hb-1-1"] and sorted(f.assign["V"]) == ["hb-1-2", "hb-1-3"]


def test_a_day_with_officers_free_goes_before_a_re_staffing() -> None:
    """R-PAIR / R-OFFICER-DRAW (place_anywhere 56, 58): the first pass is the quick one: day 2, where officers 2 and 3
    are free, takes the visit, though day 0 or 1 comes first in the day order and could be had by re-staffing V. Kills
    56, 58 (exact in the first pass)."""
    st, f = _restaff_part()
    e = entry("E", (0, 2), group="g1")
    assert st.day_order(e, [0, 1, 2], "hb-1")[0] != 2
    assert st.place_anywhere(e, [0, 1, 2]) is None and st.placed["E"].day == 2
    assert sorted(f.assign["V"]) == ["hb-1-0", "hb-1-1"]


def test_the_annual_limit_is_asked_unless_the_caller_lifts_it() -> None:
    """R-AVAIL (place_anywhere 1, 52, 57, 74): hb-1's pair-feasible year is reached (annual_onsite 0): by default the
    visit is refused (R-AVAIL); with `annual=False` (budget borrowed, the exact staffing decides) it is booked, on the
    quick pass and on the exact retry. Kills 1 (default False), 52 (`annual=None`), 57 (first pass with the default)
    and 74 (retry with the default)."""
    st = _st({"hb-1": ("hb", 2, 2)})
    st.slices["hb-1"].annual_onsite = 0
    assert st.place_anywhere(entry("E", (0, 0)), [0]) == "R-AVAIL" and "E" not in st.placed
    assert st.place_anywhere(entry("E", (0, 0)), [0], annual=False) is None
    st, f = _restaff_part()
    st.slices["hb-1"].annual_onsite = 0
    assert st.place_anywhere(entry("E", (0, 1)), [0, 1], annual=False) is None and "E" in f.assign


# -- scheduler.plan.place_enterprise (R-SAMPLE, R-TEAM, R-AVAIL) -----------------------------------------------------------

def test_place_enterprise_asks_the_annual_limit_by_default() -> None:
    """R-AVAIL (place_enterprise 1, 37): the walk's first try keeps the slice's pair-feasible year: reached, the firm
    is not placed. Kills 1 (default False) and 37 (`annual` None)."""
    from scheduler.plan import place_enterprise

    st = _st({"hb-1": ("hb", 2, 2)})
    st.slices["hb-1"].annual_onsite = 0
    why = place_enterprise(st, [entry("E", (0, 1), basis="sampled")])
    assert why is not None and "R-AVAIL" in why[0] and "E" not in st.placed


def test_place_enterprise_offers_the_guest_only_its_window_and_never_for_want_of_a_team() -> None:
    """R-SAMPLE / R-TEAM (place_enterprise 26, 59, 60, 61): a spent team's visit is offered to `guest` with its
    window's days (2, 3) only; a visit of an agency with no team here is offered too (a city team of its city may
    serve a district with no share of its days, review39 #1), and with none found its refusal stays R-TEAM. Kills 26
    (days from 0), 59 (the Chinese words tested), 60, 61 (the words)."""
    from scheduler.plan import place_enterprise

    asked: list[tuple[str, list[int]]] = []

    def guest(e: Any, days: list[int]) -> None:
        asked.append((e.key, days))
        return None

    st = _st({"hb-1": ("hb", 2, 2)})
    _spend(st, "hb-1")
    why = place_enterprise(st, [entry("E", (2, 3), basis="sampled")], guest=guest)
    assert why is not None and asked == [("E", [2, 3])]
    asked.clear()
    why = place_enterprise(st, [entry("Z", (2, 3), agency="zz", basis="sampled")], guest=guest)
    assert why is not None and "R-TEAM" in why[0] and asked == [("Z", [2, 3])]


def test_place_enterprise_tries_the_on_site_visit_before_the_remote_check_of_an_index() -> None:
    """R-SAMPLE / R-EXPLAIN (place_enterprise 8, 9, 10): of one index, the on-site visit is tried first, so its reason
    (hb's spent budgets) is the firm's, not the remote check's (no zz team), though the check's key sorts first. Kills
    8 (remote first), 9, 10 (the mode never on site: key order)."""
    from scheduler.plan import place_enterprise

    st = _st({"hb-1": ("hb", 2, 2)})
    _spend(st, "hb-1")
    remote = entry("a", (0, 1), agency="zz", basis="sampled", mode="remote", enterprise="F")
    onsite = entry("b", (0, 1), basis="sampled", enterprise="F")
    why = place_enterprise(st, [remote, onsite])
    assert why is not None and "R-AVAIL" in why[0] and "hb-1" in why[0]
