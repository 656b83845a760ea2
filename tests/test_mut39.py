"""mut39: R-REPLAN's `_relocate`, `_restaff`, `_budget_swap` and `_held` (execution/replan.py) and the guests'
`give_way` / `place_guests` (scheduler/guests.py; R-PRIORITY) on hand-made years of the example bundle and tiny parts,
no solve. Each test names the mutants (mutmut 3 names, code of f93cb52) it kills that survived the rest of the
selection: the colleague and joint parts a move keeps, give_way's caps and pool order, place_guests' budget of exact
staffing checks."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from execution import Year
from execution.context import Visit
from execution.replan import officer_unavailable
from tests.test_mut15_replan import E1, E2, E403, TODAY, D, books, fresh_books, set_cap, tiny, visit
from tests.test_replan34 import _city_full_on_d

YEAR_END = dt.date(2027, 12, 31)


# ---- R-REPLAN: _relocate keeps whoever is still free -------------------------------------------------------------------

def test_a_visit_moved_with_its_own_team_keeps_the_absent_officers_colleague() -> None:
    """R-REPLAN (`_relocate`, own team): V1 on hb-140404 with 03 and 01; 01 on leave on D, 00 away on D, the city team
    closed (cap 0): no re-staffing, no swap, so V1 moves to the nearest day with its own team, and 03 — still free —
    stays on it; only 01's seat is drawn (00, first in R-OFFICER-DRAW order for V1: 00, 01, 03). A mutant that drops the agency's
    colleague from the officers kept (`t == team and …`, `t != team or …`) redraws both seats: 00 and 01, the officer
    on leave back on the visit he was taken off."""
    v = visit("V1", D, E1, ("hb-140404-03", "hb-140404-01"))
    y = tiny(v)
    set_cap(y, "hb-140400", 0)
    y.extra_away["hb-140404-00"] = {D}
    res = officer_unavailable(y, "hb-140404-01", D, D, TODAY, "planner")
    assert res.restaffed == [] and res.shortfalls == [] and [m["visit_id"] for m in res.moved] == ["V1"]
    assert v.date != D and abs((v.date - D).days) == 1 and v.teams == {"hb": "hb-140404"}
    assert set(v.officer_ids) == {"hb-140404-03", "hb-140404-00"}  # the colleague kept, the absent one's seat drawn
    assert y.lawful(v) == [] and books(y) == fresh_books(y)


def _joint_on_city_full_day() -> tuple[Year, Visit]:
    """A joint hb+um visit J of E403 on D: hb by hb-140403 (its two certified officers), um by um-140403-03 and -01 —
    the last two of um-140403 in R-OFFICER-DRAW order for J (02, 00, 03, 01). The city team hb-140400 is full on D."""
    j = visit("J", D, E403, ("hb-140403-03", "hb-140403-04", "um-140403-03", "um-140403-01"), agencies=("hb", "um"))
    full = [dataclasses.replace(visit(f"C{i}", D, E403, (f"hb-140400-0{2 * i}", f"hb-140400-0{2 * i + 1}")), enterprise_id=e)
            for i, e in enumerate(("91140403AAAAAAAAAA", "91140403BBBBBBBBBB"))]
    return tiny(j, *full), j


def test_a_joint_visit_moved_to_another_team_of_the_agency_keeps_the_other_agencys_officers() -> None:
    """R-REPLAN (`_relocate`, another team) and R-PRIORITY's joint visit: hb-140403 loses 03 for the rest of the year,
    so J's hb part moves to the city team hb-140400 on the nearest day it has room; um's part is not the one touched,
    and its officers (still free that day) stay — not redrawn as 02 and 00. A mutant keeping only the agency's own
    officers (`… agency_id == agency`) or none (`t == team and …`) for another team redraws um's seats."""
    y, j = _joint_on_city_full_day()
    res = officer_unavailable(y, "hb-140403-03", TODAY, YEAR_END, TODAY, "planner")
    assert res.shortfalls == [] and [m["visit_id"] for m in res.moved] == ["J"] and j.status == "planned"
    assert j.agency_ids == ("hb", "um") and j.teams == {"hb": "hb-140400", "um": "um-140403"}
    assert abs((j.date - D).days) == 1
    um = {o for o in j.officer_ids if o.startswith("um-")}
    assert um == {"um-140403-03", "um-140403-01"}  # the other agency's officers kept
    assert {y.reg.officers[o].team_id for o in j.officer_ids if o.startswith("hb-")} == {"hb-140400"}
    assert len(j.officer_ids) == 4 and y.lawful(j) == [] and books(y) == fresh_books(y)


# ---- R-PRIORITY: give_way (scheduler/guests.py) on tiny parts ------------------------------------------------------------
# 140403 holds the city team's day 0 (and 1 in `_city3`), 140404 its last day; tests/test_guests.py's `_two_districts`.

