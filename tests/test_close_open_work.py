"""Closing the year says what it still owes (walk14: "closing the year gives no warning about open work").

The close is lawful with work open (a late record and the deadlines go on after it, R-RECORD, R-DEADLINE), so the open
work refuses nothing: the leader is told on the plan page, beside the button and in its confirmation, and the audit
event keeps the counts (R-AUDIT)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_execution_api import _visits, published_plan


def _page(client, h, role: str, url: str) -> str:  # type: ignore[no-untyped-def]
    from api.deps import COOKIE

    client.cookies.set(COOKIE, h[role]["Authorization"].split()[1])
    try:
        r = client.get(url)
        assert r.status_code == 200, r.text
        return str(r.text)
    finally:
        client.cookies.clear()


def _post_page(client, h, role: str, url: str, data: dict[str, str]):  # type: ignore[no-untyped-def]
    """A page's form posted by this user, as a browser without scripts: the session cookie and the form's CSRF field."""
    from api.deps import COOKIE
    from api.security import csrf_for

    tok = h[role]["Authorization"].split()[1]
    client.cookies.set(COOKIE, tok)
    try:
        return client.post(url, data={"csrf_token": csrf_for(tok), **data}, follow_redirects=False)
    finally:
        client.cookies.clear()


def test_the_close_form_counts_what_the_year_still_owes_and_the_audit_keeps_it(tiny_dir: Path, tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSPECTION_TODAY", "2027-03-31")
    client, h, pid = published_plan(tiny_dir, tmp_path, "owed.db")
    visits = _visits(client, h, pid)
    # one visit recorded with a finding (its feedback, publishing and transfer deadlines open), one cancelled
    v = next(x for x in visits if x["status"] in ("planned", "overdue") and x["mode"] == "onsite" and x["date"] <= "2027-03-31")
    items = v["item_ids"].split(";")
    r = client.post(f"/api/plans/{pid}/year/visits/{v['visit_id']}/record", headers=h["planner"],
                    json={"date": v["date"], "officer_ids": v["officer_ids"].split(";"), "rectify_by": "2027-06-30",
                          "outcomes": {**dict.fromkeys(items, "compliant"), items[0]: "violation"}})
    assert r.status_code == 201, r.text
    gone = next(x for x in visits if x["status"] == "planned" and x["date"] > "2027-06-01")
    assert client.post(f"/api/plans/{pid}/year/visits/{gone['visit_id']}/status", headers=h["planner"],
                       json={"status": "cancelled", "reason": "企业已注销"}).status_code == 200
    # a trigger whose insertion the leader rejected: no visit stands for it (R-TRIGGER)
    t = next(x for x in visits if x["status"] == "planned" and x["date"] > "2027-06-01" and x["visit_id"] != gone["visit_id"])
    r = client.post(f"/api/plans/{pid}/year/triggers", headers=h["planner"],
                    json={"trigger_id": "OW1", "enterprise_id": t["enterprise_id"], "agency_id": t["agency_ids"].split(";")[0],
                          "received_on": "2027-03-31", "urgent": False, "choice": 0})
    assert r.status_code == 201, r.text
    assert client.post(f"/api/plans/{pid}/year/versions/{r.json()['version']}/reject", headers=h["leader"],
                       json={"comment": "另行处理"}).status_code == 200

    for ver in client.get(f"/api/plans/{pid}/year", headers=h["leader"]).json()["versions"]:  # the cancellation's, if any
        if ver["state"] in ("submitted", "started"):
            assert client.post(f"/api/plans/{pid}/year/versions/{ver['number']}/approve", headers=h["leader"],
                               json={"comment": "同意"}).status_code == 200
    monkeypatch.setenv("INSPECTION_TODAY", "2027-12-31")
    now = _visits(client, h, pid)
    owed = [x for x in now if x["status"] in ("planned", "notified", "overdue")]
    assert owed and v["visit_id"] not in {x["visit_id"] for x in owed} and gone["visit_id"] not in {x["visit_id"] for x in owed}
    deadlines = client.get(f"/api/plans/{pid}/year/deadlines", headers=h["leader"]).json()
    assert deadlines  # the recorded finding's deadlines exist; none is met

    page = _page(client, h, "leader", f"/plans/{pid}")
    box = re.search(r'<div class="warn" id="close-open-work">(.*?)</div>', page, re.S)
    assert box, "the close form says nothing of the open work"
    text = box.group(1)
    assert f"{len(owed)} 次检查既未登记结果也未取消" in text and "1 条线索尚无检查" in text, text
    assert re.search(r"\d+ 项时限事项未办：.*结果告知 1", text), text
    button = re.search(r'<button id="close-year" data-confirm="([^"]*)"', page)
    assert button and f"仍有 {len(owed)} 次检查未登记、1 条线索尚无检查" in button.group(1)
    assert 'id="close-open-work"' not in _page(client, h, "planner", f"/plans/{pid}")  # no close form for a planner

    # the page's own confirmation, not a script's dialog alone (walk41 Y3): without it the close is refused, nothing
    # changes; the box is a required field of the form
    assert re.search(r'<input type="checkbox" name="confirm" value="yes" id="close-confirm" required>', page)
    r = _post_page(client, h, "leader", f"/plans/{pid}/close-year", {})
    assert r.status_code == 422 and "请先勾选确认" in r.text, r.text[-500:]
    assert 'id="close-open-work"' in _page(client, h, "leader", f"/plans/{pid}")  # still open: the form is offered again
    r = _post_page(client, h, "leader", f"/plans/{pid}/close-year", {"confirm": "yes"})
    assert r.status_code == 303, r.text[-500:]
    events = client.get("/api/audit", headers=h["leader"], params={"plan_id": pid}).json()
    closed = [e for e in events if e["action"] == "plan.close_year"]
    assert len(closed) == 1
    got = closed[0]["detail"]["open_work"]
    assert got["visits"] == len(owed) and got["triggers"] == 1 and got["deadlines"]["feedback"] == 1, got
    assert 'id="close-open-work"' not in _page(client, h, "leader", f"/plans/{pid}")  # closed: no form, no box
