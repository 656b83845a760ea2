"""The service: every route for every role, the workflow with four eyes and a race, uploads
that store nothing when broken — on SQLite, and on PostgreSQL when DATABASE_URL is set."""

from __future__ import annotations

import io
import json
import threading
from pathlib import Path

import openpyxl
import pytest
from api_helpers import fresh_database, make_client, postgres_url, token, wait_done, zip_folder
from conftest import EXAMPLE, set_cell

from api.services import count_rows

KINDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.skipif(postgres_url() is None, reason="no DATABASE_URL server"))]


@pytest.fixture(scope="module", params=KINDS)
def live(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, tiny_dir: Path):  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp(f"api-{request.param}")
    client = make_client(fresh_database(request.param, tmp), tmp / "data")
    h = {u: token(client, u) for u in ("planner", "planner2", "leader", "leader2", "viewer", "admin", "auditor")}
    r = client.post("/api/bundles", headers=h["planner"], files={"file": ("tiny.zip", zip_folder(tiny_dir / "bundle"), "application/zip")})
    assert r.status_code == 201, r.text
    bundle_id = r.json()["id"]
    r = client.post("/api/plans", headers=h["planner"], json={"bundle_id": bundle_id})
    assert r.status_code == 202 and r.json()["status"] in ("queued", "running", "done")
    plan = wait_done(client, r.json()["id"], h["planner"])
    assert plan["status"] == "done", plan
    with client:
        yield client, h, bundle_id, plan["id"]


def new_plan(client, h, bundle_id) -> int:  # type: ignore[no-untyped-def]
    r = client.post("/api/plans", headers=h["planner"], json={"bundle_id": bundle_id})
    return wait_done(client, r.json()["id"], h["planner"])["id"]


def test_upload_counts_and_sha(live) -> None:  # type: ignore[no-untyped-def]
    client, h, _bundle_id, _ = live
    r = client.post("/api/bundles", headers=h["planner"], files={"file": ("e.zip", zip_folder(EXAMPLE), "application/zip")})
    assert r.status_code == 201
    body = r.json()
    assert body["counts"]["enterprises"] == 40 and len(body["sha256"]) == 64


def test_broken_upload_stores_nothing(live, bundle_copy: Path) -> None:  # type: ignore[no-untyped-def]
    client, h, _, _ = live
    set_cell(bundle_copy, "enterprises.csv", 3, "sector", "mining")
    set_cell(bundle_copy, "officers.csv", 5, "certificate_no", "")
    from sqlmodel import Session

    with Session(client.app.state.engine) as s:
        before = count_rows(s)
    r = client.post("/api/bundles", headers=h["planner"], files={"file": ("bad.zip", zip_folder(bundle_copy), "application/zip")})
    assert r.status_code == 422
    errors = r.json()["errors"]
    assert any(e["file"] == "enterprises.csv" and e["row"] == 3 and e["column"] == "sector" for e in errors)
    assert any(e["file"] == "officers.csv" and e["row"] == 5 and e["column"] == "certificate_no" for e in errors)
    assert all(e["message_zh"] and e["message_en"] for e in errors)
    r = client.post("/api/bundles", headers=h["planner"], files={"file": ("junk.zip", b"not a zip", "application/zip")})
    assert r.status_code == 422
    r = client.post("/api/bundles", headers=h["planner"], files={"file": ("x.txt", b"hello", "text/plain")})
    assert r.status_code == 422
    with Session(client.app.state.engine) as s:
        assert count_rows(s) == before


ROUTES = [
    # method, path template, body kind, roles allowed (others: 403; anonymous: 401)
    ("GET", "/api/plans/{plan}", None, {"planner", "leader", "viewer", "admin", "auditor"}),
    ("GET", "/api/plans", None, {"planner", "leader", "viewer", "admin", "auditor"}),
    ("POST", "/api/plans", "plan", {"planner", "admin"}),
    ("POST", "/api/bundles", "upload", {"planner", "admin"}),
    ("GET", "/api/plans/{plan}/visits", None, {"planner", "leader", "viewer", "admin", "auditor"}),
    ("GET", "/api/plans/{plan}/enterprises/{ent}/why", None, {"planner", "leader", "viewer", "admin", "auditor"}),
    ("GET", "/api/plans/{plan}/export.xlsx", None, {"planner", "leader", "viewer", "admin", "auditor"}),
    ("GET", "/api/plans/{plan}/comments", None, {"planner", "leader", "viewer", "admin", "auditor"}),
    ("GET", "/api/plans/{plan}/decision", None, {"planner", "leader", "viewer", "admin", "auditor"}),
    ("GET", "/api/plans/{plan}/selection.csv", None, {"planner", "leader", "admin", "auditor"}),
    ("GET", "/api/plans/{plan}/redraw", None, {"leader", "admin", "auditor"}),
    ("GET", "/api/plans/{plan}/folder.zip", None, {"planner", "leader", "admin", "auditor"}),
    ("POST", "/api/plans/{plan}/close-year", None, {"leader", "admin"}),
    ("GET", "/api/audit", None, {"leader", "admin", "auditor"}),
    ("POST", "/api/plans/{plan}/submit", None, {"planner"}),
    ("POST", "/api/plans/{plan}/approve", "comment", {"leader"}),
    ("POST", "/api/plans/{plan}/reject", "comment", {"leader"}),
    ("POST", "/api/plans/{plan}/publish", None, {"leader", "admin"}),
]


