"""mut46: mutation round on the forty-first round's code (bench/mut46.md): the week's print that serves a notice
(`Year.notify_week`, which sets `served_for`), the same unnumbered complaint entered twice (`insert.same_trigger`) and
the words of an auxiliary or legal reviewer who does not count (`Year._not_counted`).

Each test names the mutants it kills; no CP-SAT solve: the tiny bureau's greedy plan (conftest's `tiny_year`)."""

from __future__ import annotations

import datetime as dt

import pytest

from execution import Year, YearError
from execution.year import Trigger


def _planned_on(y: Year, lo: dt.date, hi: dt.date) -> list[str]:
    return sorted(v.visit_id for v in y.visits.values() if v.status == "planned" and lo <= v.date < hi)


def test_r_notice_the_weeks_print_ends_on_sunday_whatever_day_it_starts(tiny_year: Year) -> None:
    """R-NOTICE: the week's notices are those of the start day to that week's Sunday (the simulation starts a week on
    its first working day, a Tuesday after a holiday Monday). Kills notify_week 5 (end = 8 − weekday: from a Monday,
    the next Monday too) and 4 (7 + weekday: from a Wednesday, the next week's Monday to Thursday too)."""
    y = tiny_year
    d = min(v.date for v in y.visits.values() if v.status == "planned" and v.date.weekday() == 0 and v.date > dt.date(2027, 1, 11))
    monday = d - dt.timedelta(days=7)  # the week before a Monday with a planned visit
    expected = _planned_on(y, monday, d)
    got = y.notify_week(None, monday, "planner")
    assert sorted(v.visit_id for v in got) == expected
    assert all(v.status == "planned" and v.served_for is None for v in y.visits.values() if v.date == d)
    # from a Wednesday: up to its Sunday, not the next week's first days
    e = min(v.date for v in y.visits.values() if v.status == "planned" and v.date.weekday() <= 3 and v.date > dt.date(2027, 1, 15))
    wed = e - dt.timedelta(days=e.weekday() + 5)
    expected = _planned_on(y, wed, wed + dt.timedelta(days=5))
    got = y.notify_week(None, wed, "planner")
    assert sorted(v.visit_id for v in got) == expected and all(v.served_for == v.date for v in got)
    assert all(v.status == "planned" and v.served_for is None for v in y.visits.values() if v.date == e)


def test_r_notice_one_teams_print_serves_that_teams_visits_only(tiny_year: Year) -> None:
    """The week's print for one team (the API's `team`) notifies the visits that team makes, not the others of that
    week. Kills notify_week 21 (`team not in v.teams.values()`: the other teams' visits instead)."""
    y = tiny_year
    for d in sorted({v.date for v in y.visits.values()}):
        monday = d - dt.timedelta(days=d.weekday())
        week = [v for v in y.visits.values() if v.status == "planned" and monday <= v.date < monday + dt.timedelta(days=7)]
        teams = sorted({t for v in week for t in v.teams.values()})
        team = next((t for t in teams if any(t not in v.teams.values() for v in week)), None)
        if team is not None:
            break
    else:
        raise AssertionError("the tiny plan has no week visited by two teams")
    got = y.notify_week(team, monday, "planner")
    assert got and sorted(v.visit_id for v in got) == sorted(v.visit_id for v in week if team in v.teams.values())
    assert all(v.status == "planned" for v in week if team not in v.teams.values())


def test_r_audit_the_weeks_print_is_in_the_trail_with_who_and_which_team(tiny_year: Year) -> None:
    """R-AUDIT: the print's event names who printed, the week's first day, the visits, and the team ("" for every team).
    Kills notify_week 28 (who None), 30 (team None), 35 (no team), 39 (`team and ""`: a team's print read as every
    team's) and 40 (`team or "XXXX"`)."""
    y = tiny_year
    days = sorted({v.date for v in y.visits.values() if v.status == "planned"})
    first = days[0] - dt.timedelta(days=days[0].weekday())
    got = y.notify_week(None, first, "planner")
    e = y.log[-1]
    assert got and (e["action"], e["on"], e["who"], e["team"]) == ("visit.notified", first.isoformat(), "planner", "")
    assert e["visits"] == [v.visit_id for v in got]
    later = next(d for d in days if d >= first + dt.timedelta(days=7))
    monday = later - dt.timedelta(days=later.weekday())
    v = next(v for v in y.visits.values() if v.date == later and v.status == "planned")
    team = sorted(v.teams.values())[0]
    got = y.notify_week(team, monday, "admin")
    e = y.log[-1]
    assert v in got and (e["who"], e["team"], e["visits"]) == ("admin", team, [x.visit_id for x in got])


