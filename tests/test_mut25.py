"""Mutation gaps (mut25) of the last round's scheduler and checker functions, on hand-made inputs: no solve.

scheduler/bound.py `pin_days`, `split_budget`; scheduler/plan.py `day_held`, `held_days`, `city_pins`, `open_windows`,
`team_pair_days`; scheduler/reasons.py `firm_days_taken` (R-JOINT's shortfall words); checker/rules.py `_gives_way`
(R-PRIORITY, invariant 11). Each test names the mutants (mutmut 3 names) it was written to kill; docs/benchmarks.md
"Mutation testing of the rule modules" has the figures."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import numpy as np
import pandas as pd
from tiny_part import RULES, entry, part

from checker.facts import Context, Officer, Team, Trigger, Visit
from checker.rules import _gives_way
from scheduler.bound import pin_days, split_budget
from scheduler.plan import city_pins, day_held, open_windows, team_pair_days
from scheduler.reasons import firm_days_taken
from scheduler.requirements import Entry
from scheduler.state import PartState, Placed

# ---- checker/rules.py _gives_way (R-PRIORITY: a planned visit that could have given way to an unmet trigger) ------
MON = dt.date(2027, 3, 1)  # a Monday; the trigger's window is Monday to Wednesday
WINDOW = (MON, MON + dt.timedelta(days=2))
TEAMS = {"hb-140403": Team("hb", "140403", 4), "hb-140400": Team("hb", "140400", 4), "hb-140500": Team("hb", "140500", 4),
         "um-140403": Team("um", "140403", 4)}
ENTERPRISES = {"F": ("140403", "construction", False), "G": ("140403", "construction", False), "H": ("140403", "bakery", False)}


def _officers(certs: dict[str, dt.date] | None = None) -> dict[str, Officer]:
    """Two enforcement officers per team, `{team}-{i}`, certified all year unless `certs` says otherwise."""
    out = {}
    for t in TEAMS:
        for i in range(2):
            o = f"{t}-{i}"
            out[o] = Officer(t, "enforcement", (certs or {}).get(o, dt.date(2027, 12, 31)), 100)
    return out


def _visit(vid: str, day: dt.date, officers: tuple[str, ...], firm: str = "G", agencies: tuple[str, ...] = ("hb",),
           basis: str = "sampled", mode: str = "onsite") -> Visit:
    return Visit(vid, day, day.isoformat(), firm, "140403", mode, agencies[0], agencies, (), officers, basis, "", "C")


def _ctx(visits: list[Visit], recused: set[tuple[str, str]] | None = None, away: dict[str, frozenset[dt.date]] | None = None,
         certs: dict[str, dt.date] | None = None, agency: str = "hb", firm: str = "F") -> Context:
    """A Context without files: the facts `_gives_way` reads, set on the instance (cached properties read __dict__)."""
    ctx = Context.__new__(Context)
    ctx.__dict__.update(
        policy=SimpleNamespace(officers_per_agency_on_visit=2), year=2027, _memo={}, dated=visits, teams=TEAMS,
        officers=_officers(certs), enterprises=ENTERPRISES, applies={"construction": {"hb": ["hb-1"], "um": ["um-1"]}},
        recused=recused or set(), away_days=away or {}, away={},
        triggers={"T": Trigger(firm, agency, MON - dt.timedelta(days=20), False)})
    return ctx


PAIR = ("hb-140403-0", "hb-140403-1")


def test_gives_way_finds_the_planned_visit_on_any_day_of_the_window_and_the_first_by_date() -> None:
    """Window Monday–Wednesday, inclusive at both ends; the first candidate by date is named; a day before or after
    is no candidate. Kills the bisect_left/bisect_right swaps and window[0]/window[1] mutants of _gives_way."""
    before, after = MON - dt.timedelta(days=3), WINDOW[1] + dt.timedelta(days=1)
    for day in (MON, MON + dt.timedelta(days=1), WINDOW[1]):
        v = _visit("v", day, PAIR)
        assert _gives_way(_ctx([_visit("b", before, PAIR), v, _visit("a", after, PAIR)]), "T", WINDOW) is v
    assert _gives_way(_ctx([_visit("b", before, PAIR), _visit("a", after, PAIR)]), "T", WINDOW) is None
    first, second = _visit("v1", MON, PAIR), _visit("v2", WINDOW[1], PAIR)
    assert _gives_way(_ctx([first, second]), "T", WINDOW) is first
    # a visit on the window's last day with others before it that cannot give way (another agency's team)
    other = _visit("u", MON, ("um-140403-0", "um-140403-1"), agencies=("um",))
    assert _gives_way(_ctx([other, second]), "T", WINDOW) is second


def test_gives_way_needs_the_firm_known_and_an_item_of_the_agency() -> None:
    """R-ITEM: an unknown enterprise or one the trigger's agency has no item for: None, whatever visits there are."""
    v = _visit("v", MON, PAIR)
    assert _gives_way(_ctx([v], firm="X"), "T", WINDOW) is None  # not an enterprise of the bundle
    assert _gives_way(_ctx([v], firm="H"), "T", WINDOW) is None  # a bakery: hb has no item for it
    assert _gives_way(_ctx([v]), "T", WINDOW) is v


