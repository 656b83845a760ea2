"""mut41: the thirty-sixth round's refusals and their neighbours, measured by mutation (bench/mut41.md):
execution/insert.py `refuse_day`, `refuse_slot`, `_team_day_cause`, `binding`; execution/reschedule.py `refuse_move`,
`move_visit`; execution/simulate.py `Simulation.leave_events`; api/uploads.py `worker_died`.

Hand-made years of the example bureau (tests/test_mut15_replan.py, tests/test_year_refusals36.py), no solve; the
simulated leave is drawn with a scripted generator on a hand-made year. Each test names its rule and the mutants it
kills (mutmut 3 names: x_<function>__mutmut_<n>)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from api import uploads
from api.settings import Settings
from bundle import BundleInvalid
from execution import Year, YearError
from execution.insert import _try, binding, propose, refuse_day, refuse_slot
from execution.reschedule import move_visit, refuse_move
from execution.simulate import Simulation
from execution.year import Trigger
from tests.api_helpers import zip_folder
from tests.test_mut15_replan import E1, E2, TODAY, D, books, fresh_books, set_budget, set_cap, tiny, visit
from tests.test_yearend20 import _year as yearend_year

OFF = ("hb-140404-00", "hb-140404-01")
HB = "hb-140404"
UNTIL = dt.date(2027, 5, 17)  # the freeze from TODAY (Monday 10 May, freeze_workdays 5) runs to Monday 17 May
WHY = "企业停产 / closed"


def _other(vid: str, day: dt.date, ent: str = E1, agency: str = "gas") -> object:
    """Another agency's triggered visit of the firm: R-JOINT on its day only (a trigger is not held apart, R-GAP)."""
    return visit(vid, day, ent, (f"{agency}-140404-00", f"{agency}-140404-02"), agencies=(agency,), basis="triggered")


# ---- reschedule.refuse_move ------------------------------------------------------------------------------------------

def test_a_follow_up_moved_past_its_months_is_judged_by_the_day_not_refused_as_outside_a_window() -> None:
    """R-FOLLOW sets no window (review38 #6; it was the first `follow_up_within_workdays` working days, and a day past
    them was refused naming R-FOLLOW): a day past the months is judged by what it holds (the firm's other visit there:
    R-JOINT 409), and the window's last day is in (refuse_day 57, `lo <= day < hi`)."""
    today = dt.date(2027, 3, 1)
    y = tiny(visit("V1", dt.date(2027, 3, 15), E1, OFF, basis="follow_up"))
    lo, hi = y.window(y.visits["V1"])
    assert (lo, hi) == (y.reg.workdays[0], y.reg.workdays[-1])
    after = y.reg.add_workdays(y.reg.workdays[y.policy.follow_up_within_workdays - 1], 1)  # the day after its months
    y = tiny(visit("V1", dt.date(2027, 3, 15), E1, OFF, basis="follow_up"), _other("G1", after))
    e = refuse_move(y, y.visits["V1"], after, today)
    assert (e.rule, e.status) == ("R-JOINT", 409)
    assert refuse_day(y, hi, today, (today, "", ""), (lo, hi), "R-FOLLOW") is None


def test_a_triggered_visit_moved_past_its_deadline_names_r_trigger() -> None:
    """R-TRIGGER: a triggered visit's window is its trigger's. Kills refuse_move 9, 20."""
    t = Trigger("T1", E1, "hb", dt.date(2027, 5, 10), "complaint", False)
    v = dataclasses.replace(visit("V1", dt.date(2027, 5, 20), E1, OFF, basis="triggered"), trigger_id="T1")
    y = tiny(v)
    y.triggers = {"T1": t}
    e = refuse_move(y, v, dt.date(2027, 5, 25), dt.date(2027, 5, 11))
    assert (e.field, e.rule, e.status) == ("day", "R-TRIGGER", 422) and "outside the visit's window 2027-05-10–2027-05-24" in e.en
    assert e.en == "2027-05-25 is outside the visit's window 2027-05-10–2027-05-24"
    window = (dt.date(2027, 5, 10), dt.date(2027, 5, 24))
    assert refuse_day(y, window[1], dt.date(2027, 5, 11), (dt.date(2027, 5, 11), "", ""), window, "R-TRIGGER") is None  # its last day is in


