"""Request and response shapes of the HTTP contract (apart from the tables)."""

from __future__ import annotations

from pydantic import AliasChoices, BaseModel, ConfigDict, Field


class Body(BaseModel):
    """A request's JSON body: a field it does not know is refused (422 naming it), never dropped (walk15, walk29,
    review29, foreign36: a note, a ratio, a date, a leave's reason were each answered 200 and lost)."""

    model_config = ConfigDict(extra="forbid")


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"


class PasswordChange(Body):
    """修改密码: the user's own password, the current one first (api/security.py `Logins.change_password`)."""

    current_password: str = Field(max_length=1024)
    new_password: str = Field(max_length=1024)


class ProblemOut(BaseModel):
    file: str
    row: int
    column: str
    message_zh: str
    message_en: str


class BundleOut(BaseModel):
    """Two digests of one upload (web40: the page showed the second under the first's name): `sha256` is the uploaded
    file's as sent (what `sha256sum` of the .zip or .xlsx gives), `input_sha256` the bundle's content, over the files
    kept (plan.json's `input_sha256`; a zip's other members are not kept)."""

    id: int
    sha256: str = Field(description="压缩包 sha256: the uploaded file as sent (sha256sum of the .zip/.xlsx)")
    input_sha256: str = Field(description="内容 input_sha256: over the bundle's kept files, as plan.json's input_sha256")
    counts: dict[str, int]
    existing: bool = Field(False, description="the same file was stored before: this is that bundle, nothing new was stored (HTTP 200)")


class BundleInvalidOut(BaseModel):
    """422 on an upload: every problem (file, row, column, both languages), with the envelope every error has
    (api.guard.error_json)."""

    detail: str
    message_zh: str
    message_en: str
    errors: list[ProblemOut]


class PlanCreate(Body):
    bundle_id: int = Field(ge=1, le=2**31 - 1)


class PlanOut(BaseModel):
    id: int
    status: str
    progress: float = 0.0
    version: int = 1
    state: str = "draft"
    summary: dict = Field(default_factory=dict)
    bundle_id: int | None = None
    supersedes: int | None = None
    error: str | None = None
    year: int | None = None
    created_by: int | None = None
    changes: dict = Field(default_factory=dict)
    superseded_by: int | None = None


class Comment(Body):
    """At most api.services.MAX_COMMENT characters, checked there (a refusal in Chinese and English)."""

    comment: str = ""


class Reason(Body):
    """Why a draft is set aside (作废草稿): `comment`, or `reason` as the year's withdrawals call it (review29: a
    `{"reason": …}` was dropped and answered "needs a reason"). Any other field is refused (422)."""

    comment: str = Field(default="", validation_alias=AliasChoices("comment", "reason"))


class Note(Body):
    """The submitter's note to the leader (提交说明): `note`, or `comment` as approve and reject and the page's form call
    it (walk15 #14: `{"comment": …}` answered 200 and the note was dropped). Any other field is refused (422)."""

    note: str = Field(default="", validation_alias=AliasChoices("note", "comment"))


class TierChange(Body):
    """walk29: {"ratio": 30} answered "the revision changes nothing"."""

    sample_ratio: float | None = Field(default=None, ge=0, le=1)
    visits: int | None = Field(default=None, ge=1, le=12)


class Revision(Body):
    """修订: what the next version changes (policy values, months or days to avoid). A field it does not know is refused
    (422 naming it), not dropped (walk29: {"ratio_B": 30} answered "the revision changes nothing")."""

    tiers: dict[str, TierChange] = Field(default_factory=dict)
    policy: dict[str, float] = Field(default_factory=dict)
    avoid_months: list[int] = Field(default_factory=list)
    avoid_dates: list[str] = Field(default_factory=list, max_length=400)
    note: str = ""


class TimelineOut(BaseModel):
    decision: str
    comment: str
    username: str
    role: str
    at: str


class StateOut(BaseModel):
    id: int
    state: str


class ClosedOut(StateOut):
    """The year closed: what it still owed then (the counts the audit keeps; walk41 Y3)."""

    left_open: dict[str, int] | None = Field(default=None, description="visits, triggers and deadlines still open when closed")


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
    enterprise_name: str = ""


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
    detail: dict
