"""The audit trail (R-AUDIT): JSON at GET /api/audit, and the page /audit an auditor reads (newest first, filtered by
plan, visit and action, a page at a time). The same roles for both: leader, admin, auditor."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlmodel import col, func, select
from sqlmodel.sql.expression import SelectOfScalar

from api.clock import local
from api.deps import OptionalId, SessionDep, require
from api.models import AuditEvent, User, row_id
from api.schemas import AuditOut

router = APIRouter(tags=["audit"])
PAGE_MAX = 5000  # events per answer; the next page starts `after` the last id
AUDIT_ROLES = ("leader", "admin", "auditor")  # who reads the trail, as JSON or as the page
PAGE_ROWS = 100  # events per page of /audit: a year's trail holds thousands
# the trail's action groups (the part before the dot) in words, for the page's filter and its rows
GROUP_WORDS = {"plan": ("计划", "plan"), "bundle": ("检查包", "bundle"), "visit": ("检查", "visit"), "deadline": ("时限事项", "deadline"),
               "version": ("年内调整", "in-year change"), "trigger": ("线索", "trigger"), "case_review": ("案卷评查", "case review"),
               "officer": ("执法人员", "officer"), "user": ("账号", "account"), "auth": ("登录", "login")}


@router.get("/api/audit", response_model=list[AuditOut])
def events(session: SessionDep, user: Annotated[User, Depends(require(*AUDIT_ROLES))], plan_id: OptionalId = None,
           after: Annotated[int, Query(ge=0, le=2**62, description="events with an id above this one (the last id of the previous page)")] = 0,
           limit: Annotated[int, Query(ge=1, le=PAGE_MAX)] = PAGE_MAX) -> list[AuditOut]:
    """The audit trail, oldest first, a page at a time: `after` the last id seen (review10: a year's trail passes 5,000
    events and its newest acts were out of reach)."""
    q = select(AuditEvent).where(col(AuditEvent.id) > after).order_by(col(AuditEvent.id))
    if plan_id is not None:
        q = q.where(AuditEvent.plan_id == plan_id)
    return [AuditOut(id=row_id(e), at=e.at.isoformat(), username=e.username, action=e.action, plan_id=e.plan_id, bundle_id=e.bundle_id,
                     detail=e.detail) for e in session.exec(q.limit(limit))]


def _whole(value: str, field: str, zh: str) -> int | None:
    """A page's number field: None when empty, else a whole number ≥ 1, or ValueError naming the field both ways."""
    if not value:
        return None
    if not value.isdigit() or not 1 <= int(value) <= 2**62:
        raise ValueError(f"{zh}应为正整数，实际 {value!r} / {field} must be a whole number ≥ 1, got {value!r}")
    return int(value)


def _filtered(q: SelectOfScalar[Any], plan_id: int | None, visit_id: str, action: str) -> SelectOfScalar[Any]:
    if plan_id is not None:
        q = q.where(AuditEvent.plan_id == plan_id)
    if visit_id:  # the year's events name their visit in the detail (execution.Year.audit)
        q = q.where(col(AuditEvent.detail)["visit_id"].as_string() == visit_id)
    if action.endswith("."):  # a group: plan. visit. deadline. …
        q = q.where(col(AuditEvent.action).startswith(action, autoescape=True))
    elif action:
        q = q.where(AuditEvent.action == action)
    return q


@router.get("/audit", include_in_schema=False, response_model=None)
def audit_page(request: Request, session: SessionDep, plan_id: Annotated[str, Query(max_length=20)] = "",
               visit_id: Annotated[str, Query(max_length=16)] = "", action: Annotated[str, Query(max_length=32)] = "",
               before: Annotated[str, Query(max_length=20)] = "") -> Response:
    """审计记录: the trail newest first, PAGE_ROWS at a time (`before` the last id shown: a page stays the same while
    new events arrive). Who did what, as the trail holds it: the auditor may see who acted (R-AUDIT); the public's
    limits (R-PUBLISH) are not the auditor's."""
    from api.routers import pages

    user = pages._user(request, session)
    if user is None:
        return pages._login_redirect(request)
    if user.role not in AUDIT_ROLES:
        return pages.message(request, 403, "需要审计人员、领导或管理员账号 / this needs an auditor, leader or admin account", user)
    try:
        plan = _whole(plan_id.strip(), "plan_id", "计划编号")
        start = _whole(before.strip(), "before", "起始编号")
    except ValueError as e:
        return pages.message(request, 422, str(e), user, [("/audit", "审计记录 / audit trail")])
    visit_id, action = visit_id.strip(), action.strip()
    q = _filtered(select(AuditEvent), plan, visit_id, action)
    total = session.exec(_filtered(select(func.count()).select_from(AuditEvent), plan, visit_id, action)).one()
    if start is not None:
        q = q.where(col(AuditEvent.id) < start)
    rows = list(session.exec(q.order_by(col(AuditEvent.id).desc()).limit(PAGE_ROWS + 1)))
    older = row_id(rows[PAGE_ROWS - 1]) if len(rows) > PAGE_ROWS else None
    actions = list(session.exec(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))
    groups = sorted({a.split(".", 1)[0] + "." for a in actions if "." in a})
    kept = {k: v for k, v in (("plan_id", plan_id.strip()), ("visit_id", visit_id), ("action", action)) if v}
    shown = [{"id": row_id(e), "at": local(e.at).strftime("%Y-%m-%d %H:%M:%S"), "on": str(e.detail.get("on", "")), "username": e.username or "—",
              "action": e.action, "group": GROUP_WORDS.get(e.action.split(".", 1)[0]), "plan_id": e.plan_id, "bundle_id": e.bundle_id,
              "visit_id": str(e.detail.get("visit_id") or ""),
              # the rest of what the event holds, as written (lists and objects as JSON, Chinese kept readable)
              "detail": [(k, v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)) for k, v in e.detail.items() if k not in ("on", "visit_id")]}
             for e in rows[:PAGE_ROWS]]
    return pages.page(request, "audit.html", user=user, events=shown, total=total, older=older, first=start is not None,
                      actions=actions, groups=groups, group_words=GROUP_WORDS, filters=kept, page_rows=PAGE_ROWS)
