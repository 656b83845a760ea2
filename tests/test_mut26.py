"""Mutation round 26: tests that kill surviving mutants of scheduler/guests.py (guests on a city team's day held by another
district) and of PartState.team_rule / enterprise_rule / fits / move_team (scheduler/state.py). Hand-made tiny parts
(tests/tiny_part.py), no solve, no whole plan; each test names the mutants (mutmut 3 ids) it kills."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from tiny_part import RULES, entry, part

import scheduler.guests as guests
from scheduler.guests import _borrow, _give_back, _guest_days, _make_room, _unmet, city_day_owners, place_guests
from scheduler.requirements import Entry
from scheduler.state import PartState, Placed, Rules

CITY = "hb-140400"


def _city(holds: dict[str, list[int]], n_days: int = 3, city_cap: int = 2, city_teams: tuple[str, ...] = (CITY,),
          agencies: dict[str, str] | None = None, recused: dict[str, set[str]] | None = None,
          own_away: tuple[str, ...] = (), no_city: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    """One part per district of `holds`, each with its own hb team of two officers (away every day in `own_away`) and a
    share of every city team of `city_teams` (four officers `{team}-{i}`, present only on the district's days of `holds`,
    none in `no_city`). Returns the states and the city split."""
    out: dict[str, PartState] = {}
    split: dict[str, dict[str, dict[str, object]]] = {}
    for d, held in holds.items():
        teams = {f"hb-{d}": ("hb", 2, 2)}
        away = {f"hb-{d}-{i}": list(range(n_days)) for i in range(2)} if d in own_away else {}
        if d not in no_city:
            for t in city_teams:
                teams[t] = ((agencies or {}).get(t, "hb"), 4, city_cap)
                away.update({f"{t}-{i}": [x for x in range(n_days) if x not in held] for i in range(4)})
        p, st, days = part(n_days, teams, away=away, recused=recused)
        out[d] = PartState(dataclasses.replace(p, district=d), st, RULES, days)
        for t in city_teams:
            if d not in no_city:
                split.setdefault(t, {})[d] = {"days": [days[x].isoformat() for x in held], "budgets": {}}
    return out, split


def _visit(key: str, district: str, window: tuple[int, int] = (0, 0), basis: str = "triggered", enterprise: str | None = None,
           agency: str = "hb", mode: str = "onsite") -> Entry:
    return dataclasses.replace(entry(key, window, agency=agency, basis=basis, mode=mode, enterprise=enterprise), district=district)


# -- PartState.team_rule -----------------------------------------------------------------------------------------------------
def _team(day_cap: int = 5, rules: Rules = RULES) -> PartState:
    """One team of two officers: on-site cap 2 a day (R-PAIR: 2 present × 2 a day / 2), `day_cap` visits of any kind."""
    p, st, days = part(3, {"t": ("hb", 2, day_cap)}, rules=rules)
    return PartState(p, st, rules, days)


def test_team_rule_names_each_limit() -> None:
    s = _team()
    m, trig = entry("m", (0, 2)), entry("tr", (0, 2), basis="triggered")
    assert s.team_rule(m, 0, "t") is None
    # R-AVAIL, on-site cap (2) below the day cap (5) — mutants 7-11, 14, 15 (mode test, `or`→`and`, `>`)
    s.onsite["t"][0] = 2
    assert s.team_rule(m, 0, "t") == "R-AVAIL"
    s.onsite["t"][0] = 0
    # R-AVAIL, the day cap counts on-site and remote together — mutants 3 (`-`), 4 (`>`), 5, 6
    s.remote["t"][1] = 5
    assert s.team_rule(m, 1, "t") == "R-AVAIL"
    s.remote["t"][1], s.onsite["t"][1] = 4, 1
    assert s.team_rule(m, 1, "t") == "R-AVAIL"
    s.remote["t"][1], s.onsite["t"][1] = 0, 0
    # R-AVAIL, the slice's pair-feasible year, only with `annual` (its default) — mutants 1, 7-9, 13
    s.year_onsite["t"] = s.slices["t"].annual_onsite
    assert s.team_rule(m, 2, "t") == "R-AVAIL" and s.team_rule(m, 2, "t", annual=False) is None
    s.year_onsite["t"] = 0
    # R-SPREAD binds planned visits only, at the week's cap exactly — mutants 17, 19, 21, 22
    s.planned_week[("t", int(s.week[0]))] = s.week_cap[("t", int(s.week[0]))]
    assert s.team_rule(m, 0, "t") == "R-SPREAD" and s.team_rule(trig, 0, "t") is None


def test_team_rule_remote_cap() -> None:
    """A remote check: the remote cap (2 officers × 1 a day) binds below the day cap (5) — mutants 23 (`>`), 24, 25."""
    s = _team(rules=dataclasses.replace(RULES, remote_per_officer_day=1))
    r = entry("r", (0, 2), mode="remote")
    assert s.team_rule(r, 0, "t") is None
    s.remote["t"][0] = 2
    assert s.team_rule(r, 0, "t") == "R-AVAIL"


# -- PartState.fits ----------------------------------------------------------------------------------------------------------
def test_fits_names_the_window_rule_and_reads_the_enterprise_on_that_day() -> None:
    """Outside its window a trigger breaks R-TRIGGER, a planned visit R-WORKDAY (mutants 6-14); inside it, the
    enterprise's rules are read on that day (mutant 23: `enterprise_rule(e, None)`)."""
    s = _team()
    assert s.fits(entry("tr", (1, 2), basis="triggered"), 0, "t") == "R-TRIGGER"
    assert s.fits(entry("m", (1, 2)), 0, "t") == "R-WORKDAY"
    s.add(entry("a", (0, 2), enterprise="F"), 0, "t")
    assert s.fits(entry("b", (0, 2), enterprise="F", index=1), 0, "t") == "R-JOINT"