def _city3(recused: dict[str, set[str]] | None = None, away403: dict[str, list[int]] | None = None,  # type: ignore[no-untyped-def]
           away404: dict[str, list[int]] | None = None, city_cap: int = 2, own_away: bool = True):
    """tests/test_mut35.py's `_three_days` with recusals: 140403 holds the city team's days 0 and 1, 140404 its day 2;
    140404's own team is away on day 2 (`own_away`). `away403` / `away404`: more days away of officers in that district's
    share."""
    from tiny_part import RULES, part

    from scheduler.state import PartState
    from tests.test_guests import CITY

    away_a: dict[str, list[int]] = {f"{CITY}-{i}": [2] for i in range(4)}
    for o, ds in (away403 or {}).items():
        away_a[o] = away_a.get(o, []) + ds
    pa, sa, days = part(3, {"hb-140403": ("hb", 2, 2), CITY: ("hb", 4, city_cap)}, away=away_a, recused=recused)
    away_b: dict[str, list[int]] = {f"{CITY}-{i}": [0, 1] for i in range(4)}
    if own_away:
        away_b.update({"hb-140404-0": [2], "hb-140404-1": [2]})
    for o, ds in (away404 or {}).items():
        away_b[o] = away_b.get(o, []) + ds
    pb, sb, _ = part(3, {"hb-140404": ("hb", 2, 2), CITY: ("hb", 4, city_cap)}, away=away_b, recused=recused)
    pb = dataclasses.replace(pb, district="140404")
    states = {"140403": PartState(pa, sa, RULES, days), "140404": PartState(pb, sb, RULES, days)}
    split = {CITY: {"140403": {"days": [d.isoformat() for d in days[:2]], "budgets": {}},
                    "140404": {"days": [days[2].isoformat()], "budgets": {}}}}
    return states, split


def _mandatory(key: str, day: int, district: str = "140403"):  # type: ignore[no-untyped-def]
    from tests.test_guests import _trigger

    return dataclasses.replace(_trigger(key, district=district, enterprise=f"F{key}", basis="mandatory"), window=(day, day))


def _no_budget(states, team: str) -> None:  # type: ignore[no-untyped-def]
    """Every share of `team`: its officers' budgets are what they have used (nothing left)."""
    for st in states.values():
        if team in st.flows:
            f = st.flows[team]
            for o in f.officers:
                f.budget[o] = f.year_count[o]


def _complaint(key: str, window: tuple[int, int], enterprise: str = "FT"):  # type: ignore[no-untyped-def]
    from tests.test_guests import _trigger

    return dataclasses.replace(_trigger(key, enterprise=enterprise), window=window)


def _spent_city(placed: dict[str, list[tuple[str, int]]], **kw):  # type: ignore[no-untyped-def]
    """`_city3` with mandatory visits placed on the city team (district → [(key, day)]), then every budget spent: the
    city team's shares, and both districts' own teams (nothing of their own to take a complaint or a visit given back)."""
    from tests.test_guests import CITY

    states, split = _city3(**kw)
    ms = {}
    for d, keys in placed.items():
        for key, day in keys:
            m = _mandatory(key, day, d)
            assert states[d].place(m, day, CITY) is None, key
            ms[key] = m
    for team in (CITY, "hb-140403", "hb-140404"):
        _no_budget(states, team)
    return states, split, ms


def _required(ms: dict, *complaints) -> dict:  # type: ignore[no-untyped-def,type-arg]
    out: dict[str, list] = {}  # type: ignore[type-arg]
    for m in ms.values():
        out.setdefault(m.district, []).append(m)
    out.setdefault("140404", []).extend(complaints)
    return out


def test_a_visit_inside_the_window_gives_way_before_one_after_it() -> None:
    """R-PRIORITY (give_way's pool): T (140404, due on day 0, a guest of 140403's city day) needs city officers'
    budget; the mandatory visits M1 (day 0, inside T's window) and M2 (day 1, after it) each hold two units of it.
    The visit inside the window goes first (the same day, team and officers), whatever its key sorts as: x_give_way
    _76 (`bisect_left(…, (lo, "XXXX"))`) and _81 (`bisect_right(…, (hi, "XX\\uffffXX"))`) count M1 / ZM1 as outside
    the window, and M2, the year's latest, gives way instead."""
    from scheduler.guests import give_way

    for first in ("M1", "ZM1"):
        states, split, ms = _spent_city({"140403": [(first, 0), ("M2", 1)]})
        t = _complaint("T", (0, 0))
        unplaced = {"T": "R-AVAIL"}
        guests: dict[str, str] = {}
        assert give_way(states, _required(ms, t), unplaced, split, guests) == {first: "T"}  # type: ignore[arg-type]
        assert guests == {"T": "140403"} and states["140404"].placed["T"].day == 0
        assert "M2" in states["140403"].placed and unplaced == {first: "R-PRIORITY"}


def test_a_visit_after_the_window_gives_its_budget() -> None:
    """R-PRIORITY (give_way's pool, the year's latest): only M2, after T's window, holds the city officers' budget T
    needs; it gives way. x_give_way_89/_92/_94 leave the visits after the window out of the pool (T stays unmet),
    _95–_98 fail on `min(None, …)` / `min(after)`."""
    from scheduler.guests import give_way

    states, split, ms = _spent_city({"140403": [("M2", 1)]})
    t = _complaint("T", (0, 0))
    unplaced = {"T": "R-AVAIL"}
    assert give_way(states, _required(ms, t), unplaced, split, {}) == {"M2": "T"}  # type: ignore[arg-type]
    assert unplaced == {"M2": "R-PRIORITY"} and states["140404"].placed["T"].day == 0 and "M2" not in states["140403"].placed


