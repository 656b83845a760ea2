"""A live app on a fresh database (SQLite, or PostgreSQL when DATABASE_URL names a server)."""

from __future__ import annotations

import io
import os
import shutil
import socket
import threading
import time
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings

USERS = (("planner", "planner", "planner-pass"), ("planner2", "planner", "planner2-pass"), ("leader", "leader", "leader-pass"),
         ("leader2", "leader", "leader2-pass"), ("viewer", "viewer", "viewer-pass"), ("admin", "admin", "admin-pass"),
         ("auditor", "auditor", "auditor-pass"))


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgresql") else None


def fresh_database(kind: str, tmp: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp / 'test.db'}"
    import sqlalchemy as sa

    admin = postgres_url()
    assert admin
    name = f"t_{uuid.uuid4().hex[:12]}"
    eng = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
    with eng.connect() as c:
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    eng.dispose()
    return admin.rsplit("/", 1)[0] + "/" + name


def make_client(url: str, data: Path, **settings: Any) -> TestClient:
    """A client of a fresh app with the demo users; `settings` override the tests' defaults (plan_use_solver=False: a
    workflow test that needs a plan, not a solve)."""
    from sqlmodel import Session

    from api.security import create_user

    # the whole year, whatever day a test pins (most pin one inside the year to act on its visits); the plan made
    # from the pinned day is tested on its own (test_round42)
    app = create_app(Settings(**{"database_url": url, "data_dir": data, "plan_processes": 1, "plan_time_limit": 2.0,
                                 "plan_from_today": False, **settings}))
    with Session(app.state.engine) as s:
        for name, role, pw in USERS:
            create_user(s, name, role, pw, demo=True)
    return TestClient(app)


def token(client: TestClient, user: str) -> dict[str, str]:
    pw = dict((n, p) for n, _, p in USERS)[user]
    r = client.post("/api/auth/token", data={"username": user, "password": pw})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


@contextmanager
def page_session(client: TestClient, headers: dict[str, str]) -> Iterator[TestClient]:
    """The pages as the user whose API `headers` are given: their session cookie, and the CSRF token their forms carry
    (api/guard.py); both gone afterwards."""
    from api.deps import COOKIE
    from api.security import csrf_for

    tok = headers["Authorization"].split()[1]
    client.cookies.set(COOKIE, tok)
    client.headers["X-CSRF-Token"] = csrf_for(tok)
    try:
        yield client
    finally:
        client.cookies.clear()
        client.headers.pop("X-CSRF-Token", None)


def zip_folder(folder: Path) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for p in sorted(folder.iterdir()):
            zf.write(p, p.name)
    return buf.getvalue()


def wait_done(client: TestClient, plan_id: int, headers: dict[str, str], timeout: float = 240) -> dict:  # type: ignore[type-arg]
    end = time.time() + timeout
    while time.time() < end:
        r = client.get(f"/api/plans/{plan_id}", headers=headers).json()
        if r["status"] in ("done", "failed", "cancelled"):
            return r
        time.sleep(0.3)
    raise AssertionError("plan job did not finish")

# Debian's chromium for the browser tests (Playwright drives it; no browser download), with the flags this closed
# network needs (no background networking, no component updates)
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """The app served by uvicorn in a thread on a free loopback port, for a browser; yields the base URL."""
    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    t = threading.Thread(target=srv.run, daemon=True)
    t.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        t.join(10)


@contextmanager
def browser_page(**page_args: Any) -> Iterator[Any]:
    """A page of Debian's chromium (headless, Playwright), confirmations accepted; closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        page = browser.new_page(**page_args)
        page.set_default_timeout(30_000)
        page.on("dialog", lambda d: d.accept())  # irreversible actions ask for confirmation
        try:
            yield page
        finally:
            browser.close()


def log_in(page: Any, server: str, user: str, password: str | None = None) -> None:
    """Log in through the login form (after logging out whoever was in) and wait for the name in the header."""
    from playwright.sync_api import expect

    page.goto(server + "/logout")
    page.goto(server + "/login")
    page.fill("#username", user)
    page.fill("#password", password or f"{user}-pass")
    page.click("#login")
    expect(page.locator("#who")).to_contain_text(user)


def approved_plan(tiny_dir: Path, tmp_path: Path, db: str, publish: bool = False) -> tuple[TestClient, dict[str, dict[str, str]], int]:
    """A service of its own (planner and leader tokens) with the tiny bureau's plan generated, submitted and approved
    (and published, with `publish`): the start of every test of the year in motion through the service."""
    client = make_client(f"sqlite:///{tmp_path / db}", tmp_path / "data")
    h = {u: token(client, u) for u in ("planner", "leader")}
    r = client.post("/api/bundles", headers=h["planner"], files={"file": ("tiny.zip", zip_folder(tiny_dir / "bundle"), "application/zip")})
    pid = client.post("/api/plans", headers=h["planner"], json={"bundle_id": r.json()["id"]}).json()["id"]
    assert wait_done(client, pid, h["planner"])["status"] == "done"
    assert client.post(f"/api/plans/{pid}/submit", headers=h["planner"]).status_code == 200
    assert client.post(f"/api/plans/{pid}/approve", headers=h["leader"], json={"comment": "ok"}).status_code == 200
    if publish:
        assert client.post(f"/api/plans/{pid}/publish", headers=h["leader"]).status_code == 200
    return client, h, int(pid)


def published_revision(client: TestClient, h: dict[str, dict[str, str]], v1: int) -> int:
    """v1's next version (its own bundle), generated, submitted, approved and published by the leader: v1 stays approved
    beside it (publishing supersedes a published predecessor only)."""
    bundle_id = client.get(f"/api/plans/{v1}", headers=h["planner"]).json()["bundle_id"]
    r = client.post(f"/api/plans?supersedes={v1}", headers=h["planner"], json={"bundle_id": bundle_id})
    assert r.status_code in (200, 201, 202), r.text
    v2 = int(r.json()["id"])
    assert wait_done(client, v2, h["planner"])["status"] == "done"
    assert client.post(f"/api/plans/{v2}/submit", headers=h["planner"]).status_code == 200
    assert client.post(f"/api/plans/{v2}/approve", headers=h["leader"], json={"comment": "ok"}).status_code == 200
    assert client.post(f"/api/plans/{v2}/publish", headers=h["leader"]).status_code == 200
    return v2