def test_the_freeze_ends_on_its_last_day_and_the_next_day_is_the_days_own() -> None:
    """R-INSERT: a move's earliest day is the day after the freeze (17 May from 10 May). On the freeze's last day the
    refusal is the freeze's (422, both languages exact); on the next day, what the day holds (R-JOINT, 409).
    Kills refuse_move 16 (`until - 1`) and 18 (`until + 2`)."""
    y = tiny(visit("V1", D, E1, OFF), _other("G1", UNTIL), _other("G2", UNTIL + dt.timedelta(days=1)))
    assert y.freeze_until(TODAY) == UNTIL
    v = y.visits["V1"]
    e = refuse_move(y, v, UNTIL, TODAY)
    assert (e.field, e.rule, e.status) == ("day", "R-INSERT", 422)
    assert e.en == f"{UNTIL} is before the earliest day 2027-05-18 (the freeze runs to {UNTIL} (R-INSERT))"
    assert e.zh == f"{UNTIL} 早于最早可选日期 2027-05-18（冻结期至 {UNTIL}（R-INSERT））"
    e = refuse_move(y, v, UNTIL + dt.timedelta(days=1), TODAY)
    assert (e.rule, e.status) == ("R-JOINT", 409)
    assert books(y) == fresh_books(y) and v.date == D


def test_the_firms_day_and_gap_are_said_in_both_languages() -> None:
    """R-JOINT and R-GAP: the words of each (refuse_move 54–71: `None`, the `==` flipped or forced, the words changed)."""
    other = D + dt.timedelta(days=35)
    y = tiny(visit("V1", D, E1, OFF), visit("V2", other, E1, ("hb-140404-03", "hb-140400-00"), agencies=("hb",)))
    y.policy = y.reg.policy = dataclasses.replace(y.policy, min_days_between_repeat_visits=0)
    e = refuse_move(y, y.visits["V1"], other, TODAY)
    assert e.rule == "R-JOINT"
    assert e.zh == f"{other} 不能安排检查 V1：该企业当日已有检查（R-JOINT），请重新查看可选日期"
    assert e.en == f"{other} is not a lawful day for visit V1: the enterprise is visited that day (R-JOINT); ask for its days again"
    near = other + dt.timedelta(days=1)
    e = refuse_move(y, y.visits["V1"], near, TODAY)
    assert e.rule == "R-GAP"
    assert e.zh == f"{near} 不能安排检查 V1：与该企业的其他计划检查间隔不足（R-GAP），请重新查看可选日期"
    assert e.en == f"{near} is not a lawful day for visit V1: too close to another planned visit of the enterprise (R-GAP); ask for its days again"


def test_an_agencys_repeat_visit_is_held_apart_past_the_entries_gap() -> None:
    """R-GAP (an agency's planned visits `min_days_between_repeat_visits` apart, 90): 40 days from the firm's other hb
    visit is past the entries' 30 days but refused. Kills refuse_move 42 (the agencies not passed: a TypeError)."""
    far = dt.date(2027, 8, 16)  # a Monday, 62 days after V1's day
    y = tiny(visit("V1", D, E1, OFF), visit("V2", far, E1, ("hb-140404-03", "hb-140400-00")))
    day = far - dt.timedelta(days=40)
    e = refuse_move(y, y.visits["V1"], day, TODAY)
    assert (e.rule, e.status) == ("R-GAP", 409)


