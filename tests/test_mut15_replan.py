"""R-REPLAN on a hand-made year (execution/replan.py): the spec's example bureau, a few visits placed by hand, no solve.

Each test builds its own Year from the example bundle (loaded once) with visits written out here, so the mutants of
officer_unavailable, _budget_swap and _notice_void are measured in well under a second a test (the suite's year
fixture takes minutes per mutant). The example's leave and recusal rows are cleared so each case says all it uses.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from functools import lru_cache

import pytest

from bundle import Bundle, load_bundle
from execution import Year, YearError
from execution.context import Visit
from execution.replan import ReplanResult, officer_unavailable
from tests.conftest import EXAMPLE

D = dt.date(2027, 6, 15)  # a Tuesday: 14 and 16 June are working days too (9 June is the Dragon Boat holiday)
TODAY = dt.date(2027, 5, 10)  # far enough ahead that nothing in June is frozen (freeze_workdays 5)
E1, E2, E3 = "91140404C6K5774Q6B", "91140404TRCCDTBH11", "91140404MMKUKMNE41"  # construction firms of district 140404
E403 = "91140403EGW6KE1B8R"  # a construction firm of district 140403 (hb and um items apply)


@lru_cache(maxsize=1)
def example() -> Bundle:
    return load_bundle(EXAMPLE)


def visit(vid: str, day: dt.date, ent: str, officers: tuple[str, ...], agencies: tuple[str, ...] = ("hb",), status: str = "planned",
          teams: dict[str, str] | None = None, basis: str = "sampled", mode: str = "onsite") -> Visit:
    """A visit of the example bureau; each agency's team is its first officer's (R-TEAM) unless given."""
    if teams is None:
        teams = {}
        for o in officers:
            team = o.rsplit("-", 1)[0]
            teams.setdefault(team.split("-")[0], team)
    items = tuple(i for a in agencies for i in (f"{a}-q", f"{a}-s") if i in {"hb-q", "um-s", "gas-s", "re-s"})
    district = "140403" if ent.startswith("91140403") else "140404"
    return Visit(vid, day, ent, district, mode, agencies[0], agencies, items, officers, basis, "", "C", teams, status)


def tiny(*visits: Visit) -> Year:
    """A Year of the example bundle holding just these visits (no leave, no recusal, every team's daily cap as in teams.csv)."""
    y = Year(example(), list(visits))
    y.reg.away, y.reg.recused = {}, set()
    return y


def set_cap(y: Year, team: str, cap: int) -> None:
    y.reg.teams[team] = dataclasses.replace(y.reg.teams[team], max_visits_per_day=cap)


def set_budget(y: Year, officer: str, budget: int) -> None:
    y.reg.officers[officer] = dataclasses.replace(y.reg.officers[officer], budget=budget)


def books(y: Year) -> dict[str, dict[object, int]]:
    """The year's running counts with the zeros left out, to compare with a year booked afresh from the same visits."""
    return {name: {k: n for k, n in getattr(y, name).items() if n} for name in ("officer_day", "officer_year", "team_day", "team_week",
                                                                                 "team_total", "remote_day")}


def fresh_books(y: Year) -> dict[str, dict[object, int]]:
    z = Year(example(), [dataclasses.replace(v, teams=dict(v.teams)) for v in y.visits.values()])
    return books(z)


def sets(y: Year) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    return ({o: s for o, s in y.by_officer.items() if s}, {e: s for e, s in y.by_enterprise.items() if s})


# ---- refusals -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("officer", "start", "end", "today", "kind", "field", "status"), [
    ("nobody", D, D, TODAY, "leave", "officer_id", 404),
    ("hb-140404-00", D, D, TODAY, "holiday", "kind", 422),
    # a start in the year before is entered from 1 January (walk46 G6: tests/test_round46.py); two years back is refused
    ("hb-140404-00", dt.date(2025, 12, 31), D, dt.date(2026, 12, 1), "leave", "start_on", 422),
    ("hb-140404-00", D, D - dt.timedelta(days=1), TODAY, "leave", "start_on", 422),
    ("hb-140404-00", D, dt.date(2028, 1, 3), TODAY, "leave", "start_on", 422),
])  # a start before today is accepted (prod24: a leave already begun): tests/test_prod24_year.py
def test_bad_input_is_refused_and_nothing_changes(officer: str, start: dt.date, end: dt.date, today: dt.date, kind: str, field: str,
                                                  status: int) -> None:
    v = visit("V1", D, E1, ("hb-140404-00", "hb-140404-01"))
    y = tiny(v)
    with pytest.raises(YearError) as e:
        officer_unavailable(y, officer, start, end, today, "planner", kind=kind)
    assert (e.value.field, e.value.rule, e.value.status) == (field, "R-REPLAN", status)
    said = {"officer_id": officer, "kind": kind}.get(field, start.isoformat())
    assert said in e.value.zh and said in e.value.en  # both languages name what was refused
    assert y.extra_away == {} and y.suspended == {} and y.log == [] and len(y.versions) == 1
    assert v.officer_ids == ("hb-140404-00", "hb-140404-01")


