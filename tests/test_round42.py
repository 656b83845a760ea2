"""Round 42: walk41 Y13's two things users could not do — enter an officer who leaves for good (调离或离职), and approve
several in-year changes at once (批量批准, R-APPROVE / R-URGENT's approvals after the fact)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from execution import Year, YearError
from execution.replan import absences, officer_unavailable, withdraw_absence


def _busiest(y: Year, after: dt.date) -> str:
    return Counter(o for v in y.visits.values() if v.date >= after and v.status == "planned" for o in v.officer_ids).most_common(1)[0][0]


# ---- an officer who leaves for good (R-REPLAN) -------------------------------------------------------------------------
def test_an_officer_who_leaves_for_good_is_away_to_the_years_end(tiny_year: Year) -> None:
    """walk41 Y13: only a leave with its last day or a suspension could be entered. A departure needs no end date: the
    officer stands in on no visit from its first day to the plan year's last, and the re-plan re-staffs or moves each."""
    y, today, start = tiny_year, dt.date(2027, 5, 20), dt.date(2027, 6, 1)
    o = _busiest(y, start)
    theirs = [v.visit_id for v in y.visits.values() if o in v.officer_ids and v.date >= start and v.status == "planned"]
    earlier = [v.visit_id for v in y.visits.values() if o in v.officer_ids and today <= v.date < start and v.status == "planned"]
    assert theirs and earlier
    res = officer_unavailable(y, o, start, None, today, "planner", kind="departed")
    assert set(theirs) == set(res.restaffed) | {m["visit_id"] for m in res.moved} | {s["id"] for s in res.shortfalls}
    assert not [v.visit_id for v in y.visits.values() if o in v.officer_ids and v.date >= start and v.status != "cancelled"]
    assert all(o in y.visits[vid].officer_ids for vid in earlier)  # the days before it are theirs still
    assert y.is_away(o, dt.date(2027, 12, 31)) and y.is_away(o, start) and not y.is_away(o, start - dt.timedelta(days=1))
    a = absences(y)[-1]
    assert (a.officer_id, a.kind, a.start, a.end) == (o, "departed", start, dt.date(2027, 12, 31))
    assert "调离或离职" in y.versions[res.version - 1].summary  # type: ignore[operator]
    # entered again: refused, naming the first entry, as a leave is
    with pytest.raises(YearError) as e:
        officer_unavailable(y, o, start, None, today, "planner", kind="departed")
    assert e.value.status == 409 and e.value.rule == "R-REPLAN"
    # entered by mistake: withdrawn, the officer counts again
    withdraw_absence(y, a.number, today, "planner", "登记错误")
    assert not y.is_away(o, dt.date(2027, 12, 31))


def test_a_departure_with_a_last_day_is_a_leave(tiny_year: Year) -> None:
    """An end date other than the year's last day would make the departure a leave in all but name: refused, saying
    which to enter; the year's last day itself is what a departure means, and is taken."""
    y, today = tiny_year, dt.date(2027, 5, 20)
    o = _busiest(y, dt.date(2027, 6, 1))
    n = len(y.log)
    with pytest.raises(YearError) as e:
        officer_unavailable(y, o, dt.date(2027, 6, 1), dt.date(2027, 9, 30), today, "planner", kind="departed")
    assert e.value.field == "end_on" and e.value.rule == "R-REPLAN" and "请假" in e.value.zh and "leave" in e.value.en
    assert len(y.log) == n and not y.is_away(o, dt.date(2027, 6, 1))
    officer_unavailable(y, o, dt.date(2027, 6, 1), dt.date(2027, 12, 31), today, "planner", kind="departed")
    assert absences(y)[-1].kind == "departed"
    with pytest.raises(YearError) as e:  # a leave keeps needing its end
        officer_unavailable(y, o, dt.date(2027, 5, 25), None, today, "planner", kind="leave")
    assert e.value.field == "end_on"
    with pytest.raises(YearError) as e:
        officer_unavailable(y, o, dt.date(2027, 5, 25), None, today, "planner", kind="retired")
    assert e.value.field == "kind" and "departed" in e.value.en


def test_next_years_bundle_is_made_without_an_officer_gone_for_good(tmp_path: Path) -> None:
    """history.next_bundle: a departed officer is out of officers.csv and out of recusals.csv (whose rows must name a
    registered officer); one on leave, and one whose departure was withdrawn, stay. The bundle loads."""
    from test_mut15_history import _src, _year

    from bundle import load_bundle
    from execution.history import next_bundle, standin_calendar

    y = _year()
    today = dt.date(2027, 3, 1)
    gone, leave, undone = "hb-140403-03", "hb-140404-00", "hb-140404-01"
    officer_unavailable(y, gone, dt.date(2027, 9, 1), None, today, "planner", kind="departed")
    officer_unavailable(y, leave, dt.date(2027, 9, 1), dt.date(2027, 9, 3), today, "planner")
    officer_unavailable(y, undone, dt.date(2027, 9, 1), None, today, "planner", kind="departed")
    withdraw_absence(y, absences(y)[-1].number, today, "planner", "登记错误")
    src = _src(tmp_path)
    out = next_bundle(y, src, tmp_path / "next" / "bundle", standin_calendar(2028))  # a calendar for the load below
    import pandas as pd

    off = pd.read_csv(out / "officers.csv", dtype=str)
    rec = pd.read_csv(out / "recusals.csv", dtype=str)
    src_off, src_rec = pd.read_csv(src / "officers.csv", dtype=str), pd.read_csv(src / "recusals.csv", dtype=str)
    assert gone in set(src_off.officer_id) and gone in set(src_rec.officer_id)
    assert set(off.officer_id) == set(src_off.officer_id) - {gone}
    assert set(rec.officer_id) == set(src_rec.officer_id) - {gone} and len(rec) == len(src_rec) - (src_rec.officer_id == gone).sum()
    assert {leave, undone} <= set(off.officer_id)
    (out / "policy.json").write_text('{"year": 2028, "seed": "a-seed-chosen-by-the-bureau-2028"}', encoding="utf-8")
    assert gone not in load_bundle(out).officers.officer_id.tolist()


