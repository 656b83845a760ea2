"""mut44: tests for the mutants that survived the second mutation round named mut41 (bench/mut44.md; bench/mut41.md
and tests/test_mut41.py are an earlier round of that name), on code the last round added:
scheduler/solve.py `roomiest_teams`, `join_rows`; scheduler/guests.py `_unbook`, `city_teams`, `city_served`,
`restore_placed`; scheduler/plan.py `swap_in_draw_order`, `_hosts`; scheduler/requirements.py `Entry.joint_key`;
checker/rules.py `_gives_way`, `_gives_way_to`, `check_r_priority` (a trigger's "full window days" excuse).

Small hand-built inputs only (tests/tiny_part.py parts, a Context without files as tests/test_mut25.py builds it); no
CP-SAT solve."""

from __future__ import annotations

import dataclasses
from typing import Any

from tiny_part import RULES, entry, part

from scheduler.requirements import Entry
from scheduler.solve import join_rows, roomiest_teams
from scheduler.state import PartState

N = 200
ONLY = lambda days: [d for d in range(N) if d not in days]  # noqa: E731  the days an officer is away: all but these


def planned(agency: str, index: int, window: tuple[int, int], eid: str = "F", basis: str = "mandatory") -> Entry:
    """One planned on-site agency-visit as `planned_entries` makes it: the group is (firm, basis, index), the row
    (firm, basis)."""
    e = entry(f"{eid}|{basis}|{index}|onsite|{agency}", window, agency, basis, enterprise=eid, index=index)
    return dataclasses.replace(e, row=f"{eid}|{basis}")


def _state(teams: dict[str, tuple[str, int, int]], days: dict[str, list[int]], budget: int | dict[str, int] = 60) -> PartState:
    """A part of N workdays; each team's officers present only on `days[team]` (every day where not given)."""
    away = {f"{t}-{i}": ONLY(days[t]) for t, (_, n, _) in teams.items() if t in days for i in range(n)}
    p, st, wd = part(N, teams, budget=budget, away=away)
    return PartState(p, st, RULES, wd)


# ---- scheduler/solve.py roomiest_teams, join_rows (R-PRIORITY, R-JOINT) ---------------------------------------------

TWO_UM = {"hb-1": ("hb", 2, 5), "um-1": ("um", 2, 5), "um-2": ("um", 2, 5)}


def test_r_team_roomiest_teams_puts_most_officer_visits_to_spare_first_and_ties_by_name() -> None:
    """The teams that may make a visit, the one with most budget left first (`repair` and `join_rows` try them in
    this order); equal room: by team id. um-2's officers have 60 visits each, um-1's 10: um-2 first although its
    id sorts after. Kills roomiest_teams 2, 4 (sorted by id only) and 7 (least room first)."""
    um = planned("um", 0, (0, 120))
    roomy = _state(TWO_UM, {}, budget={"um-1-0": 10, "um-1-1": 10})
    assert roomy.flows["um-2"].spare() > roomy.flows["um-1"].spare()
    assert roomiest_teams(roomy, um) == ["um-2", "um-1"]
    even = _state(TWO_UM, {})
    assert roomiest_teams(even, um) == ["um-1", "um-2"]
    assert roomiest_teams(even, planned("hb", 0, (0, 120))) == ["hb-1"]


def test_r_priority_a_joined_visit_goes_with_the_team_with_most_room() -> None:
    """Both um teams can staff the firm's row on day 10; um-1 has 10 visits an officer left, um-2 60: the joined visit
    is um-2's, leaving the scarce team's budget for visits only it can make (`roomiest_teams` in `join_rows`)."""
    st = _state(TWO_UM, {"hb-1": [10]}, budget={"um-1-0": 10, "um-1-1": 10})
    hb0, um1 = planned("hb", 0, (0, 120)), planned("um", 1, (100, 120))
    assert st.place(hb0, 10, "hb-1") is None
    unplaced = {um1.key: "R-AVAIL"}
    assert join_rows(st, unplaced, [hb0, um1]) == [um1.key]
    assert st.placed[um1.key].day == 10 and st.placed[um1.key].teams == {"um": "um-2"}