def test_a_remote_check_is_no_entry_so_its_day_reads_the_teams() -> None:
    """R-JOINT counts entries (on-site) only: a remote check moved to a day another agency enters the firm is refused
    for its team's full day (R-AVAIL), not R-JOINT. Kills refuse_move 52 (the visit's mode not passed: on-site)."""
    day = D + dt.timedelta(days=1)
    y = tiny(visit("V1", D, E1, OFF, mode="remote"), _other("G1", day))
    set_cap(y, HB, 0)
    e = refuse_move(y, y.visits["V1"], day, TODAY)
    assert (e.rule, e.status) == ("R-AVAIL", 409) and "team hb-140404 is full that day" in e.en


def test_a_joint_visits_full_teams_and_too_few_officers_are_said_in_both_languages() -> None:
    """R-AVAIL names every full team of the visit, sorted, joined by "/"; R-PAIR its own words.
    Kills refuse_move 87–98 (the words, the join)."""
    day = D + dt.timedelta(days=1)
    y = tiny(visit("V1", D, E1, (*OFF, "gas-140404-00", "gas-140404-02"), agencies=("hb", "gas")))
    set_cap(y, HB, 0)
    set_cap(y, "gas-140404", 0)
    e = refuse_move(y, y.visits["V1"], day, TODAY)
    assert e.rule == "R-AVAIL"
    assert e.zh == f"{day} 不能安排检查 V1：队伍 gas-140404/hb-140404 当日检查量已满（R-AVAIL），请重新查看可选日期"
    assert e.en == f"{day} is not a lawful day for visit V1: team gas-140404/hb-140404 is full that day (R-AVAIL); ask for its days again"
    y = tiny(visit("V1", D, E1, OFF))
    y.reg.away = {o: {day} for o in y.reg.team_officers[HB]}
    e = refuse_move(y, y.visits["V1"], day, TODAY)
    assert e.rule == "R-PAIR"
    assert e.zh == f"{day} 不能安排检查 V1：当日可派的持证、无回避且有额度的执法人员不足（R-PAIR），请重新查看可选日期"
    assert e.en == (f"{day} is not a lawful day for visit V1: too few officers free, certified, not recused and with budget left "
                    "that day (R-PAIR); ask for its days again")


# ---- reschedule.move_visit -------------------------------------------------------------------------------------------

def test_a_move_without_a_reason_is_refused_in_both_languages() -> None:
    """R-APPROVE: a move needs a reason; nothing changes. Kills move_visit 13–24 (the rule, the words, arguments lost)."""
    y = tiny(visit("V1", D, E1, OFF))
    with pytest.raises(YearError) as e:
        move_visit(y, "V1", D + dt.timedelta(days=1), TODAY, "planner", "  ")
    assert (e.value.field, e.value.zh, e.value.en, e.value.rule) == ("reason", "改期须写明原因", "moving a visit needs a reason", "R-APPROVE")
    assert y.visits["V1"].date == D and len(y.versions) == 1 and y.log == []


def test_a_long_reason_is_kept_to_500_characters_and_the_summary_to_200_naming_the_firm() -> None:
    """R-AUDIT: the move's version names the firm and keeps the reason to 500 characters; its Chinese summary is cut at
    200. Kills move_visit 118 (`[:501]`), 121 (the firm of None), 122 (`[:201]`)."""
    y = tiny(visit("V1", D, E1, OFF))
    day = D + dt.timedelta(days=1)
    reason = "停" * 600
    ver = move_visit(y, "V1", day, TODAY, "planner", reason)
    (change,) = ver.changes
    assert change["reason"] == "停" * 500 and change["from"] == D.isoformat() and change["to"] == day.isoformat()
    zh, en = ver.summary.split(" / ")
    assert len(zh) == 200 and zh.startswith(f"V1 {y.reg.firm(E1)} 改期 {D}→{day}：停")
    assert en == f"V1 {E1} moved {D}→{day}"


def _notified(y: Year, vid: str) -> None:
    y.audit(TODAY, "clerk", "visit.notified", visits=[vid])


def test_a_planned_visit_once_notified_moves_without_voiding_a_notice() -> None:
    """R-NOTICE: only an overdue visit's served notice is voided by a move; a planned one (its notice already made void
    by a re-plan, so planned again) gets no second notice_void. Kills move_visit 82 (`or`)."""
    y = tiny(visit("V1", D, E1, OFF))
    _notified(y, "V1")
    move_visit(y, "V1", D + dt.timedelta(days=1), TODAY, "planner", WHY)
    assert [e["action"] for e in y.log] == ["visit.notified", "visit.reschedule"]


