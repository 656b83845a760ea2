"""review9: the board's 退回 button shared its form with 批准 (commit 5cb98c1): Enter in the reason box approved."""

from __future__ import annotations

from pathlib import Path

import pytest
from api_helpers import CHROMIUM, browser_page, log_in, make_client, serving, token, wait_done, zip_folder

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


def test_enter_in_the_reason_box_rejects_and_never_approves(tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A leader who types the reason to reject and presses Enter gets the rejection, after its confirmation — never an
    approval (review9: the reason box shared a form with 批准, whose button Enter pressed; an approval cannot be undone)."""
    monkeypatch.setenv("INSPECTION_TODAY", "2027-03-31")
    client = make_client(f"sqlite:///{tmp_path / 'b.db'}", tmp_path / "data")
    h = {u: token(client, u) for u in ("planner", "leader")}
    bundle_id = client.post("/api/bundles", headers=h["planner"],
                            files={"file": ("tiny.zip", zip_folder(tiny_dir / "bundle"), "application/zip")}).json()["id"]
    plan_id = client.post("/api/plans", headers=h["planner"], json={"bundle_id": bundle_id}).json()["id"]
    assert wait_done(client, plan_id, h["planner"])["status"] == "done"
    client.post(f"/api/plans/{plan_id}/submit", headers=h["planner"])
    client.post(f"/api/plans/{plan_id}/approve", headers=h["leader"], json={"comment": "同意"})
    visits = client.get(f"/api/plans/{plan_id}/year/visits", headers=h["planner"], params={"limit": 1000}).json()["visits"]
    v = next(x for x in visits if x["mode"] == "onsite" and x["date"] > "2027-06-01")
    r = client.post(f"/api/plans/{plan_id}/year/triggers", headers=h["planner"],
                    json={"trigger_id": "ENT1", "enterprise_id": v["enterprise_id"], "agency_id": v["agency_ids"].split(";")[0],
                          "received_on": "2027-03-31", "urgent": False, "choice": 0})
    assert r.status_code == 201, r.text
    ver = r.json()["version"]
    with serving(client.app) as server, browser_page() as page:
        log_in(page, server, "leader")
        page.goto(f"{server}/plans/{plan_id}/year")
        box = page.locator(".waiting-change form.reject-change input[name=comment]").first
        box.fill("不同意：该投诉已办结")
        page.once("dialog", lambda d: d.accept())  # data-confirm asks first
        box.press("Enter")
        page.wait_for_url(f"{server}/plans/{plan_id}/year")
    got = client.get(f"/api/plans/{plan_id}/year", headers=h["leader"]).json()["versions"][ver - 1]
    assert (got["state"], got["comment"]) == ("rejected", "不同意：该投诉已办结")
