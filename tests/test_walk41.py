"""walk41: the year in motion tested from the outside (an independent helper's walk through the pages and the API).

Y1: a re-staffing voids a served notice, and the visit waits for a new one as `planned` — but the enterprise was told
its day, so the day stays pinned (R-INSERT) and the board lists the notice to serve again (R-NOTICE) until it is.
Y2: the same complaint entered twice (a repeated call, the page's Back button) made two triggers and two visits."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from execution import Year, YearError
from execution.context import Visit
from execution.insert import apply, hold, propose
from execution.replan import officer_unavailable
from execution.reschedule import move_visit
from execution.year import Trigger


def _served_and_restaffed(y: Year, today: dt.date) -> tuple[str, str]:
    """A visit of the busiest officer in March, its week's notices printed, then the officer on leave that day: the
    visit is re-staffed on its day (its id, the officer)."""
    busy = Counter(o for v in y.visits.values() for o in v.officer_ids if dt.date(2027, 3, 2) <= v.date <= dt.date(2027, 3, 31))
    for officer, _ in busy.most_common():
        for v in sorted((v for v in y.visits.values() if officer in v.officer_ids and v.status == "planned" and v.mode == "onsite"
                         and dt.date(2027, 3, 2) <= v.date <= dt.date(2027, 3, 31)), key=lambda v: v.date):
            monday = v.date - dt.timedelta(days=v.date.weekday())
            y.notify_week(None, monday, "planner")
            assert v.status == "notified" and v.served_for == v.date
            res = officer_unavailable(y, officer, v.date, v.date, today, "planner")
            if v.visit_id in res.restaffed:
                return v.visit_id, officer
    raise AssertionError("no served visit could be re-staffed: the test needs one")


def test_a_restaffed_notified_visit_keeps_its_day_and_is_listed_until_served_again(tiny_year: Year) -> None:
    y, today = tiny_year, dt.date(2027, 3, 1)
    vid, officer = _served_and_restaffed(y, today)
    v = y.visits[vid]
    assert officer not in v.officer_ids and v.status == "planned" and v.served_for == v.date  # R-NOTICE: the notice is void
    assert y.pinned(v, today)  # R-INSERT: the enterprise was told that day
    assert [x.visit_id for x in y.to_serve_again(today)] == [vid]
    with pytest.raises(YearError) as e:
        move_visit(y, vid, y.reg.add_workdays(v.date, 1), today, "planner", "企业申请")
    assert e.value.status == 409 and e.value.rule == "R-INSERT" and "送达" in e.value.zh and "notice served" in e.value.en
    assert v.date == v.served_for
    # the state the service keeps: the day served survives a save and a load
    again = Year.load(y.reg.bundle, y.dump())
    assert again.visits[vid].served_for == v.date and again.pinned(again.visits[vid], today)
    # the week's print serves a new notice: notified, off the list
    y.notify_week(None, v.date - dt.timedelta(days=v.date.weekday()), "planner")
    assert v.status == "notified" and y.to_serve_again(today) == []
    assert y.to_serve_again(v.date + dt.timedelta(days=1)) == []  # and a day gone by is the record's business, not this list's


def test_a_planned_visit_never_served_still_moves(tiny_year: Year) -> None:
    """The pin is the served day's, not every re-staffed visit's: one never notified moves as before."""
    y, today = tiny_year, dt.date(2027, 3, 1)
    v = next(v for v in sorted(y.visits.values(), key=lambda v: v.date) if v.status == "planned" and v.date > dt.date(2027, 4, 1)
             and v.basis == "sampled" and v.mode == "onsite")
    assert v.served_for is None and not y.pinned(v, today)


def test_a_state_saved_before_served_for_reads_a_notified_visit_as_served_for_its_day(tiny_year: Year) -> None:
    y = tiny_year
    v = next(v for v in y.visits.values() if v.status == "planned")
    v.status = "notified"
    state = y.dump()
    for r in state["visits"]:
        r.pop("served_for")
    loaded = Year.load(y.reg.bundle, state)
    assert loaded.visits[v.visit_id].served_for == v.date


def _a_trigger(y: Year, tid: str) -> Trigger:
    """A complaint received on 1 March about a firm whose agency has items for it."""
    for v in sorted(y.visits.values(), key=lambda v: v.visit_id):
        if v.mode == "onsite" and y.reg.items_for(v.lead_agency_id, v.enterprise_id):
            return Trigger(tid, v.enterprise_id, v.lead_agency_id, dt.date(2027, 3, 1), "complaint", numbered=False)
    raise AssertionError("no firm with items")


def test_the_same_complaint_entered_again_is_refused_naming_the_first(tiny_year: Year) -> None:
    y, today = tiny_year, dt.date(2027, 3, 1)
    first = _a_trigger(y, "Y900001")
    slots = propose(y, first, today)
    assert slots, "the test needs a slot"
    new, _ = apply(y, first, slots[0], today, "planner")
    n_visits, n_triggers = len(y.visits), len(y.triggers)
    again = Trigger("Y900002", first.enterprise_id, first.agency_id, first.received_on, first.kind, numbered=False)
    for call in (lambda: propose(y, again, today), lambda: apply(y, again, slots[0], today, "planner"), lambda: hold(y, again, today, "planner")):
        with pytest.raises(YearError) as e:
            call()
        assert e.value.status == 409 and e.value.rule == "R-TRIGGER" and e.value.field == "trigger_id"
        assert "Y900001" in e.value.zh and new.visit_id in e.value.zh and f"visit {new.visit_id}" in e.value.en and "未重复登记" in e.value.zh
    assert (len(y.visits), len(y.triggers)) == (n_visits, n_triggers)  # nothing stored


def test_another_day_kind_or_agency_is_another_trigger(tiny_year: Year) -> None:
    """Only the same enterprise, agency, day received and kind is one complaint: a later complaint, or a referral the
    same day, is a trigger of its own; so is one with the bureau's own number (a hotline's)."""
    y, today = tiny_year, dt.date(2027, 3, 1)
    first = _a_trigger(y, "Y900001")
    apply(y, first, propose(y, first, today)[0], today, "planner")
    for other in (Trigger("Y900003", first.enterprise_id, first.agency_id, dt.date(2027, 2, 26), "complaint"),
                  Trigger("Y900004", first.enterprise_id, first.agency_id, first.received_on, "referral", numbered=False),
                  Trigger("12345-0301-7", first.enterprise_id, first.agency_id, first.received_on, first.kind)):
        propose(y, other, today)  # not refused as the same (it may still find no slot: that is another matter)


def test_a_visit_whose_every_move_is_rejected_stands_on_its_approved_day(tiny_year: Year) -> None:
    """walk41 Y4: three moves of one visit stacked while each waited, rejected in another order, left it on a rejected
    move's day. Since round 46 a move waits for the leader before the visit is noticed (R-APPROVE, walk46 G3), and a
    second move of a visit whose move still waits is refused, naming the change: nothing stacks. Each move rejected in
    turn, the visit stands on its approved day with its officers."""
    y, today = tiny_year, dt.date(2027, 3, 1)
    v = next(v for v in sorted(y.visits.values(), key=lambda v: (v.date, v.visit_id)) if v.status == "planned" and v.mode == "onsite"
             and v.date > dt.date(2027, 5, 3) and v.basis == "sampled")
    d0, officers0 = v.date, v.officer_ids
    from execution.reschedule import move_slots

    def elsewhere(avoid: set[dt.date]) -> dt.date:
        return next(s.day for s in move_slots(y, v.visit_id, today, k=20) if s.day not in avoid)

    d1 = elsewhere({d0})
    first = move_visit(y, v.visit_id, d1, today, "planner", "企业申请")
    assert first.state == "submitted" and v.date == d1
    n = len(y.versions)
    with pytest.raises(YearError) as e:
        move_visit(y, v.visit_id, d0, today, "planner", "改回")
    assert e.value.status == 409 and e.value.rule == "R-APPROVE" and f"年内调整第{first.in_year_change}次" in e.value.zh
    assert (v.date, len(y.versions)) == (d1, n)  # nothing stored
    y.reject_version(first.number, "leader", today, "不同意")
    assert (v.date, v.officer_ids) == (d0, officers0)
    d2 = elsewhere({d0, d1})
    y.reject_version(move_visit(y, v.visit_id, d2, today, "planner", "企业再次申请").number, "leader", today, "不同意")
    assert (v.date, v.officer_ids) == (d0, officers0), (v.date, d0, d1, d2)
    assert not [x for x in y.versions if x.state in ("submitted", "started")]


def test_a_rejected_move_after_an_approved_one_goes_back_to_the_approved_day(tiny_year: Year) -> None:
    """The chain stops at a change that stands: moved to d1 (approved), then to d2 (rejected): back on d1."""
    y, today = tiny_year, dt.date(2027, 3, 1)
    v = next(v for v in sorted(y.visits.values(), key=lambda v: (v.date, v.visit_id)) if v.status == "planned" and v.mode == "onsite"
             and v.date > dt.date(2027, 5, 3) and v.basis == "sampled")
    from execution.reschedule import move_slots

    d0 = v.date
    d1 = next(s.day for s in move_slots(y, v.visit_id, today, k=20) if s.day != d0)
    y.approve_version(move_visit(y, v.visit_id, d1, today, "planner", "企业申请").number, "leader", today, "同意")
    d2 = next(s.day for s in move_slots(y, v.visit_id, today, k=20) if s.day not in (d0, d1))
    y.reject_version(move_visit(y, v.visit_id, d2, today, "planner", "再改").number, "leader", today, "不同意")
    assert v.date == d1


def test_a_joint_visits_transfer_is_the_finding_agencys(tiny_year: Year) -> None:
    """walk41 Y7 (R-TRANSFER): a joint visit led by one agency, a violation found on another agency's item: the
    transfer and its feedback are that agency's deadlines (the per-agency board charged the lead). A finding of the
    lead's own item stays the lead's."""
    from execution.deadlines import deadlines_of
    from execution.year import Caller

    y = tiny_year
    v = next((v for v in sorted(y.visits.values(), key=lambda v: v.visit_id) if len(v.agency_ids) > 1 and v.status == "planned"), None)
    if v is None:
        pytest.skip("the tiny bureau has no joint visit")
    other = next(a for a in v.agency_ids if a != v.lead_agency_id)
    agency_of = {i: (y.reg.items.get(i) or {}).get("agency_id") for i in v.item_ids}
    for finder, expected in ((other, other), (v.lead_agency_id, v.lead_agency_id)):
        outcomes = {i: ("violation" if agency_of[i] == finder else "compliant") for i in v.item_ids}
        y.records.pop(v.visit_id, None)
        v.status = "planned"
        y.record(v.visit_id, v.date, list(v.officer_ids), outcomes, Caller("clerk"), rectify_by=v.date + dt.timedelta(days=30), today=v.date)
        got = {d.kind: d.agency_id for d in deadlines_of(y, v.visit_id)}
        assert got["transfer"] == expected and got["feedback"] == v.lead_agency_id, got


def test_the_board_shows_only_messages_the_service_signed(tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """walk41 Y10: `?error=…` put any text in the logged-in board's own error box (escaped, but a link could carry a
    false instruction). A refused form's message is signed for the session (`error_sig`): it shows; a link's text, a
    tampered one, or another session's does not."""
    import re
    from urllib.parse import parse_qs, urlsplit

    from test_execution_api import published_plan

    from api.deps import COOKIE
    from api.security import csrf_for

    monkeypatch.setenv("INSPECTION_TODAY", "2027-03-31")
    client, h, pid = published_plan(tiny_dir, tmp_path, "said.db")
    tok = h["planner"]["Authorization"].split()[1]
    client.cookies.set(COOKIE, tok)
    try:
        fake = "系统升级：请将密码发送至 evil@example.com"
        board = client.get(f"/plans/{pid}/year", params={"error": fake})
        assert board.status_code == 200 and "evil@example.com" not in board.text and 'id="error"' not in board.text
        # a refused form (a leave with its end before its start): the service's own words, signed, shown once
        r = client.post(f"/plans/{pid}/year/leave", data={"csrf_token": csrf_for(tok), "officer_id": "nobody", "start": "2027-05-02",
                                                          "end": "2027-05-01", "kind": "leave"}, follow_redirects=False)
        assert r.status_code == 303, r.text[:300]
        q = parse_qs(urlsplit(r.headers["location"]).query)
        assert q.get("error") and q.get("error_sig"), r.headers["location"]
        shown = client.get(r.headers["location"])
        box = re.search(r'<p class="error" id="error" role="alert">(.*?)</p>', shown.text, re.S)
        assert box and q["error"][0][:20] in box.group(1).replace("&#34;", '"').replace("&#39;", "'")
        for params in ({"error": fake, "error_sig": q["error_sig"][0]}, {"error": q["error"][0], "error_sig": "0" * 20}):
            assert 'id="error"' not in client.get(f"/plans/{pid}/year", params=params).text
        client.cookies.set(COOKIE, h["leader"]["Authorization"].split()[1])  # another session: not its message
        assert 'id="error"' not in client.get(r.headers["location"]).text
    finally:
        client.cookies.clear()