def test_an_overdue_notified_visit_moved_voids_its_notice_saying_who_and_why() -> None:
    """R-NOTICE / R-AUDIT: the void is audited with who, the visit and the reason. Kills move_visit 88–100."""
    past = dt.date(2027, 5, 6)
    y = tiny(visit("V1", past, E1, OFF, status="overdue"))
    _notified(y, "V1")
    move_visit(y, "V1", D, TODAY, "planner", WHY)
    void = [e for e in y.log if e["action"] == "visit.notice_void"]
    assert void == [{"on": TODAY.isoformat(), "who": "planner", "action": "visit.notice_void", "visit_id": "V1",
                     "reason": "改期后，已送达通知书所列日期已变，须重新送达 / moved after its notice: serve a new one"}]
    assert y.visits["V1"].status == "planned" and y.visits["V1"].date == D


# ---- insert.refuse_slot / _team_day_cause ----------------------------------------------------------------------------

def _trigger(urgent: bool = False) -> Trigger:
    return Trigger("T1", E2, "hb", TODAY, "complaint", urgent)


DAY = dt.date(2027, 5, 20)  # in T1's window (10–24 May), after its first day


def test_a_slot_whose_officers_budgets_are_spent_reads_r_avail_not_r_pair() -> None:
    """R-AVAIL: exactly k=2 of the team's officers free that day, both with their annual budget spent: "budgets spent"
    (409, field choice), not too few officers. Kills _team_day_cause 8–22, 24, 27 (`<=`), refuse_slot 105, 112, 122, 123."""
    y = tiny(visit("V1", D, E1, OFF))
    y.reg.away = {"hb-140404-03": {DAY}}
    for o in OFF:
        set_budget(y, o, 0)
    e = refuse_slot(y, _trigger(), DAY, HB, TODAY)
    assert (e.field, e.rule, e.status) == ("choice", "R-AVAIL", 409)
    assert e.en == f"{DAY} {HB}: officers' annual budgets spent, no sampled visit to give way; the slot cannot be taken now: view the best slots again"
    assert e.zh == f"{DAY} {HB}：执法人员年度检查额度已用尽且无可让位的抽查，该时段现不可安排：请重新查看推荐时段"
    assert books(y) == fresh_books(y) and set(y.visits) == {"V1"}


def test_a_slot_with_one_officer_free_reads_r_pair() -> None:
    """R-PAIR: one officer free where two are needed: "too few certified officers" (409). Kills _team_day_cause 23
    (never officer-day), 28–30 (`need(None)`: 1), refuse_slot 105 (the trigger lost)."""
    y = tiny(visit("V1", D, E1, OFF))
    y.reg.away = {o: {DAY} for o in ("hb-140404-01", "hb-140404-03")}
    e = refuse_slot(y, _trigger(), DAY, HB, TODAY)
    assert (e.field, e.rule, e.status) == ("choice", "R-PAIR", 409)
    assert e.en.startswith(f"{DAY} {HB}: too few certified officers free on the days;")


def test_a_slot_of_a_team_without_officers_reads_r_pair() -> None:
    """R-PAIR: the example's um-140404 serves um in 140404 but lists no officer; its slot is refused for too few
    officers, not a crash. Kills _team_day_cause 10, 12 (`team_officers.get(team)` without its default)."""
    y = tiny(visit("V1", D, E1, OFF))
    assert "um-140404" in y.reg.teams_for("um", "140404") and "um-140404" not in y.reg.team_officers
    e = refuse_slot(y, Trigger("T1", E2, "um", TODAY, "complaint", False), DAY, "um-140404", TODAY)
    assert (e.field, e.rule, e.status) == ("choice", "R-PAIR", 409)


