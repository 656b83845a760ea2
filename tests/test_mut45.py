"""mut45: tests for the mutants that survived the mutation round mut45 (bench/mut45.md) on the fortieth round's new
code and mut44's leftovers: scheduler/plan.py `mandatory_in_year`, scheduler/guests.py `city_served` (a mandatory
visit's year), scheduler/plan.py `swap_in_draw_order` (the survivors mut44 left unexplained) and checker/rules.py
`check_r_priority` (its mandatory and follow-up branches).

Small hand-built inputs only (tests/tiny_part.py parts, tests/city_three.py, test_mut43's swap worlds, test_mut25's
Context without files); no CP-SAT solve."""

from __future__ import annotations

from typing import Any

from tiny_part import RULES, entry, part

from scheduler.plan import mandatory_in_year
from scheduler.requirements import Entry
from scheduler.state import PartState

N = 200  # working days, as in tests/test_year40.py


# ---- scheduler/plan.py mandatory_in_year (R-PRIORITY: a mandatory visit's part of the year is a preference) ----------

def _gas_and_hb() -> PartState:
    """140403 with a gas team and an hb team (two officers each), every officer present every day."""
    p, st, days = part(N, {"gas-1": ("gas", 2, 2), "hb-1": ("hb", 2, 2)})
    return PartState(p, st, RULES, days)


def test_r_priority_a_district_with_no_part_does_not_stop_the_next_districts_year() -> None:
    """`required` may name a district with no part of its own (no state: its visits are left to the guests), sorted
    before one that has a part: the first is passed over, and the second's mandatory visit left out of its part still
    takes a day of the year. Kills mandatory_in_year 24 (`break` at the district with no state: nothing after it
    tried)."""
    import dataclasses

    state = _gas_and_hb()
    m = entry("M|mandatory|1|onsite|gas", (100, 150), "gas", enterprise="M", index=1)
    x = dataclasses.replace(entry("X|mandatory|1|onsite|gas", (100, 150), "gas", enterprise="X", index=1), district="140400")
    unplaced = {m.key: "R-AVAIL", x.key: "R-TEAM"}
    got = mandatory_in_year({"140403": state}, {"140400": [x], "140403": [m]}, unplaced, N, lambda e: True, {})
    assert got == [m.key] and unplaced == {x.key: "R-TEAM"}
    assert state.placed[m.key].entry.window == (0, N - 1) and x.window == (100, 150)


def test_r_priority_an_agency_held_by_an_unmet_trigger_does_not_hold_the_districts_other_agencies() -> None:
    """review40 #1: an unmet trigger of gas in 140403 that could still be met (`holds`) keeps gas's teams from the
    district's mandatory gas visit out of its part — not hb's: the district's mandatory hb visit, after the gas one in
    R-PRIORITY's order (a wider window), still takes a day of the year. Kills mandatory_in_year 39 (`break` at the
    first visit of a held agency: the other agencies' visits after it not tried)."""
    state = _gas_and_hb()
    trig = entry("T1", (150, 160), "gas", "triggered", enterprise="G")
    gas = entry("A|mandatory|1|onsite|gas", (100, 120), "gas", enterprise="A", index=1)
    hb = entry("B|mandatory|1|onsite|hb", (100, 199), "hb", enterprise="B", index=1)
    unplaced = {trig.key: "R-AVAIL", gas.key: "R-AVAIL", hb.key: "R-AVAIL"}
    got = mandatory_in_year({"140403": state}, {"140403": [trig, gas, hb]}, unplaced, N, lambda e: True, {})
    assert got == [hb.key] and unplaced == {trig.key: "R-AVAIL", gas.key: "R-AVAIL"}
    assert state.placed[hb.key].teams == {"hb": "hb-1"} and gas.key not in state.placed and gas.window == (100, 120)


# ---- scheduler/plan.py swap_in_draw_order (R-SAMPLE invariant 6, draw order): mut44's unexplained survivors ------------

