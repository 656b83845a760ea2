from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlmodel import col, select

from api.deps import OptionalId, SessionDep, require
from api.models import AuditEvent, User, row_id
from api.schemas import AuditOut

router = APIRouter(prefix="/api/audit", tags=["audit"])
PAGE_MAX = 5000  # events per answer; the next page starts `after` the last id


@router.get("", response_model=list[AuditOut])
def events(session: SessionDep, user: Annotated[User, Depends(require("leader", "admin", "auditor"))], plan_id: OptionalId = None,
           after: Annotated[int, Query(ge=0, le=2**62, description="events with an id above this one (the last id of the previous page)")] = 0,
           limit: Annotated[int, Query(ge=1, le=PAGE_MAX)] = PAGE_MAX) -> list[AuditOut]:
    """The audit trail, oldest first, a page at a time: `after` the last id seen (review10: a year's trail passes 5,000
    events and its newest acts were out of reach)."""
    q = select(AuditEvent).where(col(AuditEvent.id) > after).order_by(col(AuditEvent.id))
    if plan_id is not None:
        q = q.where(AuditEvent.plan_id == plan_id)
    return [AuditOut(id=row_id(e), at=e.at.isoformat(), username=e.username, action=e.action, plan_id=e.plan_id, bundle_id=e.bundle_id,
                     detail=e.detail) for e in session.exec(q.limit(limit))]
