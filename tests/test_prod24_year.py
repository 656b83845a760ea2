"""prod24a: the year as a bureau lives it. A leave already begun when it is reported (R-REPLAN), and a visit given a new
day by a planner (改期, R-INSERT's slots, a version a leader approves). Hand-made years of the example bureau (no solve),
and the service once through its pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from execution import Year, YearError
from execution.replan import officer_unavailable
from execution.year import Caller
from tests.test_mut15_replan import E1, E2, D, books, fresh_books, tiny, visit

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
