"""Tables (SQLModel). Request and response shapes live in api/schemas.py."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from sqlalchemy import Column, Index, LargeBinary, UniqueConstraint
from sqlmodel import JSON, Field, SQLModel

from api.clock import business_now


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


ROLES = ("planner", "leader", "viewer", "admin", "auditor")  # auditor: read-only, may redraw the lottery (R-PUBLISH)
STATES = ("draft", "submitted", "approved", "rejected", "published", "superseded", "discarded")


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(index=True, unique=True, max_length=64)
    role: str = Field(max_length=16)
    password_hash: str
    created_at: dt.datetime = Field(default_factory=now)
    # disabled by an admin (`inspection user disable`, 0006): no login, no token; the row stays, the audit names it
    disabled_at: dt.datetime | None = None


class Token(SQLModel, table=True):
    """An opaque bearer token (stored hashed): revocable, no signing key to leak."""

    id: int | None = Field(default=None, primary_key=True)
    token_sha256: str = Field(index=True, unique=True, max_length=64)
    user_id: int = Field(foreign_key="user.id")
    expires_at: dt.datetime = Field(index=True)


class BundleUpload(SQLModel, table=True):
    __tablename__ = "bundle"
    id: int | None = Field(default=None, primary_key=True)
    filename: str = Field(max_length=255)
    sha256: str = Field(index=True, max_length=64)
    input_sha256: str = Field(max_length=64)
    year: int
    counts: dict = Field(default_factory=dict, sa_column=Column(JSON))
    uploaded_by: int = Field(foreign_key="user.id")
    uploaded_at: dt.datetime = Field(default_factory=now)


class BundleFile(SQLModel, table=True):
    """Every file of an upload, kept byte for byte with its sha256 (R-AUDIT)."""

    id: int | None = Field(default=None, primary_key=True)
    bundle_id: int = Field(foreign_key="bundle.id", index=True)
    name: str = Field(max_length=255)
    sha256: str = Field(max_length=64)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class Plan(SQLModel, table=True):
    # one next version per plan (0002_flow): of two revisions of one plan at once, one is stored (services.create_plan)
    __table_args__ = (Index("uq_plan_supersedes", "supersedes", unique=True),)
    id: int | None = Field(default=None, primary_key=True)
    bundle_id: int = Field(foreign_key="bundle.id", index=True)
    version: int = 1
    supersedes: int | None = Field(default=None, foreign_key="plan.id")
    status: str = Field(default="queued", max_length=16)  # the job: queued, running, done, failed, cancelled
    progress: float = 0.0
    error: str | None = None
    state: str = Field(default="draft", max_length=16)  # the workflow (R-APPROVE)
    lock: int = 0  # bumped by every transition: two approvals at once, one wins
    summary: dict = Field(default_factory=dict, sa_column=Column(JSON))
    created_by: int = Field(foreign_key="user.id")
    submitted_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: dt.datetime = Field(default_factory=now)
    # issue 10 (0002_flow): the year's line of versions, what a 修订 changed, publication and the year's close
    year: int | None = Field(default=None, index=True)
    changes: dict = Field(default_factory=dict, sa_column=Column(JSON))
    published_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None  # the year closed: the seed is revealed (R-PUBLISH)
    # integrity (issue 13): the plan folder's files at generation, their digest, the digest approved
    files_sha256: dict | None = Field(default=None, sa_column=Column(JSON))
    sha256: str | None = Field(default=None, max_length=64)
    approved_sha256: str | None = Field(default=None, max_length=64)
    job_pid: int | None = None  # the generating process (its own process group), while it runs


class PlanFile(SQLModel, table=True):
    """Every file of a plan's folder as generated, gzip-compressed (a city's 35 MB folder is about 4 MB), with the
    sha256 of its uncompressed bytes (Plan.files_sha256 names the same). The data directory's copy is then a cache:
    a database restored without its data directory lays each folder out again (api.services.plan_folder; round 30 —
    every `why` page and folder.zip answered 409 before, the folders living only on disk)."""

    __tablename__ = "plan_file"
    __table_args__ = (UniqueConstraint("plan_id", "name", name="uq_plan_file_name"),)
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    name: str = Field(max_length=255)
    sha256: str = Field(max_length=64)
    content_gz: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class VisitRow(SQLModel, table=True):
    __tablename__ = "visit"
    __table_args__ = (UniqueConstraint("plan_id", "visit_id"),)
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    visit_id: str = Field(max_length=16)
    date: str = Field(index=True, max_length=10)
    enterprise_id: str = Field(index=True, max_length=18)
    district_code: str = Field(max_length=6)
    mode: str = Field(max_length=8)
    lead_agency_id: str = Field(max_length=64)
    agency_ids: str
    item_ids: str
    officer_ids: str
    team_ids: str
    basis: str = Field(max_length=16)
    trigger_id: str = ""
    tier: str = Field(max_length=1)


class SelectionRow(SQLModel, table=True):
    __tablename__ = "selection"
    __table_args__ = (UniqueConstraint("plan_id", "enterprise_id"),)
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    enterprise_id: str = Field(max_length=18)
    name: str = ""
    tier: str = Field(max_length=1)
    risk_score: float
    selected: bool
    basis: str = Field(max_length=16)
    draw_rank: int | None = None
    visits_planned: int
    reason_zh: str
    reason_en: str
    sector: str = Field(default="", max_length=16)  # 0002_flow: for browsing by sector
    district_code: str = Field(default="", max_length=6)


class Approval(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    user_id: int = Field(foreign_key="user.id")
    decision: str = Field(max_length=16)  # submitted | approved | rejected | published | superseded | closed | discarded: the plan's timeline
    comment: str = ""
    at: dt.datetime = Field(default_factory=business_now)  # the service's day where a demo pins it (api.clock)


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=now, index=True)
    user_id: int | None = Field(default=None, foreign_key="user.id")
    username: str = ""
    action: str = Field(max_length=32)
    plan_id: int | None = Field(default=None, index=True)
    bundle_id: int | None = None
    detail: dict = Field(default_factory=dict, sa_column=Column(JSON))


# ---- the year in motion (execution/, issue 11) ----------------------------------------------
class YearState(SQLModel, table=True):
    """An approved plan's year: visit states, records, milestones, versions (execution.Year.dump()), compare-and-set on lock."""

    __tablename__ = "year_state"
    plan_id: int = Field(foreign_key="plan.id", primary_key=True)
    state: dict = Field(default_factory=dict, sa_column=Column(JSON))
    lock: int = 0
    updated_at: dt.datetime = Field(default_factory=now)