def _swap(world: tuple[object, ...], firms: int | None = None, tries: int | None = None, avoid: object = None,
          guest: object = None, team_off: object = None) -> tuple[dict[str, str], list[str], dict[str, int]]:
    """tests/test_mut43.py's `_run` on one of its `_world`s, with SWAP_FIRMS = `firms` (the skipped firms a pass
    offers a place) and SWAP_TRIES = `tries` where given; `guest` is every `guest_of(teams)`."""
    import pytest

    import scheduler.plan as plan
    from tests.test_mut43 import _days

    req, sel, states, taken, status = world
    with pytest.MonkeyPatch.context() as mp:
        if firms is not None:
            mp.setattr(plan, "SWAP_FIRMS", firms)
        if tries is not None:
            mp.setattr(plan, "SWAP_TRIES", tries)
        plan.swap_in_draw_order(req, sel, states, "C", taken, status, avoid, {}, set(),  # type: ignore[arg-type]
                                lambda teams: guest or (lambda e, days: None), team_off or (lambda e: {}))  # type: ignore[arg-type,return-value]
    return status, taken, _days(states["140403"])  # type: ignore[arg-type,index,return-value]


def test_r_sample_a_skipped_firm_beyond_a_passs_firms_is_offered_a_place_in_the_next_pass() -> None:
    """Invariant 6 (R-SAMPLE; SWAP_FIRMS, SWAP_PASSES): a pass offers places to the SWAP_FIRMS best skipped firms;
    another pass follows while one made a swap and tries are left. With one firm a pass, P (rank 1) takes C's day 2 in
    the first pass and Q (rank 2) B's day 1 in the second — with two tries in all, the second pass's one try left is
    enough. Kills swap_in_draw_order 219, 220 (`moved = None / False` after a swap: no second pass), 291 (`tries <= 1`:
    the second pass refused its last try), 292 (`… or taken`: the passes end while firms are sampled)."""
    from tests.test_mut43 import _world

    both = ({"P": "sampled", "Q": "sampled", "B": "capacity", "C": "capacity"}, ["P", "Q"], {"P|hb": 2, "Q|hb": 1})
    assert _swap(_world("PQBC", {"B": 1, "C": 2}), firms=1) == both
    assert _swap(_world("PQBC", {"B": 1, "C": 2}), firms=1, tries=2) == both
    # one try in all: the first pass spends it, and no pass follows
    assert _swap(_world("PQBC", {"B": 1, "C": 2}), firms=1, tries=1) == \
        ({"P": "sampled", "Q": "capacity", "B": "sampled", "C": "capacity"}, ["P", "B"], {"P|hb": 2, "B|hb": 1})


def test_r_sample_a_firm_whose_day_went_meanwhile_does_not_end_the_swaps_of_the_better_firms_after_it() -> None:
    """Invariant 6 / R-SAMPLE: P (rank 1, days 0–1) is tried on B's day 1, and while its guest is asked B's officers
    are booked elsewhere that day: B cannot be put back and is left out (test_mut43's case). The pass goes on: Q (rank
    2) still takes C's day 2. Kills swap_in_draw_order 286 (`return` after B is left out: Q never tried, C kept)."""
    from tests.test_mut43 import HB, _world

    world = _world("PQBC", {"B": 1, "C": 2}, windows={"P": (0, 1)})
    flow = world[2]["140403"].flows[HB]  # type: ignore[index]
    assert sorted(flow.assign["B|hb"]) == flow.officers[:2]
    flow.available[flow.officers[2]][1] = False  # day 1: B's pair alone

    def guest(e: Entry, days: list[int]) -> None:
        if e.enterprise_id == "P":
            for i in range(RULES.per_officer_day):
                assert flow.try_add(f"X{i}", 1, f"X{i}", RULES.k)

    assert _swap(world, guest=guest, team_off=lambda e: {HB: {1}} if e.enterprise_id == "P" else {}) == \
        ({"P": "capacity", "Q": "sampled", "B": "capacity", "C": "capacity"}, ["Q"], {"Q|hb": 2})


def test_r_sample_the_firm_that_gave_its_place_and_took_another_stays_in_draw_order() -> None:
    """R-SAMPLE (`sel.sampled[tier]` is the tier's sample in draw order): Z (rank 1, day 1 only) takes A's day 1; a
    place is left, so A (rank 2) is placed again, on day 2. The sample is [Z, A] — by rank, not by name. Kills
    swap_in_draw_order 253 (`taken.sort(key=None)` after A is placed again: sorted by id)."""
    from tests.test_mut43 import _world

    world = _world("ZA", {"A": 1}, windows={"Z": (1, 1)})
    world[0].places["C"] = 2  # type: ignore[attr-defined]
    assert _swap(world) == ({"Z": "sampled", "A": "sampled"}, ["Z", "A"], {"Z|hb": 1, "A|hb": 2})