# -- PartState.enterprise_rule -----------------------------------------------------------------------------------------------
def _firm(rules: Rules) -> PartState:
    p, st, days = part(5, {"t": ("hb", 2, 2)}, rules=rules)
    return PartState(p, st, rules, days)


def _had(s: PartState, key: str, day: int, agency: str = "hb", basis: str = "mandatory", mode: str = "onsite",
         group: str | None = None) -> None:
    """Enterprise F's visit on `day` (only what enterprise_rule reads: by_enterprise)."""
    e = entry(key, (0, 4), agency=agency, basis=basis, mode=mode, enterprise="F", group=group or key)
    s.by_enterprise["F"].append(Placed(e, day, {agency: "t"}))


def test_enterprise_rule_gap_and_joint() -> None:
    """R-GAP from an earlier planned visit (mutants 4-16: too_close's arguments), R-JOINT on its day, none for the same
    group on its day for another agency; the same agency twice in one row is R-GAP (test_joint_rows39)."""
    s = _firm(RULES)
    _had(s, "a", 0)
    assert s.enterprise_rule(entry("b", (0, 4), enterprise="F", group="b"), 2) == "R-GAP"
    assert s.enterprise_rule(entry("b", (0, 4), enterprise="F", group="b"), 0) == "R-JOINT"
    assert s.enterprise_rule(entry("b", (0, 4), agency="um", enterprise="F", group="a"), 0) is None
    assert s.enterprise_rule(entry("b", (0, 4), enterprise="F", group="a"), 0) == "R-GAP"


