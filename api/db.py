"""The engine and sessions; migrations through Alembic (api/migrations)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import CursorResult, Engine, Result
from sqlmodel import create_engine

MIGRATIONS = Path(__file__).parent / "migrations"
# Sync routes run on the server's threadpool (40 threads); each holds at most one pooled connection,
# plus a short second one in a few places (plan folders' records): 20 + 30 leaves headroom, so a
# crowd of readers queues on threads, never times out waiting for a connection (a 500).
POOL = {"pool_size": 20, "max_overflow": 30, "pool_timeout": 30}


def rowcount(result: Result[Any]) -> int:
    """Rows an UPDATE or DELETE changed. Session.execute() is typed as returning a Result; for a DML
    statement (without RETURNING) it returns a CursorResult, the one that carries rowcount."""
    if not isinstance(result, CursorResult):
        raise TypeError(f"rowcount of a {type(result).__name__}: only an UPDATE/DELETE result has one")
    return result.rowcount


class NulInText(ValueError):
    """A text bound for the database holds U+0000 (a typed or pasted %00): PostgreSQL refuses it with a DataError, an
    HTTP 500 on every route that reached it; SQLite stored it. Raised before the statement runs, on both (api/app.py
    answers 422 naming the field); the transaction stores nothing."""

    def __init__(self, field: str):
        self.field = field
        self.zh = f"{field or '输入'} 含有不可见的空字符（NUL, U+0000）：请删除后重试"
        self.en = f"{field or 'the input'} holds a NUL character (U+0000): remove it and retry"
        super().__init__(f"{self.zh} / {self.en}")


def _refuse_nul(_conn: object, _cursor: object, _statement: str, parameters: Any, context: Any, _executemany: bool) -> None:
    """before_cursor_execute: any str parameter with a NUL raises NulInText, named by its bound parameter (username_1 → username)."""
    many = isinstance(parameters, list | tuple) and bool(parameters) and isinstance(parameters[0], dict | list | tuple)
    rows = parameters if many else [parameters]
    for row in rows:
        if not row:
            continue
        items = row.items() if isinstance(row, dict) else enumerate(row)
        for key, value in items:
            if isinstance(value, str) and "\x00" in value:
                names = getattr(getattr(context, "compiled", None), "positiontup", None) or []
                name = key if isinstance(key, str) else (names[key] if key < len(names) else "")
                raise NulInText(re.sub(r"_\d+$", "", str(name)))


def make_engine(url: str) -> Engine:
    engine = _make_engine(url)
    event.listen(engine, "before_cursor_execute", _refuse_nul)
    return engine


def _make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               **({} if url in ("sqlite://", "sqlite:///:memory:") else POOL))

        @event.listens_for(engine, "connect")
        def _pragmas(conn: sqlite3.Connection, _record: object) -> None:  # the DBAPI connection SQLite opened
            cur = conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, **POOL)


# SQLSTATEs of a database that is away, not of a statement that is wrong: connection exceptions (class 08), the server
# shutting down or starting (57P01–57P03), too many connections (53300)
_AWAY_STATES = ("57P01", "57P02", "57P03", "53300")
# SQLite's words for a file it cannot open or a lock it waited on too long: the only SQLite OperationalErrors an outage
# makes ("no such table", "disk I/O error", a syntax error are OperationalErrors too, and bugs or a broken disk)
_SQLITE_AWAY = ("database is locked", "unable to open database file")


def shown_url(url: str) -> str:
    """A database URL as a message may show it: the password masked — also in a URL SQLAlchemy cannot parse, or parses
    with a piece of an unencoded password in its host (walk44 G5)."""
    from sqlalchemy.engine import make_url

    from api.settings import hide_credentials

    try:
        return hide_credentials(make_url(url).render_as_string(hide_password=True))
    except Exception:  # unparsable: masked as text
        return hide_credentials(url)


def first_line(e: BaseException | None) -> str:
    """An error's first line (a driver's message may be empty)."""
    return next(iter(str(e).strip().splitlines()), type(e).__name__ if e is not None else "")


def unreachable(e: BaseException) -> bool:
    """Whether a database error means the database cannot be reached now — worth a 503 and a retry — rather than a
    statement that is wrong (review30: every OperationalError was read as an outage, so a missing column answered
    "try again shortly" for ever while /healthz said ok)."""
    from sqlalchemy.exc import DBAPIError, OperationalError

    if not isinstance(e, DBAPIError):
        return False
    if e.connection_invalidated:
        return True
    orig = e.orig
    state = getattr(orig, "sqlstate", None)
    if isinstance(orig, sqlite3.Error):
        return isinstance(e, OperationalError) and any(w in str(orig).lower() for w in _SQLITE_AWAY)
    if state is None:  # psycopg: no answer from a server at all (refused, reset, timed out, DNS)
        return isinstance(e, OperationalError)
    return str(state).startswith("08") or state in _AWAY_STATES


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached, or its role may not create the schema: said in both languages, naming
    DATABASE_URL without its password (ops30: a 473-line traceback whose last line said "connection refused")."""

    def __init__(self, url: str, cause: Exception):
        where = shown_url(url)
        from api.settings import hide_credentials

        why = hide_credentials(first_line(getattr(cause, "orig", None) or cause))[:300]
        denied = denied_create(cause)
        self.zh = (f"无法{'在数据库中建表（该数据库角色缺少 CREATE 权限：请让它拥有该数据库）' if denied else '连接数据库'} "
                   f"DATABASE_URL={where}：{why}")
        self.en = (f"cannot {'create the schema (the database role lacks CREATE: make it the database owner)' if denied else 'reach the database'} "
                   f"DATABASE_URL={where}: {why}")
        super().__init__(f"{self.zh} / {self.en}")


def denied_create(e: BaseException) -> bool:
    """PostgreSQL's insufficient_privilege (42501): the role may not create the schema."""
    return getattr(getattr(e, "orig", None), "sqlstate", None) == "42501"


def migrate(url: str) -> None:
    """Bring the database to the newest schema (alembic upgrade head); DatabaseUnavailable where the database cannot be
    reached or its role may not create the schema. A migration that fails otherwise raises as it is: a bug to read."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    try:
        command.upgrade(cfg, "head")
    except Exception as e:
        if unreachable(e) or denied_create(e):
            raise DatabaseUnavailable(url, e) from e
        raise