def _city_swap(firms: dict[str, tuple[str, tuple[int, int]]], sampled: list[str], places: int, fill: dict[str, int],
               guests: dict[str, int], avoid: dict[tuple[str, str], set[int]] | None = None) -> tuple[dict[str, str], list[str], dict[str, str]]:
    """tests/city_three.py's city over 4 days (the city hb team's days: A's day 0, B's day 1, C's days 2 and 3; two
    visits a day): tier C's pool in draw order `firms` (id → district, window), one hb visit each. `fill`: a mandatory
    visit of that district on that day; `sampled`: the firms sampled, each on its window's first day in its own
    district, or as a guest on day `guests[f]` (`sampled_guest`, as the walk places it); the rest skipped for capacity.
    The swap as the walk calls it (guests through `sampled_guest`). Returns status, taken and each sampled firm's seat
    as "district:day" (its host's for a guest)."""
    from functools import partial

    from city_three import CITY, city3, ent

    from scheduler.guests import SAMPLED_GUEST_FLOWS, city_day_owners, sampled_guest, team_agencies
    from scheduler.plan import swap_in_draw_order
    from scheduler.requirements import Requirements
    from scheduler.select import Selection

    a, b, c = "140402", "140403", "140404"
    states, split = city3(n_days=4, owner_days={a: [0], b: [1], c: [2, 3]})
    for d, day in fill.items():
        assert states[d].place(ent(f"M{d}", (day, day), d), day, CITY) is None
    owners, agency_of = city_day_owners(states, split), team_agencies(states)
    ents = {f: ent(f"{f}|hb", w, d, basis="sampled", enterprise=f) for f, (d, w) in firms.items()}
    for f in sampled:
        if f in guests:
            assert sampled_guest(states, split, owners, ents[f], [guests[f]], {}, [0, 100]) is not None
        else:
            assert states[ents[f].district].place(ents[f], ents[f].window[0], CITY) is None
    req = Requirements(list(ents.values()), {f: i + 1 for i, f in enumerate(firms)}, {"C": places}, {"C": list(firms)}, {}, set(), [], {})
    sel = Selection({}, {}, {}, {f: "R-AVAIL" for f in firms if f not in sampled}, {f: [e] for f, e in ents.items()})
    status = {f: "sampled" if f in sampled else "capacity" for f in firms}
    taken = [f for f in firms if f in sampled]
    spent = [0, SAMPLED_GUEST_FLOWS]

    def guest_of(teams: frozenset[str]):  # type: ignore[no-untyped-def]
        only = {t: ds for t, ds in split.items() if t in teams}
        return partial(lambda e, days: sampled_guest(states, only, owners, e, days, avoid or {}, spent, agency_of))
    swap_in_draw_order(req, sel, states, "C", taken, status, avoid, split, set(), guest_of, lambda e: {})
    seats = {}
    for d, st in states.items():
        seats.update({k.split("|")[0]: f"{d}:{p.day}" for k, p in st.placed.items() if k.endswith("|hb") and k not in st.guests})
        seats.update({k.split("|")[0]: f"{d}:{p.day}" for k, p in st.guests.items()})
    return status, taken, seats


def test_r_sample_a_guest_stays_read_in_its_host_after_the_firm_that_gave_its_place_is_placed_again() -> None:
    """The swap's `hosted` (the guests, read in their host: review39 #2) keeps every guest when the firm that gave its
    place is placed again: F1 (rank 1, A, day 1) takes G's seat on B's day 1 (B's mandatory visit beside it) as a
    guest; a place is left, so G (rank 4) is placed again, a guest of C's day 3. F2 (rank 2, A, day 2) cannot use
    that, but W's seat (rank 3, A's firm, a guest of C's day 2 since the walk) is exactly what it needs: F2 takes it,
    W is out. Kills swap_in_draw_order 242 (`hosted = …` G's guest alone: W read in its own district A, whose share of
    the city team holds no officers for it, and passed over)."""
    a, b, c = "140402", "140403", "140404"
    got = _city_swap({"F1": (a, (1, 1)), "F2": (a, (2, 2)), "W": (a, (2, 2)), "G": (b, (1, 3))}, ["W", "G"], 3,
                     {b: 1, c: 2}, {"W": 2})
    assert got == ({"F1": "sampled", "F2": "sampled", "W": "capacity", "G": "sampled"}, ["F1", "F2", "G"],
                   {"F1": f"{b}:1", "F2": f"{c}:2", "G": f"{c}:3"})


