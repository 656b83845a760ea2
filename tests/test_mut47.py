"""mut47: mutation round on round 42's code (0b06636~1..d0ec01d) — the firms entered during the year
(execution.newfirm), batch approval (Year.approve_versions / approvable), the follow-up's window after its
rectification deadline, next year's bundle (departed officers, new firms, `rectify_by`) and the risk model's
`unrectified`. Tests for the mutants the existing tests let live (bench/mut47.md); no CP-SAT solve: conftest's
`tiny_year` (the tiny bureau's greedy plan) and the example bundle's hand-made years of test_mut15_history."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from test_mut15_history import _year
from test_mut15_replan import example, tiny
from test_round42 import _a_district, _new_code, _with_deadlines

from bundle import Bundle, load_bundle
from bundle.creditcode import problem
from bundle.schema import SECTOR_ZH, SIZE_ZH, allowed
from execution import Year, YearError
from execution.newfirm import NAME_MAX, add_enterprise, withdraw_enterprise

TODAY = dt.date(2027, 3, 1)


def _refused(call: Any, *args: Any, **kw: Any) -> tuple[str, str, str, str, int]:
    """The whole refusal — field, both languages' words, rule and HTTP status — of a call that must be refused."""
    with pytest.raises(YearError) as e:
        call(*args, **kw)
    return e.value.field, e.value.zh, e.value.en, e.value.rule, e.value.status


# ---- execution.newfirm: a firm the register lacks, entered during the year (R-BASIS) ----------------------------------
# the example bureau's year with no visit (test_mut15_replan's `tiny`): its register, teams and districts are all these need
def _good(y: Year, **change: Any) -> dict[str, Any]:
    return {"enterprise_id": _new_code(), "name": "新设燃气公司", "district_code": _a_district(y), "sector": "gas", "size": "small",
            **change}


def test_r_basis_each_refusal_of_a_new_firm_says_its_column_in_both_languages() -> None:
    """The refusals the board shows beside the field: each one's words, rule and status (the existing tests read only
    the field and the status), and nothing entered."""
    y = tiny()
    good = _good(y)
    wrong = good["enterprise_id"][:-1] + ("0" if good["enterprise_id"][-1] != "0" else "1")
    why = problem(wrong)
    assert why is not None
    assert _refused(add_enterprise, y, {**good, "enterprise_id": wrong}, TODAY, "planner") == ("enterprise_id", why[0], why[1], "R-BASIS", 422)
    why = problem("")
    assert why is not None and "0" in why[0]
    assert _refused(add_enterprise, y, {**good, "enterprise_id": None}, TODAY, "planner") == ("enterprise_id", why[0], why[1], "R-BASIS", 422)
    assert _refused(add_enterprise, y, {**good, "name": None}, TODAY, "planner")[0] == "name"  # a form without the field
    known = sorted(y.reg.enterprises)[0]
    firm = y.reg.firm(known)
    assert _refused(add_enterprise, y, {**good, "enterprise_id": known}, TODAY, "planner") == (
        "enterprise_id", f"{firm} 已在检查对象名录中", f"{firm} is in the register already", "R-BASIS", 409)
    assert _refused(add_enterprise, y, {**good, "name": " \t "}, TODAY, "planner") == (
        "name", f"请填写企业名称（不超过{NAME_MAX}字）", f"give the firm's name (at most {NAME_MAX} characters)", "R-BASIS", 422)
    assert _refused(add_enterprise, y, {**good, "district_code": " 1404 "}, TODAY, "planner") == (
        "district_code", "行政区划代码应为6位数字，实际“1404”", "district_code must be 6 digits, got '1404'", "R-BASIS", 422)
    districts = sorted({e["district_code"] for e in y.reg.enterprises.values()} | {t.district_code for t in y.reg.teams.values()})
    assert _refused(add_enterprise, y, {**good, "district_code": "990101"}, TODAY, "planner") == (
        "district_code", f"行政区划代码 990101 不是本单位名录或执法队伍所在的区县（{'、'.join(districts)}）",
        f"district_code 990101 is none of the register's or the teams' districts ({', '.join(districts)})", "R-BASIS", 422)
    zh, en = allowed(tuple(SECTOR_ZH))
    assert _refused(add_enterprise, y, {**good, "sector": " 餐饮 "}, TODAY, "planner") == (
        "sector", f"sector 应为 {zh}，实际“餐饮”", f"sector must be one of {en}, got '餐饮'", "R-BASIS", 422)
    zh, en = allowed(tuple(SIZE_ZH))
    assert _refused(add_enterprise, y, {**good, "size": "燃气经营"}, TODAY, "planner") == (  # a label of another column
        "size", f"size 应为 {zh}，实际“燃气经营”", f"size must be one of {en}, got '燃气经营'", "R-BASIS", 422)
    assert _refused(add_enterprise, y, {**good, "size": None}, TODAY, "planner") == (  # a form without the field
        "size", f"size 应为 {zh}，实际“”", f"size must be one of {en}, got ''", "R-BASIS", 422)
    zh, en = allowed(tuple(SECTOR_ZH))
    assert _refused(add_enterprise, y, {**good, "sector": None}, TODAY, "planner")[1:3] == (f"sector 应为 {zh}，实际“”", f"sector must be one of {en}, got ''")
    assert y.added == {} and not [e for e in y.log if e["action"] == "enterprise.add"]


