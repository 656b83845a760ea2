"""R-TEAM / R-SAMPLE in the sampled walk (foreign39 F1): a firm of a district with no team of its agency and no share of
the city team's days is served by the city team as a guest of another district's day; it was refused "no team of agency
hb may work in district …" while a worse-ranked firm of another district took that team's seat."""

from __future__ import annotations

from city_three import CITY, NAMES, ent
from test_review39 import X, _with_x

from scheduler.plan import walk_sampled
from scheduler.requirements import Requirements
from scheduler.select import Selection

A, B, C = NAMES


def _walk(firms: dict[str, str]):  # type: ignore[no-untyped-def]
    """Tier C, one place per firm, firms in draw order: id → district."""
    states, split = _with_x()
    entries = {f: ent(f"{f}|hb", (0, 2), d, basis="sampled", enterprise=f) for f, d in firms.items()}
    req = Requirements(list(entries.values()), {f: i + 1 for i, f in enumerate(firms)}, {"C": len(firms)}, {"C": list(firms)},
                       {}, set(), [], {})
    sel = Selection({}, {}, {}, {}, {f: [e] for f, e in entries.items()})
    status, filled = walk_sampled(req, sel, states, set(), {}, split)
    return status, filled, states, sel


def test_a_firm_with_no_team_in_its_district_is_a_guest_of_the_city_teams_day_elsewhere() -> None:
    status, filled, states, _ = _walk({"F": X})
    assert status == {"F": "sampled"} and filled == {"C": 1}
    host = [d for d, st in states.items() if "F|hb" in st.guests]
    assert len(host) == 1 and host[0] in NAMES and states[host[0]].guests["F|hb"].teams == {"hb": CITY}
    assert "F|hb" in states[X].placed  # kept by its own district (visits.csv, R-JOINT, R-GAP)


def test_no_guest_where_no_team_of_the_agency_works_in_the_city() -> None:
    """An agency with no team at all: still refused R-TEAM, nothing booked."""
    states, split = _with_x()
    e = ent("Z|zz", (0, 2), X, basis="sampled", enterprise="Z", agency="zz")
    req = Requirements([e], {"Z": 1}, {"C": 1}, {"C": ["Z"]}, {}, set(), [], {})
    sel = Selection({}, {}, {}, {}, {"Z": [e]})
    status, filled = walk_sampled(req, sel, states, set(), {}, split)
    assert status == {"Z": "capacity"} and filled == {"C": 0} and "R-TEAM" in sel.skipped["Z"]
    assert not any(st.guests for st in states.values()) and not any(st.placed for st in states.values())


def test_a_held_back_agency_in_the_city_gets_no_guest_seat() -> None:
    """R-PRIORITY: a required hb visit unmet in A holds back hb's sampled visits in the city (held_cities)."""
    states, split = _with_x()
    e = ent("F|hb", (0, 2), X, basis="sampled", enterprise="F")
    req = Requirements([e], {"F": 1}, {"C": 1}, {"C": ["F"]}, {}, set(), [], {})
    sel = Selection({}, {}, {}, {}, {"F": [e]})
    status, _ = walk_sampled(req, sel, states, {(A, "hb")}, {}, split)
    assert status == {"F": "capacity"} and not any(st.guests for st in states.values())


# ---- restore_placed with a guest (the swap's put-back, review39 #2) --------------------------------------------------------

def _guest_and_own():  # type: ignore[no-untyped-def]
    """G of district A on two visits: hb on A's own city-team day 0, um… (one agency here): G1 on A's day 0 (its own part),
    G2 as a guest of B's day 1. Both staffed by the city team's exact flows."""
    from city_three import city3

    from scheduler.guests import _book

    states, _ = city3()
    g1 = ent("G1", (0, 2), A, basis="sampled", enterprise="G")
    g2 = ent("G2", (0, 2), A, basis="sampled", enterprise="H")
    assert states[A].place(g1, 0, CITY) is None
    assert states[B].flows[CITY].try_add(g2.key, 1, g2.enterprise_id, 2)
    p2 = _book(states[A], states[B], g2, 1, CITY)
    return states, states[A].placed[g1.key], p2


def _books(states):  # type: ignore[no-untyped-def]
    return {d: (st.onsite[CITY].tolist(), st.year_onsite[CITY], sorted(st.placed), sorted(st.guests), sorted(st.flows[CITY].assign))
            for d, st in states.items()}


def test_a_guest_taken_out_is_put_back_as_a_guest_of_its_host() -> None:
    from scheduler.guests import _unbook, restore_placed

    states, p1, p2 = _guest_and_own()
    before = _books(states)
    states[A].remove(p1)
    _unbook(states[A], states[B], p2)
    assert "G2" not in states[B].guests and states[B].onsite[CITY][1] == 0
    restore_placed(states[A], [p1, p2], {"G2": states[B]})
    assert _books(states) == before  # the host counts the guest's team-day again, its own part keeps the visit


def test_a_put_back_that_fails_takes_the_guest_out_of_its_host_again() -> None:
    """The own visit's seat went meanwhile (A's share of the city officers' budgets spent): the guest put back first is
    taken out of its host, not of its own part's flows (where it never was)."""
    import pytest

    from scheduler.guests import _unbook, restore_placed

    states, p1, p2 = _guest_and_own()
    states[A].remove(p1)
    _unbook(states[A], states[B], p2)
    empty = _books(states)
    flow = states[A].flows[CITY]
    for o in flow.officers:
        flow.budget[o] = flow.year_count.get(o, 0)
    taken = _books(states)
    with pytest.raises(RuntimeError):
        restore_placed(states[A], [p2, p1], {"G2": states[B]})
    assert _books(states) == taken and empty[B] == taken[B]


