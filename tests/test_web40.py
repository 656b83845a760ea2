"""web40: the service tested from the outside (bench/web40's report). Approval verifies the plan's files (W2); every POST
form works without JavaScript (W1); an in-year change named in Chinese and by one number (W4); a bad `date` filter is
422 (W5); a file that is no workbook is one clear problem (W6); a password holding the username is refused (W7); the
inputs have names (W9); the two digests of an upload are told apart (W3); an approval needs a comment (W11); the
enterprise's notice is reached with its code alone, and no other (W10)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from api_helpers import make_client, token, wait_done, zip_folder

from api.deps import COOKIE
from api.security import csrf_for

TODAY = "2027-03-31"


class Forms(HTMLParser):
    """Every POST form of a page: its action and its fields as a browser without scripts would send them."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._in: dict[str, Any] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._in = {"action": a.get("action", ""), "fields": {}, "hidden": {}, "required": set()}
            self.forms.append(self._in)
        if self._in is None or "name" not in a:
            return
        if tag == "input" and a.get("type") in ("checkbox", "radio") and "checked" not in a:
            return
        if tag in ("input", "textarea", "select"):
            self._in["fields"].setdefault(a["name"], a.get("value", ""))
            if a.get("type") == "hidden":
                self._in["hidden"][a["name"]] = a.get("value", "")
            if "required" in a:
                self._in["required"].add(a["name"])
            self._select = a["name"] if tag == "select" else None

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in = None


def post_forms(html: str) -> list[dict[str, Any]]:
    p = Forms()
    p.feed(html)
    return p.forms


@pytest.fixture(scope="module")
def svc(tmp_path_factory: pytest.TempPathFactory, tiny_dir: Path):  # type: ignore[no-untyped-def]
    mp = pytest.MonkeyPatch()
    mp.setenv("INSPECTION_TODAY", TODAY)
    tmp = tmp_path_factory.mktemp("web40")
    client = make_client(f"sqlite:///{tmp / 'w.db'}", tmp / "data")
    h = {u: token(client, u) for u in ("planner", "leader", "leader2", "viewer", "admin", "auditor")}
    bundle = zip_folder(tiny_dir / "bundle")
    r = client.post("/api/bundles", headers=h["planner"], files={"file": ("tiny.zip", bundle, "application/zip")})
    assert r.status_code == 201, r.text
    pid = client.post("/api/plans", headers=h["planner"], json={"bundle_id": r.json()["id"]}).json()["id"]
    assert wait_done(client, pid, h["planner"])["status"] == "done"
    with client:
        yield {"client": client, "h": h, "p1": pid, "data": tmp / "data", "bundle": bundle, "upload": r.json()}
    mp.undo()


def as_cookie(client: Any, h: dict[str, str]) -> str:
    """The pages as this user, by the session cookie alone: no X-CSRF-Token header, as a browser without scripts."""
    tok = h["Authorization"].split()[1]
    client.cookies.clear()
    client.cookies.set(COOKIE, tok)
    client.headers.pop("X-CSRF-Token", None)
    return tok


def submitted(svc: dict[str, Any]) -> int:
    """The first plan, submitted for approval (once)."""
    client, h, pid = svc["client"], svc["h"], svc["p1"]
    if client.get(f"/api/plans/{pid}", headers=h["viewer"]).json()["state"] == "draft":
        assert client.post(f"/api/plans/{pid}/submit", headers=h["planner"], json={"note": "web40"}).status_code == 200
    return int(pid)


