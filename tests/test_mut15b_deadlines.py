"""Mutation survivors of this session's deadline changes (execution/deadlines.py): a step entered late (late_entry), the
publication only after the feedback, a quarter drawn again, the year's open work. A hand-made year, no solve."""

from __future__ import annotations

import datetime as dt

import pytest

from execution import YearError
from execution.deadlines import (
    LATE_STATES,
    Deadline,
    board,
    case_review,
    complete,
    deadlines_of,
    open_work,
    replaced_by_redraw,
    tally,
)
from execution.year import Record, Trigger
from tests.test_mut15_deadlines import FEEDBACK, PUBLISH, D, _archived, _year
from tests.test_mut15_replan import E2, visit

DAY = dt.timedelta(days=1)


# ---- Deadline.state: late_entry --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("due", "done", "entered", "state"), [
    (FEEDBACK, D, FEEDBACK + DAY, "late_entry"),  # done in time as claimed, entered the day after the due day
    (FEEDBACK, D, FEEDBACK, "met"),  # entered on the due day itself: in time
    (FEEDBACK, D, None, "met"),
    (FEEDBACK, FEEDBACK, FEEDBACK + 5 * DAY, "late_entry"),
    (FEEDBACK, FEEDBACK + DAY, FEEDBACK + 5 * DAY, "late"),  # done late: late, whenever entered
    (None, D, FEEDBACK + DAY, "unknown"),
])
def test_state_of_a_step_entered_after_its_due_day(due: dt.date | None, done: dt.date, entered: dt.date | None, state: str) -> None:
    assert Deadline("V", "feedback", "hb", due, done, entered).state(D) == state


def test_late_states() -> None:
    assert LATE_STATES == ("late", "overdue", "late_entry")


# ---- complete: the day entered, the publication after the feedback ----------------------------------------------------------

def test_complete_keeps_the_day_entered_where_later_than_the_day_done() -> None:
    y = _year()
    complete(y, "V", "feedback", D, "clerk", today=D)  # entered the day done: nothing kept
    complete(y, "V", "transfer", D + DAY, "clerk")  # no today: nothing kept
    assert y.entered == {}
    complete(y, "V", "publish", dt.date(2027, 6, 3), "clerk", today=dt.date(2027, 7, 5))
    assert y.entered == {"V": {"publish": "2027-07-05"}}
    complete(y, "V", "transfer_decision", dt.date(2027, 6, 4), "clerk", today=dt.date(2027, 6, 5))
    assert y.entered == {"V": {"publish": "2027-07-05", "transfer_decision": "2027-06-05"}}
    got = {d.kind: d for d in deadlines_of(y, "V")}
    assert got["publish"] == Deadline("V", "publish", "hb", PUBLISH, dt.date(2027, 6, 3), dt.date(2027, 7, 5))
    assert got["publish"].state(dt.date(2027, 7, 5)) == "late_entry"
    assert got["feedback"].entered_on is None and got["feedback"].state(D) == "met"


def test_every_kind_carries_its_day_entered() -> None:
    y = _year("serious")
    y.milestones["V"] = {"feedback": "2027-06-02", "publish": "2027-06-03", "transfer": "2027-06-04", "transfer_decision": "2027-06-05",
                         "transfer_feedback": "2027-06-07", "archive": "2027-06-08"}
    y.entered["V"] = {k: f"2027-09-{i + 1:02d}" for i, k in enumerate(("feedback", "publish", "transfer", "transfer_feedback", "archive"))}
    got = {d.kind: d.entered_on for d in deadlines_of(y, "V")}
    assert got == {"feedback": dt.date(2027, 9, 1), "publish": dt.date(2027, 9, 2), "transfer": dt.date(2027, 9, 3),
                   "transfer_feedback": dt.date(2027, 9, 4), "archive": dt.date(2027, 9, 5)}
    assert {d.kind: d.state(dt.date(2027, 9, 10)) for d in deadlines_of(y, "V")} == dict.fromkeys(got, "late_entry")
    assert all(d.entered_on is None for d in deadlines_of(y, "C"))  # another visit's entries are not its


PUBLISH_FIRST = ("step", "R-FEEDBACK", 409, "须先告知企业检查结果（结果告知）再公示，公示日不早于告知日",
                 "tell the enterprise its result (feedback) first: the result is published on or after that day")


@pytest.mark.parametrize(("done", "on"), [({}, dt.date(2027, 6, 3)), ({"transfer": "2027-06-02"}, dt.date(2027, 6, 3)),
                                          ({"feedback": "2027-06-04"}, dt.date(2027, 6, 3))])
def test_a_result_is_published_only_on_or_after_its_feedback(done: dict[str, str], on: dt.date) -> None:
    y = _year()
    if done:
        y.milestones["V"] = dict(done)
    with pytest.raises(YearError) as e:
        complete(y, "V", "publish", on, "clerk")
    assert (e.value.field, e.value.rule, e.value.status, e.value.zh, e.value.en) == PUBLISH_FIRST
    assert y.milestones == ({"V": done} if done else {}) and y.log == [] and y.entered == {}


