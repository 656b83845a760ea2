"""ops30: the product as the bureau's IT administrator runs it (one server per data directory and database, …)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlmodel import Session, col

from api.app import create_app
from api.claim import ServerRunning
from api.db import make_engine, migrate
from api.models import BundleUpload, Plan, User
from api.settings import Settings
from tests.api_helpers import fresh_database, postgres_url

ROOT = Path(__file__).resolve().parents[1]
HOLD = ("import sys, time; from pathlib import Path; from api.claim import claim_server; "
        "claim_server(Path(sys.argv[1]), sys.argv[2]); print('held', flush=True); time.sleep(120)")


@contextmanager
def other_server(data_dir: Path, url: str) -> Iterator[subprocess.Popen[str]]:
    """Another process that claims `data_dir` and `url` as a server does, until the block ends."""
    p = subprocess.Popen([sys.executable, "-c", HOLD, str(data_dir), url], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert p.stdout is not None and p.stdout.readline().strip() == "held"
        yield p
    finally:
        p.kill()
        p.wait()


def _running_plan(url: str) -> int:
    migrate(url)
    eng = make_engine(url)
    with Session(eng) as s:
        u = User(username="p", role="planner", password_hash="x")
        s.add(u)
        s.commit()
        up = BundleUpload(filename="b.zip", sha256="0" * 64, input_sha256="0" * 64, year=2027, counts={}, uploaded_by=u.id)
        s.add(up)
        s.commit()
        p = Plan(bundle_id=up.id, year=2027, created_by=u.id, status="running")  # a live server's job
        s.add(p)
        s.commit()
        assert p.id is not None
        pid = p.id
    eng.dispose()
    return pid


def _status(url: str, plan_id: int) -> str:
    eng = make_engine(url)
    with Session(eng) as s:
        p = s.get(Plan, plan_id)
        assert p is not None
        status = p.status
    eng.dispose()
    return status


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    postgres_url() is None, reason="no DATABASE_URL server"))])
def test_a_second_server_is_refused_before_it_touches_the_first_ones_jobs(kind: str, tmp_path: Path) -> None:
    """ops30 #1: a second server on the same settings failed the live server's running plan ("interrupted by a server
    restart") in its start-up recovery, then failed to bind its port. Now it is refused first, naming the holder."""
    url = fresh_database(kind, tmp_path)
    plan_id = _running_plan(url)
    data = tmp_path / "data"
    data.mkdir()
    with other_server(data, url) as first:
        with pytest.raises(ServerRunning) as e:
            create_app(Settings(database_url=url, data_dir=data, single_server=True))
        assert f"pid {first.pid}" in e.value.en and "数据目录" in e.value.zh and "INSPECTION_DATA_DIR" in e.value.en
        assert _status(url, plan_id) == "running"  # the live server's job untouched
    app = create_app(Settings(database_url=url, data_dir=data, single_server=True))  # the first server gone (killed: the kernel freed its lock)
    assert app.state.recovered == (1, 0) and _status(url, plan_id) == "failed"


@pytest.mark.skipif(postgres_url() is None, reason="no DATABASE_URL server")
def test_a_second_server_on_the_same_postgresql_database_is_refused_whatever_its_data_dir(tmp_path: Path) -> None:
    """Two hosts (two data directories) on one PostgreSQL database: the database's advisory lock refuses the second."""
    url = fresh_database("postgresql", tmp_path)
    plan_id = _running_plan(url)
    (tmp_path / "a").mkdir()
    with other_server(tmp_path / "a", url):
        with pytest.raises(ServerRunning) as e:
            create_app(Settings(database_url=url, data_dir=tmp_path / "b", single_server=True))
        assert "数据库" in e.value.zh and "database" in e.value.en and "postgres:***@" in e.value.en  # no password shown
        assert _status(url, plan_id) == "running"