def test_r_sample_a_guest_stays_read_in_its_host_after_a_worse_firm_is_put_back() -> None:
    """`hosted` keeps every guest when a worse firm is put back after a failed try: P (rank 1, A, days 1–2; day 1 kept
    for an unmet trigger of hb in A, `avoid`) is tried on V's day 1 (B's own day: the cheap test does not read
    `avoid`) and fails: V is put back. P then takes W's seat (rank 2, A's firm, a guest of C's day 2): W is out.
    Kills swap_in_draw_order 272 (`hosted = set(hosts)`: V's guests only, none) and 273 (`hosted &= …`): W read in
    A, its seat passed over, P left out."""
    a, b, c = "140402", "140403", "140404"
    got = _city_swap({"P": (a, (1, 2)), "W": (a, (2, 2)), "V": (b, (1, 1))}, ["W", "V"], 2, {b: 1, c: 2}, {"W": 2},
                     avoid={(a, "hb"): {1}})
    assert got == ({"P": "sampled", "W": "capacity", "V": "sampled"}, ["P", "V"],
                   {"P": f"{c}:2", "V": f"{b}:1"})


# ---- scheduler/guests.py city_served (R-TEAM reads the city; a mandatory visit's year: review40 #4) -------------------

def test_r_team_a_city_team_present_only_on_the_years_first_or_last_day_still_serves_a_mandatory_visit() -> None:
    """review40 #4: a district X with no hb team of its own; the city team hb-140400 can go on one day of the year only
    — its first (day 0), or its last (day 2) — and X's mandatory hb visit is held to another part of the year (day 2,
    or day 0). The year is the visit's (`mandatory_in_year`, the guests' `_guest_days`): the team serves it, so it is
    unmet for want of the team's days (R-AVAIL), not "no team may work here" (R-TEAM). Kills city_served 20 (the year
    probed from day 1: the first day lost) and 22 (to day n − 2: the last day lost)."""
    import dataclasses

    from city_three import CITY, NAMES, O, city3, ent

    from scheduler.guests import city_served

    x = "140405"
    for present, part_of_year in ((0, (2, 2)), (2, (0, 0))):
        states, split = city3(away={name: {o: [d for d in range(3) if d != present] for o in O} for name in NAMES})
        p, s, days = part(3, {f"um-{x}": ("um", 2, 2)})
        states[x] = PartState(dataclasses.replace(p, district=x), s, RULES, days)
        mx = ent("MX", part_of_year, x)
        unplaced = {"MX": "R-TEAM"}
        elsewhere: dict[str, list[str]] = {}
        assert city_served(states, {x: [mx]}, unplaced, split, elsewhere) == ["MX"], present
        assert unplaced == {"MX": "R-AVAIL"} and elsewhere == {"MX": [CITY]} and mx.window == part_of_year


# ---- checker/rules.py check_r_priority: the mandatory and follow-up branches (R-PRIORITY, invariant 11) --------------

def _judge(visits: list[Any], shortfalls: list[dict[str, Any]], recused: set[tuple[str, str]] | None = None,
           tier_of: dict[str, str] | None = None, follow_ups: list[tuple[str, str]] | None = None) -> list[tuple[str, str, str]]:
    """check_r_priority on test_mut44's file-less Context (tests/test_mut25.py's facts): trigger T of hb at F
    (district 140403), unmet, window Monday 1 to Wednesday 3 March 2027; F and G construction firms (hb items hb-1, um
    items um-1), of tier C (one visit) unless `tier_of` says otherwise; teams hb-140403, the city team hb-140400 and
    um-140403, two officers each; `follow_ups`: the (firm, agency) follow-ups owed and not made."""
    import datetime as dt
    from types import SimpleNamespace

    from checker.rules import check_r_priority
    from tests.test_mut25 import WINDOW, _ctx

    ctx = _ctx(visits, recused=recused)  # type: ignore[arg-type]
    ctx.__dict__.update(visits=visits, shortfalls=shortfalls, tier_of={"F": "C", "G": "C"} if tier_of is None else tier_of,
                        bundle=SimpleNamespace(agencies=SimpleNamespace(agency_id=["hb", "um"])),
                        calendar_overrides={}, _workday={WINDOW[0] + dt.timedelta(days=i): True for i in range(3)},
                        follow_up_from={},  # no rectification deadline in this history (checker.facts.follow_up_from)
                        policy=SimpleNamespace(officers_per_agency_on_visit=2, tiers={"C": SimpleNamespace(visits=1)}))
    ctx._memo.update(unmet_triggers={"T": WINDOW}, unmet_follow_ups=follow_ups or [])
    return [(v.rule, v.where, v.message) for v in check_r_priority(ctx)]