def test_a_complaint_called_impossible_is_relabelled_without_an_elsewhere_map() -> None:
    """R-PRIORITY / R-EXPLAIN (give_way's relabelling): T, which its part called R-CERT, could have had the city team
    in its window; nothing gives way (the day's visit is sampled) and give_way is called without `elsewhere` (the
    default): T is still relabelled R-AVAIL. x_give_way_3 leaves `elsewhere` None and fails writing to it."""
    from scheduler.guests import give_way
    from tests.test_guests import CITY, _trigger, _two_districts

    states, split = _two_districts(city_cap=1)
    m = _trigger("M", district="140403", enterprise="FM", basis="sampled")
    assert states["140403"].place(m, 0, CITY) is None
    unplaced = {"T": "R-CERT"}
    assert give_way(states, {"140403": [m], "140404": [_trigger("T", enterprise="FT")]}, unplaced, split, {}) == {}  # type: ignore[arg-type]
    assert unplaced == {"T": "R-AVAIL"} and "M" in states["140403"].placed


def test_the_last_try_allowed_in_all_is_made(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """R-PRIORITY (GIVE_WAY_TOTAL, give_way's cap on tries in all): with one try allowed, M2 still gives way to T
    (the first try is the one allowed). x_give_way_33 (`total <= 1`) stops before it: T stays unmet."""
    import scheduler.guests as guests

    monkeypatch.setattr(guests, "GIVE_WAY_TOTAL", 1)
    states, split, ms = _spent_city({"140403": [("M2", 1)]})
    unplaced = {"T": "R-AVAIL"}
    assert guests.give_way(states, _required(ms, _complaint("T", (0, 0))), unplaced, split, {}) == {"M2": "T"}  # type: ignore[arg-type]
    assert unplaced == {"M2": "R-PRIORITY"}


def test_with_no_tries_left_give_way_still_relabels_and_returns_what_gave_way(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """R-PRIORITY / R-EXPLAIN: with GIVE_WAY_TOTAL spent (0) nothing is removed, but a complaint its part called R-CERT
    that the city team could serve is still relabelled R-AVAIL with `elsewhere` naming the team, and give_way returns
    an empty mapping. x_give_way_34 (`return` for `break`) returns None and skips the relabelling."""
    import scheduler.guests as guests
    from tests.test_guests import CITY

    monkeypatch.setattr(guests, "GIVE_WAY_TOTAL", 0)
    states, split, ms = _spent_city({"140403": [("M2", 1)]})
    unplaced = {"T": "R-CERT"}
    elsewhere: dict[str, list[str]] = {}
    assert guests.give_way(states, _required(ms, _complaint("T", (0, 0))), unplaced, split, {}, elsewhere) == {}  # type: ignore[arg-type]
    assert unplaced == {"T": "R-AVAIL"} and elsewhere == {"T": [CITY]} and "M2" in states["140403"].placed


def test_a_complaint_of_a_district_with_no_part_does_not_end_give_way() -> None:
    """R-PRIORITY (give_way): A, first in priority order, is of a district no part was solved for (no state): it is
    skipped, and T, after it, still takes M2's place. x_give_way_36 (`break` for `continue`) ends the pass at A."""
    from scheduler.guests import give_way

    states, split, ms = _spent_city({"140403": [("M2", 1)]})
    a = dataclasses.replace(_complaint("A", (0, 0), enterprise="FA"), district="140499")
    required = _required(ms, _complaint("T", (0, 0)))
    required["140499"] = [a]
    unplaced = {"A": "R-AVAIL", "T": "R-AVAIL"}
    assert give_way(states, required, unplaced, split, {}) == {"M2": "T"}  # type: ignore[arg-type]
    assert unplaced == {"A": "R-AVAIL", "M2": "R-PRIORITY"}


def test_a_team_with_no_mandatory_visit_does_not_end_the_search() -> None:
    """R-PRIORITY / R-TEAM (give_way's teams): of T's teams, the city team (sorted first, hb-140400) has no mandatory
    visit; 140404's own team has M on T's day, its budget spent by M: M gives way and T takes the team. x_give_way_70
    (`break` for `continue`) stops at the city team."""
    from scheduler.guests import give_way

    states, split = _city3()
    own = states["140404"]
    m = _mandatory("M", 0, "140404")
    assert own.place(m, 0, "hb-140404") is None
    for team in ("hb-140400", "hb-140403", "hb-140404"):
        _no_budget(states, team)
    unplaced = {"T": "R-AVAIL"}
    assert give_way(states, {"140404": [m, _complaint("T", (0, 0))]}, unplaced, split, {}) == {"M": "T"}  # type: ignore[arg-type]
    assert own.placed["T"].teams == {"hb": "hb-140404"} and unplaced == {"M": "R-PRIORITY"}


@pytest.mark.parametrize(("city", "mine"), [("A", "B"), ("B", "A")])
def test_inside_visits_of_every_team_are_tried_nearest_first_then_by_key(city: str, mine: str) -> None:
    """R-PRIORITY (give_way's pool over teams): on T's day 0 the city team holds one mandatory visit (140403) and
    140404's own team another, both spent; either one's removal places T. The pool holds the inside visits of every
    team, by day then key: A gives way, whichever team it is on. x_give_way_82 (`inside =` for `+=`) keeps only the last
    team's (140404's): B gives way when A is the city team's; _118 (ties by district, not key) takes 140403's first."""
    from scheduler.guests import give_way

    states, split = _city3()
    a, b = _mandatory(city, 0, "140403"), _mandatory(mine, 0, "140404")
    assert states["140403"].place(a, 0, "hb-140400") is None and states["140404"].place(b, 0, "hb-140404") is None
    for team in ("hb-140400", "hb-140403", "hb-140404"):
        _no_budget(states, team)
    unplaced = {"T": "R-AVAIL"}
    req = {"140403": [a], "140404": [b, _complaint("T", (0, 0))]}
    assert give_way(states, req, unplaced, split, {}) == {"A": "T"}  # type: ignore[arg-type]
    assert "B" in states[{"A": "140404", "B": "140403"}[city]].placed
    assert states["140404"].placed["T"].teams == {"hb": "hb-140400" if city == "A" else "hb-140404"}


def test_the_year_latest_tie_is_broken_by_key_not_district() -> None:
    """R-PRIORITY (give_way's pool, the year's latest): K2 (city team, 140403) and K1 (140404's own team) are both on
    day 1, after T's window (day 0), and either one's removal places T. The latest are ordered by day, then key: K1
    gives way. x_give_way_126 (ties by district) takes K2, 140403's."""
    from scheduler.guests import give_way

    states, split = _city3()
    k2, k1 = _mandatory("K2", 1, "140403"), _mandatory("K1", 1, "140404")
    assert states["140403"].place(k2, 1, "hb-140400") is None and states["140404"].place(k1, 1, "hb-140404") is None
    for team in ("hb-140400", "hb-140403", "hb-140404"):
        _no_budget(states, team)
    unplaced = {"T": "R-AVAIL"}
    req = {"140403": [k2], "140404": [k1, _complaint("T", (0, 0))]}
    assert give_way(states, req, unplaced, split, {}) == {"K1": "T"}  # type: ignore[arg-type]
    assert "K2" in states["140403"].placed and states["140404"].placed["T"].teams == {"hb": "hb-140404"}


def test_the_year_latest_visits_of_every_team_are_in_the_pool() -> None:
    """R-PRIORITY (give_way's pool, outside the window): B (city team, day 0) and X (140404's own team, day 0) are both
    before T's window (day 1), all budgets spent. X's removal frees its officers' units but not 140404's team-day 1,
    full with two sampled visits; B's places T on 140403's city day 1. x_give_way_99 (`latest =` for `+=`) keeps only
    the last team's, X: T stays unmet."""
    from tiny_part import entry

    from scheduler.guests import give_way

    states, split = _city3()
    own = states["140404"]
    b, x = _mandatory("B", 0, "140403"), _mandatory("X", 0, "140404")
    assert states["140403"].place(b, 0, "hb-140400") is None and own.place(x, 0, "hb-140404") is None
    for k in ("Y1", "Y2"):
        y = dataclasses.replace(entry(k, (1, 1), basis="sampled", enterprise=f"F{k}"), district="140404")
        assert own.place(y, 1, "hb-140404") is None
    for team in ("hb-140400", "hb-140403", "hb-140404"):
        _no_budget(states, team)
    unplaced = {"T": "R-AVAIL"}
    req = {"140403": [b], "140404": [x, _complaint("T", (1, 1))]}
    assert give_way(states, req, unplaced, split, {}) == {"B": "T"}  # type: ignore[arg-type]
    assert own.placed["T"].day == 1 and own.placed["T"].teams == {"hb": "hb-140400"} and "X" in own.placed


def test_a_visit_inside_the_window_that_frees_nothing_leaves_a_try_for_the_next(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """R-PRIORITY (GIVE_WAY_TRIES = 2 here): the city team's X (day 1, inside T's window) is staffed by officers 0 and
    1, recused from T's firm: removing it frees nothing T can use; B (day 0, before the window; officers 2 and 3) does.
    The pool is X then B, each once, and B gives way. x_give_way_90 (`after = len(visits) + j`) puts X in the year's
    latest as well: the two tries are X twice, and T stays unmet."""
    import scheduler.guests as guests
    from tests.test_guests import CITY

    monkeypatch.setattr(guests, "GIVE_WAY_TRIES", 2)
    rec = {f"{CITY}-0": {"FT", "FB"}, f"{CITY}-1": {"FT", "FB"}, f"{CITY}-2": {"FX"}, f"{CITY}-3": {"FX"}}
    states, split, ms = _spent_city({"140403": [("B", 0), ("X", 1)]}, recused=rec)
    host = states["140403"]
    assert sorted(host.flows[CITY].assign["X"]) == [f"{CITY}-0", f"{CITY}-1"]
    unplaced = {"T": "R-AVAIL"}
    assert guests.give_way(states, _required(ms, _complaint("T", (1, 1))), unplaced, split, {}) == {"B": "T"}  # type: ignore[arg-type]
    assert "X" in host.placed and host.guests["T"].day == 1


def test_only_as_many_visits_before_the_window_as_the_tries_leave_after_the_year_latest(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """R-PRIORITY (GIVE_WAY_TRIES = 2 here): the city team's A0a and A0b (140403, day 0, before T's window; officers 2
    and 3, the others away that day) and A2 (140404, day 2, after it; officers 0 and 1, recused from T's firm). The
    pool is the latest after the window, A2, and n − 1 = 1 before it, A0b: A2 frees nothing T can use, A0b gives way.
    x_give_way_108 (`n + len(tail)`) takes A0a too, which sorts before A0b, and A0a gives way instead."""
    import scheduler.guests as guests
    from tests.test_guests import CITY

    monkeypatch.setattr(guests, "GIVE_WAY_TRIES", 2)
    states, split, ms = _spent_city({"140403": [("A0a", 0), ("A0b", 0)], "140404": [("A2", 2)]},
                                    recused={f"{CITY}-0": {"FT"}, f"{CITY}-1": {"FT"}},
                                    away403={f"{CITY}-0": [0], f"{CITY}-1": [0]}, away404={f"{CITY}-2": [2], f"{CITY}-3": [2]})
    assert sorted(states["140404"].flows[CITY].assign["A2"]) == [f"{CITY}-0", f"{CITY}-1"]
    unplaced = {"T": "R-AVAIL"}
    assert guests.give_way(states, _required(ms, _complaint("T", (1, 1))), unplaced, split, {}) == {"A0b": "T"}  # type: ignore[arg-type]
    assert "A0a" in states["140403"].placed and "A2" in states["140404"].placed


def _x_then_b(**kw):  # type: ignore[no-untyped-def]
    """The city team's X (day 1, inside T's window; officers 0 and 1, recused from T's firm) and B (day 0; officers 2
    and 3): only B's removal places T (due on day 1)."""
    from tests.test_guests import CITY

    rec = {f"{CITY}-0": {"FT", "FB"}, f"{CITY}-1": {"FT", "FB"}, f"{CITY}-2": {"FX"}, f"{CITY}-3": {"FX"}}
    states, split, ms = _spent_city({"140403": [("B", 0), ("X", 1)]}, recused=rec, **kw)
    return states, split, _required(ms, _complaint("T", (1, 1)))


@pytest.mark.parametrize(("total", "gave"), [(1, {}), (2, {"B": "T"})])
def test_each_try_counts_one_against_the_tries_allowed_in_all(total: int, gave: dict[str, str], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """R-PRIORITY (GIVE_WAY_TOTAL): X is tried first and frees nothing, B would place T. With one try in all, X's is it:
    B is not tried and T stays unmet; with two, B gives way. x_give_way_130 (`… and total <= 0`), _134 (`total < 0`),
    _137 (`total = 1`), _138 (`total += 1`) try B with none left; _135 (`total <= 1`), _139 (`total -= 2`) stop before B
    with one left. _174 (`break` after X is put back) never tries B."""
    import scheduler.guests as guests

    monkeypatch.setattr(guests, "GIVE_WAY_TOTAL", total)
    states, split, req = _x_then_b()
    unplaced = {"T": "R-AVAIL"}
    assert guests.give_way(states, req, unplaced, split, {}) == gave  # type: ignore[arg-type]
    assert ("T" in unplaced) is (not gave) and "X" in states["140403"].placed


def test_a_try_allows_the_guests_pass_only_its_own_few_checks(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """R-PRIORITY (GIVE_WAY_FLOWS: the guests' pass gets a few exact checks per try, not its own budget of thousands):
    with none allowed, removing M2 cannot book T as a guest, and M2 is put back. x_give_way_160/_165 call place_guests
    with its default budget (GUEST_FLOWS_TOTAL): T is booked and M2 gives way."""
    import scheduler.guests as guests

    monkeypatch.setattr(guests, "GIVE_WAY_FLOWS", 0)
    states, split, ms = _spent_city({"140403": [("M2", 1)]})
    unplaced = {"T": "R-AVAIL"}
    assert guests.give_way(states, _required(ms, _complaint("T", (0, 0))), unplaced, split, {}) == {}  # type: ignore[arg-type]
    assert unplaced == {"T": "R-AVAIL"} and states["140403"].placed["M2"].day == 1


def test_a_visit_that_did_not_need_to_give_way_goes_back_beside_its_joint_part() -> None:
    """R-PRIORITY / R-JOINT (give_way, "fits beside"): M (hb, the city team, day 0) is one joint entry with the firm's
    other agency's part P on the same day; the city day has a free seat, so T fits without M's room and M goes back on
    its day — `enterprise_rule(M, day 0)` lets the joint part share the day. x_give_way_186 asks the rule for day None,
    which fails on P's R-GAP."""
    from tiny_part import entry

    from scheduler.guests import give_way
    from tests.test_guests import CITY, _two_districts

    states, split = _two_districts(city_cap=2)
    host = states["140403"]
    m = dataclasses.replace(entry("M", (0, 0), basis="mandatory", enterprise="FM", group="FM|joint"), district="140403")
    p = dataclasses.replace(entry("P", (0, 0), agency="um", basis="mandatory", enterprise="FM", group="FM|joint"), district="140403")
    assert host.place(m, 0, CITY) is None and host.place(p, 0, "hb-140403") is None
    unplaced = {"T": "R-AVAIL"}
    assert give_way(states, {"140403": [m, p], "140404": [_complaint("T", (0, 0))]}, unplaced, split, {}) == {}  # type: ignore[arg-type]
    assert not unplaced and host.placed["M"].day == 0 and host.placed["M"].teams == {"hb": CITY}


def test_relabelling_skips_a_complaint_of_a_district_with_no_part() -> None:
    """R-EXPLAIN / R-PRIORITY (give_way's relabelling): A (R-CERT, a district with no part) comes first; T (R-CERT) after
    it could have had the city team and is relabelled R-AVAIL. x_give_way_223 (`break` for `continue`) stops at A."""
    from scheduler.guests import give_way
    from tests.test_guests import CITY, _trigger, _two_districts

    states, split = _two_districts(city_cap=1)
    m = _trigger("M", district="140403", enterprise="FM", basis="sampled")
    assert states["140403"].place(m, 0, CITY) is None
    a = dataclasses.replace(_trigger("A", enterprise="FA"), district="140499")
    unplaced = {"A": "R-CERT", "T": "R-CERT"}
    elsewhere: dict[str, list[str]] = {}
    req = {"140403": [m], "140404": [_trigger("T", enterprise="FT")], "140499": [a]}
    assert give_way(states, req, unplaced, split, {}, elsewhere) == {}  # type: ignore[arg-type]
    assert unplaced == {"A": "R-CERT", "T": "R-AVAIL"} and elsewhere == {"T": [CITY]}


# ---- R-PRIORITY: place_guests' budget of exact staffing checks (max-flows) -------------------------------------------------

def test_the_checks_allowed_are_the_callers(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """R-PRIORITY (place_guests' `flows`: give_way passes a few per try): with none allowed no guest is booked; with one,
    T is. x_place_guests_15 ignores `flows` and books T with none allowed."""
    from scheduler.guests import place_guests
    from tests.test_guests import _trigger, _two_districts

    for flows, got in ((0, {}), (1, {"T": "140403"})):
        states, split = _two_districts()
        unplaced = {"T": "R-AVAIL"}
        assert place_guests(states, {"140404": [_trigger("T", enterprise="FT")]}, unplaced, split, flows=flows) == got  # type: ignore[arg-type]
        assert ("T" in unplaced) is (not got)


def test_a_team_whose_unrecused_officers_are_spent_costs_no_check() -> None:
    """R-PRIORITY / R-RECUSE (place_guests' `short`): T1's firm has the city officers 0 and 1 recused, and only they
    have budget left: for T1 the team is spent, skipped without a check, and the one check allowed books T2 (another
    firm, officers 0 and 1). x_place_guests_73 (`short = None`) and _81 (recusals not read) spend it on T1."""
    from scheduler.guests import place_guests
    from tests.test_guests import CITY, _trigger, _two_districts

    states, split = _two_districts(recused={f"{CITY}-0": {"F1"}, f"{CITY}-1": {"F1"}})
    for st in states.values():
        f = st.flows[CITY]
        for o in f.officers:
            f.budget[o] = 1 if (st is states["140403"] and o in (f"{CITY}-0", f"{CITY}-1")) else 0
    t1, t2 = _trigger("T1", enterprise="F1"), _trigger("T2", enterprise="F2")
    unplaced = {"T1": "R-AVAIL", "T2": "R-AVAIL"}
    assert place_guests(states, {"140404": [t1, t2]}, unplaced, split, flows=1) == {"T2": "140403"}  # type: ignore[arg-type]
    assert unplaced == {"T1": "R-AVAIL"} and sorted(states["140403"].flows[CITY].assign["T2"]) == [f"{CITY}-0", f"{CITY}-1"]


def test_a_spent_team_skips_a_free_day_and_still_takes_a_full_one_where_room_is_made() -> None:
    """R-PRIORITY (review34 D2 over two days): every share of the city team is spent. T's window is days 0–1, both
    140403's: day 0 is free (a spent team: no check, next day), day 1 full with 140403's own complaint on the city team,
    which moves to 140403's own team and gives its officers' units back: T takes the seat. x_place_guests_191 (`break`
    for `continue` on a spent team's free day) never reaches day 1."""
    from tiny_part import entry

    from scheduler.guests import place_guests
    from tests.test_guests import CITY

    states, split = _city3(city_cap=1)
    host = states["140403"]
    assert host.place(entry("mine", (1, 1), basis="triggered"), 1, CITY) is None
    _no_budget(states, CITY)
    unplaced = {"T": "R-AVAIL"}
    assert place_guests(states, {"140404": [_complaint("T", (0, 1))]}, unplaced, split) == {"T": "140403"}  # type: ignore[arg-type]
    assert host.guests["T"].day == 1 and host.placed["mine"].teams == {"hb": "hb-140403"} and not unplaced


@pytest.mark.parametrize(("flows", "placed"), [(1, False), (2, True)])
def test_re_staffing_a_share_costs_checks_within_the_callers_budget(flows: int, placed: bool) -> None:
    """R-PRIORITY / R-PAIR (tests/test_restaff34.py's spread budgets): M needs a unit freed by re-staffing 140404's
    share, one max-flow besides the booking's own. With one check allowed it is not re-staffed and M stays unmet; with
    two it is, and M is booked. x_place_guests_196 (`… + 1`) re-staffs with one; _201 (`… - 2`) not even with two."""
    from scheduler.guests import place_guests
    from tests.test_guests import _trigger
    from tests.test_restaff34 import _spread_budgets

    states, split = _spread_budgets()
    unplaced = {"M": "R-AVAIL"}
    got = place_guests(states, {"140404": [_trigger("M", basis="mandatory")]}, unplaced, split, flows=flows)  # type: ignore[arg-type]
    assert got == ({"M": "140403"} if placed else {}) and ("M" in unplaced) is not placed


def _restaff_fails(host0: int):  # type: ignore[no-untyped-def]
    """`_city3`, the city team: in 140403 officers 0 and 1 are present on day 0 only with 2 and 3 (away on day 0),
    officer 0 with `host0` units there, 1 none, 2 and 3 one each. In 140404, s (day 2) holds 0 and 1, both spent there;
    2 has a unit but is away that day, 3 none. For T (140404, due days 0–1): on day 0, where 0 and 1 have units left
    for two seats (`host0` = 2), a unit for 1 is looked for by re-staffing s — one max-flow, which fails — and the
    booking fails (a second check); day 1 books T with 2 and 3 (one check). With `host0` = 1 the same: its officers
    have one unit left between them, but the team has more (2's and 3's), and a re-staffed seat can turn an absent
    officer's unit into an able one's (round 35; until then nothing was re-staffed there: one check)."""
    from tiny_part import entry

    from tests.test_guests import CITY

    o = [f"{CITY}-{i}" for i in range(4)]
    states, split = _city3(away403={o[2]: [0], o[3]: [0]}, away404={o[2]: [2], o[3]: [2]})
    donor = states["140404"]
    assert donor.place(dataclasses.replace(entry("s", (2, 2), basis="sampled", enterprise="FS"), district="140404"), 2, CITY) is None
    assert sorted(donor.flows[CITY].assign["s"]) == o[:2]
    for f, b in ((states["140403"].flows[CITY], (host0, 0, 1, 1)), (donor.flows[CITY], (1, 1, 1, 0))):
        f.budget.update(zip(o, b, strict=True))
    _no_budget(states, "hb-140404")
    return states, split


@pytest.mark.parametrize(("host0", "flows", "placed"), [(2, 2, False), (2, 3, True), (1, 2, False), (1, 3, True)])
def test_every_check_of_a_day_counts_against_the_callers_budget(host0: int, flows: int, placed: bool) -> None:
    """R-PRIORITY (place_guests' `flows_total`): day 0 costs T two checks, a share re-staffed (in vain) and the booking;
    day 1 one more. x_place_guests_230 (`+ spent`) and _233 (the re-staffing not counted) book T with two allowed; _201
    (one fewer re-staffing check allowed) skips the re-staffing and books T with two."""
    from scheduler.guests import place_guests

    states, split = _restaff_fails(host0)
    unplaced = {"T": "R-AVAIL"}
    got = place_guests(states, {"140404": [_complaint("T", (0, 1))]}, unplaced, split, flows=flows)  # type: ignore[arg-type]
    assert got == ({"T": "140403"} if placed else {}) and ("T" in unplaced) is not placed
    if placed:
        assert states["140403"].guests["T"].day == 1
    assert states["140404"].flows["hb-140400"].budget["hb-140400-1"] == 1  # the failed re-staffing gave its unit back


@pytest.mark.parametrize(("per_visit", "placed"), [(2, False), (4, True)])
def test_every_check_of_a_day_counts_against_the_visits_own_budget(per_visit: int, placed: bool, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """R-PRIORITY (GUEST_FLOWS, the checks one visit may spend): day 0 costs T two (a failed re-staffing and the
    booking), day 1 one. With two allowed T stays unmet, with four it is booked on day 1. x_place_guests_223 (`+ spent`)
    and _226 (the re-staffing not counted) book it with two; _228 (counting the re-staffing allowed, 3, not the one
    made) does not with four."""
    import scheduler.guests as guests

    monkeypatch.setattr(guests, "GUEST_FLOWS", per_visit)
    states, split = _restaff_fails(2)
    unplaced = {"T": "R-AVAIL"}
    got = guests.place_guests(states, {"140404": [_complaint("T", (0, 1))]}, unplaced, split)  # type: ignore[arg-type]
    assert got == ({"T": "140403"} if placed else {}) and ("T" in unplaced) is not placed


# ---- R-REPLAN: a withdrawn absence (`_held`) ---------------------------------------------------------------------------------

def test_a_visit_re_staffed_on_today_goes_back_when_the_leave_is_withdrawn_today() -> None:
    """R-REPLAN / R-INSERT (`_held`): hb-140404-01, on leave today (D), was replaced on V1 today by hb-140404-00; the
    leave, entered by mistake, is withdrawn the same day. Today has not passed: V1 gets its officers back (the freeze
    holds a visit's day, not the mistake made on it). x_held_45 (`<= today`) keeps it, "its day has passed"."""
    from execution.replan import withdraw_absence

    v = visit("V1", D, E1, ("hb-140404-03", "hb-140404-01"))
    y = tiny(v)
    res = officer_unavailable(y, "hb-140404-01", D, D, D, "planner")
    assert res.restaffed == ["V1"] and "hb-140404-01" not in v.officer_ids
    back = withdraw_absence(y, 1, D, "planner", "录错了 / entered by mistake")
    assert back.restored == ["V1"] and back.kept == []
    assert set(v.officer_ids) == {"hb-140404-03", "hb-140404-01"} and v.date == D and books(y) == fresh_books(y)


def test_a_move_inside_the_freeze_stays_and_says_which_visit() -> None:
    """R-REPLAN / R-INSERT (`_held`, R-EXPLAIN): V1 moved by a leave to another team and day; the leave is withdrawn the
    day before D, so going back would move V1 inside the freeze: it stays, and what stays names V1. x_held_83 names no
    visit (None)."""
    from execution.replan import withdraw_absence

    y, v = _city_full_on_d()
    res = officer_unavailable(y, "hb-140403-03", TODAY, YEAR_END, TODAY, "planner")
    assert [m["visit_id"] for m in res.moved] == ["V1"]
    moved = (v.date, dict(v.teams), v.officer_ids)
    back = withdraw_absence(y, 1, D - dt.timedelta(days=1), "planner", "录错了 / entered by mistake")
    assert back.restored == [] and [k["visit_id"] for k in back.kept] == ["V1"] and back.kept[0]["rule"] == "R-INSERT"
    assert (v.date, v.teams, v.officer_ids) == moved


def test_a_pinned_visit_whose_other_team_is_full_that_day_is_a_shortfall_for_want_of_officers() -> None:
    """R-REPLAN / R-EXPLAIN (`_restaff`): V1, notified (pinned), loses hb-140403-03 on D; hb-140403 has no one else and
    the city team hb-140400 is full on D, so it is not tried at all: the shortfall says no officer had room, not that
    officers were found and refused. x__restaff_33 (`team_room(t, None)`: every team has room on no day) staffs the
    full city team and words the shortfall as its R-AVAIL refusal."""
    y, v = _city_full_on_d()
    v.status = "notified"
    res = officer_unavailable(y, "hb-140403-03", D, D, TODAY, "planner")
    (s,) = res.shortfalls
    assert s["binding"] == f"team hb-140403: no other certified, unrecused officer with room on {D}; the visit is pinned and cannot move"
    assert v.status == "cancelled" and books(y) == fresh_books(y)


@pytest.mark.parametrize("firm", ["FT1", "FV"])
def test_a_complaint_placed_in_its_own_part_after_a_removal_takes_its_windows_days_as_the_part_would(firm: str) -> None:
    """R-PRIORITY / R-SPREAD (give_way: `place_anywhere(e, window days)`): M (140404's own team, day 1) holds the team's
    budget; T, due on days 1–2 (both free once M is out, equally loaded), takes its place in its own part on the day
    the part's own order of T's window puts first (`PartState.day_order`: load, then a rotation per visit over the
    days given). x_give_way_149 hands the part days 0–2 (day 0 outside the window), which turns the rotation: for
    these two firms T lands on the other day."""
    from scheduler.guests import give_way

    def world():  # type: ignore[no-untyped-def]
        states, split = _city3(own_away=False)  # 140404's own team present on all three days
        own = states["140404"]
        m = _mandatory("M", 1, "140404")
        assert own.place(m, 1, "hb-140404") is None
        for team in ("hb-140400", "hb-140403", "hb-140404"):
            _no_budget(states, team)
        return states, split, own, m

    t = _complaint("T", (1, 2), enterprise=firm)
    states, split, own, m = world()
    own.remove(own.placed["M"])
    first = own.day_order(t, [1, 2], "hb-140404")[0]
    states, split, own, m = world()
    unplaced = {"T": "R-AVAIL"}
    assert give_way(states, {"140404": [m, t]}, unplaced, split, {}) == {"M": "T"}  # type: ignore[arg-type]
    assert own.placed["T"].teams == {"hb": "hb-140404"} and own.placed["T"].day == first
    assert first == {"FT1": 2, "FV": 1}[firm]  # the rotation over T's window (sha256 of its group)


@pytest.mark.parametrize("busy", ["hb-140404-03", "hb-140404-00"])
def test_remote_checks_do_not_stop_a_budget_swap_of_on_site_visits(busy: str) -> None:
    """R-REPLAN / R-AVAIL (`_budget_swap`, tests/test_mut15_replan.py's swap case): 03, spent on W, replaces 00 on V
    and 00 takes 03's place on W. A remote check that day — 03's on V's day, or 00's on W's — fills that officer's
    remote cap (one a day here), which limits remote checks only: the on-site swap still holds. x__budget_swap_23 and
    _62 ask the officer's freedom for mode None (the remote branch) and find no swap: V is moved or lost instead."""
    from tests.test_mut15_replan import E3, set_budget

    v = visit("V", D, E1, ("hb-140404-00", "hb-140404-01"))
    w = visit("W", D + dt.timedelta(days=14), E2, ("hb-140404-03", "hb-140404-01"))
    r = visit("R", D if busy == "hb-140404-03" else w.date, E3, (busy,), mode="remote")
    y = tiny(v, w, r)
    set_budget(y, "hb-140404-03", 1)
    set_cap(y, "hb-140400", 0)
    y.policy = dataclasses.replace(y.policy, max_remote_checks_per_officer_per_day=1)
    assert y.remote_day[(busy, r.date)] == 1
    res = officer_unavailable(y, "hb-140404-00", D, D, TODAY, "planner")
    assert res.restaffed == ["V", "W"] and res.moved == [] and res.shortfalls == []
    assert v.officer_ids == ("hb-140404-03", "hb-140404-01") and w.officer_ids == ("hb-140404-00", "hb-140404-01")
    assert y.lawful(v) == [] and y.lawful(w) == [] and y.lawful(r) == [] and books(y) == fresh_books(y)
