"""The engine and sessions; migrations through Alembic (api/migrations)."""

from __future__ import annotations

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


def make_engine(url: str) -> Engine:
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


def migrate(url: str) -> None:
    """Bring the database to the newest schema (alembic upgrade head)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(cfg, "head")
