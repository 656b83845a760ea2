"""a11y30: the pages as officers on phones, keyboard users and screen readers use them (a helper's walk, round 30).
Each test fails on the code before the round: a refused record threw away what the officer typed (a redirect with
the message only), a form posted without a session went to the login page and then home, an officer who scanned a
code logged out had no way to log in, the notice broke a certificate number across two lines, and the public plan
was 559px wide on a 360px phone."""
from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.api_helpers import CHROMIUM, approved_plan, browser_page, page_session, serving, token
from tests.test_execution import planned, year  # noqa: F401 - fixtures of the tiny bureau's year, no service

TODAY = "2027-12-20"


@pytest.fixture(scope="module")
def service(tiny_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, dict[str, dict[str, str]], int]]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("INSPECTION_TODAY", TODAY)
        client, h, pid = approved_plan(tiny_dir, tmp_path_factory.mktemp("a11y30"), "a11y30.db", publish=True)
        h["viewer"] = token(client, "viewer")
        yield client, h, pid


def _unrecorded(client: Any, h: dict[str, dict[str, str]], pid: int, skip: int = 0) -> dict[str, Any]:
    vs = client.get(f"/api/plans/{pid}/year/visits", headers=h["planner"], params={"limit": 1000}).json()["visits"]
    return [v for v in vs if v["mode"] == "onsite" and v["date"] < "2027-12-01" and v["status"] in ("planned", "overdue")][skip]


def _record(client: Any, h: dict[str, dict[str, str]], pid: int, v: dict[str, Any], outcome: str, days: int) -> dict[str, Any]:
    """Record visit `v` as done by its planned officers, every item `outcome`, to be put right within `days`."""
    body = {"date": v["date"], "officer_ids": v["officer_ids"].split(";"), "outcomes": dict.fromkeys(v["item_ids"].split(";"), outcome),
            "rectify_by": (dt.date.fromisoformat(v["date"]) + dt.timedelta(days=days)).isoformat()}
    assert client.post(f"/api/plans/{pid}/year/visits/{v['visit_id']}/record", headers=h["planner"], json=body).status_code == 201
    return v


def _field(page: str, name: str) -> str:
    m = re.search(rf'<(?:input|textarea)[^>]*name="{re.escape(name)}"[^>]*?(?:value="([^"]*)"[^>]*)?>([^<]*)', page)
    assert m, name
    return html.unescape(m[1] if m[1] is not None else m[2])


def test_a_refused_record_comes_back_as_it_was_typed(service) -> None:  # type: ignore[no-untyped-def]
    """R-PAIR refuses a record with one officer: the page answers 422 with the form as filled in — the notes, every
    outcome, the deadline, the officers ticked — and the refusal inside the form as an alert; nothing is recorded."""
    client, h, pid = service
    v = _unrecorded(client, h, pid)
    items, officers = v["item_ids"].split(";"), v["officer_ids"].split(";")
    notes = "现场发现消防通道堆物，已拍照 3 张 <b>"
    form = {"date": v["date"], "officer_ids": officers[:1], "rectify_by": "2027-12-30", "notes": notes,
            **{f"outcome:{i}": "violation" for i in items}}
    with page_session(client, h["planner"]):
        r = client.post(f"/plans/{pid}/year/visits/{v['visit_id']}/record", data=form, follow_redirects=False)
    assert r.status_code == 422, r.status_code
    page = r.text
    assert re.search(r'<p class="error" id="record-error" role="alert"[^>]*>[^<]*R-PAIR|<p class="error" id="record-error" role="alert"[^>]*>[^<]*2', page)
    assert 'id="error"' not in page  # said once, where the form is, not also at the top
    assert _field(page, "notes") == notes and _field(page, "rectify_by") == "2027-12-30" and _field(page, "date") == v["date"]
    for i in items:
        assert re.search(rf'name="outcome:{re.escape(i)}"[^>]*>(?:(?!</select>).)*<option value="violation" selected>', page, re.S), i
    ticked = re.findall(r'name="officer_ids" value="([^"]+)" checked', page)
    assert ticked == officers[:1]
    assert 'data-posted' in page  # keep.js does not overwrite what the server gave back
    got = client.get(f"/api/plans/{pid}/year/visits/{v['visit_id']}", headers=h["planner"]).json()
    assert got["record"] is None