def test_a_guests_seat_tried_in_vain_stays_the_guests_in_its_host() -> None:
    """review39 #2's world (G of C a guest of B's day 1, F of A skipped): the swap takes G's seat out, but F's guest
    checks are spent (`spent`: SAMPLED_GUEST_FLOWS), so F cannot take it. G is put back as B's guest, its seat in B's
    staffing and day counts, and keeps its place."""
    from functools import partial

    from city_three import city3

    from scheduler.guests import city_day_owners, sampled_guest, team_agencies
    from scheduler.plan import swap_in_draw_order

    states, split = city3()
    assert states[B].place(ent("M", (1, 1), B), 1, CITY) is None
    ef = ent("F|hb", (1, 1), A, basis="sampled", enterprise="F")
    eg = ent("G|hb", (1, 1), C, basis="sampled", enterprise="G")
    owners = city_day_owners(states, split)
    assert sampled_guest(states, split, owners, eg, [1], {}, [0, 100]) is not None
    before = _books(states)
    req = Requirements([ef, eg], {"F": 1, "G": 2}, {"C": 1}, {"C": ["F", "G"]}, {}, set(), [], {})
    sel = Selection({}, {}, {}, {"F": "R-AVAIL"}, {"F": [ef], "G": [eg]})
    taken, status = ["G"], {"F": "capacity", "G": "sampled"}
    agency_of, spent = team_agencies(states), [100, 100]

    def guest_of(teams: frozenset[str]):  # type: ignore[no-untyped-def]
        only = {t: ds for t, ds in split.items() if t in teams}
        return partial(lambda e, days: sampled_guest(states, only, owners, e, days, {}, spent, agency_of))
    swap_in_draw_order(req, sel, states, "C", taken, status, {}, split, set(), guest_of, lambda e: {})
    assert status == {"F": "capacity", "G": "sampled"} and taken == ["G"]
    assert _books(states) == before and states[B].guests["G|hb"].day == 1


def test_r_team_stays_impossible_where_no_city_team_could_go() -> None:
    """city_served (review39b #3): X's mandatory hb visit is capacity where the city hb team could go in its window;
    an agency with no team in the city, or a city team whose officers are all away in the window, leaves it R-TEAM."""
    from scheduler.guests import city_served

    states, split = _with_x()
    mx, mz = ent("MX", (0, 2), X), ent("MZ", (0, 2), X, agency="zz")
    unplaced = {"MX": "R-TEAM", "MZ": "R-TEAM"}
    elsewhere: dict[str, list[str]] = {}
    assert city_served(states, {X: [mx, mz]}, unplaced, split, elsewhere) == ["MX"]
    assert unplaced == {"MX": "R-AVAIL", "MZ": "R-TEAM"} and elsewhere == {"MX": [CITY]}
    for st in states.values():  # the city team away on every day of the window
        for o in st.flows[CITY].officers if CITY in st.flows else ():
            st.flows[CITY].available[o][:] = False
    unplaced = {"MX": "R-TEAM"}
    assert city_served(states, {X: [mx]}, unplaced, split, {}) == [] and unplaced == {"MX": "R-TEAM"}


def test_a_firm_placed_again_as_a_guest_gives_that_seat_to_a_better_one_later() -> None:
    """The swap's `hosted` set follows a re-placed guest (review39 #3 with #2): F1 (rank 1, A, day 1 only) takes G's
    seat on B's day 1 (B's own visit M beside it fills the day); a place is left, so G (rank 3, B, days 1–2) is placed
    again, as a guest of C's day 2. F2 (rank 2, A, day 2 only) then takes exactly that seat: G's guest seat is read in
    its host C (read in B, its own part, the city team's seat there holds no officers for G and the day was skipped)."""
    from city_three import city3
    from test_review39 import _run_swap

    states, split = city3()
    assert states[B].place(ent("M", (1, 1), B), 1, CITY) is None
    f1 = ent("F1|hb", (1, 1), A, basis="sampled", enterprise="F1")
    f2 = ent("F2|hb", (2, 2), A, basis="sampled", enterprise="F2")
    g = ent("G|hb", (1, 2), B, basis="sampled", enterprise="G")
    assert states[B].place(g, 1, CITY) is None
    req = Requirements([f1, f2, g], {"F1": 1, "F2": 2, "G": 3}, {"C": 2}, {"C": ["F1", "F2", "G"]}, {}, set(), [], {})
    sel = Selection({}, {}, {}, {"F1": "R-AVAIL", "F2": "R-AVAIL"}, {"F1": [f1], "F2": [f2], "G": [g]})
    taken, status = ["G"], {"F1": "capacity", "F2": "capacity", "G": "sampled"}
    _run_swap(states, split, req, sel, taken, status)
    assert status == {"F1": "sampled", "F2": "sampled", "G": "capacity"} and taken == ["F1", "F2"], (status, taken)
    assert states[B].guests["F1|hb"].day == 1 and states[C].guests["F2|hb"].day == 2
    assert not any("G|hb" in st.guests or "G|hb" in st.placed for st in states.values())