def test_publish_on_the_feedback_day_or_after() -> None:
    y = _year()
    complete(y, "V", "feedback", dt.date(2027, 6, 4), "clerk")
    complete(y, "V", "publish", dt.date(2027, 6, 4), "clerk")
    y = _year()
    complete(y, "V", "feedback", dt.date(2027, 6, 4), "clerk")
    complete(y, "V", "publish", dt.date(2027, 6, 5), "clerk")
    assert y.milestones["V"] == {"feedback": "2027-06-04", "publish": "2027-06-05"}


def test_other_steps_need_no_feedback_first() -> None:
    y = _year("minor")
    complete(y, "V", "rectified", dt.date(2027, 6, 2), "clerk")
    assert y.milestones["V"] == {"rectified": "2027-06-02"}


# ---- board and tally count a late entry as late --------------------------------------------------------------------------------

def test_board_and_tally_count_a_late_entry_late() -> None:
    y = _year()
    y.milestones["V"] = {"feedback": "2027-06-07", "transfer": "2027-06-16"}
    y.entered["V"] = {"feedback": "2027-06-20", "transfer": "2027-06-16"}  # feedback back-dated; transfer entered on its due day
    today = dt.date(2027, 6, 21)
    b = board(y, today)
    assert Deadline("V", "feedback", "hb", FEEDBACK, dt.date(2027, 6, 7), dt.date(2027, 6, 20)) in b["late"]
    assert all(d.kind != "transfer" for d in b["late"])
    assert b["per_agency"]["hb"]["feedback"] == {"due": 1, "met": 0, "late": 1, "open": 0}
    assert b["per_agency"]["hb"]["transfer"] == {"due": 1, "met": 1, "late": 0, "open": 0}
    t = tally(y, today)
    assert t["feedback"] == {"due": 2, "met": 0, "late": 2}  # V's entered late, C's overdue
    assert t["transfer"] == {"due": 1, "met": 1, "late": 0}


# ---- case review drawn again ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("before", "drawn", "replaced"), [
    ([], ["A"], []),
    (["A", "B", "C"], ["B"], ["A", "C"]),
    (["C", "A"], ["D"], ["C", "A"]),  # in the earlier draw's order
    (["A"], ["A", "B"], []),
])
def test_replaced_by_redraw(before: list[str], drawn: list[str], replaced: list[str]) -> None:
    assert replaced_by_redraw(before, drawn) == replaced


def test_a_quarter_drawn_again_names_the_files_it_dropped() -> None:
    y = _year()
    _archived(y)
    y.case_reviews["2027Q2"] = ["A1", "OLD"]
    got = case_review(y, "2027Q2", dt.date(2027, 7, 2), "leader")
    dropped = [c for c in ["A1", "OLD"] if c not in got]
    assert dropped and y.case_reviews["2027Q2"] == got
    assert y.log == [{"on": "2027-07-02", "who": "leader", "action": "case_review.draw", "visit_id": "", "quarter": "2027Q2",
                      "archived": 3, "drawn": got, "replaced": dropped}]
    y.log.clear()
    assert case_review(y, "2027Q2", dt.date(2027, 7, 3), "leader") == got  # the same draw again: nothing replaced, no key
    assert "replaced" not in y.log[0] and y.log[0]["drawn"] == got and y.log[0]["archived"] == 3


# ---- open work at the year's close ------------------------------------------------------------------------------------------------

def test_open_work_counts_what_is_still_owed() -> None:
    y = _year()  # V: violation, nothing done (feedback, publish, transfer owed); C: compliant, nothing done; P: planned
    y.triggers.clear()  # the example's own trigger
    for vid, status in (("N", "notified"), ("O", "overdue"), ("X", "cancelled"), ("R", "done")):
        y.visits[vid] = visit(vid, dt.date(2027, 9, 2), E2, ("hb-140404-00", "hb-140404-03"), status=status)
    y.milestones["C"] = {"feedback": "2027-06-03"}
    # C's feedback given: its file is finished, so its archive is owed too
    assert open_work(y) == {"visits": ["N", "O", "P"], "triggers": [], "deadlines": {"feedback": 1, "transfer": 1, "archive": 1, "publish": 2}}
    assert list(open_work(y)["deadlines"]) == ["feedback", "transfer", "archive", "publish"]  # in KINDS' order
    y.milestones["V"] = {"feedback": "2027-06-03", "publish": "2027-06-04", "transfer": "2027-06-05"}
    y.milestones["C"]["publish"] = "2027-06-04"
    assert open_work(y)["deadlines"] == {"archive": 1}  # V is not finished: its transfer feedback is still to come
    t = Trigger("T1", E2, "hb", dt.date(2027, 9, 1))
    y.triggers["T1"] = t
    y.triggers["T0"] = Trigger("T0", E2, "hb", dt.date(2027, 8, 1))
    w = open_work(y)
    assert w["triggers"] == ["T0", "T1"] and list(w) == ["visits", "triggers", "deadlines"]


def test_open_work_of_a_year_with_nothing_owed() -> None:
    y = _year()
    y.triggers.clear()
    y.visits["P"].status = "cancelled"
    y.records.clear()
    assert open_work(y) == {"visits": [], "triggers": [], "deadlines": {}}
    y.records["C"] = Record("C", y.visits["C"].date, y.visits["C"].officer_ids, {"um-s": "compliant"}, None, "", "o")
    assert open_work(y)["deadlines"] == {"feedback": 1, "publish": 1}
