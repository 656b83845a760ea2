"""The hostile-input corpus (issue 13), small versions, against a real server (uvicorn in a
subprocess on 127.0.0.1, its own SQLite database): zip bombs, a workbook declaring
A1:XFD1048576, too many rows, columns and sheets, a login storm, CSRF, ended sessions, tampered
files, killed jobs, a killed server. Throughout each one, another user's GET must answer within
2 s (the `watch` probe). Bounded loops only; loopback only."""

from __future__ import annotations

import io
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import openpyxl
import pytest
from api_helpers import zip_folder
from conftest import ROOT

USERS = (("planner", "planner", "planner-pass"), ("planner2", "planner", "planner2-pass"), ("leader", "leader", "leader-pass"),
         ("viewer", "viewer", "viewer-pass"), ("admin", "admin", "admin-pass"))
PW = {n: p for n, _, p in USERS}
CAPS = {  # small caps, so that small files break them
    "INSPECTION_MAX_UPLOAD_MB": "3", "INSPECTION_UPLOAD_MAX_DECOMPRESSED_MB": "4", "INSPECTION_UPLOAD_MAX_RATIO": "50",
    "INSPECTION_UPLOAD_MAX_ROWS": "5000", "INSPECTION_UPLOAD_MAX_COLUMNS": "60", "INSPECTION_UPLOAD_MAX_SHEETS": "16",
    "INSPECTION_UPLOAD_WORKER_MB": "1536", "INSPECTION_UPLOAD_WORKER_SECONDS": "60",
    "INSPECTION_PLAN_TIME_LIMIT": "1", "INSPECTION_PLAN_PROCESSES": "1", "INSPECTION_JOB_QUOTA": "2",
    "INSPECTION_LOGIN_MAX_PER_ACCOUNT": "5", "INSPECTION_LOGIN_MAX_PER_ADDRESS": "60",
}
LIMIT_S = 2.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """uvicorn on 127.0.0.1 in its own process group (so a test can kill it like a crash)."""

    def __init__(self, url: str, data: Path):
        self.url, self.data = url, data
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {**os.environ, **CAPS, "DATABASE_URL": self.url, "INSPECTION_DATA_DIR": str(self.data),
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        self.proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1",
                                      "--port", str(self.port), "--log-level", "warning"], env=env, start_new_session=True, cwd=ROOT)
        end = time.time() + 90
        while time.time() < end:
            try:
                if httpx.get(self.base + "/login", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.3)
        raise AssertionError("server did not start")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    from sqlmodel import Session

    from api.db import make_engine, migrate
    from api.security import create_user

    tmp = tmp_path_factory.mktemp("hostile")
    url = f"sqlite:///{tmp / 'hostile.db'}"
    migrate(url)
    with Session(make_engine(url)) as s:
        for name, role, pw in USERS:
            create_user(s, name, role, pw, demo=True)
    srv = Server(url, tmp / "data")
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()
        srv.kill()


def login(srv: Server, user: str) -> dict[str, str]:
    r = httpx.post(srv.base + "/api/auth/token", data={"username": user, "password": PW[user]}, timeout=30)
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


@pytest.fixture(scope="module")
def tokens(server: Server) -> dict[str, dict[str, str]]:
    return {u: login(server, u) for u, _, _ in USERS}


@contextmanager
def watch(srv: Server, headers: dict[str, str], limit: float = LIMIT_S) -> Iterator[list[float]]:
    """Another user's GET, every 0.2 s while the block runs: each must answer 200 within `limit`."""
    times: list[float] = []
    failures: list[str] = []
    stop = threading.Event()

    def probe() -> None:
        with httpx.Client(base_url=srv.base, headers=headers, timeout=30) as c:
            while True:  # at least one GET, even when the block ends before this thread is first scheduled
                t = time.perf_counter()
                try:
                    code = c.get("/api/plans").status_code
                except httpx.HTTPError as e:
                    code = repr(e)  # type: ignore[assignment]
                times.append(time.perf_counter() - t)
                if code != 200:
                    failures.append(str(code))
                if stop.wait(0.2):
                    break

    th = threading.Thread(target=probe, daemon=True)
    th.start()
    try:
        yield times
    finally:
        stop.set()
        th.join(60)
    assert not failures, failures[:5]
    assert times, "the probe made no request"
    assert max(times) <= limit, f"another user waited {max(times):.2f} s (limit {limit} s)"