def test_a_plan_not_approved_or_closed_is_not_replanned() -> None:
    y = tiny(visit("V1", D, E1, ("hb-140404-00", "hb-140404-01")))
    y.plan_state = "submitted"
    with pytest.raises(YearError) as e:
        officer_unavailable(y, "hb-140404-00", D, D, TODAY, "planner")
    assert e.value.rule == "R-APPROVE"
    y.plan_state, y.closed_on = "approved", dt.date(2027, 12, 31)
    with pytest.raises(YearError) as e:
        officer_unavailable(y, "hb-140404-00", D, D, TODAY, "planner")
    assert e.value.rule == "R-PUBLISH" and y.extra_away == {}


def test_the_edges_of_the_year_and_of_today_are_accepted() -> None:
    y = tiny()
    officer_unavailable(y, "hb-140404-00", D, D, D, "planner")  # start today; one day
    officer_unavailable(y, "hb-140404-01", D, dt.date(2027, 12, 31), TODAY, "planner")  # to the year's last day
    assert y.extra_away["hb-140404-00"] == {D}
    assert len(y.extra_away["hb-140404-01"]) == (dt.date(2027, 12, 31) - D).days + 1


# ---- leave and suspension: which days, which visits ---------------------------------------------------------------------

def test_leave_marks_each_day_from_start_to_end_and_logs_it() -> None:
    y = tiny()
    res = officer_unavailable(y, "hb-140404-00", D, D + dt.timedelta(days=3), TODAY, "planner")
    assert y.extra_away == {"hb-140404-00": {D + dt.timedelta(days=i) for i in range(4)}}
    assert y.suspended == {}
    assert y.log == [{"on": TODAY.isoformat(), "who": "planner", "action": "officer.leave", "visit_id": "", "officer_id": "hb-140404-00",
                      "start": D.isoformat(), "end": (D + dt.timedelta(days=3)).isoformat()}]
    assert res.as_dict() == {"officer_id": "hb-140404-00", "restaffed": [], "moved": [], "shortfalls": [], "version": None, "renotify": [],
                            "unrecorded": [], "overlaps": [], "clipped_from": None}
    assert res.touched == 0 and len(y.versions) == 1  # nothing touched: no new version
    # a second leave adds to the first
    officer_unavailable(y, "hb-140404-00", D + dt.timedelta(days=10), D + dt.timedelta(days=10), TODAY, "planner")
    assert len(y.extra_away["hb-140404-00"]) == 5


def test_leave_touches_only_its_days_and_only_visits_still_to_come() -> None:
    o = "hb-140404-00"
    before, first, last, after = (D - dt.timedelta(days=1), D, D + dt.timedelta(days=1), D + dt.timedelta(days=2))
    vs = [visit("Vbefore", before, E1, (o, "hb-140404-01")), visit("Vfirst", first, E2, (o, "hb-140404-01")),
          visit("Vlast", last, E3, (o, "hb-140404-01")), visit("Vafter", after, E1, (o, "hb-140404-01"), basis="triggered"),
          visit("Vdone", first, "91140404EHGLKQLT38", (o, "hb-140404-03"), status="done"),
          visit("Voverdue", last, "91140404UUNNCDHY8P", (o, "hb-140404-03"), status="overdue")]
    y = tiny(*vs)
    res = officer_unavailable(y, o, first, last, first, "planner")
    assert res.restaffed == ["Vfirst", "Vlast"]  # in date order
    assert {v.visit_id for v in vs if o in v.officer_ids} == {"Vbefore", "Vafter", "Vdone", "Voverdue"}
    assert y.visits["Vfirst"].officer_ids == ("hb-140404-01", "hb-140404-03")


def test_touched_visits_come_in_date_then_id_order() -> None:
    o = "hb-140404-00"
    vs = [visit("Vb", D + dt.timedelta(days=1), E2, (o, "hb-140404-01")), visit("Vc", D, E3, (o, "hb-140404-01")),
          visit("Va", D + dt.timedelta(days=1), E1, (o, "hb-140404-03"))]
    y = tiny(*vs)
    set_cap(y, "hb-140404", 5)
    res = officer_unavailable(y, o, D, D + dt.timedelta(days=1), TODAY, "planner")
    assert res.restaffed == ["Vc", "Va", "Vb"]
    assert [c["visit_id"] for c in y.versions[-1].changes] == ["Vc", "Va", "Vb"]