def test_an_officer_recused_from_the_firm_is_not_free_for_its_slot() -> None:
    """R-RECUSE / R-PAIR: of hb-140404's three officers one is away and one recused from the firm: one left, too few
    (R-PAIR), not budgets (R-AVAIL). Kills _team_day_cause 15 (the firm not passed: nobody recused)."""
    y = tiny(visit("V1", D, E1, OFF))
    y.reg.away = {"hb-140404-03": {DAY}}
    y.reg.recused = {("hb-140404-00", E2)}
    e = refuse_slot(y, _trigger(), DAY, HB, TODAY)
    assert (e.rule, e.status) == ("R-PAIR", 409)


def test_a_routine_insertion_today_is_refused_with_its_reason_exactly() -> None:
    """R-INSERT (R-APPROVE's reading): a routine insertion's earliest day is tomorrow; the refusal says why, both
    languages exact. Kills refuse_slot 42, 43."""
    y = tiny(visit("V1", D, E1, OFF))
    e = refuse_slot(y, _trigger(), TODAY, HB, TODAY)
    tomorrow = TODAY + dt.timedelta(days=1)
    assert e.en == f"{TODAY} is before the earliest day {tomorrow} (a routine insertion is approved first: tomorrow at the earliest)"
    assert e.zh == f"{TODAY} 早于最早可选日期 {tomorrow}（非紧急线索的检查须经批准后实施，最早为明天）"


def test_a_lawful_slot_not_offered_says_so_in_chinese_too() -> None:
    """R-INSERT: the planner chooses among the offered slots; the refusal's Chinese names the slot. Kills refuse_slot 89."""
    y = tiny(visit("V1", D, E1, OFF))
    t = _trigger()
    offered = {(s.day, s.team) for s in propose(y, t, TODAY)}
    day, team = next((d, tm) for d in y.reg.workdays if TODAY < d <= y.trigger_window(t)[1] for tm in y.reg.teams_for("hb", "140404")
                     if (d, tm) not in offered and _try(y, t, d, tm, (), TODAY) is not None)
    e = refuse_slot(y, t, day, team, TODAY)
    assert e.zh == f"{day} {team} 可以安排，但不在当前推荐的最优时段之列：请在推荐时段中选择" and e.rule == "R-INSERT"


# ---- insert.binding ----------------------------------------------------------------------------------------------------

TEAMS = "hb-140404/hb-140400"


def test_binding_names_the_district_where_no_team_may_go() -> None:
    """R-TEAM / R-EXPLAIN: no hb team serves the firm's district. Kills binding 12–15."""
    y = tiny()
    for team in ("hb-140404", "hb-140400"):
        del y.reg.teams[team]
    assert binding(y, _trigger(), TODAY) == ("hb 无可在 140404 执法的队伍", "agency hb: no team may work in district 140404")


GAS_FIRM = "91140404FDHWCQHW31"  # a gas firm of district 140404: one gas team serves it (gas-140404)


def _gas_binding(visited: tuple[dt.date, ...], today: dt.date) -> tuple[str, str]:
    """binding() for a routine gas trigger of 10 May on GAS_FIRM, the firm entered by hb on the `visited` days."""
    y = tiny(*(_other(f"H{i}", d, ent=GAS_FIRM, agency="hb") for i, d in enumerate(visited)))
    return binding(y, Trigger("T1", GAS_FIRM, "gas", TODAY, "complaint", False), today)


def test_binding_names_the_budget_where_it_binds_on_most_days() -> None:
    """R-EXPLAIN: one team, so each day counts once. Today the 19th: days 20, 21, 24 May left; the firm entered on the
    20th, the team free with room on the 21st and 24th (officers' budgets): the budget binds on two days of three.
    Kills binding 34–45 (the firm's count: None, `- 1`, from 1, by 2), 56–58 (the team's count), 68, 70, 71 (`max` by
    name or by nothing), 75, 76 (the span)."""
    zh, en = _gas_binding((dt.date(2027, 5, 20),), dt.date(2027, 5, 19))
    assert zh == "gas（gas-140404）2027-05-10–2027-05-24：执法人员年度检查额度已用尽且无可让位的抽查"
    assert en == "agency gas (gas-140404) 2027-05-10–2027-05-24: officers' annual budgets spent, no sampled visit to give way"


