"""R-REPLAN: a visit its own team cannot staff on any day after a leave moves to another eligible team of the agency on
the nearest lawful day of its window (foreign34, an independent tester's year: a complaint on a city team was cancelled
"no lawful day in its window" while a district team of the agency was free on days of it — the same-day re-staffing
tried the other teams, the move only the visit's own). Hand-made years of the example bundle, no solve."""

from __future__ import annotations

import dataclasses
import datetime as dt

from execution import Year
from execution.context import Visit
from execution.replan import officer_unavailable, withdraw_absence
from tests.test_mut15_replan import E403, TODAY, D, books, fresh_books, set_cap, tiny, visit

YEAR_END = dt.date(2027, 12, 31)


def _city_full_on_d() -> tuple[Year, Visit]:
    """V1 on hb-140403 (its two certified officers) on D; the city team hb-140400 full on D with two other firms' visits."""
    v = visit("V1", D, E403, ("hb-140403-03", "hb-140403-04"))
    full = [dataclasses.replace(visit(f"C{i}", D, E403, (f"hb-140400-0{2 * i}", f"hb-140400-0{2 * i + 1}")), enterprise_id=e)
            for i, e in enumerate(("91140403AAAAAAAAAA", "91140403BBBBBBBBBB"))]
    return tiny(v, *full), v


def test_a_visit_its_team_cannot_staff_all_year_moves_to_another_team_of_the_agency() -> None:
    y, v = _city_full_on_d()
    assert not y.team_room("hb-140400", D) and y.team_room("hb-140400", D + dt.timedelta(days=1))
    res = officer_unavailable(y, "hb-140403-03", TODAY, YEAR_END, TODAY, "planner")  # no day left for hb-140403
    assert res.shortfalls == [] and res.restaffed == []
    assert [m["visit_id"] for m in res.moved] == ["V1"] and v.status == "planned"
    assert v.teams == {"hb": "hb-140400"} and {y.reg.officers[o].team_id for o in v.officer_ids} == {"hb-140400"}
    assert len(v.officer_ids) == 2 and "hb-140403-03" not in v.officer_ids
    assert abs((v.date - D).days) == 1 and y.lawful(v) == []  # the nearest day the city team has room
    assert books(y) == fresh_books(y)  # the counts as a year booked afresh from the same visits


def test_the_move_goes_back_when_the_leave_is_withdrawn() -> None:
    y, v = _city_full_on_d()
    officer_unavailable(y, "hb-140403-03", TODAY, YEAR_END, TODAY, "planner")
    withdraw_absence(y, 1, TODAY, "planner", "录错了 / entered by mistake")
    assert (v.date, v.teams, set(v.officer_ids)) == (D, {"hb": "hb-140403"}, {"hb-140403-03", "hb-140403-04"})
    assert books(y) == fresh_books(y)


def test_no_team_of_the_agency_with_a_lawful_day_is_still_a_shortfall() -> None:
    y, v = _city_full_on_d()
    set_cap(y, "hb-140400", 0)  # the city team can take no visit on any day
    res = officer_unavailable(y, "hb-140403-03", TODAY, YEAR_END, TODAY, "planner")
    (s,) = res.shortfalls
    assert s["binding"].endswith("; no lawful day in its window") and v.status == "cancelled"