def test_a_refused_correction_comes_back_as_it_was_typed(service) -> None:  # type: ignore[no-untyped-def]
    client, h, pid = service
    v = _unrecorded(client, h, pid, skip=1)
    items = v["item_ids"].split(";")
    body = {"date": v["date"], "officer_ids": v["officer_ids"].split(";"), "outcomes": dict.fromkeys(items, "compliant")}
    assert client.post(f"/api/plans/{pid}/year/visits/{v['visit_id']}/record", headers=h["planner"], json=body).status_code == 201
    # a violation to rectify by a day before the visit: refused, the correction's fields kept
    form = {"rectify_by": "2027-01-04", "notes": "复核后更正", "reason": "录入有误", **{f"outcome:{i}": "violation" for i in items}}
    with page_session(client, h["planner"]):
        r = client.post(f"/plans/{pid}/year/visits/{v['visit_id']}/record/correct", data=form, follow_redirects=False)
    assert r.status_code == 422
    assert '<details id="correct" open>' in r.text and 'id="correct-error" role="alert"' in r.text
    assert _field(r.text, "reason") == "录入有误" and _field(r.text, "rectify_by") == "2027-01-04"
    assert re.search(r'class="correct-outcome">(?:(?!</select>).)*<option value="violation" selected>', r.text, re.S)
    assert 'value="复核后更正"' in r.text


def test_a_form_posted_without_a_session_returns_to_its_page_after_login(service) -> None:  # type: ignore[no-untyped-def]
    client, h, pid = service
    v = _unrecorded(client, h, pid)
    page = f"/plans/{pid}/year/visits/{v['visit_id']}"
    client.cookies.clear()
    r = client.post(page + "/record", data={"date": v["date"]}, headers={"Referer": f"http://testserver{page}?error=x&lang=en"},
                    follow_redirects=False)
    assert r.status_code == 303
    loc = urlsplit(r.headers["location"])
    assert loc.path == "/login" and parse_qs(loc.query)["next"] == [page + "?lang=en"]  # its own message dropped
    r = client.post(page + "/record", data={"date": v["date"]}, headers={"Referer": "https://evil.test" + page}, follow_redirects=False)
    assert parse_qs(urlsplit(r.headers["location"]).query)["next"] == ["/"]  # another site's page is not a way back
    login = client.get(r.headers["location"].replace("next=%2F", "next=" + page.replace("/", "%2F")))
    assert f'value="{page}"' in login.text


def test_the_code_page_offers_officers_a_way_in_and_says_a_passed_deadline(service) -> None:  # type: ignore[no-untyped-def]
    client, h, pid = service
    v = _record(client, h, pid, _unrecorded(client, h, pid, skip=2), "violation", 10)
    code = client.get(f"/api/plans/{pid}/year/visits/{v['visit_id']}", headers=h["planner"]).json()["code"]
    client.cookies.clear()
    page = client.get(f"/v/{code}").text
    assert f'href="/login?next=/v/{code}"' in page and 'id="record-link"' not in page
    assert "整改期限已过" in page and "the deadline has passed" in page  # its deadline is weeks before TODAY
    assert 'alt="本页检查码的二维码' in page
    assert '<a class="skip" href="#main">跳到正文</a>' in page and '<main id="main"' in page
    login = client.get(f"/login?next=/v/{code}").text
    assert f'value="/v/{code}"' in login
    with page_session(client, h["planner"]):
        page = client.get(f"/v/{code}").text
    assert 'id="record-link"' in page and "/login?next=" not in page


def test_the_log_hides_a_code_given_as_a_logins_next() -> None:
    from api.logs import hide_codes

    assert hide_codes('"GET /login?next=/v/AbC-12_x HTTP/1.1"') == '"GET /login?next=/v/*** HTTP/1.1"'
    assert hide_codes("GET /login?next=%2Fv%2FAbC-12_x&lang=en") == "GET /login?next=%2Fv%2F***&lang=en"
    assert hide_codes("GET /v/AbC-12_x/qr.svg") == "GET /v/***/qr.svg"