def test_r_team_a_district_of_the_register_that_no_team_works_in_is_refused() -> None:
    """R-TEAM: every district of the example bureau has a team; a registered firm in a district none serves makes the
    district known, and a new firm there could never be staffed."""
    y = tiny()
    some = sorted(y.reg.enterprises)[0]
    y.reg.enterprises["X"] = {**y.reg.enterprises[some], "district_code": "150101"}
    assert _refused(add_enterprise, y, _good(y, district_code="150101"), TODAY, "planner") == (
        "district_code", "没有执法队伍负责区县 150101（R-TEAM），该企业无法安排检查",
        "no team works in district 150101 (R-TEAM): no visit to the firm could be staffed", "R-TEAM", 422)
    assert y.added == {}


def test_r_basis_a_new_firms_row_as_enterprises_csv_holds_it() -> None:
    """The row entered: the code upper-cased and trimmed, the name's spaces folded, a name of exactly NAME_MAX
    characters taken and one more refused, the district trimmed, sector and size by their labels, the address folded
    and cut at NAME_MAX, who and when; and the audit entry."""
    y = tiny()
    district = _a_district(y)
    long = "长" * NAME_MAX
    assert _refused(add_enterprise, y, _good(y, name=long + "司"), TODAY, "planner")[0] == "name"
    row = add_enterprise(y, {"enterprise_id": f"  {_new_code().lower()} ", "name": long, "district_code": f" {district} ",
                             "sector": " 燃气经营 ", "size": "中型", "address": "  长治市\n潞州区  " + "路" * NAME_MAX}, TODAY, "clerk")
    code = _new_code()
    assert row == {"enterprise_id": code, "name": long, "district_code": district, "sector": "gas", "size": "medium",
                   "address": ("长治市 潞州区 " + "路" * NAME_MAX)[:NAME_MAX], "remote_monitoring": "false",
                   "entered_on": "2027-03-01", "entered_by": "clerk"}
    assert y.added == {code: row}
    assert y.reg.enterprises[code] == {"name": long, "district_code": district, "sector": "gas", "address": row["address"]}
    assert y.log[-1] == {"on": "2027-03-01", "who": "clerk", "action": "enterprise.add", "visit_id": "", "enterprise_id": code,
                         "name": long, "district_code": district, "sector": "gas", "size": "medium"}