CITY_PAIR = ("hb-140400-0", "hb-140400-1")
UM_PAIR = ("um-140403-0", "um-140403-1")
MANDATORY_HB = {"kind": "mandatory", "id": "F", "agency": "hb", "resource": "officers left"}
TRIGGER_T = {"kind": "triggered", "id": "T", "agency": "hb", "resource": "officer-days of the team"}


def _sampled_breach(team: str, n: int = 0, agency: str = "hb") -> tuple[str, str, str]:
    return ("R-PRIORITY", "F", f"mandatory visits of agency {agency} left unmet while team {team} made sampled visits in district 140403 "
            f"(shortfall {n})")


def test_r_priority_every_team_that_made_planned_or_sampled_visits_in_the_district_is_read() -> None:
    """The teams of an agency's planned (and sampled) visits in a district are gathered over all its visits: the
    district team's visit first, then the city team's, whose officers are recused from F and could never go there.
    The district team, able, makes both the unmet trigger (a week after its window: no visit gives way) and the
    mandatory shortfall breaches. Kills check_r_priority 12 (`planned_by[…] = …`) and 19 (`sampled_by[…] = …`): only
    the last visit's team kept, the city team, which frees nothing: no finding; 19 is also killed by the checker-case
    tests, tests/test_checker_mutants.py …, with the case built)."""
    import datetime as dt

    from tests.test_mut25 import MON, PAIR, _visit

    week = MON + dt.timedelta(days=7)
    visits = [_visit("a", week, PAIR), _visit("b", week + dt.timedelta(days=1), CITY_PAIR)]
    recused = {(o, "F") for o in CITY_PAIR}
    assert _judge(visits, [TRIGGER_T], recused) == [("R-PRIORITY", "T", "trigger left unmet while agency hb made planned visits in "
                                                     "140403 by team hb-140403, which could go in its window (shortfall 0)")]
    assert _judge(visits, [MANDATORY_HB], recused) == [_sampled_breach("hb-140403")]
    # the city team alone: recused, it frees nothing (the test can fail)
    assert _judge(visits[1:], [TRIGGER_T, MANDATORY_HB], recused) == []


def test_r_priority_a_planned_visit_whose_team_is_not_known_counts_as_able() -> None:
    """`_team_can_go`: a visit whose team is not known (no officers named) is counted as able. An unmet trigger of hb
    while such a planned visit of hb was made in its district (a week after the window: it could not give way) is a
    breach, its team named empty. Kills check_r_priority 15 (`teams or {"XXXX"}`: a team of that name has no
    officers, never able, no finding)."""
    import datetime as dt

    from tests.test_mut25 import MON, _visit

    v = _visit("u", MON + dt.timedelta(days=7), ())
    assert _judge([v], [TRIGGER_T]) == [("R-PRIORITY", "T", "trigger left unmet while agency hb made planned visits in 140403 by team , "
                                         "which could go in its window (shortfall 0)")]


def test_r_priority_each_shortfall_is_judged_after_one_that_is_excused_or_already_found() -> None:
    """Every shortfall is judged on its own: after a trigger whose give-way is found (G's sampled visit on Monday,
    inside its window), and after a mandatory shortfall excused by its words (R-CAP-ENTRY, NOT_CAPACITY), the next
    mandatory shortfall of F is still a breach, numbered as it stands. Kills check_r_priority 73 (`break` after the
    give-way finding) and 136 (`break` at the excused shortfall; also killed by the checker-case tests)."""
    from tests.test_mut25 import MON, PAIR, _visit

    g = _visit("g", MON, PAIR)
    found = _judge([g], [TRIGGER_T, MANDATORY_HB])
    assert [f[1] for f in found] == ["T", "F"] and found[1] == _sampled_breach("hb-140403", 1)
    excused = dict(MANDATORY_HB, resource="R-CAP-ENTRY")
    assert _judge([g], [excused, MANDATORY_HB]) == [_sampled_breach("hb-140403", 1)]