class YearRun(SQLModel, table=True):
    """The one plan carried out for a plan year, claimed by its first act (yearstore.change): the year is the key, so
    of two first acts on two plans of one year at the same moment the database lets one commit (walk9 refused the
    sequential case by reading the other plans' states; two transactions both read "nobody runs" before either wrote)."""

    __tablename__ = "year_run"
    year: int = Field(primary_key=True)
    plan_id: int = Field(foreign_key="plan.id")
    at: dt.datetime = Field(default_factory=now)


class VisitCode(SQLModel, table=True):
    """R-CODE: an unguessable code → one visit of one plan."""

    __tablename__ = "visit_code"
    code: str = Field(primary_key=True, max_length=64)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    visit_id: str = Field(max_length=16)


class UserScope(SQLModel, table=True):
    """A user who records visits for one agency and/or team only (R-RECORD: a record is the caller's own)."""

    __tablename__ = "user_scope"
    user_id: int = Field(foreign_key="user.id", primary_key=True)
    agency_id: str | None = Field(default=None, max_length=64)
    team_id: str | None = Field(default=None, max_length=64)


class _Stored(Protocol):
    id: int | None


def row_id(row: _Stored) -> int:
    """A stored row's primary key. SQLModel types `id` as optional because it is None until the
    row is inserted (flushed); after that it never is, and this says so where a caller relies on it."""
    if row.id is None:
        raise RuntimeError(f"{type(row).__name__} has no id: it was not stored (flushed) yet")
    return row.id