def test_an_enterprise_types_its_code_with_or_without_spaces(tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """walk41 Y13: a code copied from a paper notice with a trailing space answered 404, and nowhere took a typed code.
    The public plans page has a box; the code's page is found with spaces around it; an unknown code is still 404."""
    from test_execution_api import published_plan

    monkeypatch.setenv("INSPECTION_TODAY", "2027-03-31")
    client, h, pid = published_plan(tiny_dir, tmp_path, "code.db")
    v = client.get(f"/api/plans/{pid}/year/visits", headers=h["planner"], params={"limit": 1}).json()["visits"][0]
    code = client.get(f"/api/plans/{pid}/year/visits/{v['visit_id']}", headers=h["planner"]).json()["code"]
    assert code
    assert 'id="code-lookup"' in client.get("/public/plans").text
    r = client.get("/v", params={"code": f"  {code} "}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/v/{code}"
    assert client.get(f"/v/{code}%20").status_code == 200 and client.get(f"/api/v/%20{code}").status_code == 200
    assert client.get("/v/NOT-A-CODE").status_code == 404
    assert client.get("/v", params={"code": "  "}, follow_redirects=False).headers["location"] == "/public/plans"


def test_an_insertion_waiting_past_its_triggers_deadline_is_on_the_board(tiny_year: Year) -> None:
    """walk41 Y6: an insertion left unapproved past its trigger's deadline was neither an overdue visit (it may not be
    recorded before approval) nor a trigger without a visit: on no list. The board lists it (R-TRIGGER, R-APPROVE)
    until approved; before the deadline it is not late."""
    from execution.deadlines import board

    y, today = tiny_year, dt.date(2027, 3, 1)
    t = _a_trigger(y, "Y900001")
    new, ver = apply(y, t, propose(y, t, today)[0], today, "planner")
    assert ver.state == "submitted"
    due = y.trigger_due(t)
    assert due is not None
    assert board(y, due)["waiting_late"] == []
    late = board(y, due + dt.timedelta(days=1))["waiting_late"]
    assert [(w["visit_id"], w["trigger_id"], w["due"], w["version"]) for w in late] == [(new.visit_id, "Y900001", due.isoformat(), ver.number)]
    assert board(y, due + dt.timedelta(days=1), agency="nobody")["waiting_late"] == []
    y.approve_version(ver.number, "leader", due + dt.timedelta(days=1), "同意")
    assert board(y, due + dt.timedelta(days=1))["waiting_late"] == []


def test_a_move_from_a_stale_view_is_refused(tiny_year: Year) -> None:
    """walk41 Y8: two planners moving one visit at once both got 200, the first told a day the visit was no longer on.
    A move names the day it saw the visit on (`seen`; the page's `from_day`): moved since, 409, nothing stored."""
    from execution.reschedule import move_slots

    y, today = tiny_year, dt.date(2027, 3, 1)
    v = next(v for v in sorted(y.visits.values(), key=lambda v: (v.date, v.visit_id)) if v.status == "planned" and v.mode == "onsite"
             and v.date > dt.date(2027, 5, 3) and v.basis == "sampled")
    d0 = v.date
    days = [s.day for s in move_slots(y, v.visit_id, today, k=5) if s.day != d0]
    y.approve_version(move_visit(y, v.visit_id, days[0], today, "planner", "企业申请", seen=d0).number, "leader", today, "同意")
    n = len(y.versions)
    with pytest.raises(YearError) as e:
        move_visit(y, v.visit_id, days[1], today, "admin", "企业申请", seen=d0)
    assert e.value.status == 409 and e.value.field == "from_day" and str(days[0]) in e.value.zh and "reload" in e.value.en
    assert (v.date, len(y.versions)) == (days[0], n)
    move_visit(y, v.visit_id, days[1], today, "admin", "企业再次申请", seen=days[0])  # from the day it is on: moves
    assert v.date == days[1]


def test_the_move_api_and_page_send_the_day_they_saw(tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Y8 through the service: the API's `from_day`, and the visit page's move form carrying it."""
    from test_execution_api import published_plan

    from api.deps import COOKIE

    monkeypatch.setenv("INSPECTION_TODAY", "2027-03-31")
    client, h, pid = published_plan(tiny_dir, tmp_path, "move.db")
    visits = client.get(f"/api/plans/{pid}/year/visits", headers=h["planner"], params={"limit": 1000}).json()["visits"]
    v = next(x for x in visits if x["status"] == "planned" and x["mode"] == "onsite" and x["date"] > "2027-06-01" and x["basis"] == "sampled")
    slots = client.get(f"/api/plans/{pid}/year/visits/{v['visit_id']}/slots", headers=h["planner"]).json()["slots"]
    day = next(s["day"] for s in slots if s["day"] != v["date"])
    url = f"/api/plans/{pid}/year/visits/{v['visit_id']}/move"
    r = client.post(url, headers=h["planner"], json={"day": day, "reason": "企业申请", "from_day": "2027-12-31"})
    assert r.status_code == 409 and r.json()["field"] == "from_day", r.text
    client.cookies.set(COOKIE, h["planner"]["Authorization"].split()[1])
    try:
        page = client.get(f"/plans/{pid}/year/visits/{v['visit_id']}", params={"move": "1"}).text
        assert f'<input type="hidden" name="from_day" value="{v["date"]}">' in page
    finally:
        client.cookies.clear()
    r = client.post(url, headers=h["planner"], json={"day": day, "reason": "企业申请", "from_day": v["date"]})
    assert r.status_code == 200 and r.json()["visit"]["date"] == day, r.text


def test_each_visit_a_leave_or_an_insertion_changes_has_its_own_trail(tiny_year: Year) -> None:
    """walk41 Y5 (R-AUDIT, R-OFFICER-DRAW): the re-plan's audit held counts only, and an insertion's moves were only
    inside the inserted visit's event, so an auditor filtering by a visit saw neither who replaced whom nor the move
    that a later "move back" undid. Each changed visit now has its own event: officers and day before and after."""
    y, today = tiny_year, dt.date(2027, 3, 1)
    vid, officer = _served_and_restaffed(y, today)
    mine = [e for e in y.log if e["action"] == "visit.replan" and e["visit_id"] == vid]
    assert len(mine) == 1
    e = mine[0]
    assert officer in e["officers_before"] and officer not in e["officers_after"] and e["officers_after"] == list(y.visits[vid].officer_ids)
    assert e["absent"] == officer and e["from"] == e["to"] == y.visits[vid].date.isoformat()
    # every visit the re-plan touched has one, and none it did not touch
    last = max(i for i, x in enumerate(y.log) if x["action"] == "plan.replan")
    first = max((i for i, x in enumerate(y.log[:last]) if x["action"] == "plan.replan"), default=-1)
    touched = {x["visit_id"] for x in y.log[first + 1:last] if x["action"] == "visit.replan"}
    assert len(touched) == y.log[last]["restaffed"] + y.log[last]["moved"] and vid in touched


def _with_auxiliary(y: Year) -> tuple[Visit, str]:
    """A planned on-site visit of one agency whose team has an auxiliary, and that auxiliary."""
    aux = {o.team_id: oid for oid, o in sorted(y.reg.officers.items()) if o.role == "auxiliary"}
    v = next((v for v in sorted(y.visits.values(), key=lambda v: (v.date, v.visit_id))
              if v.status == "planned" and v.mode == "onsite" and len(v.agency_ids) == 1 and v.teams.get(v.lead_agency_id) in aux), None)
    if v is None:
        pytest.skip("the tiny bureau has no auxiliary in a visiting team")
    return v, aux[v.teams[v.lead_agency_id]]


def test_the_enterprise_is_told_an_auxiliary_is_not_one_of_its_two_officers(tiny_year: Year) -> None:
    """walk41 Y11 (R-PAIR): an auxiliary recorded as present was listed on the enterprise's page as an officer with a
    blank certificate number, beside "you may refuse if fewer than two officers come". Each person now carries the
    role and whether they count."""
    from execution.notice import public_view
    from execution.year import Caller

    y = tiny_year
    v, helper = _with_auxiliary(y)
    y.record(v.visit_id, v.date, [*v.officer_ids, helper], dict.fromkeys(v.item_ids, "compliant"), Caller("clerk"), today=v.date)
    people = {p["name"]: p for p in public_view(y, v)["officers"]}
    assert people[y.reg.officers[helper].name]["counts"] is False and people[y.reg.officers[helper].name]["role_zh"] == "执法辅助人员"
    assert all(people[y.reg.officers[o].name]["counts"] for o in v.officer_ids)


def test_a_record_short_of_officers_names_the_auxiliary_as_such(tiny_year: Year) -> None:
    """walk41 Y11: a record of one officer and an auxiliary was refused saying the auxiliary's certificate was "invalid
    or suspended"; an auxiliary never counts, whatever the day (R-PAIR). The refusal says so."""
    from execution.year import Caller

    y = tiny_year
    v, helper = _with_auxiliary(y)
    with pytest.raises(YearError) as e:
        y.record(v.visit_id, v.date, [v.officer_ids[0], helper], dict.fromkeys(v.item_ids, "compliant"), Caller("clerk"), today=v.date)
    assert e.value.rule == "R-PAIR" and "执法辅助人员" in e.value.zh and "auxiliary" in e.value.en
    assert "执法证无效" not in e.value.zh and v.visit_id not in y.records


def test_a_record_on_another_day_says_what_that_day_breaks_in_words(tiny_year: Year) -> None:
    """walk41 Y11: a visit done on a Sunday was listed with bare rule ids ("该日违反 R-FOLLOW、R-WORKDAY"). Each rule a
    record on another day breaks now has its words (R-EXPLAIN); a rule without words keeps its id."""
    from execution.context import breach_words
    from execution.year import Caller

    y = tiny_year
    v = next(v for v in sorted(y.visits.values(), key=lambda v: (v.date, v.visit_id)) if v.status == "planned" and v.mode == "onsite"
             and v.date > dt.date(2027, 3, 10) and len(v.agency_ids) == 1)
    sunday = v.date - dt.timedelta(days=v.date.weekday() + 1)
    r = y.record(v.visit_id, sunday, list(v.officer_ids), dict.fromkeys(v.item_ids, "compliant"), Caller("clerk"), today=sunday)
    assert "R-WORKDAY" in r.breaches
    words = {b["rule"]: b for b in breach_words(r.breaches)}
    assert words["R-WORKDAY"]["zh"] == "该日不是工作日" and words["R-WORKDAY"]["en"] == "that day is not a working day"
    assert all(b["zh"] != b["rule"] for b in words.values()), words  # every rule such a record breaks has words
    assert breach_words(["R-NEW"]) == [{"rule": "R-NEW", "zh": "R-NEW", "en": "R-NEW"}]
