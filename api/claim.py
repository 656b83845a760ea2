"""One server process per data directory and per database (一个数据目录、一个数据库只运行一个服务进程).

At start a server migrates the schema and recovers the plan jobs a stop left behind: it fails every `running` plan
(killing its process group) and queues every `queued` one again (api.jobs.Jobs.recover). Started beside a server that
is running — an administrator "checking" with a second `inspection serve` on the same settings — it did that to the
live server's jobs before it even failed to bind its port (ops30: the live server's plan ended "interrupted by a
server restart"). So a server claims its data directory (an exclusive `flock` on `.server.lock`, which the kernel
releases when the process dies, however it dies) and, on PostgreSQL, its database (a session-level advisory lock
held on a connection of its own), before it touches anything; a second server is refused, naming the first one's pid.

The claim is the process's: a second app in the same process (tests build several) shares it. CLI commands that are
not servers (`inspection user …`) never claim, so they run beside the server as before.
"""

from __future__ import annotations

import fcntl
import os
import zlib
from pathlib import Path
from typing import IO, Any

LOCK_FILE = ".server.lock"
# pg_try_advisory_lock's key: one number for this product (its name's CRC-32), scoped by PostgreSQL to the database
ADVISORY_KEY = zlib.crc32(b"inspection-planner:server")
_held: dict[str, Any] = {}  # data dir or database URL → the open file or connection that holds the claim


class ServerRunning(RuntimeError):
    """Another server process holds this data directory or database."""

    def __init__(self, what: str, where: str, pid: str = ""):
        self.zh = (f"已有服务进程{f'（pid {pid}）' if pid else ''}在使用{'数据目录' if what == 'data_dir' else '数据库'} {where}："
                   "同一数据目录和数据库只能运行一个服务。请先停止它，或改用其他 INSPECTION_DATA_DIR / DATABASE_URL")
        self.en = (f"another server process{f' (pid {pid})' if pid else ''} is using the {'data directory' if what == 'data_dir' else 'database'} "
                   f"{where}: one server per data directory and database. Stop it first, or set another INSPECTION_DATA_DIR / DATABASE_URL")
        super().__init__(f"{self.zh} / {self.en}")


def _claim_dir(data_dir: Path) -> None:
    key = str(data_dir.resolve())
    if key in _held:
        return
    f: IO[str] = open(data_dir / LOCK_FILE, "a+")  # noqa: SIM115 - held open for the life of the process
    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        f.seek(0)
        pid = f.read().strip()[:20]
        f.close()
        raise ServerRunning("data_dir", key, pid) from None
    f.seek(0)
    f.truncate()
    f.write(str(os.getpid()))
    f.flush()
    _held[key] = f


def _claim_database(url: str) -> None:
    if not url.startswith("postgresql") or url in _held:
        return
    import sqlalchemy as sa
    from sqlalchemy.pool import NullPool

    conn = sa.create_engine(url, poolclass=NullPool).connect()
    got = conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": ADVISORY_KEY}).scalar()
    conn.commit()  # the lock is the session's, not the transaction's: it stays until the connection closes
    if not got:
        pid = conn.execute(sa.text("SELECT string_agg(pid::text, ',') FROM pg_locks WHERE locktype = 'advisory' "
                                   "AND objid::bigint = :k AND granted AND database = (SELECT oid FROM pg_database "
                                   "WHERE datname = current_database())"), {"k": ADVISORY_KEY}).scalar()
        conn.close()
        raise ServerRunning("database", sa.make_url(url).render_as_string(hide_password=True), f"PostgreSQL backend {pid}" if pid else "")
    _held[url] = conn


def claim_server(data_dir: Path, database_url: str) -> None:
    """Claim the data directory, then the database, for this process; ServerRunning if another process holds either."""
    data_dir.mkdir(parents=True, exist_ok=True)
    _claim_dir(data_dir)
    _claim_database(database_url)
