"""mut33: the surviving mutants of functions no earlier mutation run had reached, one test per gap. Of the four
mutated (execution/replan.py's absences and officer_unavailable, execution/deadlines.py's deadlines_of,
Year._check_rectify_by) only the two of replan.py left real gaps; the rest were killed, or are equivalent
(bench/mut33.md). Hand-made tiny years of the example bureau (tests/test_mut15_replan.py's helpers), no solve. Each test
was checked to fail on the mutants its docstring names (applied by hand) and to pass on the code as it is."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from execution import Year, YearError
from execution.replan import absences, officer_unavailable
from execution.year import Caller
from tests.test_mut15_replan import E1, E2, E3, E403, TODAY, D, set_cap, tiny, visit

O1, O2 = "hb-140404-00", "hb-140404-01"


# ---- execution/replan.py: absences ---------------------------------------------------------------------------------

def test_an_absence_says_who_entered_it_and_on_which_day() -> None:
    """x_absences__mutmut_13/14/47/50 (entered_on / entered_by read as None or "None"): R-REPLAN, R-AUDIT — the list of
    absences (the API's and the withdrawal form's) names the day an absence was entered and who entered it, read from
    the audit entry the registration wrote."""
    y = tiny(visit("V1", D, E1, (O1, O2)))
    officer_unavailable(y, O1, D, D, TODAY, "planner2")
    (a,) = absences(y)
    assert (a.entered_on, a.entered_by) == (TODAY.isoformat(), "planner2")
    assert a.as_dict()["entered_on"] == TODAY.isoformat() and a.as_dict()["entered_by"] == "planner2"


# ---- execution/replan.py: officer_unavailable ----------------------------------------------------------------------

def _present(*days: tuple[str, dt.date]) -> Year:
    """A year in which O1 (with O2) is recorded present on each (visit, day), and an unrecorded visit V on D."""
    y = tiny(*(visit(vid, day, E2, (O1, O2)) for vid, day in days), visit("V", D, E1, (O1, O2)))
    for vid, day in days:
        y.record(vid, day, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=day)
    return y


def test_a_leave_over_one_recorded_day_is_refused_in_the_exact_words() -> None:
    """x_officer_unavailable__mutmut_84/89/91/92 (the "and N more" tail added for one record, or "XXXX"), 105/110
    (`end and ''`: the leave's end left out) and 106/111 (`end or 'XXXX'`: an open suspension's missing end filled):
    R-REPLAN — a leave or suspension over a day the officer is recorded present is refused naming that visit and day,
    the dates as entered (an open-ended suspension with nothing after the dash), and the first day it could start."""
    day = D - dt.timedelta(days=1)
    y = _present(("P", day))
    zh, en, _ = y._officers_named([O1])
    start = day - dt.timedelta(days=3)
    for kind, end, shown in (("leave", D, D.isoformat()), ("suspended", None, "")):
        with pytest.raises(YearError) as e:
            officer_unavailable(y, O1, start, end, D, "planner", kind=kind)
        assert e.value.zh == f"{zh} 已记录于 {day} 到场执行检查 P，{start}–{shown} 不能包括该日：请自 {D} 起登记"
        assert e.value.en == (f"{en} is recorded present on visit P on {day}: {start}–{shown} cannot cover that day; "
                              f"enter it from {D}")


def test_a_leave_over_two_recorded_days_names_the_last_and_counts_the_rest() -> None:
    """x_officer_unavailable__mutmut_83/90 (the count never said, or said from three on) and 85/86/87/88 (the count off
    by one or two): R-REPLAN — over several recorded days the refusal names the last one and says how many more."""
    first, last = D - dt.timedelta(days=4), D - dt.timedelta(days=1)  # Friday 11 and Monday 14 June
    y = _present(("P", last), ("Q", first))
    zh, en, _ = y._officers_named([O1])
    start = D - dt.timedelta(days=7)
    with pytest.raises(YearError) as e:
        officer_unavailable(y, O1, start, D, D, "planner")
    assert e.value.zh == f"{zh} 已记录于 {last} 到场执行检查 P（另有 1 项），{start}–{D} 不能包括该日：请自 {D} 起登记"
    assert e.value.en == (f"{en} is recorded present on visit P on {last} (and 1 more): {start}–{D} cannot cover that day; "
                          f"enter it from {D}")


def test_an_absence_ending_the_day_another_begins_overlaps_it() -> None:
    """x_officer_unavailable__mutmut_163 (`a.start < end`): R-REPLAN (walk29) — an absence entered over another is said:
    one whose last day is the first day of a standing one overlaps it (the day is in both)."""
    y = tiny(visit("V1", D + dt.timedelta(days=10), E1, (O1, O2)))
    officer_unavailable(y, O1, D + dt.timedelta(days=2), D + dt.timedelta(days=3), TODAY, "planner")
    res = officer_unavailable(y, O1, D, D + dt.timedelta(days=2), TODAY, "planner")
    assert res.overlaps == [1]
    assert officer_unavailable(y, O1, D - dt.timedelta(days=2), D - dt.timedelta(days=1), TODAY, "planner").overlaps == []


def test_the_visits_of_days_gone_by_are_listed_by_day_whatever_their_state_before_it_was_read() -> None:
    """x_officer_unavailable__mutmut_207/209 (sorted by id, not day), 225 (every key None: a TypeError from two
    visits on), 217/218 (a past visit still "planned" left out) and 219/220 ("notified" left out):
    R-REPLAN, R-RECORD — a leave begun before today lists, by day, every visit of its days gone by that names the
    officer and was not recorded, whether it was yet flagged overdue or not; a cancelled one is not listed."""
    days = [dt.date(2027, 6, d) for d in (8, 7, 4, 3, 2, 1)]  # working days; the ids run against the days
    states = ["planned", "notified", "overdue", "planned", "notified", "overdue"]
    past = [visit(f"P{i}", day, (E1, E2, E3)[i % 3], (O1, O2), status=s) for i, (day, s) in enumerate(zip(days, states, strict=True))]
    y = tiny(*past, visit("X", dt.date(2027, 6, 10), E1, (O1, O2), status="cancelled"))
    res = officer_unavailable(y, O1, dt.date(2027, 6, 1), D, D, "planner")
    assert res.unrecorded == ["P5", "P4", "P3", "P2", "P1", "P0"]


def test_a_replacement_in_the_same_team_keeps_the_visit_on_its_day() -> None:
    """x_officer_unavailable__mutmut_255 (the same-team staffing asked without the enterprise, so a recused officer is
    drawn, the re-staffing refused and the visit moved): R-RECUSE, R-REPLAN — the same team's unrecused officer takes
    the place on the same day; the visit is re-staffed, not moved."""
    v = visit("J", D, E403, ("hb-140403-03", "hb-140403-04", "um-140403-00", "um-140403-01"), agencies=("hb", "um"))
    y = tiny(v)
    y.reg.recused = {("um-140403-02", E403)}  # first in draw order for J
    res = officer_unavailable(y, "um-140403-00", D, D, TODAY, "planner")
    assert res.restaffed == ["J"] and res.moved == [] and v.date == D
    assert v.officer_ids == ("hb-140403-03", "hb-140403-04", "um-140403-01", "um-140403-03")


def test_a_full_city_team_is_passed_over_for_the_next_one_with_room() -> None:
    """x_officer_unavailable__mutmut_271 (`alt != team or team_room`) and 274 (`team_room(alt, None)`): a city team at
    its daily cap was taken, its re-staffing refused, and the next team with room never tried. R-TEAM, R-AVAIL,
    R-REPLAN — the agency's other eligible teams are tried in order, each with room that day; a second city team
    (built here: the example bureau has one per agency) re-staffs the visit on its day."""
    v = visit("V1", D, E1, (O1, O2))
    busy = visit("B", D, E3, ("hb-140400-02", "hb-140400-03"))
    y = tiny(v, busy)
    y.extra_away["hb-140404-03"] = {D}  # the local team has nobody else that day
    set_cap(y, "hb-140400", 1)  # full with B
    y.reg.teams["hb-140400x"] = dataclasses.replace(y.reg.teams["hb-140400"], team_id="hb-140400x", max_visits_per_day=2)
    for o in ("hb-140400-00", "hb-140400-01"):
        y.reg.officers[o] = dataclasses.replace(y.reg.officers[o], team_id="hb-140400x")
        y.reg.team_officers["hb-140400"].remove(o)
    y.reg.team_officers["hb-140400x"] = ["hb-140400-00", "hb-140400-01"]
    assert y.reg.teams_for("hb", "140404") == ["hb-140404", "hb-140400", "hb-140400x"]
    res = officer_unavailable(y, O1, D, D, TODAY, "planner")
    assert res.restaffed == ["V1"] and res.moved == [] and v.date == D
    assert v.teams == {"hb": "hb-140400x"} and set(v.officer_ids) == {"hb-140400-00", "hb-140400-01"}


def test_a_restaffing_the_rules_refuse_is_not_reported_as_done() -> None:
    """x_officer_unavailable__mutmut_308 (`got = ""` after the refused move: "" is not None, so the visit was listed
    re-staffed with the absent officer still on it): R-REPLAN — where the day breaks a rule no officer mends (here the
    team is over its daily cap, a plan made elsewhere), the re-staffing is refused and the next remedy taken; the visit
    is never listed re-staffed while it still names the absent officer."""
    v = visit("V1", D, E1, (O1, O2))
    y = tiny(v)
    set_cap(y, "hb-140404", 0)
    res = officer_unavailable(y, O1, D, D, TODAY, "planner")
    assert [m["visit_id"] for m in res.moved] + [s["id"] for s in res.shortfalls] + res.restaffed == ["V1"]
    assert ("V1" in res.restaffed) == (O1 not in v.officer_ids and v.status == "planned")
    # round 30: the refused same-team re-staffing passes to the city team, which has room that day (it was a shortfall
    # saying "no other officer with room")
    assert res.restaffed == ["V1"] and res.moved == [] and res.shortfalls == [] and v.date == D
    assert v.teams == {"hb": "hb-140400"} and O1 not in v.officer_ids
    assert all(y.reg.officers[o].team_id == "hb-140400" for o in v.officer_ids)


def test_a_refused_restaffing_with_no_other_team_with_room_takes_the_next_remedy() -> None:
    """R-REPLAN: the same-team re-staffing refused (its team over its cap) and the city team full too: the visit is
    not re-staffed on its day (moved, or a shortfall naming the team), never left naming the absent officer."""
    v = visit("V1", D, E1, (O1, O2))
    y = tiny(v)
    set_cap(y, "hb-140404", 0)
    set_cap(y, "hb-140400", 0)
    res = officer_unavailable(y, O1, D, D, TODAY, "planner")
    assert res.restaffed == [] and [m["visit_id"] for m in res.moved] + [s["id"] for s in res.shortfalls] == ["V1"]
    assert v.date != D or v.status == "cancelled"
    if res.shortfalls:  # its words say what held it: officers were found, the team's cap refused them (not "nobody")
        assert res.shortfalls[0]["binding"].startswith(f"the officers found for {D} could not be sent: team hb-140404 (R-AVAIL)")
        assert "队伍 hb-140404（违反 R-AVAIL）" in res.shortfalls[0]["binding_zh"]
