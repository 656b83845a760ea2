"""An absence entered by mistake, withdrawn (撤销人员不可用登记; execution/replan.py withdraw_absence).

Round 27's note: "a leave entered by mistake cannot be withdrawn; its re-plan moved and re-staffed visits". Each case
builds a hand-made year of the example bureau (tests/test_mut15_replan.py's helpers), enters an absence, withdraws it,
and reads what came back and what stayed, and why.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from execution import Year, YearError
from execution.replan import absences, officer_unavailable, snap, withdraw_absence
from tests.test_mut15_replan import (
    E1,
    E2,
    E403,
    TODAY,
    D,
    _alone,
    _swap_case,
    books,
    example,
    fresh_books,
    set_budget,
    set_cap,
    tiny,
    visit,
)

OFF = "hb-140404-00"
WHY = "登记错了人 / wrong officer"


def test_a_restaffed_visit_gets_its_officer_back_and_the_days_count_again() -> None:
    v = visit("V1", D, E1, (OFF, "hb-140404-01"))
    y = tiny(v)
    res = officer_unavailable(y, OFF, D, D + dt.timedelta(days=2), TODAY, "planner")
    assert OFF not in v.officer_ids and y.is_away(OFF, D)
    out = withdraw_absence(y, 1, TODAY, "planner2", WHY)
    assert v.officer_ids == (OFF, "hb-140404-01") and v.date == D and v.status == "planned"
    assert not any(y.is_away(OFF, D + dt.timedelta(days=i)) for i in range(3)) and OFF not in y.extra_away
    assert out.restored == ["V1"] and out.kept == [] and out.renotify == []
    ver = y.versions[-1]
    assert (ver.number, ver.kind, ver.state, ver.created_by) == (res.version + 1, "withdraw", "started", "planner2")  # type: ignore[operator]
    assert ver.changes == [{"action": "restore", "visit_id": "V1", "absence": 1}] and out.version == ver.number
    n = res.version - 1  # type: ignore[operator]  # the re-plan's in-year change number
    assert ver.summary.split(" / ") == [f"撤销 {OFF} 请假 {D}–{D + dt.timedelta(days=2)}（年内调整第{n}次，原因：登记错了人／wrong officer）：恢复 1，保持 0",
                                        f"{OFF} leave {D}–{D + dt.timedelta(days=2)} withdrawn (in-year change {n}; reason: 登记错了人／wrong officer): "
                                        "1 put back, 0 kept"]
    (a,) = absences(y)
    assert (a.number, a.officer_id, a.kind, a.version, a.withdrawn_by, a.withdrawn_reason) == (1, OFF, "leave", res.version, "planner2", WHY)
    assert y.log[-1]["action"] == "officer.absence_withdrawn" and y.log[-1]["version"] == ver.number
    assert books(y) == fresh_books(y)


def test_a_moved_visit_goes_back_to_its_day() -> None:
    y, v = _alone()
    officer_unavailable(y, "hb-140403-03", D, D, TODAY, "planner")
    assert v.date != D
    out = withdraw_absence(y, 1, TODAY, "planner", WHY)
    assert out.restored == ["V1"] and v.date == D and set(v.officer_ids) == {"hb-140403-03", "hb-140403-04"}
    assert books(y) == fresh_books(y)


def test_a_cancelled_visit_is_planned_again_and_its_shortfall_goes() -> None:
    y, v = _alone()
    today = dt.date(2027, 6, 4)  # the visit is not frozen, and no day of its window is lawful: a shortfall, cancelled
    officer_unavailable(y, "hb-140403-03", D, None, today, "planner", kind="suspended")
    assert v.status == "cancelled" and len(y.shortfalls) == 1
    out = withdraw_absence(y, 1, today, "planner", WHY)
    assert out.restored == ["V1"] and v.status == "planned" and y.shortfalls == [] and y.suspended == {}
    assert not v.reason.startswith("R-REPLAN") and books(y) == fresh_books(y)


def test_a_joint_visit_gets_back_the_agency_it_lost() -> None:
    v = visit("J", D, E403, ("hb-140403-03", "hb-140403-04", "um-140403-00", "um-140403-01"), agencies=("hb", "um"))
    before = snap(v)
    y = tiny(v)
    set_cap(y, "hb-140400", 0)
    today = dt.date(2027, 6, 4)  # frozen to 14 June; suspended from the visit's day on: no lawful day, the hb part is lost
    officer_unavailable(y, "hb-140403-04", D, None, today, "planner", kind="suspended")
    assert v.agency_ids == ("um",)
    out = withdraw_absence(y, 1, today, "planner", WHY)
    assert out.restored == ["J"] and snap(v) == before and books(y) == fresh_books(y)


def test_a_notified_visit_comes_back_planned_to_be_served_again() -> None:
    v = visit("V1", D, E1, (OFF, "hb-140404-01"), status="notified")
    y = tiny(v)
    officer_unavailable(y, OFF, D, D, TODAY, "planner")
    out = withdraw_absence(y, 1, TODAY, "planner", WHY)
    assert v.officer_ids == (OFF, "hb-140404-01") and v.status == "planned" and out.renotify == ["V1"]


def test_a_budget_swap_is_undone_on_both_visits() -> None:
    y, v, w = _swap_case()
    officer_unavailable(y, OFF, D, D, TODAY, "planner")
    assert OFF in w.officer_ids
    out = withdraw_absence(y, 1, TODAY, "planner", WHY)
    assert sorted(out.restored) == ["V", "W"]
    assert v.officer_ids == (OFF, "hb-140404-01") and w.officer_ids == ("hb-140404-03", "hb-140404-01")
    assert books(y) == fresh_books(y)


def test_a_visit_changed_since_stays_and_says_why() -> None:
    v = visit("V1", D, E1, (OFF, "hb-140404-01"))
    w = visit("W1", D + dt.timedelta(days=1), E2, (OFF, "hb-140404-01"))
    y = tiny(v, w)
    officer_unavailable(y, OFF, D, D + dt.timedelta(days=1), TODAY, "planner")
    w.status = "notified"  # its new notice served since
    out = withdraw_absence(y, 1, TODAY, "planner", WHY)
    assert out.restored == ["V1"] and [k["visit_id"] for k in out.kept] == ["W1"]
    assert out.kept[0]["rule"] == "R-REPLAN" and "since" in out.kept[0]["why"] and OFF not in w.officer_ids
    assert y.versions[-1].kept == out.kept


def test_a_visit_restaffed_or_cancelled_on_its_own_day_comes_back_inside_the_freeze() -> None:
    """The freeze holds a visit's day, not the mistake made on it (bench/year.py: 40 of 65 kept were re-staffed or
    cancelled inside it)."""
    v = visit("V1", D, E1, (OFF, "hb-140404-01"))
    y = tiny(v)
    officer_unavailable(y, OFF, D, D, TODAY, "planner")
    later = D - dt.timedelta(days=1)  # withdrawn the day before: the visit is within the freeze
    out = withdraw_absence(y, 1, later, "planner", WHY)
    assert out.restored == ["V1"] and v.officer_ids == (OFF, "hb-140404-01") and v.date == D
    y, v = _alone()
    today = D - dt.timedelta(days=1)
    officer_unavailable(y, "hb-140403-03", D, D, today, "planner")  # frozen and nobody to staff it: cancelled
    assert v.status == "cancelled"
    assert withdraw_absence(y, 1, today, "planner", WHY).restored == ["V1"] and v.status == "planned" and y.shortfalls == []


def test_a_day_gone_by_stays() -> None:
    v = visit("V1", D, E1, (OFF, "hb-140404-01"))
    y = tiny(v)
    officer_unavailable(y, OFF, D, D, TODAY, "planner")
    out = withdraw_absence(y, 1, D + dt.timedelta(days=1), "planner", WHY)
    assert out.restored == [] and OFF not in v.officer_ids
    (k,) = out.kept
    assert k["rule"] == "R-INSERT" and k["why"] == f"its day {D} has passed: it stays as it is" and k["why_zh"].startswith(f"日期 {D} 已过")
    assert out.version is not None and y.versions[-1].kept == out.kept  # nothing put back, still a version saying what stays
    assert not y.is_away(OFF, D)  # the officer counts again all the same


def test_a_visit_moved_into_the_freeze_stays_there() -> None:
    """Moved by the re-plan to a day that is within the freeze by the time of the withdrawal: it stays, and the reason
    names that day (review29: a mutant dropping this check passed every test)."""
    y, v = _alone()
    officer_unavailable(y, "hb-140403-03", D, D, TODAY, "planner")
    moved_to = v.date
    assert moved_to == D - dt.timedelta(days=1)
    today = dt.date(2027, 6, 4)  # the freeze runs to 14 June: the visit's day now (14 June) is in it, its day before (15 June) not
    assert y.freeze_until(today) == moved_to
    out = withdraw_absence(y, 1, today, "planner", WHY)
    assert out.restored == [] and v.date == moved_to
    (k,) = out.kept
    assert k["rule"] == "R-INSERT" and str(moved_to) in k["why"] and str(moved_to) in k["why_zh"] and str(D) not in k["why"]
    assert k["why"].startswith("its day ") and k["why_zh"].startswith("日期 ")
    # its day before the re-plan frozen as well: that day is the one named
    y, v = _alone()
    officer_unavailable(y, "hb-140403-03", D, D, TODAY, "planner")
    (k,) = withdraw_absence(y, 1, D - dt.timedelta(days=3), "planner", WHY).kept
    assert k["why"].startswith(f"its day before {D} is within the freeze") and k["why_zh"].startswith(f"原定日期 {D} ")


def test_each_replan_is_paired_with_the_absence_that_made_it() -> None:
    """Two absences of one officer, the first touching nothing: the re-plan belongs to the second (review29: reading
    the list from its start paired it with the first)."""
    v = visit("V1", D, E1, (OFF, "hb-140404-01"))
    y = tiny(v)
    officer_unavailable(y, OFF, D + dt.timedelta(days=30), D + dt.timedelta(days=30), TODAY, "planner")
    res = officer_unavailable(y, OFF, D, D, TODAY, "planner")
    assert [(a.number, a.version) for a in absences(y)] == [(1, None), (2, res.version)]
    assert withdraw_absence(y, 1, TODAY, "planner", WHY).restored == [] and OFF not in v.officer_ids
    assert withdraw_absence(y, 2, TODAY, "planner", WHY).restored == ["V1"]


def test_another_standing_leave_keeps_its_days_and_its_visits() -> None:
    v = visit("V1", D, E1, (OFF, "hb-140404-01"))
    y = tiny(v)
    officer_unavailable(y, OFF, D, D + dt.timedelta(days=2), TODAY, "planner")
    officer_unavailable(y, OFF, D, D, TODAY, "planner")  # entered twice, the second one right
    out = withdraw_absence(y, 1, TODAY, "planner", WHY)
    assert y.extra_away[OFF] == {D} and not y.is_away(OFF, D + dt.timedelta(days=1))
    assert out.restored == [] and out.kept[0]["visit_id"] == "V1" and out.kept[0]["rule"] == "R-AVAIL"
    assert OFF not in v.officer_ids


def test_a_leave_that_touched_nothing_is_withdrawn_without_a_version() -> None:
    y = tiny()
    officer_unavailable(y, OFF, D, D, TODAY, "planner")
    out = withdraw_absence(y, 1, TODAY, "planner", WHY)
    assert out.version is None and len(y.versions) == 1 and OFF not in y.extra_away
    assert absences(y)[0].withdrawn_on == TODAY.isoformat()


def test_a_leave_already_begun_is_withdrawn_so_the_officer_can_be_recorded() -> None:
    y = tiny()
    officer_unavailable(y, OFF, D - dt.timedelta(days=3), D, D, "planner")
    withdraw_absence(y, 1, D, "planner", WHY)
    assert not y.is_away(OFF, D - dt.timedelta(days=3))


@pytest.mark.parametrize(("number", "reason", "field", "status"), [
    (2, WHY, "absence", 404), (0, WHY, "absence", 404), (1, "  ", "reason", 422),
])
def test_bad_requests_are_refused_and_nothing_changes(number: int, reason: str, field: str, status: int) -> None:
    v = visit("V1", D, E1, (OFF, "hb-140404-01"))
    y = tiny(v)
    officer_unavailable(y, OFF, D, D, TODAY, "planner")
    state = (snap(v), {k: set(s) for k, s in y.extra_away.items()}, len(y.versions), len(y.log))
    with pytest.raises(YearError) as e:
        withdraw_absence(y, number, TODAY, "planner", reason)
    assert (e.value.field, e.value.status, e.value.rule) == (field, status, "R-REPLAN")
    assert (snap(v), y.extra_away, len(y.versions), len(y.log)) == state


def test_twice_is_refused() -> None:
    y = tiny()
    officer_unavailable(y, OFF, D, D, TODAY, "planner")
    withdraw_absence(y, 1, TODAY, "planner", WHY)
    with pytest.raises(YearError) as e:
        withdraw_absence(y, 1, TODAY, "planner", WHY)
    assert e.value.status == 409 and TODAY.isoformat() in e.value.zh and TODAY.isoformat() in e.value.en


def test_withdrawing_the_end_of_a_suspension_is_refused() -> None:
    y = tiny()
    officer_unavailable(y, OFF, D, None, TODAY, "planner", kind="suspended")
    officer_unavailable(y, OFF, D, D + dt.timedelta(days=4), TODAY, "planner", kind="suspended")
    with pytest.raises(YearError) as e:
        withdraw_absence(y, 2, TODAY, "planner", WHY)
    assert e.value.status == 409 and OFF not in y.suspended  # the certificate still counts after the end
    withdraw_absence(y, 1, TODAY, "planner", WHY)  # the open-ended one may go: the ended one stands
    assert OFF not in y.suspended and y.extra_away[OFF] == {D + dt.timedelta(days=i) for i in range(5)}


def test_an_open_suspension_withdrawn_leaves_a_later_one() -> None:
    y = tiny()
    officer_unavailable(y, OFF, D, None, TODAY, "planner", kind="suspended")
    officer_unavailable(y, OFF, D + dt.timedelta(days=7), None, TODAY, "planner", kind="suspended")
    assert y.suspended == {OFF: D}
    withdraw_absence(y, 1, TODAY, "planner", WHY)
    assert y.suspended == {OFF: D + dt.timedelta(days=7)}


def test_the_earliest_open_suspension_holds_when_another_entry_is_withdrawn() -> None:
    y = tiny()
    officer_unavailable(y, OFF, D, None, TODAY, "planner", kind="suspended")
    officer_unavailable(y, OFF, D + dt.timedelta(days=7), None, TODAY, "planner", kind="suspended")
    officer_unavailable(y, OFF, D - dt.timedelta(days=9), D - dt.timedelta(days=8), TODAY, "planner")
    withdraw_absence(y, 3, TODAY, "planner", WHY)
    assert y.suspended == {OFF: D} and OFF not in y.extra_away


def test_a_suspension_given_its_end_stays_ended_when_another_entry_is_withdrawn() -> None:
    y = tiny()
    officer_unavailable(y, OFF, D, None, TODAY, "planner", kind="suspended")
    officer_unavailable(y, OFF, D, D + dt.timedelta(days=4), TODAY, "planner", kind="suspended")
    officer_unavailable(y, OFF, D + dt.timedelta(days=20), D + dt.timedelta(days=20), TODAY, "planner")
    withdraw_absence(y, 3, TODAY, "planner", WHY)
    assert OFF not in y.suspended and y.extra_away[OFF] == {D + dt.timedelta(days=i) for i in range(5)}


def test_of_two_visits_that_cannot_both_come_back_the_earlier_does() -> None:
    v = visit("V1", D, E1, (OFF, "hb-140404-01"))
    w = visit("W1", D + dt.timedelta(days=1), E2, (OFF, "hb-140404-01"))
    y = tiny(v, w)
    officer_unavailable(y, OFF, D, D + dt.timedelta(days=1), TODAY, "planner")
    set_budget(y, OFF, 1)  # the officer's year has room for one of them now (R-AVAIL)
    out = withdraw_absence(y, 1, TODAY, "planner", WHY)
    assert out.restored == ["V1"] and [(k["visit_id"], k["rule"]) for k in out.kept] == [("W1", "R-AVAIL")]
    assert OFF in v.officer_ids and OFF not in w.officer_ids and y.lawful(v) == [] and y.lawful(w) == []


def test_a_closed_year_refuses() -> None:
    y = tiny()
    officer_unavailable(y, OFF, D, D, TODAY, "planner")
    y.closed_on = dt.date(2027, 12, 31)
    with pytest.raises(YearError) as e:
        withdraw_absence(y, 1, TODAY, "planner", WHY)
    assert e.value.rule == "R-PUBLISH" and y.extra_away[OFF] == {D}


def test_a_replan_stored_without_its_arrangement_keeps_its_visits() -> None:
    v = visit("V1", D, E1, (OFF, "hb-140404-01"))
    y = tiny(v)
    officer_unavailable(y, OFF, D, D, TODAY, "planner")
    y.versions[-1].snapshots = {}  # as a year stored before withdrawals existed
    out = withdraw_absence(y, 1, TODAY, "planner", WHY)
    assert out.restored == [] and out.kept[0]["visit_id"] == "V1" and "kept no record" in out.kept[0]["why"]
    assert OFF not in y.extra_away


def test_the_withdrawal_is_approved_not_rejected() -> None:
    v = visit("V1", D, E1, (OFF, "hb-140404-01"))
    y = tiny(v)
    officer_unavailable(y, OFF, D, D, TODAY, "planner")
    out = withdraw_absence(y, 1, TODAY, "planner", WHY)
    assert out.version is not None
    with pytest.raises(YearError) as e:
        y.reject_version(out.version, "leader", TODAY, "no")
    assert e.value.status == 409 and "withdraws an absence" in e.value.en and y.versions[-1].state == "started"
    assert y.approve_version(out.version, "leader", TODAY, "ok").state == "approved"


def test_a_stored_year_keeps_what_a_withdrawal_needs() -> None:
    v = visit("V1", D, E1, (OFF, "hb-140404-01"))
    y = tiny(v)
    officer_unavailable(y, OFF, D, D, TODAY, "planner")
    z = Year.load(example(), y.dump())
    z.reg.away, z.reg.recused = {}, set()
    out = withdraw_absence(z, 1, TODAY, "planner", WHY)
    assert out.restored == ["V1"] and z.visits["V1"].officer_ids == (OFF, "hb-140404-01")


# ---- through the service: the API, the board's list and its form -----------------------------------------------------

def test_the_service_lists_and_withdraws_an_absence(tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A planner enters a leave for the wrong officer, sees it on the board and withdraws it there; the visits come back,
    the API lists it as withdrawn, refuses it twice, and the leader approves the withdrawal."""
    from sqlmodel import Session

    from api import yearstore
    from tests.api_helpers import approved_plan, page_session

    client, h, pid = approved_plan(tiny_dir, tmp_path, "w.db")

    def year() -> Year:
        with Session(client.app.state.engine) as s:
            return yearstore.read(s, client.app.state.settings, pid)

    monkeypatch.setenv("INSPECTION_TODAY", "2027-03-31")
    y = year()
    v = next(v for v in sorted(y.visits.values(), key=lambda v: (v.date, v.visit_id)) if v.date > dt.date(2027, 5, 1) and v.status == "planned")
    officer, before = v.officer_ids[0], v.officer_ids
    r = client.post(f"/api/plans/{pid}/year/leave", headers=h["planner"],
                    json={"officer_id": officer, "start_on": v.date.isoformat(), "end_on": v.date.isoformat()})
    assert r.status_code == 200 and r.json()["version"], r.text
    assert officer not in year().visits[v.visit_id].officer_ids
    (a,) = client.get(f"/api/plans/{pid}/year/absences", headers=h["planner"]).json()
    assert (a["number"], a["officer_id"], a["start_on"], a["version"], a["withdrawn_on"]) == (1, officer, v.date.isoformat(), r.json()["version"], "")
    r = client.post(f"/api/plans/{pid}/year/absences/1/withdraw", headers=h["planner"], json={"reason": ""})
    assert r.status_code == 422 and r.json()["detail"]["field"] == "reason", r.text  # a reason is needed; nothing stored
    assert (r.json()["field"], r.json()["rule"], r.json()["message_en"]) == ("reason", "R-REPLAN", "withdrawing an absence needs a reason")
    assert officer not in year().visits[v.visit_id].officer_ids
    with page_session(client, h["planner"]):
        board = client.get(f"/plans/{pid}/year").text
        assert 'id="absences"' in board and '/year/absences/1/withdraw"' in board and officer in board.split('id="absences"', 1)[1]
        r = client.post(f"/plans/{pid}/year/absences/1/withdraw", data={"reason": "登记错了人"}, follow_redirects=False)
        assert r.status_code == 303 and "note=" in r.headers["location"] and "#absences" in r.headers["location"], r.headers["location"]
        board = client.get(f"/plans/{pid}/year").text.split('id="absences"', 1)[1]
        assert "登记错了人" in board and "/year/absences/1/withdraw" not in board  # withdrawn: no form any more
    after = year()
    assert after.visits[v.visit_id].officer_ids == before and not after.is_away(officer, v.date)
    assert after.versions[-1].kind == "withdraw" and after.versions[-1].state == "started"
    r = client.post(f"/api/plans/{pid}/year/absences/1/withdraw", headers=h["planner"], json={"comment": "again"})
    assert r.status_code == 409 and "withdrawn on" in r.json()["message_en"] and r.json()["rule"] == "R-REPLAN", r.text
    assert client.get(f"/api/plans/{pid}/year/absences", headers=h["planner"]).json()[0]["withdrawn_reason"] == "登记错了人"
    assert client.post(f"/api/plans/{pid}/year/absences/9/withdraw", headers=h["planner"], json={"reason": "x"}).status_code == 404
    assert client.post(f"/api/plans/{pid}/year/absences/1/withdraw", headers=h["leader"], json={"reason": "x"}).status_code == 403
    number = after.versions[-1].number
    r = client.post(f"/api/plans/{pid}/year/versions/{number}/approve", headers=h["leader"], json={"comment": "ok"})
    assert r.status_code == 200, r.text
    # a visit notified since the re-plan stays; the board says which and why, for the planner and the leader (review29)
    w = next(w for w in sorted(after.visits.values(), key=lambda w: (w.date, w.visit_id))
             if w.date > v.date + dt.timedelta(days=7) and w.status == "planned" and w.mode == "onsite")
    r = client.post(f"/api/plans/{pid}/year/leave", headers=h["planner"],
                    json={"officer_id": w.officer_ids[0], "start_on": w.date.isoformat(), "end_on": w.date.isoformat()})
    assert r.status_code == 200 and w.visit_id in r.json()["restaffed"], r.text
    assert client.post(f"/api/plans/{pid}/year/visits/{w.visit_id}/status", headers=h["planner"], json={"status": "notified"}).status_code == 200
    r = client.post(f"/api/plans/{pid}/year/absences/2/withdraw", headers=h["planner"], json={"reason": "登记错了"})
    assert r.status_code == 200 and [k["visit_id"] for k in r.json()["kept"]] == [w.visit_id], r.text
    with page_session(client, h["leader"]):
        board = client.get(f"/plans/{pid}/year").text
    waiting = board.split('id="waiting"', 1)[1].split("</table>", 1)[0]
    assert 'class="kept-list"' in waiting and w.visit_id in waiting and "changed, notified or done since" in waiting
    assert waiting.count('class="warn withdrawn-replan"') == 2  # both re-plans awaiting approval say their absence is withdrawn
    # the board's form takes the officer's name, and names the visits it touched (walk29: "改派 5 项", which ones?)
    from urllib.parse import unquote

    now = year().visits[w.visit_id].officer_ids[0]  # w as the kept re-plan left it
    with page_session(client, h["planner"]):
        r = client.post(f"/plans/{pid}/year/leave", data={"officer_id": after.reg.officers[now].name, "start_on": w.date.isoformat(),
                                                         "end_on": w.date.isoformat()}, follow_redirects=False)
    note = unquote(r.headers["location"])
    assert "note=" in note and w.visit_id in note and now in note, note