def test_an_open_ended_suspension_touches_every_later_visit_and_keeps_the_earliest_start() -> None:
    o = "hb-140404-00"
    far = dt.date(2027, 11, 16)
    vs = [visit("Vearly", D - dt.timedelta(days=1), E1, (o, "hb-140404-01")), visit("Vfar", far, E2, (o, "hb-140404-01"))]
    y = tiny(*vs)
    res = officer_unavailable(y, o, D, None, TODAY, "planner", kind="suspended")
    assert y.suspended == {o: D} and y.extra_away == {}
    assert res.restaffed == ["Vfar"] and o in y.visits["Vearly"].officer_ids
    assert y.log[0]["action"] == "officer.suspended" and y.log[0]["end"] == ""
    officer_unavailable(y, o, D + dt.timedelta(days=7), None, TODAY, "planner", kind="suspended")
    assert y.suspended == {o: D}  # a later start does not shorten what is suspended already
    officer_unavailable(y, o, D - dt.timedelta(days=7), None, TODAY, "planner", kind="suspended")
    assert y.suspended == {o: D - dt.timedelta(days=7)}
    assert y.versions[1].summary == (f"{o} 暂扣执法证 {D}–：改派 1，改期 0，未能保障 0 / {o} suspended {D}–: 1 re-staffed, 0 moved, "
                                     "0 shortfalls")


def test_a_suspension_given_its_end_lets_the_certificate_count_again_after_it() -> None:
    o = "hb-140404-00"
    y = tiny()
    officer_unavailable(y, o, D, None, TODAY, "planner", kind="suspended")
    officer_unavailable(y, o, D, D + dt.timedelta(days=4), TODAY, "planner", kind="suspended")
    assert o not in y.suspended
    assert y.extra_away[o] == {D + dt.timedelta(days=i) for i in range(5)}
    assert y.counts_on(o, D + dt.timedelta(days=5))


def test_a_bounded_suspension_from_another_day_leaves_the_open_one() -> None:
    o = "hb-140404-00"
    y = tiny()
    officer_unavailable(y, o, D, None, TODAY, "planner", kind="suspended")
    officer_unavailable(y, o, D + dt.timedelta(days=1), D + dt.timedelta(days=4), TODAY, "planner", kind="suspended")
    assert y.suspended == {o: D}


def test_a_bounded_suspension_touches_only_its_days() -> None:
    o = "hb-140404-00"
    vs = [visit("Vin", D, E1, (o, "hb-140404-01")), visit("Vout", D + dt.timedelta(days=1), E2, (o, "hb-140404-01"))]
    y = tiny(*vs)
    res = officer_unavailable(y, o, D, D, TODAY, "planner", kind="suspended")
    assert res.restaffed == ["Vin"] and y.suspended == {}
    assert o in y.visits["Vout"].officer_ids
    assert y.versions[1].summary.startswith(f"{o} 暂扣执法证 {D}–{D}：改派 1")


# ---- re-staffing ------------------------------------------------------------------------------------------------------

def test_restaffed_from_the_same_team_keeping_the_colleague() -> None:
    v = visit("V1", D, E1, ("hb-140404-00", "hb-140404-01"))
    y = tiny(v)
    res = officer_unavailable(y, "hb-140404-00", D, D, TODAY, "planner")
    assert v.officer_ids == ("hb-140404-01", "hb-140404-03") and v.teams == {"hb": "hb-140404"} and v.date == D
    assert res.restaffed == ["V1"] and res.moved == [] and res.shortfalls == [] and res.renotify == [] and res.touched == 1
    ver = y.versions[-1]
    assert (ver.number, ver.kind, ver.state, ver.created_by, ver.created_on) == (2, "replan", "started", "planner", TODAY.isoformat())
    assert res.version == 2 and ver.changes == [{"action": "restaff", "visit_id": "V1"}]
    assert ver.summary == (f"hb-140404-00 请假 {D}–{D}：改派 1，改期 0，未能保障 0 / hb-140404-00 leave {D}–{D}: 1 re-staffed, 0 moved, "
                           "0 shortfalls")
    assert y.log[-1] == {"on": TODAY.isoformat(), "who": "planner", "action": "plan.replan", "visit_id": "", "officer_id": "hb-140404-00",
                         "version": 2, "restaffed": 1, "moved": 0, "shortfalls": 0}
    assert v.status == "planned" and books(y) == fresh_books(y) and sets(y) == sets(Year(example(), [dataclasses.replace(v)]))


def test_restaffing_keeps_the_other_agencies_of_a_joint_visit() -> None:
    v = visit("J", D, E403, ("hb-140403-03", "hb-140403-04", "um-140403-00", "um-140403-01"), agencies=("hb", "um"))
    y = tiny(v)
    res = officer_unavailable(y, "um-140403-00", D, D, TODAY, "planner")
    assert res.restaffed == ["J"]
    # the fourth in R-OFFICER-DRAW order for this visit: of 02 and 03, HMAC(seed, "officer|J|…") puts 02 first
    assert v.officer_ids == ("hb-140403-03", "hb-140403-04", "um-140403-01", "um-140403-02")
    assert v.teams == {"hb": "hb-140403", "um": "um-140403"} and v.agency_ids == ("hb", "um")
    assert books(y) == fresh_books(y)


