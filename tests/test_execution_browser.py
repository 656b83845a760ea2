"""In a real browser (Debian's chromium via Playwright): an officer opens the code printed on this week's
notices and records the visit from the phone form (R-CODE, R-NOTICE, R-RECORD)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from api_helpers import CHROMIUM, browser_page, log_in, make_client, serving, token, wait_done, zip_folder
from conftest import ROOT

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


def test_record_a_visit_from_a_printed_notice(tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from playwright.sync_api import expect

    monkeypatch.setenv("INSPECTION_TODAY", "2027-03-10")
    client = make_client(f"sqlite:///{tmp_path / 'b.db'}", tmp_path / "data")
    h = {u: token(client, u) for u in ("planner", "leader")}
    bundle_id = client.post("/api/bundles", headers=h["planner"],
                            files={"file": ("tiny.zip", zip_folder(tiny_dir / "bundle"), "application/zip")}).json()["id"]
    plan_id = client.post("/api/plans", headers=h["planner"], json={"bundle_id": bundle_id}).json()["id"]
    assert wait_done(client, plan_id, h["planner"])["status"] == "done"
    client.post(f"/api/plans/{plan_id}/submit", headers=h["planner"])
    client.post(f"/api/plans/{plan_id}/approve", headers=h["leader"], json={"comment": "同意"})

    with serving(client.app) as server:
        import datetime as dt

        import httpx

        visits = httpx.get(f"{server}/api/plans/{plan_id}/year/visits", headers=h["planner"], params={"limit": 1000}).json()["visits"]
        day = dt.date.fromisoformat(next(v["date"] for v in visits if v["mode"] == "onsite" and v["date"] >= "2027-03-10"))
        monkeypatch.setenv("INSPECTION_TODAY", day.isoformat())  # the officer records on the visit's day
        monday = day - dt.timedelta(days=day.weekday())
        pdf = httpx.post(f"{server}/api/plans/{plan_id}/year/notices.pdf", headers=h["planner"], params={"week": monday.isoformat()}, timeout=60)
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        codes = re.findall(rb"/URI \((http[^)]+/v/[A-Za-z0-9_-]+)\)", pdf.content)
        assert codes, "the printed notices carry their codes"
        by_code = {v["code"]: v for v in visits}
        url = next(c.decode() for c in codes if by_code[c.decode().rsplit("/", 1)[1]]["date"] == day.isoformat())
        artifacts = ROOT / "test-artifacts"
        artifacts.mkdir(exist_ok=True)
        with browser_page(viewport={"width": 390, "height": 844}) as page:  # a phone
            log_in(page, server, "planner")
            page.goto(url)
            expect(page.locator("#code-view")).to_contain_text("执法证号")
            page.click("#record-link")
            expect(page.locator("#visit-status")).to_have_attribute("data-status", "notified")
            selects = page.locator(".outcome-select")
            page.click("#record-submit")  # no item chosen yet: the browser keeps the form (R-RECORD: an outcome per item)
            expect(page.locator("#visit-status")).to_have_attribute("data-status", "notified")
            for k in range(selects.count()):
                selects.nth(k).select_option("minor" if k == 0 else "compliant")
            page.click("#record-submit")
            expect(page.locator("#visit-status")).to_have_attribute("data-status", "done")
            expect(page.locator("#record")).to_contain_text("轻微问题")
            page.screenshot(path=str(artifacts / "e2e-record.png"), full_page=True)
