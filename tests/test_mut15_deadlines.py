"""R-DEADLINE, R-ARCHIVE, R-CASE-REVIEW on a hand-made year (execution/deadlines.py): records written out here, no solve.

The example bureau's policy: feedback 5 working days, publish 20, transfer 10, transfer feedback 5, archive 60 calendar
days. A visit on Tuesday 1 June 2027 has its feedback due 8 June, its transfer 16 June and its publication 30 June (9 June
is the Dragon Boat holiday).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from execution import Year, YearError
from execution.casereview import draw
from execution.deadlines import (
    KINDS,
    Deadline,
    all_deadlines,
    board,
    case_review,
    complete,
    deadlines_of,
    finished_on,
    needs_transfer,
    tally,
)
from execution.year import Record
from tests.test_mut15_replan import E1, E2, E403, tiny, visit

D = dt.date(2027, 6, 1)
FEEDBACK, TRANSFER, PUBLISH = dt.date(2027, 6, 8), dt.date(2027, 6, 16), dt.date(2027, 6, 30)


def _year(outcome: str = "violation") -> Year:
    """V: hb visit of 1 June with `outcome` on hb-q; C: a joint um+hb visit of 2 June led by um, all compliant; P: planned."""
    v = visit("V", D, E1, ("hb-140404-00", "hb-140404-01"))
    c = visit("C", D + dt.timedelta(days=1), E403, ("um-140403-00", "um-140403-01", "hb-140403-03", "hb-140403-04"), agencies=("um", "hb"))
    p = visit("P", dt.date(2027, 9, 1), E2, ("hb-140404-00", "hb-140404-03"))
    y = tiny(v, c, p)
    y.records["V"] = Record("V", D, v.officer_ids, {"hb-q": outcome, "hb-m": "compliant"}, dt.date(2027, 7, 1), "", "o")
    y.records["C"] = Record("C", c.date, c.officer_ids, {"um-s": "compliant", "hb-q": "compliant"}, None, "", "o")
    v.status = c.status = "done"
    return y


# ---- Deadline.state ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("due", "done", "today", "state"), [
    (FEEDBACK, FEEDBACK, D, "met"),
    (FEEDBACK, D, D, "met"),
    (FEEDBACK, FEEDBACK + dt.timedelta(days=1), D, "late"),
    (None, FEEDBACK, D, "unknown"),
    (None, None, D, "unknown"),
    (FEEDBACK, None, FEEDBACK, "open"),
    (FEEDBACK, None, FEEDBACK + dt.timedelta(days=1), "overdue"),
    (FEEDBACK, None, D, "open"),
])
def test_state(due: dt.date | None, done: dt.date | None, today: dt.date, state: str) -> None:
    assert Deadline("V", "feedback", "hb", due, done).state(today) == state


# ---- which deadlines, due when --------------------------------------------------------------------------------------------

def test_a_visit_without_a_record_has_no_deadlines() -> None:
    y = _year()
    assert deadlines_of(y, "P") == [] and not needs_transfer(y, "P") and finished_on(y, "P") is None


@pytest.mark.parametrize(("outcome", "transfer"), [("compliant", False), ("minor", False), ("violation", True), ("serious", True)])
def test_needs_transfer_on_a_violation_or_a_serious_finding(outcome: str, transfer: bool) -> None:
    y = _year(outcome)
    assert needs_transfer(y, "V") is transfer
    assert [d.kind for d in deadlines_of(y, "V")] == ["feedback", "publish", *(["transfer"] if transfer else [])]


def test_deadlines_on_the_working_day_calendar() -> None:
    y = _year()
    assert deadlines_of(y, "V") == [Deadline("V", "feedback", "hb", FEEDBACK, None), Deadline("V", "publish", "hb", PUBLISH, None),
                                    Deadline("V", "transfer", "hb", TRANSFER, None)]
    y.milestones["V"] = {"feedback": "2027-06-07", "publish": "2027-06-30", "transfer": "2027-06-17", "transfer_decision": "2027-06-21"}
    assert deadlines_of(y, "V") == [Deadline("V", "feedback", "hb", FEEDBACK, dt.date(2027, 6, 7)),
                                    Deadline("V", "publish", "hb", PUBLISH, PUBLISH),
                                    Deadline("V", "transfer", "hb", TRANSFER, dt.date(2027, 6, 17)),
                                    Deadline("V", "transfer_feedback", "hb", dt.date(2027, 6, 28), None)]
    y.milestones["V"]["transfer_feedback"] = "2027-06-25"
    fin = dt.date(2027, 6, 25)
    assert finished_on(y, "V") == fin
    assert deadlines_of(y, "V")[-2:] == [Deadline("V", "transfer_feedback", "hb", dt.date(2027, 6, 28), fin),
                                          Deadline("V", "archive", "hb", fin + dt.timedelta(days=60), None)]
    y.milestones["V"]["archive"] = "2027-07-01"
    assert deadlines_of(y, "V")[-1].done_on == dt.date(2027, 7, 1)


def test_the_lead_agency_owns_a_joint_visits_deadlines() -> None:
    y = _year()
    assert {d.agency_id for d in deadlines_of(y, "C")} == {"um"}


def test_a_due_date_the_calendar_does_not_cover_is_unknown_not_guessed() -> None:
    y = _year()
    late = dt.date(2027, 12, 20)
    y.visits["V"].date = late
    y.records["V"] = dataclasses.replace(y.records["V"], date=late)
    y.milestones["V"] = {"transfer": "2027-12-21", "transfer_decision": "2027-12-28"}
    got = {d.kind: d.due for d in deadlines_of(y, "V")}
    assert got == {"feedback": dt.date(2027, 12, 27), "publish": None, "transfer": None, "transfer_feedback": None}


def test_finished_when_feedback_given_and_where_transferred_its_feedback_in() -> None:
    y = _year("minor")
    assert finished_on(y, "V") is None
    y.milestones["V"] = {"feedback": "2027-06-05"}
    assert finished_on(y, "V") == dt.date(2027, 6, 5)
    y = _year("serious")
    y.milestones["V"] = {"feedback": "2027-06-05"}
    assert finished_on(y, "V") is None
    y.milestones["V"]["transfer_feedback"] = "2027-06-03"
    assert finished_on(y, "V") == dt.date(2027, 6, 5)  # the later of the two
    y.milestones["V"]["feedback"] = "2027-06-02"
    assert finished_on(y, "V") == dt.date(2027, 6, 3)
    y.milestones["V"] = {"transfer_feedback": "2027-06-03"}
    assert finished_on(y, "V") is None


def test_all_deadlines_in_visit_order() -> None:
    y = _year()
    assert [(d.visit_id, d.kind) for d in all_deadlines(y)] == [("C", "feedback"), ("C", "publish"), ("V", "feedback"), ("V", "publish"),
                                                                ("V", "transfer")]


# ---- complete ---------------------------------------------------------------------------------------------------------------

def test_complete_stores_the_step_and_logs_it() -> None:
    """The audit entry is dated today, or the day entered when no today is given (its `on` detail is the day entered)."""
    y = _year()
    complete(y, "V", "feedback", D, "clerk", today=D)  # the visit's own day, which is today
    complete(y, "V", "transfer", dt.date(2027, 6, 3), "clerk")  # no today: any day from the visit on
    complete(y, "V", "transfer_decision", dt.date(2027, 6, 10), "boss", today=dt.date(2027, 6, 12))
    assert y.milestones == {"V": {"feedback": "2027-06-01", "transfer": "2027-06-03", "transfer_decision": "2027-06-10"}}
    assert [(e["who"], e["action"], e["visit_id"], e["on"], e["done_on"]) for e in y.log] == [
        ("clerk", "deadline.feedback", "V", "2027-06-01", "2027-06-01"), ("clerk", "deadline.transfer", "V", "2027-06-03", "2027-06-03"),
        ("boss", "deadline.transfer_decision", "V", "2027-06-12", "2027-06-10")]  # entered on the 12th, done on the 10th (walk23)
    assert all(list(e) == ["on", "who", "action", "visit_id", "done_on"] for e in y.log)


STEPS_EN = "feedback, transfer, transfer_feedback, archive, publish, transfer_decision, rectified"
BETWEEN = "must be between the visit 2027-06-01 and today"
NOTHING = ("该检查未发现须移送的违法行为", "this visit found nothing to transfer")
NOT_FINISHED = ("案卷尚未办结，不能归档", "the case file is not finished: it cannot be archived yet")


@pytest.mark.parametrize(("outcome", "done", "step", "on", "today", "field", "rule", "status", "zh", "en"), [
    ("violation", {}, "holiday", D, None, "step", "R-DEADLINE", 422, f"未知的事项 holiday（{STEPS_EN.replace(', ', '/')}）",
     f"unknown step holiday ({STEPS_EN})"),
    ("violation", {}, "feedback", D - dt.timedelta(days=1), None, "on", "R-DEADLINE", 422, "日期 2027-05-31 应在检查日 2027-06-01 与今天之间",
     f"date 2027-05-31 {BETWEEN}"),
    ("violation", {}, "feedback", D + dt.timedelta(days=2), D + dt.timedelta(days=1), "on", "R-DEADLINE", 422,
     "日期 2027-06-03 应在检查日 2027-06-01 与今天之间", f"date 2027-06-03 {BETWEEN}"),
    ("minor", {}, "transfer", D, None, "step", "R-TRANSFER", 409, *NOTHING),
    ("minor", {}, "transfer_decision", D, None, "step", "R-TRANSFER", 409, *NOTHING),
    ("minor", {}, "transfer_feedback", D, None, "step", "R-TRANSFER", 409, *NOTHING),
    ("compliant", {}, "rectified", D, None, "step", "R-RECORD", 409, "该检查未发现问题，无需整改", "this visit found nothing to rectify"),
    ("violation", {}, "transfer_decision", D, None, "step", "R-TRANSFER", 409, "尚未移送", "not transferred yet"),
    ("violation", {"transfer": "2027-06-01"}, "transfer_feedback", D, None, "step", "R-TRANSFER", 409, "执法部门尚未作出决定",
     "the department has not decided yet"),
    ("violation", {}, "archive", D, None, "step", "R-ARCHIVE", 409, *NOT_FINISHED),
    ("minor", {"feedback": "2027-06-03"}, "archive", dt.date(2027, 6, 2), None, "step", "R-ARCHIVE", 409, *NOT_FINISHED),
    ("violation", {"feedback": "2027-06-03"}, "archive", dt.date(2027, 6, 4), None, "step", "R-ARCHIVE", 409, *NOT_FINISHED),
    ("violation", {"feedback": "2027-06-03"}, "feedback", dt.date(2027, 6, 4), None, "step", "R-DEADLINE", 409, "V 的结果告知已于 2027-06-03 办理",
     "feedback of V was done on 2027-06-03"),
])
def test_complete_refuses_and_stores_nothing(outcome: str, done: dict[str, str], step: str, on: dt.date, today: dt.date | None,
                                             field: str, rule: str, status: int, zh: str, en: str) -> None:
    y = _year(outcome)
    if done:
        y.milestones["V"] = dict(done)
    with pytest.raises(YearError) as e:
        complete(y, "V", step, on, "clerk", today=today)
    assert (e.value.field, e.value.rule, e.value.status, e.value.zh, e.value.en) == (field, rule, status, zh, en)
    assert y.milestones == ({"V": done} if done else {}) and y.log == []


def test_complete_refuses_a_visit_without_a_record_or_a_plan_not_approved() -> None:
    y = _year()
    with pytest.raises(YearError) as e:
        complete(y, "P", "feedback", D, "clerk")
    assert (e.value.field, e.value.rule, e.value.status) == ("visit_id", "R-RECORD", 409) and y.milestones == {}
    assert (e.value.zh, e.value.en) == ("检查 P 尚无记录", "visit P has no record yet")
    y.plan_state = "submitted"
    with pytest.raises(YearError) as e:
        complete(y, "V", "feedback", D, "clerk")
    assert e.value.rule == "R-APPROVE" and y.milestones == {}


def test_a_minor_finding_may_be_rectified_and_a_case_archived_the_day_it_is_finished() -> None:
    y = _year("minor")
    complete(y, "V", "rectified", dt.date(2027, 6, 2), "clerk")
    complete(y, "V", "feedback", dt.date(2027, 6, 3), "clerk")
    complete(y, "V", "archive", dt.date(2027, 6, 3), "clerk")
    assert y.milestones["V"] == {"rectified": "2027-06-02", "feedback": "2027-06-03", "archive": "2027-06-03"}


def test_the_transfer_chain_in_order() -> None:
    y = _year("serious")
    for step, day in [("transfer", 2), ("transfer_decision", 4), ("transfer_feedback", 7), ("feedback", 8), ("archive", 8)]:
        complete(y, "V", step, dt.date(2027, 6, day), "clerk", today=dt.date(2027, 6, 8))
    assert finished_on(y, "V") == dt.date(2027, 6, 8)


# ---- board and tally ------------------------------------------------------------------------------------------------------

def test_board_on_a_wednesday() -> None:
    y = _year()
    w = visit("W", dt.date(2027, 6, 2), E2, ("hb-140404-00", "hb-140404-03"), status="notified")
    o = visit("O", dt.date(2027, 5, 28), "91140404MMKUKMNE41", ("hb-140404-00", "hb-140404-03"), status="overdue")
    f = visit("F", dt.date(2027, 6, 9), "91140404EHGLKQLT38", ("hb-140404-00", "hb-140404-03"), status="planned")  # today: not past
    c = visit("X", dt.date(2027, 6, 1), "91140404UUNNCDHY8P", ("hb-140404-00", "hb-140404-03"), status="cancelled")
    for x in (w, o, f, c):
        y.visits[x.visit_id] = x
    y.milestones["C"] = {"feedback": "2027-06-10", "publish": "2027-06-03"}  # C's feedback, due 10 June (2 June + 5), met on its day
    today = dt.date(2027, 6, 9)  # a Wednesday (a holiday: no matter for the board)
    b = board(y, today)
    assert b["today"] == "2027-06-09"
    # V's feedback fell due 8 June and is not given: overdue; V's transfer is due 16 June, next week; C's is met
    assert b["due_this_week"] == []
    assert b["late"] == [Deadline("V", "feedback", "hb", FEEDBACK, None)]
    assert b["per_agency"] == {"hb": {"feedback": {"due": 1, "met": 0, "late": 1, "open": 0}, "publish": {"due": 1, "met": 0, "late": 0, "open": 1},
                                      "transfer": {"due": 1, "met": 0, "late": 0, "open": 1}},
                               "um": {"feedback": {"due": 1, "met": 1, "late": 0, "open": 0}, "publish": {"due": 1, "met": 1, "late": 0, "open": 0},
                                      "archive": {"due": 1, "met": 0, "late": 0, "open": 1}}}
    assert b["overdue_visits"] == ["O", "W"]
    assert b["urgent_unapproved"] == []
    assert board(y, today, agency="um")["per_agency"] == {"um": b["per_agency"]["um"]} and board(y, today, agency="um")["late"] == []


def test_due_this_week_runs_from_today_to_sunday() -> None:
    y = _year()
    monday = dt.date(2027, 6, 14)
    assert [(d.visit_id, d.kind) for d in board(y, monday)["due_this_week"]] == [("V", "transfer")]
    sunday = dt.date(2027, 6, 13)
    assert board(y, sunday)["due_this_week"] == []
    assert [(d.visit_id, d.kind) for d in board(y, dt.date(2027, 6, 16))["due_this_week"]] == [("V", "transfer")]
    assert board(y, dt.date(2027, 6, 17))["due_this_week"] == []
    y.milestones["V"] = {"transfer": "2027-06-14"}
    assert board(y, monday)["due_this_week"] == []
    # a deadline the calendar cannot date is never due this week
    wed = dt.date(2027, 6, 2)
    assert {(d.visit_id, d.kind) for d in board(y, wed)["due_this_week"]} == set()
    assert {(d.visit_id, d.kind) for d in board(y, dt.date(2027, 6, 7))["due_this_week"]} == {("V", "feedback"), ("C", "feedback")}


def test_board_counts_a_late_met_deadline_as_late_and_an_unknown_one_as_open() -> None:
    y = _year()
    y.milestones["V"] = {"feedback": "2027-06-09"}  # a day late
    late = dt.date(2027, 12, 20)
    y.visits["C"].date = late
    y.records["C"] = dataclasses.replace(y.records["C"], date=late)
    b = board(y, dt.date(2027, 6, 10))
    assert Deadline("V", "feedback", "hb", FEEDBACK, dt.date(2027, 6, 9)) in b["late"]
    assert b["per_agency"]["hb"]["feedback"] == {"due": 1, "met": 0, "late": 1, "open": 0}
    assert b["per_agency"]["um"]["publish"] == {"due": 1, "met": 0, "late": 0, "open": 1}  # unknown: due 2028


def test_overdue_visits_leave_out_a_visit_waiting_for_approval() -> None:
    y = _year()
    w = visit("I000001", dt.date(2027, 6, 2), E2, ("hb-140404-00", "hb-140404-03"))
    y.visits[w.visit_id] = w
    ver = y.new_version("insert", "x", [{"action": "insert", "visit_id": w.visit_id}], D)
    assert board(y, dt.date(2027, 6, 3))["overdue_visits"] == []
    assert board(y, dt.date(2027, 6, 2))["overdue_visits"] == []  # its day is not past yet either
    y.approve_version(ver.number, "leader", D)
    assert board(y, dt.date(2027, 6, 3))["overdue_visits"] == ["I000001"]


def test_urgent_changes_started_are_listed_until_approved() -> None:
    y = _year()
    y.new_version("insert", "a", [], D, urgent=True)
    y.new_version("replan", "b", [], D, started=True)
    n = y.new_version("insert", "c", [], D, urgent=True).number
    assert board(y, D)["urgent_unapproved"] == [2, 4]
    y.approve_version(n, "leader", D)
    assert board(y, D)["urgent_unapproved"] == [2]


def test_tally_counts_what_fell_due_or_was_met() -> None:
    y = _year()
    y.milestones["V"] = {"feedback": "2027-06-08", "transfer": "2027-06-17"}
    y.milestones["C"] = {"publish": "2027-06-03"}
    t = tally(y, dt.date(2027, 6, 11))  # C's feedback fell due 10 June: overdue; V's publication is open
    assert list(t) == list(KINDS)
    assert t == {"feedback": {"due": 2, "met": 1, "late": 1}, "transfer": {"due": 1, "met": 0, "late": 1},
                 "transfer_feedback": {"due": 0, "met": 0, "late": 0}, "archive": {"due": 0, "met": 0, "late": 0},
                 "publish": {"due": 1, "met": 1, "late": 0}}
    assert tally(y, dt.date(2027, 6, 10))["feedback"] == {"due": 1, "met": 1, "late": 0}


# ---- case review ---------------------------------------------------------------------------------------------------------

def _archived(y: Year) -> None:
    for i, day in enumerate(["2027-04-01", "2027-05-20", "2027-06-30", "2027-07-01", "2027-03-31", "2028-01-05"]):
        y.milestones[f"A{i}"] = {"archive": day}
    y.milestones["B"] = {"feedback": "2027-05-01"}


def test_case_review_draws_among_the_quarters_archived_files() -> None:
    y = _year()
    _archived(y)
    got = case_review(y, "2027Q2", dt.date(2027, 7, 2), "leader")
    assert got == draw(y.policy.seed, "2027Q2", ["A0", "A1", "A2"], y.policy.case_review_ratio) and len(got) == 1
    assert y.case_reviews == {"2027Q2": got}
    assert y.log == [{"on": "2027-07-02", "who": "leader", "action": "case_review.draw", "visit_id": "", "quarter": "2027Q2",
                      "archived": 3, "drawn": got}]
    y.policy = dataclasses.replace(y.policy, case_review_ratio=1.0)
    assert sorted(case_review(y, "2027Q2", dt.date(2027, 7, 2), "leader")) == ["A0", "A1", "A2"]
    assert case_review(y, "2028Q1", dt.date(2028, 4, 1), "leader") == ["A5"]  # December's files are archived next year
    assert case_review(y, "2027Q4", dt.date(2028, 1, 2), "leader") == [] and y.case_reviews["2027Q4"] == []


@pytest.mark.parametrize("quarter", ["2026Q4", "2029Q1", "Q1"])
def test_case_review_outside_the_year_and_the_next_is_refused(quarter: str) -> None:
    y = _year()
    _archived(y)
    with pytest.raises(YearError) as e:
        case_review(y, quarter, dt.date(2027, 7, 2), "leader")
    assert (e.value.field, e.value.rule) == ("quarter", "R-CASE-REVIEW") and y.case_reviews == {} and y.log == []
    assert e.value.zh == f"季度 {quarter} 不在计划年度 2027 或其次年内"
    assert e.value.en == f"quarter {quarter} is outside the plan year 2027 and the year after"


def test_the_draw_is_seeded_by_the_quarter() -> None:
    y = _year()
    ids = [f"A{i:02d}" for i in range(30)]
    for vid in ids:
        y.milestones[vid] = {"archive": "2027-05-03"}
    got = case_review(y, "2027Q2", dt.date(2027, 7, 2), "leader")
    assert got == draw(y.policy.seed, "2027Q2", ids, 0.1) and len(got) == 3
    assert got != draw(y.policy.seed, "2027Q3", ids, 0.1)


def test_the_week_ends_on_sunday() -> None:
    """A visit on Friday 4 June has its feedback due Monday 14 June: not this week on Tuesday 8 June, this week on the 14th.
    A minor finding's file finished Wednesday 16 June is due for archiving Sunday 15 August: this week from 9 August."""
    y = _year("minor")
    f = visit("F", dt.date(2027, 6, 4), E2, ("hb-140404-00", "hb-140404-03"), status="done")
    y.visits["F"] = f
    y.records["F"] = Record("F", f.date, f.officer_ids, {"hb-q": "compliant"}, None, "", "o")
    assert {(d.visit_id, d.kind, d.due) for d in board(y, dt.date(2027, 6, 8))["due_this_week"]} == {("V", "feedback", FEEDBACK),
                                                                                                  ("C", "feedback", dt.date(2027, 6, 10))}
    assert ("F", "feedback", dt.date(2027, 6, 14)) in {(d.visit_id, d.kind, d.due) for d in board(y, dt.date(2027, 6, 14))["due_this_week"]}
    y.milestones["V"] = {"feedback": "2027-06-16"}
    assert [(d.kind, d.due) for d in deadlines_of(y, "V") if d.kind == "archive"] == [("archive", dt.date(2027, 8, 15))]
    assert [(d.visit_id, d.kind) for d in board(y, dt.date(2027, 8, 9))["due_this_week"]] == [("V", "archive")]
    assert [(d.visit_id, d.kind) for d in board(y, dt.date(2027, 8, 15))["due_this_week"]] == [("V", "archive")]


