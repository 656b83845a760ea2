"""Mutation survivors of this session's changes to recording a visit (Year.record: every item needs an outcome; R-PAIR
names each officer who does not count and why, Year._not_counted), holding a trigger no slot can take (insert.hold)
and a leave without its end (replan.officer_unavailable). The spec's example bureau, visits placed by hand, no solve."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from execution import YearError
from execution.insert import binding, hold
from execution.replan import officer_unavailable
from execution.year import Caller, Trigger, Year
from tests.test_mut15_replan import E1, E2, E403, TODAY, D, books, example, fresh_books, set_cap, tiny, visit

O1, O2, OTHER = "hb-140404-00", "hb-140404-01", "hb-140403-03"  # O1, O2: team hb-140404; OTHER: team hb-140403
PAIR_ZH = "长治市住房和城乡建设局 到场的持证执法人员不足 2 名（须为本队、当日持证有效、无回避）"  # the agency by name (walk46 G11)
PAIR_EN = "hb: fewer than 2 certified officers of the visit's team present (valid certificate, no recusal)"


# ---- Year.record: an outcome for every item ---------------------------------------------------------------------------------

def _joint():  # type: ignore[no-untyped-def]
    v = visit("J", D, E403, ("hb-140403-03", "hb-140403-04", "um-140403-00", "um-140403-01"), agencies=("hb", "um"))
    return tiny(v), v


def test_every_item_of_the_visit_needs_its_outcome() -> None:
    y, v = _joint()
    assert v.item_ids == ("hb-q", "um-s")
    for outcomes, missing in (({"hb-q": "compliant"}, "um-s"), ({"um-s": "minor"}, "hb-q"), ({}, "hb-q、um-s")):
        with pytest.raises(YearError) as e:
            y.record("J", D, list(v.officer_ids), outcomes, Caller("clerk"), today=D)
        assert (e.value.field, e.value.rule, e.value.status) == ("outcomes", "R-RECORD", 422)
        assert e.value.zh == f"事项 {missing} 未填写检查结果：每个检查事项都须记录结果"
        assert e.value.en == f"no outcome for item(s) {missing.replace('、', ', ')}: every item of the visit needs its outcome"
        assert y.records == {} and v.status == "planned" and y.log == []
    rec = y.record("J", D, list(v.officer_ids), {"hb-q": "compliant", "um-s": "minor"}, Caller("clerk"), rectify_by=None, today=D)
    assert rec.outcomes == {"hb-q": "compliant", "um-s": "minor"} and v.status == "done"


def test_an_item_not_on_the_visit_is_refused_before_a_missing_one() -> None:
    y, v = _joint()
    with pytest.raises(YearError) as e:
        y.record("J", D, list(v.officer_ids), {"hb-m": "compliant"}, Caller("clerk"), today=D)
    assert (e.value.field, e.value.rule, e.value.zh, e.value.en) == ("outcomes", "R-ITEM", "事项 hb-m 不在本次检查范围内", "item hb-m is not on this visit")


# ---- Year.record: each officer who does not count, and why ------------------------------------------------------------------

def _one():  # type: ignore[no-untyped-def]
    v = visit("V", D, E1, (O1, O2))
    y = tiny(v)
    return y, v


def _refused(y, officers: list[str]) -> YearError:  # type: ignore[no-untyped-def]
    with pytest.raises(YearError) as e:
        y.record("V", D, officers, {"hb-q": "compliant"}, Caller("clerk"), today=D)
    assert (e.value.field, e.value.rule, e.value.status) == ("officer_ids", "R-PAIR", 422)
    assert y.records == {} and y.log == []
    return e.value


def _named(y, o: str) -> str:  # type: ignore[no-untyped-def]
    return y.reg.officers[o].name or o


@pytest.mark.parametrize(("why", "zh", "en"), [
    ("away", "2027-06-15 不可用（请假、培训等）", "is away on 2027-06-15 (leave, training …)"),
    ("suspended", "2027-06-15 执法证无效或已暂停", "holds no valid certificate on 2027-06-15 (expired or suspended)"),
    ("recused", "须回避该企业", "is recused from this enterprise"),
])
def test_an_officer_who_does_not_count_is_named_with_the_reason(why: str, zh: str, en: str) -> None:
    y, _v = _one()
    if why == "away":
        y.extra_away[O2] = {D}
    elif why == "suspended":
        y.suspended[O2] = D
    else:
        y.reg.recused.add((O2, E1))
    e = _refused(y, [O1, O2])
    n = _named(y, O2)
    assert e.zh == f"{PAIR_ZH}；{n}（{O2}）{zh}" and e.en == f"{PAIR_EN}; {n} ({O2}) {en}"


def test_an_officer_of_another_team_and_one_away_are_both_named_in_the_order_given() -> None:
    y, _v = _one()
    y.extra_away[O1] = {D}
    e = _refused(y, [OTHER, O1, O2])
    a, b = _named(y, OTHER), _named(y, O1)
    assert e.zh == f"{PAIR_ZH}；{a}（{OTHER}）不属于本次检查的执法队伍；{b}（{O1}）2027-06-15 不可用（请假、培训等）"
    assert e.en == f"{PAIR_EN}; {a} ({OTHER}) is not of the visit's team; {b} ({O1}) is away on 2027-06-15 (leave, training …)"


def test_too_few_named_with_nobody_who_does_not_count_says_only_the_rule() -> None:
    y, _v = _one()
    e = _refused(y, [O1])
    assert (e.zh, e.en) == (PAIR_ZH, PAIR_EN)


def test_the_reasons_in_order_where_several_hold() -> None:
    """Another team's officer who is also away is named for the team; one away and suspended, for being away; one
    suspended and recused, for the certificate."""
    y, v = _one()
    assert y._not_counted(O1, "hb", v, D) is None
    y.extra_away[OTHER] = {D}
    assert y._not_counted(OTHER, "hb", v, D) == ("不属于本次检查的执法队伍", "is not of the visit's team")
    y.extra_away[O1] = {D}
    y.suspended[O1] = D
    assert y._not_counted(O1, "hb", v, D)[1] == "is away on 2027-06-15 (leave, training …)"  # type: ignore[index]
    y.suspended[O2] = D
    y.reg.recused.add((O2, E1))
    assert y._not_counted(O2, "hb", v, D)[1] == "holds no valid certificate on 2027-06-15 (expired or suspended)"  # type: ignore[index]
    assert y._not_counted(O2, "hb", v, D - dt.timedelta(days=1)) == ("须回避该企业", "is recused from this enterprise")


def test_a_pair_who_count_is_recorded() -> None:
    y, _v = _one()
    y.extra_away[O2] = {D + dt.timedelta(days=1)}  # away another day
    y.reg.recused.add((O2, E403))  # recused from another firm
    rec = y.record("V", D, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=D)
    assert rec.officer_ids == (O1, O2) and rec.notes == "" and rec.rectify_by is None and not rec.late


# ---- insert.hold ----------------------------------------------------------------------------------------------------------------

T = Trigger("T9", E1, "hb", dt.date(2027, 5, 7), "complaint", urgent=True)


def _full():  # type: ignore[no-untyped-def]
    y = tiny()
    y.triggers.clear()
    for team in y.reg.teams_for("hb", "140404"):
        set_cap(y, team, 0)
    return y


def test_hold_keeps_a_trigger_no_slot_can_take_and_says_why() -> None:
    y = _full()
    why = binding(y, T, TODAY)
    assert hold(y, T, TODAY, "planner") == why
    assert why[0].endswith("：队伍当日检查量已满且无可调整的检查") and why[1].endswith("team-days full with nothing movable")
    assert y.triggers == {"T9": T} and [t.trigger_id for t in y.open_triggers()] == ["T9"]
    assert y.log == [{"on": TODAY.isoformat(), "who": "planner", "action": "trigger.hold", "visit_id": "", "trigger_id": "T9",
                      "enterprise_id": E1, "agency_id": "hb", "received_on": "2027-05-07", "kind": "complaint", "urgent": True,
                      "why": why[1], "why_zh": why[0]}]
    with pytest.raises(YearError) as e:
        hold(y, T, TODAY, "planner")
    assert (e.value.field, e.value.rule, e.value.status, e.value.zh, e.value.en) == (
        "trigger_id", "R-TRIGGER", 409, "线索 T9 已登记", "trigger T9 is already held")
    assert len(y.log) == 1


def test_hold_is_refused_where_a_slot_exists() -> None:
    y = tiny()
    y.triggers.clear()
    with pytest.raises(YearError) as e:
        hold(y, T, TODAY, "planner")
    assert (e.value.field, e.value.rule, e.value.status, e.value.zh, e.value.en) == (
        "trigger_id", "R-INSERT", 409, "该线索仍有可安排的时段，请插入检查", "a slot exists for this trigger: insert its visit")
    assert y.triggers == {} and y.log == []


def test_hold_checks_the_trigger_and_the_plan_first() -> None:
    y = _full()
    with pytest.raises(YearError) as e:
        hold(y, Trigger("T9", "nobody", "hb", dt.date(2027, 5, 7)), TODAY, "planner")
    assert e.value.field == "enterprise_id" and y.triggers == {}
    with pytest.raises(YearError) as e:
        hold(y, Trigger("T9", E1, "hb", TODAY + dt.timedelta(days=1)), TODAY, "planner")
    assert e.value.field == "received_on" and y.triggers == {}
    y.plan_state = "submitted"
    with pytest.raises(YearError) as e:
        hold(y, T, TODAY, "planner")
    assert e.value.rule == "R-APPROVE" and y.triggers == {} and y.log == []


# ---- replan: a leave without its end ---------------------------------------------------------------------------------------------

def test_a_leave_without_an_end_is_refused_naming_the_field_and_nothing_changes() -> None:
    v = visit("V1", D, E1, (O1, O2))
    y = tiny(v)
    with pytest.raises(YearError) as e:
        officer_unavailable(y, O1, D, None, TODAY, "planner", kind="leave")
    assert (e.value.field, e.value.rule, e.value.status, e.value.zh, e.value.en) == (
        "end_on", "R-REPLAN", 422, "请假须填写结束日期", "a leave needs its end date")
    assert y.extra_away == {} and y.suspended == {} and y.log == [] and len(y.versions) == 1 and v.officer_ids == (O1, O2)
    # a leave refused for its end before its dates are looked at
    with pytest.raises(YearError) as e:
        officer_unavailable(y, O1, dt.date(2026, 1, 5), None, TODAY, "planner")
    assert e.value.field == "end_on"


def test_a_notified_joint_visit_that_loses_an_agency_says_its_notice_is_void() -> None:
    v = visit("J", D, E403, ("hb-140403-03", "hb-140403-04", "um-140403-00", "um-140403-01"), agencies=("hb", "um"), status="notified")
    y = tiny(v)
    set_cap(y, "hb-140400", 0)
    officer_unavailable(y, "hb-140403-04", D, D, TODAY, "planner")
    acts = [(e["action"], e["on"], e["who"]) for e in y.log if e.get("visit_id") == "J"]
    assert acts == [("visit.drop_agency", TODAY.isoformat(), "planner"), ("visit.notice_void", TODAY.isoformat(), "planner")]


# ---- Year.record: the other refusals, each storing nothing --------------------------------------------------------------------

@pytest.mark.parametrize(("case", "field", "rule", "status", "zh", "en"), [
    ("team", "visit_id", "R-TEAM", 403, "检查 V 不属于队伍 hb-140403", "visit V is not team hb-140403's"),
    ("agency", "visit_id", "R-TEAM", 403, "检查 V 不属于执法主体 um", "visit V is not agency um's"),
    ("cancelled", "visit_id", "R-RECORD", 409, "检查 V 已取消", "visit V was cancelled"),
    ("year", "date", "R-RECORD", 422, "日期 2028-06-15 不在计划年度 2027 内", "date 2028-06-15 is outside the plan year 2027"),
    ("future", "date", "R-RECORD", 422, "不能记录未来日期 2027-06-15", "cannot record a future date 2027-06-15"),
    ("code", "outcomes", "R-RECORD", 422, "检查结果代码 fine 不存在（应为 compliant/minor/violation/serious）",
     "outcome fine does not exist (use compliant, minor, violation, serious)"),
    ("officer", "officer_ids", "R-PAIR", 422, "没有执法人员 nobody", "no officer nobody"),
    ("twice", "officer_ids", "R-PAIR", 422, f"执法人员 {O1} 重复填写：两名执法人员须为不同的人", f"officer {O1} is named twice: the pair are two people"),
    ("no deadline", "rectify_by", "R-RECORD", 422, "发现违法违规问题须填写整改期限", "a violation needs a rectification deadline"),
    ("serious, no deadline", "rectify_by", "R-RECORD", 422, "发现违法违规问题须填写整改期限", "a violation needs a rectification deadline"),
    ("deadline today", "rectify_by", "R-RECORD", 422, "整改期限 2027-06-15 应晚于检查日期 2027-06-15",
     "rectification deadline 2027-06-15 must be after 2027-06-15"),
    ("deadline far", "rectify_by", "R-RECORD", 422, "整改期限 2028-06-15 超过检查日期后365天",
     "rectification deadline 2028-06-15 is more than 365 days after 2027-06-15"),
])
def test_record_refuses_and_stores_nothing(case: str, field: str, rule: str, status: int, zh: str, en: str) -> None:
    y, v = _one()
    on, officers, outcomes, caller, rectify_by, today = D, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), None, D
    if case == "team":
        caller = Caller("clerk", team_id="hb-140403")
    elif case == "agency":
        caller = Caller("clerk", agency_id="um")
    elif case == "cancelled":
        v.status = "cancelled"
    elif case == "year":
        on = dt.date(2028, 6, 15)
    elif case == "future":
        today = D - dt.timedelta(days=1)
    elif case == "code":
        outcomes = {"hb-q": "fine"}
    elif case == "officer":
        officers = [O1, "nobody"]
    elif case == "twice":
        officers = [O1, O1]
    elif case == "no deadline":
        outcomes = {"hb-q": "violation"}
    elif case == "serious, no deadline":
        outcomes = {"hb-q": "serious"}
    elif case == "deadline today":
        outcomes, rectify_by = {"hb-q": "violation"}, D
    else:
        outcomes, rectify_by = {"hb-q": "serious"}, dt.date(2028, 6, 15)
    with pytest.raises(YearError) as e:
        y.record("V", on, officers, outcomes, caller, rectify_by=rectify_by, today=today)
    assert (e.value.field, e.value.rule, e.value.status, e.value.zh, e.value.en) == (field, rule, status, zh, en)
    assert y.records == {} and y.log == [] and v.status == ("cancelled" if case == "cancelled" else "planned")
    # the books as they were (a visit cancelled by hand here was booked before it was: no fresh year to compare with)
    assert v.date == D and v.officer_ids == (O1, O2) and (case == "cancelled" or books(y) == fresh_books(y))


def test_record_stores_the_record_and_logs_it() -> None:
    y, v = _one()
    v.status = "overdue"
    rec = y.record("V", D, [O1, O2], {"hb-q": "violation"}, Caller("clerk", agency_id="hb", team_id="hb-140404"),
                   rectify_by=dt.date(2028, 6, 14), notes="  seen  ", today=dt.date(2027, 6, 20))
    assert (rec.visit_id, rec.date, rec.officer_ids, rec.outcomes, rec.rectify_by, rec.notes, rec.recorded_by, rec.late) == (
        "V", D, (O1, O2), {"hb-q": "violation"}, dt.date(2028, 6, 14), "seen", "clerk", True)
    assert y.records == {"V": rec} and v.status == "done"
    # the record whole in the trail (walk42 F4): its day, deadline, notes and lateness beside outcomes and officers
    assert y.log == [{"on": "2027-06-20", "who": "clerk", "action": "visit.record", "visit_id": "V", "date": D.isoformat(),
                      "outcomes": {"hb-q": "violation"}, "officers": [O1, O2], "rectify_by": "2028-06-14", "notes": "seen", "late": True}]
    with pytest.raises(YearError) as e:
        y.record("V", D, [O1, O2], {"hb-q": "violation"}, Caller("clerk"), rectify_by=dt.date(2027, 7, 1))
    assert (e.value.field, e.value.rule, e.value.status, e.value.en) == ("visit_id", "R-RECORD", 409, "visit V is already recorded")
    assert e.value.zh == "检查 V 已有记录，不能重复记录"


# ---- a visit done on another day than planned 改期执行 (walk15 #15) ------------------------------------------------------------

def test_a_visit_done_on_another_day_is_recorded_on_its_true_day_and_moved_there() -> None:
    """R-RECORD records the day the visit was done. Planned for 15 June, done on 16 June: recorded on the 16th, the visit
    moved there (the officers' day counts follow), the planned day kept on the record and in the audit; recorded the
    same day, it is not late."""
    y, v = _one()
    on = D + dt.timedelta(days=1)
    rec = y.record("V", on, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=on)
    assert (rec.date, rec.planned_on, rec.late, v.date, v.status) == (on, D, False, on, "done")
    assert y.officer_day[(O1, on)] == 1 and y.officer_day[(O1, D)] == 0 and books(y) == fresh_books(y)
    assert [(e["action"], e.get("from"), e.get("to")) for e in y.log] == [("visit.moved", "2027-06-15", "2027-06-16"),
                                                                          ("visit.record", None, None)]
    # the service's store keeps the planned day (Year.dump / Year.load)
    z = Year.load(example(), json.loads(json.dumps(y.dump())))
    assert (z.records["V"].planned_on, z.visits["V"].date) == (D, on)
    # recorded a day after the day it was done: late (R-RECORD: by the end of its day)
    y, v = _one()
    assert y.record("V", on, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=on + dt.timedelta(days=1)).late is True


def test_a_visit_done_on_another_day_that_breaks_a_planning_rule_is_recorded_with_the_breach() -> None:
    """A record states what happened (R-RECORD): done on a day the firm had another visit (R-JOINT), on a Saturday
    (R-WORKDAY) or after a trigger's window (R-TRIGGER), it is recorded on that day with the rules it breaks (the
    record, the audit), not refused — a refusal would leave the visit overdue for ever (review16)."""
    on = D + dt.timedelta(days=1)
    v, w = visit("V", D, E1, (O1, O2)), visit("W", on, E1, ("um-140403-00", "um-140403-01"), agencies=("um",))
    y = tiny(v, w)
    rec = y.record("V", on, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=on)
    assert rec.breaches == ("R-JOINT",) and v.date == on and books(y) == fresh_books(y)
    assert y.log[0]["breaches"] == ["R-JOINT"] and y.log[0]["notified"] is False
    assert y.log[1]["conflicts"] == ["W"] and [c["visit_id"] for c in y.conflicts()] == ["W"]  # W, still planned that day (fuzz30)
    y, v = _one()
    sat = dt.date(2027, 6, 19)
    assert y.record("V", sat, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=sat).breaches == ("R-WORKDAY",)
    y, v = _one()
    y.triggers["T"] = Trigger("T", E1, "hb", D - dt.timedelta(days=7), "complaint", False)
    v.basis, v.trigger_id = "triggered", "T"
    late = y.reg.add_workdays(y.window(v)[1], 1)
    assert "R-TRIGGER" in y.record("V", late, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=late).breaches


def test_a_visit_done_on_another_day_is_refused_where_r_pair_fails_that_day() -> None:
    """R-PAIR holds on the day (R-RECORD): an officer on leave that day does not count, so the record is refused,
    nothing stored, the visit still on its planned day."""
    on = D + dt.timedelta(days=1)
    y = tiny(visit("V", D, E2, (O1, O2)))
    y.reg.away = {O1: {on}}
    with pytest.raises(YearError) as e:
        y.record("V", on, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=on)
    assert e.value.rule == "R-PAIR" and y.records == {} and y.log == [] and y.visits["V"].date == D and books(y) == fresh_books(y)


def test_a_notified_visit_done_late_on_another_day_says_it_was_notified() -> None:
    """A notified visit turns overdue once its day passes: the audit still says a notice was served (review16)."""
    y, v = _one()
    y.notify_week(None, D - dt.timedelta(days=1), "clerk")
    y.mark_overdue(D + dt.timedelta(days=1))
    assert v.status == "overdue"
    on = D + dt.timedelta(days=1)
    y.record("V", on, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=on)
    assert next(e for e in y.log if e["action"] == "visit.moved")["notified"] is True


# ---- a trigger's firm typed by name (walk15 #24) -----------------------------------------------------------------------------

def test_a_trigger_names_its_firm_by_credit_code_or_name() -> None:
    """A complaint arrives with a name: the insertion takes the credit code in any case, the full name, or a part only
    one firm's name holds; namesakes are refused with each code; nothing found says what to type. Nothing is stored."""
    from execution.insert import resolve_enterprise

    y, _ = _one()
    triggers = dict(y.triggers)
    name = str(y.reg.enterprises[E1]["name"])
    assert resolve_enterprise(y, E1.lower()) == E1 and resolve_enterprise(y, f" {name} ") == E1
    unique = next(name[:k] for k in range(4, len(name) + 1)
                  if sum(name[:k] in str(r["name"]) for r in y.reg.enterprises.values()) == 1)
    assert resolve_enterprise(y, unique) == E1
    y.reg.enterprises[E2] = {**y.reg.enterprises[E2], "name": name}  # a namesake
    with pytest.raises(YearError) as e:
        resolve_enterprise(y, name)
    assert e.value.field == "enterprise_id" and e.value.rule == "R-BASIS" and E1 in e.value.zh and E2 in e.value.zh
    assert "请填写统一社会信用代码" in e.value.zh and "type the credit code" in e.value.en
    with pytest.raises(YearError) as e:
        resolve_enterprise(y, "没有这家公司")
    assert "请填写统一社会信用代码、企业全称或名称中至少4个字" in e.value.zh and y.log == [] and y.triggers == triggers
    # three characters of a name are not enough to bind a legal act, even where only one firm's name holds them
    with pytest.raises(YearError) as e:
        resolve_enterprise(y, name[:3])
    assert "至少4个字" in e.value.zh


