"""mut42: R-INSERT's slot search and its neighbours, measured by mutation (bench_mut42.md): execution/insert.py
`check_trigger`, `_stub`, `_joint_cost`, `_spread`, `lawful_days`, `_try`, `_try_displace`, `_opened`, `propose`,
`apply`, `insert_summary`; execution/reschedule.py `movable`, `_no_day`; execution/deadlines.py `board`, `open_steps`,
`rectifications`.

Hand-made years of the example bureau (tests/test_mut15_replan.py, tests/test_mut15_deadlines.py), no solve. Each test
names its rule and the mutants it kills (mutmut 3 names: x_<function>__mutmut_<n>)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from execution import Year, YearError
from execution.context import Visit
from execution.deadlines import STEPS, Deadline, board, complete, open_steps, rectifications
from execution.insert import RELOCATE_SEARCH_DAYS, Move, Slot, _opened, _try, _try_displace, apply, check_trigger, insert_summary, propose
from execution.reschedule import movable, move_slots
from execution.year import Record, Trigger
from tests.test_mut15_deadlines import _year as deadline_year
from tests.test_mut15_replan import E1, E2, E3, TODAY, D, books, fresh_books, set_budget, set_cap, tiny, visit

OFF = ("hb-140404-00", "hb-140404-01")
HB = "hb-140404"
UNTIL = dt.date(2027, 5, 17)  # the freeze from TODAY (Monday 10 May, freeze_workdays 5) runs to Monday 17 May
RECTIFY_BY = dt.date(2027, 7, 1)  # V's rectification deadline in test_mut15_deadlines._year
T1 = Trigger("T1", E2, "hb", TODAY, "complaint", False)  # window 10–24 May
DAY = dt.date(2027, 5, 20)  # a Thursday in T1's window, after the freeze (to 17 May)
O0, O1, O3 = "hb-140404-00", "hb-140404-01", "hb-140404-03"  # hb-140404's three officers
CITY = "hb-140400"  # the city's hb team, which also serves district 140404


def _spend(y: Year, *officers: str) -> None:
    """Each officer's annual budget is what the year already gives them (no room for one more on-site visit)."""
    for o in officers:
        set_budget(y, o, y.officer_year[o])


def _gave(s: object) -> list[str]:
    assert s is not None
    return [d["visit_id"] for d in s.displaced]  # type: ignore[attr-defined]


def _sampled(vid: str, day: dt.date, officers: tuple[str, ...], ent: str = E1, tier: str = "C", **kw: object) -> Visit:
    v = visit(vid, day, ent, officers, **kw)  # type: ignore[arg-type]
    return dataclasses.replace(v, tier=tier)


# ---- reschedule._no_day ------------------------------------------------------------------------------------------------

def test_no_lawful_day_names_the_days_looked_at_from_the_day_after_the_freeze() -> None:
    """R-INSERT: a visit whose team has no officer with budget left has no lawful day (R-AVAIL); the refusal names the
    days searched — from the day after the freeze (18 May from 10 May) to its window's last day — in both languages.
    Kills _no_day 3 (`first = None`), 8 (`until - 1`), 11 (`until + 2`), 24, 25 (the words)."""
    y = tiny(visit("V1", D, E1, OFF))
    for o in y.reg.team_officers[HB]:
        set_budget(y, o, 0)  # no officer of the team has budget left
    assert y.freeze_until(TODAY) == UNTIL
    _, hi = y.window(y.visits["V1"])
    with pytest.raises(YearError) as e:
        move_slots(y, "V1", TODAY)
    assert (e.value.field, e.value.rule, e.value.status) == ("day", "R-INSERT", 409)
    assert e.value.en == (f"visit V1 has no day in 2027-05-18–{hi} that keeps every HARD rule (its window, officers, the team's day, "
                          "the gap between entries)")
    assert e.value.zh == f"检查 V1 在 2027-05-18–{hi} 内没有满足全部硬性规则的日期（期限、人员、队伍当日量、同企业间隔）"


# ---- reschedule.movable -------------------------------------------------------------------------------------------------

def test_a_visit_an_unapproved_insertion_made_does_not_move_yet() -> None:
    """R-APPROVE: the visit of a routine insertion still waiting for its leader is not moved (409), the refusal naming
    the change as the board does. Kills movable 21 (the visit not passed: no refusal), 22, 23, 27–29 (the words)."""
    y = tiny(visit("V1", D, E1, OFF))
    new, ver = apply(y, T1, propose(y, T1, TODAY)[0], TODAY, "planner")
    assert ver.state == "submitted"
    with pytest.raises(YearError) as e:
        move_slots(y, new.visit_id, TODAY)
    n = ver.in_year_change
    assert (e.value.field, e.value.rule, e.value.status) == ("visit_id", "R-APPROVE", 409)
    assert e.value.zh == f"检查 {new.visit_id} 来自年内调整第{n}次，尚未批准，不能改期"
    assert e.value.en == f"visit {new.visit_id} comes from in-year change {n}, not yet approved: it moves once approved"


def test_a_notified_or_frozen_visit_is_refused_on_its_visit_field_naming_the_freeze() -> None:
    """R-INSERT: a notified visit and a planned one within the freeze are pinned; the refusal is on `visit_id` (the
    form field) and the freeze's names its last day. Kills movable 33, 43, 44, 58, 68, 69 (the field), 56 (`until =
    None`), 70, 71 (the words)."""
    y = tiny(visit("V1", D, E1, OFF, status="notified"))
    with pytest.raises(YearError) as e:
        movable(y, y.visits["V1"], TODAY)
    assert (e.value.field, e.value.rule, e.value.status) == ("visit_id", "R-INSERT", 409)
    frozen = dt.date(2027, 5, 14)
    y = tiny(visit("V2", frozen, E1, OFF))
    with pytest.raises(YearError) as e:
        movable(y, y.visits["V2"], TODAY)
    assert (e.value.field, e.value.rule, e.value.status) == ("visit_id", "R-INSERT", 409)
    assert e.value.zh == f"检查 V2（{frozen}）在冻结期内（至 {UNTIL}），锁定不能改期（R-INSERT）；检查日过后仍未实施的，可改期"
    assert e.value.en == (f"visit V2 ({frozen}) is within the freeze (until {UNTIL}): pinned, it never moves (R-INSERT); "
                          "once its day has passed unrecorded it may")