def test_a_team_short_of_officers_hands_the_part_to_a_city_team() -> None:
    v = visit("V1", D, E1, ("hb-140404-00", "hb-140404-01"))
    y = tiny(v)
    y.extra_away["hb-140404-03"] = {D}  # the team's third officer is away too
    res = officer_unavailable(y, "hb-140404-00", D, D, TODAY, "planner")
    assert res.restaffed == ["V1"] and v.date == D
    assert v.teams == {"hb": "hb-140400"}
    assert v.officer_ids == ("hb-140400-01", "hb-140400-04")  # the first two in R-OFFICER-DRAW order for V1
    assert y.team_day[("hb-140404", D)] == 0 and y.team_day[("hb-140400", D)] == 1
    assert books(y) == fresh_books(y)


def test_a_full_city_team_is_passed_over() -> None:
    v = visit("V1", D, E1, ("hb-140404-00", "hb-140404-01"))
    y = tiny(v)
    y.extra_away["hb-140404-03"] = {D}
    set_cap(y, "hb-140400", 0)
    res = officer_unavailable(y, "hb-140404-00", D, D, TODAY, "planner")
    assert res.restaffed == [] and res.moved[0]["visit_id"] == "V1"
    assert v.teams == {"hb": "hb-140404"}


def test_a_notified_visit_restaffed_waits_for_a_new_notice() -> None:
    v = visit("V1", D, E1, ("hb-140404-00", "hb-140404-01"), status="notified")
    w = visit("W1", D + dt.timedelta(days=1), E2, ("hb-140404-00", "hb-140404-01"), status="planned")
    y = tiny(v, w)
    res = officer_unavailable(y, "hb-140404-00", D, D + dt.timedelta(days=1), TODAY, "planner")
    assert res.restaffed == ["V1", "W1"] and res.renotify == ["V1"]
    assert v.status == "planned" and w.status == "planned"
    voids = [e for e in y.log if e["action"] == "visit.notice_void"]
    assert [(e["visit_id"], e["who"], e["on"]) for e in voids] == [("V1", "planner", TODAY.isoformat())]
    assert voids[0]["reason"] == "R-REPLAN 改派或改期后，已送达通知书所列人员或日期已变，须重新送达 / re-staffed or moved after its notice: serve a new one"
    assert res.as_dict()["renotify"] == ["V1"]


# ---- moved ------------------------------------------------------------------------------------------------------------

def _alone(status: str = "planned") -> tuple[Year, Visit]:
    """hb-140403 has two certified officers and the city team no room: a leave of one leaves the visit unstaffed that day."""
    v = visit("V1", D, E403, ("hb-140403-03", "hb-140403-04"), status=status)
    y = tiny(v)
    set_cap(y, "hb-140400", 0)
    return y, v


def test_a_visit_nobody_can_staff_moves_to_the_nearest_lawful_day() -> None:
    y, v = _alone()
    res = officer_unavailable(y, "hb-140403-03", D, D, TODAY, "planner")
    back = D - dt.timedelta(days=1)  # the nearest day, the earlier first on a tie
    assert res.moved == [{"visit_id": "V1", "from": D.isoformat(), "to": back.isoformat()}]
    assert res.restaffed == [] and res.shortfalls == []
    assert v.date == back and set(v.officer_ids) == {"hb-140403-03", "hb-140403-04"} and v.status == "planned"
    assert y.versions[-1].changes == [{"action": "move", "visit_id": "V1", "from": D.isoformat(), "to": back.isoformat()}]
    assert y.versions[-1].summary.endswith("0 re-staffed, 1 moved, 0 shortfalls")
    assert y.log[-1]["moved"] == 1 and books(y) == fresh_books(y)


def test_a_move_keeps_the_colleague_who_is_free() -> None:
    y, v = _alone()
    officer_unavailable(y, "hb-140403-03", D - dt.timedelta(days=1), D, TODAY, "planner")
    assert v.date == D + dt.timedelta(days=1) and v.officer_ids == ("hb-140403-04", "hb-140403-03")


# ---- shortfalls -----------------------------------------------------------------------------------------------------

def test_a_frozen_visit_that_nobody_can_staff_is_a_shortfall_naming_the_team() -> None:
    y, v = _alone()
    today = D - dt.timedelta(days=1)
    res = officer_unavailable(y, "hb-140403-03", D, D, today, "leader")
    assert res.moved == [] and res.restaffed == []
    (s,) = res.shortfalls
    assert s == {"rule": "R-REPLAN", "id": "V1", "agency": "hb", "officer_id": "hb-140403-03", "team": "hb-140403",
                 "binding": f"team hb-140403: no other certified, unrecused officer with room on {D}; the visit is pinned and cannot move",
                 "binding_zh": f"队伍 hb-140403 在 {D} 无其他当日持证、无回避且有余量的执法人员，且该检查已锁定不能改期"}
    assert y.shortfalls == [s]
    assert v.status == "cancelled" and v.date == D
    assert v.reason == f"R-REPLAN 未能保障：{s['binding_zh']} / R-REPLAN shortfall: {s['binding']}"
    assert y.versions[-1].changes == [{"action": "shortfall", "visit_id": "V1", **s}]
    assert y.log[-1]["shortfalls"] == 1 and y.log[-2]["action"] == "visit.cancelled" and y.log[-2]["who"] == "leader"
    assert books(y) == {k: {} for k in books(y)}