def test_binding_names_the_firms_days_where_they_are_most() -> None:
    """R-EXPLAIN / R-JOINT: today the 19th; the team free on the 20th, the firm entered on the 21st and 24th: the
    firm's days bind, two of three. Kills binding 24, 27 (the firm or the day not passed), 37, 46 (`break` after the
    first visited day), 49, 50 (the trigger or day lost), 62, 63 (the team's count from 1, by 2)."""
    zh, en = _gas_binding((dt.date(2027, 5, 21), dt.date(2027, 5, 24)), dt.date(2027, 5, 19))
    assert zh == "gas（gas-140404）2027-05-10–2027-05-24：该企业当日已有检查"
    assert en == "agency gas (gas-140404) 2027-05-10–2027-05-24: the enterprise is visited on those days"


def test_binding_joins_the_teams_that_may_go() -> None:
    """R-TEAM / R-EXPLAIN: hb's two teams for 140404, local first, joined by "/" in both languages. Kills binding 81, 83."""
    zh, en = binding(tiny(), _trigger(), dt.date(2027, 5, 20))
    assert zh.startswith(f"hb（{TEAMS}）2027-05-10–2027-05-24：") and en.startswith(f"agency hb ({TEAMS}) 2027-05-10–2027-05-24: ")


def test_binding_on_the_years_last_day_spans_that_day_and_says_the_deadline_is_not_yet_known() -> None:
    """R-TRIGGER / R-DEADLINE: received on 31 December (a working day), the window is that one day (`first <= last`);
    its deadline lies in a year the calendar does not hold. Kills binding 78 (`<`), 87, 91 (`=` for `+=`), 89, 93
    (`due and …`), 90, 94, 95 (the words)."""
    dec31 = dt.date(2027, 12, 31)
    y = tiny()
    t = Trigger("T9", E2, "hb", dec31, "complaint", False)
    zh, en = binding(y, t, dec31)
    assert zh.startswith(f"hb（{TEAMS}）2027-12-31–2027-12-31：")
    assert zh.endswith("；处理期限（次年，日历尚未载明）在计划年度之后：请登记，转入下一年度计划")
    assert en.startswith(f"agency hb ({TEAMS}) 2027-12-31–2027-12-31: ")
    assert en.endswith("; its deadline (next year, not yet in the calendar) falls after the plan year: hold it, it goes into next year's plan")


def test_binding_names_the_deadline_where_next_years_calendar_holds_it() -> None:
    """R-DEADLINE: with 2028's calendar the deadline is named. Kills binding 85 (`due = None`), 89, 93."""
    y = yearend_year(next_year=True)
    t = Trigger("T9", E2, "hb", dt.date(2027, 12, 30), "complaint", False)
    due = y.trigger_due(t)
    assert due is not None and due.year == 2028
    zh, en = binding(y, t, dt.date(2027, 12, 30))
    assert f"；处理期限（{due}）在计划年度之后" in zh and f"; its deadline ({due}) falls after the plan year" in en


# ---- api.uploads.worker_died, validate_upload ---------------------------------------------------------------------------------------------

def test_a_worker_dead_of_memory_is_refused_under_the_uploads_name() -> None:
    """The upload's cap (upload_worker_mb): the refusal names the file as uploaded. Kills worker_died 1 (label None)."""
    died = uploads.worker_died("b.zip", True, -9, Settings(upload_worker_mb=321))
    (p,) = died.problems  # type: ignore[attr-defined]
    assert p.file == "b.zip" and p.row == 0 and "321 MB" in p.message_en


# ---- simulate.Simulation.leave_events ------------------------------------------------------------------------------------