def test_inspection_serve_beside_a_server_exits_with_the_reason(tmp_path: Path) -> None:
    """The CLI: exit 2 with both languages, no traceback, and the port never bound."""
    url, data = f"sqlite:///{tmp_path / 's.db'}", tmp_path / "data"
    data.mkdir()
    with other_server(data, url):
        env = {**os.environ, "DATABASE_URL": url, "INSPECTION_DATA_DIR": str(data), "INSPECTION_SINGLE_SERVER": "true"}
        r = subprocess.run([sys.executable, "-m", "inspection.cli", "serve", "--port", "1"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120)
    assert r.returncode == 2, r.stderr
    assert "已有服务进程" in r.stderr and "another server process" in r.stderr and "Traceback" not in r.stderr


def test_a_jobs_ending_is_stored_once_the_database_is_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ops30 #2: PostgreSQL stopped while a plan generated. The job died; the runner's write of its ending raised into
    the thread pool, which swallowed it, and the plan read "running 2%" for good. Now the write is retried."""
    from sqlalchemy.exc import OperationalError

    import api.jobs as jobs
    from api.jobs import Jobs, stored

    url = f"sqlite:///{tmp_path / 'j.db'}"
    plan_id = _running_plan(url)
    j = Jobs(make_engine(url), Settings(database_url=url, data_dir=tmp_path))
    real, calls = jobs._set, []

    def down_twice(engine: object, pid: int, **values: object) -> None:
        calls.append(values)
        if len(calls) <= 2:
            raise OperationalError("UPDATE plan", {}, ConnectionRefusedError("connection refused"))
        real(engine, pid, **values)  # type: ignore[arg-type]

    monkeypatch.setattr(jobs, "_set", down_twice)
    slept: list[float] = []
    stored(plan_id, "ending", lambda: j.finish(plan_id, -9), sleep=slept.append)
    assert slept == [1.0, 2.0] and len(calls) == 3
    assert _status(url, plan_id) == "failed"


def test_the_runner_retries_its_writes_and_gives_up_when_the_server_stops(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through Jobs.run (review30: the earlier test called `stored` itself, so taking it out of `run` passed): the job
    process ends while the database is away, and its ending is stored once it is back. And a server stopping while the
    database is away does not wait out the retry window (it held the process and its claim for up to 16 minutes)."""
    import threading
    import time

    from sqlalchemy.exc import OperationalError

    import api.jobs as jobs
    from api.jobs import Jobs

    url = f"sqlite:///{tmp_path / 'r.db'}"
    plan_id = _running_plan(url)
    j = Jobs(make_engine(url), Settings(database_url=url, data_dir=tmp_path))

    class Proc:
        pid = 2**22 + 12345  # no such process: kill_group finds nobody

        def wait(self) -> int:
            return 1

    monkeypatch.setattr(jobs.subprocess, "Popen", lambda *a, **k: Proc())
    real, calls = jobs._set, []

    def away_three_times(engine: object, pid: int, **values: object) -> None:
        calls.append(values)
        if len(calls) <= 3:
            raise OperationalError("UPDATE plan", {}, ConnectionRefusedError("connection refused"))
        real(engine, pid, **values)  # type: ignore[arg-type]

    monkeypatch.setattr(jobs, "_set", away_three_times)
    monkeypatch.setattr(threading.Event, "wait", lambda self, t=None: False)  # no real sleeping between tries
    j.run(plan_id)
    assert _status(url, plan_id) == "failed" and "exit 1" in (calls[-1].get("error") or "")
    monkeypatch.undo()
    # the server stops: a write that keeps failing gives up at once instead of retrying for 15 minutes
    def away(engine: object, pid: int, **values: object) -> None:
        raise OperationalError("UPDATE plan", {}, ConnectionRefusedError("connection refused"))

    monkeypatch.setattr(jobs, "_set", away)
    monkeypatch.setattr(jobs.subprocess, "Popen", lambda *a, **k: Proc())
    # the window cut to 20 s: a give-up that does not work fails the time bound below instead of waiting 15 minutes
    monkeypatch.setattr(jobs, "STORE_RETRY_SECONDS", 20.0)
    j2 = Jobs(make_engine(url), Settings(database_url=url, data_dir=tmp_path))
    threading.Timer(0.5, j2.shutdown).start()
    t0 = time.monotonic()
    with pytest.raises(OperationalError):
        j2.run(plan_id)
    assert time.monotonic() - t0 < 10


def test_a_store_that_never_gets_through_gives_up_after_its_window() -> None:
    from sqlalchemy.exc import OperationalError

    from api.jobs import STORE_RETRY_SECONDS, stored

    now, slept = [0.0], []

    def sleep(s: float) -> None:
        slept.append(s)
        now[0] += s

    def down() -> None:
        raise OperationalError("UPDATE plan", {}, ConnectionRefusedError("connection refused"))

    with pytest.raises(OperationalError):
        stored(1, "ending", down, sleep=sleep, clock=lambda: now[0])
    assert STORE_RETRY_SECONDS <= sum(slept) < STORE_RETRY_SECONDS + 60 and max(slept) == 60.0
    # and a write that raises anything else is not retried: a bug is not an outage
    def bug() -> None:
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        stored(1, "ending", bug, sleep=sleep)


def test_serve_believes_no_proxy_header_unless_told_which_proxy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ops30 #3: uvicorn's default believed X-Forwarded-For from 127.0.0.1, so anyone on the host chose the address
    logins are throttled and logged by (docs/security.md says the header is not believed). Now only
    INSPECTION_FORWARDED_ALLOW_IPS's proxies are; and the server logs with times, codes hidden (ops30 #7)."""
    import uvicorn
    from typer.testing import CliRunner

    from api.settings import get_settings
    from inspection.cli import app

    got: list[dict[str, object]] = []
    monkeypatch.setattr(uvicorn, "run", lambda _app, **kw: got.append(kw))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 's.db'}")
    monkeypatch.setenv("INSPECTION_DATA_DIR", str(tmp_path / "data"))
    for proxy in (None, "10.1.2.3"):
        if proxy:
            monkeypatch.setenv("INSPECTION_FORWARDED_ALLOW_IPS", proxy)
        get_settings.cache_clear()
        r = CliRunner().invoke(app, ["serve", "--port", "1"])
        assert r.exit_code == 0, r.output
    get_settings.cache_clear()
    assert [(kw["proxy_headers"], kw["forwarded_allow_ips"]) for kw in got] == [(False, None), (True, "10.1.2.3")]
    cfg = got[0]["log_config"]
    assert isinstance(cfg, dict) and "asctime" in cfg["formatters"]["default"]["fmt"] and "asctime" in cfg["formatters"]["access"]["fmt"]
    assert cfg["loggers"]["inspection"]["handlers"] == ["default"]
    # the configuration as uvicorn applies it: the access log and the product's error log both hide a code
    import io
    import logging
    import logging.config

    logging.config.dictConfig(cfg)
    try:
        for name, args in (("uvicorn.access", ("1.2.3.4:5", "GET", "/v/SECRETCODE12", "1.1", 200)),
                           ("inspection", ("ab12cd34", "GET", "/v/SECRETCODE12"))):
            handler = logging.getLogger(name).handlers[0]
            assert isinstance(handler, logging.StreamHandler)
            buf = io.StringIO()
            handler.setStream(buf)
            fmt = '%s - "%s %s HTTP/%s" %d' if name == "uvicorn.access" else "error %s on %s %s"
            logging.getLogger(name).error(fmt, *args)
            assert "/v/***" in buf.getvalue() and "SECRETCODE12" not in buf.getvalue(), buf.getvalue()
    finally:
        logging.config.dictConfig({"version": 1, "disable_existing_loggers": False, "loggers": {"inspection": {"handlers": [], "propagate": True}}})


