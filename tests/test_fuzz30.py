"""fuzz30's findings (tests/fuzz30_harness.py), each as the shortest request sequence that reproduces it.

The harness walked the year of the tiny bureau's approved plan through the JSON API and the page forms, as every role,
and after each act checked the service's own HARD-rule invariant: every visit still to be made (planned or notified,
from today on) is lawful (execution.year.Year.lawful, "the same checks for every change"). No request answered 5xx;
the failures below are that invariant broken by a record made on another day than planned (改期执行).

Year.record takes the true day of a visit done on another day and records the planning rules *that visit* breaks
(Record.breaches), by design (review16). But the other visits of the same enterprise are left as they stand: a visit
still planned now breaks R-GAP or R-JOINT against the one just done, and nothing says so — not the record's breaches,
which name the recorded visit's, not the year's board, not the planned visit. The next change that touches the planned
visit finds it unlawful (a one-day leave of one of its officers moved V14040300018 seven weeks, 2027-07-21 → 2027-09-07,
where the same leave without the early record re-staffed it on its day).

Decided (docs/decisions.md "fuzz30"): the record stays as it happened, and the visit it put in conflict is not moved by
it (a move of the approved plan is a planner's change a leader approves, R-APPROVE). It is named at once — in the
record's answer, on the year board (`conflicts`), on its own page — until a planner moves or cancels it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import Session

from tests.api_helpers import approved_plan, page_session


def _unlawful(client, plan_id: int) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Every visit still to be made (planned or notified, from today on) that breaks a HARD rule, with the rules."""
    from api import yearstore

    with Session(client.app.state.engine) as s:
        y = yearstore.read(s, client.app.state.settings, plan_id)
    today = yearstore.today()
    return {v.visit_id: y.lawful(v) for v in y.visits.values() if v.status in ("planned", "notified") and v.date >= today and y.lawful(v)}


