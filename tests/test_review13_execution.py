# ruff: noqa: F811  (fixtures imported from the suite they extend, as test_review9_reject)
"""review13: walk13's execution mends (bounded suspensions, overdue insertions) under cases the lead's tests skip."""

from __future__ import annotations

import datetime as dt

import pytest

from execution import Year, YearError
from execution.insert import apply, propose
from execution.replan import officer_unavailable
from execution.year import Caller
from tests.test_execution import _triggers, planned, year  # noqa: F401


def _insert_unapproved(y: Year):  # type: ignore[no-untyped-def]
    for t in (t for t in _triggers(y, 40) if not t.urgent):
        slots = propose(y, t, t.received_on)
        if slots:
            break
    new, ver = apply(y, t, slots[0], t.received_on, "planner")
    assert ver.state == "submitted" and new.status == "planned"
    return new, ver


def test_an_insertion_approved_after_its_day_is_not_recorded_as_done_before_its_approval(year: Year) -> None:
    """R-APPROVE: an inserted visit is noticed and recorded only once approved (walk13 keeps it from "overdue" while it
    waits). A leader approves it two days after its day: it turns overdue at the next read and the only record R-RECORD
    takes is dated its original day — a visit recorded as done on a day its change was not yet approved, so it could
    not lawfully have taken place (no notice, no approval). Either it should be re-dated on approval, or such a record
    refused."""
    y = year
    new, ver = _insert_unapproved(y)
    approved_on = new.date + dt.timedelta(days=2)
    assert new.visit_id not in y.mark_overdue(approved_on)  # walk13's mend holds while it waits
    y.approve_version(ver.number, "leader", approved_on)
    flagged = y.mark_overdue(approved_on)
    items = {i: "compliant" for i in new.item_ids}
    try:
        y.record(new.visit_id, new.date, list(new.officer_ids), items, Caller("planner"), today=approved_on)
        recorded_before_approval = True
    except YearError:
        recorded_before_approval = False
    assert not recorded_before_approval, (f"{new.visit_id} approved {approved_on}, recorded as done {new.date}; "
                                          f"flagged overdue at approval: {new.visit_id in flagged}")


def test_a_bounded_suspension_survives_a_reload(year: Year) -> None:
    """sound: a suspension with an end date lives in extra_away, which Year.dump/load keep; after a reload the officer
    still stands in on no visit of those days and counts again after them (R-REPLAN)."""
    y = year
    o = next(o for o, vs in y.by_officer.items() if any(y.visits[v].date > dt.date(2027, 9, 1) for v in vs))
    officer_unavailable(y, o, dt.date(2027, 5, 10), dt.date(2027, 5, 14), dt.date(2027, 5, 10), "planner", kind="suspended")
    z = Year.load(y.reg.bundle, y.dump())
    for d in (dt.date(2027, 5, 10), dt.date(2027, 5, 14)):
        assert z.is_away(o, d) and z.officer_free(o, d, next(iter(z.reg.enterprises))) is not None
    assert not z.is_away(o, dt.date(2027, 5, 15)) and z.counts_on(o, dt.date(2027, 5, 15)) and o not in z.suspended
    assert [v.visit_id for v in z.visits.values() if v.status != "cancelled" and o in v.officer_ids
            and dt.date(2027, 5, 10) <= v.date <= dt.date(2027, 5, 14)] == []


def test_a_suspension_ending_the_day_it_starts_is_one_day(year: Year) -> None:
    """sound: start == end is a one-day suspension, not an open-ended one."""
    y = year
    o = next(o for o, vs in y.by_officer.items() if any(y.visits[v].date > dt.date(2027, 9, 1) for v in vs))
    officer_unavailable(y, o, dt.date(2027, 5, 10), dt.date(2027, 5, 10), dt.date(2027, 5, 10), "planner", kind="suspended")
    assert o not in y.suspended and y.is_away(o, dt.date(2027, 5, 10)) and not y.is_away(o, dt.date(2027, 5, 11))