def test_r_priority_a_firm_with_no_tier_in_the_policy_owes_each_item_once() -> None:
    """A mandatory shortfall of a firm whose tier the policy does not know (not in `policy.tiers`): each item is owed
    once. F's hb item covered by one mandatory visit: its shortfall is no breach though the district team made G's
    sampled visit; uncovered, it is one (the test can fail). Kills check_r_priority 157 (`policy.tiers[tier]` read
    for any tier: KeyError) and 159 (owed twice: a finding); both also killed by the checker-case tests."""
    import dataclasses

    from tests.test_mut25 import MON, PAIR, _visit

    g = _visit("g", MON, PAIR)
    f = dataclasses.replace(_visit("f", MON, PAIR, firm="F", basis="mandatory"), items=("hb-1",))
    assert _judge([f, g], [MANDATORY_HB], tier_of={"G": "C"}) == []
    assert _judge([dataclasses.replace(f, items=()), g], [MANDATORY_HB], tier_of={"G": "C"}) == [_sampled_breach("hb-140403")]


def test_r_priority_an_agency_not_named_by_the_shortfall_does_not_stop_the_next() -> None:
    """F owes hb and um (construction); the shortfall names um alone: hb, first by name, is passed over, and um's
    mandatory visit unmet while um-140403 made G's sampled visit is a breach. Kills check_r_priority 169 (`break` at
    the first agency not named: um never judged; also killed by the checker-case tests)."""
    from tests.test_mut25 import MON, _visit

    g = _visit("g", MON, UM_PAIR, agencies=("um",))
    assert _judge([g], [dict(MANDATORY_HB, agency="um")]) == [_sampled_breach("um-140403", agency="um")]


def test_r_priority_a_sampled_visits_team_recused_from_the_firm_frees_nothing() -> None:
    """review38b #1 in small: the district team's two hb officers are both recused from F (R-RECUSE): its sampled
    visit at G frees nothing F's mandatory visit could use — no breach; recused from another firm, it is one. Kills
    check_r_priority 176 (`may_work_in … or _team_can_go`), 182 (`_team_can_go` of no team: able) and 183 (asked
    without F: recusals unread); all three also killed by the checker-case tests (test_review38b …)."""
    from tests.test_mut25 import MON, PAIR, _visit

    g = _visit("g", MON, PAIR)
    assert _judge([g], [MANDATORY_HB], recused={(o, "F") for o in PAIR}) == []
    assert _judge([g], [MANDATORY_HB], recused={(o, "H") for o in PAIR}) == [_sampled_breach("hb-140403")]


def test_r_priority_a_follow_up_shortfall_of_an_unknown_firm_judges_nothing() -> None:
    """plan.json's shortfalls come from outside: one of kind follow_up naming a firm the bundle does not have ("X") is
    judged by no branch (R-EXPLAIN and R-FOLLOW speak for it), and the checker does not fail on it. F's follow-up by hb,
    unmet while the district team made G's sampled visit (its officers recused from F: it could not give way), is a
    breach of the last branch (the test can fail). Kills check_r_priority 233 (`kind == "follow_up" or sid in
    ctx.enterprises`: X's district looked up, KeyError)."""
    from tests.test_mut25 import MON, PAIR, _visit

    g = _visit("g", MON, PAIR)
    fu = {"kind": "follow_up", "agency": "hb", "resource": "officer-days of the team"}
    recused = {(o, "F") for o in PAIR}
    assert _judge([g], [dict(fu, id="X")], recused, follow_ups=[("F", "hb"), ("X", "hb")]) == []
    assert _judge([g], [dict(fu, id="F")], recused, follow_ups=[("F", "hb")]) == \
        [("R-PRIORITY", "F", "follow-up by hb left unmet while it made planned visits in 140403 (shortfall 0)")]
