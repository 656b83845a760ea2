"""prod24b: rectifications past their deadline on the year board, the auditor's page of the audit trail, the workbook's
summary beside the schedule in force, and a plan not in force refused on every year route. Each a test that failed
before its mend."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from execution.deadlines import Deadline, board, complete
from execution.year import Record
from tests.test_mut15_deadlines import _year

RECTIFY_BY = dt.date(2027, 7, 1)  # V's rectification deadline in test_mut15_deadlines._year


# ---- 1. rectifications past their deadline (R-RECORD) on the leader's board -------------------------------------------

def test_the_board_shows_a_rectification_past_its_deadline_per_agency() -> None:
    """A violation recorded with 整改期限 1 July: on 2 July with no 整改完成 the board named it nowhere (only the
    working-day deadlines and the overdue visits). It is listed from the day after the deadline, for the agency whose item
    found it, until 整改完成 is entered."""
    y = _year("violation")
    assert board(y, RECTIFY_BY)["rectify_overdue"] == []  # the deadline day itself is still in time
    late = board(y, RECTIFY_BY + dt.timedelta(days=1))
    assert late["rectify_overdue"] == [Deadline("V", "rectified", "hb", RECTIFY_BY, None)]
    assert board(y, RECTIFY_BY + dt.timedelta(days=1), agency="hb")["rectify_overdue"] == late["rectify_overdue"]
    assert board(y, RECTIFY_BY + dt.timedelta(days=1), agency="um")["rectify_overdue"] == []  # another agency's board
    complete(y, "V", "rectified", dt.date(2027, 7, 5), "clerk", today=dt.date(2027, 7, 5))
    assert board(y, dt.date(2027, 7, 6))["rectify_overdue"] == []  # rectified, even late: no longer owed


def test_a_minor_finding_with_a_deadline_counts_and_a_joint_visit_goes_to_the_finding_agency() -> None:
    """`minor` where the officers set a deadline owes it as well; on a joint visit led by um, a finding on hb's item is
    hb's to follow up, not um's; a compliant record with no deadline owes nothing."""
    y = _year("minor")
    after = RECTIFY_BY + dt.timedelta(days=1)
    assert [(d.visit_id, d.agency_id) for d in board(y, after)["rectify_overdue"]] == [("V", "hb")]
    c = y.records["C"]  # C: a joint um+hb visit led by um
    y.records["C"] = dataclasses.replace(c, outcomes={"um-s": "compliant", "hb-q": "minor"}, rectify_by=RECTIFY_BY)
    assert [(d.visit_id, d.agency_id) for d in board(y, after)["rectify_overdue"]] == [("C", "hb"), ("V", "hb")]
    assert board(y, after, agency="um")["rectify_overdue"] == []
    y.records["V"] = Record("V", y.records["V"].date, y.records["V"].officer_ids, {"hb-q": "minor"}, None, "", "o")  # minor, no deadline
    assert [d.visit_id for d in board(y, after)["rectify_overdue"]] == ["C"]


# ---- 4. a plan not in force: every year route refuses (R-APPROVE, R-PUBLISH) -----------------------------------------

def test_an_older_approved_plan_beside_the_published_one_is_not_executed(tmp_path, tiny_dir, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """v1 approved and its board opened; v2, its revision, approved and published. v1's board still opened and took a
    record (and would have claimed the year) while v2 had not acted. Every year route of v1 now answers 409 in both
    languages, storing nothing; its page leads to v2's board; v2's year runs; v1's workbook is the plan as approved."""
    from sqlmodel import Session, func, select

    from api.deps import COOKIE
    from api.models import AuditEvent, YearRun, YearState
    from tests.api_helpers import approved_plan, published_revision

    monkeypatch.setenv("INSPECTION_TODAY", "2027-03-31")
    client, h, v1 = approved_plan(tiny_dir, tmp_path, "p.db")
    assert client.get(f"/api/plans/{v1}/year", headers=h["planner"]).status_code == 200  # its board opened (a YearState)
    v2 = published_revision(client, h, v1)
    assert client.get(f"/api/plans/{v1}", headers=h["planner"]).json()["state"] == "approved"  # v1 is not superseded by state

    def stored() -> tuple[int, int, int]:
        with Session(client.app.state.engine) as s:
            row = s.get(YearState, v1)
            return (s.exec(select(func.count()).select_from(AuditEvent)).one(), row.lock if row else -1,
                    s.exec(select(func.count()).select_from(YearRun)).one())

    y = f"/api/plans/{v1}/year"
    v = client.get(f"/api/plans/{v2}/year/visits", headers=h["planner"], params={"limit": 1000}).json()["visits"]
    before = stored()  # after v2's first read, which flags its past visits overdue (events of the system)
    past = next(x for x in v if x["date"] < "2027-03-31" and x["mode"] == "onsite")
    good = {"date": past["date"], "officer_ids": past["officer_ids"].split(";"), "outcomes": dict.fromkeys(past["item_ids"].split(";"), "compliant")}
    calls = [("get", y, None, "planner"), ("get", y + "/visits", None, "planner"), ("get", y + "/deadlines", None, "leader"),
             ("get", y + f"/visits/{past['visit_id']}", None, "planner"), ("get", y + "/history.csv", None, "planner"),
             ("post", y + f"/visits/{past['visit_id']}/record", good, "planner"),
             ("post", y + f"/visits/{past['visit_id']}/status", {"status": "cancelled", "reason": "x"}, "planner"),
             ("post", y + "/notices.pdf?week=2027-04-05", None, "planner"),
             ("post", y + "/triggers", {"enterprise_id": past["enterprise_id"], "agency_id": past["agency_ids"].split(";")[0],
                                        "received_on": "2027-03-31"}, "planner"),
             ("post", y + "/leave", {"officer_id": past["officer_ids"].split(";")[0], "start_on": "2027-04-01", "end_on": "2027-04-02"}, "planner"),
             ("post", y + "/case-review", {"quarter": "2027Q1"}, "leader"),
             ("get", y + "/absences", None, "planner"), ("post", y + "/absences/1/withdraw", {"reason": "x"}, "planner")]
    for method, url, body, who in calls:
        r = getattr(client, method)(url, headers=h[who], **({"json": body} if body is not None else {}))
        assert r.status_code == 409, (url, r.status_code, r.text[:300])
        detail = r.json()["detail"]
        zh, en = detail.split(" / ", 1)
        assert f"#{v2}" in zh and "不是" in zh and f"#{v2}" in en and "not the" in en, detail
    assert stored() == before  # nothing stored: no event, the year's lock as it was, the year claimed by nobody
    # the page: the refusal and the way to the plan in force
    client.cookies.set(COOKIE, h["leader"]["Authorization"].split()[1])
    page = client.get(f"/plans/{v1}/year")
    assert page.status_code == 409 and f'href="/plans/{v2}/year"' in page.text and "不是" in page.text, page.text[:2000]
    plan_page = client.get(f"/plans/{v1}").text
    assert 'id="year-board-refused"' in plan_page and f'href="/plans/{v1}/year" id="year-board"' not in plan_page
    assert client.get(f"/plans/{v1}/visits").status_code == 200  # the plan as approved, not a 409
    assert client.get(f"/api/plans/{v1}/export.xlsx", headers=h["leader"]).status_code == 200
    client.cookies.clear()
    # the plan in force runs
    assert client.post(f"/api/plans/{v2}/year/visits/{past['visit_id']}/record", headers=h["planner"], json=good).status_code == 201