def test_a_visit_left_cancelled_does_not_hold_back_the_others() -> None:
    """A visit the re-plan cancelled that cannot come back stays cancelled; a cancelled visit keeps no officer from
    anything, so the others still come back."""
    o = "hb-140403-03"
    y = tiny(visit("V1", D, E403, (o, "hb-140403-04")), visit("V2", D + dt.timedelta(days=7), "91140403L6E8HCTQ0C", (o, "hb-140403-04")))
    set_cap(y, "hb-140400", 0)
    today = dt.date(2027, 6, 4)
    officer_unavailable(y, o, D, None, today, "planner", kind="suspended")
    assert [v.status for v in y.visits.values()] == ["cancelled", "cancelled"]
    officer_unavailable(y, o, D, D, today, "planner")  # away on V1's day after all
    out = withdraw_absence(y, 1, today, "planner", WHY)
    assert out.restored == ["V2"] and [(k["visit_id"], k["rule"]) for k in out.kept] == [("V1", "R-AVAIL")]
    assert y.visits["V1"].status == "cancelled" and y.visits["V2"].status == "planned"


def test_a_budget_swap_that_cannot_go_back_whole_stays_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """One half of a swap breaking a rule sends both halves back to how the re-plan left them (bench/year.py: reverting
    one half pushed the absent officer past their budget, and the reverts passed it on, 23 visits kept)."""
    y, v, w = _swap_case()
    officer_unavailable(y, OFF, D, D, TODAY, "planner")
    real = y.lawful
    monkeypatch.setattr(y, "lawful", lambda vis: ["R-X"] if vis is w and OFF in v.officer_ids else real(vis))
    out = withdraw_absence(y, 1, TODAY, "planner", WHY)
    assert out.restored == [] and sorted((k["visit_id"], k["rule"]) for k in out.kept) == [("V", "R-X"), ("W", "R-X")]
    assert OFF not in v.officer_ids and OFF in w.officer_ids