# ---- deadlines.board ---------------------------------------------------------------------------------------------------

def test_an_agencys_board_lists_only_its_own_overdue_visits() -> None:
    """R-DEADLINE / the board per agency (walk23): hb's visit P of 1 September, unrecorded on 2 September, is overdue on
    hb's board and the whole board, not on um's. Kills board 81 (`agency not in v.agency_ids`)."""
    y = deadline_year("violation")
    after = dt.date(2027, 9, 2)
    assert "P" in board(y, after)["overdue_visits"]
    assert "P" in board(y, after, agency="hb")["overdue_visits"]
    assert "P" not in board(y, after, agency="um")["overdue_visits"]


# ---- deadlines.open_steps ----------------------------------------------------------------------------------------------

def test_the_steps_offered_are_those_the_record_calls_for() -> None:
    """R-DEADLINE / R-TRANSFER / R-FEEDBACK / R-RECORD: a violation just recorded may be told (feedback), transferred and
    rectified — not published before the feedback, nor the transfer's decision before the transfer, nor archived
    before the case is finished; an all-compliant record offers no transfer and nothing to rectify; a visit with no
    record offers nothing. Kills open_steps 4 (`step_refusal(…, None)`: every step offered)."""
    y = deadline_year("violation")
    assert open_steps(y, "V") == ["feedback", "transfer", "rectified"]
    assert open_steps(y, "C") == ["feedback"]
    assert open_steps(y, "P") == []
    complete(y, "V", "feedback", dt.date(2027, 6, 2), "clerk", today=dt.date(2027, 6, 2))
    assert open_steps(y, "V") == ["transfer", "publish", "rectified"]
    assert set(open_steps(y, "V")) < set(STEPS)


# ---- deadlines.rectifications --------------------------------------------------------------------------------------------

def test_a_rectification_entered_after_its_day_keeps_the_day_it_was_entered() -> None:
    """R-RECORD / R-DEADLINE: 整改完成 claimed for 30 June but entered on 5 July is met on the day claimed and
    entered on 5 July (Deadline.entered_on: past the deadline, it reads late_entry, not met).
    Kills rectifications 27, 28, 32, 33, 39 (the day entered lost)."""
    y = deadline_year("violation")
    complete(y, "V", "rectified", dt.date(2027, 6, 30), "clerk", today=dt.date(2027, 7, 5))
    got = rectifications(y, "V")
    assert got == [Deadline("V", "rectified", "hb", RECTIFY_BY, dt.date(2027, 6, 30), dt.date(2027, 7, 5))]
    assert got[0].state(dt.date(2027, 7, 5)) == "late_entry"
    y = deadline_year("violation")
    complete(y, "V", "rectified", dt.date(2027, 6, 30), "clerk", today=dt.date(2027, 6, 30))
    assert rectifications(y, "V") == [Deadline("V", "rectified", "hb", RECTIFY_BY, dt.date(2027, 6, 30), None)]


def test_a_finding_with_no_rectification_deadline_owes_no_rectification() -> None:
    """R-RECORD: a minor finding the officers set no deadline for owes no 整改完成 (no row, not a row with no due day);
    a visit with no record owes none either. Kills rectifications 3 (`r is None and …`: a row due None)."""
    y = deadline_year("violation")
    r = y.records["V"]
    y.records["V"] = dataclasses.replace(r, outcomes={"hb-q": "minor", "hb-m": "compliant"}, rectify_by=None)
    assert rectifications(y, "V") == []
    assert rectifications(y, "P") == []
    assert isinstance(y.records["C"], Record) and rectifications(y, "C") == []


# ---- insert._try_displace (R-PRIORITY: a trigger takes the annual budget of a sampled visit) ----------------------------

def test_a_sampled_visit_gives_its_officers_budget_to_a_trigger_and_everything_is_put_back() -> None:
    """R-PRIORITY / R-AVAIL: hb-140404 has two officers free on the day (the third away), both with their annual budget
    spent on a sampled visit in June: that visit gives way, the trigger is staffed with the two, and the slot names the
    visit given way in full. Nothing stays changed (R-INSERT: a proposal stores nothing).
    Kills _try_displace 1, 11, 24, 27, 28, 36, 42, 47, 61–71 (the victim's filters), 93, 103, 104, 110, 124–134."""
    y = tiny(_sampled("S1", D, (O0, O1)))
    y.reg.away = {O3: {DAY}}
    _spend(y, O0, O1)
    before = books(y)
    s = _try_displace(y, T1, DAY, HB, TODAY)
    assert s is not None and (s.day, s.team, sorted(s.officers)) == (DAY, HB, [O0, O1])
    assert s.displaced == [{"visit_id": "S1", "agency_id": "hb", "enterprise_id": E1, "date": D.isoformat(), "basis": "sampled"}]
    assert books(y) == before == fresh_books(y)
    assert set(y.visits) == {"S1"} and y.visits["S1"].status == "planned" and y.visits["S1"].officer_ids == (O0, O1)


