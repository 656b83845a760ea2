"""What walking the finished product as each of its users found (walk7): each test failed before its fix.

One greedy plan of the tiny bureau, approved, in 2027 (INSPECTION_TODAY): the planner, the leader, the auditor,
the enterprise and the public meet it through the pages and the API as a browser or a script would."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from api_helpers import USERS, token, wait_done, zip_folder
from conftest import ROOT
from fastapi.testclient import TestClient

TODAY = "2027-03-31"


@pytest.fixture(scope="module")
def walk(tmp_path_factory: pytest.TempPathFactory, tiny_dir: Path):  # type: ignore[no-untyped-def]
    from sqlmodel import Session

    from api.app import create_app
    from api.security import create_user
    from api.settings import Settings

    mp = pytest.MonkeyPatch()
    mp.setenv("INSPECTION_TODAY", TODAY)
    tmp = tmp_path_factory.mktemp("walk7")
    app = create_app(Settings(database_url=f"sqlite:///{tmp / 'w.db'}", data_dir=tmp / "data", plan_processes=1, plan_use_solver=False,
                              plan_from_today=False))  # the whole year, whatever day the tests pin
    with Session(app.state.engine) as s:
        for name, role, pw in USERS:
            create_user(s, name, role, pw, demo=True)
    client = TestClient(app)
    h = {u: token(client, u) for u in ("planner", "leader", "auditor")}
    r = client.post("/api/bundles", headers=h["planner"], files={"file": ("tiny.zip", zip_folder(tiny_dir / "bundle"), "application/zip")})
    assert r.status_code == 201, r.text
    bundle_id = r.json()["id"]
    draft = client.post("/api/plans", headers=h["planner"], json={"bundle_id": bundle_id}).json()["id"]  # v1, returned
    assert wait_done(client, draft, h["planner"])["status"] == "done"
    assert client.post(f"/api/plans/{draft}/submit", headers=h["planner"]).status_code == 200
    assert client.post(f"/api/plans/{draft}/reject", headers=h["leader"], json={"comment": "再议"}).status_code == 200
    plan_id = client.post(f"/api/plans?supersedes={draft}", headers=h["planner"], json={"bundle_id": bundle_id}).json()["id"]  # v2
    assert wait_done(client, plan_id, h["planner"])["status"] == "done"
    assert client.post(f"/api/plans/{plan_id}/submit", headers=h["planner"]).status_code == 200
    assert client.post(f"/api/plans/{plan_id}/approve", headers=h["leader"], json={"comment": "ok"}).status_code == 200
    with client:
        yield client, h, plan_id, draft, tmp / "data"
    mp.undo()


def as_page_user(client: TestClient, h: dict[str, dict[str, str]], user: str) -> None:
    """A browser's session: the cookie, and the CSRF token its forms carry (api/guard.py)."""
    from api.deps import COOKIE
    from api.security import csrf_for

    tok = h[user]["Authorization"].split()[1]
    client.cookies.set(COOKIE, tok)
    client.headers["X-CSRF-Token"] = csrf_for(tok)


def leave_pages(client: TestClient) -> None:
    client.cookies.clear()
    client.headers.pop("X-CSRF-Token", None)


def _visit(client: TestClient, h: dict[str, dict[str, str]], plan_id: int) -> dict[str, Any]:
    vs = client.get(f"/api/plans/{plan_id}/year/visits", headers=h["planner"], params={"limit": 1000}).json()["visits"]
    return next(v for v in vs if v["mode"] == "onsite" and v["status"] in ("planned", "overdue"))