def test_a_swap_whose_other_half_is_held_is_held_too() -> None:
    """The later visit of a swap changed since (notified): the earlier one stays as well, or the absent officer would
    hold both."""
    y, v, w = _swap_case()
    officer_unavailable(y, OFF, D, D, TODAY, "planner")
    w.status = "notified"
    out = withdraw_absence(y, 1, TODAY, "planner", WHY)
    assert out.restored == [] and sorted((k["visit_id"], k["rule"]) for k in out.kept) == [("V", "R-AVAIL"), ("W", "R-REPLAN")]
    assert "W" in next(k["why"] for k in out.kept if k["visit_id"] == "V") and books(y) == fresh_books(y)
    assert OFF not in v.officer_ids and OFF in w.officer_ids  # each half as the re-plan left it
    assert y.versions[-2].snapshots["V"]["with"] == "W" and y.versions[-2].snapshots["W"]["with"] == "V"


def test_a_visit_that_stays_and_clashes_with_one_put_back_keeps_them_all(monkeypatch: pytest.MonkeyPatch) -> None:
    """The last guard: a visit left as the re-plan made it that a visit put back would make unlawful (a rule one side
    of a pair sees, here a stand-in) sends every visit back to how the re-plan left them: the year is never unlawful."""
    v1 = visit("V1", D, E1, (OFF, "hb-140404-01"))
    v2 = visit("V2", D + dt.timedelta(days=1), E2, (OFF, "hb-140404-01"))
    y = tiny(v1, v2)
    officer_unavailable(y, OFF, D, D + dt.timedelta(days=1), TODAY, "planner")
    real = y.lawful
    monkeypatch.setattr(y, "lawful", lambda vis: ["R-X"] if vis is v2 and OFF in v1.officer_ids else real(vis))
    out = withdraw_absence(y, 1, TODAY, "planner", WHY)
    assert out.restored == [] and sorted((k["visit_id"], k["rule"]) for k in out.kept) == [("V1", "R-REPLAN"), ("V2", "R-X")]
    assert OFF not in v1.officer_ids and OFF not in v2.officer_ids
    kept = {k["visit_id"]: k for k in out.kept}  # in both languages (mut32)
    assert (kept["V1"]["why_zh"], kept["V1"]["why"]) == ("与其他未能恢复的检查冲突，保持现状", "it clashes with a visit that stays: it stays as it is")


