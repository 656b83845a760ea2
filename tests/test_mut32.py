"""mut32: the surviving mutants of this round's code (execution/replan.py's withdrawal, Year.correct_record and its
checks, api.guard.too_large), one test per gap; written by the mutation run, each checked to fail on its mutants
(docs/benchmarks.md, round 28)."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from execution import YearError
from execution.year import Caller
from tests.test_correct_record import AFTER, WHY, _recorded
from tests.test_mut15_replan import E1, D, tiny, visit

O1, O2 = "hb-140404-00", "hb-140404-01"


def test_too_large_names_the_cap_in_megabytes() -> None:
    from api.guard import too_large

    body = json.loads(too_large(3 * 2**20 + 5).body)
    assert body == {"detail": "请求过大 / request body over 3 MB", "message_zh": "请求过大", "message_en": "request body over 3 MB"}


def test_the_correction_refusals_say_what_and_where() -> None:
    y = tiny(visit("V", D, E1, (O1, O2)))
    with pytest.raises(YearError) as e:
        y.correct_record("V", {"hb-q": "compliant"}, None, "", Caller("clerk"), WHY, AFTER)
    assert (e.value.field, e.value.zh, e.value.en, e.value.rule, e.value.status) == (
        "visit_id", "检查 V 尚无记录，无可更正", "visit V has no record to correct", "R-RECORD", 404)
    y, vid = _recorded("violation")
    with pytest.raises(YearError) as e:
        y.correct_record(vid, {"hb-q": "compliant"}, None, "", Caller("clerk"), "  ", AFTER)
    assert (e.value.field, e.value.zh, e.value.en, e.value.rule) == ("reason", "更正记录须写明原因", "correcting a record needs a reason", "R-RECORD")
    with pytest.raises(YearError) as e:
        y.correct_record(vid, {"hb-q": "violation"}, D + dt.timedelta(days=30), "", Caller("clerk"), WHY, AFTER)
    assert (e.value.field, e.value.zh, e.value.en, e.value.rule) == ("outcomes", "更正没有任何改动", "the correction changes nothing", "R-RECORD")


# ---- execution/replan.py: withdraw_absence / _put_back -----------------------------------------------------------------

from execution.replan import officer_unavailable, withdraw_absence  # noqa: E402
from tests.test_mut15_replan import E2, TODAY, set_budget  # noqa: E402

OFF = "hb-140404-00"


def test_a_visit_held_first_does_not_stop_the_next_coming_back() -> None:
    v = visit("V1", D, E1, (OFF, "hb-140404-01"))
    w = visit("W1", D + dt.timedelta(days=1), E2, (OFF, "hb-140404-01"))
    y = tiny(v, w)
    officer_unavailable(y, OFF, D, D + dt.timedelta(days=1), TODAY, "planner")
    v.status = "notified"  # the first one re-plan touched has changed since: it stays
    out = withdraw_absence(y, 1, TODAY, "planner", WHY)
    assert [k["visit_id"] for k in out.kept] == ["V1"] and out.restored == ["W1"] and OFF in w.officer_ids


def test_a_visit_that_would_break_rules_names_them_in_both_languages() -> None:
    v = visit("V1", D, E1, (OFF, "hb-140404-01"))
    w = visit("W1", D + dt.timedelta(days=1), E2, (OFF, "hb-140404-01"))
    y = tiny(v, w)
    officer_unavailable(y, OFF, D, D + dt.timedelta(days=1), TODAY, "planner")
    set_budget(y, OFF, 1)  # room for one of them (R-AVAIL) ...
    y.reg.recused.add((OFF, E2))  # ... and W1's firm is one the officer must now keep away from (R-RECUSE)
    (k,) = withdraw_absence(y, 1, TODAY, "planner", WHY).kept
    assert (k["visit_id"], k["why_zh"], k["why"], k["rule"]) == (
        "W1", "恢复将违反 R-AVAIL, R-RECUSE，保持现状", "putting it back breaks R-AVAIL, R-RECUSE: it stays as it is", "R-AVAIL")


def test_the_withdrawal_summary_quotes_sixty_characters_of_the_reason() -> None:
    y = tiny(visit("V1", D, E1, (OFF, "hb-140404-01")))
    officer_unavailable(y, OFF, D, D, TODAY, "planner")
    withdraw_absence(y, 1, TODAY, "planner", "x" * 60 + "TAIL")
    assert f"原因：{'x' * 60}）" in y.versions[-1].summary and f"reason: {'x' * 60})" in y.versions[-1].summary


def test_a_withdrawal_clears_only_the_shortfalls_of_the_visits_it_puts_back() -> None:
    from tests.test_mut15_replan import _alone

    y, _v = _alone()
    today = dt.date(2027, 6, 4)  # as test_a_cancelled_visit_is_planned_again_and_its_shortfall_goes
    officer_unavailable(y, "hb-140403-03", D, None, today, "planner", kind="suspended")
    other = {"rule": "R-REPLAN", "id": "ELSEWHERE", "officer_id": "hb-140403-03"}  # the same officer's shortfall on another visit
    y.shortfalls.append(other)
    out = withdraw_absence(y, 1, today, "planner", WHY)
    assert out.restored == ["V1"] and y.shortfalls == [other]


# ---- execution/year.py: Year.correct_record ----------------------------------------------------------------------------

from execution.deadlines import complete  # noqa: E402


def test_a_correction_reopens_steps_entered_on_their_day_or_later_alike() -> None:
    y, vid = _recorded("violation")
    day = D + dt.timedelta(days=1)
    complete(y, vid, "feedback", day, "clerk", today=day)  # entered on its day: nothing in Year.entered
    assert vid not in y.entered
    assert y.correct_record(vid, {"hb-q": "minor"}, D + dt.timedelta(days=20), "", Caller("clerk"), WHY, AFTER)[1] == ["feedback"]
    y, vid = _recorded("violation")
    complete(y, vid, "feedback", day, "clerk", today=day)  # on its day
    complete(y, vid, "publish", day, "clerk", today=AFTER)  # entered late: Year.entered keeps the day it was entered
    assert y.entered[vid] == {"publish": AFTER.isoformat()}
    assert y.correct_record(vid, {"hb-q": "minor"}, D + dt.timedelta(days=20), "", Caller("clerk"), WHY, AFTER)[1] == ["feedback", "publish"]
    assert y.entered.get(vid, {}) == {}  # the late entry goes with the step it dated


def test_the_correction_is_audited_with_what_it_replaced() -> None:
    y, vid = _recorded("violation")
    complete(y, vid, "feedback", D + dt.timedelta(days=1), "clerk", today=AFTER)
    y.correct_record(vid, {"hb-q": "minor"}, D + dt.timedelta(days=20), "", Caller("clerk"), "录" * 600, AFTER)
    c, e = y.records[vid].corrections[-1], y.log[-1]
    assert c["reason"] == e["reason"] == "录" * 500
    assert e["before"] == c["before"] and e["before"]["outcomes"] == {"hb-q": "violation"} and e["retell"] == ["feedback"]


def test_each_visit_put_back_is_audited() -> None:
    y = tiny(visit("V1", D, E1, (OFF, "hb-140404-01")))
    officer_unavailable(y, OFF, D, D, TODAY, "planner")
    withdraw_absence(y, 1, TODAY, "planner2", WHY)
    (e,) = [e for e in y.log if e["visit_id"] == "V1" and e["who"] == "planner2"]
    assert e == {"on": TODAY.isoformat(), "who": "planner2", "action": "visit.restore", "visit_id": "V1", "absence": 1,
                 "reason": "撤销误登记的人员不可用，恢复原安排 / absence withdrawn: the arrangement before it is back"}


def test_what_stays_says_why_in_both_languages() -> None:
    v = visit("V1", D, E1, (OFF, "hb-140404-01"))
    y = tiny(v)
    officer_unavailable(y, OFF, D, D, TODAY, "planner")
    y.versions[-1].snapshots = {}  # as a year stored before withdrawals existed
    assert withdraw_absence(y, 1, TODAY, "planner", WHY).kept == [
        {"visit_id": "V1", "why_zh": "该次改派未保存原安排，保持现状", "why": "the re-plan kept no record of its arrangement before: it stays as it is",
         "rule": "R-REPLAN"}]
    y = tiny(visit("V1", D, E1, (OFF, "hb-140404-01")))
    officer_unavailable(y, OFF, D, D, TODAY, "planner")
    y.visits["V1"].status = "notified"  # its new notice served since
    assert withdraw_absence(y, 1, TODAY, "planner", WHY).kept == [
        {"visit_id": "V1", "why_zh": "此后已再次调整或已通知、执行，保持现状", "why": "changed, notified or done since: it stays as it is", "rule": "R-REPLAN"}]


def test_a_withdrawal_keeps_the_days_no_absence_explains_and_every_standing_leave() -> None:
    y = tiny()
    for day in (D, D + dt.timedelta(days=5), D + dt.timedelta(days=10)):
        officer_unavailable(y, OFF, day, day, TODAY, "planner")
    stray = D + dt.timedelta(days=40)
    y.extra_away[OFF].add(stray)  # a day away no entry explains (kept as it is)
    withdraw_absence(y, 3, TODAY, "planner", WHY)
    assert y.extra_away[OFF] == {D, D + dt.timedelta(days=5), stray}


def test_a_leave_from_the_day_a_suspension_began_does_not_end_it() -> None:
    y = tiny()
    officer_unavailable(y, OFF, D, None, TODAY, "planner", kind="suspended")
    officer_unavailable(y, OFF, D, D + dt.timedelta(days=2), TODAY, "planner")  # a leave from the same day
    officer_unavailable(y, OFF, D + dt.timedelta(days=20), D + dt.timedelta(days=20), TODAY, "planner")
    assert y.suspended == {OFF: D}
    withdraw_absence(y, 3, TODAY, "planner", WHY)
    assert y.suspended == {OFF: D}


def test_the_withdrawal_refusals_say_what_and_where() -> None:
    y = tiny()
    officer_unavailable(y, OFF, D, D, TODAY, "planner")
    with pytest.raises(YearError) as e:
        withdraw_absence(y, 1, TODAY, "planner", "  ")
    assert (e.value.field, e.value.zh, e.value.en) == ("reason", "撤销登记须写明原因", "withdrawing an absence needs a reason")
    with pytest.raises(YearError) as e:
        withdraw_absence(y, 2, TODAY, "planner", WHY)
    assert (e.value.field, e.value.zh, e.value.en) == ("absence", "没有第2次人员不可用登记", "no absence number 2")
    withdraw_absence(y, 1, TODAY, "planner", WHY)
    with pytest.raises(YearError) as e:
        withdraw_absence(y, 1, TODAY, "planner", WHY)
    assert (e.value.field, e.value.rule, e.value.status) == ("absence", "R-REPLAN", 409)


def test_a_frozen_visit_kept_is_named() -> None:
    v = visit("V1", D, E1, (OFF, "hb-140404-01"))
    y = tiny(v)
    officer_unavailable(y, OFF, D, D, TODAY, "planner")
    (k,) = withdraw_absence(y, 1, D + dt.timedelta(days=1), "planner", WHY).kept  # its day gone by
    assert (k["visit_id"], k["rule"]) == ("V1", "R-INSERT")


def test_a_visit_moved_out_of_the_freeze_does_not_go_back_to_its_day_on_the_freeze_edge() -> None:
    from tests.test_mut15_replan import _alone

    y, v = _alone()
    y.extra_away["hb-140403-04"] = {D - dt.timedelta(days=1)}  # the colleague away the day before: the visit moves later
    officer_unavailable(y, "hb-140403-03", D, D, TODAY, "planner")
    assert v.date > D
    today = next(D - dt.timedelta(days=i) for i in range(1, 30) if y.freeze_until(D - dt.timedelta(days=i)) == D)
    out = withdraw_absence(y, 1, today, "planner", WHY)  # its day before (D) is the last day of the freeze: it stays
    assert out.restored == [] and [k["rule"] for k in out.kept] == ["R-INSERT"] and v.date > D


def test_twice_and_a_suspensions_end_are_refused_in_words() -> None:
    y = tiny()
    officer_unavailable(y, OFF, D, D, TODAY, "planner")
    officer_unavailable(y, OFF, D + dt.timedelta(days=3), None, TODAY, "planner", kind="suspended")
    withdraw_absence(y, 1, TODAY, "planner", WHY)
    withdraw_absence(y, 2, TODAY, "planner", WHY)
    with pytest.raises(YearError) as e:
        withdraw_absence(y, 1, TODAY, "planner", WHY)
    assert (e.value.zh, e.value.en) == (f"第1次登记（{OFF} {D}–{D}）已于 {TODAY} 撤销", f"absence 1 ({OFF} {D}–{D}) was withdrawn on {TODAY}")
    with pytest.raises(YearError) as e:
        withdraw_absence(y, 2, TODAY, "planner", WHY)  # open-ended: no end day to name
    s = D + dt.timedelta(days=3)
    assert (e.value.zh, e.value.en) == (f"第2次登记（{OFF} {s}–）已于 {TODAY} 撤销", f"absence 2 ({OFF} {s}–) was withdrawn on {TODAY}")
    y = tiny()
    officer_unavailable(y, OFF, D, None, TODAY, "planner", kind="suspended")
    officer_unavailable(y, OFF, D, D + dt.timedelta(days=4), TODAY, "planner", kind="suspended")
    with pytest.raises(YearError) as e:
        withdraw_absence(y, 2, TODAY, "planner", WHY)
    assert (e.value.field, e.value.rule, e.value.status) == ("absence", "R-REPLAN", 409)
    assert e.value.zh == f"撤销第2次登记将使 {OFF} 在现可到岗的日期重新不可用（该登记为暂扣执法证确定了结束日期）：请重新登记"
    assert e.value.en == (f"withdrawing absence 2 would make {OFF} unavailable again on days they are available now "
                          "(it gave a suspension its end): enter the suspension again instead")


def test_the_withdrawal_of_an_open_suspension_is_summed_up_and_audited() -> None:
    from tests.test_mut15_replan import _alone

    y, _v = _alone()
    today = dt.date(2027, 6, 4)
    officer_unavailable(y, "hb-140403-03", D, None, today, "planner", kind="suspended")
    out = withdraw_absence(y, 1, today, "planner", "撤" * 600)
    assert (out.as_dict()["absence"], out.as_dict()["officer_id"]) == (1, "hb-140403-03")
    zh, en = y.versions[-1].summary.split(" / ")
    assert zh.startswith(f"撤销 hb-140403-03 暂扣执法证 {D}–（") and en.startswith(f"hb-140403-03 suspended {D}– withdrawn (")
    e = y.log[-1]
    assert (e["action"], e["absence"], e["officer_id"], e["restored"], e["kept"]) == ("officer.absence_withdrawn", 1, "hb-140403-03", 1, 0)
    assert e["reason"] == "撤" * 500


def test_a_name_two_officers_share_is_refused_for_the_id() -> None:
    import dataclasses

    from execution.replan import resolve_officer

    y = tiny()
    other = "hb-140404-01"
    name = y.reg.officers[OFF].name
    y.reg.officers[other] = dataclasses.replace(y.reg.officers[other], name=name)
    with pytest.raises(YearError) as e:
        resolve_officer(y, name)
    assert (e.value.field, e.value.rule, e.value.status) == ("officer_id", "R-REPLAN", 409)
    assert e.value.zh == f"姓名 {name} 对应多名执法人员（{OFF}、{other}）：请填写执法人员编号"
    assert e.value.en == f"{name} names several officers ({OFF}, {other}): give the officer id"


def test_a_visit_out_of_the_callers_scope_is_refused_in_words() -> None:
    y, vid = _recorded("compliant")
    with pytest.raises(YearError) as e:
        y.correct_record(vid, {"hb-q": "minor"}, D + dt.timedelta(days=5), "", Caller("clerk", team_id="hb-140403"), WHY, AFTER)
    assert (e.value.field, e.value.zh, e.value.en) == ("visit_id", f"检查 {vid} 不属于队伍 hb-140403", f"visit {vid} is not team hb-140403's")
    with pytest.raises(YearError) as e:
        y.correct_record(vid, {"hb-q": "minor"}, D + dt.timedelta(days=5), "", Caller("clerk", agency_id="um"), WHY, AFTER)
    assert (e.value.field, e.value.zh, e.value.en) == ("visit_id", f"检查 {vid} 不属于执法主体 um", f"visit {vid} is not agency um's")


def test_bad_outcomes_are_refused_in_words() -> None:
    from execution.year import OUTCOMES

    y, vid = _recorded("violation")

    def refusal(outcomes: dict[str, str]) -> tuple[str, str, str, str]:
        with pytest.raises(YearError) as e:
            y.correct_record(vid, outcomes, D + dt.timedelta(days=30), "", Caller("clerk"), WHY, AFTER)
        return e.value.field, e.value.zh, e.value.en, e.value.rule

    assert refusal({"hb-q": "nonsense"}) == ("outcomes", f"检查结果代码 nonsense 不存在（应为 {'/'.join(OUTCOMES)}）",
                                             f"outcome nonsense does not exist (use {', '.join(OUTCOMES)})", "R-RECORD")
    assert refusal({"hb-q": "minor", "um-s": "minor"}) == ("outcomes", "事项 um-s 不在本次检查范围内", "item um-s is not on this visit", "R-ITEM")
    assert refusal({}) == ("outcomes", "事项 hb-q 未填写检查结果：每个检查事项都须记录结果",
                           "no outcome for item(s) hb-q: every item of the visit needs its outcome", "R-RECORD")


def test_a_serious_finding_needs_its_deadline() -> None:
    y, vid = _recorded("violation")
    with pytest.raises(YearError) as e:
        y.correct_record(vid, {"hb-q": "serious"}, None, "", Caller("clerk"), WHY, AFTER)
    assert (e.value.field, e.value.rule) == ("rectify_by", "R-RECORD")