# ---- 批量批准: several in-year changes under one comment (R-APPROVE) ----------------------------------------------------
def _two_insertions(y: Year, today: dt.date, who: str = "planner") -> list[int]:
    """Two complaints inserted (each a submitted in-year change), as `who`."""
    from execution.insert import apply, propose
    from execution.year import Trigger

    out: list[int] = []
    for v in sorted(y.visits.values(), key=lambda v: v.visit_id):
        if v.mode == "onsite" and v.date > dt.date(2027, 6, 1) and all(t.enterprise_id != v.enterprise_id for t in y.triggers.values()):
            t = Trigger(f"B{len(out)}{who[:2]}", v.enterprise_id, v.lead_agency_id, today, "complaint", urgent=False)
            out.append(apply(y, t, propose(y, t, today)[0], today, who)[1].number)
            if len(out) == 2:
                return out
    raise AssertionError("the tiny bureau has two firms to complain about")


def test_a_leader_approves_several_changes_at_once_or_none(tiny_year: Year) -> None:
    y, today = tiny_year, dt.date(2027, 3, 1)
    a, b = _two_insertions(y, today)
    own = _two_insertions(y, today, who="leader")[0]
    n_log = len(y.log)
    # one the leader made: the whole request is refused, naming it, and nothing is approved
    with pytest.raises(YearError) as e:
        y.approve_versions([a, own, b], "leader", today, "同意")
    assert e.value.status == 403 and f"第{own - 1}次" in e.value.zh and f"change {own - 1}" in e.value.en
    assert [y.versions[n - 1].state for n in (a, b, own)] == ["submitted"] * 3 and len(y.log) == n_log
    with pytest.raises(YearError) as e:
        y.approve_versions([a, 999], "leader", today, "同意")
    assert e.value.status == 404 and y.versions[a - 1].state == "submitted"
    with pytest.raises(YearError) as e:
        y.approve_versions([], "leader", today, "同意")
    assert e.value.field == "numbers"
    got = y.approve_versions([b, a, b], "leader", today, "同意插入")
    assert [v.number for v in got] == [a, b]
    assert all(y.versions[n - 1].state == "approved" and y.versions[n - 1].comment == "同意插入" for n in (a, b))
    assert [(e["action"], e["version"]) for e in y.log[n_log:] if e["action"] == "version.approve"] == [("version.approve", a), ("version.approve", b)]
    with pytest.raises(YearError) as e:  # decided: 409, as one by one
        y.approve_versions([a], "leader", today, "同意")
    assert e.value.status == 409