def test_the_notice_never_breaks_a_certificate_number_or_an_items_number(year, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Every line the notice sets, as fpdf wraps it (its own dry run with the same arguments): each officer's name and
    certificate number on one line, each item's number with its text, no line that is only the indent."""
    from fpdf import FPDF
    from fpdf.enums import MethodReturnValue

    from execution.notice import notice_pdf

    lines: list[str] = []
    real = FPDF.multi_cell

    inside = [False]

    def spy(self: FPDF, *a: Any, **k: Any) -> Any:
        if not inside[0]:  # fpdf's dry run calls multi_cell again
            inside[0] = True
            try:
                lines.extend(real(self, *a, **{**k, "dry_run": True, "output": MethodReturnValue.LINES}))
            finally:
                inside[0] = False
        return real(self, *a, **k)

    monkeypatch.setattr(FPDF, "multi_cell", spy)
    y = year
    vs = sorted((v for v in y.visits.values() if v.mode == "onsite" and v.status == "planned" and v.date > dt.date(2027, 3, 1)),
                key=lambda v: (-len(v.officer_ids), v.visit_id))[:3]
    notice_pdf(y, [v.visit_id for v in vs], "http://x", dt.date(2027, 3, 1))
    for v in vs:
        for o in v.officer_ids:
            r = y.reg.officers[o]  # a joint visit's notice names each officer's agency too (walk45 G14)
            person = f"{r.name}（{r.certificate_no}" + (f"，{y.reg.agencies[r.agency_id]}）" if len(v.agency_ids) > 1 else "）")
            assert any(person in ln for ln in lines), (person, [ln for ln in lines if y.reg.officers[o].name in ln])
    assert not [ln for ln in lines if re.fullmatch(r"[\s　]*(\d+[.．])?[\s　]*", ln)], lines
    assert any(re.match(r"　　　　1．\S", ln) for ln in lines)


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
def test_on_a_phone_pages_fit_actions_are_big_enough_and_a_lost_session_keeps_the_record(service) -> None:  # type: ignore[no-untyped-def]
    """Chromium at 360×800, touch: the public plan and the year board fit the width (tables scroll in their own box),
    the record form's actions are at least 44px high, and a record typed while the session ran out comes back after
    logging in again (keep.js), on the visit's page."""
    client, h, pid = service
    v = _unrecorded(client, h, pid, skip=3)
    visit = f"/plans/{pid}/year/visits/{v['visit_id']}"
    phone = {"viewport": {"width": 360, "height": 800}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
    with serving(client.app) as server, browser_page(**phone) as page:
        for path in (f"/public/plans/{pid}",):
            page.goto(server + path)
            assert page.evaluate("document.scrollingElement.scrollWidth") <= 360, path
        page.goto(server + "/login?next=" + visit)
        page.fill("#username", "planner")
        page.fill("#password", "planner-pass")
        page.click("#login")
        page.wait_for_url("**" + visit)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
        page.goto(server + f"/plans/{pid}/year")
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
        page.goto(server + visit)
        for sel in ("#record-submit", "select.outcome-select", "#date", "#rectify_by"):
            assert page.locator(sel).first.bounding_box()["height"] >= 44, sel
        page.fill("textarea[name=notes]", "消防通道堆物，已拍照")
        for i in range(page.locator("select.outcome-select").count()):
            page.locator("select.outcome-select").nth(i).select_option("violation")
        page.context.clear_cookies()  # the session ends while the officer types
        page.click("#record-submit")
        page.wait_for_url("**/login?**")
        page.fill("#username", "planner")
        page.fill("#password", "planner-pass")
        page.click("#login")
        page.wait_for_url("**" + visit)
        assert page.input_value("textarea[name=notes]") == "消防通道堆物，已拍照"
        assert page.locator("select.outcome-select").first.input_value() == "violation"
        assert "record-error" not in page.content()  # given back by the page itself, nothing refused


def _tables(page: str) -> list[str]:
    return re.findall(r"<table\b.*?</table>", page, flags=re.S)


def test_every_table_has_header_cells_a_screen_reader_can_name_columns_by(service) -> None:  # type: ignore[no-untyped-def]
    """a11y30 §16: four tables had no `th` at all (the public counts by agency, the board's late list, a record's
    outcomes, the plan's shortfalls), so a screen reader read bare numbers without saying what they were. Every table
    on the pages a planner, an officer and the public read now has header cells."""
    client, h, pid = service
    v = _record(client, h, pid, _unrecorded(client, h, pid, skip=3), "minor", 5)
    items = v["item_ids"].split(";")
    public = client.get(f"/public/plans/{pid}").text
    with page_session(client, h["planner"]):
        pages = {"public": public, "plan": client.get(f"/plans/{pid}").text, "year": client.get(f"/plans/{pid}/year").text,
                 "visit": client.get(f"/plans/{pid}/year/visits/{v['visit_id']}").text}
    assert 'id="by-agency"' in pages["public"] and 'id="outcomes"' in pages["visit"]
    bare = {name: t[:80] for name, page in pages.items() for t in _tables(page) if "<th" not in t}
    assert bare == {}
    outcomes = next(t for t in _tables(pages["visit"]) if 'id="outcomes"' in t)
    assert outcomes.count('<th scope="row">') == len(items)  # each item names its row
    # §17: a link read as "left arrow, number 1" says where it goes
    assert f'aria-label="返回计划 #{pid} / back to plan #{pid}">← #{pid}</a>' in pages["year"]
    load = next(t for t in _tables(pages["plan"]) if 'class="load"' in t)
    assert load.count("<tr>") > 1 and load.count('<tr><th scope="row">') == load.count("<tr>") - 1  # each team names its row