@pytest.mark.parametrize(("method", "path", "body", "allowed"), ROUTES)
def test_role_route_matrix(live, tiny_dir: Path, method: str, path: str, body: str | None, allowed: set[str]) -> None:  # type: ignore[no-untyped-def]
    client, h, bundle_id, plan_id = live
    sel = client.get(f"/api/plans/{plan_id}/visits", headers=h["viewer"]).json()["items"][0]["enterprise_id"]
    url = path.format(plan=plan_id, ent=sel)
    for role in ("anonymous", "planner", "leader", "viewer", "admin", "auditor"):
        kw: dict = {"headers": h[role] if role != "anonymous" else {}}
        if body == "plan":
            kw["json"] = {"bundle_id": bundle_id}
        elif body == "comment":
            kw["json"] = {"comment": "ok"}
        elif body == "upload":
            kw["files"] = {"file": ("t.zip", zip_folder(tiny_dir / "bundle"), "application/zip")}
        r = client.request(method, url, **kw)
        if role == "anonymous":
            assert r.status_code == 401, (role, url, r.status_code)
        elif role in allowed:
            assert r.status_code not in (401, 403), (role, url, r.status_code, r.text)
        else:
            assert r.status_code == 403, (role, url, r.status_code)
    if body == "plan":
        wait_done(client, client.get("/api/plans", headers=h["viewer"]).json()[0]["id"], h["viewer"])