def test_r_priority_join_rows_never_books_a_visit_already_placed_again() -> None:
    """Only the visits left out (`unplaced`) join a row: the firm's placed hb (day 10) and um (day 150) are one row key,
    and hb could legally sit on day 150 too (140 days from day 10, the row already an entry); with nothing left out
    join_rows places nothing and every count stays as it was. Kills join_rows 10 and 11 (a placed planned visit
    booked a second time, then `del unplaced[...]` raised KeyError)."""
    st = _state({"hb-1": ("hb", 2, 5), "um-1": ("um", 2, 5)}, {})
    hb0, um0 = planned("hb", 0, (0, 120)), planned("um", 0, (100, 199))
    assert st.place(hb0, 10, "hb-1") is None and st.place(um0, 150, "um-1") is None
    before = (dict(st.year_onsite), {k: p.day for k, p in st.placed.items()}, len(st.by_enterprise["F"]))
    unplaced: dict[str, str] = {}
    assert join_rows(st, unplaced, [hb0, um0]) == []
    assert unplaced == {} and (dict(st.year_onsite), {k: p.day for k, p in st.placed.items()}, len(st.by_enterprise["F"])) == before


def test_r_priority_a_visit_with_no_row_to_join_does_not_stop_the_next_one() -> None:
    """In priority order G's um (the tighter window, first) has no row of its firm to join; F's um, next, joins F's
    row on day 10. Kills join_rows 20 (`break` at the first visit with no row: F's um left out)."""
    st = _state({"hb-1": ("hb", 2, 5), "um-1": ("um", 2, 5)}, {"hb-1": [10]})
    hb0, f_um, g_um = planned("hb", 0, (0, 120)), planned("um", 1, (100, 199)), planned("um", 0, (105, 110), eid="G")
    assert st.place(hb0, 10, "hb-1") is None
    unplaced = {f_um.key: "R-AVAIL", g_um.key: "R-AVAIL"}
    assert join_rows(st, unplaced, [g_um, hb0, f_um]) == [f_um.key]
    assert unplaced == {g_um.key: "R-AVAIL"} and st.placed[f_um.key].day == 10 and g_um.key not in st.placed


# ---- scheduler/guests.py _unbook (R-SPREAD, R-AVAIL) ----------------------------------------------------------------

def test_r_spread_unbooking_a_guest_alone_in_its_week_empties_the_hosts_week_count() -> None:
    """A guest booked on a city-team day of a host whose week held no planned visit, then unbooked (the swap's and
    `restore_placed`'s undo): the host's day, year and week counts are 0 again, the seat and the guest gone — the week
    is as free for R-SPREAD as before. (test_mut40 unbooks from a count of 2, where `= 1` and `-= 1` agree.) Kills
    _unbook 11 (`planned_week = 1`)."""
    from scheduler.guests import _book, _unbook
    from tests.city_three import CITY, NAMES, city3
    from tests.city_three import ent as city_ent

    states, _ = city3()
    host, own = states[NAMES[0]], states[NAMES[1]]
    g = city_ent("G", (0, 0), NAMES[1])
    assert host.flows[CITY].try_add(g.key, 0, g.enterprise_id, 2)
    week = (CITY, int(host.week[0]))
    p = _book(own, host, g, 0, CITY)
    assert host.planned_week[week] == 1 and host.onsite[CITY][0] == 1
    _unbook(own, host, p)
    assert host.planned_week[week] == 0 and host.onsite[CITY][0] == 0 and host.year_onsite[CITY] == 0
    assert g.key not in host.guests and g.key not in own.placed and g.key not in host.flows[CITY].seats


# ---- checker/rules.py check_r_priority: a trigger's shortfall and its excuses (R-PRIORITY, invariant 11) -------------

def _priority(visits: list[Any], shortfalls: list[dict[str, Any]], unmet: bool = True,
              recused: set[tuple[str, str]] | None = None) -> list[tuple[str, str, str]]:
    """check_r_priority on a Context without files (tests/test_mut25.py's facts): trigger T of hb at firm F (district
    140403), unmet unless `unmet` is False, its window Monday 1 to Wednesday 3 March 2027; F and G construction firms of
    tier C; the district's hb team is hb-140403 (two officers, `PAIR`)."""
    import datetime as dt
    from types import SimpleNamespace

    from checker.rules import check_r_priority
    from tests.test_mut25 import WINDOW, _ctx

    ctx = _ctx(visits, recused=recused)  # type: ignore[arg-type]
    ctx.__dict__.update(visits=visits, shortfalls=shortfalls, tier_of={"F": "C", "G": "C"},
                        bundle=SimpleNamespace(agencies=SimpleNamespace(agency_id=["hb", "um"])),
                        calendar_overrides={}, _workday={WINDOW[0] + dt.timedelta(days=i): True for i in range(3)},
                        policy=SimpleNamespace(officers_per_agency_on_visit=2, tiers={"C": SimpleNamespace(visits=1)}))
    ctx._memo.update(unmet_triggers={"T": WINDOW} if unmet else {}, unmet_follow_ups=[])
    return [(v.rule, v.where, v.message) for v in check_r_priority(ctx)]