@pytest.mark.parametrize(("given", "remote"), [(True, "true"), ("true", "true"), ("True", "true"), ("是", "true"), ("1", "true"),
                                                ("on", "true"), (False, "false"), ("false", "false"), ("否", "false"), ("0", "false"),
                                                (None, "false")])
def test_r_basis_remote_monitoring_from_a_form_a_json_body_or_a_cell(given: object, remote: str) -> None:
    """The board's checkbox ("on"), JSON's true, and a cell's true/True/是/1 all read as true; anything else false."""
    y = tiny()
    assert add_enterprise(y, _good(y, remote_monitoring=given), TODAY, "planner")["remote_monitoring"] == remote


def test_r_basis_withdrawing_a_new_firm_refused_in_both_languages_and_audited() -> None:
    y = tiny()
    code = _new_code()
    other = sorted(y.reg.enterprises)[0]
    assert _refused(withdraw_enterprise, y, f" {other.lower()} ", TODAY, "planner", "x") == (
        "enterprise_id", f"{other} 不是本年新增的检查对象", f"{other} is not a firm entered this year", "R-BASIS", 404)
    add_enterprise(y, _good(y, name="错名公司"), TODAY, "planner")
    assert _refused(withdraw_enterprise, y, code, TODAY, "planner", " \n") == (
        "reason", "撤销登记须写明原因", "withdrawing an entry needs a reason", "R-BASIS", 422)
    assert code in y.added and code in y.reg.enterprises
    row = withdraw_enterprise(y, f" {code.lower()} ", TODAY, "clerk", "  " + "误" * 600 + " ")
    assert row["name"] == "错名公司" and code not in y.added and code not in y.reg.enterprises
    assert y.log[-1] == {"on": "2027-03-01", "who": "clerk", "action": "enterprise.withdraw", "visit_id": "", "enterprise_id": code,
                         "name": "错名公司", "reason": "误" * 500}


def test_r_basis_a_new_firm_named_by_triggers_lists_the_first_five_in_order() -> None:
    """The 409 names what holds the firm — its triggers and visits, sorted, the first five — in both languages."""
    from execution.year import Trigger

    y = tiny()
    code = _new_code()
    add_enterprise(y, _good(y, name="有线索公司"), TODAY, "planner")
    for tid in ("T6", "T2", "T4", "T1", "T3", "T5"):
        y.triggers[tid] = Trigger(tid, code, "hb", TODAY, "complaint")
    assert _refused(withdraw_enterprise, y, code, TODAY, "planner", "误录") == (
        "enterprise_id", f"有线索公司（{code}）已有线索或检查（T1、T2、T3、T4、T5），不能撤销登记",
        f"有线索公司 ({code}) is named by a trigger or visit (T1, T2, T3, T4, T5): it cannot be withdrawn", "R-BASIS", 409)
    assert code in y.added


# ---- batch approval (R-APPROVE) ------------------------------------------------------------------------------------------
def _changes(y: Year, n: int, who: str = "planner") -> list[int]:
    """`n` in-year changes waiting for approval (Year.new_version, as an insertion or a move makes them), made by `who`."""
    return [y.new_version("move", f"改期{i}", [{"action": "move", "visit_id": vid}], TODAY, who=who).number
            for i, vid in enumerate(["A", "Z", "M", "N"][:n])]


