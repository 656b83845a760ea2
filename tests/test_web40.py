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


def test_w11_an_approval_needs_a_comment(svc: dict[str, Any]) -> None:
    """R-APPROVE "approved or rejected (with comments)": an approval without one is refused, in both languages."""
    client, h, pid = svc["client"], svc["h"], submitted(svc)
    for body in ({}, {"comment": ""}, {"comment": " \u3000 "}):
        r = client.post(f"/api/plans/{pid}/approve", headers=h["leader"], json=body)
        assert r.status_code == 422 and "审批意见" in r.json()["message_zh"] and "comment" in r.json()["message_en"], r.text
    tok = as_cookie(client, h["leader"])
    page = client.get(f"/plans/{pid}").text
    page_post = client.post(f"/plans/{pid}/approve", data={"comment": "", "csrf_token": csrf_for(tok)}, follow_redirects=False)
    client.cookies.clear()
    assert "批准和退回都须写明意见" in page and re.search(r'<textarea name="comment" id="comment"[^>]* required', page), page
    assert page_post.status_code == 422 and "批准须填写审批意见" in page_post.text
    assert client.get(f"/api/plans/{pid}", headers=h["viewer"]).json()["state"] == "submitted"
    # rejected, with its reason: the plan is then revisable, and its page the revise form of W9
    assert client.post(f"/api/plans/{pid}/reject", headers=h["leader"], json={"comment": "改一下比例"}).status_code == 200


def test_w9_inputs_have_names(svc: dict[str, Any]) -> None:
    client, h, pid = svc["client"], svc["h"], submitted(svc)
    if client.get(f"/api/plans/{pid}", headers=h["viewer"]).json()["state"] == "submitted":  # rejected: the revise form shows
        assert client.post(f"/api/plans/{pid}/reject", headers=h["leader"], json={"comment": "改一下比例"}).status_code == 200
    as_cookie(client, h["planner"])
    home, plan = client.get("/").text, client.get(f"/plans/{pid}").text
    client.cookies.clear()
    assert re.search(r'<label for="file">[^<]+</label> <input type="file" name="file" id="file"', home), home
    form = plan.split('id="revise-form"', 1)[1].split("</table>", 1)[0]
    for t in "ABCD":
        assert re.search(rf'<input name="ratio_{t}" id="ratio_{t}" size="5" aria-label="{t}级抽查比例 %"', form), form
        assert re.search(rf'<input name="visits_{t}" id="visits_{t}" size="3" aria-label="{t}级 检查次数"', form), form
    assert form.count('<th scope="row">') == 2 and "<td>" + "抽查比例" not in form


def test_w3_the_two_digests_are_labelled(svc: dict[str, Any]) -> None:
    import hashlib

    client, h = svc["client"], svc["h"]
    up = svc["upload"]
    assert up["sha256"] == hashlib.sha256(svc["bundle"]).hexdigest()  # what sha256sum of the uploaded file gives
    assert up["input_sha256"] and up["input_sha256"] != up["sha256"]
    plan = client.get(f"/api/plans/{svc['p1']}", headers=h["viewer"]).json()
    assert plan["summary"]["input_sha256"] == up["input_sha256"]  # the content's digest, as plan.json records it
    as_cookie(client, h["planner"])
    home = client.get("/").text
    client.cookies.clear()
    # the labels in words (the pages show no code such as input_sha256: tests/test_pages_i18n.py); the API's field names
    # are in the schema and the README
    assert "<th>压缩包 sha256</th><th>内容 sha256</th>" in home
    assert f'class="mono file-sha" title="{up["sha256"]}"' in home and f'class="mono input-sha" title="{up["input_sha256"]}"' in home
    schema = client.get("/openapi.json").json()["components"]["schemas"]["BundleOut"]["properties"]
    assert "压缩包" in schema["sha256"]["description"] and "input_sha256" in schema["input_sha256"]["description"]


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