def test_the_board_and_the_api_approve_the_ticked_changes(tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the service: the API's all-or-none batch with one required comment, and the board's ticks and one form
    (shown to a leader with two or more changes of others to approve)."""
    import re

    from test_execution_api import _visits, published_plan

    from api.deps import COOKIE
    from api.security import csrf_for

    monkeypatch.setenv("INSPECTION_TODAY", "2027-03-31")
    client, h, pid = published_plan(tiny_dir, tmp_path, "batch.db")
    firms = iter(x for x in _visits(client, h, pid) if x["mode"] == "onsite" and x["date"] > "2027-06-01")
    numbers = []
    seen: set[str] = set()
    while len(numbers) < 3:
        v = next(firms)
        if v["enterprise_id"] in seen:
            continue
        seen.add(v["enterprise_id"])
        r = client.post(f"/api/plans/{pid}/year/triggers", headers=h["planner"],
                        json={"enterprise_id": v["enterprise_id"], "agency_id": v["agency_ids"].split(";")[0], "received_on": "2027-03-31",
                              "urgent": False, "choice": 0, "trigger_id": f"BA{len(numbers)}"})
        assert r.status_code == 201, r.text
        numbers.append(r.json()["version"])
    url = f"/api/plans/{pid}/year/versions/approve"
    r = client.post(url, headers=h["leader"], json={"numbers": numbers[:2], "comment": " "})
    assert r.status_code == 422 and r.json()["field"] == "comment", r.text
    assert client.post(url, headers=h["planner"], json={"numbers": numbers[:2], "comment": "同意"}).status_code == 403
    r = client.post(url, headers=h["leader"], json={"numbers": [numbers[0], 99999], "comment": "同意"})
    assert r.status_code == 404, r.text
    r = client.post(url, headers=h["leader"], json={"numbers": numbers[:2], "comment": "同意"})
    assert r.status_code == 200 and [x["number"] for x in r.json()] == numbers[:2] and {x["state"] for x in r.json()} == {"approved"}, r.text
    # the board: a third change alone is not a batch; a fourth makes it one
    tok = h["leader"]["Authorization"].split()[1]
    client.cookies.set(COOKIE, tok)
    try:
        assert 'id="approve-many"' not in client.get(f"/plans/{pid}/year").text
        v = next(x for x in firms if x["enterprise_id"] not in seen)
        r = client.post(f"/api/plans/{pid}/year/triggers", headers=h["planner"],
                        json={"enterprise_id": v["enterprise_id"], "agency_id": v["agency_ids"].split(";")[0], "received_on": "2027-03-31",
                              "urgent": False, "choice": 0, "trigger_id": "BA9"})
        assert r.status_code == 201, r.text
        numbers.append(r.json()["version"])
        board = client.get(f"/plans/{pid}/year").text
        assert 'id="approve-many"' in board
        assert sorted(int(n) for n in re.findall(r'name="numbers" value="(\d+)" form="approve-many"', board)) == numbers[2:]
        r = client.post(f"/plans/{pid}/year/versions/approve", data={"csrf_token": csrf_for(tok), "numbers": [str(n) for n in numbers[2:]],
                                                                     "comment": "同意"}, follow_redirects=False)
        assert r.status_code == 303 and "note=" in r.headers["location"], r.headers.get("location")
        assert "已批准年内调整" in client.get(r.headers["location"]).text
        assert 'id="waiting"' not in client.get(f"/plans/{pid}/year").text
    finally:
        client.cookies.clear()


# ---- a firm the register lacks, entered during the year (R-BASIS) --------------------------------------------------------
def _new_code(stem: str = "91140404NEWFRM00A") -> str:
    from bundle.creditcode import check_digit

    return stem + check_digit(stem)


def _a_district(y: Year) -> str:
    return next(t.district_code for t in sorted(y.reg.teams.values(), key=lambda t: t.team_id) if not t.district_code.endswith("00"))


def test_a_firm_new_this_year_is_entered_then_its_complaint_inserted(tiny_year: Year) -> None:
    """walk41 Y13: a complaint about a firm registered this year was refused "not in the register" and could not be
    recorded at all. The firm is entered as an enterprises.csv row would be, then its complaint is inserted like any."""
    from execution.insert import apply, propose, resolve_enterprise
    from execution.newfirm import add_enterprise
    from execution.year import Trigger

    y, today = tiny_year, dt.date(2027, 3, 1)
    code = _new_code()
    with pytest.raises(YearError) as e:
        resolve_enterprise(y, code)
    assert "先登记" in e.value.zh and "entered first" in e.value.en
    row = add_enterprise(y, {"enterprise_id": code.lower(), "name": " 长治市新 建筑有限公司 ", "district_code": _a_district(y),
                             "sector": "建筑施工", "size": "小型"}, today, "planner")
    assert (row["enterprise_id"], row["name"], row["sector"], row["size"], row["remote_monitoring"]) == (code, "长治市新 建筑有限公司", "construction", "small", "false")
    assert y.log[-1]["action"] == "enterprise.add" and y.log[-1]["enterprise_id"] == code
    assert resolve_enterprise(y, "长治市新 建筑") == code
    agency = next(a for a in sorted(y.reg.agencies) if y.reg.items_for(a, code))
    t = Trigger("NEW1", code, agency, today, "complaint")
    new, _ = apply(y, t, propose(y, t, today)[0], today, "planner")
    assert new.enterprise_id == code and new.item_ids and new.basis == "triggered" and new.tier == ""
    assert new.teams[agency] in y.reg.teams_for(agency, row["district_code"])
    again = Year.load(y.reg.bundle, y.dump())  # the service's save and load: the firm is in the register still
    assert again.reg.enterprises[code]["name"] == "长治市新 建筑有限公司" and again.added == y.added
    assert again.visits[new.visit_id].enterprise_id == code
    # named by a trigger and a visit: it stays (review42 #10)
    from execution.newfirm import withdraw_enterprise

    with pytest.raises(YearError) as e:
        withdraw_enterprise(y, code, today, "planner", "登记错误")
    assert e.value.status == 409 and "NEW1" in e.value.zh and new.visit_id in e.value.en


def test_a_new_firm_entered_wrongly_is_withdrawn_and_entered_again(tiny_year: Year) -> None:
    """review42 #10: a firm entered with a wrong name or sector could be neither corrected nor withdrawn, and went into
    next year's enterprises.csv so. While nothing names it, it is withdrawn (with a reason; audited) and entered again."""
    from execution.newfirm import add_enterprise, withdraw_enterprise

    y, today = tiny_year, dt.date(2027, 3, 1)
    code = _new_code()
    fields = {"enterprise_id": code, "name": "错名公司", "district_code": _a_district(y), "sector": "gas", "size": "small"}
    add_enterprise(y, fields, today, "planner")
    with pytest.raises(YearError) as e:
        withdraw_enterprise(y, code, today, "planner", "  ")
    assert e.value.field == "reason" and code in y.added
    with pytest.raises(YearError) as e:
        withdraw_enterprise(y, sorted(y.reg.bundle.enterprises.enterprise_id)[0], today, "planner", "x")
    assert e.value.status == 404  # only a firm entered this year
    withdraw_enterprise(y, code.lower(), today, "planner", "名称录入错误")
    assert code not in y.added and code not in y.reg.enterprises
    assert (y.log[-1]["action"], y.log[-1]["enterprise_id"], y.log[-1]["reason"]) == ("enterprise.withdraw", code, "名称录入错误")
    add_enterprise(y, {**fields, "name": "正名公司"}, today, "planner")
    assert y.reg.enterprises[code]["name"] == "正名公司"
    assert Year.load(y.reg.bundle, y.dump()).added[code]["name"] == "正名公司"


def test_a_new_firm_is_refused_as_its_enterprises_row_would_be(tiny_year: Year) -> None:
    from execution.newfirm import add_enterprise

    y, today = tiny_year, dt.date(2027, 3, 1)
    good = {"enterprise_id": _new_code(), "name": "新公司", "district_code": _a_district(y), "sector": "gas", "size": "micro"}
    known = sorted(y.reg.enterprises)[0]
    n_log, n_reg = len(y.log), len(y.reg.enterprises)
    for change, field, status in [({"enterprise_id": good["enterprise_id"][:-1] + ("0" if good["enterprise_id"][-1] != "0" else "1")}, "enterprise_id", 422),
                                  ({"enterprise_id": known}, "enterprise_id", 409),
                                  ({"name": "  "}, "name", 422),
                                  ({"district_code": "1404"}, "district_code", 422),
                                  ({"district_code": "990101"}, "district_code", 422),
                                  ({"sector": "餐饮"}, "sector", 422),
                                  ({"size": "huge"}, "size", 422)]:
        with pytest.raises(YearError) as e:
            add_enterprise(y, {**good, **change}, today, "planner")
        assert (e.value.field, e.value.status) == (field, status), (change, e.value.zh)
        assert e.value.zh and e.value.en
    assert e.value.rule == "R-BASIS" and "huge" in e.value.en and "小型" in e.value.zh
    assert (len(y.log), len(y.reg.enterprises), y.added) == (n_log, n_reg, {})
    # a district no register row or team has, even where a city team "serves" every code of its city (review42 #10)
    city = next(t.district_code for t in y.reg.teams.values() if t.district_code.endswith("00"))
    with pytest.raises(YearError) as e:
        add_enterprise(y, {**good, "district_code": city[:4] + "99"}, today, "planner")
    assert e.value.field == "district_code" and city[:4] + "99" in e.value.en


def test_next_years_bundle_lists_the_firms_entered_this_year(tmp_path: Path) -> None:
    """R-LEARN: the new firm's results are next year's history, its trigger a past trigger: enterprises.csv lists it,
    with the columns the bundle has, so the next bundle loads and holds its history rows."""
    import pandas as pd
    from test_mut15_history import _src, _year

    from bundle import load_bundle
    from execution.history import next_bundle, standin_calendar
    from execution.newfirm import add_enterprise

    y = _year()
    code = _new_code()
    add_enterprise(y, {"enterprise_id": code, "name": "新设物业公司", "district_code": "140403", "sector": "property_mgmt", "size": "medium",
                       "address": "长治市潞州区", "remote_monitoring": True}, dt.date(2027, 3, 1), "planner")
    src = _src(tmp_path)
    out = next_bundle(y, src, tmp_path / "next" / "bundle", standin_calendar(2028))
    ent, src_ent = pd.read_csv(out / "enterprises.csv", dtype=str, keep_default_na=False), pd.read_csv(src / "enterprises.csv", dtype=str)
    assert list(ent.columns) == list(src_ent.columns) and len(ent) == len(src_ent) + 1
    last = ent.iloc[-1].to_dict()
    assert {k: last[k] for k in ("enterprise_id", "name", "district_code", "sector", "size", "address", "remote_monitoring")} == {
        "enterprise_id": code, "name": "新设物业公司", "district_code": "140403", "sector": "property_mgmt", "size": "medium",
        "address": "长治市潞州区", "remote_monitoring": "true"}
    (out / "policy.json").write_text('{"year": 2028, "seed": "a-seed-chosen-by-the-bureau-2028"}', encoding="utf-8")
    assert code in load_bundle(out).enterprises.enterprise_id.tolist()


def test_the_board_enters_a_new_firm(tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The API (201; a bad code 422 naming its field) and the board's form; a viewer may not."""
    from test_execution_api import published_plan

    from api.deps import COOKIE
    from api.security import csrf_for

    monkeypatch.setenv("INSPECTION_TODAY", "2027-03-31")
    client, h, pid = published_plan(tiny_dir, tmp_path, "newfirm.db")
    body = {"enterprise_id": _new_code(), "name": "新设燃气公司", "district_code": "140403", "sector": "燃气经营", "size": "small"}
    url = f"/api/plans/{pid}/year/enterprises"
    wrong = body["enterprise_id"][:-1] + ("0" if body["enterprise_id"][-1] != "0" else "1")
    r = client.post(url, headers=h["planner"], json={**body, "enterprise_id": wrong})
    assert r.status_code == 422 and r.json()["field"] == "enterprise_id" and "校验位" in r.json()["message_zh"], r.text
    assert client.post(url, headers=h["leader"], json=body).status_code == 403
    r = client.post(url, headers=h["planner"], json=body)
    assert r.status_code == 201 and r.json()["sector"] == "gas", r.text
    assert client.post(url, headers=h["planner"], json=body).status_code == 409
    tok = h["planner"]["Authorization"].split()[1]
    client.cookies.set(COOKIE, tok)
    try:
        board = client.get(f"/plans/{pid}/year").text
        assert 'id="add-enterprise" open' in board and "新设燃气公司" in board
        assert f'/year/enterprises/{body["enterprise_id"]}/withdraw' in board
        r = client.post(f"{url}/{body['enterprise_id']}/withdraw", headers=h["planner"], json={"reason": "录入错误"})
        assert r.status_code == 200 and f'/year/enterprises/{body["enterprise_id"]}/withdraw' not in client.get(f"/plans/{pid}/year").text
        form = {"csrf_token": csrf_for(tok), "enterprise_id": _new_code("91140404NEWFRM00B"), "name": "新设监理公司", "district_code": "140403",
                "sector": "supervision", "size": "micro"}
        r = client.post(f"/plans/{pid}/year/enterprises", data=form, follow_redirects=False)
        assert r.status_code == 303 and "note=" in r.headers["location"], r.headers.get("location")
        assert "新设监理公司" in client.get(f"/plans/{pid}/year").text
        # a departure through the API, listed on the board in both languages (ABSENCE_ZH / ABSENCE_EN)
        officer = client.get(f"/api/plans/{pid}/year/visits", headers=h["planner"], params={"limit": 1}).json()["visits"][0]["officer_ids"].split(";")[0]
        r = client.post(f"/api/plans/{pid}/year/leave", headers=h["planner"], json={"officer_id": officer, "start_on": "2027-09-01", "kind": "departed"})
        assert r.status_code == 200, r.text
        assert '<td>调离或离职 left for good</td><td>2027-09-01 – 2027-12-31</td>' in client.get(f"/plans/{pid}/year").text
    finally:
        client.cookies.clear()


# ---- walk42 F1: a violation found late in the year, re-checked next year after its deadline (R-FOLLOW) -------------------
def test_a_follow_up_comes_after_the_findings_deadline(bundle_copy: Path) -> None:
    """inspections.csv's `rectify_by` (written by history.csv): the follow-up's window opens the working day after the
    latest deadline of that firm and agency; without one it opens on the year's first day, as before."""
    import csv

    from bundle import load_bundle
    from scheduler.requirements import follow_ups

    path = bundle_copy / "inspections.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for r in rows:
        r["rectify_by"] = {"H0000009": "2027-02-15"}.get(r["inspection_id"], "")
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=[*rows[0].keys()], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    b = load_bundle(bundle_copy)
    ents = b.enterprises.enterprise_id
    applicable = {e: {"hb": ("hb-q",)} for e in ents}
    got = {e.enterprise_id: e.window for e in follow_ups(b, dict.fromkeys(ents, "B"), applicable, [])}
    late, early = "91140404K6WR54FP9P", "91140404MMKUKMNE41"
    first = next(i for i, d in enumerate(b.workdays) if d > dt.date(2027, 2, 15))
    assert got[late][0] == first and b.workdays[first - 1] <= dt.date(2027, 2, 15) < b.workdays[first]
    hi = b.policy.follow_up_within_workdays - 1
    assert got[late] == (first, min(len(b.workdays) - 1, first + hi)) and got[early] == (0, hi)  # review42 #5: its months from then


def test_a_reopened_follow_up_keeps_its_first_day() -> None:
    """reopen_follow_ups gives an unmet follow-up the rest of the year, not the days before its deadline: a window
    opening on day 3 of 6 becomes (3, 5), and it is placed there, not on an earlier free day."""
    from test_mut43 import HB, _away, _ent, _state

    from scheduler.plan import reopen_follow_ups

    st = _state(6, _away(HB, [3, 4]))
    fu = _ent("FU", (3, 4), basis="follow_up")
    unplaced = {"FU": "R-AVAIL"}
    assert reopen_follow_ups({"140403": st}, {"140403": [fu]}, unplaced, 6) == ["FU"]
    assert fu.window == (3, 5) and unplaced == {} and st.placed["FU"].day == 5


# ---- walk42 F3 / F5: next year's bundle from the service, and the bundle a plan was made from ---------------------------
def test_the_service_gives_next_years_bundle_with_the_years_results_triggers_and_new_firms(
        tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """walk42 F3: the service offered inspections.csv alone; the year's complaints never reached next year's bundle (the
    risk model reads them) nor did a credit-findings list. next-bundle.zip is history.next_bundle of the stored bundle."""
    import csv
    import io
    import zipfile

    from api_helpers import token
    from test_execution_api import _visits, published_plan

    monkeypatch.setenv("INSPECTION_TODAY", "2027-06-30")
    client, h, pid = published_plan(tiny_dir, tmp_path, "nextb.db")
    h["auditor"], h["viewer"] = token(client, "auditor"), token(client, "viewer")
    visits = _visits(client, h, pid)
    v = next(x for x in visits if x["status"] in ("planned", "overdue") and x["mode"] == "onsite" and x["date"] < "2027-06-30")
    items = v["item_ids"].split(";")
    body = {"date": v["date"], "officer_ids": v["officer_ids"].split(";"), "outcomes": {**dict.fromkeys(items, "compliant"), items[0]: "violation"},
            "rectify_by": "2027-08-31"}
    assert client.post(f"/api/plans/{pid}/year/visits/{v['visit_id']}/record", headers=h["planner"], json=body).status_code == 201
    new = {"enterprise_id": _new_code(), "name": "新设燃气公司", "district_code": "140403", "sector": "gas", "size": "small"}
    assert client.post(f"/api/plans/{pid}/year/enterprises", headers=h["planner"], json=new).status_code == 201
    agency = next(a for a in ("gas", "hb", "um", "re") if a in {x["lead_agency_id"] for x in visits})
    r = client.post(f"/api/plans/{pid}/year/triggers", headers=h["planner"],
                    json={"enterprise_id": new["enterprise_id"], "agency_id": agency, "received_on": "2027-06-30", "kind": "complaint",
                          "choice": 0, "trigger_id": "NB1"})
    assert r.status_code == 201, r.text
    url = f"/api/plans/{pid}/year/next-bundle.zip"
    assert client.get(url, headers=h["viewer"]).status_code == 403
    r = client.get(url, headers=h["auditor"])
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip" and "no-store" in r.headers["cache-control"]
    zf = zipfile.ZipFile(io.BytesIO(r.content))
    names = set(zf.namelist())
    assert {"bundle/inspections.csv", "bundle/triggers.csv", "bundle/enterprises.csv", "bundle/policy.json", "credit_findings.csv",
            "README.txt"} <= names
    rows = lambda n: list(csv.DictReader(io.StringIO(zf.read(n).decode("utf-8"))))  # noqa: E731
    mine = [x for x in rows("bundle/inspections.csv") if x["inspection_id"].startswith(f"2027-{v['visit_id']}-")]
    lead = next(x for x in mine if x["outcome"] == "violation")
    assert (lead["rectified"], lead["rectify_by"]) == ("false", "2027-08-31")  # read as of today: not put right, R-FOLLOW
    assert [x["rectified"] for x in rows("credit_findings.csv") if x["visit_id"] == v["visit_id"]] == [""]  # still due
    assert any(t["trigger_id"] == "NB1" and t["enterprise_id"] == new["enterprise_id"] for t in rows("bundle/triggers.csv"))
    assert any(e["enterprise_id"] == new["enterprise_id"] and e["sector"] == "gas" for e in rows("bundle/enterprises.csv"))
    import json

    assert json.loads(zf.read("bundle/policy.json"))["year"] == 2028 and "seed" not in json.loads(zf.read("bundle/policy.json"))
    assert "seed" in zf.read("README.txt").decode("utf-8")


def test_an_auditor_downloads_the_bundle_a_plan_was_made_from(tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """walk42 F5 (plan.md invariant 12): the registers behind the draws, byte for byte as stored; internal staff only."""
    import io
    import zipfile

    from api_helpers import token
    from test_execution_api import published_plan

    monkeypatch.setenv("INSPECTION_TODAY", "2027-03-31")
    client, h, pid = published_plan(tiny_dir, tmp_path, "bdl.db")
    bid = client.get(f"/api/plans/{pid}", headers=h["planner"]).json()["bundle_id"]
    aud, viewer = token(client, "auditor"), token(client, "viewer")
    assert client.get(f"/api/bundles/{bid}/download", headers=viewer).status_code == 403
    assert client.get(f"/api/bundles/{bid}/download").status_code == 401
    assert client.get("/api/bundles/999/download", headers=aud).status_code == 404
    r = client.get(f"/api/bundles/{bid}/download", headers=aud)
    assert r.status_code == 200 and "no-store" in r.headers["cache-control"]
    zf = zipfile.ZipFile(io.BytesIO(r.content))
    stored = {p.name: p.read_bytes() for p in (tiny_dir / "bundle").iterdir() if p.is_file()}
    assert {n: zf.read(n) for n in zf.namelist()} == stored


# ---- walk42 F4: what changed, in the visit's own trail (R-AUDIT) ------------------------------------------------------------
def test_a_visits_trail_holds_its_record_whole_its_correction_and_the_leaders_decision(tiny_year: Year) -> None:
    from execution.insert import apply, propose
    from execution.year import Caller, Trigger

    y, today = tiny_year, dt.date(2027, 3, 1)
    v = next(v for v in sorted(y.visits.values(), key=lambda v: (v.date, v.visit_id)) if v.status == "planned" and v.mode == "onsite"
             and v.date >= dt.date(2027, 1, 4))
    items = list(v.item_ids)
    y.record(v.visit_id, v.date, list(v.officer_ids), {**dict.fromkeys(items, "compliant"), items[0]: "violation"}, Caller("clerk"),
             rectify_by=v.date + dt.timedelta(days=30), notes="现场发现问题", today=today)
    e = y.log[-1]
    assert (e["action"], e["visit_id"], e["date"], e["rectify_by"], e["notes"]) == (
        "visit.record", v.visit_id, v.date.isoformat(), (v.date + dt.timedelta(days=30)).isoformat(), "现场发现问题")
    y.correct_record(v.visit_id, {**dict.fromkeys(items, "compliant"), items[0]: "serious"}, v.date + dt.timedelta(days=60), "复核",
                     Caller("clerk"), "笔录誊写错误", today)
    e = y.log[-1]
    assert (e["action"], e["rectify_by"], e["notes"], e["before"]["rectify_by"]) == (
        "visit.record_correct", (v.date + dt.timedelta(days=60)).isoformat(), "复核", (v.date + dt.timedelta(days=30)).isoformat())
    # a leader's decision on an in-year change is in the trail of each visit it touched
    w = next(w for w in sorted(y.visits.values(), key=lambda w: w.visit_id) if w.mode == "onsite" and w.date > dt.date(2027, 6, 1)
             and w.enterprise_id != v.enterprise_id)
    t = Trigger("AUD1", w.enterprise_id, w.lead_agency_id, today, "complaint")
    new, ver = apply(y, t, propose(y, t, today)[0], today, "planner")
    y.approve_version(ver.number, "leader", today, "同意插入")
    mine = [x for x in y.log if x["visit_id"] == new.visit_id and x["action"] == "visit.change_approved"]
    assert [(x["version"], x["comment"], x["who"]) for x in mine] == [(ver.number, "同意插入", "leader")]
    assert new.visit_id in next(x for x in y.log if x["action"] == "version.approve" and x["version"] == ver.number)["visits"]


# ---- walk42 F7: small things on these paths ------------------------------------------------------------------------------
def test_last_years_policy_year_in_next_years_bundle_is_said_once_first(bundle_copy: Path) -> None:
    """Every row is still reported (bundle.md), but the first problem says what they have in common: policy.json's year."""
    import json

    from bundle import BundleInvalid, load_bundle

    pol = json.loads((bundle_copy / "policy.json").read_text(encoding="utf-8"))
    ins = (bundle_copy / "inspections.csv").read_text(encoding="utf-8")
    n = sum(",2026-" in line for line in ins.splitlines())
    assert n > 1
    pol["year"] = 2026
    (bundle_copy / "policy.json").write_text(json.dumps(pol, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(BundleInvalid) as e:
        load_bundle(bundle_copy)
    first = e.value.problems[0]
    assert (first.file, first.column) == ("policy.json", "year") and "2027" in first.message_zh and f"{n} rows" in first.message_en
    assert sum(p.column == "inspected_on" for p in e.value.problems) == n  # and every row still


def test_an_unknown_state_says_what_the_visit_may_become(tiny_year: Year) -> None:
    y = tiny_year
    v = next(v for v in y.visits.values() if v.status == "planned")
    with pytest.raises(YearError) as e:
        y.set_status(v.visit_id, "xx", dt.date(2027, 1, 4), "planner")
    assert "notified" in e.value.en and "cancelled" in e.value.en and "已取消" in e.value.zh and "done" not in e.value.en


# ---- walk42 F2: a plan made during its year places nothing on days gone --------------------------------------------------
def test_a_plan_made_during_its_year_starts_after_the_freeze(tiny_dir: Path, tiny_greedy_plan: Path) -> None:
    import pandas as pd

    from api.services import first_plannable
    from bundle import load_bundle
    from scheduler.plan import PlanOptions, make_plan

    b = load_bundle(tiny_dir / "bundle")
    assert first_plannable(b, dt.date(2026, 12, 20)) is None and first_plannable(b, b.workdays[0]) == b.workdays[6]  # its freeze: 5 working days
    today = dt.date(2027, 3, 10)
    first = first_plannable(b, today)
    assert first == b.calendar.add_workdays(today, b.policy.freeze_workdays) + dt.timedelta(days=1)
    before = pd.read_csv(tiny_greedy_plan / "visits.csv", dtype=str)
    assert (before.date < first.isoformat()).any()  # the whole year, as the CLI plans it
    p = make_plan(b, PlanOptions(processes=1, use_solver=False, first_day=first))
    days = [b.workdays[v.day] for v in p.visits]
    assert days and min(days) >= first
    # recorded: the same bundle, seed and first_day give the same plan (review42 #2)
    import json

    from scheduler.output import write_plan

    write_plan(p, tiny_dir.parent / "f2plan")
    assert json.loads((tiny_dir.parent / "f2plan" / "plan.json").read_text(encoding="utf-8"))["first_day"] == first.isoformat()
    # a plan made on 31 December for next year: its freeze reaches into January (review42 #7)
    assert first_plannable(b, dt.date(2026, 12, 31)) == b.calendar.add_workdays(dt.date(2026, 12, 31), 5) + dt.timedelta(days=1)


def test_the_service_plans_from_its_day_during_the_year(tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the plan job, with the service's own setting (INSPECTION_PLAN_FROM_TODAY, on by default)."""
    from api_helpers import USERS, wait_done, zip_folder
    from fastapi.testclient import TestClient
    from sqlmodel import Session

    from api.app import create_app
    from api.security import create_user
    from api.services import first_plannable
    from api.settings import Settings
    from bundle import load_bundle

    monkeypatch.setenv("INSPECTION_TODAY", "2027-03-10")
    assert Settings().plan_from_today is True
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'f2.db'}", data_dir=tmp_path / "data", plan_processes=1,
                              plan_use_solver=False, single_server=False))
    with Session(app.state.engine) as s:
        for name, role, pw in USERS:
            create_user(s, name, role, pw, demo=True)
    client = TestClient(app)
    h = {"Authorization": "Bearer " + client.post("/api/auth/token", data={"username": "planner", "password": "planner-pass"}).json()["access_token"]}
    bid = client.post("/api/bundles", headers=h, files={"file": ("tiny.zip", zip_folder(tiny_dir / "bundle"), "application/zip")}).json()["id"]
    pid = client.post("/api/plans", headers=h, json={"bundle_id": bid}).json()["id"]
    assert wait_done(client, pid, h)["status"] == "done"
    first = first_plannable(load_bundle(tiny_dir / "bundle"), dt.date(2027, 3, 10))
    assert first is not None
    dates = [v["date"] for v in client.get(f"/api/plans/{pid}/visits", headers=h, params={"limit": 1000}).json()["items"]]
    assert dates and min(dates) >= first.isoformat()
    # the year gone: refused in words, no empty plan whose shortfalls blame the officers' leave (review42 #3)
    monkeypatch.setenv("INSPECTION_TODAY", "2027-12-30")
    pid = client.post("/api/plans", headers=h, json={"bundle_id": bid}).json()["id"]
    got = wait_done(client, pid, h)
    assert got["status"] == "failed" and "已无可安排" in got["error"] and "no working day of plan year 2027" in got["error"], got


# ---- review42: the deadline beside an unrectified violation, read alike by the risk model, the year and the checker -------
def _with_deadlines(bundle: Path, due: dict[str, str]) -> None:
    import csv

    path = bundle / "inspections.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for r in rows:
        r["rectify_by"] = due.get(r["inspection_id"], "")
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=[*rows[0].keys()], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def test_a_violation_still_due_at_the_cut_off_is_not_unrectified_to_the_risk_model(bundle_copy: Path) -> None:
    """review42 #1: history.csv writes false for a violation not put right by the year's end, whatever its deadline; the
    model read it as unrectified (+20 points, "1 past violation not rectified") while it still had weeks to go. Pending
    at the cut-off, it is not counted; past its deadline, it is."""
    import pandas as pd

    from bundle import load_bundle
    from risk.features import feature_frame

    firm = "91140404K6WR54FP9P"  # H0000009: a violation of 2026-08-07, rectified false
    q = pd.DataFrame({"enterprise_id": [firm, firm], "cutoff": pd.to_datetime(["2027-01-01", "2027-03-01"])})
    plain = feature_frame(load_bundle(bundle_copy), q)["n_unrectified"].tolist()
    _with_deadlines(bundle_copy, {"H0000009": "2027-02-15"})
    due = feature_frame(load_bundle(bundle_copy), q)["n_unrectified"].tolist()
    assert plain[0] == plain[1] and plain[0] >= 1
    assert due == [plain[0] - 1, plain[1]]


def test_next_year_learns_that_a_follow_up_found_the_violation_put_right() -> None:
    """review42 #1 (its other half): a false left in last year's row stayed false in every later inspections.csv. This
    year's follow-up of that firm and agency that found no violation makes it true (R-LEARN); one that found a
    violation again leaves it false."""
    from test_mut15_history import _year
    from test_mut15_replan import visit

    from execution.history import past_rows
    from execution.year import Caller

    y = _year()
    firm = "91140404K6WR54FP9P"
    v = visit("F1", dt.date(2027, 3, 2), firm, ("hb-140404-00", "hb-140404-01"), basis="follow_up")
    y.visits["F1"] = v
    y._book(v, +1)
    y.record("F1", v.date, list(v.officer_ids), dict.fromkeys(v.item_ids, "compliant"), Caller("clerk"), today=v.date)
    row = next(r for r in past_rows(y) if r["inspection_id"] == "H0000009")
    assert row["rectified"] == "true"
    other = next(r for r in past_rows(y) if r["inspection_id"] == "H0000004")  # another firm's violation left false
    assert other["rectified"] == "false"
    y.records["F1"].outcomes = dict.fromkeys(v.item_ids, "violation")
    assert next(r for r in past_rows(y) if r["inspection_id"] == "H0000009")["rectified"] == "false"


def test_a_follow_up_due_after_the_year_is_a_shortfall_and_the_plan_checks_clean(bundle_copy: Path, tmp_path: Path) -> None:
    """A deadline in February: the follow-up is placed after it; one after the plan year: a shortfall saying so (a
    re-check this year finds nothing due). The independent checker reads the same deadlines (checker/facts.py) and
    finds nothing to object to; the running year's window starts after the deadline too (review42 #4)."""
    from bundle import load_bundle
    from checker import check_plan
    from execution import Year
    from scheduler.output import write_plan
    from scheduler.plan import PlanOptions, make_plan

    _with_deadlines(bundle_copy, {"H0000009": "2027-02-15", "H0000004": "2028-03-31"})
    b = load_bundle(bundle_copy)
    p = make_plan(b, PlanOptions(processes=1, use_solver=False))
    out = tmp_path / "plan"
    write_plan(p, out)
    import pandas as pd

    visits = pd.read_csv(out / "visits.csv", dtype=str)
    fu = visits[visits.basis == "follow_up"]
    feb = fu[fu.enterprise_id == "91140404K6WR54FP9P"]
    assert len(feb) == 1 and feb.date.iloc[0] > "2027-02-15"
    assert fu[fu.enterprise_id == "91140404MMKUKMNE41"].empty
    import json

    shortfalls = json.loads((out / "plan.json").read_text(encoding="utf-8"))["shortfalls"]
    after = [s for s in shortfalls if s["id"] == "91140404MMKUKMNE41" and s["rule"] == "R-FOLLOW"]
    assert len(after) == 1 and "2028-03-31" in after[0]["binding"] and "2028-03-31" in after[0]["binding_zh"]
    assert [str(v) for v in check_plan(b, out)] == []
    y = Year.from_folder(b, out)
    vid = feb.visit_id.iloc[0]
    assert y.window(y.visits[vid])[0] == dt.date(2027, 2, 16)
