"""Mutation round 27: tests that kill surviving mutants of this round's new or changed code — solve.greedy (the
`perishable_first` order) and the second greedy of solve_part, PartState.with_budget and PartState.day_order
(scheduler/state.py), and place_guests's room-making and move-back (scheduler/guests.py). Hand-made tiny parts
(tests/tiny_part.py), no CP-SAT solve; each test names the mutants (mutmut 3 ids) it kills."""

from __future__ import annotations

import pytest
from test_mut26 import CITY, _city, _visit
from tiny_part import RULES, entry, part

import scheduler.guests as guests
import scheduler.solve as solve
from scheduler.guests import place_guests
from scheduler.solve import PartJob, greedy, solve_part
from scheduler.state import PartState

TEAM = "hb-140403"


# -- solve.greedy ------------------------------------------------------------------------------------------------------------
def test_greedy_tries_the_window_only_and_keeps_the_binding_rule() -> None:
    """Days 3 and 4 each hold a visit of a team that makes one a day: a visit due in days 3-4 is left out for R-AVAIL
    (the days of its window only: mutant 21 tried days 0-2 too, R-WORKDAY three times; mutant 32 kept no rule)."""
    p, st, days = part(5, {TEAM: ("hb", 2, 1)})
    entries = [entry("a", (3, 3)), entry("b", (4, 4)), entry("z", (3, 4))]
    got, unplaced = greedy(PartJob(p, st, RULES, days, entries, 1.0, 8, "t", False))
    assert (got.placed["a"].day, got.placed["b"].day) == (3, 4)
    assert unplaced == {"z": "R-AVAIL"}


# -- solve.solve_part: the second greedy ---------------------------------------------------------------------------------------
def _perishable_job(n: int, extra: tuple[str, ...] = (), perishable: bool = True) -> PartJob:
    """tests/test_perishable.py's part: officer 0 present on days 0-3 only (budget 8) when `perishable`, officers 1 and 2
    every day (budget 6 each), two visits a day; `n` mandatory visits over the 12 days, and a trigger of each agency in
    `extra` (no team here: R-TEAM)."""
    away = {f"{TEAM}-0": list(range(4, 12))} if perishable else {}
    p, st, days = part(12, {TEAM: ("hb", 3, 2)}, budget={f"{TEAM}-0": 8, f"{TEAM}-1": 6, f"{TEAM}-2": 6}, away=away)
    entries = [entry(f"m{i:02d}", (0, 11)) for i in range(n)] + [entry(f"t-{a}", (0, 11), agency=a, basis="triggered") for a in extra]
    return PartJob(p, st, RULES, days, entries, 1.0, 8, "t", False)


