"""A day or slot a planner names by hand is refused naming the field and the rule (foreign36 #2): a holiday, a past
day, a day of 2028 and another agency's team each read "no longer offered (another change was made meanwhile)" or "not
(or no longer) a lawful day". And a withdrawn leave says a visit's day passed when it did (foreign36 #4), not that the
visit was "changed, notified or done since". Hand-made years of the example bureau (tests/test_mut15_replan.py);
nothing changes on a refusal."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from execution import Year, YearError
from execution.insert import _try, propose, refuse_slot
from execution.replan import officer_unavailable, withdraw_absence
from execution.reschedule import move_visit
from execution.year import Trigger
from tests.test_mut15_replan import E1, E2, TODAY, D, books, fresh_books, set_cap, tiny, visit

OFF = ("hb-140404-00", "hb-140404-01")
SATURDAY = dt.date(2027, 6, 19)


def _refused(y: Year, day: dt.date) -> YearError:
    with pytest.raises(YearError) as e:
        move_visit(y, "V1", day, TODAY, "planner", "企业停产 / closed")
    assert books(y) == fresh_books(y) and y.visits["V1"].date == D  # nothing moved
    return e.value


@pytest.mark.parametrize(("day", "rule", "zh", "en"), [
    (SATURDAY, "R-WORKDAY", "不是工作日", "is not a working day"),
    (dt.date(2028, 1, 4), "R-WORKDAY", "不在计划年度 2027 内", "outside the plan year 2027"),
    (TODAY - dt.timedelta(days=1), "R-INSERT", "已过", "has passed"),
    (TODAY + dt.timedelta(days=1), "R-INSERT", "冻结期", "the freeze"),  # freeze_workdays 5
    (D, "R-INSERT", "已安排在", "is already on"),
])
def test_a_move_to_a_day_no_visit_may_take_names_the_rule(day: dt.date, rule: str, zh: str, en: str) -> None:
    y = tiny(visit("V1", D, E1, OFF))
    e = _refused(y, day)
    assert (e.field, e.rule, e.status) == ("day", rule, 422) and zh in e.zh and en in e.en and str(day) in e.en


def test_a_move_names_what_the_day_holds() -> None:
    """R-JOINT and R-GAP (the firm's other visit), R-AVAIL (the team's day full), R-PAIR (its officers away): 409,
    with the day named; a lawful day is still moved to."""
    other = D + dt.timedelta(days=35)  # a Tuesday, 35 days on: apart from V1 (R-GAP: 30 days between entries)
    y = tiny(visit("V1", D, E1, OFF), visit("V2", other, E1, ("hb-140404-02", "hb-140404-03"), agencies=("hb",)))
    y.policy = y.reg.policy = dataclasses.replace(y.policy, min_days_between_repeat_visits=0)
    for day, rule in ((other, "R-JOINT"), (other + dt.timedelta(days=1), "R-GAP")):
        e = _refused(y, day)
        assert (e.field, e.rule, e.status) == ("day", rule, 409) and str(day) in e.zh and f"({rule})" in e.en
    full = D + dt.timedelta(days=1)
    y = tiny(visit("V1", D, E1, OFF), visit("V3", full, E2, ("hb-140404-02", "hb-140404-03")))
    set_cap(y, "hb-140404", 1)
    e = _refused(y, full)
    assert (e.rule, e.status) == ("R-AVAIL", 409) and "hb-140404" in e.en and "full" in e.en
    away = D + dt.timedelta(days=2)
    y = tiny(visit("V1", D, E1, OFF))
    y.reg.away = {o: {away} for o in y.reg.team_officers["hb-140404"]}
    e = _refused(y, away)
    assert (e.rule, e.status) == ("R-PAIR", 409) and "too few officers" in e.en
    move_visit(y, "V1", D + dt.timedelta(days=1), TODAY, "planner", "企业停产 / closed")
    assert y.visits["V1"].date == D + dt.timedelta(days=1)


def _trigger(urgent: bool = False) -> Trigger:
    return Trigger("T1", E2, "hb", TODAY, "complaint", urgent)


def _slot_refused(y: Year, t: Trigger, day: dt.date, team: str) -> YearError:
    e = refuse_slot(y, t, day, team, TODAY)
    assert books(y) == fresh_books(y) and set(y.visits) == {"V1"}  # nothing booked, nothing inserted
    return e


@pytest.mark.parametrize(("team", "day", "field", "rule", "en"), [
    ("zz", TODAY + dt.timedelta(days=1), "team", "R-TEAM", "no team zz"),
    ("um-140404", TODAY + dt.timedelta(days=1), "team", "R-TEAM", "may not go for agency hb in district 140404"),
    ("hb-140403", TODAY + dt.timedelta(days=1), "team", "R-TEAM", "may not go for agency hb"),
    ("hb-140404", TODAY - dt.timedelta(days=3), "day", "R-INSERT", "has passed"),
    ("hb-140404", TODAY, "day", "R-INSERT", "a routine insertion is approved first: tomorrow at the earliest"),
    ("hb-140404", dt.date(2027, 5, 15), "day", "R-WORKDAY", "not a working day"),  # a Saturday
    ("hb-140404", dt.date(2027, 6, 1), "day", "R-TRIGGER", "outside the visit's window"),
    ("hb-140404", dt.date(2028, 1, 4), "day", "R-WORKDAY", "outside the plan year"),
])
def test_a_slot_no_insertion_may_take_names_the_field_and_rule(team: str, day: dt.date, field: str, rule: str, en: str) -> None:
    y = tiny(visit("V1", D, E1, OFF))
    e = _slot_refused(y, _trigger(), day, team)
    assert (e.field, e.rule, e.status) == (field, rule, 422) and en in e.en and e.zh


def test_an_urgent_trigger_may_take_today() -> None:
    """R-URGENT: today is no refusal for an urgent trigger; the same day is for a routine one (above)."""
    y = tiny(visit("V1", D, E1, OFF))
    t = _trigger(urgent=True)
    assert any(s.day == TODAY for s in propose(y, t, TODAY))
    assert _slot_refused(y, t, TODAY, "hb-140404").field == "choice"  # not the day: whether it is offered, or full


def test_a_slot_lawful_but_not_offered_and_a_slot_that_is_full() -> None:
    """R-INSERT: the planner chooses among the best slots offered; a lawful one not among them is refused saying so
    (409). A team-day that is full reads R-AVAIL; the enterprise visited that day reads R-JOINT."""
    y = tiny(visit("V1", D, E1, OFF))
    t = _trigger()
    offered = {(s.day, s.team) for s in propose(y, t, TODAY)}
    hi = y.trigger_window(t)[1]
    spare = next((d, tm) for d in y.reg.workdays if TODAY < d <= hi for tm in y.reg.teams_for("hb", "140404")
                 if (d, tm) not in offered and _try(y, t, d, tm, (), TODAY) is not None)
    e = _slot_refused(y, t, *spare)
    assert (e.field, e.rule, e.status) == ("choice", "R-INSERT", 409) and "not among the best slots" in e.en
    day = spare[0]
    y = tiny(visit("V1", D, E1, OFF), visit("V2", day, E2, OFF))
    e = refuse_slot(y, t, day, "hb-140404", TODAY)
    assert (e.rule, e.status) == ("R-JOINT", 409) and "the enterprise is visited" in e.en
    y = tiny(visit("V1", D, E1, OFF), visit("V3", day, E1, ("hb-140404-02", "hb-140404-03")))
    set_cap(y, "hb-140404", 1)
    e = refuse_slot(y, t, day, "hb-140404", TODAY)
    assert (e.rule, e.status) == ("R-AVAIL", 409) and "team-days full" in e.en and str(day) in e.zh


def test_a_withdrawn_leave_says_the_day_passed_for_a_visit_gone_overdue() -> None:
    """foreign36 #4: the re-staffed visit's day passed unrecorded and it went overdue (time, not a change); withdrawn
    afterwards, it stays, and the reason is its day (R-INSERT), not "changed, notified or done since" (R-REPLAN)."""
    v = visit("V1", D, E1, OFF)
    y = tiny(v)
    officer_unavailable(y, OFF[0], D, D, TODAY, "planner")
    later = D + dt.timedelta(days=1)
    assert y.mark_overdue(later) == ["V1"] and v.status == "overdue"
    (k,) = withdraw_absence(y, 1, later, "planner", "登记错了人 / wrong officer").kept
    assert k["rule"] == "R-INSERT" and k["why"] == f"its day {D} has passed: it stays as it is"
    # a change made since still reads as one: the officers changed again by hand
    v2 = visit("V1", D, E1, OFF)
    y = tiny(v2)
    officer_unavailable(y, OFF[0], D, D, TODAY, "planner")
    v2.status = "notified"
    (k,) = withdraw_absence(y, 1, TODAY, "planner", "登记错了人 / wrong officer").kept
    assert k["rule"] == "R-REPLAN" and k["why"].startswith("changed, notified or done since")