def test_r_approve_a_batch_refused_in_words_the_comment_after_the_choice() -> None:
    """An empty batch, and a batch without the comment the service asks for: refused in both languages; a wrong choice
    is named before the missing comment; without `need_comment` an empty comment approves."""
    y = _year()
    a, b = _changes(y, 2)
    assert _refused(y.approve_versions, [], "leader", TODAY, "同意") == (
        "numbers", "请勾选要批准的年内调整", "tick the in-year changes to approve", "R-APPROVE", 422)
    assert _refused(y.approve_versions, [a, b], "leader", TODAY, " \n ", need_comment=True) == (
        "comment", "批准须填写审批意见（R-APPROVE）", "an approval needs the leader's comment (R-APPROVE)", "R-APPROVE", 422)
    assert _refused(y.approve_versions, [a, b], "planner", TODAY, "", need_comment=True)[4] == 403  # the choice first
    assert [y.versions[n - 1].state for n in (a, b)] == ["submitted", "submitted"]
    got = y.approve_versions([b, a], "leader", dt.date(2027, 3, 2), "")
    assert [(v.number, v.state, v.approved_by, v.approved_on, v.comment) for v in got] == [
        (a, "approved", "leader", "2027-03-02", ""), (b, "approved", "leader", "2027-03-02", "")]


def test_r_approve_what_may_not_be_approved_is_said_in_words() -> None:
    """approvable: no such change (404), one decided already (409), one's own (403): each in both languages."""
    y = _year()
    a, b = _changes(y, 2)
    own = _changes(y, 1, who="leader")[0]
    n = len(y.versions)
    assert _refused(y.approvable, n + 1, "leader") == ("version", f"没有版本 {n + 1}", f"no version {n + 1}", "", 404)
    assert _refused(y.approvable, 0, "leader")[4] == 404
    assert y.approvable(n, "someone") is y.versions[n - 1]  # the last one is there
    change = y.versions[own - 1].in_year_change
    assert _refused(y.approvable, own, "leader") == (
        "version", f"年内调整第{change}次由本人提交：提交人不能审批自己的变更", f"in-year change {change} is yours: the submitter cannot approve their own change",
        "R-APPROVE", 403)
    y.approve_version(a, "leader", TODAY, "同意")
    change = y.versions[a - 1].in_year_change
    assert _refused(y.approvable, a, "leader") == (
        "version", f"年内调整第{change}次已批准，不能再批准", f"in-year change {change} is approved: it cannot be approved", "R-APPROVE", 409)
    y.versions[b - 1].state = "rejected"
    change = y.versions[b - 1].in_year_change
    assert _refused(y.approvable, b, "leader")[1:3] == (f"年内调整第{change}次已退回，不能再批准", f"in-year change {change} is rejected: it cannot be approved")
    y.versions[b - 1].state, y.versions[b - 1].created_by = "started", ""
    assert y.approvable(b, "leader") is y.versions[b - 1]  # urgent, started, made by no one named: anyone may


def test_r_audit_a_leaders_decision_is_in_the_trail_of_each_visit_it_touched() -> None:
    """_decided: each visit the change names, once, in order, told who decided, the version, its number among the
    in-year changes, and the comment; the version's own entry lists them."""
    y = _year()
    num = y.new_version("move", "改期", [{"action": "move", "visit_id": "Z"}, {"action": "move", "visit_id": "A"},
                                       {"action": "note"}, {"action": "move", "visit_id": "Z"}], TODAY, who="planner").number
    n_log = len(y.log)
    y.approve_version(num, "leader", dt.date(2027, 3, 3), "  同意改期 ")
    ver = y.versions[num - 1]
    assert y.log[n_log:n_log + 2] == [
        {"on": "2027-03-03", "who": "leader", "action": "visit.change_approved", "visit_id": vid, "version": num,
         "change": ver.in_year_change, "comment": "同意改期"} for vid in ("A", "Z")]
    assert y.log[n_log + 2]["action"] == "version.approve" and y.log[n_log + 2]["visits"] == ["A", "Z"]
    num = y.new_version("move", "改期", [{"action": "move", "visit_id": "M"}], TODAY, who="planner").number
    y.reject_version(num, "leader", dt.date(2027, 3, 4), "不同意")
    mine = [e for e in y.log if e["action"] == "visit.change_rejected"]
    assert [(e["visit_id"], e["who"], e["on"], e["version"], e["comment"]) for e in mine] == [("M", "leader", "2027-03-04", num, "不同意")]