def test_r_priority_a_shortfall_of_kind_trigger_is_judged_as_one_of_kind_triggered() -> None:
    """plan.json may say a trigger's shortfall is of kind "trigger" as well as "triggered" (REQUIREMENT_KINDS): both
    are judged alike. G's sampled visit on the trigger's window Monday, by the district's hb pair, could have given way
    (`_gives_way`); one a week after the window could not, but the team made planned visits in F's district and could
    go in the window: the second finding. Kills check_r_priority 54, 55 (`"trigger"` unread in the give-way test: the
    other finding instead) and 203, 204 (`"trigger"` unread in the trigger branch: no finding). Said full (FULL_DAYS,
    in English or in Chinese), the second is excused and the first is not."""
    import datetime as dt

    from tests.test_mut25 import MON, PAIR, _visit

    inside, later = _visit("v", MON, PAIR), _visit("w", MON + dt.timedelta(days=7), PAIR)
    for kind in ("triggered", "trigger"):
        sf = {"kind": kind, "id": "T", "agency": "hb", "resource": "officer-days of the team"}
        assert _priority([inside], [sf]) == [("R-PRIORITY", "T", "trigger left unmet while sampled visit v of agency hb on 2027-03-01, "
                                              "inside its window, could have given way: same team and officers, none recused (shortfall 0)")]
        assert _priority([later], [sf]) == [("R-PRIORITY", "T", "trigger left unmet while agency hb made planned visits in 140403 by "
                                             "team hb-140403, which could go in its window (shortfall 0)")]
        # the same trigger said unmet because its window's team-days are full: excused only where nothing could give way
        full = dict(sf, resource="hb-140403: its 3 working days 2027-03-01…2027-03-03 are full (6 visits booked, 6 possible)")
        assert _priority([later], [full]) == []
        full_zh = dict(sf, resource="hb-140403：2027-03-01至2027-03-03的3个工作日可派检查已满（已排6次，上限6次）")
        assert _priority([later], [full_zh]) == []
        assert [m[2].split(" could")[0] for m in _priority([inside], [full])] == ["trigger left unmet while sampled visit v of agency hb on 2027-03-01, inside its window,"]


def test_r_priority_a_rule_id_alone_in_a_shortfalls_words_excuses_it() -> None:
    """A shortfall whose words are only the rule that bound, "R-CAP-ENTRY" (no rule field), names a cap no visit giving
    way could lift (NOT_CAPACITY): F's mandatory hb visit unmet is no breach although the district's hb team made G's
    sampled visit; so is one whose `rule` field names it; said "officers left" alone, the same shortfall is one. Kills
    check_r_priority 118 (the words and the rule joined by "XX XX": "R-CAP-ENTRYXX" no longer a whole rule id) and
    119, 120, 122, 124, 125 (the rule field unread)."""
    from tests.test_mut25 import MON, PAIR, _visit

    g = _visit("g", MON, PAIR)
    assert _priority([g], [{"kind": "mandatory", "id": "F", "agency": "hb", "resource": "R-CAP-ENTRY"}]) == []
    # the rule field is read with the words: the same cap named there excuses too
    assert _priority([g], [{"kind": "mandatory", "id": "F", "agency": "hb", "resource": "officers left", "rule": "R-CAP-ENTRY"}]) == []
    said = _priority([g], [{"kind": "mandatory", "id": "F", "agency": "hb", "resource": "officers left"}])
    assert said == [("R-PRIORITY", "F", "mandatory visits of agency hb left unmet while team hb-140403 made sampled visits in "
                     "district 140403 (shortfall 0)")]


def test_r_priority_a_trigger_met_or_one_the_team_could_not_take_is_no_breach() -> None:
    """A shortfall naming trigger T, which the plan met after all (not in `unmet_triggers`), judges nothing; unmet, with
    both of the district team's hb officers recused from F (R-RECUSE), the team's planned visits elsewhere free nothing
    T could use (`_team_can_go` asked for F): no breach either; the recusal from another firm changes nothing. Kills
    check_r_priority 199 (`or`: the met trigger's window looked up, KeyError), 216 (`_team_can_go` of no team: able)
    and 217 (`_team_can_go` asked without the trigger's firm: recusals unread)."""
    import datetime as dt

    from tests.test_mut25 import MON, PAIR, _visit

    later = _visit("w", MON + dt.timedelta(days=7), PAIR)
    sf = {"kind": "triggered", "id": "T", "agency": "hb", "resource": "officer-days of the team"}
    assert _priority([later], [sf], unmet=False) == []
    assert _priority([later], [sf], recused={(o, "F") for o in PAIR}) == []
    assert len(_priority([later], [sf], recused={(o, "G") for o in PAIR})) == 1