def test_an_absence_over_another_is_said_and_the_officer_is_found_by_name() -> None:
    """walk29: overlapping entries were taken without a word, and the officer's name or an id in other case was "no
    officer"."""
    y = tiny()
    name = y.reg.officers[OFF].name
    assert officer_unavailable(y, OFF, D, D + dt.timedelta(days=5), TODAY, "planner").overlaps == []
    assert officer_unavailable(y, OFF.upper(), D + dt.timedelta(days=5), D + dt.timedelta(days=6), TODAY, "planner").overlaps == [1]
    assert officer_unavailable(y, name, D + dt.timedelta(days=9), D + dt.timedelta(days=9), TODAY, "planner").overlaps == []
    assert [a.officer_id for a in absences(y)] == [OFF, OFF, OFF]
    withdraw_absence(y, 1, TODAY, "planner", WHY)
    assert officer_unavailable(y, OFF, D, D, TODAY, "planner").overlaps == []  # a withdrawn entry overlaps nothing
    assert officer_unavailable(y, OFF, D + dt.timedelta(days=20), None, TODAY, "planner", kind="suspended").overlaps == []
    assert officer_unavailable(y, OFF, D + dt.timedelta(days=30), D + dt.timedelta(days=30), TODAY, "planner").overlaps == [5]


def test_a_name_two_officers_share_is_refused_naming_both() -> None:
    import dataclasses

    y = tiny()
    other = "hb-140404-01"
    y.reg.officers[other] = dataclasses.replace(y.reg.officers[other], name=y.reg.officers[OFF].name)
    with pytest.raises(YearError) as e:
        officer_unavailable(y, y.reg.officers[OFF].name, D, D, TODAY, "planner")
    assert e.value.status == 409 and OFF in e.value.zh and other in e.value.en and y.log == []