def test_gives_way_of_an_agency_without_planned_visits_is_none() -> None:
    """The trigger's agency has no planned visit at all (only hb's exist): None, no error."""
    assert _gives_way(_ctx([_visit("v", MON, PAIR)], agency="um"), "T", WINDOW) is None
    assert _gives_way(_ctx([]), "T", WINDOW) is None


def test_gives_way_only_where_the_firm_has_no_other_onsite_row_that_day() -> None:
    """R-JOINT: another on-site row of the trigger's enterprise that day blocks the swap; a remote one does not. The
    visit's own row at the enterprise goes with the swap only when it is of the trigger's agency alone."""
    v = _visit("v", MON, PAIR)
    mandatory_at_f = _visit("m", MON, ("um-140403-0", "um-140403-1"), firm="F", agencies=("um",), basis="mandatory")
    assert _gives_way(_ctx([v, mandatory_at_f]), "T", WINDOW) is None
    remote_at_f = _visit("r", MON, ("um-140403-0",), firm="F", agencies=("um",), mode="remote")
    assert _gives_way(_ctx([v, remote_at_f]), "T", WINDOW) is v
    own = _visit("o", MON, PAIR, firm="F")
    assert _gives_way(_ctx([own]), "T", WINDOW) is own  # its own row at F, hb alone: it becomes the trigger's visit
    joint = _visit("j", MON, (*PAIR, "um-140403-0", "um-140403-1"), firm="F", agencies=("hb", "um"))
    assert _gives_way(_ctx([joint]), "T", WINDOW) is None  # the row stays for um: F would have two rows
    assert _gives_way(_ctx([own, mandatory_at_f]), "T", WINDOW) is None
    # the blocked day is skipped, not the whole window: the next day's visit is named
    later = _visit("w", WINDOW[1], PAIR)
    assert _gives_way(_ctx([v, mandatory_at_f, later]), "T", WINDOW) is later


def test_gives_way_counts_only_the_trigger_agencys_officers_of_one_team() -> None:
    """A joint visit elsewhere (hb with um): only hb's officers count; um's, recused from F, do not block it. Officers
    of two hb teams (R-TEAM wants one) or one hb officer (k = 2) do not give way; exactly k do."""
    joint = _visit("j", MON, (*PAIR, "um-140403-0", "um-140403-1"), agencies=("hb", "um"))
    recused_um = {("um-140403-0", "F"), ("um-140403-1", "F")}
    assert _gives_way(_ctx([joint], recused=recused_um), "T", WINDOW) is joint
    two_teams = _visit("t", MON, ("hb-140403-0", "hb-140400-0"))
    assert _gives_way(_ctx([two_teams]), "T", WINDOW) is None
    one = _visit("o", MON, ("hb-140403-0", "um-140403-0"), agencies=("hb", "um"))
    assert _gives_way(_ctx([one]), "T", WINDOW) is None
    unknown = _visit("u", MON, ("nobody", *PAIR))  # an officer id the bundle lacks (R-OFFICER reports it) is skipped
    assert _gives_way(_ctx([unknown]), "T", WINDOW) is unknown
    city = _visit("c", MON, ("hb-140400-0", "hb-140400-1"))
    assert _gives_way(_ctx([city]), "T", WINDOW) is city  # the city-level team may work in 140403


def test_gives_way_needs_a_team_that_may_work_in_the_triggers_district() -> None:
    """R-TEAM: hb-140500 is another city's team; its visit could not become a visit to 140403's enterprise."""
    far = _visit("f", MON, ("hb-140500-0", "hb-140500-1"))
    assert _gives_way(_ctx([far]), "T", WINDOW) is None