def test_only_a_planned_onsite_sampled_or_mandatory_visit_of_the_team_not_pinned_gives_way() -> None:
    """R-PRIORITY / R-INSERT: the spent officer's follow-up, its remote check, its sampled visit within the freeze, its
    notified one and its visit on the slot's own day never give way: no slot. Kills _try_displace 56–60 (the filter's
    `and` turned `or`: the follow-up given way)."""
    frozen = dt.date(2027, 5, 14)
    y = tiny(visit("F", D, E1, (O0, O3), basis="follow_up"), visit("R", D + dt.timedelta(days=1), E1, (O0,), mode="remote"),
             _sampled("P", frozen, (O0, O3), ent=E3), _sampled("N", D + dt.timedelta(days=7), (O0, O3), ent=E3, status="notified"),
             _sampled("O", DAY, (O0, O3), ent=E3))
    y.reg.away = {O3: {DAY}}
    _spend(y, O0)  # O1 has budget: one more officer's is needed
    assert _try_displace(y, T1, DAY, HB, TODAY) is None
    assert books(y) == fresh_books(y)


def test_one_officers_budget_short_takes_one_visit_the_last_in_priority() -> None:
    """R-PRIORITY's order among the visits that may give way: sampled before mandatory, then the lowest tier (A first),
    then the latest drawn, then the latest day. One officer's budget is short (O1 has room), so exactly one visit gives
    way. Kills _try_displace 7–9 (`need(None)`: 1), 38 (`need + …`), 41 (`short <= 1`), 53, 55, 76 (no order),
    79, 81 (the tier ignored), 84, 85 (the draw order ignored or reversed), 90 (the earliest day first)."""
    def case(*victims: Visit, ranks: dict[str, int] | None = None) -> list[str]:
        y = tiny(*victims)
        y.draw_rank = ranks or {}
        y.reg.away = {O3: {DAY}}
        _spend(y, O0)
        s = _try_displace(y, T1, DAY, HB, TODAY)
        assert books(y) == fresh_books(y)
        return _gave(s)

    later = D + dt.timedelta(days=14)
    # sampled before mandatory, whatever the tier, the draw or the day
    assert case(visit("M", later, E3, (O0, O3), basis="mandatory"), _sampled("S", D, (O0, O3), tier="C"), ranks={E3: 9, E1: 1}) == ["S"]
    # the lowest tier first, though drawn earlier and on an earlier day
    assert case(_sampled("SC", later, (O0, O3), ent=E3, tier="C"), _sampled("SA", D, (O0, O3), tier="A"), ranks={E3: 9, E1: 1}) == ["SA"]
    # one tier: the latest drawn first, though on an earlier day
    assert case(_sampled("S1", later, (O0, O3), ent=E3), _sampled("S9", D, (O0, O3)), ranks={E3: 1, E1: 9}) == ["S9"]
    # one tier, one rank: the latest day first
    assert case(_sampled("SE", D, (O0, O3), ent=E3), _sampled("SL", later, (O0, O3)), ranks={E3: 5, E1: 5}) == ["SL"]


def test_each_visit_given_way_gives_back_a_budget_not_yet_covered() -> None:
    """R-PRIORITY: both officers' budgets are spent, each on a different sampled visit with the third officer (who is
    away on the day): both visits give way, in priority order; a third visit of an officer already covered does not.
    Kills _try_displace 95 (`spent | officers`: the away officer counted), 98 (`covered = gives`), 99 (`&=`)."""
    later = D + dt.timedelta(days=14)
    y = tiny(_sampled("SA", D, (O0, O3), tier="A"), _sampled("SB", later, (O1, O3), ent=E3, tier="B"),
             _sampled("SC", later + dt.timedelta(days=7), (O0, O3), tier="C"))
    y.reg.away = {O3: {DAY}}
    _spend(y, O0, O1)
    assert _gave(_try_displace(y, T1, DAY, HB, TODAY)) == ["SA", "SB"]
    assert books(y) == fresh_books(y)


def test_no_more_visits_give_way_than_max_moved_visits_and_none_past_the_budget_short() -> None:
    """R-INSERT's `max_moved_visits` bounds the visits given way (1 here: two are needed, so no slot); with one budget
    short only one visit gives way though another holds the other spent officer. Kills _try_displace 100 (`and`),
    101 (`>`), 102 (`len(chosen) > max`)."""
    later = D + dt.timedelta(days=14)
    y = tiny(_sampled("SA", D, (O0, O3), tier="A"), _sampled("SB", later, (O1, O3), ent=E3, tier="B"))
    y.reg.away = {O3: {DAY}}
    _spend(y, O0, O1)
    y.policy = y.reg.policy = dataclasses.replace(y.policy, max_moved_visits=1)
    assert _try_displace(y, T1, DAY, HB, TODAY) is None
    y = tiny(_sampled("SA", D, (O0, O3), tier="A"), _sampled("SB", later, (O1, O3), ent=E3, tier="B"))
    _spend(y, O0, O1)  # O3 free and with budget: one budget short, two spent
    assert _gave(_try_displace(y, T1, DAY, HB, TODAY)) == ["SA"]
    assert books(y) == fresh_books(y)


def test_a_joint_sampled_visit_gives_only_the_triggers_agency_part() -> None:
    """R-PRIORITY on a joint visit: only hb's part gives way (gas keeps its officers); afterwards the visit is joint
    again. Kills _try_displace 107 (`drop_agency(v, None)`: nothing dropped, no budget back)."""
    y = tiny(_sampled("J", D, (O0, O1, "gas-140404-00", "gas-140404-02"), agencies=("hb", "gas")))
    y.reg.away = {O3: {DAY}}
    _spend(y, O0, O1)
    s = _try_displace(y, T1, DAY, HB, TODAY)
    assert _gave(s) == ["J"] and s is not None and s.displaced[0]["agency_id"] == "hb"
    assert y.visits["J"].agency_ids == ("hb", "gas") and books(y) == fresh_books(y)