def test_enterprise_rule_caps() -> None:
    """R-CAP-AGENCY (2 of one agency) and R-CAP-ENTRY (3 entry days), with no gap rule in the way: counted over planned
    on-site visits only, for a planned on-site visit only."""
    rules = dataclasses.replace(RULES, gap_entries=0, gap_repeat=0)
    new = entry("n", (0, 4), enterprise="F", group="n")
    s = _firm(rules)
    _had(s, "a", 0)
    assert s.enterprise_rule(new, 4) is None  # one of its agency: mutant 3 (starts at 1)
    _had(s, "b", 1)
    assert s.enterprise_rule(new, 4) == "R-CAP-AGENCY"  # mutants 23 (`=`), 24 (`-=`), 31 (`>`), 32, 33, 28-30 (e.mode)
    assert s.enterprise_rule(_visit("n", "140403", (0, 4), enterprise="F"), 4) is None  # a trigger: mutants 26, 27
    s = _firm(rules)
    for k, a, d in (("a", "zj", 0), ("b", "xf", 1), ("c", "sj", 2)):
        _had(s, k, d, agency=a)
    assert s.enterprise_rule(new, 3) == "R-CAP-ENTRY"  # mutants 19-22 (p's mode, days.add(None)), 36 (`>`), 37, 38
    assert s.enterprise_rule(entry("n", (0, 4), enterprise="F", group="c"), 2) is None  # joins day 2: mutant 35
    s = _firm(rules)  # other agencies' visits are no R-CAP-AGENCY: mutant 25 (`!=`)
    for k, a, d in (("a", "zj", 0), ("b", "xf", 1)):
        _had(s, k, d, agency=a)
    assert s.enterprise_rule(new, 4) is None
    s = _firm(rules)  # triggers and remote checks count toward neither cap: mutants 17, 18
    for k, d in (("a", 0), ("b", 1), ("c", 2)):
        _had(s, k, d, basis="triggered")
    assert s.enterprise_rule(new, 3) is None


# -- PartState.move_team -----------------------------------------------------------------------------------------------------
def test_move_team_moves_the_year_and_week_counts() -> None:
    """A mandatory visit moved from the city team to the district's own: the year and week counts move with it
    (mutants 34-39); a trigger's move leaves the weeks (R-SPREAD counts planned visits) alone (mutant 36)."""
    states, _ = _city({"140403": [0, 1, 2]})
    s = states["140403"]
    own, w = "hb-140403", int(s.week[0])
    assert s.place(entry("m", (0, 0)), 0, CITY) is None and s.place(entry("tr", (0, 0), basis="triggered"), 0, CITY) is None
    assert s.move_team(s.placed["m"], own)
    assert (s.year_onsite[CITY], s.year_onsite[own]) == (1, 1) and (s.planned_week[(CITY, w)], s.planned_week[(own, w)]) == (0, 1)
    assert s.move_team(s.placed["tr"], own)
    assert (s.year_onsite[CITY], s.year_onsite[own]) == (0, 2) and (s.planned_week[(CITY, w)], s.planned_week[(own, w)]) == (0, 1)


def test_move_team_keeps_recusals() -> None:
    """R-RECUSE: the own team's officers are recused from the firm: the visit stays on the city team (mutant 21: the
    other team's staffing asked without the enterprise)."""
    states, _ = _city({"140403": [0, 1, 2]}, recused={"hb-140403-0": {"F"}, "hb-140403-1": {"F"}})
    s = states["140403"]
    assert s.place(entry("a", (0, 0), enterprise="F"), 0, CITY) is None
    assert not s.move_team(s.placed["a"], "hb-140403")
    assert s.placed["a"].teams == {"hb": CITY} and "a" in s.flows[CITY].seats and not s.flows["hb-140403"].seats


# -- city_day_owners ---------------------------------------------------------------------------------------------------------
def test_city_day_owners_first_district_present_wins() -> None:
    """Day 1 is held by the first district (in name order) with a city officer present; a district without the city
    team is skipped, not the end (mutant 8); a share without officers holds nothing (mutants 30-33); a day nobody holds
    is -1 (mutant 21); each district holds only its own days (mutants 26, 28, 35); the first holder keeps a day
    (mutants 36, 37)."""
    states, split = _city({"140401": [0, 1], "140402": [], "140403": [1, 2], "140404": [3]}, n_days=5, no_city=("140402",))
    states["140404"].flows[CITY].officers = []
    assert city_day_owners(states, split)[CITY].tolist() == [0, 0, 2, -1, -1]