def test_a_notified_visit_is_pinned_and_cannot_move() -> None:
    y, v = _alone(status="notified")
    res = officer_unavailable(y, "hb-140403-03", D, D, TODAY, "planner")
    assert [s["id"] for s in res.shortfalls] == ["V1"] and "pinned" in res.shortfalls[0]["binding"]
    assert v.status == "cancelled" and res.renotify == []


def test_no_lawful_day_nearby_is_said_so() -> None:
    y, v = _alone()
    today = dt.date(2027, 6, 4)  # freeze to 14 June: the visit itself is not pinned, and no earlier day is offered
    res = officer_unavailable(y, "hb-140403-03", D, None, today, "planner", kind="suspended")
    (s,) = res.shortfalls
    assert s["binding"].endswith("; no lawful day in its window") and s["binding_zh"].endswith("，其期限内也无合法日期")
    assert v.status == "cancelled" and v.officer_ids == ("hb-140403-03", "hb-140403-04")


def test_a_joint_visit_that_loses_one_agency_keeps_the_others() -> None:
    v = visit("J", D, E403, ("hb-140403-03", "hb-140403-04", "um-140403-00", "um-140403-01"), agencies=("hb", "um"))
    y = tiny(v)
    set_cap(y, "hb-140400", 0)
    today = D - dt.timedelta(days=1)
    res = officer_unavailable(y, "hb-140403-04", D, D, today, "planner")
    assert [s["id"] for s in res.shortfalls] == ["J"]
    assert v.status == "planned" and v.agency_ids == ("um",) and v.officer_ids == ("um-140403-00", "um-140403-01")
    assert v.teams == {"um": "um-140403"} and v.lead_agency_id == "um"
    assert v.reason.startswith("R-REPLAN 未能保障（hb）：队伍 hb-140403") and "R-REPLAN shortfall (hb): team hb-140403" in v.reason
    drop = [e for e in y.log if e["action"] == "visit.drop_agency"]
    assert drop == [{"on": today.isoformat(), "who": "planner", "action": "visit.drop_agency", "visit_id": "J", "agency_id": "hb",
                     "reason": v.reason}]
    assert books(y) == fresh_books(y)


# ---- the budget swap (only annual budgets stop a replacement) -------------------------------------------------------------

def _swap_case(w_status: str = "planned", v_status: str = "planned") -> tuple[Year, Visit, Visit]:
    """hb-140404-03 could replace 00 on V but has spent its budget on W, a later visit: they swap."""
    v = visit("V", D, E1, ("hb-140404-00", "hb-140404-01"), status=v_status)
    w = visit("W", D + dt.timedelta(days=14), E2, ("hb-140404-03", "hb-140404-01"), status=w_status)
    y = tiny(v, w)
    set_budget(y, "hb-140404-03", 1)
    set_cap(y, "hb-140400", 0)
    return y, v, w


def test_a_spent_budget_is_traded_for_a_later_visit() -> None:
    y, v, w = _swap_case()
    res = officer_unavailable(y, "hb-140404-00", D, D, TODAY, "planner")
    assert res.restaffed == ["V", "W"] and res.moved == [] and res.shortfalls == []
    assert v.officer_ids == ("hb-140404-03", "hb-140404-01") and w.officer_ids == ("hb-140404-00", "hb-140404-01")
    assert v.date == D and w.date == D + dt.timedelta(days=14)
    assert y.officer_year["hb-140404-03"] == 1 and y.officer_year["hb-140404-00"] == 1
    assert books(y) == fresh_books(y)
    assert y.versions[-1].changes == [{"action": "restaff", "visit_id": "V"}, {"action": "restaff", "visit_id": "W"}]


def test_a_swap_voids_both_notices() -> None:
    y, v, w = _swap_case(w_status="notified", v_status="notified")
    res = officer_unavailable(y, "hb-140404-00", D, D, TODAY, "planner")
    assert res.restaffed == ["V", "W"] and res.renotify == ["V", "W"] and v.status == w.status == "planned"
    assert [(e["visit_id"], e["who"], e["on"]) for e in y.log if e["action"] == "visit.notice_void"] == [
        ("V", "planner", TODAY.isoformat()), ("W", "planner", TODAY.isoformat())]