def test_an_officer_recused_from_the_firm_is_not_counted_free() -> None:
    """R-RECUSE: O3 (budget spent too) is recused from the trigger's firm, so it neither counts among the free officers
    nor has its visit given way for it: SA (O3 with O0) covers O0 only, SB covers O1. Kills _try_displace 17, 22 (the
    firm not passed: O3 counted free, SA covering two and the slot failing)."""
    later = D + dt.timedelta(days=14)
    y = tiny(_sampled("SA", D, (O0, O3), tier="A"), _sampled("SB", later, (O1, O0), ent=E3, tier="B"))
    y.reg.recused = {(O3, E2)}
    _spend(y, O0, O1, O3)
    assert _gave(_try_displace(y, T1, DAY, HB, TODAY)) == ["SA", "SB"]


def test_an_officer_at_the_remote_cap_is_still_free_on_site() -> None:
    """R-AVAIL per mode: O3's eight remote checks on the day fill its remote cap, not its on-site day; with O0's budget
    spent and O1 away, O3 and O0 take the trigger once O0's sampled visit gives way. Kills _try_displace 18, 25, 26
    (the free officers asked in the remote mode)."""
    remote = [visit(f"R{i}", DAY, E1 if i % 2 else E3, (O3,), mode="remote") for i in range(8)]
    y = tiny(_sampled("S", D, (O0, O1)), *remote)
    set_cap(y, HB, 20)
    y.reg.away = {O1: {DAY}}
    _spend(y, O0)
    s = _try_displace(y, T1, DAY, HB, TODAY)
    assert _gave(s) == ["S"] and s is not None and sorted(s.officers) == [O0, O3]


def test_an_officer_with_no_budget_and_no_visit_gives_nothing_back() -> None:
    """R-AVAIL: O3's annual budget is 0 and it has no visit (none to give way); the two others' budgets are spent on S,
    which gives way. Kills _try_displace 48, 50 (`by_officer.get(o)` without its default: a TypeError)."""
    y = tiny(_sampled("S", D, (O0, O1)))
    set_budget(y, O3, 0)
    _spend(y, O0, O1)
    assert O3 not in y.by_officer
    assert _gave(_try_displace(y, T1, DAY, HB, TODAY)) == ["S"]


# ---- insert._joint_cost and _spread (the slot's cost: R-JOINT/R-MERGE disturbance, R-SPREAD load) -----------------------

def _gas(vid: str, day: dt.date, ent: str = E2) -> Visit:
    """Another agency's triggered visit of the firm (a trigger is not held apart, R-GAP)."""
    return visit(vid, day, ent, ("gas-140404-00", "gas-140404-02"), agencies=("gas",), basis="triggered")


def test_a_slots_joint_cost_counts_the_firms_other_entries_strictly_within_min_days_between_visits() -> None:
    """R-JOINT / R-MERGE: the disturbance of a slot is the number of the firm's other entries less than
    `min_days_between_visits` (30) days from it, the day itself (the slot's own visit) not counted: the day before and
    29 days after count, 30 days after does not, nor another firm's visit. Kills _joint_cost 3 (`sum(2 …)`), 4 (another
    firm's visits), 8 (`or`), 9 (`== "cancelled"`), 12 (`1 <`), 13 (`0 <=`: the slot's own visit), 16 (`<= span`)."""
    span = tiny().policy.min_days_between_visits
    y = tiny(_gas("G1", DAY - dt.timedelta(days=1)), _gas("G2", DAY + dt.timedelta(days=span - 1)),
             _gas("G3", DAY + dt.timedelta(days=span)), _gas("G4", DAY + dt.timedelta(days=3), ent=E3))
    s = _try(y, T1, DAY, HB, (), TODAY)
    assert s is not None and s.joint == 2
    y = tiny(_gas("G3", DAY + dt.timedelta(days=span)))
    s = _try(y, T1, DAY, HB, (), TODAY)
    assert s is not None and s.joint == 0




def test_a_slots_spread_ranks_by_the_team_weeks_load_against_the_teams_mean_week() -> None:
    """R-SPREAD (docs/decisions.md, R-INSERT slots: spread = the team-week's load after insertion minus the team's mean
    week). Between two weeks of one team the spreads differ by the on-site visits already in each week (a remote check
    is no load); between two teams on one day by their weeks' loads less their mean weeks (visits in the year / 52).
    The absolute value is not asserted here (bench_mut42.md: it counts the trigger's own visit twice).
    Kills _spread 1 (`+ mean`), 3 (the weekday read as the week), 5 (`total * 52`)."""
    other_week = dt.date(2027, 5, 24)  # the Monday after DAY's week
    y = tiny(_sampled("S1", D, (O0, O1)), _sampled("S2", DAY + dt.timedelta(days=1), (O0, O1), ent=E3),
             visit("R", other_week, E3, (O3,), mode="remote"))
    here, there, city = (_try(y, T1, day, team, (), TODAY) for day, team in ((DAY, HB), (other_week, HB), (DAY, CITY)))
    assert here is not None and there is not None and city is not None
    assert here.spread - there.spread == pytest.approx(1)  # S2 in DAY's week, nothing on site in the next
    assert here.spread - city.spread == pytest.approx((1 - 0) - (2 - 0) / 52)  # HB: 1 that week, 2 in the year; the city team none
    assert books(y) == fresh_books(y)


# ---- insert.check_trigger (bad input refused before anything is looked at) ----------------------------------------------

HELD = "T00000"  # the example bundle's trigger: um's, of firm 91140404HEKEQ3F18F