def test_the_access_log_hides_inspection_codes() -> None:
    import logging

    from api.logs import HideCodes

    rec = logging.LogRecord("uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d',
                            ("1.2.3.4:5", "GET", "/v/UYDpoT7j-KgnVoE8sraTXw?lang=en", "1.1", 200), None)
    assert HideCodes().filter(rec) and "UYDpoT7j" not in rec.getMessage() and "/v/***?lang=en" in rec.getMessage()
    for path, shown in (("/api/v/abc_DEF-1", "/api/v/***"), ("/v/abc/qr.svg", "/v/***/qr.svg"), ("/plans/3/visits", "/plans/3/visits")):
        rec = logging.LogRecord("uvicorn.access", logging.INFO, "", 0, "%s", (path,), None)
        HideCodes().filter(rec)
        assert rec.getMessage() == shown


def test_a_refused_login_is_logged_with_its_name_never_its_password(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from tests.api_helpers import make_client

    client = make_client(f"sqlite:///{tmp_path / 'l.db'}", tmp_path / "data")
    with caplog.at_level("WARNING", logger="inspection.auth"):
        assert client.post("/api/auth/token", data={"username": "planner", "password": "hunter2-wrong"}).status_code == 401
        assert client.post("/api/auth/token", data={"username": "ghost", "password": "hunter3-wrong"}).status_code == 401
    text = "\n".join(r.getMessage() for r in caplog.records if r.name == "inspection.auth")
    assert "'planner'" in text and "wrong password" in text and "'ghost'" in text and "unknown name" in text
    assert "hunter" not in text


def test_a_database_away_mid_run_answers_503_with_a_time_to_retry(tmp_path: Path) -> None:
    """ops30 #6: PostgreSQL stopped under a running service: every route, login included, answered 500 "tell an
    administrator". It is an outage the service recovers from by itself: 503, Retry-After, both languages."""
    from fastapi.testclient import TestClient

    from tests.api_helpers import make_client, token

    client = TestClient(make_client(f"sqlite:///{tmp_path / 'd.db'}", tmp_path / "data").app, raise_server_exceptions=False)
    h = token(client, "planner")
    good = client.app.state.engine  # type: ignore[attr-defined]
    client.app.state.engine = make_engine("postgresql+psycopg://u:pw@127.0.0.1:1/gone")  # type: ignore[attr-defined]  # refused
    r = client.get("/api/plans", headers=h)
    assert r.status_code == 503 and r.headers["retry-after"] == "30", r.text
    body = r.json()
    assert "数据库暂时无法访问" in body["message_zh"] and "cannot be reached" in body["message_en"] and body["error_id"] in body["message_en"]
    page = client.get("/public/plans", headers={"accept": "text/html"})  # a page: the same words, as HTML
    assert page.status_code == 503 and "数据库暂时无法访问" in page.text
    client.app.state.engine = good  # type: ignore[attr-defined]  # back: no restart needed
    assert client.get("/api/plans", headers=h).status_code == 200


@pytest.mark.parametrize("command", [["serve", "--port", "1"], ["user", "scope", "nobody"]])
def test_the_cli_says_the_database_cannot_be_reached_in_both_languages(tmp_path: Path, command: list[str]) -> None:
    """ops30 #6: `inspection serve` with the database down printed 473 lines of traceback; now two lines, exit 3,
    naming DATABASE_URL without its password — for `serve` as a server starts, claim first (review30: the claim met
    the stopped database before the migration did, and tracebacked), and for a command that is no server."""
    env = {**os.environ, "DATABASE_URL": "postgresql+psycopg://admin:s3cret@127.0.0.1:1/inspection",
           "INSPECTION_DATA_DIR": str(tmp_path / "data"), "INSPECTION_SINGLE_SERVER": "true"}
    r = subprocess.run([sys.executable, "-m", "inspection.cli", *command], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 3, r.stderr
    assert "无法连接数据库" in r.stderr and "cannot reach the database" in r.stderr and "Traceback" not in r.stderr
    assert "admin:***@127.0.0.1:1/inspection" in r.stderr and "s3cret" not in r.stderr


def test_a_statement_that_is_wrong_is_a_500_not_an_outage(tmp_path: Path) -> None:
    """review30: every OperationalError read as "the database cannot be reached, try again" — on SQLite a missing
    column is one — so a broken schema answered 503 for ever while /healthz said ok. Only an outage is a 503."""
    import sqlalchemy as sa
    from fastapi.testclient import TestClient

    from tests.api_helpers import make_client, token

    url = f"sqlite:///{tmp_path / 'b.db'}"
    client = TestClient(make_client(url, tmp_path / "data").app, raise_server_exceptions=False)
    h = token(client, "planner")
    with client.app.state.engine.begin() as c:  # type: ignore[attr-defined]
        c.execute(sa.text("ALTER TABLE plan RENAME COLUMN job_pid TO job_pid_gone"))
    r = client.get("/api/plans", headers=h)
    assert r.status_code == 500 and "internal error" in r.json()["message_en"] and "retry-after" not in r.headers


def test_what_counts_as_the_database_away() -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError, ProgrammingError

    from api.db import first_line, unreachable

    class PgError(Exception):
        def __init__(self, sqlstate: str | None) -> None:
            super().__init__("x")
            self.sqlstate = sqlstate

    def op(orig: Exception, cls: type = OperationalError) -> Exception:
        return cls("SELECT 1", {}, orig)  # type: ignore[no-any-return]

    assert unreachable(op(PgError(None)))  # no server answered: refused, reset, timed out
    assert unreachable(op(PgError("08006"))) and unreachable(op(PgError("57P01"))) and unreachable(op(PgError("53300")))
    assert not unreachable(op(PgError("42703"))) and not unreachable(op(PgError("42501"), ProgrammingError))  # a bug; a grant
    assert unreachable(op(sqlite3.OperationalError("database is locked")))
    assert not unreachable(op(sqlite3.OperationalError("no such column: plan.job_pid")))
    assert not unreachable(op(sqlite3.OperationalError("disk I/O error"))) and not unreachable(ValueError("x"))
    assert first_line(ValueError("")) == "ValueError" and first_line(ValueError("a\nb")) == "a"


@pytest.mark.skipif(postgres_url() is None, reason="no DATABASE_URL server")
def test_the_database_lock_is_taken_again_after_its_connection_drops(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """review30: the advisory lock lived on one idle connection nobody watched; a PostgreSQL restart (or a cut) dropped
    it and let a second server in. The server re-checks it (api.claim.recheck, every WATCH_SECONDS): a dropped lock is
    taken again, and one another process took meanwhile is logged as an error. The holder is named by pid and host."""
    import sqlalchemy as sa

    from api import claim

    url = fresh_database("postgresql", tmp_path)
    from sqlalchemy.pool import NullPool

    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)  # a closed connection frees its locks

    def drop_ours() -> None:
        with admin.connect() as c:
            c.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'inspection-server%' "
                              "AND datname = current_database()"))

    try:
        claim._claim_database(url)
        assert claim.recheck(url) == "held"
        drop_ours()
        with caplog.at_level("WARNING", logger="inspection.claim"):
            assert claim.recheck(url) == "retaken" and claim.recheck(url) == "held"
        drop_ours()
        with admin.connect() as thief:
            assert thief.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": claim.ADVISORY_KEY}).scalar()
            with caplog.at_level("ERROR", logger="inspection.claim"):
                assert claim.recheck(url) == "lost"
            assert "two servers on one database" in caplog.text and claim.lost(url)  # its server refuses changes (test_claim_lost.py)
            with pytest.raises(ServerRunning):  # and a server starting now is refused, whoever holds it
                claim._held.pop(url)
                claim._claim_database(url)
        assert claim.recheck(url) in ("retaken", "held") and claim.lost(url) is None  # the thief gone, the lock is free again
        with admin.connect() as c:
            name = c.execute(sa.text("SELECT application_name FROM pg_stat_activity WHERE application_name LIKE 'inspection-server%' "
                                     "AND datname = current_database()")).scalar()
        assert name == f"inspection-server pid={os.getpid()} host={__import__('socket').gethostname()}"[:63]
    finally:
        conn = claim._held.pop(url, None)
        if conn is not None:
            conn.close()
        admin.dispose()


