"""mut34: mutation survivors of the review30 / ops30 / fuzz30 round's code (Year.conflicts and day_conflict, api.db's
outage test, api.claim, api.jobs' retried writes, api.clock, api.logs): hand-made inputs, no solve, no web service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from api.jobs import CANCELLED, Jobs
from api.models import AuditEvent, Plan, row_id
from api.settings import Settings
from execution.year import Caller
from tests.test_mut15_replan import E1, E2, D, tiny, visit

O1, O2 = "hb-140404-00", "hb-140404-01"
UM = ("um-140403-00", "um-140403-01")


# ---- execution.year: Year.conflicts --------------------------------------------------------------------------------

def test_conflicts_of_one_enterprise_and_a_notified_visit_in_conflict() -> None:
    """Year.conflicts(enterprise=…) names that enterprise's visits only, and a notified visit still to be made is named
    like a planned one. Kills execution.year.xǁYearǁconflicts__mutmut_12 (`enterprise is None or True`: every
    enterprise) and __mutmut_25 / __mutmut_26 ("notified" misspelt: a notified visit never named)."""
    on1, on2 = D + dt.timedelta(days=1), D + dt.timedelta(days=2)
    v, w = visit("V", D, E1, (O1, O2)), visit("W", on1, E1, UM, agencies=("um",), status="notified")
    x, z = visit("X", D, E2, (O1, O2)), visit("Z", on2, E2, UM, agencies=("um",))
    y = tiny(v, w, x, z)
    y.record("V", on1, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=on1)
    y.record("X", on2, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=on2)
    w_clash = {"visit_id": "W", "date": on1.isoformat(), "rules": ["R-JOINT"], "records": ["V"],
               "by_record": [{"record": "V", "date": on1.isoformat(), "rules": ["R-JOINT"]}]}
    z_clash = {"visit_id": "Z", "date": on2.isoformat(), "rules": ["R-JOINT"], "records": ["X"],
               "by_record": [{"record": "X", "date": on2.isoformat(), "rules": ["R-JOINT"]}]}
    assert y.conflicts() == [w_clash, z_clash]
    assert y.conflicts(enterprise=E1) == [w_clash] and y.conflicts(enterprise=E2) == [z_clash]
    # the record's audit entry names the visits *its* record put in conflict, not another enterprise's
    assert [e.get("conflicts") for e in y.log if e["action"] == "visit.record"] == [["W"], ["Z"]]



# ---- api.jobs: Jobs.finish, Jobs.shutdown, Jobs.cancel of a plan that is not there ------------------------------------

def _jobs(tmp_path: Path, *plans: dict[str, object]) -> tuple[Jobs, list[int]]:
    eng = sa.create_engine(f"sqlite:///{tmp_path / 'j.db'}")
    SQLModel.metadata.create_all(eng)
    ids = []
    with Session(eng) as s:
        for values in plans:
            p = Plan(bundle_id=1, year=2027, created_by=1, **values)
            s.add(p)
            s.commit()
            ids.append(row_id(p))
    return Jobs(eng, Settings(data_dir=tmp_path)), ids


def _plan(j: Jobs, pid: int) -> tuple[str, str | None, int | None]:
    with Session(j.engine) as s:
        p = s.get(Plan, pid)
        assert p is not None
        return p.status, p.error, p.job_pid


def _audited(j: Jobs) -> list[tuple[str, int | None, object]]:
    with Session(j.engine) as s:
        return [(e.action, e.plan_id, e.detail.get("error")) for e in s.exec(select(AuditEvent))]


def test_a_job_that_stored_its_own_ending_keeps_it_and_its_pid_is_cleared(tmp_path: Path) -> None:
    """Jobs.finish of a plan its process ended itself (done): the ending stands, only job_pid is cleared, nothing
    audited. Kills api.jobs.xǁJobsǁfinish__mutmut_38 to __mutmut_42 (that `_set` mutated: no engine, no plan, no value)."""
    j, (pid,) = _jobs(tmp_path, {"status": "done", "job_pid": 4242})
    j.finish(pid, 0)
    assert _plan(j, pid) == ("done", None, None) and _audited(j) == []


class _Proc:
    pid = 2**22 + 12345  # no such process: kill_group finds nobody


def test_a_job_that_died_ends_failed_audited_and_its_pid_cleared(tmp_path: Path) -> None:
    """Jobs.finish of a plan its process left running: failed with the exit code, job_pid cleared, `plan.failed` in the
    audit trail. Kills api.jobs.xǁJobsǁfinish__mutmut_24 (job_pid left set), __mutmut_25/26/27 (the failure not
    audited: `status != "failed"`, "failed" misspelt) and __mutmut_30/31/35/36/37 (the audit entry's plan, error or
    action mutated)."""
    j, (pid,) = _jobs(tmp_path, {"status": "running", "job_pid": 4242})
    j.finish(pid, -9)
    reason = "生成进程意外退出（-9） / the job process ended unexpectedly (exit -9)"
    assert _plan(j, pid) == ("failed", reason, None)
    assert _audited(j) == [("plan.failed", pid, reason)]


def test_a_job_cancelled_while_it_ran_ends_with_the_cancels_reason_unaudited(tmp_path: Path) -> None:
    """A cancel the runner's write overtook: the plan ends as the cancel said (status and reason), not "ended
    unexpectedly", and it is not audited as a failure (its router audits the cancel). Kills
    api.jobs.xǁJobsǁfinish__mutmut_13 (the cancel looked up under None) and __mutmut_25 (a cancel audited as failed)."""
    j, (pid,) = _jobs(tmp_path, {"status": "running", "job_pid": 4242})
    j._cancelled[pid] = ("已由 planner 取消 / cancelled by planner", CANCELLED)
    j.finish(pid, -15)
    assert _plan(j, pid) == (CANCELLED, "已由 planner 取消 / cancelled by planner", None)
    assert _audited(j) == []


def test_a_server_stop_fails_each_running_job_and_goes_on_past_a_database_away(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                             caplog: pytest.LogCaptureFixture) -> None:
    """Jobs.shutdown with jobs running: each plan ends failed with the stop's words; where the database is away for one,
    that is logged (the plan, the error) and the others are still failed. Kills api.jobs.xǁJobsǁshutdown__mutmut_3 to
    __mutmut_12 (the cancel's plan, reason or status mutated or dropped) and __mutmut_13 to __mutmut_20 (the log line's
    text or arguments)."""
    from sqlalchemy.exc import OperationalError

    j, (away, ok) = _jobs(tmp_path, {"status": "running"}, {"status": "running"})
    j._procs.update({away: _Proc(), ok: _Proc()})  # type: ignore[dict-item]
    real = Jobs.cancel

    def cancel(self: Jobs, plan_id: int, reason: str, status: str = CANCELLED) -> bool:
        if plan_id == away:
            raise OperationalError("UPDATE plan", {}, ConnectionRefusedError("connection refused"))
        return real(self, plan_id, reason, status)

    monkeypatch.setattr(Jobs, "cancel", cancel)
    with caplog.at_level("ERROR", logger="inspection.jobs"):
        j.shutdown()
    assert _plan(j, ok) == ("failed", "服务停止，生成中断 / the server stopped: generate it again", None)
    assert _plan(j, away) == ("running", None, None)  # the next start's recovery fails it
    said = [r.getMessage() for r in caplog.records if r.name == "inspection.jobs"]
    assert len(said) == 1 and said[0].startswith(f"plan {away}: its stop was not stored: (builtins.ConnectionRefusedError) connection refused")


def test_a_server_stop_neither_waits_for_a_running_job_nor_starts_a_queued_one(tmp_path: Path) -> None:
    """Jobs.shutdown returns at once (the job thread is left to die with the process: its group is killed) and a job
    still queued in the pool never starts. Kills api.jobs.xǁJobsǁshutdown__mutmut_23/25 (the stop waits for the
    running job) and __mutmut_22/24/26 (the queued job is not cancelled)."""
    import threading
    import time

    j, _ = _jobs(tmp_path)
    started, release = threading.Event(), threading.Event()
    running = j.pool.submit(lambda: (started.set(), release.wait(4)))
    queued = j.pool.submit(lambda: None)  # one worker: it waits behind the running job
    assert started.wait(10)
    t0 = time.monotonic()
    j.shutdown()
    took = time.monotonic() - t0
    release.set()
    assert took < 3 and queued.cancelled() and not running.cancelled()


def test_a_cancel_of_a_plan_that_is_not_there_answers_false(tmp_path: Path) -> None:
    """Jobs.cancel and a failing `_set` of a plan id with no row: nothing to end, False, no error. Kills
    api.jobs.x__off_the_line__mutmut_7 (off_the_line(None): AttributeError) and __mutmut_10/11 (a column name that
    is no column: SQLAlchemy refuses the update)."""
    from api.jobs import _set

    j, _ = _jobs(tmp_path)
    assert j.cancel(999, "已由 planner 取消 / cancelled by planner") is False
    _set(j.engine, 999, status="failed", error="boom")  # no row, no error


# ---- api.db: unreachable --------------------------------------------------------------------------------------------

def test_a_connection_invalidated_is_the_database_away_whatever_the_driver_said() -> None:
    """A DBAPIError SQLAlchemy marked connection_invalidated (the pool found the connection dead) is an outage even where
    the driver's error reads like a statement's. Kills api.db.x_unreachable__mutmut_3 (`return True` → False)."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from api.db import unreachable

    class PgError(Exception):
        sqlstate = "42703"

    assert unreachable(OperationalError("SELECT 1", {}, PgError("x"), connection_invalidated=True))
    assert unreachable(OperationalError("SELECT 1", {}, sqlite3.OperationalError("disk I/O error"), connection_invalidated=True))
    assert not unreachable(OperationalError("SELECT 1", {}, PgError("x")))