def test_r_priority_a_mandatory_visits_full_days_excuse_nothing() -> None:
    """review39 #4: for a mandatory visit nothing proved that no lower-class visit on its days could give way, so words
    saying its team's days are full (FULL_DAYS) excuse nothing while the team made G's sampled visit; the same words
    excuse a trigger (test above). Kills check_r_priority 132–134 (the full-days excuse given to mandatory visits)."""
    from tests.test_mut25 import MON, PAIR, _visit

    full = "hb-140403: its 3 working days 2027-03-01…2027-03-03 are full (6 visits booked, 6 possible)"
    said = _priority([_visit("g", MON, PAIR)], [{"kind": "mandatory", "id": "F", "agency": "hb", "resource": full}])
    assert said == [("R-PRIORITY", "F", "mandatory visits of agency hb left unmet while team hb-140403 made sampled visits in "
                     "district 140403 (shortfall 0)")]


# ---- scheduler/plan.py swap_in_draw_order (R-SAMPLE invariant 6, draw order) ------------------------------------------

def _swap_with_remote(g_remote: bool, um_recused: bool = False) -> tuple[dict[str, str], list[str], dict[str, int]]:
    """Tier C's pool in draw order F (rank 1, skipped for capacity, one on-site hb visit), G (rank 2, sampled): G's
    on-site hb visit holds day 1 (the hb team's one day), and G has an um visit too — a remote check, or on-site (its
    two um officers recused from F if `um_recused`)."""
    from scheduler.plan import swap_in_draw_order
    from scheduler.requirements import Requirements
    from scheduler.select import Selection
    from tests.test_mut43 import HB, UM, _away, _days, _ent
    from tests.test_mut43 import _state as _state43

    st = _state43(3, _away(HB, [0, 2]), teams={HB: ("hb", 2, 1), UM: ("um", 2, 1)})
    ef = _ent("F|hb", (0, 2), firm="F")
    eg = [_ent("G|hb", (0, 2), firm="G"), _ent("G|um", (0, 2), "um", firm="G", mode="remote" if g_remote else "onsite")]
    for e in eg:
        assert st.place(e, 1, HB if e.agencies[0] == "hb" else UM) is None
    if um_recused:
        st.flows[UM].recused.update({f"{UM}-0": {"F"}, f"{UM}-1": {"F"}})
    req = Requirements([ef, *eg], {"F": 1, "G": 2}, {"C": 1}, {"C": ["F", "G"]}, {}, set(), [], {})
    sel = Selection({}, {}, {}, {"F": "R-AVAIL: no day"}, {"F": [ef], "G": eg})
    status, taken = {"F": "capacity", "G": "sampled"}, ["G"]
    swap_in_draw_order(req, sel, {"140403": st}, "C", taken, status, None, {}, set(), lambda teams: (lambda e, days: None),  # type: ignore[arg-type,return-value]
                       lambda e: {})
    return status, taken, _days(st)


def test_r_sample_a_worse_firm_with_a_remote_check_gives_no_place() -> None:
    """Invariant 6: the swap moves firms whose visits are all on-site (its docstring; the checker judges only those).
    G's hb seat on day 1 is what F needs, but G also holds a remote um check: G is no candidate, and keeps both
    visits. With G's um visit on-site instead, the swap happens (the test can fail): F takes day 1, G is out. Kills
    swap_in_draw_order 78 (`len(gp) != len(ents) and any(remote)`: a firm with every visit placed and a remote check
    taken as a candidate)."""
    assert _swap_with_remote(g_remote=True) == ({"F": "capacity", "G": "sampled"}, ["G"], {"G|hb": 1, "G|um": 1})
    assert _swap_with_remote(g_remote=False) == ({"F": "sampled", "G": "capacity"}, ["F"], {"F|hb": 1})


def test_r_recuse_only_the_officers_of_the_agencies_the_better_firm_needs_are_asked() -> None:
    """R-RECUSE in the swap's cheap test: F needs hb only, so only G's hb officers that day must be free to go to F;
    G's um officers, recused from F, go with G's um visit and staff nothing of F's: F still takes day 1. Kills
    swap_in_draw_order 128 (`p.day == d or agency in needs`: G's um visit that day asked too, no day left)."""
    assert _swap_with_remote(g_remote=False, um_recused=True) == ({"F": "sampled", "G": "capacity"}, ["F"], {"F|hb": 1})