# ---- a small year through the service, with a violation recorded and a visit cancelled (items 1, 2, 3) ----------------

TODAY = "2027-03-31"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, tiny_dir: Path):  # type: ignore[no-untyped-def]
    """The tiny bureau's plan approved, on 31 March 2027: a past visit recorded with a violation (整改期限 15 April), a
    later one cancelled (an in-year change, R-APPROVE) and an urgent trigger inserted (R-INSERT)."""
    from tests.api_helpers import approved_plan, token

    mp = pytest.MonkeyPatch()
    mp.setenv("INSPECTION_TODAY", TODAY)
    client, h, pid = approved_plan(tiny_dir, tmp_path_factory.mktemp("live"), "l.db")
    h.update({u: token(client, u) for u in ("viewer", "admin", "auditor")})
    visits = client.get(f"/api/plans/{pid}/year/visits", headers=h["planner"], params={"limit": 1000}).json()["visits"]
    done = next(x for x in visits if x["date"] < TODAY and x["mode"] == "onsite")
    items = done["item_ids"].split(";")
    body = {"date": done["date"], "officer_ids": done["officer_ids"].split(";"), "outcomes": {**dict.fromkeys(items, "compliant"), items[0]: "violation"},
            "rectify_by": "2027-04-15"}
    r = client.post(f"/api/plans/{pid}/year/visits/{done['visit_id']}/record", headers=h["planner"], json=body)
    assert r.status_code == 201, r.text
    gone = next(x for x in visits if x["date"] > "2027-05-01" and x["mode"] == "onsite")
    r = client.post(f"/api/plans/{pid}/year/visits/{gone['visit_id']}/status", headers=h["planner"], json={"status": "cancelled", "reason": "企业已注销"})
    assert r.status_code == 200, r.text
    other = next(x for x in visits if x["enterprise_id"] not in (done["enterprise_id"], gone["enterprise_id"]))
    r = client.post(f"/api/plans/{pid}/year/triggers", headers=h["planner"],
                    json={"enterprise_id": other["enterprise_id"], "agency_id": other["agency_ids"].split(";")[0], "received_on": TODAY,
                          "urgent": True, "choice": 0})
    assert r.status_code == 201, r.text
    with client:
        yield {"client": client, "h": h, "pid": pid, "done": done, "gone": gone, "added": r.json()["visit"]["visit_id"],
               "finding_agency": done["agency_ids"].split(";")}
    mp.undo()