@pytest.mark.parametrize("why", ["done", "past", "away", "unlawful", "recused"])
def test_no_swap_with_a_visit_that_cannot_take_the_absent_officer(why: str) -> None:
    y, v, w = _swap_case(w_status="done" if why == "done" else "planned")
    today = TODAY
    if why == "past":
        w.date = dt.date(2027, 6, 14)  # before today, below
        y = tiny(v, w)
        set_budget(y, "hb-140404-03", 1)
        set_cap(y, "hb-140400", 0)
        today = D
    elif why == "away":
        y.extra_away["hb-140404-00"] = {w.date}
    elif why == "unlawful":  # W's agency part is held by a team 03 is not in: W breaks R-TEAM, so no swap makes it lawful
        y._book(w, -1)
        w.teams = {"hb": "hb-140400"}
        y._book(w, +1)
    elif why == "recused":
        y.reg.recused = {("hb-140404-00", E2)}
    before = books(y)
    res = officer_unavailable(y, "hb-140404-00", D, D, today, "planner")
    assert res.restaffed == [] and len(res.moved) + len(res.shortfalls) == 1
    assert w.officer_ids == ("hb-140404-03", "hb-140404-01")
    assert v.date != D or v.status == "cancelled"
    if why == "unlawful":
        assert res.moved and books(y)["officer_year"] == before["officer_year"]


def test_no_swap_when_the_absent_officer_is_already_on_the_later_visit() -> None:
    v = visit("V", D, E1, ("hb-140404-00", "hb-140404-01"))
    w = visit("W", D + dt.timedelta(days=14), E2, ("hb-140404-03", "hb-140404-00"))
    y = tiny(v, w)
    set_budget(y, "hb-140404-03", 1)
    set_cap(y, "hb-140400", 0)
    res = officer_unavailable(y, "hb-140404-00", D, D, TODAY, "planner")
    assert res.restaffed == [] and w.officer_ids == ("hb-140404-03", "hb-140404-00")


def test_the_swap_takes_the_earliest_later_visit() -> None:
    v = visit("V", D, E1, ("hb-140404-00", "hb-140404-01"))
    w1 = visit("W1", D + dt.timedelta(days=21), E2, ("hb-140404-03", "hb-140404-01"))
    w2 = visit("W2", D + dt.timedelta(days=14), E3, ("hb-140404-03", "hb-140404-01"))
    y = tiny(v, w1, w2)
    set_budget(y, "hb-140404-03", 2)
    set_cap(y, "hb-140400", 0)
    res = officer_unavailable(y, "hb-140404-00", D, D, TODAY, "planner")
    assert res.restaffed == ["V", "W2"] and w1.officer_ids == ("hb-140404-03", "hb-140404-01")
    assert books(y) == fresh_books(y)


def test_result_counts_and_dict() -> None:
    r = ReplanResult("o", restaffed=["a", "b"], moved=[{"visit_id": "c"}], shortfalls=[{"id": "d"}], version=3, renotify=["a"],
                     unrecorded=["e"], overlaps=[2])
    assert r.touched == 4  # a visit of a day gone by left as it is was not touched
    assert r.as_dict() == {"officer_id": "o", "restaffed": ["a", "b"], "moved": [{"visit_id": "c"}], "shortfalls": [{"id": "d"}],
                           "version": 3, "renotify": ["a"], "unrecorded": ["e"], "overlaps": [2], "clipped_from": None}


def test_counts_stay_true_through_every_kind_of_outcome() -> None:
    """A leave that re-staffs one visit, moves one and cannot keep a third: the running counts equal a fresh booking."""
    vs = [visit("R", D, E1, ("hb-140404-00", "hb-140404-01")),
          visit("M", D, E403, ("hb-140403-03", "hb-140403-04")),
          visit("S", D + dt.timedelta(days=1), "91140403L6E8HCTQ0C", ("hb-140403-03", "hb-140403-04"), status="notified")]
    y = tiny(*vs)
    set_cap(y, "hb-140400", 0)
    officer_unavailable(y, "hb-140403-03", D, D + dt.timedelta(days=1), TODAY, "planner")
    officer_unavailable(y, "hb-140404-00", D, D, TODAY, "planner")
    assert y.visits["M"].date != D and y.visits["S"].status == "cancelled" and y.visits["R"].date == D
    assert books(y) == fresh_books(y)
    assert Counter(e["action"] for e in y.log)["plan.replan"] == 2


# ---- survivors of the first mutation run --------------------------------------------------------------------------------

def test_a_recused_officer_is_not_drawn_in_the_same_team() -> None:
    v = visit("J", D, E403, ("hb-140403-03", "hb-140403-04", "um-140403-00", "um-140403-01"), agencies=("hb", "um"))
    y = tiny(v)
    y.reg.recused = {("um-140403-02", E403)}  # first in draw order for J
    officer_unavailable(y, "um-140403-00", D, D, TODAY, "planner")
    assert v.officer_ids == ("hb-140403-03", "hb-140403-04", "um-140403-01", "um-140403-03")