@pytest.mark.parametrize(("trigger", "field", "rule", "status", "zh", "en"), [
    (Trigger("T9", "NOPE", "hb", TODAY, "complaint", False), "enterprise_id", "R-BASIS", 422,
     "检查对象名录中没有 NOPE", "NOPE is not in the register"),
    (Trigger("T9", E2, "xx", TODAY, "complaint", False), "agency_id", "R-BASIS", 422, "没有执法主体 xx", "no agency xx"),
    (Trigger("T9", E2, "gas", TODAY, "complaint", False), "agency_id", "R-ITEM", 422,
     "gas 的检查事项清单不适用于该企业行业", "gas's list has no item for this enterprise's sector"),
    (Trigger("T9", E2, "hb", dt.date(2025, 12, 30), "complaint", False), "received_on", "R-TRIGGER", 422,
     "受理日期 2025-12-30 不在计划年度 2027 内（上一年度12月受理、处理期限延至本年度的可以登记）",
     "received_on 2025-12-30 is outside the plan year 2027 (one received in the year before whose deadline reaches into this year "
     "may be entered)"),
    (Trigger("T9", E2, "hb", TODAY + dt.timedelta(days=1), "complaint", False), "received_on", "R-TRIGGER", 422,
     f"受理日期 {TODAY + dt.timedelta(days=1)} 晚于今天 {TODAY}", f"received_on {TODAY + dt.timedelta(days=1)} is after today {TODAY}"),
])
def test_a_trigger_with_bad_input_is_refused_naming_its_field_and_rule(trigger: Trigger, field: str, rule: str, status: int,
                                                                        zh: str, en: str) -> None:
    """R-BASIS (a firm and an agency of the register), R-ITEM (the agency's list applies to the firm's sector), R-TRIGGER
    (received in the plan year, not after today): each refusal's field, rule, status and words, both languages.
    Kills check_trigger 3–9, 12, 13, 15–26, 32–43, 45–56, 59–65, 68, 69."""
    y = tiny()
    with pytest.raises(YearError) as e:
        check_trigger(y, trigger, TODAY)
    assert (e.value.field, e.value.rule, e.value.status, e.value.zh, e.value.en) == (field, rule, status, zh, en)


def test_a_trigger_id_is_one_firms_and_agencys_and_takes_one_standing_visit() -> None:
    """R-BASIS / R-TRIGGER: an id already naming another firm's trigger is refused (409), naming that firm and agency by
    name; the same trigger with a visit standing is refused (409); once that visit is cancelled it may be placed again;
    a new id is taken though other visits stand. Kills check_trigger 70, 71, 75, 76, 77 (the agency's code for its name),
    81–95, 97, 99–117."""
    y = tiny(visit("V1", D, E1, OFF))
    held = y.triggers[HELD]
    with pytest.raises(YearError) as e:
        check_trigger(y, Trigger(HELD, E2, "hb", TODAY, "complaint", False), TODAY)
    firm, agency = y.reg.firm(held.enterprise_id), y.reg.agencies[held.agency_id]
    assert (e.value.field, e.value.rule, e.value.status) == ("trigger_id", "R-BASIS", 409)
    assert e.value.zh == f"线索编号 {HELD} 已属于 {firm}（{agency}）的线索：请使用新的编号或留空"
    assert e.value.en == f"trigger id {HELD} already names a trigger of {firm} ({agency}): use a new id or leave it empty"
    check_trigger(y, Trigger("T9", E2, "hb", TODAY, "complaint", False), TODAY)  # a new id, V1 standing: taken
    check_trigger(y, held, TODAY)  # the held trigger with no visit: may be placed
    standing = visit("I1", D, held.enterprise_id, OFF, basis="triggered")  # its agency is not what check_trigger reads
    y = tiny(visit("V1", D, E1, OFF), dataclasses.replace(standing, trigger_id=HELD))
    with pytest.raises(YearError) as e:
        check_trigger(y, held, TODAY)
    assert (e.value.field, e.value.rule, e.value.status) == ("trigger_id", "R-TRIGGER", 409)
    assert (e.value.zh, e.value.en) == (f"线索 {HELD} 已安排检查", f"trigger {HELD} already has a visit")
    y.visits["I1"].status = "cancelled"
    check_trigger(y, held, TODAY)


# ---- insert.insert_summary (what the leader approves: R-APPROVE, R-EXPLAIN) ----------------------------------------------

def test_the_insertions_summary_names_every_visit_moved_and_given_way_in_both_languages() -> None:
    """R-APPROVE: the leader reads the visit inserted and every visit moved or giving way for it — in Chinese the firm
    and the team by name, the moved visits joined by 、 and each visit given way with its agency; in English by codes
    joined by ", "; a slot with neither says neither. Kills insert_summary 1, 3, 4, 6–11, 14–22, 25–36."""
    y = tiny(visit("V1", D, E1, OFF))
    new = visit("I9", DAY, E2, (O0, O3), basis="triggered")
    moves = [Move("M1", DAY, DAY + dt.timedelta(days=1), OFF, OFF), Move("M2", DAY, DAY - dt.timedelta(days=1), OFF, OFF)]
    gave = [{"visit_id": "S1", "agency_id": "hb"}, {"visit_id": "S2", "agency_id": "hb"}]
    slot = Slot(DAY, HB, (O0, O3), moves, displaced=gave)
    firm, team = y.reg.firm(E2), y.reg.team_label(HB)
    assert firm != E2 and team != HB  # named, not coded, in Chinese
    assert insert_summary(T1, new, slot, y.reg) == (f"线索 T1 {firm} → I9 {DAY} {team}；改期 M1、M2；让位 S1（hb）、S2（hb） / "
                                                    f"trigger T1 {E2} → I9 {DAY} {HB}; moves M1, M2; gives way S1, S2")
    bare = Slot(DAY, HB, (O0, O3))
    assert insert_summary(T1, new, bare, y.reg) == f"线索 T1 {firm} → I9 {DAY} {team} / trigger T1 {E2} → I9 {DAY} {HB}"


