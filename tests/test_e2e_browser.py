"""One end-to-end run in a real browser (Debian's chromium, driven by Playwright; no download):
the planner logs in, uploads, generates and submits; the leader approves; someone opens a "why"."""

from __future__ import annotations

from pathlib import Path

import pytest
from api_helpers import CHROMIUM, browser_page, log_in, make_client, serving, zip_folder
from conftest import ROOT

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


@pytest.fixture()
def server(tmp_path: Path):  # type: ignore[no-untyped-def]

    client = make_client(f"sqlite:///{tmp_path / 'e2e.db'}", tmp_path / "data")
    with serving(client.app) as url:
        yield url


def test_planner_to_leader_in_a_browser(server: str, tiny_dir: Path, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    upload = tmp_path / "registers.zip"
    upload.write_bytes(zip_folder(tiny_dir / "bundle"))
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    with browser_page() as page:
        log_in(page, server, "planner")
        page.set_input_files("#file", str(upload))
        page.click("#upload")
        page.locator("button.generate").first.click()
        expect(page.locator("#status")).to_have_attribute("data-status", "done", timeout=240_000)
        expect(page.locator("#month-chart img").first).to_be_visible()
        plan_url = page.url
        page.click("#submit")
        expect(page.locator("#state")).to_have_attribute("data-state", "submitted")
        expect(page.locator("#state")).to_have_text("待审批")
        page.goto(server + "/logout")

        log_in(page, server, "leader")
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
        page.set_viewport_size({"width": 390, "height": 844})  # the phone: name first, items named, no sideways scroll
        expect(page.locator("#why-title")).not_to_be_empty()
        assert page.evaluate("document.documentElement.scrollWidth") <= 400
        page.screenshot(path=str(artifacts / "e2e-why-phone.png"), full_page=True)
    assert (artifacts / "e2e-why.png").stat().st_size > 10_000


@pytest.fixture()
def greedy_server(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The service planning with the greedy planner: the loop below makes four versions."""
    from api_helpers import USERS
    from sqlmodel import Session

    from api.app import create_app
    from api.security import create_user
    from api.settings import Settings

    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'loop.db'}", data_dir=tmp_path / "data", plan_processes=1,
                              plan_use_solver=False))
    with Session(app.state.engine) as s:
        for name, role, pw in USERS:
            create_user(s, name, role, pw, demo=True)
    with serving(app) as url:
        yield url


def test_review_loop_in_a_browser(greedy_server: str, tiny_dir: Path, tmp_path: Path) -> None:
    """v1 published; its 修订 v2 rejected with a comment the planner reads; 修订 v3 with a changed
    ratio; the leader reads the diff, approves, publishes; v1 is superseded; the public page
    shows no enterprise, date or seed (R-PUBLISH)."""
    import re

    from playwright.sync_api import expect

    server = greedy_server
    upload = tmp_path / "registers.zip"
    upload.write_bytes(zip_folder(tiny_dir / "bundle"))
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    with browser_page() as page:
        def wait_generated() -> str:
            expect(page.locator("#status")).to_have_attribute("data-status", "done", timeout=120_000)
            return page.url

        log_in(page, server, "planner")
        page.set_input_files("#file", str(upload))
        page.click("#upload")
        page.locator("button.generate").first.click()
        v1 = wait_generated()
        page.fill("#note", "2027年度计划初稿")
        page.click("#submit")
        log_in(page, server, "leader")
        page.goto(v1)
        expect(page.locator("#submitter")).to_have_text("planner")
        page.fill("#comment", "同意")  # R-APPROVE: an approval with its comment (the field is required)
        page.click("#approve")
        page.click("#publish")
        expect(page.locator("#state")).to_have_attribute("data-state", "published")

        log_in(page, server, "planner")  # a 修订 of the published plan: v2 (a leader asked for fewer visits in July)
        page.goto(v1)
        page.locator("input[name=avoid_months][value='7']").check()
        page.click("#revise")
        v2 = wait_generated()
        page.click("#submit")
        log_in(page, server, "leader")
        page.goto(server + "/")
        expect(page.locator("#to-decide")).to_contain_text("v2")
        page.goto(v2)
        page.click("#reject")  # an empty rejection: the browser holds it (the comment is required, to approve or reject)
        expect(page.locator("#comment:invalid")).to_have_count(1)
        page.evaluate("document.querySelector('#comment').removeAttribute('required')")
        page.click("#reject")  # and the service refuses it, in Chinese and English
        expect(page.locator("#error")).to_contain_text("退回必须写明理由")
        expect(page.locator("#state")).to_have_attribute("data-state", "submitted")
        page.fill("#comment", "C级抽查比例提高到50%")
        page.click("#reject")
        expect(page.locator("#state")).to_have_attribute("data-state", "rejected")

        log_in(page, server, "planner")  # the planner reads the reason and revises: v3
        page.goto(v2)
        expect(page.locator("#timeline .comment").last).to_have_text("C级抽查比例提高到50%")
        page.screenshot(path=str(artifacts / "loop-1-rejected.png"), full_page=True)
        page.fill("#ratio_C", "50")
        page.click("#revise")
        v3 = wait_generated()
        expect(page.locator("#changes")).to_have_text("C级抽查比例 50%")  # only what changed
        page.click("#submit")

        log_in(page, server, "leader2")  # another leader decides with the diff in front of them
        page.goto(v3)
        page.click("#diff")
        expect(page.locator("#diff-title")).to_contain_text("v2")
        expect(page.locator("tr.ratio-change")).to_contain_text("50")
        expect(page.locator(".chart img")).to_be_visible()
        assert page.evaluate("document.querySelector('.chart img').naturalWidth") > 300
        page.screenshot(path=str(artifacts / "loop-2-diff.png"), full_page=True)
        page.goto(v3)
        page.fill("#comment", "同意")
        page.click("#approve")
        page.click("#publish")
        expect(page.locator("#state")).to_have_attribute("data-state", "published")
        page.goto(v1)
        expect(page.locator("#state")).to_have_attribute("data-state", "superseded")

        # the public index holds v3 alone, and its page names no enterprise, date, officer or seed
        data = page.evaluate("fetch(location.pathname.replace('/plans/', '/api/plans/')).then(r => r.json())")
        v3_id = int(v3.rstrip("/").rsplit("/", 1)[1])
        visits = page.evaluate(f"fetch('/api/plans/{v3_id}/visits?limit=1000').then(r => r.json()).then(j => j.items)")
        page.goto(server + "/logout")
        page.goto(server + "/public/plans")
        links = page.locator("#public-plans a")
        expect(links).to_have_count(1)
        links.first.click()
        expect(page.locator("#seed-commitment")).to_have_text(re.compile("^[0-9a-f]{64}$"))
        text = page.content()
        page.screenshot(path=str(artifacts / "loop-3-public.png"), full_page=True)
    assert visits and data["summary"]["seed"]
    forbidden = {v["enterprise_id"] for v in visits} | {v["date"] for v in visits} | {v["enterprise_name"] for v in visits}
    forbidden |= {o for v in visits for o in v["officer_ids"]} | {data["summary"]["seed"]}
    assert not [f for f in forbidden if f and f in text]
    assert all((artifacts / f).stat().st_size > 10_000 for f in ("loop-1-rejected.png", "loop-2-diff.png", "loop-3-public.png"))


def test_a_user_changes_their_own_password_in_a_browser(server: str) -> None:
    """我的账号 in Chromium: the name in the header leads to the account page; a refused change says why and keeps the
    session; the change keeps this browser logged in (the cookie renewed) and the new password logs in next time."""
    from playwright.sync_api import expect

    new = "Blue-lantern-river-47"
    with browser_page() as page:
        log_in(page, server, "leader")
        page.click("#who")
        expect(page.locator("#me")).to_contain_text("leader")
        page.fill("#current_password", "leader-pass")
        page.fill("#new_password", new)
        page.fill("#new_password2", new + "x")
        page.click("#change")
        expect(page.locator("p.error")).to_contain_text("两次输入的新密码不一致")
        page.fill("#current_password", "leader-pass")
        page.fill("#new_password", new)
        page.fill("#new_password2", new)
        page.click("#change")
        expect(page.locator("#changed")).to_contain_text("密码已更改")
        page.goto(server + "/")
        expect(page.locator("#who")).to_contain_text("leader")  # still logged in
        log_in(page, server, "leader", new)