# -- _guest_days, _unmet -----------------------------------------------------------------------------------------------------
def test_guest_days_order() -> None:
    """A trigger: its window in day order (mutants 4, 6, 10); a mandatory visit: its window's days, then the rest of the
    year (foreign35: R-GAP spaces an enterprise's visits, the window only spreads them), each the least-loaded host
    days first, ties by day (mutants 11, 13, 14)."""
    load = np.array([0, 5, 0, 3, 1, 0])
    assert _guest_days(entry("t", (2, 4), basis="triggered"), load) == [2, 3, 4]
    assert _guest_days(entry("m", (1, 5)), load) == [2, 5, 4, 3, 1, 0]
    assert _guest_days(entry("m", (3, 4)), load) == [4, 3, 0, 2, 5, 1]


def test_unmet_in_priority_order() -> None:
    """Unmet on-site triggers and mandatory visits only, in R-PRIORITY order (mutants 2, 4: no sort key)."""
    es = [entry("m", (0, 1)), entry("t2", (0, 3), basis="triggered"), entry("t1", (0, 1), basis="triggered"),
          entry("s", (0, 1), basis="sampled"), entry("r", (0, 1), basis="triggered", mode="remote"), entry("p", (0, 1))]
    unplaced = {k: "R-AVAIL" for k in ("m", "t2", "t1", "s", "r")}
    assert [e.key for e in _unmet({"140403": es}, unplaced)] == ["t1", "t2", "m"]


# -- _borrow, _give_back -----------------------------------------------------------------------------------------------------
def test_borrow_takes_the_largest_spare_elsewhere_and_give_back_returns_it() -> None:
    states, _ = _city({"140401": [0], "140402": [0], "140403": [0], "140404": [0]}, no_city=("140401",))
    host, a, b = (states[d].flows[CITY] for d in ("140403", "140402", "140404"))
    for o in host.budget:
        host.budget[o] = 0 if o != f"{CITY}-1" else 5  # CITY-1 has budget left in the host: not borrowed
    del a.budget[f"{CITY}-2"], a.budget[f"{CITY}-3"]  # 140402's share holds CITY-0 and CITY-1 only
    a.budget[f"{CITY}-0"] = 4  # spare 4 ...
    b.budget[f"{CITY}-0"], b.year_count[f"{CITY}-0"] = 6, 3  # ... beats spare 3 (mutant 6: budget + used)
    b.budget[f"{CITY}-2"] = 0  # no spare anywhere: not borrowed (mutants 15, 21)
    b.budget[f"{CITY}-3"] = 1  # spare 1 (mutant 22) ...
    host.budget[f"{CITY}-3"], host.year_count[f"{CITY}-3"] = 2, 2  # ... to a host share used up, not empty (mutant 27: `= 1`)
    host.budget["X"], host.year_count["X"] = 0, 0  # in no other share (mutants 15, 16, 18)
    before = {d: dict(s.flows[CITY].budget) for d, s in states.items() if CITY in s.flows}
    officers = [f"{CITY}-0", f"{CITY}-1", f"{CITY}-2", f"{CITY}-3", "X"]
    # mutants 1, 3-31 but 19 (the default's district is never read: its spare is 0)
    moved = _borrow(states, CITY, "140403", officers)
    assert moved == [("140402", f"{CITY}-0"), ("140404", f"{CITY}-3")]
    assert (host.budget[f"{CITY}-0"], host.budget[f"{CITY}-1"], host.budget[f"{CITY}-2"], host.budget[f"{CITY}-3"]) == (1, 5, 0, 3)
    assert (a.budget[f"{CITY}-0"], b.budget[f"{CITY}-0"], b.budget[f"{CITY}-2"], b.budget[f"{CITY}-3"]) == (3, 6, 0, 0)
    _give_back(states, CITY, "140403", moved)
    assert {d: dict(s.flows[CITY].budget) for d, s in states.items() if CITY in s.flows} == before


