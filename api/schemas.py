"""Request and response shapes of the HTTP contract (apart from the tables)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"


class ProblemOut(BaseModel):
    file: str
    row: int
    column: str
    message_zh: str
    message_en: str


class BundleOut(BaseModel):
    id: int
    sha256: str
    counts: dict[str, int]


class BundleInvalidOut(BaseModel):
    errors: list[ProblemOut]


class PlanCreate(BaseModel):
    bundle_id: int = Field(ge=1, le=2**31 - 1)


class PlanOut(BaseModel):
    id: int
    status: str
    progress: float = 0.0
    version: int = 1
    state: str = "draft"
    summary: dict = Field(default_factory=dict)  # type: ignore[type-arg]
    bundle_id: int | None = None
    supersedes: int | None = None
    error: str | None = None


class Comment(BaseModel):
    comment: str = Field(default="", max_length=4000)


class StateOut(BaseModel):
    id: int
    state: str


class VisitOut(BaseModel):
    visit_id: str
    date: str
    enterprise_id: str
    district_code: str
    mode: str
    lead_agency_id: str
    agency_ids: list[str]
    item_ids: list[str]
    officer_ids: list[str]
    team_ids: list[str]
    basis: str
    trigger_id: str
    tier: str


class VisitPage(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[VisitOut]


class AuditOut(BaseModel):
    id: int
    at: str
    username: str
    action: str
    plan_id: int | None
    bundle_id: int | None
    detail: dict  # type: ignore[type-arg]
