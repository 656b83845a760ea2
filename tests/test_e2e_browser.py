"""One end-to-end run in a real browser (Debian's chromium, driven by Playwright; no download):
the planner logs in, uploads, generates and submits; the leader approves; someone opens a "why"."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from api_helpers import make_client, zip_folder
from conftest import ROOT

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def server(tmp_path: Path):  # type: ignore[no-untyped-def]
    import uvicorn

    client = make_client(f"sqlite:///{tmp_path / 'e2e.db'}", tmp_path / "data")
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(client.app, host="127.0.0.1", port=port, log_level="warning"))
    t = threading.Thread(target=srv.run, daemon=True)
    t.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    t.join(10)


def test_planner_to_leader_in_a_browser(server: str, tiny_dir: Path, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    upload = tmp_path / "registers.zip"
    upload.write_bytes(zip_folder(tiny_dir / "bundle"))
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        page = browser.new_page()
        page.set_default_timeout(30_000)

        def login(user: str, password: str) -> None:
            page.goto(server + "/login")
            page.fill("#username", user)
            page.fill("#password", password)
            page.click("#login")
            expect(page.locator("#who")).to_contain_text(user)

        login("planner", "planner-pass")
        page.set_input_files("#file", str(upload))
        page.click("#upload")
        page.locator("button.generate").first.click()
        expect(page.locator("#status")).to_have_attribute("data-status", "done", timeout=240_000)
        expect(page.locator("svg rect").first).to_be_visible()
        plan_url = page.url
        page.click("#submit")
        expect(page.locator("#state")).to_have_attribute("data-state", "submitted")
        expect(page.locator("#state")).to_have_text("待审批")
        page.goto(server + "/logout")

        login("leader", "leader-pass")
        page.goto(plan_url)
        page.fill("#comment", "同意，按计划执行")
        page.click("#approve")
        expect(page.locator("#state")).to_have_attribute("data-state", "approved")
        enterprise = page.evaluate("fetch(location.pathname.replace('/plans/', '/api/plans/') + '/visits?limit=1')"
                                   ".then(r => r.json()).then(j => j.items[0].enterprise_id)")
        page.fill("#enterprise", enterprise)
        page.click("#why")
        expect(page.locator("#reason")).not_to_be_empty()
        expect(page.locator("body")).to_contain_text("R-TEAM")
        page.screenshot(path=str(artifacts / "e2e-why.png"), full_page=True)
        browser.close()
    assert (artifacts / "e2e-why.png").stat().st_size > 10_000