def test_the_service_day_is_the_bureaus_not_the_hosts(monkeypatch: pytest.MonkeyPatch) -> None:
    """ops30 #4: on a server kept in UTC, `date.today()` was yesterday from 00:00 to 08:00 Beijing time (an officer
    recording that morning's visit: "cannot record a future date"). The day is the zone's (INSPECTION_TIMEZONE)."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from api import clock

    monkeypatch.delenv("INSPECTION_TODAY", raising=False)
    days = {}
    for name in ("Pacific/Kiritimati", "Etc/GMT+12"):  # UTC+14 and UTC−12: 26 hours apart, never the same date
        monkeypatch.setenv("INSPECTION_TIMEZONE", name)
        days[name] = clock.today()
        assert days[name] in {dt.datetime.now(ZoneInfo(name)).date(), (dt.datetime.now(ZoneInfo(name)) - dt.timedelta(seconds=5)).date()}
    assert days["Pacific/Kiritimati"] > days["Etc/GMT+12"]
    monkeypatch.delenv("INSPECTION_TIMEZONE")
    assert clock.zone() == ZoneInfo("Asia/Shanghai")  # the default: the bureaus this product is for
    # stored in UTC (SQLite gives it back naive), shown in the zone: 19:03 UTC is 03:03 the next day in Beijing
    assert clock.local(dt.datetime(2027, 3, 15, 19, 3)).strftime("%Y-%m-%d %H:%M") == "2027-03-16 03:03"
    assert clock.local(dt.datetime(2027, 3, 15, 19, 3, tzinfo=dt.UTC)).strftime("%Y-%m-%d %H:%M") == "2027-03-16 03:03"
    # a pinned day is the zone's day too, whatever the hour in UTC; the moment itself is stored in UTC
    monkeypatch.setenv("INSPECTION_TODAY", "2027-03-16")
    for name in ("Pacific/Kiritimati", "Etc/GMT+12"):
        monkeypatch.setenv("INSPECTION_TIMEZONE", name)
        at = clock.business_now()
        assert at.utcoffset() == dt.timedelta(0) and clock.local(at).date() == dt.date(2027, 3, 16)


def test_an_unknown_time_zone_or_a_pinned_day_in_production_stops_the_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from api.app import NotReadyForProduction
    from api.clock import UnknownTimezone

    url = f"sqlite:///{tmp_path / 'z.db'}"
    monkeypatch.setenv("INSPECTION_TIMEZONE", "Asia/Beijing")  # not an IANA name (Asia/Shanghai is)
    with pytest.raises(UnknownTimezone) as e:
        create_app(Settings(database_url=url, data_dir=tmp_path / "data"))
    assert "Asia/Beijing" in e.value.zh and "Asia/Shanghai" in e.value.en
    monkeypatch.delenv("INSPECTION_TIMEZONE")
    monkeypatch.setenv("INSPECTION_TODAY", "2027-03-16")
    with pytest.raises(NotReadyForProduction, match="INSPECTION_TODAY=2027-03-16"):
        create_app(Settings(database_url=url, data_dir=tmp_path / "data", production=True, single_server=True))
    env = {**os.environ, "DATABASE_URL": url, "INSPECTION_DATA_DIR": str(tmp_path / "data"), "INSPECTION_TIMEZONE": "Mars/Olympus"}
    env.pop("INSPECTION_TODAY")
    r = subprocess.run([sys.executable, "-m", "inspection.cli", "serve", "--port", "1"], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "Mars/Olympus" in r.stderr and "Traceback" not in r.stderr, r.stderr


def test_healthz_says_whether_the_database_answers(tmp_path: Path) -> None:
    """ops30 #13: nothing a monitor could ask (/health 404, /login never touches the database)."""
    from fastapi.testclient import TestClient

    from tests.api_helpers import make_client

    client = TestClient(make_client(f"sqlite:///{tmp_path / 'h.db'}", tmp_path / "data").app, raise_server_exceptions=False)
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok"
    client.app.state.engine = make_engine("postgresql+psycopg://u:pw@127.0.0.1:1/gone")  # type: ignore[attr-defined]
    r = client.get("/healthz")
    assert r.status_code == 503 and r.headers["retry-after"] == "30"