def test_an_empty_date_is_refused_with_a_message_not_a_500(walk) -> None:  # type: ignore[no-untyped-def]
    """A planner who clears the date field (the received day of a complaint, the record's date, a leave's start)
    got 500 "internal error" from an `assert`; it is a 422 naming the field, in Chinese and English."""
    client, h, plan_id, _, _ = walk
    v = _visit(client, h, plan_id)
    agency = v["agency_ids"].split(";")[0]
    api = f"/api/plans/{plan_id}/year"
    calls = [(f"{api}/triggers/slots", {"enterprise_id": v["enterprise_id"], "agency_id": agency, "received_on": ""}, "received_on"),
             (f"{api}/triggers", {"enterprise_id": v["enterprise_id"], "agency_id": agency, "received_on": ""}, "received_on"),
             (f"{api}/leave", {"officer_id": v["officer_ids"].split(";")[0], "start_on": "", "end_on": "2027-04-02"}, "start_on"),
             (f"{api}/visits/{v['visit_id']}/record", {"date": "", "officer_ids": v["officer_ids"].split(";"),
                                                       "outcomes": dict.fromkeys(v["item_ids"].split(";"), "compliant")}, "date"),
             (f"{api}/visits/{v['visit_id']}/steps", {"step": "feedback", "on": ""}, "on")]
    for url, body, field in calls:
        r = client.post(url, headers=h["planner"], json=body)
        assert r.status_code == 422, (url, r.status_code, r.text)
        d = r.json()["detail"]
        assert d["field"] == field and d["message_zh"] and d["message_en"], d
    as_page_user(client, h, "planner")
    try:  # the pages' forms: back to the page with the message, nothing recorded
        r = client.get(f"/plans/{plan_id}/year/slots", params={"enterprise_id": v["enterprise_id"], "agency_id": agency, "received_on": ""})
        assert r.status_code == 422 and "received_on" in r.text
        r = client.post(f"/plans/{plan_id}/year/visits/{v['visit_id']}/record", data={"date": "", "officer_ids": v["officer_ids"].split(";")},
                        follow_redirects=False)
        # the visit page again, as filled in, with the refusal (a11y30; a redirect with the message lost the form)
        assert r.status_code == 422 and 'id="record-error" role="alert"' in r.text
        for url, form in ((f"/plans/{plan_id}/year/leave", {"officer_id": v["officer_ids"].split(";")[0], "end_on": "2027-04-02"}),
                          (f"/plans/{plan_id}/year/triggers", {"enterprise_id": v["enterprise_id"], "agency_id": agency, "choice": "0"})):
            r = client.post(url, data=form, follow_redirects=False)  # the date field left out altogether
            assert r.status_code == 303 and "error=" in r.headers["location"], (url, r.status_code, r.text[:300])
    finally:
        leave_pages(client)
    assert client.get(f"{api}/visits/{v['visit_id']}", headers=h["planner"]).json()["record"] is None