def test_a_recused_officer_is_not_drawn_in_the_city_team() -> None:
    v = visit("V1", D, E1, ("hb-140404-00", "hb-140404-01"))
    y = tiny(v)
    y.extra_away["hb-140404-03"] = {D}
    y.reg.recused = {("hb-140400-01", E1)}  # first in draw order for V1
    officer_unavailable(y, "hb-140404-00", D, D, TODAY, "planner")
    assert v.teams == {"hb": "hb-140400"} and v.officer_ids == ("hb-140400-04", "hb-140400-00")


def test_a_city_team_at_its_daily_cap_is_passed_over() -> None:
    v = visit("V1", D, E1, ("hb-140404-00", "hb-140404-01"))
    busy = visit("B", D, E3, ("hb-140400-02", "hb-140400-03"))
    y = tiny(v, busy)
    y.extra_away["hb-140404-03"] = {D}
    set_cap(y, "hb-140400", 1)
    res = officer_unavailable(y, "hb-140404-00", D, D, TODAY, "planner")
    assert res.restaffed == [] and [m["visit_id"] for m in res.moved] == ["V1"] and v.teams == {"hb": "hb-140404"}


def test_a_swap_among_others_in_one_leave() -> None:
    """V0 and V2 go to the city team; V, on a day the city team is full, swaps with W: all four are listed, in order."""
    o = "hb-140404-00"
    vs = [visit("V0", D - dt.timedelta(days=1), E1, (o, "hb-140404-01")), visit("V", D, E2, (o, "hb-140404-01")),
          visit("V2", D + dt.timedelta(days=1), E3, (o, "hb-140404-01")),
          visit("W", D + dt.timedelta(days=14), "91140404EHGLKQLT38", ("hb-140404-03", "hb-140404-01")),
          visit("B", D, "91140404UUNNCDHY8P", ("hb-140400-02", "hb-140400-03"))]
    y = tiny(*vs)
    set_budget(y, "hb-140404-03", 1)
    set_cap(y, "hb-140400", 1)
    res = officer_unavailable(y, o, D - dt.timedelta(days=1), D + dt.timedelta(days=1), TODAY, "planner")
    assert res.restaffed == ["V0", "V", "W", "V2"] and res.moved == [] and res.shortfalls == []
    assert y.visits["V0"].teams == y.visits["V2"].teams == {"hb": "hb-140400"} and y.visits["W"].officer_ids == (o, "hb-140404-01")
    assert books(y) == fresh_books(y)


def _city_swap(vid: str = "S") -> tuple[Year, Visit, dict[str, Visit]]:
    """The city team hb-140400 on V (00 and 01): 02, 03 and 04 have each spent their budget on one later visit."""
    v = visit(vid, D, E1, ("hb-140400-00", "hb-140400-01"))
    later = {o: visit(f"W{o[-1]}", D + dt.timedelta(days=14 + i), ent, (o, "hb-140400-01"))
             for i, (o, ent) in enumerate([("hb-140400-02", E2), ("hb-140400-03", E3), ("hb-140400-04", "91140404EHGLKQLT38")])}
    y = tiny(v, *later.values())
    for o in later:
        set_budget(y, o, 1)
    set_cap(y, "hb-140404", 0)
    return y, v, later


def test_the_swap_partner_is_drawn_in_r_officer_draw_order() -> None:
    y, v, later = _city_swap()
    first = min(later, key=lambda o: y.reg.draw_key("S", o))
    assert first == "hb-140400-03"  # neither the first by name nor the team's first
    res = officer_unavailable(y, "hb-140400-00", D, D, TODAY, "planner")
    assert res.restaffed == ["S", later[first].visit_id]
    assert v.officer_ids == (first, "hb-140400-01") and later[first].officer_ids == ("hb-140400-00", "hb-140400-01")


def test_a_recused_swap_partner_is_passed_over() -> None:
    y, v, later = _city_swap()
    y.reg.recused = {("hb-140400-03", E1)}
    res = officer_unavailable(y, "hb-140400-00", D, D, TODAY, "planner")
    assert res.restaffed == ["S", "W2"] and v.officer_ids == ("hb-140400-02", "hb-140400-01")
    assert later["hb-140400-03"].officer_ids == ("hb-140400-03", "hb-140400-01")


def test_a_candidate_with_no_visits_at_all_is_no_swap_partner() -> None:
    """An officer whose budget is 0 (none this year) has no visit to trade: the re-plan goes on to move the visit."""
    v = visit("V", D, E1, ("hb-140404-00", "hb-140404-01"))
    y = tiny(v)
    set_budget(y, "hb-140404-03", 0)
    set_cap(y, "hb-140400", 0)
    res = officer_unavailable(y, "hb-140404-00", D, D, TODAY, "planner")
    assert [m["visit_id"] for m in res.moved] == ["V"] and res.restaffed == []