def test_w2_approval_verifies_the_files(svc: dict[str, Any]) -> None:
    client, h, pid = svc["client"], svc["h"], submitted(svc)
    plan_json = svc["data"] / "plans" / str(pid) / "plan.json"
    kept = plan_json.read_bytes()
    plan_json.write_bytes(kept.replace(b'"seed"', b'"seed" ', 1))  # the tester's edit: plan.json changed after submission
    try:
        r = client.post(f"/api/plans/{pid}/approve", headers=h["leader"], json={"comment": "同意"})
        assert r.status_code == 409 and r.json()["error_id"] and "存储的文件缺失或被改动" in r.json()["message_zh"], r.text
        tok = as_cookie(client, h["leader"])
        page = client.post(f"/plans/{pid}/approve", data={"comment": "同意", "csrf_token": csrf_for(tok)}, follow_redirects=False)
        client.cookies.clear()
        assert page.status_code == 409 and "stored files are missing or altered" in page.text, page.text[:300]
        # nothing changed: still submitted, no approval on file, the mismatch in the audit trail
        assert client.get(f"/api/plans/{pid}", headers=h["viewer"]).json()["state"] == "submitted"
        assert not [e for e in client.get(f"/api/plans/{pid}/comments", headers=h["viewer"]).json() if e["decision"] == "approved"]
        trail = client.get("/api/audit", headers=h["auditor"], params={"plan_id": pid}).json()
        assert any(e["action"] == "integrity.mismatch" for e in trail), trail
    finally:
        plan_json.write_bytes(kept)


def running_plan(svc: dict[str, Any]) -> int:
    """The published plan whose year runs: the one test_w1 makes through the forms, or (that test not run first) one made
    through the API, so each test of the year stands on its own."""
    if "p2" not in svc:
        client, h = svc["client"], svc["h"]
        bundle_id = client.get(f"/api/plans/{svc['p1']}", headers=h["viewer"]).json()["bundle_id"]
        pid = client.post("/api/plans", headers=h["planner"], json={"bundle_id": bundle_id}).json()["id"]
        assert wait_done(client, pid, h["planner"])["status"] == "done"
        assert client.post(f"/api/plans/{pid}/submit", headers=h["planner"]).status_code == 200
        assert client.post(f"/api/plans/{pid}/approve", headers=h["leader"], json={"comment": "同意"}).status_code == 200
        assert client.post(f"/api/plans/{pid}/publish", headers=h["leader"]).status_code == 200
        svc["p2"] = pid
    return int(svc["p2"])


def _expect_fields(forms: list[dict[str, Any]], tok: str, page: str) -> None:
    assert forms, page
    for f in forms:
        assert f["hidden"].get("csrf_token") == csrf_for(tok), (page, f["action"])


def _post(client: Any, form: dict[str, Any], fill: dict[str, str] | None = None, **kw: Any) -> Any:
    data = {k: v for k, v in form["fields"].items()}
    for k in form["required"]:
        data[k] = data[k] or "web40"
    data.update(fill or {})
    r = client.post(form["action"], data=data, follow_redirects=False, **kw)
    assert "CSRF" not in r.text, (form["action"], r.text[:300])
    return r


def test_w5_a_bad_date_filter_is_422_naming_it(svc: dict[str, Any]) -> None:
    client, h, pid = svc["client"], svc["h"], svc["p1"]
    for bad in ("2027-13-99", "2027-02-30", "20270301", "tomorrow"):
        r = client.get(f"/api/plans/{pid}/visits", headers=h["viewer"], params={"date": bad})
        assert r.status_code == 422 and r.json()["field"] == "date", r.text
        assert "检查日期应为 YYYY-MM-DD" in r.json()["message_zh"] and "date must be a date YYYY-MM-DD" in r.json()["message_en"]
    day = client.get(f"/api/plans/{pid}/visits", headers=h["viewer"], params={"limit": 1}).json()["items"][0]["date"]
    assert client.get(f"/api/plans/{pid}/visits", headers=h["viewer"], params={"date": day}).json()["total"] >= 1
    r = client.get(f"/api/plans/{running_plan(svc)}/year/visits", headers=h["viewer"], params={"date": "2027-13-99"})
    assert r.status_code == 422 and r.json()["field"] == "date", r.text


def _problems(client: Any, h: dict[str, str], name: str, data: bytes) -> list[dict[str, Any]]:
    r = client.post("/api/bundles", headers=h, files={"file": (name, data, "application/octet-stream")})
    assert r.status_code == 422, r.text
    return r.json()["errors"]  # type: ignore[no-any-return]