class _Script:
    """A stand-in for numpy's Generator: `integers(lo, hi)` answers the scripted values in turn (then `lo`) and
    records what it was asked."""

    def __init__(self, *values: int) -> None:
        self.values, self.calls = list(values), []  # type: list[int], list[tuple[int, int | None]]

    def integers(self, lo: int, hi: int | None = None) -> int:
        self.calls.append((lo, hi))
        return self.values.pop(0) if self.values else lo


def _simulation(y: Year, rng: _Script, per_100: float = 2.5) -> Simulation:
    sim = Simulation.__new__(Simulation)  # the draw alone: no bundle read, no plan made
    sim.y, sim.rng, sim.opts = y, rng, SimpleNamespace(leave_per_100_officers=per_100)  # type: ignore[assignment]
    return sim


ENF = ["gas-140404-00", "gas-140404-02", "gas-140404-03", "hb-140400-00", "hb-140400-01", "hb-140404-00", "hb-140404-01", "hb-140404-03"]


def _leave_year() -> Year:
    """Eight enforcement officers with visits (sorted: ENF), one auxiliary officer with one; in working days 101–105:
    planned on-site visits on day 101 (hb-140404-00) and day 105 (hb-140404-01), a planned remote check (hb-140404-03),
    a done visit (gas-140404-02 with the auxiliary gas-140404-01); planned on-site visits on day 100 (the day the leave
    is entered) and day 106 (after it); and hb-140400-02's only visit cancelled (an empty entry in by_officer)."""
    y = tiny()
    wd = y.reg.workdays
    visits = [visit("VA", wd[101], E1, ("hb-140404-00",)),  # one officer each: each is due on one edge of the leave
              visit("VA2", wd[105], E1, ("hb-140404-01",)),
              visit("VB", wd[103], E2, ("hb-140404-03",), mode="remote"),
              visit("VC", wd[104], E2, ("gas-140404-01", "gas-140404-02"), agencies=("gas",), status="done"),
              visit("VE", wd[106], E1, ("gas-140404-00", "gas-140404-03"), agencies=("gas",)),
              visit("VF", wd[100], E2, ("hb-140400-00", "hb-140400-01")),
              visit("VG", wd[150], E2, ("hb-140400-02", "hb-140400-03"))]
    y = tiny(*visits)
    y._book(y.visits["VG"], -1)  # as a cancellation leaves it
    y.visits["VG"].status = "cancelled"
    y.visits["VG"].officer_ids = ()
    y._book(y.visits["VG"], +1)
    assert {o for o, s in y.by_officer.items() if s and y.reg.officers[o].role == "enforcement"} == set(ENF)
    assert y.reg.officers["gas-140404-01"].role == "auxiliary"
    return y


def test_a_simulated_leave_falls_on_an_officer_due_on_site_in_its_days_else_on_anyone() -> None:
    """R-REPLAN in the simulated year (foreign36): a leave entered on working day i runs days i+1…i+k (k drawn 5–10);
    its officer is drawn among the enforcement officers with a planned on-site visit in those days (not a remote
    check, not a visit done, not the day it is entered nor the day after), else among all those with visits; two
    leaves for eight officers. Kills leave_events 4 (`or`: the auxiliary and the emptied entry counted), 13 (`max(3,`),
    20 (`or`: remote and done visits due), 37–42 (the first day's range), 54, 56, 57 (the length's range), 60
    (`wd[i + 2]`), 68–70 (the days' slice: `i - 1`, `i + 2`, `j - 1`), 79, 81 (the officer's draw)."""
    y = _leave_year()
    wd = y.reg.workdays
    rng = _Script(100, 5, 1, 5, 10, 7)
    out = _simulation(y, rng).leave_events()
    assert rng.calls == [(5, len(wd) - 20), (5, 11), (0, 2), (5, len(wd) - 20), (5, 11), (0, len(ENF))]
    assert out == {wd[100]: [("hb-140404-01", wd[101], wd[105])], wd[5]: [(ENF[7], wd[6], wd[15])]}