def test_the_swap_may_take_a_visit_of_today() -> None:
    v = visit("V", D, E1, ("hb-140404-00", "hb-140404-01"))
    w = visit("W", TODAY, E2, ("hb-140404-03", "hb-140404-01"))
    y = tiny(v, w)
    set_budget(y, "hb-140404-03", 1)
    set_cap(y, "hb-140400", 0)
    res = officer_unavailable(y, "hb-140404-00", D, D, TODAY, "planner")
    assert res.restaffed == ["V", "W"] and w.officer_ids == ("hb-140404-00", "hb-140404-01")


def test_the_swap_looks_past_a_later_visit_it_cannot_take() -> None:
    v = visit("V", D, E1, ("hb-140404-00", "hb-140404-01"))
    w1 = visit("W1", D + dt.timedelta(days=7), E2, ("hb-140404-03", "hb-140404-01"), status="done")
    w2 = visit("W2", D + dt.timedelta(days=14), E3, ("hb-140404-03", "hb-140404-01"))
    y = tiny(v, w1, w2)
    set_budget(y, "hb-140404-03", 2)
    set_cap(y, "hb-140400", 0)
    res = officer_unavailable(y, "hb-140404-00", D, D, TODAY, "planner")
    assert res.restaffed == ["V", "W2"] and w1.officer_ids == ("hb-140404-03", "hb-140404-01")


def test_a_remote_check_is_not_swapped_onto_an_officer_at_the_remote_limit() -> None:
    """A remote check (one officer, R-REMOTE) whose officer is away: the team's others have done their
    max_remote_checks_per_officer_per_day that day, so nobody takes it there — not even by trading a later visit (the
    trade is for annual budgets, which a remote check does not use); it moves to another day."""
    v = visit("V", D, E1, ("hb-140404-00",), mode="remote")
    w = visit("W", D + dt.timedelta(days=14), E2, ("hb-140404-01", "hb-140404-03"))
    y = tiny(v, w)
    set_cap(y, "hb-140400", 0)
    for o in ("hb-140404-01", "hb-140404-03"):
        y.remote_day[(o, D)] = y.policy.max_remote_checks_per_officer_per_day
    res = officer_unavailable(y, "hb-140404-00", D, D, TODAY, "planner")
    assert res.restaffed == [] and [m["visit_id"] for m in res.moved] == ["V"] and v.date != D
    assert w.officer_ids == ("hb-140404-01", "hb-140404-03")


# ---- defects mut15 found, mended (each was a strict xfail until then) ----------------------------------------------------

def test_a_notified_joint_visit_that_loses_an_agency_waits_for_a_new_notice() -> None:
    v = visit("J", D, E403, ("hb-140403-03", "hb-140403-04", "um-140403-00", "um-140403-01"), agencies=("hb", "um"), status="notified")
    y = tiny(v)
    set_cap(y, "hb-140400", 0)
    res = officer_unavailable(y, "hb-140403-04", D, D, TODAY, "planner")
    assert [s["id"] for s in res.shortfalls] == ["J"] and v.agency_ids == ("um",)  # what happens today, and is right
    assert res.renotify == ["J"] and v.status == "planned"  # the served notice names hb-140403-03/04 and hb's item: void


def test_a_leave_without_an_end_is_refused_as_a_year_error() -> None:
    y = tiny()
    with pytest.raises(YearError) as e:
        officer_unavailable(y, "hb-140404-00", D, None, TODAY, "planner", kind="leave")
    assert e.value.rule == "R-REPLAN"


# ---- found by mut15, mended in the sixteenth round ----------------------------------------------------------------

def test_lawful_counts_the_remote_cap_of_each_officer() -> None:
    """R-AVAIL: an officer makes at most max_remote_checks_per_officer_per_day remote checks a day. Year.lawful — the
    check every change passes — named it nowhere (mut15: with the budget swap's own pre-check removed, an officer got 9
    in a day). At the cap: lawful; one beyond: R-AVAIL, and a further remote check that day is refused, nothing kept."""
    cap = example().policy.max_remote_checks_per_officer_per_day
    v = visit("V", D, E1, ("hb-140404-00",), mode="remote")
    y = tiny(v)
    assert y.remote_day[("hb-140404-00", D)] == 1 and y.lawful(v) == []
    y.remote_day[("hb-140404-00", D)] = cap
    assert y.lawful(v) == []
    y.remote_day[("hb-140404-00", D)] = cap + 1
    assert y.lawful(v) == ["R-AVAIL"]
    # the officer's on-site count and annual budget are not what a remote check uses
    assert y.officer_day[("hb-140404-00", D)] == 0 and y.officer_year["hb-140404-00"] == 0
    y.remote_day[("hb-140404-00", D)] = cap
    before = books(y)
    with pytest.raises(YearError):
        y.place(visit("W", D, E2, ("hb-140404-00",), mode="remote"))
    assert "W" not in y.visits and books(y) == before