@pytest.mark.parametrize("n, perishable", [(3, True), (14, False)])
def test_no_second_greedy_where_the_first_is_complete_or_at_the_bound(n: int, perishable: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three visits: the first greedy places all; fourteen where every officer stays all year: it places the part's
    pair-feasible 10 (at_bound). Either way no second greedy is run (mutant 9: `or`, a second greedy on every part)."""
    calls: list[bool] = []
    real = solve.greedy

    def spy(job: PartJob, perishable_first: bool = False) -> tuple[PartState, dict[str, str]]:
        calls.append(perishable_first)
        return real(job, perishable_first)

    monkeypatch.setattr(solve, "greedy", spy)
    got = solve_part(_perishable_job(n, perishable=perishable))
    assert len(got.placed) == min(n, 10) and calls == [False]
    # the spy does see the second greedy where it is due (the perishable part, 8 of 10 by the even spread)
    calls.clear()
    solve_part(_perishable_job(14))
    assert calls == [False, True]


def test_a_tie_keeps_the_even_spread() -> None:
    """Three visits and a trigger no team may make (R-TEAM: not at the bound): both orders place the three, on different
    days. The second greedy is kept only where it places more (R-PRIORITY): a tie keeps the even spread (mutant 25:
    `>=`)."""
    job = _perishable_job(3, extra=("zj",))
    spread, s_unplaced = greedy(job)
    first, _ = greedy(job, perishable_first=True)
    assert len(spread.placed) == len(first.placed) == 3 and s_unplaced == {"t-zj": "R-TEAM"}
    days = {k: p.day for k, p in spread.placed.items()}
    assert days != {k: p.day for k, p in first.placed.items()}  # the two orders differ here
    got = solve_part(job)
    assert {k: d for k, d, _, _ in got.placed} == days and got.unplaced == {"t-zj": "R-TEAM"}


# -- PartState.with_budget ---------------------------------------------------------------------------------------------------
def test_with_budget_counts_present_officers_with_budget_left() -> None:
    """Officer 0 present on days 0-1 only: per day, the officers present whose budget is not used up (one used up is
    not counted: mutant 3, `>=`); none left: zeros of every working day (mutants 5, 7: no length)."""
    p, st, days = part(4, {TEAM: ("hb", 3, 2)}, budget=2, away={f"{TEAM}-0": [2, 3]})
    s = PartState(p, st, RULES, days)
    f = s.flows[TEAM]
    assert s.with_budget(TEAM).tolist() == [3, 3, 2, 2]
    f.year_count[f"{TEAM}-1"] = 2
    assert s.with_budget(TEAM).tolist() == [2, 2, 1, 1]
    for o in f.officers:
        f.year_count[o] = 2
    assert s.with_budget(TEAM).tolist() == [0, 0, 0, 0]


# -- PartState.day_order -----------------------------------------------------------------------------------------------------
def _state(n_days: int = 5) -> PartState:
    p, st, days = part(n_days, {TEAM: ("hb", 2, 2), "zj-140403": ("zj", 2, 2)})
    return PartState(p, st, RULES, days)


def test_day_order_puts_the_groups_joint_day_first() -> None:
    """Enterprise F's zj visit of group G on day 2 and of group H on day 4; the hb visit of group G goes on day 2 first
    (R-JOINT), though the hb team already has a visit that day: mutants 2, 37 (no joint day), 3 (the other group's day),
    40 (joint days last)."""
    s = _state()
    s.add(entry("zg", (0, 4), agency="zj", enterprise="F", group="G"), 2, "zj-140403")
    s.add(entry("zh", (0, 4), agency="zj", enterprise="F", group="H"), 4, "zj-140403")
    s.add(entry("other", (2, 2)), 2, TEAM)
    order = s.day_order(entry("hg", (0, 4), enterprise="F", group="G"), [0, 1, 2, 3, 4], TEAM)
    assert order[0] == 2 and sorted(order) == [0, 1, 2, 3, 4]


def test_day_order_rotates_ties_per_visit_and_counts_remote_checks() -> None:
    """On an empty team every day ties: the order is a rotation of the days that starts where the visit's group says,
    not always on the first day (mutant 17: `/`, no wrap-around). A remote check on a day loads it like an on-site
    visit: that day goes last (mutant 21: on-site minus remote)."""
    s = _state()
    days = [0, 1, 2, 3, 4]
    starts = set()
    for g in ("a", "b", "c", "d", "e", "f"):
        order = s.day_order(entry(g, (0, 4)), days, TEAM)
        starts.add(order[0])
        assert order == days[order[0]:] + days[:order[0]]
    assert starts != {0}
    s.remote[TEAM][order[0]] = 1
    assert s.day_order(entry("f", (0, 4)), days, TEAM)[-1] == order[0]


@pytest.mark.parametrize("march_busy", [True, False])
def test_day_order_prefers_the_month_with_less_load_per_working_day(march_busy: bool) -> None:
    """March 31 and April 1 both free: the month with fewer visits per working day goes first (R-SPREAD). March (22
    working days here) with 4 visits elsewhere against April (3) with 1: 0.18 < 0.33, March first; with April's visit
    gone, April first. Mutants 26 (rounded to whole visits), 29, 32 (days counted, not visits) order both cases alike;
    27 (× the month's days: 88 > 3) puts April first."""
    s = _state(25)
    assert (int(s.month[21]), int(s.month[22]), int(s.month_days[2]), int(s.month_days[3])) == (2, 3, 22, 3)
    s.onsite[TEAM][[0, 1, 2, 3]] = 1
    if march_busy:
        s.onsite[TEAM][24] = 1
    assert s.day_order(entry("m", (21, 22)), [21, 22], TEAM)[0] == (21 if march_busy else 22)


# -- place_guests ------------------------------------------------------------------------------------------------------------
def _full_then_free() -> tuple[dict[str, PartState], dict[str, dict[str, object]]]:
    """Day 0 of the city team is held by 140402 and full (one a day) with 140402's own visit, which cannot move (its own
    team is away); day 1 is held by 140404 and free."""
    states, split = _city({"140402": [0], "140403": [], "140404": [1]}, city_cap=1, own_away=("140402", "140403"))
    assert states["140402"].place(entry("mine", (0, 0), basis="triggered"), 0, CITY) is None
    return states, split


@pytest.mark.parametrize("flows, total, placed", [(1, 6000, False), (2, 6000, True), (60, 1, False), (60, 2, True)])
def test_a_full_day_no_move_frees_costs_one_flow_and_the_next_day_is_tried(flows: int, total: int, placed: bool,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A trigger due in days 0-1: day 0 is full and nothing of the host's moves (one exact check spent), day 1 takes it
    — with two checks, per visit or in all; with one, day 1 is not tried. Mutants 160 (`break` when no room is made),
    136, 137 (the visit's count: +1, -2), 138, 139 (the total: +1, -2)."""
    monkeypatch.setattr(guests, "GUEST_FLOWS", flows)
    monkeypatch.setattr(guests, "GUEST_FLOWS_TOTAL", total)
    states, split = _full_then_free()
    unplaced = {"t": "R-AVAIL"}
    got = place_guests(states, {"140403": [_visit("t", "140403", (0, 1))]}, unplaced, split)  # type: ignore[arg-type]
    assert got == ({"t": "140404"} if placed else {}) and ("t" in unplaced) is not placed
    assert states["140402"].placed["mine"].teams == {"hb": CITY} and states["140402"].onsite[CITY][0] == 1


@pytest.mark.parametrize("total, booked", [(1, ["t1"]), (2, ["t1", "t2"])])
def test_the_total_of_exact_checks_spans_the_visits(total: int, booked: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Two triggers, each booked with one exact check on a free city-team day: GUEST_FLOWS_TOTAL 1 books the first only,
    2 both. Mutants 34 (`<= 1`: one check left is none), 191, 192 (the total after a booking: +1, -2)."""
    monkeypatch.setattr(guests, "GUEST_FLOWS_TOTAL", total)
    states, split = _city({"140402": [0], "140403": []}, own_away=("140403",))
    unplaced = {"t1": "R-AVAIL", "t2": "R-AVAIL"}
    got = place_guests(states, {"140403": [_visit("t1", "140403"), _visit("t2", "140403")]}, unplaced, split)  # type: ignore[arg-type]
    assert sorted(got) == booked and sorted(unplaced) == sorted({"t1", "t2"} - set(booked))


@pytest.mark.parametrize("why", ["away", "recused"])
def test_a_day_without_a_pair_costs_no_exact_check(why: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """GUEST_FLOWS 1: on 140402's day 0 only one city officer may go to firm F (the others away that day, or recused
    from F in that share), so no check is spent there (R-PAIR, R-RECUSE) and day 1 takes the trigger with the one
    check it has. Mutants 116 (`or`: present or not recused), 118 (recusals read for no one)."""
    monkeypatch.setattr(guests, "GUEST_FLOWS", 1)
    states, split = _city({"140402": [0], "140403": [], "140404": [1]}, own_away=("140403",))
    a = states["140402"].flows[CITY]
    if why == "away":
        for i in (1, 2, 3):
            a.available[f"{CITY}-{i}"][0] = False
    else:
        a.recused = {f"{CITY}-{i}": {"F"} for i in (1, 2, 3)}
    got = place_guests(states, {"140403": [_visit("t", "140403", (0, 1), enterprise="F")]}, {"t": "R-AVAIL"}, split)  # type: ignore[arg-type]
    assert got == {"t": "140404"} and states["140403"].placed["t"].day == 1


def test_a_day_full_of_remote_checks_has_no_seat_to_free() -> None:
    """140402's city-team day 0 is full of remote checks (two a day, no on-site seat to free by a move); the trigger goes
    on 140404's day 1. Mutants 21, 23 (the day's seat list read as None)."""
    states, split = _city({"140402": [0], "140403": [], "140404": [1]}, own_away=("140403",))
    a = states["140402"]
    for k in ("r1", "r2"):
        assert a.place(entry(k, (0, 0), mode="remote"), 0, CITY) is None
    got = place_guests(states, {"140403": [_visit("t", "140403", (0, 1))]}, {"t": "R-AVAIL"}, split)  # type: ignore[arg-type]
    assert got == {"t": "140404"} and a.remote[CITY][0] == 2 and a.onsite[CITY][0] == 0


def test_a_weeks_reserve_is_not_freed_and_the_next_day_is_tried() -> None:
    """A mandatory visit due in days 0-1: 140402's week is at its reserve cap (R-SPREAD), which no move frees; 140404's
    day 1 takes it. Mutant 143 (`break` after R-SPREAD)."""
    states, split = _city({"140402": [0], "140403": [], "140404": [1]}, own_away=("140403",))
    a = states["140402"]
    w = int(a.week[0])
    a.planned_week[(CITY, w)] = a.week_cap[(CITY, w)]
    got = place_guests(states, {"140403": [_visit("m", "140403", (0, 1), basis="mandatory")]}, {"m": "R-AVAIL"}, split)  # type: ignore[arg-type]
    assert got == {"m": "140404"} and states["140403"].placed["m"].day == 1


def test_room_made_on_a_day_whose_week_is_at_its_cap_is_given_back() -> None:
    """140402's city-team day 0 is full (one a day there) with its own trigger, and its week at the reserve cap: the
    trigger moves to 140402's own team (R-AVAIL freed), the mandatory guest still breaks R-SPREAD, so the trigger moves
    back to the city team and day 1 (140404, as loaded: one visit) takes the guest. Mutants 172-177 (the move back's
    arguments), 178 (`break`: day 1 not tried)."""
    states, split = _city({"140402": [0], "140403": [], "140404": [1]}, own_away=("140403",))
    a, b = states["140402"], states["140404"]
    a.slices[CITY].onsite_cap[0] = 1
    w = int(a.week[0])
    a.planned_week[(CITY, w)] = a.week_cap[(CITY, w)]
    assert a.place(entry("mine", (0, 0), basis="triggered"), 0, CITY) is None
    assert b.place(entry("theirs", (1, 1), basis="triggered"), 1, CITY) is None
    got = place_guests(states, {"140403": [_visit("m", "140403", (0, 1), basis="mandatory")]}, {"m": "R-AVAIL"}, split)  # type: ignore[arg-type]
    assert got == {"m": "140404"} and states["140403"].placed["m"].day == 1
    assert a.placed["mine"].teams == {"hb": CITY} and "mine" in a.flows[CITY].seats and not a.flows["hb-140402"].seats
    assert a.onsite[CITY][0] == 1 and a.onsite["hb-140402"][0] == 0 and a.year_onsite["hb-140402"] == 0


def test_a_blocked_mandatory_visit_does_not_end_the_guests() -> None:
    """An unmet hb trigger of the city (due on a day no district holds) blocks hb mandatory guests (R-PRIORITY); the zj
    mandatory visit after it is still a guest. Mutant 55 (`break`)."""
    zj = "zj-140400"
    states, split = _city({"140402": [0, 1], "140403": []}, n_days=3, city_teams=(CITY, zj), agencies={zj: "zj"},
                          own_away=("140403",))
    required = {"140403": [_visit("t", "140403", (2, 2)), _visit("m1", "140403", (0, 1), basis="mandatory"),
                           _visit("m2", "140403", (0, 1), basis="mandatory", agency="zj")]}
    unplaced = {"t": "R-AVAIL", "m1": "R-AVAIL", "m2": "R-AVAIL"}
    assert place_guests(states, required, unplaced, split) == {"m2": "140402"}  # type: ignore[arg-type]
    assert states["140403"].placed["m2"].teams == {"zj": zj} and sorted(unplaced) == ["m1", "t"]


def test_a_moved_visit_is_found_on_its_new_team() -> None:
    """Four hb city teams on 140403's days 0-1, one visit a day each; 140403's own team away. g1 (due day 1, recused by
    the officers of CITY, C2 and C4) builds C3's seat index on its full day 1 and is not booked. g2 (day 0) frees CITY's
    seat by moving x to C3. g3 (day 0, recused by C4): CITY holds g2, y on C2 cannot move (recused by C4), and C3's
    seat is x's, which moves on to C4: g3 is booked on C3 — read from C3's index rebuilt after the move. Mutants 161,
    162 (the host's indexes kept after a move: C3's still says day 0 is empty)."""
    c2, c3, c4 = "hb-140490", "hb-140491", "hb-140492"
    recused = {**{f"{t}-{i}": {"EC", "EW"} for t in (CITY, c2) for i in range(4)},
               **{f"{c4}-{i}": {"EC", "EW", "EY", "EB"} for i in range(4)}}
    states, split = _city({"140403": [0, 1], "140404": []}, n_days=2, city_cap=1, city_teams=(CITY, c2, c3, c4),
                          own_away=("140403",), recused=recused)
    host = states["140403"]
    for key, day, tid, firm in (("x", 0, CITY, "EX"), ("y", 0, c2, "EY"), ("w", 1, c3, "EW")):
        assert host.place(entry(key, (day, day), basis="triggered", enterprise=firm), day, tid) is None
    required = {"140404": [_visit("g1", "140404", (1, 1), enterprise="EC"), _visit("g2", "140404", (0, 0), enterprise="EA"),
                           _visit("g3", "140404", (0, 0), enterprise="EB")]}
    unplaced = {"g1": "R-AVAIL", "g2": "R-AVAIL", "g3": "R-AVAIL"}
    assert place_guests(states, required, unplaced, split) == {"g2": "140403", "g3": "140403"}  # type: ignore[arg-type]
    own = states["140404"]
    assert own.placed["g2"].teams == {"hb": CITY} and own.placed["g3"].teams == {"hb": c3} and unplaced == {"g1": "R-AVAIL"}
    assert host.placed["x"].teams == {"hb": c4} and host.placed["y"].teams == {"hb": c2} and host.placed["w"].teams == {"hb": c3}



def test_a_trigger_booked_on_its_own_districts_day_may_be_moved_for_the_next_guest() -> None:
    """140403 holds the city team's days 0-1 (one a day); its own team is recused from firm EW only. g0 (140404, day 1)
    meets w (EW) on the full day 1, which cannot move, and is not booked: 140403's seat index of the city team is built.
    g1, 140403's own trigger, takes the free day 0 (an ordinary placement of its part). g2 (140404, day 0) finds day 0
    full: g1 moves to 140403's own team and g2 is booked — read from the index rebuilt after g1's booking. Mutant 226
    (the index kept after a booking: day 0 still empty)."""
    states, split = _city({"140403": [0, 1], "140404": []}, n_days=2, city_cap=1,
                          recused={"hb-140403-0": {"EW"}, "hb-140403-1": {"EW"}})
    host = states["140403"]
    assert host.place(entry("w", (1, 1), basis="triggered", enterprise="EW"), 1, CITY) is None
    required = {"140403": [_visit("g1", "140403", (0, 0))], "140404": [_visit("g0", "140404", (1, 1)), _visit("g2", "140404", (0, 0))]}
    unplaced = {"g0": "R-AVAIL", "g1": "R-AVAIL", "g2": "R-AVAIL"}
    assert place_guests(states, required, unplaced, split) == {"g1": "140403", "g2": "140403"}  # type: ignore[arg-type]
    assert host.placed["g1"].teams == {"hb": "hb-140403"} and states["140404"].placed["g2"].teams == {"hb": CITY}
    assert host.placed["w"].teams == {"hb": CITY} and unplaced == {"g0": "R-AVAIL"}