# ---- a follow-up after its rectification deadline (R-FOLLOW, walk42 F1) ------------------------------------------------
F, G, E1 = "91140404K6WR54FP9P", "91140404MMKUKMNE41", "91140404C6K5774Q6B"  # H0000009 hb, H0000004 hb: violations of 2026


def _history(bundle: Path, due: dict[str, str], extra: list[str]) -> Bundle:
    """The example bundle with `extra` inspections.csv rows appended and rectification deadlines by inspection id
    (test_round42's `_with_deadlines`), loaded."""
    with (bundle / "inspections.csv").open("a", encoding="utf-8") as f:
        f.writelines(line + "\n" for line in extra)
    _with_deadlines(bundle, due)
    return load_bundle(bundle)


def _deadlined(bundle: Path) -> Bundle:
    """F: hb due 2027-02-15 and (a later row) 2027-02-20, um due 2027-03-15; G: hb due on the last day of 2026; E1: hb
    due after the plan year; E1's um row, serious and false, has no deadline."""
    return _history(bundle, {"H0000009": "2027-02-15", "X1": "2027-02-20", "X2": "2027-03-15", "H0000004": "2026-12-31", "X3": "2028-02-01"},
                    [f"X1,{F},hb,2026-10-01,,serious,false", f"X2,{F},um,2026-09-01,,violation,false", f"X3,{E1},hb,2026-11-02,,violation,false",
                     f"X4,{E1},um,2026-11-03,,serious,false"])


def test_r_follow_the_running_years_window_of_a_follow_up_opens_after_its_latest_deadline(bundle_copy: Path) -> None:
    """Year.window (review42 #4): from the working day after the latest deadline of the visit's agencies there, never
    before the year's first working day nor after its last; the window ends on the last working day; a visit of another
    basis, or a follow-up with no deadline, has the whole year."""
    from test_mut15_replan import visit

    b = _deadlined(bundle_copy)
    wd = b.workdays
    hb, um = ("hb-140404-00", "hb-140404-01"), ("um-140404-00", "um-140404-01")
    day = dt.date(2027, 6, 15)
    y = Year(b, [visit("V1", day, F, hb + um, agencies=("hb", "um"), basis="follow_up"), visit("V2", day, F, hb, basis="follow_up"),
                 visit("V3", day, G, hb, basis="follow_up"), visit("V4", day, E1, hb, basis="follow_up"),
                 visit("V5", day, E1, um, agencies=("um",), basis="follow_up"), visit("V6", day, F, hb)])
    assert y.window(y.visits["V1"]) == (dt.date(2027, 3, 16), wd[-1])  # the later of hb's 21 February and um's 16 March
    assert y.window(y.visits["V2"]) == (dt.date(2027, 2, 21), wd[-1])
    assert wd[0] > dt.date(2027, 1, 1) and y.window(y.visits["V3"]) == (wd[0], wd[-1])
    assert y.window(y.visits["V4"]) == (wd[-1], wd[-1])
    assert y.window(y.visits["V5"]) == y.window(y.visits["V6"]) == (wd[0], wd[-1])