def test_workflow_four_eyes_and_the_race(live) -> None:  # type: ignore[no-untyped-def]
    client, h, bundle_id, _ = live
    pid = new_plan(client, h, bundle_id)
    r = client.post(f"/api/plans/{pid}/approve", headers=h["leader"], json={"comment": "?"})
    assert r.status_code == 409 and r.json()["detail"] == ("计划处于“草稿”状态，不能审批 / the plan is draft: it cannot be approved or "
                                                           "rejected"), r.text  # still a draft ("a approved plan …", walk28)
    r = client.post(f"/api/plans/{pid}/cancel", headers=h["planner"])  # a plan made: nothing to cancel, said in words
    assert r.status_code == 409 and r.json()["detail"].startswith("计划已生成，无需取消 / the plan is done"), r.text
    assert client.post(f"/api/plans/{pid}/publish", headers=h["admin"]).status_code == 409  # only approved plans
    assert client.post(f"/api/plans/{pid}/submit", headers=h["planner"]).json() == {"id": pid, "state": "submitted"}
    assert client.post(f"/api/plans/{pid}/submit", headers=h["planner2"]).status_code == 409
    assert client.post(f"/api/plans/{pid}/approve", headers=h["planner"], json={"comment": "mine"}).status_code == 403
    results: list[int] = []
    barrier = threading.Barrier(2)

    def approve(who: str) -> None:
        barrier.wait()
        results.append(client.post(f"/api/plans/{pid}/approve", headers=h[who], json={"comment": f"同意 {who}"}).status_code)

    threads = [threading.Thread(target=approve, args=(w,)) for w in ("leader", "leader2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [200, 409]
    assert client.get(f"/api/public/plans/{pid}").status_code == 404  # approved, not yet published
    assert client.post(f"/api/plans/{pid}/publish", headers=h["leader"]).json()["state"] == "published"
    pub = client.get(f"/api/public/plans/{pid}")
    assert pub.status_code == 200
    text = pub.text
    body = pub.json()
    # R-PUBLISH before the year: the lottery's settings and a commitment to the seed, never whom or when
    assert body["seed"] is None and len(body["seed_sha256"]) == 64 and body["items"][0]["legal_basis"]
    assert {t["tier"]: t["sample_ratio"] for t in body["tiers"]}["B"] == 0.2 and sum(body["counts"]["by_month"].values()) > 0
    assert "visits" not in body and "enterprise_id" not in text
    officers = {o for v in client.get(f"/api/plans/{pid}/visits?limit=1000", headers=h["viewer"]).json()["items"] for o in v["officer_ids"]}
    assert officers and not any(o in text for o in officers)
    assert "risk_score" not in text and "officer" not in text
    events = [e["action"] for e in client.get(f"/api/audit?plan_id={pid}", headers=h["admin"]).json()]
    assert events[:2] == ["plan.create", "plan.generated"] and events.count("plan.approve") == 1
    assert {"plan.submit", "plan.publish"} <= set(events)
    who = next(e for e in client.get(f"/api/audit?plan_id={pid}", headers=h["admin"]).json() if e["action"] == "plan.approve")
    assert who["username"] in ("leader", "leader2") and who["detail"]["comment"].startswith("同意")
    # an approved plan is never edited: a change is a new version, which needs approval again
    r = client.post(f"/api/plans?supersedes={pid}", headers=h["planner"], json={"bundle_id": bundle_id})
    assert r.json()["version"] == 2 and r.json()["state"] == "draft"
    wait_done(client, r.json()["id"], h["planner"])


def test_reject_with_comment(live) -> None:  # type: ignore[no-untyped-def]
    client, h, bundle_id, _ = live
    pid = new_plan(client, h, bundle_id)
    # the submitter's note as `note` or `comment` (approve's and the form's name); another field is refused, not dropped
    assert client.post(f"/api/plans/{pid}/submit", headers=h["planner"], json={"remark": "请审"}).status_code == 422
    assert client.post(f"/api/plans/{pid}/submit", headers=h["planner"], json={"comment": "请审"}).status_code == 200
    said = [c["comment"] for c in client.get(f"/api/plans/{pid}/comments", headers=h["planner"]).json() if c["decision"] == "submitted"]
    assert said == ["请审"]
    assert client.post(f"/api/plans/{pid}/reject", headers=h["leader"], json={"comment": "D级覆盖不足"}).json()["state"] == "rejected"
    assert client.post(f"/api/plans/{pid}/publish", headers=h["leader"]).status_code == 409


def test_visits_why_export(live) -> None:  # type: ignore[no-untyped-def]
    client, h, _, pid = live
    page = client.get(f"/api/plans/{pid}/visits?limit=5", headers=h["viewer"]).json()
    assert page["total"] > 5 and len(page["items"]) == 5
    v = page["items"][0]
    assert client.get(f"/api/plans/{pid}/visits?date={v['date']}", headers=h["viewer"]).json()["items"][0]["date"] == v["date"]
    assert all(v["enterprise_id"] == x["enterprise_id"] for x in
               client.get(f"/api/plans/{pid}/visits?enterprise={v['enterprise_id']}", headers=h["viewer"]).json()["items"])
    team = v["team_ids"][0]
    assert all(team in x["team_ids"] for x in client.get(f"/api/plans/{pid}/visits?team={team}", headers=h["viewer"]).json()["items"])
    agency = v["agency_ids"][0]
    assert all(agency in x["agency_ids"] for x in client.get(f"/api/plans/{pid}/visits?agency={agency}", headers=h["viewer"]).json()["items"])
    w = client.get(f"/api/plans/{pid}/enterprises/{v['enterprise_id']}/why", headers=h["viewer"]).json()
    assert w["reason_zh"] and w["reason_en"] and w["tier"] in "ABCD" and w["visits"][0]["rules"]
    assert isinstance(w["risk_factors"], list)
    assert client.get(f"/api/plans/{pid}/enterprises/91000000000000000X/why", headers=h["viewer"]).status_code == 404
    r = client.get(f"/api/plans/{pid}/export.xlsx", headers=h["leader"])
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["汇总", "检查安排", "抽取名单", "未满足事项", "审批"]
    assert wb["检查安排"].max_row == page["total"] + 3  # title, subtitle, header
    draws = str(wb["抽取名单"]["A2"].value)  # tier D is covered, not drawn from an empty pool (walk8: "D级0家中抽25家")
    assert "D级全覆盖" in draws and "D级0家中抽" not in draws, draws
    assert json.loads(client.get(f"/api/plans/{pid}", headers=h["viewer"]).text)["summary"]["counts"]["visits"]["total"] == page["total"]


def test_pages_chinese_first(live) -> None:  # type: ignore[no-untyped-def]
    client, _h, _, pid = live
    r = client.get("/login")
    assert "登录" in r.text and r.headers["content-type"].startswith("text/html")
    assert "Log in" in client.get("/login?lang=en").text
    assert client.get("/", follow_redirects=False).status_code == 303
    r = client.post("/login", data={"username": "viewer", "password": "viewer-pass"}, follow_redirects=False)
    assert r.status_code == 303
    client.cookies.set("inspection_session", r.cookies["inspection_session"])
    page = client.get(f"/plans/{pid}?lang=zh")
    assert "各月检查数" in page.text and "charts/month.png" in page.text and "viewer" in page.text
    assert "Visits per month" in client.get(f"/plans/{pid}?lang=en").text
    client.cookies.clear()


def test_upload_a_workbook(live, bundle_copy: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bundle.workbook import csv_folder_to_workbook

    client, h, _, _ = live
    book = csv_folder_to_workbook(bundle_copy, tmp_path / "registers.xlsx")
    r = client.post("/api/bundles", headers=h["admin"], files={"file": ("registers.xlsx", book.read_bytes(), "application/octet-stream")})
    assert r.status_code == 201 and r.json()["counts"]["enterprises"] == 40
    set_cell(bundle_copy, "teams.csv", 3, "district_code", "14x403")
    bad = csv_folder_to_workbook(bundle_copy, tmp_path / "bad.xlsx")
    r = client.post("/api/bundles", headers=h["admin"], files={"file": ("bad.xlsx", bad.read_bytes(), "application/octet-stream")})
    assert r.status_code == 422
    assert any(e["file"] == "bad.xlsx[teams]" and e["row"] == 3 and e["column"] == "district_code" for e in r.json()["errors"])