# ---- insert._try with a visit moved out of the way (R-INSERT) -----------------------------------------------------------

def test_a_full_team_day_opens_by_moving_a_visit_to_its_nearest_day_and_everything_is_put_back() -> None:
    """R-INSERT: hb-140404's day is full (two visits, its cap); moving M1 opens it: M1 goes to its nearest lawful day
    after the freeze (the day before, nearest first and earlier on a tie), keeping its officers, who are free there; the
    slot lists the move with both days and both crews. After the proposal M1 is back on its day, with its officers, and
    the books are as before. Kills _try 1–6, 53–100, 127–145 (the movers' booking, the relocation, the move's fields,
    the undo)."""
    y = tiny(_sampled("M1", DAY, (O0, O1)), _sampled("M2", DAY, (O0, O3), ent=E3))
    assert not y.team_room(HB, DAY)
    before = books(y)
    s = _try(y, T1, DAY, HB, (y.visits["M1"],), TODAY)
    assert s is not None and len(s.officers) == 2
    nearest = DAY - dt.timedelta(days=1)  # Wednesday 19 May, after the freeze (17 May)
    assert [m.as_dict() for m in s.moves] == [{"visit_id": "M1", "from": DAY.isoformat(), "to": nearest.isoformat(),
                                               "officers_before": list(OFF), "officers_after": list(OFF)}]
    m1 = y.visits["M1"]
    assert (m1.date, m1.officer_ids) == (DAY, OFF) and books(y) == before == fresh_books(y) and set(y.visits) == {"M1", "M2"}


def test_a_visit_moved_out_of_an_insertions_way_goes_no_further_than_sixty_working_days() -> None:
    """R-INSERT (RELOCATE_SEARCH_DAYS: an insertion moves a visit only to a near lawful day): hb-140404's day is full
    and its officers are away on every working day from the freeze's end to 60 working days after it, so neither visit
    can move near: no slot, though the team is free further on. Kills _try 65, 70 (the reach lost: the whole year)."""
    y = tiny(_sampled("M1", DAY, (O0, O1)), _sampled("M2", DAY, (O0, O3), ent=E3))
    wd, i = y.reg.workdays, y.reg.wd_index[DAY]
    near = {d for d in wd[: i + RELOCATE_SEARCH_DAYS + 1] if d > UNTIL and d != DAY}
    y.reg.away = dict.fromkeys((O0, O1, O3), near)
    assert _try(y, T1, DAY, HB, (y.visits["M1"],), TODAY) is None
    assert _try(y, T1, DAY, HB, (y.visits["M2"],), TODAY) is None
    assert books(y) == fresh_books(y)
    y.reg.away = dict.fromkeys((O0, O1, O3), near - {wd[i + RELOCATE_SEARCH_DAYS]})  # the 60th working day after: free
    s = _try(y, T1, DAY, HB, (y.visits["M1"],), TODAY)
    assert s is not None and s.moves[0].to_date == wd[i + RELOCATE_SEARCH_DAYS]


# ---- insert._opened and propose (R-INSERT's search, R-JOINT) --------------------------------------------------------------

def test_of_two_moves_of_equal_cost_the_first_visit_by_id_moves() -> None:
    """R-INSERT (exact search, deterministic): hb-140404's day is full; moving M1 or M2 opens it at the same cost
    (one move, the same nearest day): M1, first by id, is the one moved. Kills _opened 66 (`<=`: the last kept)."""
    y = tiny(_sampled("M1", DAY, (O0, O1)), _sampled("M2", DAY, (O0, O3), ent=E3))
    s = _opened(y, T1, DAY, HB, TODAY)
    assert s is not None and [m.visit_id for m in s.moves] == ["M1"]
    assert books(y) == fresh_books(y)


def test_a_day_another_agency_enters_the_firm_is_not_offered_and_later_days_are() -> None:
    """R-JOINT: one on-site row per enterprise-day: gas enters the trigger's firm on 18 May, so no slot that day; the
    days after it are still offered. Kills propose 25 (the firm not passed), 26, 28 (the day not passed), 35 (`break`:
    no day after the first such day offered)."""
    first = dt.date(2027, 5, 11)  # the earliest day of a routine insertion received on TODAY
    y = tiny(_gas("G1", first))
    days = {s.day for s in propose(y, T1, TODAY, k=20)}
    assert first not in days and any(d > first for d in days)
    assert not any(s.day == first for s in propose(tiny(_gas("G1", first)), T1, TODAY, k=50))


def _firms(y: Year, n: int) -> list[str]:
    """n construction firms of district 140404 (hb's items apply), other than the triggers' firm."""
    return [e for e, r in sorted(y.reg.enterprises.items()) if r["district_code"] == "140404" and e != E2 and y.reg.items_for("hb", e)][:n]


def test_with_max_moved_visits_one_a_full_team_day_is_still_opened_by_one_move() -> None:
    """R-INSERT's `max_moved_visits` (1 here): hb-140404 takes one visit a day and every day of the window holds one (of
    ten firms), the city team none: no free slot, so the full team-days after the freeze are opened by one move each.
    Kills propose 62 (`max_moved_visits == 1` read as "no moves")."""
    y0 = tiny()
    lo, hi = y0.trigger_window(T1)
    days = [d for d in y0.reg.workdays if lo <= d <= hi]
    y = tiny(*(_sampled(f"M{n}", d, (O0, O1), ent=e) for n, (d, e) in enumerate(zip(days, _firms(y0, len(days)), strict=True))))
    set_cap(y, HB, 1)
    set_cap(y, CITY, 0)
    y.policy = y.reg.policy = dataclasses.replace(y.policy, max_moved_visits=1)
    got = propose(y, T1, TODAY)
    assert len(got) == 3 and all(len(s.moves) == 1 and s.day > UNTIL for s in got)
    assert books(y) == fresh_books(y)