def test_w1_every_post_form_carries_its_token_and_works_without_scripts(svc: dict[str, Any], tiny_dir: Path) -> None:
    """Each page with a POST form, fetched after logging in: every such form holds the hidden csrf_token rendered on
    the server, and its fields posted as they stand, with no X-CSRF-Token header (no script ran), do what they say."""
    client, h = svc["client"], svc["h"]
    tok = as_cookie(client, h["planner"])
    forms = post_forms(client.get("/").text)
    _expect_fields(forms, tok, "/")
    upload = next(f for f in forms if f["action"] == "/upload")
    n_bundles = sum(f["action"].endswith("/generate") for f in forms)
    r = client.post("/upload", data={"csrf_token": upload["hidden"]["csrf_token"]}, follow_redirects=False,
                    files={"file": ("tiny.zip", svc["bundle"], "application/zip")})
    # the fixture's own file: validated, and answered with the bundle stored before (round 41, W8), nothing stored twice
    assert r.status_code == 200 and "CSRF" not in r.text and 'id="same-upload"' in r.text, r.text[:500]
    forms = post_forms(client.get("/").text)
    assert sum(f["action"].endswith("/generate") for f in forms) == n_bundles
    gen = next(f for f in forms if f["action"].endswith("/generate"))
    r = _post(client, gen)
    assert r.status_code == 303 and r.headers["location"].startswith("/plans/"), r.text[:300]
    pid = int(r.headers["location"].rsplit("/", 1)[1])
    assert wait_done(client, pid, h["planner"])["status"] == "done"
    forms = post_forms(client.get(f"/plans/{pid}").text)
    _expect_fields(forms, tok, "plan, draft")
    assert {f["action"] for f in forms} >= {f"/plans/{pid}/submit", f"/plans/{pid}/discard"}
    assert _post(client, next(f for f in forms if f["action"].endswith("/submit"))).status_code == 303
    tok = as_cookie(client, h["leader"])
    forms = post_forms(client.get(f"/plans/{pid}").text)
    _expect_fields(forms, tok, "plan, submitted")
    assert _post(client, next(f for f in forms if f["action"].endswith("/approve")), {"comment": "同意"}).status_code == 303
    forms = post_forms(client.get(f"/plans/{pid}").text)
    _expect_fields(forms, tok, "plan, approved")
    assert _post(client, next(f for f in forms if f["action"].endswith("/publish"))).status_code == 303
    assert client.get(f"/api/plans/{pid}", headers=h["viewer"]).json()["state"] == "published"
    svc["p2"] = pid  # the year's plan of the tests after this one
    # the year: the board, a visit's page, its move slots, the trigger slots, as the planner
    tok = as_cookie(client, h["planner"])
    forms = post_forms(client.get(f"/plans/{pid}/year").text)
    _expect_fields(forms, tok, "year board, planner")
    visits = client.get(f"/api/plans/{pid}/year/visits", headers=h["planner"], params={"limit": 1000}).json()["visits"]
    v = next(x for x in visits if x["mode"] == "onsite" and x["date"] > "2027-05-01" and x["status"] == "planned")
    w = next(x for x in visits if x["mode"] == "onsite" and x["date"] > "2027-05-01" and x["status"] == "planned"
             and x["enterprise_id"] != v["enterprise_id"])
    forms = post_forms(client.get(f"/plans/{pid}/year/visits/{v['visit_id']}?move=1").text)
    _expect_fields(forms, tok, "visit page")
    slots = client.get(f"/plans/{pid}/year/slots", params={"enterprise_id": v["enterprise_id"], "agency_id": v["agency_ids"].split(";")[0],
                                                             "received_on": TODAY}).text
    _expect_fields(post_forms(slots), tok, "trigger slots")
    cancel = next(f for f in post_forms(client.get(f"/plans/{pid}/year/visits/{w['visit_id']}").text) if f["action"].endswith("/cancel"))
    assert _post(client, cancel, {"reason": "企业已注销"}).status_code == 303
    tok = as_cookie(client, h["leader"])
    forms = post_forms(client.get(f"/plans/{pid}/year").text)
    _expect_fields(forms, tok, "year board, leader")
    approve = next(f for f in forms if f["action"].endswith("/approve"))
    assert "comment" in approve["required"]
    assert _post(client, approve, {"comment": "同意取消"}).status_code == 303
    year = client.get(f"/api/plans/{pid}/year", headers=h["viewer"]).json()
    assert [x["state"] for x in year["versions"] if x["kind"] == "cancel"] == ["approved"]
    # 我的账号 and the login page (a session open: its form carries the token too)
    tok = as_cookie(client, h["viewer"])
    forms = post_forms(client.get("/account").text)
    _expect_fields(forms, tok, "account")
    forms = post_forms(client.get("/login").text)
    _expect_fields(forms, tok, "login")
    r = _post(client, forms[0], {"username": "viewer", "password": "viewer-pass"})
    assert r.status_code == 303, r.text[:300]
    client.cookies.clear()