def test_w6_a_file_that_is_no_workbook_is_one_problem(svc: dict[str, Any], tiny_dir: Path, tmp_path: Path) -> None:
    import io
    import shutil
    import zipfile

    from conftest import set_cell

    client, h = svc["client"], svc["h"]["planner"]
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    for name, data in (("png.xlsx", png), ("zip_as.xlsx", svc["bundle"])):
        errors = _problems(client, h, name, data)
        assert len(errors) == 1, errors
        e = errors[0]
        assert e["file"] == name and e["message_zh"].startswith("不是有效的 Excel 工作簿") and "not a valid .xlsx workbook" in e["message_en"]
        assert "zip file" not in e["message_zh"] and "Content_Types" not in e["message_zh"] + e["message_en"]
    # a cell over the csv module's limit: its row, and words in both languages, not the library's
    bundle = tmp_path / "b"
    shutil.copytree(tiny_dir / "bundle", bundle)
    set_cell(bundle, "enterprises.csv", 5, "name", "长" * 140_000)
    errors = _problems(client, h, "long.zip", zip_folder(bundle))
    e = next(x for x in errors if x["file"] == "enterprises.csv")
    assert e["row"] == 5 and "131,072" in e["message_zh"] and "field larger than field limit" not in e["message_zh"] + e["message_en"], e
    # the loader's own words for a workbook openpyxl cannot open (a zip of a workbook's parts, damaged)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "not xml")
    errors = _problems(client, h, "broken.xlsx", buf.getvalue())
    assert len(errors) == 1 and errors[0]["file"] == "broken.xlsx", errors  # not six tables "missing" beside it
    zh = errors[0]["message_zh"]
    assert zh.startswith("不是有效的 Excel 工作簿") and not re.search(r"[A-Za-z]{4,}", zh.replace("Excel", "").replace(".xlsx", "")), zh


def test_w7_a_password_holding_the_username_is_refused(svc: dict[str, Any]) -> None:
    from api.security import password_problem

    for pw in ("viewerviewer", "Viewer-2027-x!", "my-VIEWER-pw-7"):
        assert password_problem(pw, "viewer") == ("密码不能包含用户名（不区分大小写）", "the password may not contain the username (in any case)")
    assert password_problem("reliable-horse-battery", "li") is None  # a name of two letters is not looked for inside
    assert password_problem("Blue-lantern-river-47", "viewer") is None
    client, h = svc["client"], svc["h"]
    r = client.post("/api/auth/password", headers=h["viewer"], json={"current_password": "viewer-pass", "new_password": "viewerviewer"})
    assert r.status_code == 422 and "不能包含用户名" in r.json()["message_zh"] and "contain the username" in r.json()["message_en"], r.text


def test_w10_the_notice_by_its_code_alone_and_no_other(svc: dict[str, Any]) -> None:
    client, h, pid = svc["client"], svc["h"], running_plan(svc)
    visits = client.get(f"/api/plans/{pid}/year/visits", headers=h["planner"], params={"limit": 1000}).json()["visits"]
    mine, other = [x for x in visits if x["mode"] == "onsite" and x["date"] > "2027-05-01" and x["status"] == "planned"][:2]
    client.cookies.clear()
    page = client.get(f"/v/{mine['code']}").text  # nobody logged in: the enterprise with its code
    assert f'<a id="notice-link" href="/v/{mine["code"]}/notice.pdf">' in page, page
    pdf = client.get(f"/v/{mine['code']}/notice.pdf", params={"visit_id": other["visit_id"], "code": other["code"]})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf", pdf.text[:300]
    assert f"/v/{mine['code']}".encode() in pdf.content and other["code"].encode() not in pdf.content
    assert f'notice-{mine["visit_id"]}.pdf' in pdf.headers["content-disposition"]
    # another visit's notice is not reachable with this code: the staff's route needs a login, and a code is its own visit
    assert client.get(f"/api/plans/{pid}/year/visits/{other['visit_id']}/notice.pdf").status_code == 401
    assert client.get(f"/v/{mine['code']}x/notice.pdf").status_code == 404
    remote = next((x for x in visits if x["mode"] == "remote" and x["status"] == "planned"), None)
    if remote is not None:  # no notice for a remote check: no link, and the address says why
        assert 'id="notice-link"' not in client.get(f"/v/{remote['code']}").text
        r = client.get(f"/v/{remote['code']}/notice.pdf")
        assert r.status_code == 422 and "无需通知书" in r.text