# ---- insert.lawful_days (the days a moved visit may take: R-INSERT, R-JOINT, R-AVAIL, R-OFFICER-DRAW, R-RECUSE) ---------

def test_a_remote_check_moves_though_budgets_are_spent_and_onto_a_day_another_agency_enters_the_firm() -> None:
    """R-AVAIL counts on-site visits against the annual budget, R-JOINT counts entries (on-site): a remote check of a
    team whose officers' budgets are all spent still has days, the nearest ones (14 and 16 June) though gas enters the
    firm on both. Kills lawful_days 15 (`mode != "onsite"`: a remote check given no day), 33 (the mode not passed:
    the remote check read as an entry)."""
    y = tiny(visit("V", D, E1, (O0,), mode="remote"), _gas("G1", D - dt.timedelta(days=1), ent=E1), _gas("G2", D + dt.timedelta(days=1), ent=E1))
    for o in y.reg.team_officers[HB]:
        set_budget(y, o, 0)
    got = [m.day for m in move_slots(y, "V", TODAY)]
    assert got[:2] == [D - dt.timedelta(days=1), D + dt.timedelta(days=1)]


def test_a_moved_visits_missing_officer_is_redrawn_in_its_own_draw_order_past_a_recused_one() -> None:
    """R-OFFICER-DRAW / R-RECUSE: a visit of the city team (c0 and c1) moves; c1 is away all June, so on each day
    offered c0 is kept and c1's seat goes to the first free officer in the visit's own HMAC order — for each of five
    visit ids, whose orders differ; with that officer recused from the firm, to the next. Kills lawful_days 45 (the draw
    by no visit id), 46 (the firm not passed: the recused officer drawn)."""
    c = [f"hb-140400-0{i}" for i in range(5)]
    june = {D + dt.timedelta(days=n) for n in range(-14, 16)} - {D}

    def redrawn(vid: str, recused: set[tuple[str, str]]) -> set[tuple[str, ...]]:
        y = tiny(visit(vid, D, E1, (c[0], c[1])))
        y.reg.away = {c[1]: june}
        y.reg.recused = recused
        return {m.officers for m in move_slots(y, vid, TODAY)}

    reg = tiny().reg
    firsts = set()
    for vid in ("V1", "V2", "V3", "V4", "V5"):
        order = sorted(c[2:], key=lambda o: reg.draw_key(vid, o))
        firsts.add(order[0])
        assert redrawn(vid, set()) == {(c[0], order[0])}
        assert redrawn(vid, {(order[0], E1)}) == {(c[0], order[1])}
    assert len(firsts) > 1  # the five visits' own draws differ


# ---- insert._stub and apply (the inserted visit, R-INSERT / R-URGENT / R-PRIORITY) --------------------------------------

def test_the_inserted_visit_is_the_triggers_on_site_visit_with_its_items_and_the_firms_tier() -> None:
    """R-BASIS / R-ITEM / R-TIER / R-URGENT: the visit inserted is on site, led by the trigger's agency with its items
    for the firm, basis `triggered`, naming the trigger, the firm's tier (none where the firm was not in the
    selection), urgent as the trigger is. Kills _stub 7, 15, 29, 32, 33, 35, 39–45 (and 4, 6, 11, 13)."""
    y = tiny(visit("V1", D, E1, OFF))
    y.tiers = {E2: "B"}
    new, _ = apply(y, T1, propose(y, T1, TODAY)[0], TODAY, "planner")
    assert (new.mode, new.lead_agency_id, new.agency_ids, new.basis, new.trigger_id, new.tier, new.enterprise_id) == \
        ("onsite", "hb", ("hb",), "triggered", "T1", "B", E2)
    assert new.item_ids == tuple(y.reg.items_for("hb", E2)) and new.urgent is False
    y = tiny(visit("V1", D, E1, OFF))
    urgent = dataclasses.replace(T1, trigger_id="T2", urgent=True)
    new, ver = apply(y, urgent, propose(y, urgent, TODAY)[0], TODAY, "planner")
    assert new.tier == "" and new.urgent is True and ver.state == "started"