# -- _make_room --------------------------------------------------------------------------------------------------------------
def test_make_room_moves_a_visit_of_that_day_only_and_ignores_the_slices_year() -> None:
    """The host's visit on another day of the city team is not moved (mutant 3: the day's seats only); the guest's room
    is the day's, not the slice's pair-feasible year (mutants 21, 22: annual)."""
    states, split = _city({"140403": [0, 2], "140404": [1]}, city_cap=1, own_away=("140404",))
    host = states["140403"]
    assert host.place(entry("a_other", (2, 2)), 2, CITY) is None and host.place(entry("mine", (0, 0)), 0, CITY) is None
    host.slices[CITY].annual_onsite = 1  # full once "mine" has moved
    assert place_guests(states, {"140404": [_visit("t", "140404")]}, {"t": "R-AVAIL"}, split) == {"t": "140403"}  # type: ignore[arg-type]
    assert host.placed["a_other"].teams == {"hb": CITY} and host.placed["mine"].teams == {"hb": "hb-140403"}
    assert _make_room(host, CITY, ["a_other", "gone"]) is host.placed["a_other"]  # a key not placed is skipped
    assert _make_room(host, CITY, []) is None


def host_with_no_staff_for_g(holds: dict[str, list[int]]):  # type: ignore[no-untyped-def]
    """The host 140403's own visit "mine" on the city team (one visit a day) on day 0; city officers 0 and 1 recused from
    firm G, 2 and 3 with no budget in any share: a guest of firm G can be given room but never staffed."""
    states, split = _city(holds, city_cap=1, own_away=("140404",), recused={f"{CITY}-0": {"G"}, f"{CITY}-1": {"G"}})
    host = states["140403"]
    for s in states.values():
        for o in (f"{CITY}-2", f"{CITY}-3"):
            s.flows[CITY].budget[o] = 0
    assert host.place(entry("mine", (0, 0)), 0, CITY) is None
    return states, split, host


def test_a_move_made_for_a_guest_not_booked_is_undone() -> None:
    """review24: room is made on the host's full city-team day (its own visit moved to its own team), then the guest's
    staffing fails: the two officers the move freed are recused from the guest's firm, the other two have no budget in
    any share. The host's visit goes back to the city team: nothing of the host's plan changes for a guest not booked."""
    states, split, host = host_with_no_staff_for_g({"140403": [0], "140404": [1]})
    def snapshot() -> tuple[object, ...]:
        return (host.onsite[CITY].tolist(), host.onsite["hb-140403"].tolist(), host.year_onsite[CITY], host.year_onsite["hb-140403"],
                dict(host.flows[CITY].seats), set(host.flows["hb-140403"].seats), dict(host.flows[CITY].year_count))
    before = snapshot()
    unplaced = {"t": "R-AVAIL"}
    assert place_guests(states, {"140404": [_visit("t", "140404", enterprise="G")]}, unplaced, split) == {}  # type: ignore[arg-type]
    assert unplaced == {"t": "R-AVAIL"} and host.placed["mine"].teams == {"hb": CITY}
    assert snapshot() == before


# -- place_guests ------------------------------------------------------------------------------------------------------------
def test_place_guests_counts_and_books_on_the_host() -> None:
    """The host's day and year counts grow by one (mutants 130, 133-135), a trigger leaves its weeks (mutant 136), the
    visit is its own district's (mutant 151); the slice's pair-feasible year does not bind a guest (mutants 78, 79); the
    exact staffing is asked with the firm (mutant 115: officers recused from it); a district not planned here is skipped,
    not the end (mutant 18)."""
    states, split = _city({"140403": [0], "140404": [1]}, own_away=("140404",),
                          recused={f"{CITY}-2": {"F"}, f"{CITY}-3": {"F"}})
    host, own = states["140403"], states["140404"]
    assert host.place(entry("mine", (0, 0), basis="triggered"), 0, CITY) is None
    host.slices[CITY].annual_onsite = 1
    w = int(host.week[0])
    t = _visit("t", "140404", enterprise="G")
    unplaced = {"a": "R-AVAIL", "t": "R-AVAIL"}
    assert place_guests(states, {"140409": [_visit("a", "140409")], "140404": [t]}, unplaced, split) == {"t": "140403"}  # type: ignore[arg-type]
    assert host.onsite[CITY][0] == 2 and host.year_onsite[CITY] == 2 and host.planned_week[(CITY, w)] == 0
    assert own.by_enterprise["G"] == [own.placed["t"]] and own.placed["t"].day == 0
    # CITY-0/1 have no budget anywhere, CITY-2/3 are recused from F: no staffing
    states, split = _city({"140403": [0], "140404": [1]}, own_away=("140404",),
                          recused={f"{CITY}-2": {"F"}, f"{CITY}-3": {"F"}})
    for s in states.values():
        for o in (f"{CITY}-0", f"{CITY}-1"):
            s.flows[CITY].budget[o] = 0
    assert place_guests(states, {"140404": [_visit("t", "140404", enterprise="F")]}, {"t": "R-AVAIL"}, split) == {}  # type: ignore[arg-type]