def test_gives_way_needs_every_officer_free_to_go_to_the_trigger() -> None:
    """R-RECUSE, R-CERT, R-AVAIL, each for one officer of two: None; recused from the visited firm (not the
    trigger's), certified through that day, or away another day: the visit is named."""
    v = _visit("v", MON, PAIR)
    assert _gives_way(_ctx([v], recused={("hb-140403-1", "F")}), "T", WINDOW) is None
    assert _gives_way(_ctx([v], recused={("hb-140403-1", "G")}), "T", WINDOW) is v
    assert _gives_way(_ctx([v], certs={"hb-140403-0": MON - dt.timedelta(days=1)}), "T", WINDOW) is None
    assert _gives_way(_ctx([v], certs={"hb-140403-0": MON}), "T", WINDOW) is v
    assert _gives_way(_ctx([v], away={"hb-140403-1": frozenset({MON})}), "T", WINDOW) is None
    assert _gives_way(_ctx([v], away={"hb-140403-1": frozenset({MON + dt.timedelta(days=1)})}), "T", WINDOW) is v


# ---- scheduler/reasons.py firm_days_taken (R-JOINT: every day of the window holds the firm's visit) ---------------
DAYS = [dt.date(2027, 1, 4) + dt.timedelta(days=i) for i in range(6)]


def _e(key: str, basis: str = "triggered", window: tuple[int, int] = (1, 2), trigger: str = "", mode: str = "onsite",
       agency: str = "hb", firm: str = "F") -> Entry:
    return Entry(key, firm, "140403", basis, mode, (agency,), (f"{agency}-item",), "C", window, trigger_id=trigger, group=key)


def _plan(placed: list[tuple[Entry, int]]) -> SimpleNamespace:
    by_ent: dict[str, list[Placed]] = {}
    for e, d in placed:
        by_ent.setdefault(e.enterprise_id, []).append(Placed(e, d, {e.agencies[0]: f"{e.agencies[0]}-140403"}))
    return SimpleNamespace(states={"140403": SimpleNamespace(by_enterprise=by_ent)}, bundle=SimpleNamespace(workdays=DAYS))


def test_firm_days_taken_names_the_triggers_holding_every_day_of_the_window() -> None:
    """J3's window is days 1–2; J1 holds day 1 and J2 day 2 (with F's visit for J9 on day 0 and day 3, outside it):
    R-JOINT's words name both, sorted, with the window's first and last day and its length, in both languages.
    Kills the mutants of firm_days_taken's window test (lo <= p.day <= hi), its joins and its f-strings."""
    j3 = _e("j3", trigger="J3")
    placed = [(_e("j2", trigger="J2"), 2), (_e("j1", trigger="J1"), 1), (_e("j9", trigger="J9", window=(0, 3)), 0),
              (_e("j8", trigger="J8", window=(0, 3)), 3)]
    zh, en = firm_days_taken(_plan(placed), j3)  # type: ignore[arg-type, misc]
    assert zh == ("hb：时限内的2个工作日（2027-01-05至2027-01-06）该企业已有检查（J1、J2）；同一企业一天只入企一次，"
                  "一条检查记录只载一条线索，请在该次检查中一并核查")
    assert en == ("hb: every working day of its window (2027-01-05…2027-01-06) already holds a visit to this enterprise "
                  "(trigger J1, trigger J2); an enterprise is entered once a day and a visit row carries one trigger — check "
                  "this one during that visit")


def test_firm_days_taken_names_a_follow_up_by_its_agency() -> None:
    """A follow-up (no trigger id) holding the one day: 'hb复查' / 'follow-up by hb'; one-day window (lo == hi)."""
    got = firm_days_taken(_plan([(_e("f", basis="follow_up", window=(0, 5)), 3)]), _e("t", window=(3, 3), trigger="T"))  # type: ignore[arg-type]
    assert got is not None
    assert "（hb复查）" in got[0] and "1个工作日（2027-01-07至2027-01-07）" in got[0]
    assert "enterprise (follow-up by hb);" in got[1]