def test_a_sampled_visit_giving_way_is_cancelled_with_its_reason_listed_and_audited() -> None:
    """R-PRIORITY / R-EXPLAIN / R-AUDIT: applying a slot where S1 gives way cancels S1 (hb was its only agency), says why
    in both languages, lists it as a shortfall naming the trigger's visit, audits it, and the version's changes carry
    what a rejection restores. A slot gone stale (S1 notified since) is refused (409) and nothing changes.
    Kills apply 7, 10–46 (the give-way's checks, words and bookkeeping)."""
    y = tiny(_sampled("S1", D, (O0, O1)))
    y.reg.away = {O3: {DAY}}
    _spend(y, O0, O1)
    slot = _try_displace(y, T1, DAY, HB, TODAY)
    assert slot is not None
    new, ver = apply(y, T1, slot, TODAY, "planner")
    s1 = y.visits["S1"]
    why = f"R-PRIORITY: its hb officers' annual budget went to trigger T1 ({new.visit_id})"
    assert s1.status == "cancelled" and s1.reason == f"该检查（hb部分）让位于线索 T1（{new.visit_id}）：执法人员年度检查额度用尽（R-PRIORITY） / {why}"
    assert y.shortfalls[-1] == {"rule": "R-PRIORITY", "id": E1, "visit_id": "S1", "agency_id": "hb", "to": new.visit_id, "binding": why,
                                "binding_zh": f"该检查（hb部分）让位于线索 T1（{new.visit_id}）：执法人员年度检查额度用尽"}
    assert [e for e in y.log if e["action"] == "visit.give_way"] == [
        {"on": TODAY.isoformat(), "who": "planner", "action": "visit.give_way", "visit_id": "S1", "to": new.visit_id, "agency_id": "hb",
         "was": ("hb",)}]
    gave = [c for c in ver.changes if c["action"] == "give_way"]
    assert len(gave) == 1 and gave[0]["visit_id"] == "S1" and gave[0]["was"]["status"] == "planned"
    assert books(y) == fresh_books(y)
    # the same slot offered again after S1 was notified: refused, nothing stored
    y = tiny(_sampled("S1", D, (O0, O1)))
    y.reg.away = {O3: {DAY}}
    _spend(y, O0, O1)
    slot = _try_displace(y, T1, DAY, HB, TODAY)
    assert slot is not None
    y.visits["S1"].status = "notified"
    before, seq, visits = books(y), y._seq, set(y.visits)
    with pytest.raises(YearError) as e:
        apply(y, T1, slot, TODAY, "planner")
    assert (e.value.field, e.value.rule, e.value.status) == ("slot", "R-INSERT", 409)
    assert (e.value.zh, e.value.en) == ("检查 S1 已锁定或已变化，不能让出", "visit S1 is pinned or changed: it cannot give way")
    assert (books(y), y._seq, set(y.visits), "T1" in y.triggers) == (before, seq, visits, False)


def test_an_insertion_moving_a_visit_is_one_version_audited_and_a_stale_slot_changes_nothing() -> None:
    """R-INSERT / R-APPROVE / R-AUDIT: applying a slot that moves M1 moves it, places the trigger's visit (an I-numbered
    id), makes one version whose summary is the insertion's and audits the insertion with its version and moves. The
    same slot once M1 is notified (pinned) or moved since is refused (409, both languages) and nothing changes — also
    where a visit had already given way for it (put back). Kills apply 15, 53–87, 109–125, 206, 228–244."""
    def full() -> tuple[Year, Slot]:
        y = tiny(_sampled("M1", DAY, (O0, O1)), _sampled("M2", DAY, (O0, O3), ent=E3))
        s = _try(y, T1, DAY, HB, (y.visits["M1"],), TODAY)
        assert s is not None and len(s.moves) == 1
        return y, s

    y, slot = full()
    new, ver = apply(y, T1, slot, TODAY, "planner")
    assert new.visit_id.startswith("I") and new.visit_id[1:].isdigit() and new.date == DAY
    assert y.visits["M1"].date == slot.moves[0].to_date and ver.summary == insert_summary(T1, new, slot, y.reg)
    assert [e for e in y.log if e["action"] == "visit.insert"] == [
        {"on": TODAY.isoformat(), "who": "planner", "action": "visit.insert", "visit_id": new.visit_id, "trigger_id": "T1",
         "version": ver.number, "moves": [m.as_dict() for m in slot.moves], "urgent": False}]
    assert books(y) == fresh_books(y)

    def refused(y: Year, slot: Slot) -> YearError:
        before, seq, visits, log = books(y), y._seq, set(y.visits), len(y.log)
        with pytest.raises(YearError) as e:
            apply(y, T1, slot, TODAY, "planner")
        assert (books(y), y._seq, set(y.visits), len(y.log), "T1" in y.triggers) == (before, seq, visits, log, False)
        assert (e.value.field, e.value.rule, e.value.status) == ("slot", "R-INSERT", 409)
        return e.value

    y, slot = full()
    y.visits["M1"].status = "notified"
    e = refused(y, slot)
    assert (e.zh, e.en) == ("检查 M1 已锁定（已完成、已通知或在冻结期内），不能调整", "visit M1 is pinned (done, notified or frozen) and never moves")
    y, slot = full()
    y.move(y.visits["M1"], DAY + dt.timedelta(days=7), OFF)
    e = refused(y, slot)
    assert (e.zh, e.en) == ("计划已变化，请重新推荐时段", "the plan changed since the slots were offered: ask again")
    # a second move gone stale after the first was made, and a visit that had given way: all put back
    y, slot = full()
    stale = Move("M2", DAY - dt.timedelta(days=1), DAY + dt.timedelta(days=1), (O0, O3), (O0, O3))
    both = Slot(slot.day, slot.team, slot.officers, [slot.moves[0], stale])
    refused(y, both)
    assert (y.visits["M1"].date, y.visits["M1"].officer_ids) == (DAY, OFF)
    y = tiny(_sampled("S1", D, (O0, O1)))
    y.reg.away = {O3: {DAY}}
    _spend(y, O0, O1)
    gave = _try_displace(y, T1, DAY, HB, TODAY)
    assert gave is not None
    gave.moves = [Move("S1", DAY, DAY, (O0, O1), (O0, O1))]  # names S1 on a day it is not on: stale
    refused(y, gave)
    assert y.visits["S1"].status == "planned" and y.visits["S1"].agency_ids == ("hb",)
    # a visit given way whose agency part is already gone: refused
    y = tiny(_sampled("S1", D, (O0, O1)))
    y.reg.away = {O3: {DAY}}
    _spend(y, O0, O1)
    gave = _try_displace(y, T1, DAY, HB, TODAY)
    assert gave is not None
    gave.displaced[0]["agency_id"] = "gas"
    e = refused(y, gave)
    assert e.en == "visit S1 is pinned or changed: it cannot give way"