def test_a_suspension_entered_open_ended_can_be_given_its_end_date(year: Year) -> None:
    """A certificate suspended "until further notice" (no end date) whose end is then known: the planner enters the
    same suspension with its end date, as the form invites ("may be left blank for a suspension without an end
    date"). The open-ended entry stays (Year.suspended keeps the earliest start, nothing lifts it), so the officer
    counts on no visit for the rest of the year, and no page or call can end it."""
    y = year
    o = next(o for o, vs in y.by_officer.items() if any(y.visits[v].date > dt.date(2027, 9, 1) for v in vs))
    officer_unavailable(y, o, dt.date(2027, 6, 1), None, dt.date(2027, 6, 1), "planner", kind="suspended")
    officer_unavailable(y, o, dt.date(2027, 6, 1), dt.date(2027, 6, 5), dt.date(2027, 6, 1), "planner", kind="suspended")
    assert y.counts_on(o, dt.date(2027, 7, 1)), f"{o} still suspended from {y.suspended.get(o)} with no end"


def _overlay(y: Year, visits: list, monkeypatch: pytest.MonkeyPatch) -> dict:  # type: ignore[type-arg]
    """api.routers.plans.year_overlay over this Year, without a database (the why page's `now` per planned visit)."""
    from types import SimpleNamespace

    import api.routers.plans as plans

    monkeypatch.setattr(plans.yearstore, "read", lambda *a, **k: y)
    monkeypatch.setattr(plans.services, "in_force_instead", lambda *a: None)  # no other plan of the year: no database here
    w = {"enterprise_id": visits[0].enterprise_id,
         "visits": [{"visit_id": v.visit_id, "date": v.date.isoformat(), "agencies": list(v.agency_ids)} for v in visits]}
    request = SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(settings=None)))
    session = SimpleNamespace(get=lambda *a: object())
    plans.year_overlay(request, session, SimpleNamespace(id=1, state="approved"), w, {})  # type: ignore[arg-type]
    return w


def test_the_why_page_tells_an_agency_cut_from_a_joint_visit(year: Year, monkeypatch: pytest.MonkeyPatch) -> None:
    """walk13 made the why page tell a cancelled visit's reason. A joint visit one of whose agencies a re-plan cut
    (R-REPLAN shortfall, `drop_agency`: the visit stays planned on its day, v.reason says which agency is lost) reads
    on the why page exactly as planned: `now` has the same date, status planned and no reason, and the page's header
    still names the cut agency (v.agency_names from the plan folder). The planner is told that agency comes."""
    y = year
    v = next(v for _, v in sorted(y.visits.items()) if v.mode == "onsite" and len(v.agency_ids) > 1 and v.status == "planned"
             and v.date > dt.date(2027, 2, 1))
    planned_agencies = list(v.agency_ids)
    gone = v.agency_ids[0]
    absent = next(o for o in v.officer_ids if y.reg.officers[o].agency_id == gone)
    for team in y.reg.teams_for(gone, v.district_code):
        for o in y.reg.team_officers.get(team, []):
            if o != absent:
                y.extra_away.setdefault(o, set()).add(v.date)
    res = officer_unavailable(y, absent, v.date, v.date, v.date - dt.timedelta(days=1), "planner")
    assert [s["id"] for s in res.shortfalls] == [v.visit_id] and gone not in v.agency_ids and v.status == "planned"
    w = _overlay(y, [v], monkeypatch)
    w["visits"][0]["agencies"] = planned_agencies  # as the plan folder has it
    now = w["visits"][0]["now"]
    assert now["reason"] or now.get("agencies") is not None, now


def test_the_why_page_tells_each_of_several_visits_as_it_stands_sound(year: Year, monkeypatch: pytest.MonkeyPatch) -> None:
    """sound: a firm with two planned visits, one cancelled by a planner: `now` gives that one its status and reason,
    the other planned with no reason (walk13's overlay reads cancelled visits too)."""
    from collections import Counter

    y = year
    n = Counter(v.enterprise_id for v in y.visits.values() if v.status == "planned" and v.date > dt.date(2027, 3, 1))
    eid = next(e for e, k in sorted(n.items()) if k >= 2)
    a, b = sorted((v for v in y.visits.values() if v.enterprise_id == eid and v.status == "planned"), key=lambda v: v.visit_id)[:2]
    y.set_status(a.visit_id, "cancelled", dt.date(2027, 3, 1), "planner", reason="企业已停业")
    w = _overlay(y, [a, b], monkeypatch)
    got = {x["visit_id"]: x["now"] for x in w["visits"]}
    assert got[a.visit_id] == {"date": a.date.isoformat(), "status": "cancelled", "reason": "企业已停业"}
    assert got[b.visit_id] == {"date": b.date.isoformat(), "status": "planned", "reason": ""}
    assert w["year_visits"] == []