def _visit(client, h, plan_id: int, vid: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    r = client.get(f"/api/plans/{plan_id}/year/visits/{vid}", headers=h["planner"])
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def test_a_visit_recorded_early_leaves_no_planned_visit_of_its_enterprise_breaking_r_gap(tiny_dir: Path, tmp_path: Path,
                                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """um's two mandatory visits of 91140403D0DQ35CED3 (V14040300018 on 21 July, V14040300023 on 19 October, 90 days
    apart as R-GAP wants). The October one is done early, on 9 June, and recorded so: V14040300018, still planned on
    21 July, is now 42 days after an entry of the same agency (R-GAP: 90), and stays so, unflagged."""
    monkeypatch.setenv("INSPECTION_TODAY", "2027-03-31")
    client, h, pid = approved_plan(tiny_dir, tmp_path, "gap.db")
    early, later = _visit(client, h, pid, "V14040300018"), _visit(client, h, pid, "V14040300023")
    assert (early["date"], later["date"], early["enterprise_id"], later["agency_ids"]) == ("2027-07-21", "2027-10-19", later["enterprise_id"], "um")
    assert _unlawful(client, pid) == {}  # the approved plan keeps every HARD rule
    monkeypatch.setenv("INSPECTION_TODAY", "2027-06-09")
    r = client.post(f"/api/plans/{pid}/year/visits/V14040300023/record", headers=h["planner"],
                    json={"date": "2027-06-09", "officer_ids": ["um-140403-000", "um-140403-003"], "outcomes": {"um-sanitation": "compliant"}})
    assert r.status_code == 201, r.text
    assert "R-GAP" in _visit(client, h, pid, "V14040300023")["record"]["breaches"]  # the recorded visit's own breach is said
    # ... and the visit still planned that it left breaking R-GAP is named: in the answer, on the board, on its page
    named = [{"visit_id": "V14040300018", "date": "2027-07-21", "rules": ["R-GAP"], "records": ["V14040300023"],
              "by_record": [{"record": "V14040300023", "date": "2027-06-09", "rules": ["R-GAP"]}]}]
    assert r.json()["conflicts"] == named and _unlawful(client, pid) == {"V14040300018": ["R-GAP"]}
    assert client.get(f"/api/plans/{pid}/year/deadlines", headers=h["leader"]).json()["conflicts"] == named
    assert client.get(f"/api/plans/{pid}/year", headers=h["leader"]).json()["conflicts"] == named
    assert _visit(client, h, pid, "V14040300018")["conflicts"] == named
    with page_session(client, h["planner"]):
        board = client.get(f"/plans/{pid}/year").text
        page = client.get(f"/plans/{pid}/year/visits/V14040300018").text
    assert 'id="conflicts"' in board and 'data-visit="V14040300018"' in board
    assert 'id="conflict"' in page and "R-GAP" in page and "move or cancel it" in page
    assert client.get(f"/api/plans/{pid}/year/deadlines", headers=h["leader"], params={"agency": "hb"}).json()["conflicts"] == []  # um's
    # the planner moves it to a day the slots offer: 90 days after the record at the earliest, and the list is empty
    slots = client.get(f"/api/plans/{pid}/year/visits/V14040300018/slots", headers=h["planner"]).json()["slots"]
    assert slots and all(dt.date.fromisoformat(x["day"]) >= dt.date(2027, 9, 7) for x in slots), slots
    r = client.post(f"/api/plans/{pid}/year/visits/V14040300018/move", headers=h["planner"],
                    json={"day": slots[0]["day"], "reason": "企业已于6月9日检查 / inspected on 9 June"})
    assert r.status_code == 200, r.text
    assert _unlawful(client, pid) == {} and client.get(f"/api/plans/{pid}/year", headers=h["leader"]).json()["conflicts"] == []


def test_a_visit_recorded_on_the_day_of_an_inserted_visit_leaves_no_second_entry_planned_that_day(tiny_dir: Path, tmp_path: Path,
                                                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """An urgent complaint about 91140403GNK7WLU01B is inserted for today (I000001, the city team hb-140400); the
    district team goes there today as well, and records its own November visit V14040300026 as done today. The
    enterprise now has one on-site visit done and another still planned on the same day (R-JOINT: one on-site row per
    enterprise-day), and I000001 stays planned with its notice to serve, unflagged."""
    monkeypatch.setenv("INSPECTION_TODAY", "2027-03-31")
    client, h, pid = approved_plan(tiny_dir, tmp_path, "joint.db")
    v = _visit(client, h, pid, "V14040300026")
    assert (v["date"], v["enterprise_id"], v["agency_ids"]) == ("2027-11-26", "91140403GNK7WLU01B", "hb")
    trig = {"enterprise_id": "91140403GNK7WLU01B", "agency_id": "hb", "received_on": "2027-03-31", "urgent": True}
    r = client.post(f"/api/plans/{pid}/year/triggers", headers=h["planner"], json={**trig, "day": "2027-03-31", "team": "hb-140400"})
    assert r.status_code == 201, r.text
    inserted = r.json()["visit"]["visit_id"]
    assert _unlawful(client, pid) == {}
    r = client.post(f"/api/plans/{pid}/year/visits/V14040300026/record", headers=h["planner"],
                    json={"date": "2027-03-31", "officer_ids": ["hb-140403-000", "hb-140403-002"],
                          "outcomes": {"hb-market": "compliant", "hb-quality": "compliant"}})
    assert r.status_code == 201, r.text
    assert _visit(client, h, pid, inserted)["status"] == "planned"
    # a second on-site entry into the enterprise that day: named, for the planner to cancel (its trigger was seen to)
    assert r.json()["conflicts"] == [{"visit_id": inserted, "date": "2027-03-31", "rules": ["R-JOINT"], "records": ["V14040300026"],
                                     "by_record": [{"record": "V14040300026", "date": "2027-03-31", "rules": ["R-JOINT"]}]}]
    r = client.post(f"/api/plans/{pid}/year/visits/{inserted}/status", headers=h["planner"],
                    json={"status": "cancelled", "reason": "同日已由 V14040300026 检查 / inspected the same day by V14040300026"})
    assert r.status_code == 200, r.text
    assert _unlawful(client, pid) == {} and client.get(f"/api/plans/{pid}/year", headers=h["leader"]).json()["conflicts"] == []


def test_a_record_on_its_planned_day_names_no_conflict(tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a record on another day moves a visit: one on its own day puts nothing in conflict, and says so."""
    monkeypatch.setenv("INSPECTION_TODAY", "2027-07-21")
    client, h, pid = approved_plan(tiny_dir, tmp_path, "same.db")
    r = client.post(f"/api/plans/{pid}/year/visits/V14040300018/record", headers=h["planner"],
                    json={"date": "2027-07-21", "officer_ids": _visit(client, h, pid, "V14040300018")["officer_ids"].split(";"),
                          "outcomes": {"um-sanitation": "compliant"}})
    assert r.status_code == 201, r.text
    assert (r.json()["conflicts"], r.json()["breaches"]) == ([], [])
