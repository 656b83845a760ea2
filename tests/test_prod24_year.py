"""prod24a: the year as a bureau lives it. A leave already begun when it is reported (R-REPLAN), and a visit given a new
day by a planner (改期, R-INSERT's slots, a version a leader approves). Hand-made years of the example bureau (no solve),
and the service once through its pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from execution import Year, YearError
from execution.context import Visit
from execution.replan import officer_unavailable
from execution.reschedule import move_slots, move_visit
from execution.year import Caller
from tests.test_mut15_replan import E1, E2, TODAY, D, books, fresh_books, set_cap, tiny, visit

O1, O2, O3 = "hb-140404-00", "hb-140404-01", "hb-140404-03"  # the enforcement officers of team hb-140404
YESTERDAY = D - dt.timedelta(days=1)  # 14 June 2027, a Monday and a working day


# ---- 1. a leave already begun (R-REPLAN) ---------------------------------------------------------------------------

def test_a_leave_begun_yesterday_is_entered_and_todays_visit_restaffed() -> None:
    """Ill since yesterday, reported today: accepted; today's visit is re-staffed as any; yesterday's visit, not recorded,
    stays as it is (nobody is sent to a day gone by), listed, and its record cannot name the officer (R-AVAIL)."""
    past = visit("P", YESTERDAY, E2, (O1, O2), status="overdue")
    now = visit("V", D, E1, (O1, O2))
    y = tiny(past, now)
    res = officer_unavailable(y, O1, YESTERDAY, D + dt.timedelta(days=2), D, "planner")
    assert y.extra_away[O1] == {YESTERDAY + dt.timedelta(days=i) for i in range(4)}
    assert res.restaffed == ["V"] and set(now.officer_ids) == {O2, O3} and res.unrecorded == ["P"]
    assert past.officer_ids == (O1, O2) and past.status == "overdue" and past.date == YESTERDAY
    assert res.as_dict()["unrecorded"] == ["P"] and y.versions[-1].kind == "replan"
    assert books(y) == fresh_books(y)
    with pytest.raises(YearError) as e:
        y.record("P", YESTERDAY, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=D)
    assert e.value.rule == "R-PAIR" and f"（{O1}）{YESTERDAY} 不可用" in e.value.zh, e.value.zh  # the pair fails without them
    assert y.record("P", YESTERDAY, [O2, O3], {"hb-q": "compliant"}, Caller("clerk"), today=D).late  # who went instead


def test_a_leave_over_a_day_the_officer_is_recorded_present_is_refused_and_nothing_changes() -> None:
    done = visit("P", YESTERDAY, E2, (O1, O2))
    y = tiny(done, visit("V", D, E1, (O1, O2)))
    y.record("P", YESTERDAY, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=YESTERDAY)
    log, versions = list(y.log), len(y.versions)
    for kind, end in (("leave", D), ("suspended", None)):
        with pytest.raises(YearError) as e:
            officer_unavailable(y, O1, YESTERDAY - dt.timedelta(days=3), end, D, "planner", kind=kind)
        assert (e.value.field, e.value.rule, e.value.status) == ("start_on", "R-REPLAN", 409)
        assert f"已记录于 {YESTERDAY} 到场执行检查 P" in e.value.zh and f"请自 {D} 起登记" in e.value.zh, e.value.zh
        assert f"recorded present on visit P on {YESTERDAY}" in e.value.en and f"enter it from {D}" in e.value.en, e.value.en
        assert y.extra_away == {} and y.suspended == {} and y.log == log and len(y.versions) == versions
        assert y.visits["V"].officer_ids == (O1, O2)
    res = officer_unavailable(y, O1, D, D, D, "planner")  # from the day after the record: as the refusal said
    assert res.restaffed == ["V"] and y.extra_away == {O1: {D}}


def test_a_leave_before_the_record_of_another_officer_is_not_refused() -> None:
    y = tiny(visit("P", YESTERDAY, E2, (O2, O3)))
    y.record("P", YESTERDAY, [O2, O3], {"hb-q": "compliant"}, Caller("clerk"), today=YESTERDAY)
    officer_unavailable(y, O1, YESTERDAY, D, D, "planner")
    assert y.extra_away == {O1: {YESTERDAY, D}}


@pytest.fixture(scope="module")
def service(tiny_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[object, dict[str, dict[str, str]], int]]:
    """The tiny bureau's plan, approved, in a service of its own (one solve for the module)."""
    from tests.api_helpers import approved_plan

    yield approved_plan(tiny_dir, tmp_path_factory.mktemp("prod24"), "y.db")