def test_the_board_lists_visits_done_on_another_day_with_what_that_day_breaks() -> None:
    """改期执行 on the leader's board: the visit, its planned and true day, the planning rules broken (none, here R-JOINT)."""
    from execution.deadlines import board

    on = D + dt.timedelta(days=1)
    v, w = visit("V", D, E1, (O1, O2)), visit("W", on, E1, ("um-140403-00", "um-140403-01"), agencies=("um",))
    y = tiny(v, w, visit("X", D, E2, ("hb-140404-03", O2)))
    assert board(y, on)["off_day"] == []
    y.record("V", on, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=on)
    y.record("X", D, ["hb-140404-03", O2], {"hb-q": "compliant"}, Caller("clerk"), today=D)  # on its day: not listed
    assert board(y, on)["off_day"] == [{"visit_id": "V", "planned_on": "2027-06-15", "date": "2027-06-16", "breaches": ["R-JOINT"]}]
    assert board(y, on, agency="um")["off_day"] == []  # an agency's board lists its own visits
    # W, um's visit still planned on the day V was done, is named on um's board, not on hb's (fuzz30)
    assert [c["visit_id"] for c in board(y, on, agency="um")["conflicts"]] == ["W"] and board(y, on, agency="hb")["conflicts"] == []


def test_conflicts_name_only_a_clash_with_a_record_on_another_day() -> None:
    """Year.conflicts (fuzz30, review30): a visit still to be made — overdue included — is named only for the R-JOINT /
    R-GAP clash with a visit recorded on another day, with that record; a rule it breaks on its own is not blamed on
    the record."""
    on = D + dt.timedelta(days=1)
    far = D + dt.timedelta(days=200)
    v = visit("V", D, E1, (O1, O2))
    w = visit("W", far, E1, ("um-140403-00", "um-140403-01"), agencies=("um",))  # R-TEAM on its own, 200 days away
    x = visit("X", on, E1, ("um-140403-00", "um-140403-01"), agencies=("um",))
    y = tiny(v, w, x)
    x.status = "overdue"  # its day passed unrecorded: still to be made
    assert "R-TEAM" in y.lawful(w) and y.conflicts() == []
    y.record("V", on, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=on)
    assert y.conflicts() == [{"visit_id": "X", "date": on.isoformat(), "rules": ["R-JOINT"], "records": ["V"],
                              "by_record": [{"record": "V", "date": on.isoformat(), "rules": ["R-JOINT"]}]}]
    x.status = "cancelled"
    assert y.conflicts() == []
