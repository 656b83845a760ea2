"""race30 R9: a visit recorded as done on another day (改期执行) takes its team's and officers' places on that day. A
visit of another enterprise still planned that day, with the same team or officer, may now exceed a daily cap
(R-AVAIL). Year.conflicts names it with the record, for a planner to move or cancel; a rule it breaks on its own is not
blamed on the record (review30). The spec's example bureau, visits placed by hand, no solve."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from execution.year import Caller
from tests.api_helpers import approved_plan, page_session
from tests.test_mut15_replan import E1, E2, E3, E403, D, set_cap, tiny, visit

ON = D + dt.timedelta(days=1)  # 16 June: a working day
O1, O2, O3 = "hb-140404-00", "hb-140404-01", "hb-140404-03"  # the enforcement officers of team hb-140404 (cap 2 a day)


def _record_v_on(y, day: dt.date = ON) -> list[str]:  # type: ignore[no-untyped-def]
    y.record("V", day, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=day)
    return [c["visit_id"] for c in y.conflicts(record="V")]


def test_a_record_that_fills_its_team_day_names_the_visit_planned_there() -> None:
    y = tiny(visit("V", D, E1, (O1, O2)), visit("W", ON, E2, (O3, O1)))
    set_cap(y, "hb-140404", 1)
    assert y.lawful(y.visits["W"]) == [] and y.conflicts() == []
    assert _record_v_on(y) == ["W"]
    named = [{"visit_id": "W", "date": ON.isoformat(), "rules": ["R-AVAIL"], "records": ["V"],
              "by_record": [{"record": "V", "date": ON.isoformat(), "rules": ["R-AVAIL"]}]}]
    assert y.conflicts() == named and y.conflicts(enterprise=E2) == named and y.conflicts(agency="hb") == named
    assert y.conflicts(enterprise=E1) == [] and y.conflicts(agency="um") == []
    assert "R-AVAIL" in y.lawful(y.visits["W"])
    assert y.log[-1]["conflicts"] == ["W"]  # in the record's audit line (R-AUDIT)


def test_a_record_that_leaves_room_on_its_team_day_names_nothing() -> None:
    y = tiny(visit("V", D, E1, (O1, O2)), visit("W", ON, E2, (O3, O1)))
    set_cap(y, "hb-140404", 2)
    assert _record_v_on(y) == [] and y.conflicts() == [] and y.lawful(y.visits["W"]) == []
    assert "conflicts" not in y.log[-1]


def test_a_record_that_fills_an_officers_day_names_each_visit_of_that_officer() -> None:
    """O1 already makes two visits on the 16th (the policy's cap is 2): a third, recorded there, takes O1 past it."""
    y = tiny(visit("V", D, E1, (O1, O2)), visit("W", ON, E2, (O1, O3)), visit("X", ON, E3, (O1, O3)))
    set_cap(y, "hb-140404", 5)
    assert y.policy.max_visits_per_officer_per_day == 2
    assert _record_v_on(y) == ["X", "W"]  # by enterprise (E3 before E2), as the board lists them
    assert {c["visit_id"]: c["rules"] for c in y.conflicts()} == {"W": ["R-AVAIL"], "X": ["R-AVAIL"]}


def test_one_visit_of_that_officer_that_day_is_still_within_the_cap() -> None:
    y = tiny(visit("V", D, E1, (O1, O2)), visit("W", ON, E2, (O1, O3)))
    set_cap(y, "hb-140404", 5)
    assert _record_v_on(y) == [] and y.lawful(y.visits["W"]) == []


def test_a_visit_overfull_on_its_own_that_day_is_not_blamed_on_the_record() -> None:
    """X, another team's visit on the 16th, breaks R-AVAIL by its own team's cap: the record shares nothing with it."""
    y = tiny(visit("V", D, E1, (O1, O2)), visit("X", ON, E403, ("hb-140403-03", "hb-140403-04")))
    set_cap(y, "hb-140403", 0)
    assert "R-AVAIL" in y.lawful(y.visits["X"])
    assert _record_v_on(y) == [] and y.conflicts() == []


def test_a_record_on_its_own_day_and_a_cancelled_or_done_visit_are_not_named() -> None:
    y = tiny(visit("V", ON, E1, (O1, O2)), visit("W", ON, E2, (O3, O1)))
    set_cap(y, "hb-140404", 1)  # over the cap as planned: the record on its day changes nothing
    assert _record_v_on(y) == [] and y.conflicts() == []
    z = tiny(visit("V", D, E1, (O1, O2)), visit("W", ON, E2, (O3, O1)))
    set_cap(z, "hb-140404", 1)
    z.visits["W"].status = "overdue"  # still to be made
    assert _record_v_on(z) == ["W"]
    z.visits["W"].status = "done"
    assert z.conflicts() == []


def test_a_remote_record_fills_only_the_remote_cap_it_shares() -> None:
    """A remote check counts on an officer's remote cap, not on the on-site one (R-AVAIL 远程核查日上限)."""
    cap = tiny().policy.max_remote_checks_per_officer_per_day
    y = tiny(visit("V", D, E1, (O1, O2), mode="remote"), visit("W", ON, E2, (O1, O3)))
    set_cap(y, "hb-140404", 5)
    y.remote_day[(O1, ON)] = cap  # O1's remote checks that day are at the cap; the on-site W is not
    assert _record_v_on(y) == []
    z = tiny(visit("V", D, E1, (O1, O2), mode="remote"), visit("W", ON, E2, (O1, O3), mode="remote"))
    set_cap(z, "hb-140404", 5)
    z.remote_day[(O1, ON)] += cap - 1  # with W and V, O1 makes cap + 1 remote checks on the 16th
    assert _record_v_on(z) == ["W"]


def test_an_onsite_record_over_an_officers_onsite_cap_does_not_name_a_remote_check() -> None:
    y = tiny(visit("V", D, E1, (O1, O2)), visit("W", ON, E2, (O1, O3), mode="remote"))
    set_cap(y, "hb-140404", 5)
    y.officer_day[(O1, ON)] += 2  # O1's on-site visits that day: 3 with V, over the cap; W, a remote check, uses none
    assert _record_v_on(y) == []
    y.visits["W"].mode = "onsite"  # the same visit on site would share the cap: named
    y.officer_day[(O1, ON)] += 1
    assert [c["visit_id"] for c in y.conflicts(record="V")] == ["W"]


def test_race30_r9_through_the_service(tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """race30's reproduction on the tiny bureau: um-140404 (2 visits a day) has V14040400009 planned on 1 April. Two of
    its overdue visits are recorded as done that day; the second takes the team past its cap, and V14040400009, another
    enterprise's, is named in the record's answer, on the board and on its own page, until the planner moves it."""
    monkeypatch.setenv("INSPECTION_TODAY", "2027-03-31")
    client, h, pid = approved_plan(tiny_dir, tmp_path, "r9.db")
    get = lambda vid: client.get(f"/api/plans/{pid}/year/visits/{vid}", headers=h["planner"]).json()  # noqa: E731
    first, second, planned = get("V14040400001"), get("V14040400003"), get("V14040400009")
    assert (planned["date"], planned["agency_ids"], first["date"] < "2027-03-31", second["date"] < "2027-03-31") == ("2027-04-01", "um", True, True)
    assert len({first["enterprise_id"], second["enterprise_id"], planned["enterprise_id"]}) == 3
    monkeypatch.setenv("INSPECTION_TODAY", "2027-04-01")

    def record(v: dict) -> dict:  # type: ignore[type-arg]
        r = client.post(f"/api/plans/{pid}/year/visits/{v['visit_id']}/record", headers=h["planner"],
                        json={"date": "2027-04-01", "officer_ids": v["officer_ids"].split(";"),
                              "outcomes": {i: "compliant" for i in v["item_ids"].split(";")}})
        assert r.status_code == 201, r.text
        return r.json()  # type: ignore[no-any-return]

    assert record(first)["conflicts"] == []  # the team's second visit that day: within its cap of 2
    answer = record(second)
    assert "R-AVAIL" in answer["breaches"]  # the record's own day: said by the record (review16)
    one = {"date": "2027-04-01", "rules": ["R-AVAIL"]}
    assert answer["conflicts"] == [{"visit_id": "V14040400009", "date": "2027-04-01", "rules": ["R-AVAIL"], "records": ["V14040400003"],
                                    "by_record": [{"record": "V14040400003", **one}]}]
    board = client.get(f"/api/plans/{pid}/year", headers=h["leader"]).json()["conflicts"]
    assert board == [{"visit_id": "V14040400009", "date": "2027-04-01", "rules": ["R-AVAIL"], "records": ["V14040400001", "V14040400003"],
                      "by_record": [{"record": "V14040400001", **one}, {"record": "V14040400003", **one}]}]
    assert get("V14040400009")["conflicts"] == board
    with page_session(client, h["planner"]):
        year_page = client.get(f"/plans/{pid}/year").text
        page = client.get(f"/plans/{pid}/year/visits/V14040400009").text
    assert 'data-visit="V14040400009"' in year_page and "R-AVAIL" in page
    # a11y30 #19: the leave form offers the year's officers (id, name, team) instead of an id typed from memory
    assert 'list="officer-list"' in year_page and '<option value="um-140404-000">' in year_page
    assert "V14040400003 was done on this visit's day (2027-04-01) instead of its own, taking a daily place" in page
    assert "同一企业" not in page  # another enterprise's records: not said to be the same enterprise
    # today it is pinned (the freeze, R-INSERT); the day after, overdue, it is still named, and the planner moves it
    assert client.get(f"/api/plans/{pid}/year/visits/V14040400009/slots", headers=h["planner"]).status_code == 409
    monkeypatch.setenv("INSPECTION_TODAY", "2027-04-02")
    assert [c["visit_id"] for c in client.get(f"/api/plans/{pid}/year", headers=h["leader"]).json()["conflicts"]] == ["V14040400009"]
    slots = client.get(f"/api/plans/{pid}/year/visits/V14040400009/slots", headers=h["planner"]).json()["slots"]
    r = client.post(f"/api/plans/{pid}/year/visits/V14040400009/move", headers=h["planner"],
                    json={"day": slots[0]["day"], "reason": "当日名额已被改期执行的检查占用 / the day's places were taken"})
    assert r.status_code == 200, r.text
    assert client.get(f"/api/plans/{pid}/year", headers=h["leader"]).json()["conflicts"] == []


def test_one_record_that_breaks_two_rules_names_both() -> None:
    """review32: V, recorded on the 16th at the enterprise where W is planned that day, by W's team at its cap: R-JOINT
    (a second entry) and R-AVAIL (the team's day), both from V."""
    y = tiny(visit("V", D, E1, (O1, O2)), visit("W", ON, E1, (O3, O1)))
    set_cap(y, "hb-140404", 1)
    assert _record_v_on(y) == ["W"]
    assert y.conflicts()[0]["by_record"] == [{"record": "V", "date": ON.isoformat(), "rules": ["R-AVAIL", "R-JOINT"]}]
    assert sorted(y.lawful(y.visits["W"])) == ["R-AVAIL", "R-JOINT"]


def test_two_records_of_two_kinds_each_say_their_own_rule() -> None:
    """review32: W (E2, hb) clashes with G, gas's visit of E2 recorded on W's day (R-JOINT), and with V, another firm's
    visit of W's team recorded that day (R-AVAIL). Each record is named with its own rule, and the page says so."""
    g = visit("G", D, E2, ("gas-140404-00", "gas-140404-02"), agencies=("gas",))
    y = tiny(visit("V", D, E1, (O1, O2)), visit("W", ON, E2, (O3, O1)), g)
    set_cap(y, "hb-140404", 1)
    y.record("G", ON, ["gas-140404-00", "gas-140404-02"], {"gas-s": "compliant"}, Caller("clerk"), today=ON)
    _record_v_on(y)
    (c,) = y.conflicts()
    assert (c["visit_id"], c["rules"], c["records"]) == ("W", ["R-AVAIL", "R-JOINT"], ["G", "V"])
    assert c["by_record"] == [{"record": "G", "date": ON.isoformat(), "rules": ["R-JOINT"]},
                              {"record": "V", "date": ON.isoformat(), "rules": ["R-AVAIL"]}]
    assert [x["visit_id"] for x in y.conflicts(record="G")] == ["W"] and y.conflicts(record="G")[0]["by_record"][0]["record"] == "G"
    from api.routers.pages import templates

    said = templates.env.get_template("_conflict.html").render(c=c, plan_id=1)
    assert "同一企业的检查 <a" in said and ">G</a> 改于 2027-06-16 执行（R-JOINT）" in said
    assert ">V</a> 原定他日，改在本检查当日（2027-06-16）执行，占用了同一检查组或执法人员当日的名额（R-AVAIL）" in said
    assert "G, of the same enterprise, was done on 2027-06-16 (R-JOINT)" in said
    assert "V was done on this visit's day (2027-06-16) instead of its own, taking a daily place of the same team or officers (R-AVAIL)" in said