def test_r_follow_the_scheduler_and_the_checker_read_the_same_deadlines(bundle_copy: Path, tmp_path: Path) -> None:
    """Bundle.unrectified_last_year / follow_up_from (the scheduler, the running year) and checker.facts'
    follow_up_from (the independent checker): last year's violations and serious findings recorded false — not one
    put right, not one of another year, not one whose `rectified` is unknown — and per firm and agency the day after
    the latest deadline; a row with no deadline gives none. A history without the column gives none at all."""
    from checker.facts import Context

    assert load_bundle(bundle_copy).follow_up_from() == {}  # the example's inspections.csv has no rectify_by
    b = _history(bundle_copy, {"H0000009": "2027-02-15", "X1": "2027-02-20", "X2": "2027-03-15", "H0000004": "2026-12-31", "X3": "2028-02-01",
                               "X5": "2027-05-01", "X6": "2027-06-01", "X7": "2027-07-01", "H0000003": "2027-08-01"},
                 [f"X1,{F},hb,2026-10-01,,serious,false", f"X2,{F},um,2026-09-01,,violation,false", f"X3,{E1},hb,2026-11-02,,violation,false",
                  f"X4,{E1},um,2026-11-03,,serious,false", f"X5,{F},re,2026-10-02,,violation,", f"X6,{F},gas,2026-10-03,,minor,false",
                  f"X7,{G},um,2025-10-03,,violation,false"])
    rows = b.unrectified_last_year()
    assert sorted(rows.inspection_id) == ["H0000004", "H0000009", "X1", "X2", "X3", "X4"]
    due = {(F, "hb"): dt.date(2027, 2, 21), (F, "um"): dt.date(2027, 3, 16), (G, "hb"): dt.date(2027, 1, 1), (E1, "hb"): dt.date(2028, 2, 2)}
    assert b.follow_up_from() == due
    plan = tmp_path / "plan"
    plan.mkdir()
    for name in ("visits.csv", "selection.csv"):
        (plan / name).write_text("visit_id\n", encoding="utf-8")
    (plan / "plan.json").write_text("{}", encoding="utf-8")
    assert Context(b, plan).follow_up_from == due


# ---- a plan made during its year starts after R-INSERT's freeze (walk42 F2) --------------------------------------------
def test_r_insert_a_plan_made_in_the_years_last_days_has_no_day_left_and_a_freeze_of_none_from_the_first() -> None:
    """api.services.first_plannable and bundle.workcal.freeze_end: where the freeze runs past a calendar that lacks
    next year (CalendarGap), the year's last working day stands for its end, so the first plannable day is after the
    year; with no freeze, a plan made the day before the year's first working day has the whole year (None), one
    made on it starts the next day; and a calendar with no working day of the year has nothing to plan from."""
    from types import SimpleNamespace

    from api.services import first_plannable
    from bundle import CalendarGap
    from bundle.workcal import freeze_end

    b = example()
    wd = b.workdays
    with pytest.raises(CalendarGap):  # the example's calendar does not know 2028
        b.calendar.add_workdays(wd[-3], b.policy.freeze_workdays)
    assert freeze_end(b.calendar, wd[-1], wd[-3], 5) == wd[-1]
    assert freeze_end(b.calendar, wd[-1], dt.date(2028, 1, 2), 5) == dt.date(2028, 1, 2)  # a day after the last one stands
    assert freeze_end(b.calendar, wd[-1], wd[0], 1) == wd[1] and freeze_end(b.calendar, wd[-1], wd[0], 0) == wd[0]
    assert first_plannable(b, wd[-3]) == wd[-1] + dt.timedelta(days=1)
    none = dataclasses.replace(b, policy=dataclasses.replace(b.policy, freeze_workdays=0))
    assert first_plannable(none, wd[0] - dt.timedelta(days=1)) is None
    assert first_plannable(none, wd[0]) == wd[0] + dt.timedelta(days=1)
    assert first_plannable(SimpleNamespace(workdays=[], calendar=b.calendar, policy=b.policy), wd[0]) is None  # type: ignore[arg-type]


def test_r_learn_next_years_calendar_is_the_days_the_bundles_calendar_knows() -> None:
    """history.known_days: every day of a year the calendar knows, each as a working day or not, and how many it lacks
    (none); of a year it does not know, nothing and the year's length."""
    from execution.history import known_days

    cal = example().calendar
    days, gap = known_days(cal, 2027)
    assert gap == 0 and len(days) == 365 and sorted(d for d, work in days.items() if work) == cal.workdays(2027)
    assert days[dt.date(2027, 1, 1)] is False and days[dt.date(2027, 1, 4)] is True
    assert known_days(cal, 2028) == ({}, 366)