def _complaint(y: Year, tid: str) -> Trigger:
    """A complaint received on 1 March about a firm whose agency has items for it: tests/test_walk41.py's."""
    from test_walk41 import _a_trigger

    return _a_trigger(y, tid)


def test_r_trigger_the_same_complaint_whose_visit_was_cancelled_is_refused_saying_it_has_no_visit(tiny_year: Year) -> None:
    """R-TRIGGER (walk41 Y2): the first complaint's visit cancelled, the trigger is still registered (a trigger without
    a visit): the same complaint entered again is refused naming it and pointing to the triggers without a visit, in
    both languages, with the kind's Chinese word, the agency and the day received. The first trigger itself may be
    placed again (not "the same" as itself). Kills same_trigger 15, 21, 24, 25 (the visit looked for), 26, 27 (the kind's
    word), 33, 34, 37, 38, 39, 52 (the words)."""
    from bundle.schema import TRIGGER_KIND_ZH
    from execution.insert import apply, propose

    y, today = tiny_year, dt.date(2027, 3, 1)
    first = _complaint(y, "Y900001")
    new, _ = apply(y, first, propose(y, first, today)[0], today, "planner")
    y.cancel_visit(new.visit_id, today, "planner", "企业已停业")
    again = Trigger("Y900002", first.enterprise_id, first.agency_id, first.received_on, first.kind, numbered=False)
    with pytest.raises(YearError) as e:
        propose(y, again, today)
    zh, en = e.value.zh, e.value.en
    assert (e.value.status, e.value.rule, e.value.field) == (409, "R-TRIGGER", "trigger_id")
    assert "已登记为 Y900001，尚无检查，见“尚无检查的线索”；未重复登记。" in zh and new.visit_id not in zh + en
    assert "registered as trigger Y900001, no visit yet: see the triggers without a visit; not registered twice" in en
    assert f"该企业 {first.received_on} 受理的{TRIGGER_KIND_ZH['complaint']}线索（{first.agency_id}）已登记为 Y900001" in zh
    assert zh.endswith("未重复登记。如为另一件线索，请在该次检查中一并核查") and en.endswith("A separate one received that day is checked during that visit")
    assert f"this complaint about the enterprise ({first.agency_id}, received {first.received_on}) is already registered as trigger Y900001" in en
    assert propose(y, first, today)  # the held trigger itself is placed again, not refused as its own double


def test_r_pair_a_legal_reviewer_on_a_visit_of_its_team_is_named_in_words(tiny_year: Year) -> None:
    """R-PAIR (walk41 Y11): why a legal reviewer 法制审核人员 of the visit's own team does not count, in words in both
    languages ("legal review staff", not the code legal_review). The tiny bureau's one legal reviewer is in a city team
    its greedy plan sends nowhere: a visit of a firm by that team (dataclasses.replace of a planned visit of the agency).
    Kills _not_counted 23 and 24 (the role code's underscore kept); walk41's tests name an auxiliary, whose code has none."""
    import dataclasses

    y = tiny_year
    who, officer = next((oid, o) for oid, o in sorted(y.reg.officers.items()) if o.role == "legal_review")
    v = next(v for v in sorted(y.visits.values(), key=lambda v: (v.date, v.visit_id)) if v.lead_agency_id == officer.agency_id)
    city = dataclasses.replace(v, teams={officer.agency_id: officer.team_id})
    day = next(d for d in sorted(y.reg.workdays) if not y.is_away(who, d))
    assert y._not_counted(who, officer.agency_id, city, day) == ("为法制审核人员，不计入两名执法人员",
                                                                 "is legal review staff, not an enforcement officer: not one of the two")