def test_firm_days_taken_is_none_unless_every_day_is_held_by_another_required_onsite_visit() -> None:
    """None: a day of the window free; a planned (mandatory) visit on one of them (it could have moved, R-PRIORITY);
    the visit of its own group; a remote check; another firm's visit; a remote or planned entry asking; no part for its
    district; a window that ends before it begins."""
    t = _e("t", trigger="T")
    j1, j2 = (_e("j1", trigger="J1"), 1), (_e("j2", trigger="J2"), 2)
    assert firm_days_taken(_plan([j1, j2]), t) is not None  # type: ignore[arg-type]
    assert firm_days_taken(_plan([j1]), t) is None  # type: ignore[arg-type]
    assert firm_days_taken(_plan([]), t) is None  # type: ignore[arg-type]  # the firm has no visit placed at all
    assert firm_days_taken(_plan([j1, (_e("m", basis="mandatory", window=(0, 5)), 2)]), t) is None  # type: ignore[arg-type]
    assert firm_days_taken(_plan([j1, j2, (_e("m", basis="mandatory", window=(0, 5)), 2)]), t) is None  # type: ignore[arg-type]
    assert firm_days_taken(_plan([j1, (_e("t", trigger="T"), 2)]), t) is None  # type: ignore[arg-type]  # its own group
    assert firm_days_taken(_plan([j1, (_e("r", trigger="R", mode="remote"), 2)]), t) is None  # type: ignore[arg-type]
    assert firm_days_taken(_plan([j1, (_e("g", trigger="G", firm="G"), 2)]), t) is None  # type: ignore[arg-type]
    assert firm_days_taken(_plan([j1, j2]), _e("t", trigger="T", mode="remote")) is None  # type: ignore[arg-type]
    assert firm_days_taken(_plan([j1, j2]), _e("t", basis="mandatory")) is None  # type: ignore[arg-type]
    assert firm_days_taken(_plan([j1, j2]), _e("t", basis="follow_up")) is not None  # type: ignore[arg-type]  # class 0 too
    other = _e("t", trigger="T")
    other = Entry(other.key, "F", "140499", "triggered", "onsite", ("hb",), ("hb-item",), "C", (1, 2), trigger_id="T", group="t")
    assert firm_days_taken(_plan([j1, j2]), other) is None  # type: ignore[arg-type]
    assert firm_days_taken(_plan([j1, j2]), _e("t", trigger="T", window=(2, 1))) is None  # type: ignore[arg-type]


# ---- scheduler/bound.py pin_days (R-PRIORITY's first class on the city teams' days) -----------------------------
PIN_TEAMS = [("hb-1", "hb", "140401"), ("hb-2", "hb", "140402"), ("hb-0", "hb", "140400")]


def test_pin_days_own_team_room_goes_by_deadline_then_first_day_not_by_firm() -> None:
    """Both due on day 2; Z's window opens on day 0, B's on day 2: Z goes first (first day before firm id) and takes
    the own team's only room (day 2); B, left over, pins the city team's day 2. Kills x_pin_days__mutmut_34 (the sort
    key's first day replaced by the deadline: B first, Z's overflow would pin day 0)."""
    days = {"hb-1": np.array([0, 0, 0]), "hb-2": np.array([0, 0, 1]), "hb-0": np.array([1, 1, 1])}
    req = [("140402", "hb", 0, 2, "Z"), ("140402", "hb", 2, 2, "B")]
    assert pin_days(req, PIN_TEAMS, days) == {"hb-0": {2: ("140402", 1)}}


def test_pin_days_own_team_takes_the_first_day_with_room_not_the_windows_first() -> None:
    """A (days 0–1) takes the own team's room on day 1, not day 0 where it has none; B (day 1 only) then finds none
    and pins the city team's day 1. Kills x_pin_days__mutmut_41 and _44 (argmax of nothing / of `>= 0`: A 'took' day 0,
    B the own team's day 1, nothing pinned)."""
    days = {"hb-1": np.array([0, 0]), "hb-2": np.array([0, 1]), "hb-0": np.array([1, 1])}
    req = [("140402", "hb", 0, 1, "A"), ("140402", "hb", 1, 1, "B")]
    assert pin_days(req, PIN_TEAMS, days) == {"hb-0": {1: ("140402", 1)}}


def test_pin_days_own_team_takes_as_many_visits_a_day_as_it_has_room_for() -> None:
    """The own team has room for 2 on day 0 and two visits are due then: both fit, nothing is pinned. Kills
    x_pin_days__mutmut_63 (a visit used two of the day's room: the second spilled onto the city team)."""
    days = {"hb-1": np.array([0]), "hb-2": np.array([2]), "hb-0": np.array([2])}
    assert pin_days([("140402", "hb", 0, 0, "A"), ("140402", "hb", 0, 0, "B")], PIN_TEAMS, days) == {}


