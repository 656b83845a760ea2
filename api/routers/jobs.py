"""Stopping a plan job: its process group (the solver processes too) is killed at once."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request

from api.deps import PlanId, SessionDep, require
from api.models import Plan, User

router = APIRouter(prefix="/api/plans", tags=["plans"])


@router.post("/{plan_id}/cancel", responses={403: {}, 404: {}, 409: {}})
def cancel(plan_id: PlanId, request: Request, session: SessionDep, user: Annotated[User, Depends(require("planner", "admin"))]) -> dict[str, str]:
    """Cancel a queued or running plan (its creator or an admin): it ends `cancelled` (已取消), with the reason."""
    from api.jobs import CANCELLED
    from api.services import audit

    p = session.get(Plan, plan_id)
    if p is None:
        raise HTTPException(404, "没有这个计划 / no such plan")
    if user.role != "admin" and p.created_by != user.id:
        raise HTTPException(403, "只有创建者或管理员可以取消 / only its creator or an admin cancels a plan")
    if p.status not in ("queued", "running"):
        from api.i18n import say  # the job's state in words: "计划已done" read the code (walk28)

        raise HTTPException(409, f"计划{say('zh', 'jobs', p.status)}，无需取消 / the plan is {p.status}: nothing to cancel")
    if not request.app.state.jobs.cancel(plan_id, f"已由 {user.username} 取消 / cancelled by {user.username}"):
        raise HTTPException(409, "计划已结束 / the plan already ended")
    audit(session, user, "plan.cancel", plan_id=plan_id)
    session.commit()
    return {"status": CANCELLED}
