"""prod20's walk as a new planner (the CLI's help, the demo, the pages as each role reads them, in both languages):
the small things a new user trips on, each a test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from inspection.cli import app

CJK = re.compile(r"[\u4e00-\u9fff]")


def _commands(a: typer.Typer, prefix: str = "") -> list[tuple[str, str]]:
    out = []
    for c in a.registered_commands:
        name = c.name or (c.callback.__name__ if c.callback else "")
        out.append((prefix + name, c.help or (c.callback.__doc__ if c.callback else "") or ""))
    for g in a.registered_groups:
        info = g.typer_instance.info if g.typer_instance is not None else None
        out.append((prefix + str(g.name), str(g.help or (info.help if info else "") or "")))
        if g.typer_instance is not None:
            out += _commands(g.typer_instance, f"{g.name} ")
    return out


def test_every_command_says_what_it_does_in_chinese_first_then_english() -> None:
    """`inspection --help` listed simulate-year and export-history in English only, beside twelve bilingual lines."""
    cmds = _commands(app)
    assert {"simulate-year", "export-history", "demo", "plan"} <= {n for n, _ in cmds}
    bad = [n for n, h in cmds if not (CJK.match(h.strip()) and re.search(r"[a-z]{3,}", h))]
    assert not bad, bad


def test_the_language_asked_for_survives_the_login_redirect(tmp_path: Path) -> None:
    """/?lang=en logged out landed on the Chinese login page: the redirect dropped the switch."""
    from tests.api_helpers import make_client

    client = make_client(f"sqlite:///{tmp_path / 'w.db'}", tmp_path / "data")
    r = client.get("/?lang=en", follow_redirects=False)
    assert r.status_code == 303 and "lang=en" in r.headers["location"], r.headers["location"]
    page = client.get(r.headers["location"])
    assert page.status_code == 200 and 'name="username"' in page.text and not CJK.search(page.text.split("<h1>", 1)[1].split("</h1>", 1)[0])
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"  # no switch asked: as before
    r = client.get("/plans/1?lang=en", follow_redirects=False)
    assert "lang=en" in r.headers["location"] and "next=%2Fplans%2F1%3Flang%3Den" in r.headers["location"]


def test_publishing_a_published_plan_says_it_is_published(tmp_path: Path, tiny_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second 公示 answered "only an approved plan is published" about a plan that was published."""
    from tests.api_helpers import make_client, token, wait_done, zip_folder

    monkeypatch.setenv("INSPECTION_TODAY", "2026-12-04")
    client = make_client(f"sqlite:///{tmp_path / 'p.db'}", tmp_path / "data")
    h = {u: token(client, u) for u in ("planner", "leader")}
    r = client.post("/api/bundles", headers=h["planner"], files={"file": ("tiny.zip", zip_folder(tiny_dir / "bundle"), "application/zip")})
    pid = client.post("/api/plans", headers=h["planner"], json={"bundle_id": r.json()["id"]}).json()["id"]
    assert wait_done(client, pid, h["planner"])["status"] == "done"
    r = client.post(f"/api/plans/{pid}/publish", headers=h["leader"])
    assert r.status_code == 409 and "不能公示" in r.json()["detail"] and "plan cannot be published" in r.json()["detail"], r.text
    assert client.post(f"/api/plans/{pid}/submit", headers=h["planner"]).status_code == 200
    assert client.post(f"/api/plans/{pid}/approve", headers=h["leader"], json={"comment": "ok"}).status_code == 200
    assert client.post(f"/api/plans/{pid}/publish", headers=h["leader"]).status_code == 200
    r = client.post(f"/api/plans/{pid}/publish", headers=h["leader"])
    assert r.status_code == 409 and "“已公示”" in r.json()["detail"] and "a published plan cannot be published" in r.json()["detail"], (
        r.text
    )