def test_place_guests_borrows_for_the_officers_able_only_and_gives_back_on_failure() -> None:
    """Budget is borrowed for officers present and not recused (mutants 92, 94) — exactly two of them: enough (mutant
    98); a staffing that fails gives every borrowed unit back (mutants 100, 121-128)."""
    states, split = _city({"140403": [0], "140404": [1], "140405": [2]}, own_away=("140404",), recused={f"{CITY}-2": {"F"}})
    states["140403"].flows[CITY].available[f"{CITY}-3"][0] = False  # CITY-3 away that day (the host's share only)
    host = states["140403"].flows[CITY]
    for o in host.budget:
        host.budget[o] = 0
    assert place_guests(states, {"140404": [_visit("t", "140404", enterprise="F")]}, {"t": "R-AVAIL"}, split) == {"t": "140403"}  # type: ignore[arg-type]
    assert [host.budget[f"{CITY}-{i}"] for i in range(4)] == [1, 1, 0, 0]
    # CITY-1's spare is elsewhere, CITY-0's nowhere: one borrowed unit, no staffing, the unit goes back
    states, split = _city({"140403": [0], "140404": [1], "140405": [2]}, own_away=("140404",))
    for s in states.values():
        for o in (f"{CITY}-0", f"{CITY}-2", f"{CITY}-3"):
            s.flows[CITY].budget[o] = 0
    states["140403"].flows[CITY].budget[f"{CITY}-1"] = 0
    before = {d: dict(s.flows[CITY].budget) for d, s in states.items()}
    assert place_guests(states, {"140404": [_visit("t", "140404")]}, {"t": "R-AVAIL"}, split) == {}  # type: ignore[arg-type]
    assert {d: dict(s.flows[CITY].budget) for d, s in states.items()} == before


