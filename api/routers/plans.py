from __future__ import annotations

import io
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as FPath
from fastapi.responses import StreamingResponse
from sqlmodel import Session, col, func, select

from api import services
from api.deps import CurrentUser, OptionalId, PlanId, SessionDep, require
from api.models import Plan, User, VisitRow
from api.schemas import Comment, PlanCreate, PlanOut, StateOut, VisitOut, VisitPage

router = APIRouter(prefix="/api/plans", tags=["plans"])
Planner = Annotated[User, Depends(require("planner", "admin"))]


def plan_or_404(session: Session, plan_id: int) -> Plan:
    p = session.get(Plan, plan_id)
    if p is None:
        raise HTTPException(404, "没有这个计划 / no such plan")
    return p


def plan_out(p: Plan) -> PlanOut:
    return PlanOut(id=p.id, status=p.status, progress=p.progress, version=p.version, state=p.state, summary=p.summary,  # type: ignore[arg-type]
                   bundle_id=p.bundle_id, supersedes=p.supersedes, error=(p.error or "").split("\n")[0] or None)


def refused(e: services.Refused) -> HTTPException:
    return HTTPException(e.status, f"{e.zh} / {e.en}")


@router.post("", status_code=202, response_model=PlanOut)
def create(request: Request, session: SessionDep, user: Planner, body: PlanCreate, supersedes: OptionalId = None) -> PlanOut:
    """Generate a plan from a stored bundle, in the background; poll GET /api/plans/{id}."""
    try:
        p = services.create_plan(session, user, body.bundle_id, supersedes)
    except services.Refused as e:
        raise refused(e) from None
    request.app.state.jobs.submit(p.id)
    return plan_out(p)


@router.get("", response_model=list[PlanOut])
def list_plans(session: SessionDep, user: CurrentUser) -> list[PlanOut]:
    return [plan_out(p) for p in session.exec(select(Plan).order_by(col(Plan.id).desc()).limit(200))]


@router.get("/{plan_id}", response_model=PlanOut)
def get(plan_id: PlanId, session: SessionDep, user: CurrentUser) -> PlanOut:
    return plan_out(plan_or_404(session, plan_id))


def _act(session: Session, plan_id: int, step: Callable[[Plan], str]) -> StateOut:
    """Run one workflow step on the plan; a refusal becomes its 403 or 409."""
    p = plan_or_404(session, plan_id)
    try:
        return StateOut(id=plan_id, state=step(p))
    except services.Refused as e:
        raise refused(e) from None


@router.post("/{plan_id}/submit", response_model=StateOut, responses={403: {}, 409: {}})
def submit(plan_id: PlanId, session: SessionDep, user: CurrentUser) -> StateOut:
    return _act(session, plan_id, lambda p: services.submit(session, user, p))


@router.post("/{plan_id}/approve", response_model=StateOut, responses={403: {}, 409: {}})
def approve(plan_id: PlanId, session: SessionDep, user: CurrentUser, body: Comment) -> StateOut:
    return _act(session, plan_id, lambda p: services.decide(session, user, p, True, body.comment))


@router.post("/{plan_id}/reject", response_model=StateOut, responses={403: {}, 409: {}})
def reject(plan_id: PlanId, session: SessionDep, user: CurrentUser, body: Comment) -> StateOut:
    return _act(session, plan_id, lambda p: services.decide(session, user, p, False, body.comment))


@router.post("/{plan_id}/publish", response_model=StateOut, responses={403: {}, 409: {}})
def publish(plan_id: PlanId, session: SessionDep, user: CurrentUser) -> StateOut:
    return _act(session, plan_id, lambda p: services.publish(session, user, p))


def folder_of(request: Request, session: Session, plan_id: int):  # type: ignore[no-untyped-def]
    p = plan_or_404(session, plan_id)
    if p.status != "done":
        raise HTTPException(409, "计划尚未生成完成 / the plan is not generated yet")
    return request.app.state.folders.get(plan_id)


@router.get("/{plan_id}/enterprises/{enterprise_id}/why")
def why(plan_id: PlanId, enterprise_id: Annotated[str, FPath(max_length=18)], request: Request, session: SessionDep, user: CurrentUser) -> dict:  # type: ignore[type-arg]
    """The content of `inspection why`: reason, tier, risk factors, draw rank, visits and their rules."""
    w = folder_of(request, session, plan_id).why(enterprise_id)
    if w is None:
        raise HTTPException(404, "该企业不在本计划的名录中 / enterprise not in this plan")
    return w


@router.get("/{plan_id}/visits", response_model=VisitPage)
def visits(plan_id: PlanId, session: SessionDep, user: CurrentUser, date: str | None = None, team: str | None = None,
           agency: str | None = None, enterprise: str | None = None,
           offset: Annotated[int, Query(ge=0, le=10**9)] = 0, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> VisitPage:
    plan_or_404(session, plan_id)
    q = select(VisitRow).where(VisitRow.plan_id == plan_id)
    if date:
        q = q.where(VisitRow.date == date)
    if enterprise:
        q = q.where(VisitRow.enterprise_id == enterprise)
    if team:
        q = q.where(col(VisitRow.team_ids).contains(team))
    if agency:
        q = q.where(col(VisitRow.agency_ids).contains(agency))
    total = session.exec(select(func.count()).select_from(q.subquery())).one()
    rows = session.exec(q.order_by(VisitRow.visit_id).offset(offset).limit(limit)).all()
    items = [VisitOut(visit_id=r.visit_id, date=r.date, enterprise_id=r.enterprise_id, district_code=r.district_code, mode=r.mode,
                      lead_agency_id=r.lead_agency_id, agency_ids=r.agency_ids.split(";"), item_ids=r.item_ids.split(";"),
                      officer_ids=[o for o in r.officer_ids.split(";") if o], team_ids=[t for t in r.team_ids.split(";") if t],
                      basis=r.basis, trigger_id=r.trigger_id, tier=r.tier) for r in rows]
    return VisitPage(total=total, offset=offset, limit=limit, items=items)


@router.get("/{plan_id}/export.xlsx")
def export(plan_id: PlanId, request: Request, session: SessionDep, user: CurrentUser) -> StreamingResponse:
    """For the leader's signature: a visits sheet and a summary sheet, in Chinese."""
    from api.export import workbook

    p = plan_or_404(session, plan_id)
    if p.status != "done":
        raise HTTPException(409, "计划尚未生成完成 / the plan is not generated yet")
    data = workbook(session, p)
    services.audit(session, user, "plan.export", plan_id=plan_id)
    session.commit()
    return StreamingResponse(io.BytesIO(data), media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                             headers={"Content-Disposition": f'attachment; filename="plan-{plan_id}-v{p.version}.xlsx"'})
