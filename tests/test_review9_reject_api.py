# ruff: noqa: F811  (fixtures imported from the suites they extend)
"""review9: the rejection through the service and the board (commit 5cb98c1): roles, CSRF, bad input, the note."""

from __future__ import annotations

from urllib.parse import unquote

from test_execution_api import _visits, year_live  # noqa: F401


def _as(client, h, who, method, url, csrf=True, **kw):  # type: ignore[no-untyped-def]
    from api.deps import COOKIE
    from api.security import csrf_for

    tok = h[who]["Authorization"].split()[1]
    client.cookies.set(COOKIE, tok)
    try:
        return client.request(method, url, headers={"X-CSRF-Token": csrf_for(tok)} if csrf else {}, follow_redirects=False, **kw)
    finally:
        client.cookies.clear()


def _insert(client, h, plan_id, tid, after="2027-06-01"):  # type: ignore[no-untyped-def]
    v = next(x for x in _visits(client, h, plan_id) if x["mode"] == "onsite" and x["date"] > after and x["status"] == "planned")
    trig = {"trigger_id": tid, "enterprise_id": v["enterprise_id"], "agency_id": v["agency_ids"].split(";")[0],
            "received_on": "2027-03-31", "urgent": False}
    r = client.post(f"/api/plans/{plan_id}/year/triggers", headers=h["planner"], json={**trig, "choice": 0})
    assert r.status_code == 201, r.text
    return r.json()["version"], r.json()["visit"]["visit_id"], trig


def test_api_reject_roles_and_bad_input(year_live) -> None:  # type: ignore[no-untyped-def]
    client, h, plan_id = year_live
    ver, new, _ = _insert(client, h, plan_id, "R9A")
    url = f"/api/plans/{plan_id}/year/versions/{ver}/reject"
    for who in ("planner", "planner2", "viewer"):
        assert client.post(url, headers=h[who], json={"comment": "x"}).status_code == 403, who
    assert client.post(url, headers=h["leader"], json={"comment": "x" * 501}).status_code == 422
    assert client.post(url, headers=h["leader"], json={}).status_code in (400, 422)
    assert client.post(url, headers=h["leader"]).status_code == 422
    assert client.post(url, headers=h["leader"], json={"comment": "   "}).status_code in (400, 422)
    for n in (0, 100001, -1, "x"):
        assert client.post(f"/api/plans/{plan_id}/year/versions/{n}/reject", headers=h["leader"], json={"comment": "x"}).status_code == 422, n
    assert client.post(f"/api/plans/{plan_id}/year/versions/9999/reject", headers=h["leader"], json={"comment": "x"}).status_code == 404
    assert client.post(f"/api/plans/{plan_id}/year/versions/1/reject", headers=h["leader"], json={"comment": "x"}).status_code == 409
    got = client.get(f"/api/plans/{plan_id}/year", headers=h["viewer"]).json()["versions"][ver - 1]
    assert got["state"] == "submitted"
    # R-APPROVE: a leader decides an in-year change, not the administrator (walk15); nothing changes on the refusal
    assert client.post(url, headers=h["admin"], json={"comment": "admin 退回"}).status_code == 403
    assert client.get(f"/api/plans/{plan_id}/year", headers=h["viewer"]).json()["versions"][ver - 1]["state"] == "submitted"
    r = client.post(url, headers=h["leader"], json={"comment": "领导退回"})
    assert r.status_code == 200 and r.json()["state"] == "rejected" and r.json()["kept"] == []
    assert client.post(f"/api/plans/{plan_id}/year/versions/{ver}/approve", headers=h["leader"], json={"comment": "x"}).status_code == 409
    assert client.get(f"/api/plans/{plan_id}/year/visits/{new}", headers=h["planner"]).json()["status"] == "cancelled"


def test_form_reject_csrf_decision_and_long_comment(year_live) -> None:  # type: ignore[no-untyped-def]
    client, h, plan_id = year_live
    ver, _new, _ = _insert(client, h, plan_id, "R9B")
    base = f"/plans/{plan_id}/year/versions/{ver}"
    r = _as(client, h, "leader", "POST", base + "/reject", csrf=False, data={"comment": "x"})
    assert r.status_code == 403, r.status_code
    r = _as(client, h, "leader", "POST", base + "/delete", data={"comment": "x"})
    assert r.status_code in (404, 422), r.status_code
    r = _as(client, h, "viewer", "POST", base + "/reject", data={"comment": "x"})
    assert r.status_code == 403
    r = _as(client, h, "leader", "POST", base + "/reject", data={"comment": "长" * 501})
    print("long comment form ->", r.status_code, r.headers.get("content-type"), r.text[:200])
    assert client.get(f"/api/plans/{plan_id}/year", headers=h["viewer"]).json()["versions"][ver - 1]["state"] == "submitted"
    r = _as(client, h, "leader", "POST", base + "/reject", data={"comment": "<script>alert(1)</script>"})
    assert r.status_code == 303 and "error" not in r.headers["location"]
    page = _as(client, h, "leader", "GET", f"/plans/{plan_id}/year").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    page_en = _as(client, h, "leader", "GET", f"/plans/{plan_id}/year?lang=en").text
    assert 'id="rejected"' in page_en and "Rejected in-year changes" in page_en


def test_form_reject_a_replan_and_a_cancellation(year_live) -> None:  # type: ignore[no-untyped-def]
    client, h, plan_id = year_live
    v = next(x for x in _visits(client, h, plan_id) if x["status"] == "planned" and x["date"] > "2027-05-01" and x["mode"] == "onsite")
    r = client.post(f"/api/plans/{plan_id}/year/visits/{v['visit_id']}/status", headers=h["planner"],
                    json={"status": "cancelled", "reason": "企业已注销"})
    assert r.status_code == 200, r.text
    ver = client.get(f"/api/plans/{plan_id}/year", headers=h["viewer"]).json()["versions"][-1]
    assert ver["kind"] == "cancel"
    r = _as(client, h, "leader", "POST", f"/plans/{plan_id}/year/versions/{ver['number']}/reject", data={"comment": "仍在经营"})
    assert r.status_code == 303 and "error" not in r.headers["location"], unquote(r.headers["location"])
    assert client.get(f"/api/plans/{plan_id}/year/visits/{v['visit_id']}", headers=h["planner"]).json()["status"] == "planned"
    code = v["code"]
    pub = client.get(f"/api/v/{code}").json()
    print("code page after rejected cancel:", pub.get("approval"), pub.get("status"))
    assert pub["approval"]["version"] == 1 and pub["status"] == "scheduled"


def test_the_board_lists_last_years_triggers_as_without_a_visit(year_live) -> None:  # type: ignore[no-untyped-def]
    """The year summary and the board list history triggers (received before the plan year, window long closed) as
    "triggers without a visit", red 已超时, on a year where nobody rejected anything about them."""
    client, h, plan_id = year_live
    got = client.get(f"/api/plans/{plan_id}/year", headers=h["viewer"]).json()["open_triggers"]
    old = [t["trigger_id"] for t in got if t["received_on"] < "2027-01-01"]
    board = _as(client, h, "planner", "GET", f"/plans/{plan_id}/year").text
    rows = board.count('class="open-trigger"')
    assert not old, f"{len(old)} pre-2027 triggers listed open; board rows: {rows}"