# ---- api.db: denied_create, DatabaseUnavailable, migrate -----------------------------------------------------------

class _PgError(Exception):
    """A driver error as psycopg gives it: its message and its SQLSTATE."""

    def __init__(self, message: str, sqlstate: str | None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


URL = "postgresql+psycopg://admin:s3cret@db.example:5432/inspection"
SHOWN = "postgresql+psycopg://admin:***@db.example:5432/inspection"


def test_denied_create_is_insufficient_privilege_only() -> None:
    """Kills api.db.x_denied_create__mutmut_1 to __mutmut_16 (the attribute names, their defaults, the SQLSTATE)."""
    import sqlite3

    from sqlalchemy.exc import OperationalError, ProgrammingError

    from api.db import denied_create

    assert denied_create(ProgrammingError("CREATE TABLE plan", {}, _PgError("permission denied for schema public", "42501")))
    assert not denied_create(ProgrammingError("SELECT x", {}, _PgError("undefined column", "42703")))
    assert not denied_create(OperationalError("SELECT 1", {}, sqlite3.OperationalError("database is locked")))  # no sqlstate
    assert not denied_create(ValueError("no orig at all"))


def test_database_unavailable_says_why_where_and_which_in_both_languages() -> None:
    """The words of api.db.DatabaseUnavailable, exactly: the URL without its password, the driver's first line (at most
    300 characters), "cannot reach" or, for a role without CREATE, "cannot create the schema". Kills
    api.db.xǁDatabaseUnavailableǁ__init____mutmut_1 to __mutmut_32 (the URL shown, the reason, its cut, the choice of
    words and the words themselves)."""
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from api.db import DatabaseUnavailable

    e = DatabaseUnavailable(URL, OperationalError("SELECT 1", {}, _PgError("connection refused\n\tIs the server running?", None)))
    assert e.zh == f"无法连接数据库 DATABASE_URL={SHOWN}：connection refused"
    assert e.en == f"cannot reach the database DATABASE_URL={SHOWN}: connection refused"
    assert str(e) == f"{e.zh} / {e.en}"
    e = DatabaseUnavailable(URL, ProgrammingError("CREATE TABLE plan", {}, _PgError("permission denied for schema public", "42501")))
    assert e.zh == f"无法在数据库中建表（该数据库角色缺少 CREATE 权限：请让它拥有该数据库） DATABASE_URL={SHOWN}：permission denied for schema public"
    assert e.en == (f"cannot create the schema (the database role lacks CREATE: make it the database owner) DATABASE_URL={SHOWN}: "
                    "permission denied for schema public")
    long = "x" * 299 + "yz"
    e = DatabaseUnavailable(URL, ConnectionRefusedError(long))  # no driver error inside: its own first line, cut at 300
    assert e.en == f"cannot reach the database DATABASE_URL={SHOWN}: {'x' * 299}y"


def test_migrate_names_an_outage_and_a_missing_grant_and_raises_anything_else_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    """api.db.migrate: a database that cannot be reached, and a role that may not create the schema, are
    DatabaseUnavailable naming the URL; any other failure is raised as it is. Kills api.db.x_migrate__mutmut_27 to
    __mutmut_33 (`or` → `and`, the error or the URL not passed on)."""
    from alembic import command
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from api.db import DatabaseUnavailable, migrate

    with pytest.raises(DatabaseUnavailable) as away:
        migrate("postgresql+psycopg://admin:s3cret@127.0.0.1:1/inspection")  # nothing listens on port 1: refused
    assert away.value.en.startswith("cannot reach the database DATABASE_URL=postgresql+psycopg://admin:***@127.0.0.1:1/inspection: ")
    assert isinstance(away.value.__cause__, OperationalError)

    def denied(cfg: object, rev: str) -> None:
        raise ProgrammingError("CREATE TABLE plan", {}, _PgError("permission denied for schema public", "42501"))

    monkeypatch.setattr(command, "upgrade", denied)
    with pytest.raises(DatabaseUnavailable) as e:
        migrate(URL)
    assert e.value.en == (f"cannot create the schema (the database role lacks CREATE: make it the database owner) DATABASE_URL={SHOWN}: "
                          "permission denied for schema public")

    def wrong(cfg: object, rev: str) -> None:
        raise ProgrammingError("ALTER TABLE plan", {}, _PgError("column already exists", "42701"))

    monkeypatch.setattr(command, "upgrade", wrong)
    with pytest.raises(ProgrammingError):
        migrate(URL)


def test_migrate_a_database_whose_url_holds_a_percent_sign(tmp_path: Path) -> None:
    """A URL with "%" (a percent-encoded password, a file name) reaches alembic as written: its config would read "%"
    as interpolation. Kills api.db.x_migrate__mutmut_15 to __mutmut_20 (the escaping mutated)."""
    from api.db import migrate

    db = tmp_path / "100%.db"
    migrate(f"sqlite:///{db}")
    assert "plan" in sa.inspect(sa.create_engine(f"sqlite:///{db}")).get_table_names()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["100%.db"]


# ---- api.jobs.stored: the retry's end and its words -----------------------------------------------------------------

def _refused() -> None:
    from sqlalchemy.exc import OperationalError

    raise OperationalError("UPDATE plan", {}, ConnectionRefusedError("connection refused"))


def test_a_retried_store_says_each_try_and_gives_up_at_its_deadline_exactly(caplog: pytest.LogCaptureFixture) -> None:
    """api.jobs.stored: each failed try is logged with the plan, what was stored, the driver's first line and the wait;
    giving up is logged once. The window ends *at* STORE_RETRY_SECONDS: a clock already there retries no more. Kills
    api.jobs.x_stored__mutmut_8 (`>=` → `>`), __mutmut_12/13/14/19/21 (the giving-up line's arguments and text) and
    __mutmut_23/24/25/32 (a try's line)."""
    from sqlalchemy.exc import OperationalError

    from api.jobs import STORE_RETRY_SECONDS, stored

    why = "(builtins.ConnectionRefusedError) connection refused"
    times, slept = iter([0.0, 0.0, STORE_RETRY_SECONDS, STORE_RETRY_SECONDS + 1, STORE_RETRY_SECONDS + 1]), []
    with caplog.at_level("WARNING", logger="inspection.jobs"), pytest.raises(OperationalError):
        stored(7, "ending", _refused, sleep=slept.append, clock=lambda: next(times))
    assert slept == [1.0]
    assert [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "inspection.jobs"] == [
        ("WARNING", f"plan 7: its ending not stored ({why}): retrying in 1 s"),
        ("ERROR", f"plan 7: its ending was not stored, the database unreachable: {why}"),
    ]


def test_a_retried_store_waits_on_the_servers_stop_and_ends_when_it_is_set() -> None:
    """With the server's stop event, the wait between tries is on that event, for the try's delay, and a set stop ends
    the retrying. Kills api.jobs.x_stored__mutmut_36 (`stop.wait(None)`: a wait for ever) and __mutmut_7 (`or` → `and`:
    it never gives up)."""
    import threading

    from sqlalchemy.exc import OperationalError

    from api.jobs import stored

    class Stop(threading.Event):
        def __init__(self) -> None:
            super().__init__()
            self.waits: list[float | None] = []

        def wait(self, timeout: float | None = None) -> bool:
            self.waits.append(timeout)
            assert len(self.waits) <= 3, "still retrying after the stop"
            if len(self.waits) == 2:
                self.set()  # the server stops during the second wait
            return self.is_set()

    stop = Stop()
    with pytest.raises(OperationalError):
        stored(7, "ending", _refused, stop)
    assert stop.waits == [1.0, 2.0]


# ---- api.claim: the data directory's lock, the database's lock (faked: no PostgreSQL here), their words ---------------

@pytest.fixture
def held() -> Iterator[dict[str, Any]]:
    """api.claim._held as the test leaves it is put back: the claims a test takes in this process are given up."""
    from api import claim

    before = dict(claim._held)
    yield claim._held
    for key, h in list(claim._held.items()):
        if key not in before and h is not None:
            h.close()
    claim._held.clear()
    claim._held.update(before)


def test_a_process_claims_each_data_dir_it_is_given_nested_ones_too(tmp_path: Path, held: dict[str, Any]) -> None:
    """Two data directories claimed by one process are two claims (their own lock files, each holding the pid); a
    directory whose parents do not exist yet is made. Kills api.claim.x__claim_dir__mutmut_1/2 (every directory one
    key: the second never locked) and __mutmut_4/6/8 (`parents` not True)."""
    import os

    from api.claim import LOCK_FILE, _claim_dir

    a, b = tmp_path / "a", tmp_path / "x" / "y" / "b"
    _claim_dir(a)
    _claim_dir(b)
    assert (a / LOCK_FILE).read_text() == (b / LOCK_FILE).read_text() == str(os.getpid())
    assert {str(a.resolve()), str(b.resolve())} <= held.keys()


def test_a_data_dir_held_elsewhere_is_refused_naming_the_holder_or_not(tmp_path: Path, held: dict[str, Any]) -> None:
    """Another holder of the lock (here another open file of this process: flock locks are per open file) refuses the
    claim in exact words, the holder's pid cut at 20 characters; an empty lock file names no holder. Kills
    api.claim.x__claim_dir__mutmut_30 to __mutmut_41 and api.claim.xǁServerRunningǁ__init____mutmut_1 to
    __mutmut_27 (the data directory's words)."""
    import fcntl

    from api.claim import LOCK_FILE, ServerRunning, _claim_dir

    rest = ("同一数据目录和数据库只能运行一个服务。请先停止它，或改用其他 INSPECTION_DATA_DIR / DATABASE_URL",
            "one server per data directory and database. Stop it first, or set another INSPECTION_DATA_DIR / DATABASE_URL")
    for text, holder in (("123456789012345678901234", ("（pid 12345678901234567890）", " (pid 12345678901234567890)")), ("", ("", ""))):
        d = tmp_path / f"d{len(text)}"
        d.mkdir()
        other = open(d / LOCK_FILE, "w")  # noqa: SIM115
        try:
            other.write(text)
            other.flush()
            fcntl.flock(other.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            with pytest.raises(ServerRunning) as e:
                _claim_dir(d)
        finally:
            other.close()
        where = str(d.resolve())
        assert e.value.zh == f"已有服务进程{holder[0]}在使用数据目录 {where}：{rest[0]}"
        assert e.value.en == f"another server process{holder[1]} is using the data directory {where}: {rest[1]}"
        assert str(e.value) == f"{e.value.zh} / {e.value.en}" and where not in held


def test_the_database_held_elsewhere_is_named_in_exact_words() -> None:
    """ServerRunning for the database (a holder named by pg_stat_activity) and for one whose holder is not known.
    Kills api.claim.xǁServerRunningǁ__init____mutmut_1/3/4/8 to __mutmut_13 (the database's words)."""
    from api.claim import ServerRunning

    rest = ("同一数据目录和数据库只能运行一个服务。请先停止它，或改用其他 INSPECTION_DATA_DIR / DATABASE_URL",
            "one server per data directory and database. Stop it first, or set another INSPECTION_DATA_DIR / DATABASE_URL")
    e = ServerRunning("database", SHOWN, "inspection-server pid=12 host=h")
    assert e.zh == f"已有服务进程（inspection-server pid=12 host=h）在使用数据库 {SHOWN}：{rest[0]}"
    assert e.en == f"another server process (inspection-server pid=12 host=h) is using the database {SHOWN}: {rest[1]}"
    e = ServerRunning("database", SHOWN)
    assert (e.zh, e.en) == (f"已有服务进程在使用数据库 {SHOWN}：{rest[0]}", f"another server process is using the database {SHOWN}: {rest[1]}")


def test_a_data_dir_that_cannot_be_made_is_said_not_a_traceback(tmp_path: Path, held: dict[str, Any]) -> None:
    """A data directory under a file (or read-only): DataDirUnusable naming it and the system's reason; a reason with no
    strerror is said as the error. Kills api.claim.x__claim_dir__mutmut_18 to __mutmut_21 and
    api.claim.xǁDataDirUnusableǁ__init____mutmut_1 to __mutmut_5."""
    from api.claim import DataDirUnusable, _claim_dir

    (tmp_path / "file").write_text("")
    d = tmp_path / "file" / "data"
    with pytest.raises(DataDirUnusable) as e:
        _claim_dir(d)
    assert e.value.zh == f"数据目录 {d} 无法写入（Not a directory）：请检查 INSPECTION_DATA_DIR 及其权限"
    assert e.value.en == f"the data directory {d} cannot be written (Not a directory): check INSPECTION_DATA_DIR and its permissions"
    assert str(e.value) == f"{e.value.zh} / {e.value.en}"
    e2 = DataDirUnusable(d, OSError("read-only file system"))
    assert e2.en == f"the data directory {d} cannot be written (read-only file system): check INSPECTION_DATA_DIR and its permissions"


class _Result:
    def __init__(self, value: object) -> None:
        self.value = value

    def scalar(self) -> object:
        return self.value


class _Conn:
    """A connection as api.claim uses it: what it was asked, whether it committed or closed; `mine` answers _MINE."""

    def __init__(self, answer: object = True, mine: object = 1, dead: bool = False) -> None:
        self.answer, self.mine, self.dead = answer, mine, dead
        self.asked: list[tuple[str, object]] = []
        self.commits = self.closes = 0

    def execute(self, stmt: object, params: object = None) -> _Result:
        if self.dead:
            raise ConnectionResetError("server closed the connection unexpectedly")
        self.asked.append((str(stmt), params))
        from api import claim

        return _Result(self.mine if stmt is claim._MINE else self.answer)

    def commit(self) -> None:
        self.commits += 1

    def close(self) -> None:
        self.closes += 1
        if self.dead:
            raise ConnectionResetError("already closed")


def test_the_database_lock_is_asked_on_a_named_connection_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """api.claim._lock_database: a NullPool engine, connect_args naming the process (pid and host, cut at PostgreSQL's
    63 characters) with TCP keepalives, pg_try_advisory_lock with the product's key, committed. Kills
    api.claim.x__lock_database__mutmut_1 to __mutmut_35."""
    import os

    from sqlalchemy.pool import NullPool

    from api import claim

    made: list[tuple[object, dict[str, object]]] = []
    conn = _Conn(answer=True)

    class Engine:
        def connect(self) -> _Conn:
            return conn

    def create_engine(url: object, **kw: object) -> Engine:
        made.append((url, kw))
        return Engine()

    monkeypatch.setattr(claim.sa, "create_engine", create_engine)
    monkeypatch.setattr(claim.socket, "gethostname", lambda: "h" * 80)
    got = claim._lock_database(URL)
    assert got == (conn, True)
    name = f"inspection-server pid={os.getpid()} host={'h' * 80}"[:63]
    assert made == [(URL, {"poolclass": NullPool, "connect_args": {"application_name": name, "keepalives": 1, "keepalives_idle": 30,
                                                                  "keepalives_interval": 10, "keepalives_count": 3}})]
    assert len(name) == 63 and conn.asked == [("SELECT pg_try_advisory_lock(:k)", {"k": claim.ADVISORY_KEY})] and conn.commits == 1
    conn.answer = False
    assert claim._lock_database(URL) == (conn, False)


def test_the_database_lock_meets_a_stopped_database_as_an_outage() -> None:
    """Kills api.claim.x__lock_database__mutmut_36 to __mutmut_40 (the outage not recognised or not named)."""
    from sqlalchemy.exc import OperationalError

    from api.claim import _lock_database
    from api.db import DatabaseUnavailable

    with pytest.raises(DatabaseUnavailable) as e:
        _lock_database("postgresql+psycopg://admin:s3cret@127.0.0.1:1/inspection")  # refused
    assert e.value.en.startswith("cannot reach the database DATABASE_URL=postgresql+psycopg://admin:***@127.0.0.1:1/inspection: ")
    assert e.value.en.endswith("Connection refused")  # the driver's own first line
    assert isinstance(e.value.__cause__, OperationalError)


def test_a_server_claims_its_postgresql_database_once_and_watches_it(monkeypatch: pytest.MonkeyPatch, held: dict[str, Any]) -> None:
    """api.claim._claim_database: only a PostgreSQL URL is claimed, once per process; the lock's connection is kept and
    a daemon thread "server-claim" watches it; a lock another process holds is refused naming it, the password
    hidden, the connection closed. Kills api.claim.x__claim_database__mutmut_4 to __mutmut_11, __mutmut_13 to __mutmut_17
    and __mutmut_20 to __mutmut_34."""
    import threading

    from api import claim

    conns: list[_Conn] = []

    def lock(url: str) -> tuple[_Conn, bool]:
        assert url == URL
        conns.append(_Conn())
        return conns[-1], got

    watched: list[tuple[str, str, bool]] = []
    seen = threading.Event()

    def watch(url: str) -> None:
        t = threading.current_thread()
        watched.append((url, t.name, t.daemon))
        seen.set()

    monkeypatch.setattr(claim, "_lock_database", lock)
    monkeypatch.setattr(claim, "_watch", watch)
    def holder(conn: _Conn) -> str:
        assert conn is conns[-1]  # asked on the connection that was refused the lock
        return "inspection-server pid=12 host=h"

    monkeypatch.setattr(claim, "_holder", holder)
    got = True
    claim._claim_database("sqlite:///x.db")
    assert conns == []  # SQLite: the data directory's lock is the claim
    claim._claim_database(URL)
    claim._claim_database(URL)  # claimed already: not asked twice
    assert len(conns) == 1 and held[URL] is conns[0] and seen.wait(10)
    assert watched == [(URL, "server-claim", True)]
    held.pop(URL)
    got = False
    with pytest.raises(claim.ServerRunning) as e:
        claim._claim_database(URL)
    assert e.value.en.startswith(f"another server process (inspection-server pid=12 host=h) is using the database {SHOWN}: ")
    assert "数据库" in e.value.zh and conns[-1].closes == 1 and URL not in held


def test_recheck_holds_retakes_loses_and_waits_out_an_outage(monkeypatch: pytest.MonkeyPatch, held: dict[str, Any],
                                                             caplog: pytest.LogCaptureFixture) -> None:
    """api.claim.recheck, each answer: "held" (asked on the held connection with the key), "retaken" (the dead
    connection closed, its close's own error swallowed, the new one kept: the next check says "held"), "unreachable"
    (the claim kept, with no connection), "lost" (logged naming the holder, or "another process"). Kills
    api.claim.x_recheck__mutmut_1 to __mutmut_14, __mutmut_16, __mutmut_18/19 and __mutmut_21 to __mutmut_40."""
    from api import claim
    from api.db import DatabaseUnavailable

    retake: list[object] = []

    def lock(url: str) -> tuple[_Conn, bool]:
        assert url == URL
        step = retake.pop(0)
        if isinstance(step, Exception):
            raise step
        assert isinstance(step, tuple)
        return step  # type: ignore[return-value]

    monkeypatch.setattr(claim, "_lock_database", lock)
    holder = ["inspection-server pid=12 host=h"]

    def holder_of(conn: _Conn | None) -> str:
        assert isinstance(conn, _Conn) and conn is held[URL]  # asked on the connection just taken
        return holder[0]

    monkeypatch.setattr(claim, "_holder", holder_of)
    first = _Conn()
    held[URL] = first
    assert claim.recheck(URL) == "held"
    assert first.asked == [(str(claim._MINE), {"k": claim.ADVISORY_KEY})] and first.commits == 1
    first.dead = True
    again = _Conn()
    retake.append((again, True))
    with caplog.at_level("WARNING", logger="inspection.claim"):
        assert claim.recheck(URL) == "retaken"
        assert first.closes == 1 and held[URL] is again
        assert claim.recheck(URL) == "held"
        again.dead = True
        retake.append(DatabaseUnavailable(URL, ConnectionRefusedError("connection refused")))
        assert claim.recheck(URL) == "unreachable" and URL in held  # still this process's claim, to take again
        taken = _Conn()
        retake.append((taken, False))
        assert claim.recheck(URL) == "lost" and held[URL] is taken
        holder[0] = ""
        retake.append((_Conn(), False))
        taken.mine = 0  # not ours: asked again
        assert claim.recheck(URL) == "lost"
    said = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "inspection.claim"]
    assert said == [
        ("WARNING", "the server's lock on its database was lost (its connection dropped) and is taken again"),
        ("ERROR", "the server's lock on its database was lost and inspection-server pid=12 host=h holds it now: two servers on "
                  "one database — stop one. This server refuses every change until it holds the lock again"),
        ("ERROR", "the server's lock on its database was lost and another process holds it now: two servers on one database — stop one. "
                  "This server refuses every change until it holds the lock again"),
    ]
    assert claim.lost(URL) == "another process"  # what the refusal names (tests/test_claim_lost.py)
    claim._lost.pop(URL, None)


# ---- api.logs.log_config --------------------------------------------------------------------------------------------

def test_the_log_config_is_uvicorns_with_times_hidden_codes_and_the_products_loggers() -> None:
    """The line formats exactly (a monitor parses them), the `inspection` loggers at INFO on the default handler and
    not also passed up to the root (each line once), and uvicorn's own LOGGING_CONFIG left as it was (a deep copy).
    Kills api.logs.x_log_config__mutmut_3 (a shallow copy: uvicorn's config changed), __mutmut_11/20 (the formats) and
    __mutmut_58/59/62/63/64 (the level, `propagate`)."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    from api.logs import log_config

    before = copy.deepcopy(LOGGING_CONFIG)
    cfg = log_config()
    assert before == LOGGING_CONFIG
    assert cfg["formatters"]["default"]["fmt"] == "%(asctime)s %(levelprefix)s %(name)s: %(message)s"
    assert cfg["formatters"]["access"]["fmt"] == '%(asctime)s %(levelprefix)s %(client_addr)s - "%(request_line)s" %(status_code)s'
    assert cfg["loggers"]["inspection"] == {"handlers": ["default"], "level": "INFO", "propagate": False}
    assert cfg["handlers"]["access"]["filters"] == cfg["handlers"]["default"]["filters"] == ["hide_codes"]


# ---- api.clock: the pinned day, the zone's time of day, a host in another zone ---------------------------------------

@pytest.fixture
def host_in(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Put the host's own zone (TZ) elsewhere for the test, and back after it."""
    import os
    import time

    was = os.environ.get("TZ")

    def put(name: str) -> None:
        os.environ["TZ"] = name
        time.tzset()

    yield put
    if was is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = was
    time.tzset()


def test_a_pinned_day_is_the_service_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """api.clock.today reads INSPECTION_TODAY (an empty value is no pin). Kills api.clock.x_today__mutmut_1/3/4/5/7."""
    from zoneinfo import ZoneInfo

    from api import clock

    monkeypatch.setenv("INSPECTION_TIMEZONE", "Asia/Shanghai")
    monkeypatch.setenv("INSPECTION_TODAY", "2027-03-16")
    assert clock.today() == dt.date(2027, 3, 16)
    monkeypatch.setenv("INSPECTION_TODAY", "")
    assert clock.today() in {(dt.datetime.now(ZoneInfo("Asia/Shanghai")) - dt.timedelta(seconds=s)).date() for s in (0, 5)}


def test_a_pinned_days_moment_is_the_zones_time_of_day_whatever_the_hosts_zone(monkeypatch: pytest.MonkeyPatch, host_in: Any) -> None:
    """api.clock.business_now with the day pinned: the real time of day *in the service's zone*, on that day, stored in
    UTC — on a host kept in UTC and on one kept in New York alike. Kills api.clock.x_business_now__mutmut_9/10 (the time
    of day in the host's zone) and __mutmut_13/16 (the zone dropped: a naive moment read in the host's zone)."""
    from zoneinfo import ZoneInfo

    from api import clock

    kiritimati = ZoneInfo("Pacific/Kiritimati")  # UTC+14: its time of day is never UTC's or New York's
    monkeypatch.setenv("INSPECTION_TIMEZONE", "Pacific/Kiritimati")
    monkeypatch.setenv("INSPECTION_TODAY", "2027-03-16")
    for host in ("UTC", "America/New_York"):
        host_in(host)
        at = clock.business_now()
        wall = dt.datetime.now(kiritimati).replace(tzinfo=None)
        shown = at.astimezone(kiritimati)
        assert at.utcoffset() == dt.timedelta(0) and shown.date() == dt.date(2027, 3, 16), (host, at)
        gap = abs((dt.datetime.combine(wall.date(), shown.time()) - wall).total_seconds())
        assert min(gap, 86400 - gap) < 30, (host, shown, wall)


def test_a_stored_moment_is_shown_in_the_service_zone_whatever_the_hosts(monkeypatch: pytest.MonkeyPatch, host_in: Any) -> None:
    """api.clock.local: a naive moment (SQLite's) is UTC, an aware one keeps its instant, whatever the host's zone.
    Kills api.clock.x_local__mutmut_2/3/4/5."""
    from zoneinfo import ZoneInfo

    from api import clock

    monkeypatch.setenv("INSPECTION_TIMEZONE", "Asia/Shanghai")
    host_in("America/New_York")
    assert clock.local(dt.datetime(2027, 3, 15, 19, 3)).isoformat() == "2027-03-16T03:03:00+08:00"
    assert clock.local(dt.datetime(2027, 3, 16, 3, 3, tzinfo=ZoneInfo("Asia/Tokyo"))).isoformat() == "2027-03-16T02:03:00+08:00"


def test_a_zone_name_that_is_no_key_is_an_unknown_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    """api.clock._zone (under @cache, which mutmut does not mutate; mutated by hand): a name tzdata lacks and a name that
    is not a key at all (a path: ZoneInfo raises ValueError) are both UnknownTimezone naming it. Kills the hand mutants
    `except ZoneInfoNotFoundError` (ValueError dropped) and `UnknownTimezone(None)`."""
    from api import clock

    for name in ("Asia/Beijing", "/etc/localtime"):
        monkeypatch.setenv("INSPECTION_TIMEZONE", name)
        with pytest.raises(clock.UnknownTimezone) as e:
            clock.zone()
        assert e.value.en == f"INSPECTION_TIMEZONE={name!r} is not a time zone name (e.g. Asia/Shanghai)"