def test_the_number_of_simulated_leaves_is_per_hundred_officers() -> None:
    """`leave_per_100_officers` × officers / 100, rounded, at least two: 43.75 for eight officers is 3.5, four leaves.
    Kills leave_events 16 (`/ len`), 17 (`/ 101`: 3)."""
    y = _leave_year()
    out = _simulation(y, _Script(5, 5, 0, 6, 5, 0, 7, 5, 0, 8, 5, 0, 9, 5, 0), per_100=43.75).leave_events()
    assert len(out) == 4 and all(len(v) == 1 for v in out.values())


def test_the_same_simulated_leave_drawn_twice_is_entered_once() -> None:
    """R-REPLAN refuses an absence that repeats a standing one (round 37): the simulated year, whose draws can repeat,
    enters it once."""
    y = _leave_year()
    out = _simulation(y, _Script(), per_100=43.75).leave_events()
    assert [len(v) for v in out.values()] == [1]


@pytest.fixture()
def tiny_zip(tiny_dir: Path, tmp_path: Path) -> Path:
    src = tmp_path / "tiny.zip"
    src.write_bytes(zip_folder(tiny_dir / "bundle"))
    return src


def test_a_worker_over_its_time_is_refused_under_the_uploads_name(tiny_zip: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The upload's time cap (upload_worker_seconds): the refusal names the file by its name alone, in both languages,
    and the server's log says which upload. Kills validate_upload 3 (label None), 4 (`and`), 44, 49 (the log), 51–53
    (the refusal's label and words)."""
    label = "tiny.zip"
    with caplog.at_level("WARNING", logger="api.uploads"), pytest.raises(BundleInvalid) as e:
        uploads.validate_upload(Settings(upload_worker_seconds=0.001), "sub/tiny.zip", tiny_zip)
    (p,) = e.value.problems
    assert (p.file, p.message_zh, p.message_en) == (label, "校验超过时限 0 秒（upload_worker_seconds），已停止",
                                                    "validation took longer than 0 s (cap upload_worker_seconds) and was stopped")
    assert f"upload {label}: validation over 0 s, worker killed" in caplog.messages


class _DiesUnpickled:
    """Caps that end the worker as it is unpickled, before its first word (as an import that fails there did, foreign36)."""

    def __reduce__(self) -> tuple[object, tuple[int]]:
        import os

        return (os._exit, (3,))


@pytest.mark.parametrize(("filename", "label"), [("sub/tiny.zip", "tiny.zip"), ("", "upload")])
def test_a_worker_dead_before_its_first_word_is_the_servers_fault(tiny_zip: Path, monkeypatch: pytest.MonkeyPatch, filename: str,
                                                                  label: str, caplog: pytest.LogCaptureFixture) -> None:
    """foreign36 #1: a worker that never said STARTED failed before reading the upload: UploadWorkerFailed with its exit
    code (500), never the memory cap; the server's log names the upload ("upload" where it has no name). Kills
    validate_upload 27 (`started = True` at the start), 3, 4 (the label), 6, 7 (its words)."""
    monkeypatch.setattr(uploads.Caps, "of", staticmethod(lambda settings: _DiesUnpickled()))
    with caplog.at_level("WARNING", logger="api.uploads"), pytest.raises(uploads.UploadWorkerFailed) as e:
        uploads.validate_upload(Settings(), filename, tiny_zip)
    assert e.value.exitcode == 3
    assert f"upload {label}: validation worker died (exit 3)" in caplog.messages


def test_a_valid_upload_answers_its_year_digest_and_ignored_files(tiny_zip: Path, tiny_dir: Path) -> None:
    """The worker's answer reaches the caller whole: the plan year, the bundle's digest (as load_bundle reads the same
    files), the files it ignored. Kills validate_upload 93, 94, 97 (year, digest, ignored None)."""
    from bundle import load_bundle

    v = uploads.validate_upload(Settings(), "tiny.zip", tiny_zip)
    b = load_bundle(tiny_dir / "bundle")
    assert (v.year, v.input_sha256, v.ignored) == (b.year, b.input_sha256, [])
