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


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached, or its role may not create the schema: said in both languages, naming
    DATABASE_URL without its password (ops30: a 473-line traceback whose last line said "connection refused")."""

    def __init__(self, url: str, cause: Exception):
        from sqlalchemy.engine import make_url

        where = make_url(url).render_as_string(hide_password=True)
        why = str(getattr(cause, "orig", None) or cause).strip().splitlines()[0][:300]
        denied = "permission denied" in why.lower() or "InsufficientPrivilege" in type(getattr(cause, "orig", cause)).__name__
        self.zh = (f"无法{'在数据库中建表（该数据库角色缺少 CREATE 权限：请让它拥有该数据库）' if denied else '连接数据库'} "
                   f"DATABASE_URL={where}：{why}")
        self.en = (f"cannot {'create the schema (the database role lacks CREATE: make it the database owner)' if denied else 'reach the database'} "
                   f"DATABASE_URL={where}: {why}")
        super().__init__(f"{self.zh} / {self.en}")


def migrate(url: str) -> None:
    """Bring the database to the newest schema (alembic upgrade head); DatabaseUnavailable where it cannot."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy.exc import OperationalError, ProgrammingError

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    try:
        command.upgrade(cfg, "head")
    except (OperationalError, ProgrammingError) as e:
        raise DatabaseUnavailable(url, e) from e
