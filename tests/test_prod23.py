"""prod23: the published line does not move backward, the enterprise reads its result on its code page, no notice for
a visit whose day has passed, names where codes were, and the CLI's day is the service's day. Each a test that failed
before its mend."""

from __future__ import annotations

import re

from tests.api_helpers import wait_done


def test_an_older_approved_version_is_not_published_over_a_newer_one(tmp_path, tiny_dir, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Before the year, v1 approved, its revision v2 approved and published: publishing v1 put it back in place and
    left v2 reading "已被新版本取代" (replaced by a newer version), which it was not. Refused (409), nothing stored, and
    the plan page says so in place of the publish button."""
    from api.deps import COOKIE
    from tests.api_helpers import approved_plan

    monkeypatch.setenv("INSPECTION_TODAY", "2026-12-04")
    client, h, v1 = approved_plan(tiny_dir, tmp_path, "p.db")
    bundle_id = client.get(f"/api/plans/{v1}", headers=h["planner"]).json()["bundle_id"]
    r = client.post(f"/api/plans?supersedes={v1}", headers=h["planner"], json={"bundle_id": bundle_id})
    assert r.status_code in (200, 201, 202), r.text
    v2 = r.json()["id"]
    assert wait_done(client, v2, h["planner"])["status"] == "done"
    assert client.post(f"/api/plans/{v2}/submit", headers=h["planner"]).status_code == 200
    assert client.post(f"/api/plans/{v2}/approve", headers=h["leader"], json={"comment": "ok"}).status_code == 200
    assert client.post(f"/api/plans/{v2}/publish", headers=h["leader"]).status_code == 200
    trail = client.get(f"/api/plans/{v1}", headers=h["leader"]).json()

    r = client.post(f"/api/plans/{v1}/publish", headers=h["leader"])
    assert r.status_code == 409, r.text
    detail = r.json()["detail"]
    zh, en = detail.split(" / ", 1)
    assert f"#{v2}" in zh and "第2版" in zh and "早于" in zh, zh
    assert f"#{v2}" in en and "v2" in en and "older" in en, en
    # nothing stored: v2 stays the year's published version, v1 stays approved
    assert client.get(f"/api/plans/{v2}", headers=h["leader"]).json()["state"] == "published"
    assert client.get(f"/api/plans/{v1}", headers=h["leader"]).json() == trail
    # the plan page shows the refusal, not the button
    client.cookies.set(COOKIE, h["leader"]["Authorization"].split()[1])
    page = client.get(f"/plans/{v1}").text
    assert 'id="publish-refused"' in page and 'id="publish"' not in page, page[:4000]
    m = re.search(r'id="publish-refused">(.*?)</p>', page, re.S)
    assert m and "早于" in m.group(1)