@pytest.mark.parametrize("why", ["joint", "few", "flow"])
def test_place_guests_tries_the_next_day_when_one_fails(why: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A trigger due in days 0-1: day 0 (held by 140402) fails, day 1 (held by 140404) takes it. Day 0 fails by R-JOINT
    (the firm's own visit that day: mutants 67, 89), by one able officer (mutant 99) or by a failed staffing (no budget
    anywhere; mutant 129), with flows to spare (GUEST_FLOWS 2: mutant 111)."""
    monkeypatch.setattr(guests, "GUEST_FLOWS", 2)
    states, split = _city({"140402": [0], "140403": [], "140404": [1]}, own_away=("140403",))
    a = states["140402"].flows[CITY]
    if why == "joint":
        states["140403"].add(_visit("own", "140403", (0, 0), basis="follow_up", enterprise="F"), 0, "hb-140403")
    elif why == "few":
        for i in range(1, 4):
            a.available[f"{CITY}-{i}"][0] = False
    else:
        for s in states.values():
            for o in (f"{CITY}-0", f"{CITY}-1"):
                s.flows[CITY].budget[o] = 0
        for i in (2, 3):
            a.available[f"{CITY}-{i}"][0] = False
    unplaced = {"t": "R-AVAIL"}
    assert place_guests(states, {"140403": [_visit("t", "140403", (0, 1), enterprise="F")]}, unplaced, split) == {"t": "140404"}  # type: ignore[arg-type]
    assert states["140403"].placed["t"].day == 1 and not unplaced


def test_place_guests_stops_after_its_flows(monkeypatch: pytest.MonkeyPatch) -> None:
    """GUEST_FLOWS exact staffings per visit: with 1, the failed one on day 0 is the last (mutants 61, 109, 110); the one
    it has is enough (mutant 62)."""
    monkeypatch.setattr(guests, "GUEST_FLOWS", 1)
    states, split = _city({"140402": [0], "140403": [], "140404": [1]}, own_away=("140403",))
    for s in states.values():
        for o in (f"{CITY}-0", f"{CITY}-1"):
            s.flows[CITY].budget[o] = 0
    for i in (2, 3):
        states["140402"].flows[CITY].available[f"{CITY}-{i}"][0] = False
    assert place_guests(states, {"140403": [_visit("t", "140403", (0, 1))]}, {"t": "R-AVAIL"}, split) == {}  # type: ignore[arg-type]
    states, split = _city({"140402": [0], "140403": [], "140404": [1]}, own_away=("140403",))
    assert place_guests(states, {"140403": [_visit("t", "140403", (0, 1))]}, {"t": "R-AVAIL"}, split) == {"t": "140402"}  # type: ignore[arg-type]


@pytest.mark.parametrize("b_busy", [False, True])
def test_place_guests_mandatory_goes_to_the_least_loaded_host_day(b_busy: bool) -> None:
    """A mandatory visit due in days 0-2 of 140403 (which holds day 3): 140402 holds day 0 (one visit), 140404 holds day 2
    (none; with `b_busy` also day 1, one visit). The host loads over every district (mutants 30, 37-49, 51) decide: day 2,
    after skipping the unheld day 1 (mutant 63); the week count grows (mutants 136-142)."""
    holds = {"140402": [0], "140403": [3], "140404": [1, 2] if b_busy else [2]}
    states, split = _city(holds, n_days=4, own_away=("140403",))
    a, b = states["140402"], states["140404"]
    assert a.place(entry("x", (0, 0)), 0, CITY) is None
    if b_busy:
        assert b.place(entry("y", (1, 1)), 1, CITY) is None
    w = int(b.week[2])
    assert place_guests(states, {"140403": [_visit("m", "140403", (0, 2), basis="mandatory")]}, {"m": "R-AVAIL"}, split) == {"m": "140404"}  # type: ignore[arg-type]
    assert states["140403"].placed["m"].day == 2 and b.planned_week[(CITY, w)] == 1 + b_busy and a.planned_week[(CITY, w)] == 1


def test_place_guests_tries_every_city_team_of_the_agency_only() -> None:
    """Two hb city teams and a zj one: the first hb team's day is full, the second takes the guest (mutant 156), the zj
    team never takes an hb visit (mutant 21); a guest placed is booked on one team only."""
    teams = (CITY, "hb-140490", "zj-140400")
    states, split = _city({"140403": [0], "140404": [1]}, city_cap=1, city_teams=teams, agencies={"zj-140400": "zj"},
                          own_away=("140404",))
    host = states["140403"]
    host.move_team = lambda p, tid: False  # type: ignore[method-assign]  # nothing of the host's moves
    assert host.place(entry("own", (0, 0), basis="triggered"), 0, CITY) is None
    assert place_guests(states, {"140404": [_visit("t", "140404")]}, {"t": "R-AVAIL"}, split) == {"t": "140403"}  # type: ignore[arg-type]
    assert states["140404"].placed["t"].teams == {"hb": "hb-140490"} and "t" not in host.flows["zj-140400"].seats
    assert host.place(entry("own2", (0, 0), basis="triggered"), 0, "hb-140490") is not None  # its day is full now
    states, split = _city({"140403": [0], "140404": [1]}, city_cap=1, city_teams=(CITY, "zj-140400"), agencies={"zj-140400": "zj"},
                          own_away=("140404",))
    host = states["140403"]
    host.move_team = lambda p, tid: False  # type: ignore[method-assign]
    assert host.place(entry("own", (0, 0), basis="triggered"), 0, CITY) is None
    assert place_guests(states, {"140404": [_visit("t", "140404")]}, {"t": "R-AVAIL"}, split) == {}  # type: ignore[arg-type]
    assert not host.flows["zj-140400"].seats