def upload(srv: Server, h: dict[str, str], name: str, data: bytes) -> httpx.Response:
    return httpx.post(srv.base + "/api/bundles", headers=h, files={"file": (name, data, "application/octet-stream")}, timeout=120)


def zipped(files: dict[str, bytes], level: int = 9) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for n, d in files.items():
            zf.writestr(n, d)
    return buf.getvalue()


def names_cap(r: httpx.Response, cap: str) -> list[dict[str, object]]:
    assert r.status_code == 422, (r.status_code, r.text[:300])
    errors = r.json()["errors"]
    hits = [e for e in errors if cap in str(e["message_en"]) and cap in str(e["message_zh"])]
    assert hits, (cap, errors[:3])
    return hits


def bundle_rows(srv: Server) -> int:
    import sqlite3

    with sqlite3.connect(srv.url.removeprefix("sqlite:///")) as c:
        return c.execute("select count(*) from bundle").fetchone()[0]


# ---- uploads --------------------------------------------------------------------------------
def test_zip_bombs_are_refused_by_their_caps(server: Server, tokens: dict[str, dict[str, str]], tiny_dir: Path) -> None:
    before = bundle_rows(server)
    bomb = zipped({"enterprises.csv": b"enterprise_id,name\n" + b"91140400MA0000000X,aaaa\n" * 400_000})  # ~10 MB in ~20 KB
    dense = zipped({"enterprises.csv": b"enterprise_id,name\n" + os.urandom(3 * 2**20).hex().encode()[: int(4.5 * 2**20)]}, level=1)
    with watch(server, tokens["viewer"]):
        names_cap(upload(server, tokens["planner"], "bomb.zip", bomb), "upload_max_ratio")
        assert len(dense) < 3 * 2**20
        names_cap(upload(server, tokens["planner"], "dense.zip", dense), "upload_max_decompressed_mb")
    assert bundle_rows(server) == before


