"""The published plan (R-PUBLISH): items, legal bases, tier ratios, the seed, dates and
enterprises — never officers' names or ids, never risk scores."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from sqlmodel import Session, select

from api.deps import PlanId, SessionDep
from api.integrity import verified_content
from api.models import BundleFile, Plan, SelectionRow, VisitRow

router = APIRouter(prefix="/api/public", tags=["public"])


def published(session: Session, plan_id: int) -> dict:  # type: ignore[type-arg]
    import csv
    import io

    p = session.get(Plan, plan_id)
    if p is None or p.state != "published":
        raise HTTPException(404, "没有已公示的该计划 / no published plan with this id")
    files = {f.name: verified_content(f) for f in session.exec(select(BundleFile).where(BundleFile.bundle_id == p.bundle_id))}
    items = []
    if "items.csv" in files:
        items = [{"item_id": r["item_id"], "agency_id": r["agency_id"], "name": r["name"], "legal_basis": r["legal_basis"],
                  "sectors": r["sectors"].split(";")} for r in csv.DictReader(io.StringIO(files["items.csv"].decode("utf-8-sig", "replace")))]
    names = dict(session.exec(select(SelectionRow.enterprise_id, SelectionRow.name).where(SelectionRow.plan_id == plan_id)).all())
    visits = [{"date": r.date, "enterprise_id": r.enterprise_id, "enterprise_name": names.get(r.enterprise_id, ""), "mode": r.mode,
               "agency_ids": r.agency_ids.split(";"), "item_ids": r.item_ids.split(";"), "basis": r.basis}
              for r in session.exec(select(VisitRow).where(VisitRow.plan_id == plan_id).order_by(VisitRow.date, VisitRow.visit_id))]
    s = p.summary
    return {"id": p.id, "version": p.version, "year": s.get("year"), "seed": s.get("seed"), "state": p.state,
            "tier_ratios": s.get("tier_ratios"), "places": s.get("places"),
            "items": items, "visits": visits}


@router.get("/plans/{plan_id}")
def public_plan(plan_id: PlanId, request: Request, session: SessionDep) -> dict:  # type: ignore[type-arg]
    return published(session, plan_id)