def test_pin_days_city_day_goes_by_deadline_then_first_day_then_district_not_by_firm() -> None:
    """The city team's contested days go to the overflow due first (not the first firm id: x_pin_days__mutmut_73), among
    those due together to the earlier first day (not the district code: _78), then to the lower district code (not
    the firm id: _79)."""
    none = {"hb-1": np.array([0, 0]), "hb-2": np.array([0, 0])}
    # 140402's Z is due on day 0, 140401's A on day 1: Z first takes day 0, A day 1
    req = [("140402", "hb", 0, 0, "Z"), ("140401", "hb", 0, 1, "A")]
    assert pin_days(req, PIN_TEAMS, {**none, "hb-0": np.array([1, 1])}) == {"hb-0": {0: ("140402", 1), 1: ("140401", 1)}}
    # both due on day 1, one city day (day 1): 140402's window opens on day 0, before 140401's: 140402 has it
    req = [("140401", "hb", 1, 1, "F"), ("140402", "hb", 0, 1, "F")]
    assert pin_days(req, PIN_TEAMS, {**none, "hb-0": np.array([0, 1])}) == {"hb-0": {1: ("140402", 1)}}
    # everything equal but the district: the lower code has the one city day, whatever the firms' ids
    req = [("140402", "hb", 0, 0, "A"), ("140401", "hb", 0, 0, "Z")]
    assert pin_days(req, PIN_TEAMS, {**none, "hb-0": np.array([1, 0])}) == {"hb-0": {0: ("140401", 1)}}


def test_pin_days_stranded_visits_go_by_deadline_then_first_day_then_district() -> None:
    """Stranded mandatory visits (each the middle free city day of its window) are pinned in deadline order (not the
    tuple's natural order, district first: x_pin_days__mutmut_84, _86; nor firm id first: _89), then by first day (_90),
    then district code (not firm id: _91)."""
    none = {"hb-1": np.array([0] * 4), "hb-2": np.array([0] * 4)}
    city = {**none, "hb-0": np.array([1] * 4)}
    # 140402 due day 1 first: free 0–1, the middle is day 1; then 140401 (days 0–2): free 0 and 2, the middle is day 2
    late = [("140401", "hb", 0, 2, "A"), ("140402", "hb", 0, 1, "Z")]
    assert pin_days([], PIN_TEAMS, city, stranded=late) == {"hb-0": {1: ("140402", 1), 2: ("140401", 1)}}
    # both due day 3: 140402's window opens first (day 0): free 0–3, day 2; then 140401 (1–3): free 1 and 3, day 3
    late = [("140401", "hb", 1, 3, "A"), ("140402", "hb", 0, 3, "A")]
    assert pin_days([], PIN_TEAMS, city, stranded=late) == {"hb-0": {2: ("140402", 1), 3: ("140401", 1)}}
    # the same window: 140401 first (day 1 of 0–2), 140402 then day 2 of its free 0 and 2, whatever the firms' ids
    late = [("140402", "hb", 0, 2, "A"), ("140401", "hb", 0, 2, "Z")]
    assert pin_days([], PIN_TEAMS, city, stranded=late) == {"hb-0": {1: ("140401", 1), 2: ("140402", 1)}}


def test_pin_days_pins_only_city_teams_with_days() -> None:
    """A stranded visit whose own team has room is still pinned on a city team (pins are the city teams' days), and
    a city team row without days (no entry in team_days) is passed over. Kills x_pin_days__mutmut_109 (an own team
    pinned; the day-less team read: KeyError) and _112 (the own team not skipped)."""
    teams = [("hb-2", "hb", "140402"), ("hb-9", "hb", "140400"), ("hb-0", "hb", "140400")]
    days = {"hb-2": np.array([1]), "hb-0": np.array([1])}
    assert pin_days([], teams, days, stranded=[("140402", "hb", 0, 0, "F")]) == {"hb-0": {0: ("140402", 1)}}


# ---- scheduler/plan.py city_pins (what pin_days is given: the first class, stranded visits, barred teams) ---------
def _city_bundle() -> SimpleNamespace:
    teams = pd.DataFrame({"team_id": ["hb-1", "hb-2", "hb-0"], "agency_id": ["hb"] * 3, "district_code": ["140401", "140402", "140400"]})
    return SimpleNamespace(policy=SimpleNamespace(officers_per_agency_on_visit=2), teams=teams)


def _req(*entries: Entry) -> SimpleNamespace:
    return SimpleNamespace(entries=list(entries))


def _entry(key: str, district: str, window: tuple[int, int], basis: str = "triggered", mode: str = "onsite", firm: str = "F") -> Entry:
    return Entry(key, firm, district, basis, mode, ("hb",), ("hb-item",), "C", window, group=key)


CITY_DAYS = {"hb-1": np.array([1, 1, 1]), "hb-2": np.array([0, 0, 0]), "hb-0": np.array([1, 1, 1])}


