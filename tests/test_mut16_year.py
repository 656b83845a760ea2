"""Mutation survivors (mut16) of this round's Year changes: a record on another day (Year.record, _move_to_record,
was_notified), the remote cap in Year.lawful, and the store's dump/load of what a record now keeps. The spec's example
bureau, visits placed by hand, no solve.

Left alive, equivalent: was_notified's e.get("visits", None) (read only for a `visit.notified` entry, which notify_week
has always written with its visits)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from execution import YearError
from execution.year import Caller, Trigger, Year
from tests.test_mut15_replan import E1, E2, E403, D, books, example, fresh_books, tiny, visit
from tests.test_mut15b_year import O1, O2

SAT = dt.date(2027, 6, 19)


def _rich() -> Year:
    """A year whose every kept part differs from what a new Year holds, so a part the store drops or renames shows."""
    v = visit("V", D, E1, (O1, O2))
    w = visit("W", D + dt.timedelta(days=14), E2, ("hb-140404-03",), mode="remote", basis="triggered")
    joint = visit("J", D + dt.timedelta(days=7), E403, ("hb-140403-03", "hb-140403-04", "um-140403-00", "um-140403-01"), agencies=("hb", "um"))
    assert joint.item_ids == ("hb-q", "um-s")  # two agencies, two items: the store's ";"-joined lists
    y = tiny(v, w, joint)
    y.plan_state = "published"
    y.triggers["T"] = Trigger("T", E2, "hb", D, "report", True)
    w.trigger_id, w.urgent, w.reason, w.tier, w.status = "T", True, "举报 / a report", "D", "notified"
    y.record("V", SAT, [O1, O2], {"hb-q": "violation"}, Caller("clerk"), rectify_by=dt.date(2027, 7, 30), notes="seen", today=SAT)
    y.extra_away = {"hb-140404-01": {dt.date(2027, 8, 2), dt.date(2027, 8, 3)}}
    y.suspended = {"hb-140404-00": dt.date(2027, 9, 1)}
    y.new_version("insert", "插入 / an insertion", [{"visit_id": "W"}], D, urgent=True, who="planner")
    y.milestones = {"V": {"rectified": "2027-07-20"}}
    y.entered = {"V": {"rectified": "2027-07-22"}}
    y.shortfalls = [{"id": "X", "reason": "none"}]
    y.case_reviews = {"V": ["a"]}
    y.closed_triggers = {"T0": {"by": "planner"}}
    y._seq = 7
    y.draw_rank = {E1: 3}
    y.tiers = {E1: "C"}
    return y


def test_the_store_keeps_every_part_of_the_year() -> None:
    y = _rich()
    state = y.dump()
    assert set(state) == {"plan_state", "visits", "records", "milestones", "entered", "triggers", "extra_away", "suspended",
                          "versions", "log", "shortfalls", "case_reviews", "seq", "closed_triggers", "draw_rank", "tiers", "added_enterprises"}
    rec = state["records"][0]
    assert (rec["date"], rec["planned_on"], rec["breaches"], rec["rectify_by"]) == ("2027-06-19", "2027-06-15", ["R-WORKDAY"], "2027-07-30")
    z = Year.load(example(), json.loads(json.dumps(state)))
    assert z.dump() == state
    for part in ("plan_state", "visits", "records", "milestones", "entered", "triggers", "extra_away", "suspended", "versions", "log",
                 "shortfalls", "case_reviews", "_seq", "closed_triggers", "draw_rank", "tiers", "by_code", "added"):
        assert getattr(z, part) == getattr(y, part), part
    assert books(z) == books(y)


def test_a_record_kept_before_planned_on_was_kept_loads_as_on_its_day() -> None:
    """A record stored before this round has no planned_on or breaches: it loads as done on its planned day."""
    y = _rich()
    state = y.dump()
    for r in state["records"]:
        del r["planned_on"], r["breaches"]
    z = Year.load(example(), state)
    assert (z.records["V"].planned_on, z.records["V"].breaches) == (None, ())
    # and a record on its own day keeps None / () through the store, not "None" or a string's characters
    y = tiny(visit("V", D, E1, (O1, O2)))
    y.record("V", D, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=D)
    rec = y.dump()["records"][0]
    assert (rec["planned_on"], rec["breaches"], rec["rectify_by"]) == (None, [], None)
    assert Year.load(example(), json.loads(json.dumps(y.dump()))).records == y.records
    assert dataclasses.asdict(y.records["V"])["late"] is False and books(y) == fresh_books(y)


# ---- Year.record on another day: the rules it breaks (_move_to_record) -----------------------------------------------


def _visit_on_d():  # type: ignore[no-untyped-def]
    v = visit("V", D, E1, (O1, O2))
    return tiny(v), v


def _triggered():  # type: ignore[no-untyped-def]
    """V, triggered by a complaint received on D (its window D … 10 working days on), planned for the day after D."""
    y = tiny(visit("V", D + dt.timedelta(days=1), E1, (O1, O2), basis="triggered"))
    y.triggers["T"] = Trigger("T", E1, "hb", D, "complaint", False)
    y.visits["V"].trigger_id = "T"
    return y


def test_a_record_on_either_end_of_its_trigger_window_breaks_nothing() -> None:
    first, last = _triggered().window(_triggered().visits["V"])
    assert first == D and last > D + dt.timedelta(days=1)
    for on in (first, last):
        y = _triggered()
        rec = y.record("V", on, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=last)
        assert (rec.planned_on, rec.breaches) == (D + dt.timedelta(days=1), ()), on
    y = _triggered()
    after = y.reg.add_workdays(last, 1)
    assert y.record("V", after, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=after).breaches == ("R-TRIGGER",)


def test_a_follow_up_recorded_after_its_months_breaks_nothing() -> None:
    """R-FOLLOW sets no window (review38 #6): the months are a preference; a record after them breaks no rule."""
    y = tiny(visit("V", dt.date(2027, 1, 19), E1, (O1, O2), basis="follow_up"))
    assert y.reg.workdays[y.policy.follow_up_within_workdays - 1] < D and y.window(y.visits["V"])[1] == y.reg.workdays[-1]
    assert y.record("V", D, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=D).breaches == ()


def test_a_sampled_visit_recorded_before_the_first_working_day_names_r_record() -> None:
    """New Year's Day, before the year's first working day: outside any visit's window (R-RECORD) and no working day."""
    y, _ = _visit_on_d()
    on = dt.date(2027, 1, 1)
    assert on < y.reg.workdays[0]
    assert y.record("V", on, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=D).breaches == ("R-RECORD", "R-WORKDAY")


# ---- was_notified ------------------------------------------------------------------------------------------------------


def test_only_a_notice_of_this_visit_counts_as_notified() -> None:
    """Overdue but never notified: the move's audit says so. A notice for another visit, or an overdue flag naming this
    one, is no notice of it."""
    v, w = visit("V", D, E1, (O1, O2)), visit("W", D + dt.timedelta(days=7), E2, (O1, O2))
    y = tiny(v, w)
    y.notify_week(None, D + dt.timedelta(days=6), "clerk")  # W's week only
    y.mark_overdue(D + dt.timedelta(days=1))
    assert (v.status, w.status) == ("overdue", "notified") and [e["action"] for e in y.log] == ["visit.notified", "visit.overdue"]
    assert y.was_notified("W") and not y.was_notified("V")
    on = D + dt.timedelta(days=1)
    y.record("V", on, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=on)
    assert next(e for e in y.log if e["action"] == "visit.moved")["notified"] is False


# ---- Year.record: an inserted visit is executed only once approved (R-APPROVE) ------------------------------------------


def _inserted(state: str, approved_on: dt.date | None, urgent: bool = False) -> Year:
    y, _ = _visit_on_d()
    ver = y.new_version("insert", "插入 / an insertion", [{"action": "insert", "visit_id": "V"}], D - dt.timedelta(days=7),
                        urgent=urgent, who="planner")
    ver.state, ver.approved_on = state, approved_on.isoformat() if approved_on else ""
    return y


def test_a_visit_of_a_change_not_yet_approved_is_not_recorded() -> None:
    y = _inserted("submitted", None)
    with pytest.raises(YearError) as e:
        y.record("V", D, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=D)
    assert (e.value.field, e.value.rule, e.value.status) == ("visit_id", "R-APPROVE", 409)
    assert e.value.zh == "检查 V 来自年内调整第1次，尚未批准，不能执行"
    assert e.value.en == "visit V comes from in-year change 1, not yet approved: only an approved change is executed"
    assert y.records == {}


def test_an_ordinary_insertion_is_recorded_from_its_approval_day_an_urgent_one_before() -> None:
    y = _inserted("approved", D + dt.timedelta(days=1))
    with pytest.raises(YearError) as e:
        y.record("V", D, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=D + dt.timedelta(days=2))
    assert (e.value.field, e.value.rule, e.value.status) == ("date", "R-APPROVE", 409)
    assert e.value.zh == "检查 V 所属调整于 2027-06-16 批准，不能记录此前的日期 2027-06-15"
    assert e.value.en == "visit V's change was approved on 2027-06-16: it cannot be recorded as done on 2027-06-15"
    assert y.records == {}
    # done on its approval day: recorded
    assert _inserted("approved", D).record("V", D, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=D).planned_on is None
    # an urgent insertion starts before approval (R-URGENT): recorded on a day before its approval
    y = _inserted("approved", D + dt.timedelta(days=1), urgent=True)
    assert y.record("V", D, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=D + dt.timedelta(days=2)).date == D


# ---- Year.record: what the record and the audit say -----------------------------------------------------------------------


def test_the_move_of_a_record_on_another_day_is_audited_in_full() -> None:
    """The audit of a visit done on another day: who, when it was entered (today, else the day done), from and to, why,
    whether a notice was served (a notified visit not yet overdue: its status says so, with no notice in the log)."""
    y, v = _visit_on_d()
    v.status = "notified"
    on = D + dt.timedelta(days=1)
    y.record("V", on, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=D + dt.timedelta(days=3))
    assert y.log[0] == {"on": "2027-06-18", "who": "clerk", "action": "visit.moved", "visit_id": "V", "reason": "done on another day 改期执行",
                        "notified": True, "breaches": [], "from": "2027-06-15", "to": "2027-06-16"}
    y, v = _visit_on_d()
    y.record("V", on, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"))
    assert (y.log[0]["on"], y.log[0]["notified"], y.records["V"].late) == ("2027-06-16", False, False)


def test_an_overdue_visit_recorded_on_its_day_without_a_today_is_late() -> None:
    y, v = _visit_on_d()
    v.status = "overdue"
    assert y.record("V", D, [O1, O2], {"hb-q": "compliant"}, Caller("clerk")).late is True


# ---- Year.lawful: each HARD rule by its name ----------------------------------------------------------------------------


def _lawful(change, *, officers=(O1, O2), agencies=("hb",), ent=E1, mode="onsite", teams=None) -> list[str]:  # type: ignore[no-untyped-def]
    v = visit("V", D, ent, officers, agencies=agencies, mode=mode, teams=teams)
    y = tiny(v)
    change(y)
    return y.lawful(v)


def _set(obj, attr: str, value) -> None:  # type: ignore[no-untyped-def]
    setattr(obj, attr, value)


def test_lawful_names_each_rule_a_visit_breaks() -> None:
    from tests.test_mut15_replan import set_cap

    nothing = lambda y: None  # noqa: E731
    assert _lawful(nothing) == []
    # an officer away: R-AVAIL for the officer, R-PAIR for the pair it leaves
    assert _lawful(lambda y: _set(y.reg, "away", {O2: {D}})) == ["R-AVAIL", "R-PAIR"]
    assert _lawful(lambda y: _set(y.reg, "recused", {(O1, E1)})) == ["R-RECUSE"]
    assert _lawful(lambda y: set_cap(y, "hb-140404", 0)) == ["R-AVAIL"]
    # an officer's daily cap, or annual budget alone, passed on site; a remote check uses neither
    assert _lawful(lambda y: y.officer_day.update({(O1, D): 3})) == ["R-AVAIL"]
    assert _lawful(lambda y: y.officer_year.update({O1: y.reg.officers[O1].budget + 1})) == ["R-AVAIL"]
    assert _lawful(lambda y: y.officer_day.update({(O1, D): 9}), officers=(O1,), mode="remote") == []
    # an officer of another team of the agency
    assert _lawful(nothing, officers=(O1, "hb-140403-03"), teams={"hb": "hb-140404"}) == ["R-TEAM"]
    # hb's part given to a team of another agency, with none of hb's officers: R-TEAM alone, not a missing pair
    assert _lawful(nothing, officers=("um-140404-00",), teams={"hb": "um-140404"}) == ["R-TEAM"]


def test_lawful_goes_on_to_the_next_agency_after_an_unknown_team() -> None:
    teams = {"hb": "zz-140403", "um": "um-140403"}
    assert _lawful(lambda y: None, officers=("hb-140403-03", "hb-140403-04", "um-140403-00"), agencies=("hb", "um"),
                   ent="91140403EGW6KE1B8R", teams=teams) == ["R-PAIR", "R-TEAM"]


def test_lawful_holds_r_gap_between_visits_of_the_same_agency() -> None:
    """R-GAP: 41 days after an hb visit to the same firm is past min_days_between_visits (30) but inside
    min_days_between_repeat_visits (90) for the same agency."""
    v, w = visit("V", D, E1, (O1, O2)), visit("W", D + dt.timedelta(days=41), E1, (O1, O2))
    y = tiny(v, w)
    assert y.lawful(w) == ["R-GAP"]


def test_a_store_of_only_visits_loads_as_a_new_year() -> None:
    """A store written before a part was kept (the oldest keep only their visits) loads with that part as a new Year
    has it: approved, version 1, nothing recorded, logged or closed."""
    new = tiny(visit("V", D, E1, (O1, O2)))
    state = {"visits": new.dump()["visits"]}
    z = Year.load(example(), json.loads(json.dumps(state)))
    assert z.plan_state == "approved" and z.visits == new.visits
    for part in ("records", "milestones", "entered", "extra_away", "suspended", "versions", "log", "shortfalls", "case_reviews",
                 "_seq", "closed_triggers", "draw_rank", "tiers"):
        assert getattr(z, part) == getattr(new, part), part
    assert z.triggers == new.triggers and books(z) == books(new)