def test_an_admin_sets_a_password_and_disables_an_account_from_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ops30 #5: a departed employee kept their access (`revoke` ends sessions, the next login works), a forgotten
    password could not be reset, and production mode's message named commands that did not exist."""
    from fastapi.testclient import TestClient
    from sqlmodel import select
    from typer.testing import CliRunner

    from api.models import AuditEvent
    from api.settings import get_settings
    from inspection.cli import app
    from tests.api_helpers import make_client

    url = f"sqlite:///{tmp_path / 'u.db'}"
    client: TestClient = make_client(url, tmp_path / "data")  # its demo-like users, planner among them
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("INSPECTION_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    run = CliRunner().invoke

    def login(name: str, pw: str) -> int:
        return client.post("/api/auth/token", data={"username": name, "password": pw}).status_code

    tok = client.post("/api/auth/token", data={"username": "leader", "password": "leader-pass"})
    assert tok.status_code == 200, "the helper's leader logs in"
    bearer = {"Authorization": f"Bearer {tok.json()['access_token']}"}
    assert client.get("/api/plans", headers=bearer).status_code == 200
    r = run(app, ["user", "passwd", "leader", "--password-stdin"], input="short\n")
    assert r.exit_code == 2 and "not changed" in r.output and login("leader", "leader-pass") == 200  # the policy holds
    r = run(app, ["user", "passwd", "leader", "--password-stdin"], input="Zq7-new-secret-9\n")
    assert r.exit_code == 0, r.output
    assert login("leader", "leader-pass") == 401 and login("leader", "Zq7-new-secret-9") == 200
    assert client.get("/api/plans", headers=bearer).status_code == 401  # a reset ends the old sessions
    tok = client.post("/api/auth/token", data={"username": "leader", "password": "Zq7-new-secret-9"}).json()["access_token"]
    r = run(app, ["user", "disable", "leader"])
    assert r.exit_code == 0 and "disabled" in r.output, r.output
    assert login("leader", "Zq7-new-secret-9") == 401  # as an unknown name: no hint the account exists
    assert client.get("/api/plans", headers={"Authorization": f"Bearer {tok}"}).status_code == 401
    assert run(app, ["user", "enable", "leader"]).exit_code == 0 and login("leader", "Zq7-new-secret-9") == 200
    assert run(app, ["user", "disable", "nobody"]).exit_code == 2
    get_settings.cache_clear()
    with Session(client.app.state.engine) as s:  # type: ignore[attr-defined]
        acts = [(e.action, e.detail.get("username")) for e in s.exec(select(AuditEvent).where(col(AuditEvent.action).startswith("user.")))]
        blob = repr([e.detail for e in s.exec(select(AuditEvent))])
    assert acts == [("user.password", "leader"), ("user.disable", "leader"), ("user.enable", "leader")]
    assert "Zq7-new-secret-9" not in blob and "argon2" not in blob


def test_production_starts_once_the_demo_accounts_are_disabled(tmp_path: Path) -> None:
    """Production mode refuses demo users with their demo passwords; a disabled one logs in nowhere, so it is no longer
    in the way, and the message names the commands that exist."""
    from sqlmodel import select

    from api.app import NotReadyForProduction
    from api.security import DEMO_USERS, create_user, hash_password, set_disabled

    url = f"sqlite:///{tmp_path / 'p.db'}"
    migrate(url)
    eng = make_engine(url)
    with Session(eng) as s:
        for name, role, pw in DEMO_USERS:
            s.add(User(username=name, role=role, password_hash=hash_password(pw)))
        s.commit()
        create_user(s, "root", "admin", "Yx8-r00t-secret-1")
    with pytest.raises(NotReadyForProduction, match="inspection user disable NAME"):
        create_app(Settings(database_url=url, data_dir=tmp_path / "data", production=True, single_server=True))
    with Session(eng) as s:
        for u in s.exec(select(User).where(col(User.username).in_([n for n, _, _ in DEMO_USERS]))):
            set_disabled(s, u, True)
    assert create_app(Settings(database_url=url, data_dir=tmp_path / "data", production=True, single_server=True)) is not None