def test_the_auditor_redraws_from_the_services_selection_csv(walk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """README: "anyone can redraw the lottery" with docs/redraw.py. The auditor's selection.csv comes from the
    service, which writes it with a BOM for Excel; the script read it as plain UTF-8 and died with KeyError 'enterprise_id'."""
    client, h, plan_id, _, data = walk
    r = client.get(f"/api/plans/{plan_id}/selection.csv", headers=h["auditor"])
    assert r.status_code == 200 and r.content.startswith("\ufeff".encode())
    (tmp_path / "selection.csv").write_bytes(r.content)
    plan_json = data / "plans" / str(plan_id) / "plan.json"
    assert plan_json.exists()
    out = subprocess.run([sys.executable, str(ROOT / "docs" / "redraw.py"), str(tmp_path / "selection.csv"), str(plan_json)],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0 and "ranks match" in out.stdout and "DIFFER" not in out.stdout, out.stdout + out.stderr
    usage = subprocess.run([sys.executable, str(ROOT / "docs" / "redraw.py")], capture_output=True, text=True, check=False)
    assert usage.returncode != 0 and "redraw.py selection.csv plan.json" in usage.stderr and "Traceback" not in usage.stderr


def test_the_year_board_is_reachable_from_the_plan_and_back(walk) -> None:  # type: ignore[no-untyped-def]
    """Nothing linked /plans/{id}/year: after approval a planner could not find where to print notices or record
    visits, and a leader could not find the urgent insertion waiting for approval afterwards (R-URGENT), without
    typing the address from the README. A draft has no board (R-APPROVE), so no link either."""
    client, h, plan_id, draft, _ = walk
    for user in ("planner", "leader"):
        as_page_user(client, h, user)
        try:
            for lang, words in (("zh", "年度执行看板"), ("en", "The year board")):
                page = client.get(f"/plans/{plan_id}?lang={lang}").text
                assert f'href="/plans/{plan_id}/year" id="year-board"' in page and words in page
            assert f'href="/plans/{draft}/year"' not in client.get(f"/plans/{draft}").text
            board = client.get(f"/plans/{plan_id}/year")
            assert board.status_code == 200 and f'href="/plans/{plan_id}"' in board.text
            history = re.search(r'href="([^"]+history\.csv)"', board.text)
            assert history is not None
            got = client.get(history.group(1))
            assert got.status_code == 200 and got.text.startswith("inspection_id,enterprise_id,agency_id,inspected_on")
        finally:
            leave_pages(client)


def test_logging_in_returns_to_the_page_that_asked(walk) -> None:  # type: ignore[no-untyped-def]
    """An officer opens a visit (from the code page's "记录本次检查") while logged out: the visit page sent them to
    /login?next=…, but the login ignored it and landed on the home page, the visit lost. Only paths on this site
    are followed (no open redirect)."""
    client, h, plan_id, _, _ = walk
    leave_pages(client)
    v = _visit(client, h, plan_id)
    target = f"/plans/{plan_id}/year/visits/{v['visit_id']}"
    r = client.get(target, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] in (f"/login?next={target}", f"/login?next={quote(target, safe='')}")
    form = client.get(r.headers["location"]).text
    assert f'name="next" value="{target}"' in form
    pw = dict((n, p) for n, _, p in USERS)["planner"]
    try:
        r = client.post("/login", data={"username": "planner", "password": pw, "next": target}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == target
        for evil in ("//evil.test/x", "https://evil.test/", "/\\evil.test", "javascript:alert(1)", "/ok\r\nSet-Cookie: x=1"):
            leave_pages(client)  # a fresh browser each time (a session cookie would ask for its CSRF token)
            r = client.post("/login", data={"username": "planner", "password": pw, "next": evil}, follow_redirects=False)
            assert r.status_code == 303 and r.headers["location"] == "/", evil
            assert 'name="next"' not in client.get("/login", params={"next": evil}).text
    finally:
        leave_pages(client)
    from urllib.parse import parse_qs, urlsplit

    def login_query(path: str) -> dict[str, list[str]]:
        where = urlsplit(client.get(path, follow_redirects=False).headers["location"])
        assert where.path == "/login", where
        return parse_qs(where.query)

    assert login_query(f"/plans/{plan_id}/year") == {"next": [f"/plans/{plan_id}/year"]}
    # the language asked for goes with it (walk20: the year pages' redirects dropped ?lang=), the visit and notice too
    assert login_query(f"/plans/{plan_id}/year?lang=en") == {"next": [f"/plans/{plan_id}/year?lang=en"], "lang": ["en"]}
    for tail in ("year/visits/V1?lang=en", "year/visits/V1/notice.pdf?lang=en"):
        assert login_query(f"/plans/{plan_id}/{tail}")["lang"] == ["en"], tail


def test_the_code_page_names_the_plan_version_the_leader_approved(walk) -> None:  # type: ignore[no-untyped-def]
    """The plan and public pages said "2027 v2"; the enterprise's code page said "年度计划第1版" (the year's own
    count, where 1 is the plan as approved). It names the plan's version, and an in-year change as such."""
    client, h, plan_id, _, _ = walk
    version = client.get(f"/api/plans/{plan_id}", headers=h["planner"]).json()["version"]
    assert version == 2
    v = _visit(client, h, plan_id)
    page = client.get(f"/v/{v['code']}").text
    assert "年度计划第2版，已批准 / plan version 2, approved" in page and "第1版" not in page and "年内调整" not in page
    trig = {"enterprise_id": v["enterprise_id"], "agency_id": v["agency_ids"].split(";")[0], "received_on": TODAY, "urgent": True}
    r = client.post(f"/api/plans/{plan_id}/year/triggers", headers=h["planner"], json={**trig, "choice": 0})
    assert r.status_code == 201, r.text
    added = r.json()["visit"]
    page = client.get(f"/v/{added['code']}").text
    assert "年度计划第2版 · 年内调整第1次，已先行实施 / plan version 2, in-year change 1, started" in page, page


def test_why_by_name_lists_every_enterprise_the_name_matches(walk) -> None:  # type: ignore[no-untyped-def]
    """查询企业 by name answered for the first match only, silently: the demo has two 长治银嘉建筑工程有限公司 (one
    tier D, one tier C), so a planner answering "why me?" could read out another enterprise's reasons (R-EXPLAIN).
    The page now lists every match with its credit code; a credit code, or a name only one enterprise has, lists none."""
    import csv
    import io

    client, h, plan_id, _, _ = walk
    rows = list(csv.DictReader(io.StringIO(client.get(f"/api/plans/{plan_id}/selection.csv", headers=h["auditor"]).content.decode("utf-8-sig"))))
    names = {r["enterprise_id"]: client.get(f"/api/plans/{plan_id}/enterprises/{r['enterprise_id']}/why", headers=h["planner"]).json().get("name")
             for r in rows[:40]}
    prefix = "长治"
    many = [e for e, n in names.items() if n and prefix in n]
    assert len(many) > 1
    unique = next(n for n in names.values() if n and sum(n in m for m in names.values() if m) == 1)
    as_page_user(client, h, "planner")
    try:
        page = client.get(f"/plans/{plan_id}/why", params={"enterprise": prefix}).text
        listed = re.findall(r'class="(shown|other)">[^<]+</a> <span class="mono">(\w{18})</span>', page)
        assert 'id="matches"' in page and len(listed) > 1 and [c for c, _ in listed].count("shown") == 1, page
        assert set(many) & {e for _, e in listed}
        for q in (many[0], many[0].lower(), unique):
            page = client.get(f"/plans/{plan_id}/why", params={"enterprise": q}).text
            assert 'id="why-title"' in page and 'id="matches"' not in page, q
        en = client.get(f"/plans/{plan_id}/why", params={"enterprise": prefix, "lang": "en"}).text
        assert "More than one enterprise" in en
    finally:
        leave_pages(client)


def test_a_plan_not_approved_is_refused_in_chinese_words(walk) -> None:  # type: ignore[no-untyped-def]
    """The year board of a returned plan said "计划为rejected状态": the state's code inside the Chinese sentence."""
    client, h, _, draft, _ = walk
    r = client.get(f"/api/plans/{draft}/year", headers=h["planner"])
    assert r.status_code == 409
    assert "已退回" in r.json()["detail"] and "rejected状态" not in r.json()["detail"] and "the plan is rejected" in r.json()["detail"]


def test_the_visit_page_says_its_deadlines_in_chinese(walk) -> None:  # type: ignore[no-untyped-def]
    """After recording, the officer's page listed "feedback · 2027-04-08 · open" and a step menu of codes; the
    board above it already said 结果告知 / 移送处罚. Each deadline and step now has its Chinese name."""
    client, h, plan_id, _, _ = walk
    v = _visit(client, h, plan_id)
    items = v["item_ids"].split(";")
    body = {"date": v["date"], "officer_ids": v["officer_ids"].split(";"), "outcomes": {**dict.fromkeys(items, "compliant"), items[0]: "violation"},
            "rectify_by": "2027-05-31"}
    assert client.post(f"/api/plans/{plan_id}/year/visits/{v['visit_id']}/record", headers=h["planner"], json=body).status_code == 201
    as_page_user(client, h, "planner")
    try:
        page = client.get(f"/plans/{plan_id}/year/visits/{v['visit_id']}").text
        cells = re.findall(r'<tr class="deadline"><td>([^<]*)</td><td>[^<]*</td><td>[^<]*</td><td>([^<]*)</td>', page)
        assert {k for k, _ in cells} >= {"结果告知 feedback", "移送处罚 transfer", "结果公示 publish"}, cells
        assert all(re.match(r"[\u4e00-\u9fff]+ \w+$", s) for _, s in cells), cells
        # (the menu offers the steps that can be entered now: transfer_decision only once transferred, walk23)
        assert '<option value="transfer">移送处罚 transfer</option>' in page
        assert "已检查 done" in page
        # the record names its officers, not their ids (walk14: "hb-140400-000, hb-140400-001")
        line = next(x for x in page.splitlines() if x.startswith(f"<p>{v['date']} · ") and "on-site" not in x)
        assert not any(o in line for o in body["officer_ids"]) and line.count("、") == len(body["officer_ids"]) - 1, line
        # the enterprise's code page words it as the officers' pages do (walk13: 已完成 there, 已检查 here)
        assert '<span id="status">已检查 done</span>' in client.get(f"/v/{v['code']}").text
        r = client.post(f"/plans/{plan_id}/year/visits/{v['visit_id']}/step", data={"step": "feedback", "on": TODAY}, follow_redirects=False)
        assert r.status_code == 303 and "error" not in r.headers["location"]
        page = client.get(f"/plans/{plan_id}/year/visits/{v['visit_id']}").text
        assert re.search(r"结果告知 feedback</td><td>[\d-]+</td><td>" + TODAY, page)
    finally:
        leave_pages(client)


def test_the_public_page_says_why_the_agencies_add_up_to_more_than_the_visits(walk) -> None:  # type: ignore[no-untyped-def]
    """The demo's public page showed 203 visits by month and 100 + 167 + 9 = 276 by agency, with no word why (a joint
    visit counts for each of its agencies); a reader would take one of the two tables for wrong."""
    client, h, plan_id, _, _ = walk
    assert client.post(f"/api/plans/{plan_id}/publish", headers=h["leader"]).status_code == 200
    data = client.get(f"/api/public/plans/{plan_id}").json()
    total = sum(data["counts"]["by_month"].values())
    assert sum(data["counts"]["by_agency"].values()) > total  # the tiny plan has joint visits
    page = client.get(f"/public/plans/{plan_id}").text
    note = re.search(r'<p class="hint" id="by-agency-note">([^<]+)</p>', page)
    assert note is not None and "联合检查" in note.group(1) and f"{total}" in note.group(1) and "joint visit" in note.group(1)


def test_english_pages_say_in_words_what_the_chinese_says(walk) -> None:  # type: ignore[no-untyped-def]
    """The English plan page read "Export Excel（内部版 internal）" and listed D-tier firms without a visit as
    "(exempt)" where the Chinese says 无适用事项 (no item applies: a gap in the item list, not a legal exemption)."""
    client, h, plan_id, _, _ = walk
    as_page_user(client, h, "leader")
    try:
        en = client.get(f"/plans/{plan_id}?lang=en").text
        zh = client.get(f"/plans/{plan_id}?lang=zh").text
    finally:
        leave_pages(client)
    assert "内部版" not in en and "Export Excel (internal, with certificate numbers)" in en and "导出 Excel（内部版，含执法证号）" in zh
    from api.flow import BASIS_ZH
    from api.i18n import T

    words = T["en"]["basis_words"]
    assert set(BASIS_ZH) <= set(words) and words["exempt"] == "no item applies"
    page = re.sub(r"\s+", " ", en)
    assert "(exempt)" not in page and "· exempt ·" not in page


def test_the_record_form_is_offered_only_to_those_who_may_record(walk) -> None:  # type: ignore[no-untyped-def]
    """A viewer or auditor opening a visit (from the board or the code page) was shown the whole phone form, filled
    it in and got "需要执法人员账号" only after pressing 保存记录: a button that could not work for them."""
    client, h, plan_id, _, _ = walk
    from sqlmodel import Session

    from api.security import create_user

    with Session(client.app.state.engine) as s:
        create_user(s, "viewer7", "viewer", "seventh-reader-long")
    h = {**h, "viewer7": token_for(client, "viewer7", "seventh-reader-long")}
    rec = _visit(client, h, plan_id)
    body = {"date": rec["date"], "officer_ids": rec["officer_ids"].split(";"), "outcomes": dict.fromkeys(rec["item_ids"].split(";"), "compliant")}
    assert client.post(f"/api/plans/{plan_id}/year/visits/{rec['visit_id']}/record", headers=h["planner"], json=body).status_code == 201
    done = [rec]
    v = _visit(client, h, plan_id)
    for user, sees in (("planner", True), ("leader", True), ("viewer7", False), ("auditor", False)):
        as_page_user(client, h, user)
        try:
            page = client.get(f"/plans/{plan_id}/year/visits/{v['visit_id']}").text
            assert ('id="record-form"' in page) is sees, user
            page = client.get(f"/plans/{plan_id}/year/visits/{done[0]['visit_id']}").text
            assert 'id="record"' in page and ('id="step-submit"' in page) is sees, user
        finally:
            leave_pages(client)


def token_for(client: TestClient, user: str, password: str) -> dict[str, str]:
    r = client.post("/api/auth/token", data={"username": user, "password": password})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def test_the_language_switch_keeps_the_page(walk) -> None:  # type: ignore[no-untyped-def]
    """The header's English/中文 link was "?lang=en": on a why page it dropped ?enterprise= and answered "not in this
    plan" (404); on the visit list it dropped the filters and the page number."""
    client, h, plan_id, _, _ = walk
    v = _visit(client, h, plan_id)
    as_page_user(client, h, "planner")
    try:
        page = client.get(f"/plans/{plan_id}/why", params={"enterprise": v["enterprise_id"]}).text
        link = re.search(r'<a href="([^"]*)" id="lang">English</a>', page)
        assert link is not None and v["enterprise_id"] in link.group(1) and "lang=en" in link.group(1)
        switched = client.get(f"/plans/{plan_id}/why{link.group(1).replace('&amp;', '&')}")
        assert switched.status_code == 200 and 'id="why-title"' in switched.text and 'lang="en"' in switched.text
        page = client.get(f"/plans/{plan_id}/visits", params={"tier": "C", "lang": "en"}).text
        link = re.search(r'<a href="([^"]*)" id="lang">中文</a>', page)
        assert link is not None and "tier=C" in link.group(1) and "lang=zh" in link.group(1) and link.group(1).count("lang=") == 1
    finally:
        leave_pages(client)


def test_the_year_board_says_statuses_and_trigger_kinds_in_chinese(walk) -> None:  # type: ignore[no-untyped-def]
    """The board's week table said "planned" / "overdue" and the trigger form offered "data_monitoring" to a
    Chinese planner; the same words exist in the pages' texts (待检查, 逾期未记录…)."""
    client, h, plan_id, _, _ = walk
    as_page_user(client, h, "planner")
    try:
        page = client.get(f"/plans/{plan_id}/year", params={"lang": "zh"}).text
    finally:
        leave_pages(client)
    cells = re.findall(r'<td class="visit-status">([^<]*)</td>', page)
    assert cells and all(re.match(r"[\u4e00-\u9fff]+ \w+$", c) for c in cells), cells
    assert '<option value="data_monitoring">监测数据 data_monitoring</option>' in page