def _city_staff(budget: dict[str, int], recused: dict[str, set[str]] | None = None) -> SimpleNamespace:
    team = {"a0": "hb-1", "a1": "hb-1", "b0": "hb-2", "b1": "hb-2", "c0": "hb-0", "c1": "hb-0", "c2": "hb-0"}
    return SimpleNamespace(team=team, budget={"a0": 9, "a1": 9, "b0": 9, "b1": 9, **budget}, recused=recused or {})


def test_city_pins_passes_on_site_triggers_by_their_windows_and_stranded_mandatory_visits() -> None:
    """140402's own team has no day: its on-site trigger (days 0–1) pins the city team's first day, its mandatory visit
    (days 0–2, stranded) the middle free day (2); a remote trigger, and a mandatory visit of 140401 whose own team has
    days, pin nothing. Kills x_city_pins__mutmut_3 (the trigger's window from its last day: day 1), _5 (a remote
    trigger pinned too), _37 (own teams read from the teams without days: every mandatory visit stranded) and _39
    (no stranded visits)."""
    st = _city_staff({"c0": 9, "c1": 9, "c2": 9})
    req = _req(_entry("t", "140402", (0, 1)), _entry("s", "140402", (0, 2), basis="mandatory", firm="S"),
               _entry("r", "140402", (2, 2), mode="remote", firm="R"), _entry("m", "140401", (0, 2), basis="mandatory", firm="M"))
    got = city_pins(_city_bundle(), req, CITY_DAYS, st)  # type: ignore[arg-type]
    assert got == {"hb-0": {0: ("140402", 1), 2: ("140402", 1)}}


def test_city_pins_bars_a_city_team_with_fewer_than_k_budgeted_officers_free_to_go() -> None:
    """R-RECUSE / R-PAIR (k = 2): the city team takes 140402's trigger at F only if at least 2 of its officers have a
    budget and are not recused from F. Kills x_city_pins__mutmut_17, _19 (an officer without a budget entry: error),
    _20 (counted as budgeted), _21 (budget 0 counted), _22 (budget 1 not counted), _25 (each counted twice), _26, _31
    (recusals ignored or subtracted), _30 (two recusals counted once) and _32 (one recusal counted twice)."""
    req, b = _req(_entry("t", "140402", (0, 0))), _city_bundle()
    pinned = {"hb-0": {0: ("140402", 1)}}
    assert city_pins(b, req, CITY_DAYS, _city_staff({"c0": 9, "c1": 1, "c2": 0})) == pinned  # type: ignore[arg-type]
    no_budget = _city_staff({"c0": 9, "c1": 0})
    del no_budget.budget["a0"]  # another team's officer without a budget entry changes nothing
    assert "c2" not in no_budget.budget
    assert city_pins(b, req, CITY_DAYS, no_budget) == {}  # type: ignore[arg-type]  # one officer with a budget
    full = {"c0": 9, "c1": 9, "c2": 9}
    assert city_pins(b, req, CITY_DAYS, _city_staff(full, {"c0": {"F"}, "c1": {"F", "G"}})) == {}  # type: ignore[arg-type]
    assert city_pins(b, req, CITY_DAYS, _city_staff(full, {"c0": {"F"}, "c1": {"G"}})) == pinned  # type: ignore[arg-type]


def test_city_pins_strands_a_mandatory_visit_only_where_no_own_day_falls_in_its_window() -> None:
    """A mandatory visit of 140401 (days 0–2) is stranded only if hb-1 has no day in all of 0–2: its own days on day 0
    only, or day 2 only, leave it to hb-1; a day 3 outside the window does not. A stranded visit takes the middle
    of the city team's free days in its window (day 1), and a district with no team of its own strands it too.
    Kills x_city_pins__mutmut_41 (the window's first day from its last: day 2), _53 (only the last day read), _54
    and _56 (the window cut short or run on a day), _58 and _60 (a district without own teams: error)."""
    st, b = _city_staff({"c0": 9, "c1": 9, "c2": 9}), _city_bundle()
    m = _req(_entry("m", "140401", (0, 2), basis="mandatory", firm="M"))
    city = {"hb-2": np.array([0, 0, 0, 0]), "hb-0": np.array([1, 1, 1, 1])}
    for own in ([1, 0, 0, 0], [0, 0, 1, 0]):
        assert city_pins(b, m, {**city, "hb-1": np.array(own)}, st) == {}  # type: ignore[arg-type]
    assert city_pins(b, m, {**city, "hb-1": np.array([0, 0, 0, 1])}, st) == {"hb-0": {1: ("140401", 1)}}  # type: ignore[arg-type]
    far = _req(_entry("m", "140409", (0, 2), basis="mandatory", firm="M"))
    assert city_pins(b, far, {**city, "hb-1": np.array([1, 1, 1, 1])}, st) == {"hb-0": {1: ("140409", 1)}}  # type: ignore[arg-type]