def test_board_and_tally_count_past_one() -> None:
    y = _year()
    for vid, ent in (("G", E2), ("H", "91140404MMKUKMNE41")):
        g = visit(vid, D, ent, ("hb-140404-00", "hb-140404-03"), status="done")
        y.visits[vid] = g
        y.records[vid] = Record(vid, D, g.officer_ids, {"hb-q": "compliant"}, None, "", "o")
    y.milestones["G"] = {"feedback": "2027-06-02", "publish": "2027-06-02"}
    y.milestones["H"] = {"feedback": "2027-06-03", "publish": "2027-06-03"}
    today = dt.date(2027, 6, 9)
    per = board(y, today)["per_agency"]["hb"]
    assert per["feedback"] == {"due": 3, "met": 2, "late": 1, "open": 0} and per["publish"] == {"due": 3, "met": 2, "late": 0, "open": 1}
    assert per["archive"] == {"due": 2, "met": 0, "late": 0, "open": 2}
    t = tally(y, today)
    assert t["feedback"] == {"due": 3, "met": 2, "late": 1} and t["publish"] == {"due": 2, "met": 2, "late": 0}


def test_tally_leaves_out_what_the_calendar_cannot_date() -> None:
    y = _year()
    late = dt.date(2027, 12, 20)
    y.visits["V"].date = late
    y.records["V"] = dataclasses.replace(y.records["V"], date=late)
    t = tally(y, dt.date(2027, 12, 31))
    assert t["publish"] == {"due": 1, "met": 0, "late": 1}  # C's; V's publication falls due in 2028, which no calendar covers
    assert t["transfer"] == {"due": 0, "met": 0, "late": 0}
