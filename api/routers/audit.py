from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from sqlmodel import col, select

from api.deps import OptionalId, SessionDep, require
from api.models import AuditEvent, User, row_id
from api.schemas import AuditOut

router = APIRouter(prefix="/api/audit", tags=["audit"])


@router.get("", response_model=list[AuditOut])
def events(session: SessionDep, user: Annotated[User, Depends(require("leader", "admin", "auditor"))], plan_id: OptionalId = None) -> list[AuditOut]:
    q = select(AuditEvent).order_by(col(AuditEvent.id))
    if plan_id is not None:
        q = q.where(AuditEvent.plan_id == plan_id)
    return [AuditOut(id=row_id(e), at=e.at.isoformat(), username=e.username, action=e.action, plan_id=e.plan_id, bundle_id=e.bundle_id,
                     detail=e.detail) for e in session.exec(q.limit(5000))]