# ---- scheduler/bound.py split_budget (an officer's budget among the districts of a city team) -------------------
def test_split_budget_hands_out_a_last_single_visit_by_the_largest_remainder() -> None:
    """A budget of 1 is still shared (x_split_budget__mutmut_26 kept it back: `rest <= 1`); the remainder goes to the
    largest fraction, not the largest share (A: 2.86 → 3, B: 7.14 → 7; x_split_budget__mutmut_42 gave it to B)."""
    assert split_budget(1, {"A": 3, "B": 1}) == {"A": 1, "B": 0}
    assert split_budget(10, {"A": 2, "B": 5}) == {"A": 3, "B": 7}


# ---- scheduler/plan.py day_held (an unmet trigger held by its short window's days) -------------------------------
def test_day_held_counts_the_firms_own_onsite_visit_even_on_a_day_with_room() -> None:
    """G's trigger due on day 3, where the team (cap 2) has one visit: G's own, so G cannot be entered again that day
    (R-JOINT): held by its day. Kills x_day_held__mutmut_23, _28, _29 (the firm's own visits not read). H's remote
    check on day 4 does not take H's day: H's trigger due then is not held (x_day_held__mutmut_27: remote read)."""
    p, st, days = part(25, {"hb-1": ("hb", 2, 2)})
    state = PartState(p, st, RULES, days)
    assert state.place(entry("g", (0, 24), enterprise="G"), 3, "hb-1") is None
    assert state.place(entry("h", (0, 24), mode="remote", enterprise="H"), 4, "hb-1") is None
    states = {"140403": state}
    assert day_held(entry("t", (3, 3), basis="triggered", enterprise="G"), states)
    assert not day_held(entry("u", (4, 4), basis="triggered", enterprise="H"), states)


def test_day_held_reads_the_window_from_its_first_day_and_its_length_not_its_position() -> None:
    """Cap 1 a day: days 12–13 full: a trigger due within them late in the window's numbering is held (its length is
    2 days; x_day_held__mutmut_11 compared the sum of its ends with SHORT_WINDOW); with day 12 free it is not
    (x_day_held__mutmut_41 read the last day only)."""
    p, st, days = part(25, {"hb-1": ("hb", 2, 1)})
    state = PartState(p, st, RULES, days)
    assert state.place(entry("x13", (13, 13), basis="triggered", enterprise="X13"), 13, "hb-1") is None
    t = entry("t", (12, 13), basis="triggered", enterprise="W")
    assert not day_held(t, {"140403": state})  # day 12 free
    assert state.place(entry("x12", (12, 12), basis="triggered", enterprise="X12"), 12, "hb-1") is None
    assert day_held(t, {"140403": state})


# ---- scheduler/plan.py team_pair_days, open_windows ------------------------------------------------------------
def test_team_pair_days_counts_only_officers_with_a_budget() -> None:
    """R-PAIR (k = 2, 2 visits an officer a day): hb-1's a and b (budget 1 each) make 2 visits a day (c, budget 0, is
    not counted: cap 3 would allow 3); hb-2's d alone (e has no budget entry) makes none. Kills
    x_team_pair_days__mutmut_20, _22 (no budget entry: error), _23 (counted), _24 (budget 0 counted), _25 (budget 1
    not counted)."""
    bundle = SimpleNamespace(policy=SimpleNamespace(officers_per_agency_on_visit=2, max_visits_per_officer_per_day=2),
                             workdays=[dt.date(2027, 1, 4 + i) for i in range(3)],
                             teams=pd.DataFrame({"team_id": ["hb-1", "hb-2"], "max_visits_per_day": [3, 2]}))
    team = {"a": "hb-1", "b": "hb-1", "c": "hb-1", "d": "hb-2", "e": "hb-2"}
    st = SimpleNamespace(team=team, available={o: np.ones(3, dtype=bool) for o in team}, budget={"a": 1, "b": 1, "c": 0, "d": 5})
    got = team_pair_days(bundle, st)  # type: ignore[arg-type]
    assert {t: d.tolist() for t, d in got.items()} == {"hb-1": [2, 2, 2], "hb-2": [0, 0, 0]}