def test_r_sample_the_better_firm_takes_the_worse_firms_seat_not_another_teams() -> None:
    """review38 #2 (the swap's docstring: "the better firm takes the worse one's seat and no other"): the district has
    a second hb team, hb-0, free on day 1 and tried first by name; F may take day 1 only with G's team (hb-140403),
    whose seat G gives up — not hb-0's, which would leave G's seat empty and G out for nothing. Kills
    swap_in_draw_order 178 (`off[t] = None`) and 179 (`off[t] & {day}`: the other team not kept off the day)."""
    from scheduler.plan import swap_in_draw_order
    from scheduler.requirements import Requirements
    from scheduler.select import Selection
    from tests.test_mut43 import HB, _away, _ent
    from tests.test_mut43 import _state as _state43

    st = _state43(3, _away(HB, [0, 2]), teams={HB: ("hb", 2, 1), "hb-0": ("hb", 2, 1)})
    ef, eg = _ent("F|hb", (0, 2), firm="F"), _ent("G|hb", (0, 2), firm="G")
    assert st.place(eg, 1, HB) is None
    req = Requirements([ef, eg], {"F": 1, "G": 2}, {"C": 1}, {"C": ["F", "G"]}, {}, set(), [], {})
    sel = Selection({}, {}, {}, {"F": "R-AVAIL: no day"}, {"F": [ef], "G": [eg]})
    status, taken = {"F": "capacity", "G": "sampled"}, ["G"]
    swap_in_draw_order(req, sel, {"140403": st}, "C", taken, status, None, {}, set(), lambda teams: (lambda e, days: None),  # type: ignore[arg-type,return-value]
                       lambda e: {})
    assert status == {"F": "sampled", "G": "capacity"} and taken == ["F"]
    assert st.placed["F|hb"].day == 1 and st.placed["F|hb"].teams == {"hb": HB} and "G|hb" not in st.placed


def _give_and_replace(avoid: object = None, team_off: object = None) -> tuple[dict[str, str], dict[str, int]]:
    """Tier C has 2 places and only G (rank 2) sampled, on day 1; F (rank 1, window day 1) skipped for capacity. The hb
    team is present on days 1 and 2. F takes G's day; a place is left, so G is placed again on any day it can."""
    from scheduler.plan import swap_in_draw_order
    from scheduler.requirements import Requirements
    from scheduler.select import Selection
    from tests.test_mut43 import HB, _away, _days, _ent
    from tests.test_mut43 import _state as _state43

    st = _state43(3, _away(HB, [0]), teams={HB: ("hb", 2, 1)})
    ef, eg = _ent("F|hb", (1, 1), firm="F"), _ent("G|hb", (0, 2), firm="G")
    assert st.place(eg, 1, HB) is None
    req = Requirements([ef, eg], {"F": 1, "G": 2}, {"C": 2}, {"C": ["F", "G"]}, {}, set(), [], {})
    sel = Selection({}, {}, {}, {"F": "R-AVAIL: no day"}, {"F": [ef], "G": [eg]})
    status, taken = {"F": "capacity", "G": "sampled"}, ["G"]
    swap_in_draw_order(req, sel, {"140403": st}, "C", taken, status, avoid, {}, set(), lambda teams: (lambda e, days: None),  # type: ignore[arg-type,return-value]
                       team_off or (lambda e: {}))  # type: ignore[arg-type]
    return status, _days(st)


def test_r_priority_the_firm_that_gave_its_place_is_placed_again_only_where_its_limits_allow() -> None:
    """R-SAMPLE (review39 #3: a place left, the firm that gave its seat takes another day) under R-PRIORITY: day 2,
    the only other day, is kept off G's agency in its district (`avoid`: a required visit's day) or off its team
    (`team_off`): G is not placed there and stays out; with neither, G takes day 2 (the test can fail). Kills
    swap_in_draw_order 233, 238 (`avoid` not passed to G's re-placement) and 235, 240 (`team_off` not passed)."""
    assert _give_and_replace() == ({"F": "sampled", "G": "sampled"}, {"F|hb": 1, "G|hb": 2})
    assert _give_and_replace(avoid={("140403", "hb"): {2}}) == ({"F": "sampled", "G": "capacity"}, {"F|hb": 1})
    assert _give_and_replace(team_off=lambda e: {"hb-140403": {2}} if e.enterprise_id == "G" else {}) == \
        ({"F": "sampled", "G": "capacity"}, {"F|hb": 1})