def _as(client: Any, h: dict[str, dict[str, str]], who: str | None) -> None:
    from api.deps import COOKIE

    client.cookies.clear()
    if who:
        client.cookies.set(COOKIE, h[who]["Authorization"].split()[1])


def test_the_year_page_lists_a_rectification_past_its_deadline(live, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Through the page and the JSON board: on 16 April the violation's 整改期限 (15 April) has passed without 整改完成,
    and the leader's board lists it with its agency; on 15 April it does not; once 整改完成 is entered it leaves."""
    import re

    client, h, pid, vid = live["client"], live["h"], live["pid"], live["done"]["visit_id"]
    _as(client, h, "leader")
    try:
        monkeypatch.setenv("INSPECTION_TODAY", "2027-04-15")
        assert 'id="rectify-overdue"' not in client.get(f"/plans/{pid}/year").text
        monkeypatch.setenv("INSPECTION_TODAY", "2027-04-16")
        page = client.get(f"/plans/{pid}/year").text
        assert 'id="rectify-overdue"' in page and "整改逾期 Rectification overdue" in page, page[-3000:]
        rows = re.findall(r'<tr class="rectify-overdue">(.*?)</tr>', page, re.S)
        assert len(rows) == 1 and f">{vid}</a>" in rows[0] and "2027-04-15" in rows[0] and "<td>1</td>" in rows[0], rows
        assert '<b id="rectify-count">1</b>' in page
        board = client.get(f"/api/plans/{pid}/year/deadlines", headers=h["leader"]).json()
        assert [(d["visit_id"], d["kind"], d["due"]) for d in board["rectify_overdue"]] == [(vid, "rectified", "2027-04-15")]
        assert board["rectify_overdue"][0]["agency_id"] in live["finding_agency"]
        # another agency's board does not list it (per agency, as the rest of the board)
        agency = board["rectify_overdue"][0]["agency_id"]
        elsewhere = next(a for a in ("hb", "um", "gas", "re") if a != agency)
        assert 'class="rectify-overdue"' not in client.get(f"/plans/{pid}/year", params={"agency": elsewhere}).text
        r = client.post(f"/api/plans/{pid}/year/visits/{vid}/steps", headers=h["planner"], json={"step": "rectified", "on": "2027-04-16"})
        assert r.status_code == 200, r.text
        assert 'id="rectify-overdue"' not in client.get(f"/plans/{pid}/year").text
    finally:
        client.cookies.clear()


# ---- 2. the audit trail as a page (R-AUDIT) ---------------------------------------------------------------------------

def test_the_audit_page_is_for_the_roles_the_json_allows(live) -> None:  # type: ignore[no-untyped-def]
    """Only JSON existed (GET /api/audit, leader/admin/auditor). The page answers the same roles; a planner or a viewer
    gets a bilingual 403 page (403 from the JSON too), nobody the login page; the home page links it for those roles."""
    client, h = live["client"], live["h"]
    for who, status in (("auditor", 200), ("leader", 200), ("admin", 200), ("planner", 403), ("viewer", 403)):
        _as(client, h, who)
        r = client.get("/audit")
        assert r.status_code == status, (who, r.status_code)
        assert client.get("/api/audit", headers=h[who]).status_code == status
        if status == 403:
            assert "需要审计人员、领导或管理员账号 / this needs an auditor, leader or admin account" in r.text
        assert ('id="audit-link"' in client.get("/").text) == (status == 200), who
    _as(client, h, None)
    r = client.get("/audit", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=%2Faudit")


def test_the_audit_page_filters_by_plan_visit_and_action_newest_first(live) -> None:  # type: ignore[no-untyped-def]
    """Who did what on the visit recorded: its events only, newest first, the recorder named; by action; by plan (a
    plan of no event shows none); a malformed plan number is a bilingual 422 page, not a 500."""
    import re

    client, h, pid, vid = live["client"], live["h"], live["pid"], live["done"]["visit_id"]
    _as(client, h, "auditor")
    try:
        page = client.get("/audit", params={"visit_id": vid}).text
        ids = [int(x) for x in re.findall(r'<tr class="audit-event" data-id="(\d+)">', page)]
        assert ids and ids == sorted(ids, reverse=True), ids
        rows = re.findall(r'<tr class="audit-event".*?</tr>', page, re.S)
        assert all(f">{vid}</a>" in r for r in rows) and any("visit.record" in r and "<td>planner</td>" in r for r in rows), rows
        json_ids = {e["id"] for e in client.get("/api/audit", headers=h["auditor"], params={"plan_id": pid}).json()
                    if e["detail"].get("visit_id") == vid}
        assert set(ids) == json_ids  # the page and the JSON agree on what the trail holds for the visit
        page = client.get("/audit", params={"action": "visit.record", "plan_id": pid}).text
        acts = re.findall(r"<code>([^<]+)</code>", page)
        assert acts and set(acts) == {"visit.record"}, acts
        grouped = re.findall(r"<code>([^<]+)</code>", client.get("/audit", params={"action": "plan."}).text)
        assert grouped and all(a.startswith("plan.") for a in grouped) and "plan.approve" in grouped
        assert 'id="audit-none"' in client.get("/audit", params={"plan_id": pid + 1000}).text
        bad = client.get("/audit", params={"plan_id": "1 or 1=1"})
        assert bad.status_code == 422 and "计划编号应为正整数" in bad.text and "plan_id must be a whole number" in bad.text
    finally:
        client.cookies.clear()


def test_the_audit_page_pages_through_thousands_of_events(live) -> None:  # type: ignore[no-untyped-def]
    """250 events of one action: three pages of 100, 100 and 50, newest first, each event once, the filter kept from
    page to page; a new event written meanwhile does not shift the older pages (they run `before` an id)."""
    import re
    from html import unescape

    from sqlmodel import Session

    from api.models import AuditEvent

    client, h, pid = live["client"], live["h"], live["pid"]
    with Session(client.app.state.engine) as s:
        for i in range(250):
            s.add(AuditEvent(username="bulk", action="test.bulk", plan_id=pid, detail={"on": TODAY, "n": i}))
        s.commit()
    _as(client, h, "auditor")
    try:
        seen: list[int] = []
        url = "/audit?action=test.bulk"
        pages = 0
        while url:
            page = client.get(url).text
            pages += 1
            seen += [int(x) for x in re.findall(r'<tr class="audit-event" data-id="(\d+)">', page)]
            assert f"共 {250 if pages == 1 else 251} 条" in page  # the count is of the trail as it stands
            m = re.search(r'href="([^"]+)" id="audit-older"', page)
            url = unescape(m.group(1)) if m else ""
            if pages == 1:
                with Session(client.app.state.engine) as s:  # written while the auditor reads page 1
                    s.add(AuditEvent(username="bulk", action="test.bulk", plan_id=pid, detail={"on": TODAY, "n": 250}))
                    s.commit()
            assert not url or "action=test.bulk" in url
        assert pages == 3 and len(seen) == 250 and seen == sorted(set(seen), reverse=True), (pages, len(seen))
    finally:
        client.cookies.clear()


# ---- 3. the workbook: the approved plan's figures and the schedule in force's, each as its sheet ----------------------

def test_the_workbook_summary_agrees_with_both_schedule_sheets(live) -> None:  # type: ignore[no-untyped-def]
    """After a cancellation and an insertion the summary's 检查总数 and its counts by month and agency were the approved
    plan's while 执行中的安排 listed the year in force: two sheets, two totals, no word why. The summary now gives both,
    labelled, and each column equals its own sheet's rows."""
    import io
    from collections import Counter

    import openpyxl

    client, h, pid = live["client"], live["h"], live["pid"]
    wb = openpyxl.load_workbook(io.BytesIO(client.get(f"/api/plans/{pid}/export.xlsx", headers=h["leader"]).content))
    summary = {r[0]: r[1:] for r in wb["汇总"].iter_rows(values_only=True) if r[0]}

    def sheet(name: str) -> list[dict[str, Any]]:
        ws = wb[name]
        head = [c.value for c in ws[3]]
        return [dict(zip(head, r, strict=False)) for r in ws.iter_rows(min_row=4, values_only=True)]

    approved, now = sheet("批准时的检查安排"), sheet("执行中的安排")
    active = [r for r in now if not str(r["状态"]).startswith("已取消")]
    assert len(active) < len(now) and live["added"] in {r["检查编号"] for r in now}  # the year has changed
    assert summary["检查总数（不含已取消）"][:2] == (len(approved), len(active)), summary.get("检查总数（不含已取消）")
    for month, n in Counter(str(r["日期"])[:7] for r in active).items():
        assert summary[f"按月份：{month}"][1] == n, month
    for month, n in Counter(str(r["日期"])[:7] for r in approved).items():
        assert summary[f"按月份：{month}"][0] == n, month
    assert summary["按状态：已取消"][1] == len(now) - len(active)
    assert sum(v[1] for k, v in summary.items() if k.startswith("按状态：")) == len(now)
    labels = next(r for r in wb["汇总"].iter_rows(values_only=True) if r[0] in ("", None) and r[1] and "批准时" in str(r[1]))
    assert "执行中的安排" in str(labels[2])


def test_the_workbook_counts_the_changes_in_force_and_names_the_rejected(live) -> None:  # type: ignore[no-untyped-def]
    """walk28: "含年内调整 3 次" counted a rejected move, which the schedule in force no longer holds. Two changes (the
    cancellation, version 2; the urgent insertion, version 3); the leader rejects the cancellation: one in force, one
    rejected, both on the 审批 sheet with the leader's comment."""
    import io

    import openpyxl

    client, h, pid = live["client"], live["h"], live["pid"]

    def summary_line() -> str:
        wb = openpyxl.load_workbook(io.BytesIO(client.get(f"/api/plans/{pid}/export.xlsx", headers=h["leader"]).content))
        return str(next(r for r in wb["汇总"].iter_rows(values_only=True) if r[0] in ("", None) and r[1] and "批准时" in str(r[1]))[2])

    assert "含年内调整 2 次（" in summary_line()
    r = client.post(f"/api/plans/{pid}/year/versions/2/reject", headers=h["leader"], json={"comment": "企业未注销，恢复检查"})
    assert r.status_code == 200, r.text
    assert "含年内调整 1 次，另有 1 次被退回（" in summary_line()
    wb = openpyxl.load_workbook(io.BytesIO(client.get(f"/api/plans/{pid}/export.xlsx", headers=h["leader"]).content))
    acts = [(r[4], r[5]) for r in wb["审批"].iter_rows(min_row=4, values_only=True)]
    assert any(str(a).startswith("年内调整第1次退回") and c == "企业未注销，恢复检查" for a, c in acts), acts