def test_open_windows_leaves_a_triggers_window_alone() -> None:
    """A trigger's window is its deadline (R-TRIGGER), not a part of the year: no team day in it, days after it: it
    is not re-cut (x_open_windows__mutmut_6 grouped every on-site entry, triggers too)."""
    bundle = SimpleNamespace(teams=pd.DataFrame({"team_id": ["hb-1"], "agency_id": ["hb"], "district_code": ["140403"]}))
    t = Entry("T|triggered", "F", "140403", "triggered", "onsite", ("hb",), ("hb-item",), "C", (0, 0), trigger_id="T", group="T")
    req = SimpleNamespace(entries=[t])
    assert open_windows(bundle, req, {"hb-1": np.array([0, 1, 1])}) == []  # type: ignore[arg-type]
    assert t.window == (0, 0)


OW_BUNDLE = SimpleNamespace(teams=pd.DataFrame({"team_id": ["hb-1", "um-1"], "agency_id": ["hb", "um"], "district_code": ["140403"] * 2}))


def _planned(firm: str, windows: list[tuple[int, int]], agency: str = "hb", basis: str = "mandatory") -> list[Entry]:
    return [Entry(f"{firm}|{basis}|{k}|onsite|{agency}", firm, "140403", basis, "onsite", (agency,), (f"{agency}-item",), "D", w, k,
                  group=f"{firm}|{basis}|{k}") for k, w in enumerate(windows)]


def _open(entries: list[Entry], hb: list[int], um: list[int] | None = None) -> list[str]:
    days = {"hb-1": np.array(hb), "um-1": np.array(um if um is not None else [0] * len(hb))}
    return open_windows(OW_BUNDLE, SimpleNamespace(entries=entries), days)  # type: ignore[arg-type]


def test_open_windows_recuts_two_visits_into_overlapping_thirds_of_the_teams_span() -> None:
    """Team days 2–7 (one visit a day), F's two visits due on 0–1 and 8–9 (no day in either): re-cut from the span
    (first 2, 6 days): (2, 5) and (4, 7). Kills x_open_windows__mutmut_39 (`d > 1`: no day found), _62, _66, _67 (the
    one-visit window for two), _68, _71, _72, _74, _76, _77 (the cut's arithmetic)."""
    es = _planned("F", [(0, 1), (8, 9)])
    assert _open(es, [0, 0, 1, 1, 1, 1, 1, 1, 0, 0]) == [e.key for e in es]
    assert [e.window for e in es] == [(2, 5), (4, 7)]
    # a span of 2 days: the first visit's window is its first day (a one-day window is cut, not widened: _83)
    es = _planned("F", [(0, 1), (8, 9)])
    assert _open(es, [0, 0, 0, 1, 1, 0, 0, 0, 0, 0]) == [e.key for e in es]
    assert [e.window for e in es] == [(3, 3), (3, 4)]


def test_open_windows_gives_one_visit_the_whole_span() -> None:
    """One sampled visit due on 8–9 with team days 2–7 only: its window becomes 2–7 (x_open_windows__mutmut_63, _65)."""
    (e,) = _planned("G", [(8, 9)], basis="sampled")
    assert _open([e], [0, 0, 1, 1, 1, 1, 1, 1, 0, 0]) == [e.key]
    assert e.window == (2, 7)


def test_open_windows_reads_every_day_of_a_window_and_no_other() -> None:
    """A window 0–2 with a team day on its first day only, or its last only, is left alone (x_open_windows__mutmut_23:
    every group re-cut; _27: the last day only read; _28: the last day not read); a day just after it does not count
    (_30: one day more read)."""
    for hb in ([1, 0, 0, 0], [0, 0, 1, 0]):
        es = _planned("H", [(0, 2)])
        assert _open(es, hb) == [] and es[0].window == (0, 2)
    es = _planned("H", [(0, 2)])
    assert _open(es, [0, 0, 0, 1]) == [es[0].key] and es[0].window == (3, 3)


def test_open_windows_goes_on_past_an_agency_without_any_day() -> None:
    """um's team has no day at all (R-CERT before solving: its visit is left as it was); hb's visit after it is still
    re-cut (x_open_windows__mutmut_42 stopped at the first such group)."""
    um, hb = _planned("U", [(0, 1)], agency="um"), _planned("H", [(0, 1)])
    assert _open(um + hb, [0, 0, 1, 1], [0, 0, 0, 0]) == [hb[0].key]
    assert um[0].window == (0, 1) and hb[0].window == (2, 3)
