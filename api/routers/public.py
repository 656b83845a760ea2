"""The published plan (R-PUBLISH), for anyone: before visits are done, what is checked and
how the lottery is set, never whom or when; the seed only when the year has closed."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlmodel import Session, col, select

from api import flow
from api.clock import local
from api.deps import PlanId, SessionDep
from api.models import Plan
from api.services import Refused

router = APIRouter(prefix="/api/public", tags=["public"])


def live_plans(session: Session) -> list[Plan]:
    """The public index: each year's one published version (a superseded one has left it)."""
    return list(session.exec(select(Plan).where(Plan.state == "published").order_by(col(Plan.year).desc(), col(Plan.id).desc())).all())


def published(session: Session, plan_id: int) -> dict[str, Any]:
    p = session.get(Plan, plan_id)
    if p is None or p.state != "published":
        raise Refused(404, "没有已公示的该计划", "no published plan with this id")
    return flow.public_view(session, p)


@router.get("/plans")
def public_index(session: SessionDep) -> list[dict[str, Any]]:
    """The bureau's published plans, one per year."""
    return [{"id": p.id, "year": p.year or (p.summary or {}).get("year"), "version": p.version,
             "published_at": local(p.published_at).date().isoformat() if p.published_at else None} for p in live_plans(session)]


@router.get("/plans/{plan_id}")
def public_plan(plan_id: PlanId, session: SessionDep) -> dict[str, Any]:
    return published(session, plan_id)
