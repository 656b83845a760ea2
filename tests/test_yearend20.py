"""prod20: a trigger received on or near 31 December of the plan year (R-TRIGGER, R-INSERT, R-URGENT, R-DEADLINE).

The spec's example bureau (plan year 2027; its calendar.csv holds 2027 only, as a bureau's would before the State
Council's notice of 2028), visits placed by hand, no solve. Before: every insertion whose window or freeze ran past 31
December stopped on the calendar's CalendarGap (a 500 in the service from about 9 December); a trigger received on a
31 December that is a rest day got a window before its receipt; the year board called a trigger due in January "已超时"
on 31 December's eve; an insertion approved after the year's last working day stayed overdue for ever."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from bundle import Bundle, WorkCalendar, load_bundle
from execution.insert import apply, binding, hold, propose
from execution.simulate import extend_calendar
from execution.year import Trigger, Year
from tests.conftest import EXAMPLE
from tests.test_mut15_replan import E1, books, fresh_books, visit

DEC30, DEC31 = dt.date(2027, 12, 30), dt.date(2027, 12, 31)


def _bundle(dec31_rest: bool = False, next_year: bool = False) -> Bundle:
    b = load_bundle(EXAMPLE)
    if next_year:
        extend_calendar(b)  # 2028 as a stand-in: Monday–Friday, less 1 January
    if dec31_rest:
        cal = b.frames["calendar"]
        known = {d.date(): bool(w) for d, w in zip(cal["date"], cal["workday"], strict=True) if not pd.isna(d)}
        b.calendar = WorkCalendar({**known, DEC31: False})
    return b


def _year(**kw: bool) -> Year:
    y = Year(_bundle(**kw), [visit("V", dt.date(2027, 6, 15), "91140404TRCCDTBH11", ("hb-140404-00", "hb-140404-01"))])
    y.reg.away, y.reg.recused, y.triggers = {}, set(), {}  # the example's own triggers are not these tests'
    return y


def test_a_trigger_received_on_30_december_is_placed_in_the_years_last_days_without_next_years_calendar() -> None:
    y = _year()
    assert y.reg.workdays[-1] == DEC31 and y.reg.bundle.calendar.missing([dt.date(2028, 1, 3)])
    urgent = Trigger("U1", E1, "hb", DEC30, "complaint", urgent=True)
    assert y.trigger_due(urgent) is None and y.due_after_year(urgent)  # 3 working days from 30 December: January 2028, unknown
    assert y.trigger_window(urgent) == (DEC30, DEC31)
    assert y.freeze_until(dt.date(2027, 12, 27)) == DEC31  # the freeze runs past the year: all of it is frozen
    slots = propose(y, urgent, DEC30)
    assert [s.day for s in slots] == [DEC30, DEC30, DEC31], slots  # urgent: earliest day first, both teams that may go
    new, ver = apply(y, urgent, slots[0], DEC30, "planner")
    assert (new.date, ver.state) == (DEC30, "started")
    plain = Trigger("P1", E1, "hb", DEC30, "referral")  # another kind: the same complaint twice is refused (walk41 Y2)
    assert {s.day for s in propose(y, plain, DEC30)} == {DEC31}  # not urgent: from tomorrow, and never past the plan year


def test_the_deadline_is_counted_past_the_year_where_the_calendar_holds_it() -> None:
    y = _year(next_year=True)
    t = Trigger("U1", E1, "hb", DEC30, "complaint", urgent=True)
    assert y.trigger_due(t) == dt.date(2028, 1, 4)  # 31 Dec, (1 Jan rest) 3 Jan, 4 Jan: R-DEADLINE's working days
    assert y.trigger_window(t) == (DEC30, DEC31)  # the visit itself stays in the plan year (plan.md)


def test_a_trigger_received_on_a_31_december_that_is_a_rest_day_gets_no_day_before_it_and_is_held() -> None:
    y = _year(dec31_rest=True)
    assert y.reg.workdays[-1] == DEC30
    t = Trigger("R1", E1, "hb", DEC31, "complaint", urgent=True)
    first, last = y.trigger_window(t)
    assert first > last and first >= DEC31, (first, last)  # before: (30 Dec, 30 Dec), a day before its receipt
    assert propose(y, t, DEC31) == []
    zh, en = binding(y, t, DEC31)
    assert "下一年度计划" in zh and "next year's plan" in en and "2027-12-30" not in en, en
    hold(y, t, DEC31, "planner")
    assert [x.trigger_id for x in y.open_triggers()] == ["R1"]


def test_an_insertion_approved_after_the_years_last_working_day_lapses_and_its_trigger_is_carried() -> None:
    y = _year()
    t = Trigger("P2", E1, "hb", dt.date(2027, 12, 28), "complaint")
    slot = next(s for s in propose(y, t, dt.date(2027, 12, 28)) if s.day == DEC30)
    new, ver = apply(y, t, slot, dt.date(2027, 12, 28), "planner")
    assert ver.state == "submitted"
    y.approve_version(ver.number, "leader", dt.date(2028, 1, 3))  # signed after the holiday
    assert new.status == "cancelled" and "下一年度" in new.reason, new.reason  # before: planned, then overdue for ever
    assert new.visit_id not in y.mark_overdue(dt.date(2028, 1, 3))
    assert [x.trigger_id for x in y.open_triggers()] == ["P2"]
    assert books(y) == fresh_books(y)  # the lapsed visit holds no officer-day, budget or team-day


def test_an_insertion_approved_on_the_years_last_working_day_is_kept_to_be_recorded() -> None:
    y = _year()
    t = Trigger("P3", E1, "hb", dt.date(2027, 12, 28), "complaint")
    slot = next(s for s in propose(y, t, dt.date(2027, 12, 28)) if s.day == DEC30)
    new, ver = apply(y, t, slot, dt.date(2027, 12, 28), "planner")
    y.approve_version(ver.number, "leader", DEC31)
    assert new.status == "planned" and y.open_triggers() == []  # it may still be done on 31 December


def test_the_service_on_31_december_offers_slots_holds_what_has_none_and_calls_nothing_past(tmp_path, tiny_dir, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Through the service, whose year has no next year's calendar (no extend_calendar): slots, insert and hold were
    500s from about 9 December; the board's "due by" was the window cut at 31 December, "已超时" from then on."""
    from api.deps import COOKIE
    from tests.api_helpers import approved_plan

    monkeypatch.setenv("INSPECTION_TODAY", "2027-12-31")
    client, h, pid = approved_plan(tiny_dir, tmp_path, "y.db")
    v = client.get(f"/api/plans/{pid}/year/visits", headers=h["planner"], params={"limit": 1}).json()["visits"][0]
    body = {"enterprise_id": v["enterprise_id"], "agency_id": v["lead_agency_id"], "received_on": "2027-12-31", "kind": "complaint"}
    r = client.post(f"/api/plans/{pid}/year/triggers/slots", headers=h["planner"], json={**body, "urgent": True})
    assert r.status_code == 200 and {s["day"] for s in r.json()["slots"]} <= {"2027-12-31"}, r.text
    # the slots page says beside the slots that the deadline runs past the year (walk20: only "no slot" said so)
    client.cookies.set(COOKIE, h["planner"]["Authorization"].split()[1])
    query = {**body, "urgent": "true"}
    slots_page = client.get(f"/plans/{pid}/year/slots", params=query).text
    assert r.json()["slots"] and 'id="after-year"' in slots_page and "次年，日历尚未载明" in slots_page, slots_page[:2000]
    assert "next year's plan" in slots_page.split('id="after-year"', 1)[1].split("</p>", 1)[0]
    client.cookies.clear()
    r = client.post(f"/api/plans/{pid}/year/triggers/slots", headers=h["planner"], json=body)
    assert r.status_code == 200 and r.json()["slots"] == [] and "next year's plan" in r.json()["binding_en"], r.text
    r = client.post(f"/api/plans/{pid}/year/triggers/hold", headers=h["planner"], json={**body, "trigger_id": "YE1"})
    assert r.status_code == 201, r.text
    held = [t for t in client.get(f"/api/plans/{pid}/year", headers=h["planner"]).json()["open_triggers"] if t["trigger_id"] == "YE1"]
    assert held == [{**held[0], "due_on": None, "due_after_year": True}], held
    client.cookies.set(COOKIE, h["planner"]["Authorization"].split()[1])
    page = client.get(f"/plans/{pid}/year").text
    row = page.split("YE1", 1)[1].split("</tr>", 1)[0]
    assert "已超时" not in row and "下一年度计划" in row and "next year" in row, row


def test_the_freeze_is_counted_from_each_day_and_for_each_length() -> None:
    """R-INSERT's freeze (`Year.freeze_until`): `freeze_workdays` working days from the day asked, one Year asked on
    several days (execution/simulate.py keeps one Year through the whole year), a freeze of one day included; past the
    plan year's end, its last working day (mutation run on prod20's change: the cache key and `n > 0` untested)."""
    y = _year()
    add = y.reg.add_workdays
    for n in (1, 5):
        y.policy = dataclasses.replace(y.policy, freeze_workdays=n)
        for day in (dt.date(2027, 3, 1), dt.date(2027, 6, 15), dt.date(2027, 3, 1)):
            assert y.freeze_until(day) == add(day, n), (n, day)
    assert y.freeze_until(DEC30) == DEC31  # the calendar holds no 2028: the year's last working day stands for it
    y.policy = dataclasses.replace(y.policy, freeze_workdays=0)
    assert y.freeze_until(dt.date(2027, 6, 15)) == dt.date(2027, 6, 15)