def test_workbook_declaring_the_whole_sheet(server: Server, tokens: dict[str, dict[str, str]], tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "enterprises"
    ws.append(["enterprise_id", "name"])
    ws.append(["91140400MA0000000X", "某公司"])
    wb.save(tmp_path / "w.xlsx")
    src = zipfile.ZipFile(tmp_path / "w.xlsx")
    parts = {i.filename: src.read(i) for i in src.infolist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/"))
    parts[sheet] = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:XFD1048576"', parts[sheet])
    assert b"XFD1048576" in parts[sheet]
    with watch(server, tokens["viewer"]):
        hits = names_cap(upload(server, tokens["planner"], "huge.xlsx", zipped(parts)), "upload_max_columns")
    assert any("[enterprises]" in str(e["file"]) and "A1:XFD1048576" in str(e["message_en"]) for e in hits)


def test_too_many_rows_columns_sheets(server: Server, tokens: dict[str, dict[str, str]]) -> None:
    rows = b"enterprise_id,name\n" + b"".join(b"9114%014d,x\n" % i for i in range(6000))
    cols = (",".join(f"c{i}" for i in range(80)) + "\n").encode()
    wb = openpyxl.Workbook()
    for i in range(20):
        wb.create_sheet(f"s{i}")
    book = io.BytesIO()
    wb.save(book)
    with watch(server, tokens["viewer"]):
        hits = names_cap(upload(server, tokens["planner"], "rows.zip", zipped({"enterprises.csv": rows})), "upload_max_rows")
        assert hits[0]["file"] == "enterprises.csv"
        hits = names_cap(upload(server, tokens["planner"], "cols.zip", zipped({"officers.csv": cols})), "upload_max_columns")
        assert hits[0]["file"] == "officers.csv" and hits[0]["row"] == 1
        names_cap(upload(server, tokens["planner"], "sheets.xlsx", book.getvalue()), "upload_max_sheets")


def test_only_the_bundles_own_files_are_kept(server: Server, tokens: dict[str, dict[str, str]], tiny_dir: Path) -> None:
    import sqlite3

    files = {p.name: p.read_bytes() for p in sorted((tiny_dir / "bundle").iterdir())}
    # walk44 G1: a CSV or JSON the bundle does not name is refused by name (it was dropped without a word: a
    # `triggers (1).csv` meant "no triggers"); nothing stored
    tables = {**files, "pad.json": b"{" + b" " * 100_000 + b"}", "notes/readme.csv": b"a,b\n"}
    r = upload(server, tokens["planner"], "tiny+pad.zip", zipped(tables))
    assert r.status_code == 422 and {e["file"] for e in r.json()["errors"]} == {"pad.json", "readme.csv"}, r.text
    # other files (a README, an archiver's hidden ones) are still left out, and only the bundle's own files kept
    files["notes/README.txt"] = b"registers of 2027"
    files["__MACOSX/._enterprises.csv"] = b"\x00\x05\x16\x07"
    r = upload(server, tokens["planner"], "tiny+readme.zip", zipped(files))
    assert r.status_code == 201, r.text
    with sqlite3.connect(server.url.removeprefix("sqlite:///")) as c:
        kept = {n for (n,) in c.execute("select name from bundlefile where bundle_id = ?", (r.json()["id"],))}
    assert kept == {n for n in files if n not in ("notes/README.txt", "__MACOSX/._enterprises.csv")}


def test_the_page_upload_takes_the_same_path(server: Server, tokens: dict[str, dict[str, str]]) -> None:
    with httpx.Client(base_url=server.base, timeout=60) as c:
        assert c.post("/login", data={"username": "planner2", "password": PW["planner2"]}).status_code == 303
        tok = re.search(r'name="csrf-token" content="([0-9a-f]+)"', c.get("/").text)
        assert tok
        big = os.urandom(int(3.5 * 2**20))  # over max_upload_mb (3), under the early body refusal
        r = c.post("/upload", files={"file": ("big.zip", big, "application/zip")}, data={"csrf_token": tok.group(1)})
        assert r.status_code == 413 and "max_upload_mb" in r.text
        r = c.post("/upload", files={"file": ("rows.zip", zipped({"items.csv": b"item_id\n" * 6000}), "application/zip")},
                   data={"csrf_token": tok.group(1)})
        assert r.status_code == 422 and "upload_max_rows" in r.text


def test_time_and_memory_limits_of_the_worker(tiny_dir: Path, tmp_path: Path) -> None:
    """The worker itself (no server): over its time it is killed, over its memory it stops; both named."""
    from api.settings import Settings
    from api.uploads import validate_upload
    from bundle import BundleInvalid

    src = tmp_path / "tiny.zip"
    src.write_bytes(zip_folder(tiny_dir / "bundle"))
    t = time.perf_counter()
    with pytest.raises(BundleInvalid, match="upload_worker_seconds"):
        validate_upload(Settings(upload_worker_seconds=0.001), "tiny.zip", src)  # no worker validates a bundle in 1 ms (0.05 s was sometimes enough)
    assert time.perf_counter() - t < 10
    # a bundle that needs memory: the tiny one fits in what the forked worker already holds, so a 64 MB limit did not
    # always stop it (flaky: it passed and failed on the same code); 32 MB of incompressible rows must be read whole
    import io
    import zipfile

    big = tmp_path / "big.zip"
    with zipfile.ZipFile(io.BytesIO(src.read_bytes())) as zin, zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            zout.writestr(name, zin.read(name) if name != "inspections.csv" else zin.read(name) + os.urandom(16 * 2**20).hex().encode())
    with pytest.raises(BundleInvalid, match="upload_worker_mb"):
        validate_upload(Settings(upload_worker_mb=64), "big.zip", big)
    ok = validate_upload(Settings(), "tiny.zip", src)
    assert ok.counts["enterprises"] > 0 and "enterprises.csv" in ok.files


# ---- logins and sessions ---------------------------------------------------------------------
def test_login_storm(server: Server, tokens: dict[str, dict[str, str]]) -> None:
    def wrong(i: int) -> httpx.Response:
        return httpx.post(server.base + "/api/auth/token", data={"username": "leader", "password": f"wrong-{i}"}, timeout=60)

    with watch(server, tokens["viewer"]), ThreadPoolExecutor(30) as pool:
        answers = list(pool.map(wrong, range(30)))
    codes = [r.status_code for r in answers]
    assert set(codes) <= {401, 429} and codes.count(401) <= 5, codes  # 5 per account (INSPECTION_LOGIN_MAX_PER_ACCOUNT)
    assert all(int(r.headers["retry-after"]) > 0 for r in answers if r.status_code == 429)
    # the account is throttled even with the right password, until the window passes
    r = httpx.post(server.base + "/api/auth/token", data={"username": "leader", "password": PW["leader"]}, timeout=30)
    assert r.status_code == 429
    assert httpx.get(server.base + "/api/plans", headers=tokens["leader"]).status_code == 200  # sessions already open go on


def test_unknown_users_cost_the_same(tmp_path: Path) -> None:
    """Timing does not tell which usernames exist: an unknown user is checked against a dummy hash."""
    import asyncio

    from sqlmodel import Session

    from api.db import make_engine, migrate
    from api.security import LoginRefused, Logins, create_user
    from api.settings import Settings

    url = f"sqlite:///{tmp_path / 't.db'}"
    migrate(url)
    engine = make_engine(url)
    with Session(engine) as s:
        create_user(s, "known", "viewer", "k-n-o-w-n-pass")
    logins = Logins.of(engine, Settings(database_url=url, login_max_per_account=100, login_max_per_address=100))

    def timed(user: str) -> float:
        t = time.perf_counter()
        with pytest.raises(LoginRefused):
            asyncio.run(logins.authenticate(user, "not-the-password", "1.2.3.4"))
        return time.perf_counter() - t

    timed("warm")
    # the fastest of five, interleaved: a load spike on a shared machine slows single calls (CI once saw a median of
    # 0.45 s for the known user against 0.19 s for unknown ones while benchmarks ran beside it), never the fastest;
    # without the dummy hash an unknown user answers in microseconds, against tens of milliseconds for argon2
    known_t, unknown_t = [], []
    for i in range(5):
        known_t.append(timed("known"))
        unknown_t.append(timed(f"nobody{i}"))
    known, unknown = min(known_t), min(unknown_t)
    assert unknown > 0.5 * known and known > 0.5 * unknown, (known_t, unknown_t)


def test_password_policy() -> None:
    from api.security import password_problem

    for weak in ("12345678", "1234567890", "password123!", "qwertyuiop", "woaini1314", "aaaaaaaaaaaa", "short-1"):
        assert password_problem(weak, "someone") is not None, weak
    assert password_problem("someone-else", "someone-else") is not None
    assert password_problem("晴天-巡查-2027") is None and password_problem("planner-pass") is None


def test_logout_and_revocation_end_sessions(server: Server, tokens: dict[str, dict[str, str]]) -> None:
    h = login(server, "viewer")
    assert httpx.get(server.base + "/api/plans", headers=h).status_code == 200
    assert httpx.post(server.base + "/api/auth/logout", headers=h).status_code == 204
    assert httpx.get(server.base + "/api/plans", headers=h).status_code == 401  # the bearer token is dead
    with httpx.Client(base_url=server.base, timeout=30) as c:  # the cookie too
        c.post("/login", data={"username": "viewer", "password": PW["viewer"]})
        cookie = c.cookies["inspection_session"]
        assert c.get("/api/plans").status_code == 200
        c.get("/logout")
    assert httpx.get(server.base + "/api/plans", cookies={"inspection_session": cookie}).status_code == 401
    h2 = login(server, "planner2")
    assert httpx.post(server.base + "/api/auth/users/planner2/revoke", headers=tokens["planner"]).status_code == 403
    r = httpx.post(server.base + "/api/auth/users/planner2/revoke", headers=tokens["admin"])
    assert r.status_code == 200 and r.json()["revoked"] >= 1
    assert httpx.get(server.base + "/api/plans", headers=h2).status_code == 401


# ---- plans: CSRF, integrity, jobs --------------------------------------------------------------
def wait_plan(srv: Server, h: dict[str, str], pid: int, states: tuple[str, ...] = ("done", "failed", "cancelled"), timeout: float = 180) -> dict:  # type: ignore[type-arg]
    end = time.time() + timeout
    while time.time() < end:
        p = httpx.get(f"{srv.base}/api/plans/{pid}", headers=h).json()
        if p["status"] in states:
            return p
        time.sleep(0.3)
    raise AssertionError(f"plan {pid} never reached {states}")


@pytest.fixture(scope="module")
def plan(server: Server, tokens: dict[str, dict[str, str]], tiny_dir: Path) -> tuple[int, int]:
    r = upload(server, tokens["planner"], "tiny.zip", zip_folder(tiny_dir / "bundle"))
    assert r.status_code == 201, r.text
    bundle_id = r.json()["id"]
    pid = httpx.post(server.base + "/api/plans", headers=tokens["planner"], json={"bundle_id": bundle_id}).json()["id"]
    assert wait_plan(server, tokens["planner"], pid)["status"] == "done"
    return bundle_id, pid


def test_csrf_and_headers(server: Server, tokens: dict[str, dict[str, str]], plan: tuple[int, int]) -> None:
    bundle_id, pid = plan
    with httpx.Client(base_url=server.base, timeout=30) as c:
        c.post("/login", data={"username": "planner", "password": PW["planner"]})
        home = c.get("/")
        assert home.headers["x-frame-options"] == "DENY" and "frame-ancestors 'none'" in home.headers["content-security-policy"]
        # a same-site page submitting the plan with the victim's cookie: no token, refused, nothing changes
        for path, data in ((f"/plans/{pid}/submit", {}), (f"/bundles/{bundle_id}/generate", {}), ("/logout", {})):
            r = c.post(path, data=data)
            assert r.status_code == 403 and "CSRF" in r.text, (path, r.status_code)
        assert c.post(f"/api/plans/{pid}/submit", data={"csrf_token": "0" * 64}).status_code == 403
        assert httpx.get(f"{server.base}/api/plans/{pid}", headers=tokens["viewer"]).json()["state"] == "draft"
        tok = re.search(r'name="csrf-token" content="([0-9a-f]+)"', home.text).group(1)  # type: ignore[union-attr]
        assert "/static/csrf.js" in home.text
        r = c.post(f"/plans/{pid}/submit", data={"csrf_token": tok})  # the page's own form's field (csrf_field)
        assert r.status_code == 303
        assert httpx.get(f"{server.base}/api/plans/{pid}", headers=tokens["viewer"]).json()["state"] == "submitted"
        r = c.post(f"/api/plans/{pid}/reject", json={"comment": "x"}, headers={"X-CSRF-Token": tok})
        assert r.status_code == 403 and "leader" in r.text  # past CSRF, stopped by the role


def test_tampered_and_missing_files_are_errors_not_answers(server: Server, tokens: dict[str, dict[str, str]], plan: tuple[int, int]) -> None:
    import shutil
    import sqlite3

    bundle_id, pid = plan
    # a second plan to tamper with (the first one serves the CSRF test)
    pid2 = httpx.post(server.base + "/api/plans", headers=tokens["planner"], json={"bundle_id": bundle_id}).json()["id"]
    assert wait_plan(server, tokens["planner"], pid2)["status"] == "done"
    ent = httpx.get(f"{server.base}/api/plans/{pid2}/visits?limit=1", headers=tokens["viewer"]).json()["items"][0]["enterprise_id"]
    why = f"{server.base}/api/plans/{pid2}/enterprises/{ent}/why"
    assert httpx.get(why, headers=tokens["viewer"]).status_code == 200
    sel = server.data / "plans" / str(pid2) / "selection.csv"
    sel.write_text(sel.read_text(encoding="utf-8").replace(ent, ent[:-1] + "Z"), encoding="utf-8")
    with watch(server, tokens["viewer"]):
        r = httpx.get(why, headers=tokens["viewer"])
    assert r.status_code == 409 and r.json()["error_id"] and "/" not in r.json()["error_id"]
    assert r.json()["message_zh"] and r.json()["message_en"] and r.json()["detail"] == f"{r.json()['message_zh']} / {r.json()['message_en']}"
    assert str(server.data) not in r.text and "Traceback" not in r.text
    audit = httpx.get(f"{server.base}/api/audit?plan_id={pid2}", headers=tokens["admin"]).json()
    assert any(e["action"] == "integrity.mismatch" and "selection.csv" in str(e["detail"]) for e in audit)
    shutil.rmtree(server.data / "plans" / str(pid2))
    # a deleted folder is laid out again from the database's copy (plan_file, round 30), verified — the tampered
    # selection.csv is not what comes back: the recorded one does
    r = httpx.get(why, headers=tokens["viewer"])
    assert r.status_code == 200, r.text
    page = httpx.get(f"{server.base}/plans/{pid2}/why?enterprise={ent}", cookies=_cookie(server, "viewer"))
    assert page.status_code == 200 and "Traceback" not in page.text
    assert ent[:-1] + "Z" not in (server.data / "plans" / str(pid2) / "selection.csv").read_text(encoding="utf-8")
    # an edited stored bundle file never feeds a plan
    ent_csv = server.data / "bundles" / str(bundle_id) / "enterprises.csv"
    ent_csv.write_bytes(ent_csv.read_bytes().replace(b"\n", b"\r\n", 1))
    pid3 = httpx.post(server.base + "/api/plans", headers=tokens["planner"], json={"bundle_id": bundle_id}).json()["id"]
    p = wait_plan(server, tokens["planner"], pid3)
    assert p["status"] == "failed" and "altered" in p["error"], p
    # … nor does an edited row in the database
    with sqlite3.connect(server.url.removeprefix("sqlite:///")) as c:
        c.execute("update bundlefile set content = CAST(content || X'0A' AS BLOB) where bundle_id = ? and name = 'items.csv'", (bundle_id,))
    if httpx.get(f"{server.base}/api/plans/{pid}", headers=tokens["viewer"]).json()["state"] == "draft":  # run alone: no CSRF test before
        assert httpx.post(f"{server.base}/api/plans/{pid}/submit", headers=tokens["planner"]).status_code == 200
    r = httpx.post(f"{server.base}/api/plans/{pid}/approve", headers=tokens["leader"], json={"comment": "ok"})
    assert r.status_code == 200
    with sqlite3.connect(server.url.removeprefix("sqlite:///")) as c:  # the approved files' digest is recorded …
        sha, approved = c.execute("select sha256, approved_sha256 from plan where id = ?", (pid,)).fetchone()
        assert sha and approved == sha
        c.execute("update plan set approved_sha256 = ? where id = ?", ("0" * 64, pid))
    assert httpx.get(f"{server.base}/api/plans/{pid}/enterprises/{ent}/why", headers=tokens["viewer"]).status_code == 409  # … and checked
    with sqlite3.connect(server.url.removeprefix("sqlite:///")) as c:
        c.execute("update plan set approved_sha256 = ? where id = ?", (sha, pid))
    httpx.post(f"{server.base}/api/plans/{pid}/publish", headers=tokens["leader"])
    # the public page reads the summary stored with the plan, never the (edited) bundle file …
    assert httpx.get(f"{server.base}/api/public/plans/{pid}").status_code == 200
    # … while a 修订, which builds the next version from the stored bundle files, refuses the edited one
    r = httpx.post(f"{server.base}/api/plans/{pid}/revise", headers=tokens["planner"], json={"policy": {"reserve_capacity_ratio": 0.2}})
    assert r.status_code == 409 and r.json()["error_id"] and "Traceback" not in r.text


def _cookie(srv: Server, user: str) -> dict[str, str]:
    with httpx.Client(base_url=srv.base, timeout=30) as c:
        c.post("/login", data={"username": user, "password": PW[user]})
        return {"inspection_session": c.cookies["inspection_session"]}


def _group_gone(pgid: int, within: float = 10) -> bool:
    end = time.time() + within
    while time.time() < end:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.2)
    return False


def _job_pid(srv: Server, pid: int, within: float = 60) -> int:
    import sqlite3

    end = time.time() + within
    while time.time() < end:
        with sqlite3.connect(srv.url.removeprefix("sqlite:///")) as c:
            row = c.execute("select job_pid, status from plan where id = ?", (pid,)).fetchone()
        if row[0] and row[1] == "running":
            return int(row[0])
        time.sleep(0.1)
    raise AssertionError("the job never started")


def test_jobs_cancel_kill_quota_and_a_killed_server(server: Server, tokens: dict[str, dict[str, str]], tiny_dir: Path) -> None:
    import sqlite3

    h = tokens["planner"]
    r = upload(server, h, "tiny.zip", zip_folder(tiny_dir / "bundle"))  # a bundle of its own: the tamper test spoiled the first
    assert r.status_code == 201, r.text
    bundle_id = r.json()["id"]

    def create() -> httpx.Response:
        return httpx.post(server.base + "/api/plans", headers=h, json={"bundle_id": bundle_id})

    a, b = create().json()["id"], create().json()["id"]
    r = create()
    assert r.status_code == 429 and "job_quota" in r.text  # a third queued plan of one user is refused
    with watch(server, tokens["viewer"]):
        pgid = _job_pid(server, a)
        assert httpx.post(f"{server.base}/api/plans/{a}/cancel", headers=tokens["viewer"]).status_code == 403
        r = httpx.post(f"{server.base}/api/plans/{a}/cancel", headers=h)
        assert (r.status_code, r.json()) == (200, {"status": "cancelled"})
        assert _group_gone(pgid), "the job's processes outlived its cancel"
        p = wait_plan(server, h, a)
        assert p["status"] == "cancelled" and "cancelled by planner" in p["error"], p  # 已取消, not 生成失败 (walk15)
        pgid = _job_pid(server, b)
        os.killpg(pgid, signal.SIGKILL)  # a solver killed from outside
        p = wait_plan(server, h, b)
        assert p["status"] == "failed" and "unexpectedly" in p["error"]
    # the server dies (SIGKILL) while a job runs: no orphaned solver, and on restart the plan says why
    c = create().json()["id"]
    pgid = _job_pid(server, c)
    server.kill()
    assert _group_gone(pgid), "the job outlived the server"
    server.start()
    p = httpx.get(f"{server.base}/api/plans/{c}", headers=login(server, "viewer")).json()
    assert p["status"] == "failed" and "restart" in p["error"]
    with sqlite3.connect(server.url.removeprefix("sqlite:///")) as con:
        assert con.execute("select count(*) from plan where status in ('queued', 'running')").fetchone()[0] == 0


# ---- production mode ---------------------------------------------------------------------------
def test_production_mode(tmp_path: Path) -> None:
    """No demo users, a real admin required, no /docs, an error id instead of a traceback."""
    from fastapi.testclient import TestClient
    from sqlmodel import Session, select

    from api.app import NotReadyForProduction, create_app
    from api.db import make_engine, migrate
    from api.models import User
    from api.security import DEMO_USERS, create_user, hash_password
    from api.settings import Settings

    url = f"sqlite:///{tmp_path / 'prod.db'}"
    migrate(url)
    prod = Settings(database_url=url, data_dir=tmp_path / "data", production=True, single_server=True)
    with pytest.raises(NotReadyForProduction, match="admin"):
        create_app(prod)
    with Session(make_engine(url)) as s:
        name, role, pw = DEMO_USERS[-1]  # admin / admin-demo, as `make run` would leave it
        s.add(User(username=name, role=role, password_hash=hash_password(pw)))
        s.commit()
    with pytest.raises(NotReadyForProduction, match="demo"):
        create_app(prod)
    with Session(make_engine(url)) as s:
        s.delete(s.exec(select(User)).one())
        s.commit()
        create_user(s, "chief", "admin", "a-real-admin-passphrase")
    app = create_app(prod)

    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError(f"secret detail in {tmp_path}")

    client = TestClient(app, raise_server_exceptions=False)
    assert client.get("/docs").status_code == 404 and client.get("/openapi.json").status_code == 404
    r = client.get("/api/boom")
    assert r.status_code == 500 and r.json()["error_id"] and str(tmp_path) not in r.text and "Traceback" not in r.text
    r = client.post("/login", data={"username": "chief", "password": "a-real-admin-passphrase"}, follow_redirects=False)
    assert "secure" in r.headers["set-cookie"].lower() and "httponly" in r.headers["set-cookie"].lower()
    dev = create_app(Settings(database_url=url, data_dir=tmp_path / "data"))
    assert TestClient(dev).get("/openapi.json").status_code == 200


def test_problems_are_capped_and_counted(tmp_path: Path) -> None:
    from api.settings import Settings
    from api.uploads import validate_upload
    from bundle import BundleInvalid

    src = tmp_path / "few.zip"
    # ids of 40 lengths: 40 different problems (alike ones in one column are one problem since walk45 G8)
    src.write_bytes(zipped({"enterprises.csv": b"enterprise_id,name\n" + b"".join(b"bad-%s,x\n" % (b"1" * i) for i in range(40))}))
    with pytest.raises(BundleInvalid) as e:
        validate_upload(Settings(upload_max_problems=12), "few.zip", src)
    ps = e.value.problems
    more = [p for p in ps if "upload_max_problems" in p.message_en]
    assert len(ps) == 13 and len(more) == 1 and ps[-2].row > 1 and re.search(r"^\d+ more problems", more[0].message_en), [str(p) for p in ps]
    assert ps[-1] is more[0]  # the line that says the list is cut comes last


def test_expired_tokens_are_purged_and_templates_get_the_csrf_field(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from jinja2 import Environment
    from sqlmodel import Session, func, select

    from api.db import make_engine, migrate
    from api.guard import install_jinja
    from api.models import Token
    from api.security import create_user, csrf_for, issue_token, user_for_token

    url = f"sqlite:///{tmp_path / 't.db'}"
    migrate(url)
    with Session(make_engine(url)) as s:
        u = create_user(s, "someone", "viewer", "s0me-body-pass-1")
        old = issue_token(s, u, hours=-1)
        assert user_for_token(s, old) is None
        new = issue_token(s, u, hours=1)  # every login purges what has expired
        assert s.exec(select(func.count()).select_from(Token)).one() == 1 and user_for_token(s, new) is not None
    env = Environment(autoescape=True)
    install_jinja(env)
    req = SimpleNamespace(cookies={"inspection_session": new})
    html = env.from_string("<form method=post>{{ csrf_field() }}</form><meta content='{{ csrf_token() }}'>").render(request=req)
    assert f'name="csrf_token" value="{csrf_for(new)}"' in html and csrf_for(new) in html.split("<meta")[1]
    assert env.from_string("{{ csrf_token() }}").render(request=SimpleNamespace(cookies={})) == ""


def test_a_chunked_body_is_cut_off(server: Server, tokens: dict[str, dict[str, str]]) -> None:
    """No Content-Length: counted as it streams, refused past the cap (never spooled without end).
    5 MB are sent (the cap: max_upload_mb 3 + 1) and the body is left open: the 413 must come anyway."""
    head = (f"POST /api/bundles HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {tokens['planner']['Authorization']}\r\n"
            "Content-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n\r\n").encode()
    part = b'--b\r\nContent-Disposition: form-data; name="file"; filename="x.zip"\r\n\r\n'
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(head + b"%x\r\n%s\r\n" % (len(part), part))
        chunk = b"\0" * 2**16
        try:
            for _ in range(80):  # 5 MB
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        except OSError:
            pass  # the server answered and closed while we were still sending
        answer = sock.recv(200)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:60]
    assert httpx.get(server.base + "/api/plans", headers=tokens["viewer"]).status_code == 200


def test_an_office_behind_one_address_is_not_locked_out_by_good_logins() -> None:
    """LoginThrottle: good logins give their attempt back to the address (walk8: the 31st correct login from one office
    in 15 minutes got 429); wrong ones still count, and the address is throttled after `login_max_per_address` of them."""
    from api.security import LoginThrottle
    from api.settings import Settings

    t = LoginThrottle(Settings(login_max_per_address=5, login_max_per_account=5))
    for i in range(50):  # fifty people of one office, each right the first time
        assert t.hit(f"officer{i}", "10.0.0.1") == 0
        t.success(f"officer{i}", "10.0.0.1")
    for i in range(5):  # five wrong passwords, each for another account
        assert t.hit(f"guess{i}", "10.0.0.1") == 0
    assert t.hit("someone", "10.0.0.1") > 0  # now the address waits
    assert t.hit("someone", "10.0.0.2") == 0  # another address does not