def test_w1_the_csrf_refusals_say_what_helps(svc: dict[str, Any]) -> None:
    client, h = svc["client"], svc["h"]
    as_cookie(client, h["planner"])
    html = {"Accept": "text/html"}  # a browser's form: the refusal as a page
    none = client.post(f"/plans/{svc['p1']}/submit", data={}, headers=html)
    stale = client.post(f"/plans/{svc['p1']}/submit", data={"csrf_token": "0" * 64}, headers=html)
    client.cookies.clear()
    assert none.status_code == 403 and "reload" not in none.text and "X-CSRF-Token" in none.text and "csrf_token" in none.text
    assert stale.status_code == 403 and "open the page again" in stale.text and "请重新打开页面" in stale.text


def test_w4_a_move_reads_in_chinese_and_by_the_apis_number(svc: dict[str, Any]) -> None:
    client, h, pid = svc["client"], svc["h"], running_plan(svc)
    visits = client.get(f"/api/plans/{pid}/year/visits", headers=h["planner"], params={"limit": 1000}).json()["visits"]
    for v in (x for x in visits if x["mode"] == "onsite" and x["date"] > "2027-06-01" and x["status"] == "planned"):
        slots = client.get(f"/api/plans/{pid}/year/visits/{v['visit_id']}/slots", headers=h["planner"])
        if slots.status_code == 200 and slots.json()["slots"]:
            break
    else:
        pytest.fail("no visit to move")
    r = client.post(f"/api/plans/{pid}/year/visits/{v['visit_id']}/move", headers=h["planner"],
                    json={"day": slots.json()["slots"][0]["day"], "reason": "企业停产检修"})
    assert r.status_code == 200, r.text
    n = r.json()["version"]
    assert r.json()["in_year_change"] == n - 1
    listed = {x["number"]: x for x in client.get(f"/api/plans/{pid}/year", headers=h["viewer"]).json()["versions"]}
    assert listed[n]["kind"] == "move" and listed[n]["in_year_change"] == n - 1
    as_cookie(client, h["leader"])
    home = client.get("/?lang=zh").text
    home_en = client.get("/?lang=en").text
    client.cookies.clear()
    row = next(x for x in home.split('<tr>') if v["visit_id"] in x and "改期" in x)
    assert f"年内调整第{n - 1}次（版本号 {n}）" in row and "<b>改期</b>" in row and "<b>move</b>" not in row, row
    assert f"in-year change {n - 1} (version {n})" in home_en and "<b>visit moved</b>" in home_en
    assert client.post(f"/api/plans/{pid}/year/versions/{n}/approve", headers=h["leader"], json={"comment": "同意"}).status_code == 200
    again = client.post(f"/api/plans/{pid}/year/versions/{n}/approve", headers=h["leader"], json={"comment": "同意"})
    assert again.status_code == 409 and f"年内调整第{n - 1}次" in again.json()["message_zh"]  # the page's number, in the refusal


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
