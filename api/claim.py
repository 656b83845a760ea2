"""One server process per data directory and per database (一个数据目录、一个数据库只运行一个服务进程).

At start a server migrates the schema and recovers the plan jobs a stop left behind: it fails every `running` plan
(killing its process group) and queues every `queued` one again (api.jobs.Jobs.recover). Started beside a server that
is running — an administrator "checking" with a second `inspection serve` on the same settings — it did that to the
live server's jobs before it even failed to bind its port (ops30: the live server's plan ended "interrupted by a
server restart"). So a server claims its data directory (an exclusive `flock` on `.server.lock`, which the kernel
releases when the process dies, however it dies) and, on PostgreSQL, its database (a session-level advisory lock
held on a connection of its own, named in pg_stat_activity `inspection-server pid=… host=…`, and re-checked every
WATCH_SECONDS, since a database restart drops it), before it touches anything; a second server is refused, naming
the first (its pid, or on PostgreSQL its name with pid and host).

The claim is the process's: a second app in the same process (tests build several) shares it. CLI commands that are
not servers (`inspection user …`) never claim, so they run beside the server as before.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import socket
import threading
import time
import zlib
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

LOCK_FILE = ".server.lock"
# pg_try_advisory_lock's key: one number for this product (its name's CRC-32), scoped by PostgreSQL to the database
ADVISORY_KEY = zlib.crc32(b"inspection-planner:server")
_held: dict[str, Any] = {}  # data dir or database URL → the open file or connection that holds the claim
_lost: dict[str, str] = {}  # database URL → who holds its lock now, while another process does (recheck "lost")
log = logging.getLogger("inspection.claim")


class ServerRunning(RuntimeError):
    """Another server process holds this data directory or database."""

    def __init__(self, what: str, where: str, holder: str = ""):
        place_zh, place_en = ("数据目录", "data directory") if what == "data_dir" else ("数据库", "database")
        self.zh = (f"已有服务进程{f'（{holder}）' if holder else ''}在使用{place_zh} {where}："
                   "同一数据目录和数据库只能运行一个服务。请先停止它，或改用其他 INSPECTION_DATA_DIR / DATABASE_URL")
        self.en = (f"another server process{f' ({holder})' if holder else ''} is using the {place_en} {where}: one server per "
                   "data directory and database. Stop it first, or set another INSPECTION_DATA_DIR / DATABASE_URL")
        super().__init__(f"{self.zh} / {self.en}")


class DataDirUnusable(RuntimeError):
    """The data directory cannot be written (read-only, not ours): said, not a traceback (review30)."""

    def __init__(self, where: Path, cause: OSError):
        self.zh = f"数据目录 {where} 无法写入（{cause.strerror or cause}）：请检查 INSPECTION_DATA_DIR 及其权限"
        self.en = f"the data directory {where} cannot be written ({cause.strerror or cause}): check INSPECTION_DATA_DIR and its permissions"
        super().__init__(f"{self.zh} / {self.en}")


def _claim_dir(data_dir: Path) -> None:
    key = str(data_dir.resolve())
    if key in _held:
        return
    try:
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)  # a new data directory is the service's alone (walk44 G8)
        f: IO[str] = open(data_dir / LOCK_FILE, "a+")  # noqa: SIM115 - held open for the life of the process
    except OSError as e:
        raise DataDirUnusable(data_dir, e) from None
    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        f.seek(0)
        pid = f.read().strip()[:20]
        f.close()
        raise ServerRunning("data_dir", key, f"pid {pid}" if pid else "") from None
    f.seek(0)
    f.truncate()
    f.write(str(os.getpid()))
    f.flush()
    _held[key] = f


# ---- the database's advisory lock ------------------------------------------------------------------------------------
WATCH_SECONDS = 30.0  # how often a server checks it still holds its database's lock
_HOLDERS = sa.text("SELECT coalesce(nullif(a.application_name, ''), 'PostgreSQL backend ' || l.pid) FROM pg_locks l "
                   "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.objid::bigint = :k AND l.granted "
                   "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())")
_MINE = sa.text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid::bigint = :k AND granted AND pid = pg_backend_pid()")


def _lock_database(url: str) -> tuple[sa.Connection, bool]:
    """A connection of its own (named for pg_stat_activity, TCP keepalives on, so a dead peer is noticed) and whether it
    took the advisory lock; DatabaseUnavailable where the database cannot be reached."""
    from api.db import DatabaseUnavailable, unreachable

    args = {"application_name": f"inspection-server pid={os.getpid()} host={socket.gethostname()}"[:63],
            "keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10, "keepalives_count": 3}
    try:
        conn = sa.create_engine(url, poolclass=NullPool, connect_args=args).connect()
        got = bool(conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": ADVISORY_KEY}).scalar())
        conn.commit()  # the lock is the session's, not the transaction's: it stays until the connection closes
    except Exception as e:
        if unreachable(e):
            raise DatabaseUnavailable(url, e) from e  # review30: the claim met a stopped database first, and tracebacked
        raise
    return conn, got


def _holder(conn: sa.Connection) -> str:
    names = conn.execute(_HOLDERS, {"k": ADVISORY_KEY}).scalars().all()
    conn.commit()
    return ", ".join(str(n) for n in names)


def _claim_database(url: str) -> None:
    from api.db import shown_url

    if not url.startswith("postgresql") or url in _held:
        return
    conn, got = _lock_database(url)
    if not got:
        holder = _holder(conn)
        conn.close()
        raise ServerRunning("database", shown_url(url), holder)
    _held[url] = conn
    threading.Thread(target=_watch, args=(url,), name="server-claim", daemon=True).start()


def recheck(url: str) -> str:
    """Whether this process still holds its database's lock: "held"; "retaken" when its connection had dropped (a
    database restart, a network cut, pg_terminate_backend) and the lock was free to take again; "lost" when another
    process holds it now — two servers then run on one database, which is logged as an error; "unreachable" while
    the database cannot be reached (the lock, with its connection, is gone; it is taken again when it answers).
    review30: the lock lived on one idle connection nobody watched, so a restart of PostgreSQL let a second server in."""
    from api.db import DatabaseUnavailable

    conn = _held.get(url)
    try:
        if conn is not None and conn.execute(_MINE, {"k": ADVISORY_KEY}).scalar():
            conn.commit()
            _lost.pop(url, None)
            return "held"
    except Exception:  # the connection is gone with its lock
        pass
    with contextlib.suppress(Exception):
        if conn is not None:
            conn.close()
    _held.pop(url, None)
    try:
        new, got = _lock_database(url)
    except DatabaseUnavailable:
        _held[url] = None  # still this process's claim to retake: `url in _held` keeps a second claim in-process away
        return "unreachable"
    _held[url] = new
    if got:
        _lost.pop(url, None)
        log.warning("the server's lock on its database was lost (its connection dropped) and is taken again")
        return "retaken"
    # the holder's name is another client's application_name: " / " would split the refusal's two languages (review32b)
    _lost[url] = (_holder(new) or "another process").replace(" / ", "/")
    log.error("the server's lock on its database was lost and %s holds it now: two servers on one database — stop one. "
              "This server refuses every change until it holds the lock again", _lost[url])
    return "lost"


def lost(url: str) -> str | None:
    """Who holds this server's database lock, while another process does (`recheck` found it "lost"): this server then
    refuses every change (api.guard.refuse_changes_while_lost) and /healthz answers 503, until the lock is its own again
    — two servers writing one database would each cache a year the other changes (the last round left it logged only)."""
    return _lost.get(url)


def _watch(url: str) -> None:
    while True:
        time.sleep(WATCH_SECONDS)
        try:
            recheck(url)
        except Exception:  # the watch never dies of one bad check
            log.exception("checking the server's database lock")


def claim_server(data_dir: Path, database_url: str) -> None:
    """Claim the data directory, then the database, for this process; ServerRunning if another process holds either,
    DataDirUnusable or api.db.DatabaseUnavailable where one cannot be used at all."""
    _claim_dir(data_dir)
    _claim_database(database_url)