def _year_of(client: object, pid: int) -> Year:
    from sqlmodel import Session

    from api import yearstore

    with Session(client.app.state.engine) as s:  # type: ignore[attr-defined]
        return yearstore.read(s, client.app.state.settings, pid)  # type: ignore[attr-defined]


def test_the_service_takes_a_leave_begun_yesterday(service: tuple[object, dict[str, dict[str, str]], int],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    client, h, pid = service
    y = _year_of(client, pid)
    v = next(v for v in sorted(y.visits.values(), key=lambda v: (v.date, v.visit_id))
             if v.date > dt.date(2027, 5, 1) and v.mode == "onsite" and v.status == "planned")
    today = v.date
    before = y.reg.workdays[y.reg.wd_index[today] - 1]
    monkeypatch.setenv("INSPECTION_TODAY", today.isoformat())
    officer = v.officer_ids[0]
    r = client.post(f"/api/plans/{pid}/year/leave", headers=h["planner"],  # type: ignore[attr-defined]
                    json={"officer_id": officer, "start_on": before.isoformat(), "end_on": today.isoformat()})
    assert r.status_code == 200, r.text
    assert v.visit_id in r.json()["restaffed"] + [m["visit_id"] for m in r.json()["moved"]] + [s["id"] for s in r.json()["shortfalls"]]
    after = _year_of(client, pid)
    assert {before, today} <= after.extra_away[officer] and officer not in after.visits[v.visit_id].officer_ids


# ---- 2. 改期: a planner moves a visit (R-INSERT's days, a version a leader approves) ----------------------------------

def _move_case() -> tuple[Year, Visit]:
    """V on D (Tuesday 15 June); team hb-140404 takes one visit a day, and W of another firm holds 16 June; O1 is away on
    the 17th. Today is 10 May: nothing in June is frozen."""
    v = visit("V", D, E1, (O1, O2))
    w = visit("W", D + dt.timedelta(days=1), E2, (O2, O3))
    y = tiny(v, w)
    set_cap(y, "hb-140404", 1)
    y.extra_away[O1] = {D + dt.timedelta(days=2)}
    return y, v


def test_the_days_offered_keep_every_rule_and_the_move_is_a_version_to_approve() -> None:
    y, v = _move_case()
    slots = move_slots(y, "V", TODAY)
    assert [s.day for s in slots] == [dt.date(2027, 6, 14), dt.date(2027, 6, 17), dt.date(2027, 6, 18), dt.date(2027, 6, 11),
                                      dt.date(2027, 6, 10)]  # nearest first; not the 16th (the team's day is full, R-AVAIL)
    on17 = next(s for s in slots if s.day == dt.date(2027, 6, 17))
    assert set(on17.officers) == {O2, O3} and on17.shift == 2  # O1 is away that day: drawn from the team (R-OFFICER-DRAW)
    assert slots[0].officers == (O1, O2)  # kept where free
    ver = move_visit(y, "V", dt.date(2027, 6, 17), TODAY, "planner", "企业当日停业")
    assert v.date == dt.date(2027, 6, 17) and set(v.officer_ids) == {O2, O3} and v.status == "planned" and y.lawful(v) == []
    assert books(y) == fresh_books(y)
    # holds its new day, awaiting approval: neither noticed nor recorded until then (R-APPROVE; walk46 G3)
    assert (ver.kind, ver.state, ver.created_by) == ("move", "submitted", "planner")
    assert y.awaiting_approval("V") is ver
    assert ver.changes == [{"action": "move", "visit_id": "V", "from": "2027-06-15", "to": "2027-06-17", "officers_before": [O1, O2],
                            "officers_after": list(v.officer_ids), "was": "planned", "reason": "企业当日停业"}]
    assert "V" in ver.summary and "2027-06-15→2027-06-17" in ver.summary and "企业当日停业" in ver.summary
    event = y.log[-1]
    assert (event["action"], event["who"], event["visit_id"], event["version"], event["from"], event["to"]) == (
        "visit.reschedule", "planner", "V", ver.number, "2027-06-15", "2027-06-17")
    y.approve_version(ver.number, "leader", TODAY)
    assert ver.state == "approved" and v.date == dt.date(2027, 6, 17)


def test_a_rejection_puts_the_visit_back_on_its_day() -> None:
    y, v = _move_case()
    ver = move_visit(y, "V", dt.date(2027, 6, 14), TODAY, "planner", "队伍应急")
    y.reject_version(ver.number, "leader", TODAY, "原日期可行")
    assert (v.date, v.officer_ids, v.status) == (D, (O1, O2), "planned") and ver.state == "rejected" and ver.kept == []
    assert books(y) == fresh_books(y)
    # the leader's decision in the visit's own trail too (walk42 F4), then the change's
    assert [e["action"] for e in y.log][-3:] == ["visit.move_back", "visit.change_rejected", "version.reject"]


def test_an_overdue_visit_moves_its_notice_is_void_and_a_rejection_makes_it_overdue_again() -> None:
    """The day passed unrecorded (R-RECORD: overdue): it pins nothing, so it may move (docs/decisions.md); the notice
    served named the day gone by, so it is void; rejected, it goes back overdue to its day."""
    today = dt.date(2027, 6, 21)
    v = visit("V", D, E1, (O1, O2), status="overdue")
    y = tiny(v)
    y.audit(dt.date(2027, 6, 14), "planner", "visit.notified", team="", visits=["V"])
    slots = move_slots(y, "V", today)
    assert all(s.day > y.freeze_until(today) for s in slots)  # after the freeze, as every move (R-INSERT)
    ver = move_visit(y, "V", slots[0].day, today, "planner", "企业上周停业")
    assert v.status == "planned" and v.date == slots[0].day
    assert [e["action"] for e in y.log][-2:] == ["visit.notice_void", "visit.reschedule"]
    assert y.mark_overdue(today) == []
    y.reject_version(ver.number, "leader", today, "按原计划补录")
    assert (v.date, v.officer_ids, v.status) == (D, (O1, O2), "overdue") and ver.kept == []
    assert books(y) == fresh_books(y)


def _refusal(y: Year, v: Visit, today: dt.date = TODAY, day: dt.date = dt.date(2027, 6, 14), reason: str = "停业") -> YearError:
    state = (v.date, v.officer_ids, v.status, len(y.log), len(y.versions), books(y))
    with pytest.raises(YearError) as e:
        move_visit(y, v.visit_id, day, today, "planner", reason)
    assert (v.date, v.officer_ids, v.status, len(y.log), len(y.versions), books(y)) == state  # nothing stored
    assert e.value.zh and e.value.en and e.value.zh != e.value.en
    return e.value


@pytest.mark.parametrize("status", ["done", "cancelled"])
def test_a_visit_done_or_cancelled_is_not_moved(status: str) -> None:
    y, v = _move_case()
    if status == "done":
        y.record("V", D, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=D)
    else:
        y.set_status("V", "cancelled", TODAY, "planner", "企业注销")
    e = _refusal(y, v)
    assert (e.status, e.rule, e.field) == (409, "R-INSERT", "visit_id") and "不能改期" in e.zh and f"is {status}" in e.en
    with pytest.raises(YearError):
        move_slots(y, "V", TODAY)


def test_a_pinned_visit_is_not_moved() -> None:
    y, v = _move_case()
    v.status = "notified"
    e = _refusal(y, v)
    assert (e.status, e.rule) == (409, "R-INSERT") and "已送达检查通知书" in e.zh and "notified" in e.en
    v.status = "planned"
    e = _refusal(y, v, today=dt.date(2027, 6, 10))  # 15 June is within five working days
    assert (e.status, e.rule) == (409, "R-INSERT") and "冻结期" in e.zh and "freeze" in e.en


def test_no_lawful_day_and_a_day_no_longer_lawful_are_refused() -> None:
    y, v = _move_case()
    e = _refusal(y, v, day=dt.date(2027, 6, 16))  # the team's day is full: named, with its rule (foreign36)
    assert (e.status, e.rule, e.field) == (409, "R-AVAIL", "day") and "2027-06-16" in e.zh and "hb-140404 is full" in e.en
    e = _refusal(y, v, day=dt.date(2027, 6, 19))  # a Saturday (R-WORKDAY)
    assert (e.status, e.rule, e.field) == (422, "R-WORKDAY", "day") and "2027-06-19" in e.en
    set_cap(y, "hb-140404", 0)  # no day of the team has room
    e = _refusal(y, v)
    assert (e.status, e.rule, e.field) == (409, "R-INSERT", "day") and "没有满足全部硬性规则的日期" in e.zh and "no day" in e.en
    with pytest.raises(YearError) as s:
        move_slots(y, "V", TODAY)
    assert s.value.zh == e.zh


def test_a_plan_not_approved_or_a_closed_year_and_a_missing_reason_are_refused() -> None:
    y, v = _move_case()
    assert _refusal(y, v, reason=" ").field == "reason"
    y.plan_state = "submitted"
    assert _refusal(y, v).rule == "R-APPROVE"
    y.plan_state, y.closed_on = "approved", dt.date(2027, 12, 31)
    assert _refusal(y, v).rule == "R-PUBLISH"


def test_the_visit_page_moves_a_visit(service: tuple[object, dict[str, dict[str, str]], int], monkeypatch: pytest.MonkeyPatch) -> None:
    """The planner's 改期 on the visit page: the days offered, one picked with a reason, the version on the page."""
    import re

    from api.deps import COOKIE
    from api.security import csrf_for

    client, h, pid = service
    monkeypatch.setenv("INSPECTION_TODAY", "2027-03-31")
    y = _year_of(client, pid)
    v = next(v for v in sorted(y.visits.values(), key=lambda v: (v.date, v.visit_id))
             if v.date > dt.date(2027, 4, 30) and v.status == "planned" and y.awaiting_approval(v.visit_id) is None)
    token_ = h["planner"]["Authorization"].split()[1]
    client.cookies.set(COOKIE, token_)  # type: ignore[attr-defined]
    client.headers["X-CSRF-Token"] = csrf_for(token_)  # type: ignore[attr-defined]
    page = client.get(f"/plans/{pid}/year/visits/{v.visit_id}").text  # type: ignore[attr-defined]
    assert 'id="move-ask"' in page
    page = client.get(f"/plans/{pid}/year/visits/{v.visit_id}?move=1").text  # type: ignore[attr-defined]
    days = re.findall(r'name="day" value="(\d{4}-\d\d-\d\d)"', page.split('id="move-form"', 1)[1])
    assert days, page
    r = client.post(f"/plans/{pid}/year/visits/{v.visit_id}/move", data={"day": "2027-06-19", "reason": "企业停业"},  # type: ignore[attr-defined]
                    follow_redirects=False)
    assert r.status_code == 303 and "error=" in r.headers["location"]  # a Saturday: refused, nothing stored
    assert _year_of(client, pid).visits[v.visit_id].date == v.date
    r = client.post(f"/plans/{pid}/year/visits/{v.visit_id}/move", data={"day": days[0], "reason": "企业停业"},  # type: ignore[attr-defined]
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/plans/{pid}/year/visits/{v.visit_id}", r.headers["location"]
    after = _year_of(client, pid)
    assert after.visits[v.visit_id].date.isoformat() == days[0] and after.versions[-1].kind == "move"
    assert after.versions[-1].state == "submitted" and after.log[-1]["action"] == "visit.reschedule"
    page = client.get(f"/plans/{pid}/year/visits/{v.visit_id}").text  # type: ignore[attr-defined]
    assert "move-waiting" in page and f"{v.date}→{days[0]}" in page and "move-reject" not in page
    lead = h["leader"]["Authorization"].split()[1]
    client.cookies.set(COOKIE, lead)  # type: ignore[attr-defined]
    client.headers["X-CSRF-Token"] = csrf_for(lead)  # type: ignore[attr-defined]
    page = client.get(f"/plans/{pid}/year/visits/{v.visit_id}").text  # type: ignore[attr-defined]
    number = after.versions[-1].number
    assert f'/year/versions/{number}/approve"' in page and f'/year/versions/{number}/reject"' in page  # the leader decides here
    board = client.get(f"/plans/{pid}/year").text  # type: ignore[attr-defined]
    assert f'/year/versions/{number}/reject"' in board  # and on the year board, as an insertion or a cancellation
    r = client.post(f"/plans/{pid}/year/versions/{number}/reject", data={"comment": "原日期可行"}, follow_redirects=False)  # type: ignore[attr-defined]
    assert r.status_code == 303 and _year_of(client, pid).visits[v.visit_id].date == v.date


def test_the_api_offers_days_and_refuses_a_visit_done(service: tuple[object, dict[str, dict[str, str]], int],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    client, h, pid = service
    monkeypatch.setenv("INSPECTION_TODAY", "2027-03-31")
    y = _year_of(client, pid)
    v = next(v for v in sorted(y.visits.values(), key=lambda v: (v.date, v.visit_id), reverse=True)
             if v.status == "planned" and y.awaiting_approval(v.visit_id) is None)
    r = client.get(f"/api/plans/{pid}/year/visits/{v.visit_id}/slots", headers=h["planner"])  # type: ignore[attr-defined]
    assert r.status_code == 200, r.text
    day = r.json()["slots"][0]["day"]
    assert client.get(f"/api/plans/{pid}/year/visits/{v.visit_id}/slots", headers=h["leader"]).status_code == 403  # type: ignore[attr-defined]
    r = client.post(f"/api/plans/{pid}/year/visits/{v.visit_id}/move", headers=h["planner"], json={"day": day})  # type: ignore[attr-defined]
    assert r.status_code == 422 and r.json()["detail"]["field"] == "reason", r.text
    r = client.post(f"/api/plans/{pid}/year/visits/{v.visit_id}/move", headers=h["planner"],  # type: ignore[attr-defined]
                    json={"day": day, "reason": "队伍应急"})
    assert r.status_code == 200 and r.json()["visit"]["date"] == day, r.text
    r = client.post(f"/api/plans/{pid}/year/versions/{r.json()['version']}/reject", headers=h["leader"],  # type: ignore[attr-defined]
                    json={"comment": "不同意"})
    assert r.status_code == 200, r.text
    assert _year_of(client, pid).visits[v.visit_id].date == v.date  # back on its day
    gone = next(x for x in y.visits.values() if x.status == "planned" and x is not v and y.awaiting_approval(x.visit_id) is None)
    r = client.post(f"/api/plans/{pid}/year/visits/{gone.visit_id}/status", headers=h["planner"],  # type: ignore[attr-defined]
                    json={"status": "cancelled", "reason": "企业注销"})
    assert r.status_code == 200, r.text
    r = client.get(f"/api/plans/{pid}/year/visits/{gone.visit_id}/slots", headers=h["planner"])  # type: ignore[attr-defined]
    assert r.status_code == 409 and "不能改期" in r.json()["detail"]["message_zh"], r.text


def test_an_overdue_visit_whose_lawful_days_lie_beyond_sixty_working_days_is_offered_them() -> None:
    """walk28: a tier-D firm's first mandatory visit (4 January) passed unrecorded, its second is on 12 May. Moving the
    first needs 90 days from the second (R-GAP, min_days_between_repeat_visits) on top of the freeze, so its lawful days
    start on 10 August — more than 60 working days from its old day. A planner's 改期 searches the whole window (the
    nearest lawful day, R-REPLAN / R-INSERT); it was refused as if the year had no such day."""
    today = dt.date(2027, 3, 15)
    first = visit("V", dt.date(2027, 1, 4), E1, (O1, O2), status="overdue", basis="mandatory")
    second = visit("W", dt.date(2027, 5, 12), E1, (O1, O3), basis="mandatory")
    y = tiny(first, second)
    gap = y.policy.min_days_between_repeat_visits
    slots = move_slots(y, "V", today)
    assert slots and all(abs((s.day - second.date).days) >= gap for s in slots)
    assert slots[0].day == second.date + dt.timedelta(days=gap)  # 10 August, a Tuesday: the nearest lawful day
    assert y.reg.wd_index[slots[0].day] - y.reg.wd_index[first.date] > 60
    ver = move_visit(y, "V", slots[0].day, today, "planner", "企业一季度停产")
    assert first.date == slots[0].day and first.status == "planned" and y.lawful(first) == [] and ver.state == "submitted"


def test_a_visit_an_insertion_moves_out_of_its_way_stays_near() -> None:
    """R-INSERT's slot search moves a visit out of the trigger's way only within RELOCATE_SEARCH_DAYS working days (it
    runs for every candidate slot, and a visit sent months away is not "near"); a planner's move is not so bounded."""
    from execution.insert import RELOCATE_SEARCH_DAYS, move_days

    v = visit("V", D, E1, (O1, O2))
    y = tiny(v)
    near, whole = move_days(y, v, TODAY, reach=RELOCATE_SEARCH_DAYS), move_days(y, v, TODAY)
    assert set(near) < set(whole) and max(abs(y.reg.wd_index[d] - y.reg.wd_index[D]) for d in near) == RELOCATE_SEARCH_DAYS
    assert whole[0] in near and max(whole) == max(y.reg.workdays)
