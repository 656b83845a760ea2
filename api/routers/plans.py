from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as FPath
from fastapi.responses import Response, StreamingResponse
from sqlalchemy import literal
from sqlmodel import Session, col, func, or_, select

from api import flow, services, yearstore
from api.clock import today
from api.deps import CurrentUser, OptionalId, PlanId, SessionDep, require
from api.models import Plan, SelectionRow, User, VisitRow, YearState, row_id
from api.schemas import ClosedOut, Comment, Note, PlanCreate, PlanOut, Reason, Revision, StateOut, TimelineOut, VisitOut, VisitPage
from bundle import BundleInvalid
from bundle.problems import first_problems
from execution import Year, YearError
from execution.year import EXECUTABLE_PLAN_STATES
from risk.tiers import percent_exact
from scheduler.why import factor_note

if TYPE_CHECKING:
    from sqlmodel.sql.expression import SelectOfScalar

    from api.folders import PlanFolder

router = APIRouter(prefix="/api/plans", tags=["plans"])
Planner = Annotated[User, Depends(require("planner", "admin"))]
Redrawer = Annotated[User, Depends(require("auditor", "leader", "admin"))]
FolderReader = Annotated[User, Depends(require("planner", "auditor", "leader", "admin"))]
PLAN_FILES = ("visits.csv", "selection.csv", "plan.json")  # plan.md: the contract other tools read
# plan.md invariant 12 (R-OFFICER-DRAW): the file an auditor redraws each visit's officers from, and explain.json (the
# teams and rules behind each visit); in folder.zip where the plan's record holds them (walk14: the zip lacked them)
AUDIT_FILES = ("officer_draw.json", "explain.json")
Text = Annotated[str | None, Query(max_length=200)]


def plan_or_404(session: Session, plan_id: int) -> Plan:
    p = session.get(Plan, plan_id)
    if p is None:
        raise services.Refused(404, "没有这个计划", "no such plan")
    return p


def plan_out(p: Plan, superseded_by: int | None = None, user: User | None = None) -> PlanOut:
    """The plan as the API shows it. The lottery seed only to SEED_ROLES until it is revealed (R-PUBLISH: the year
    closes): with it and the published sha256 anyone could check a guess, and with the tier's firms redraw the year
    (review8: the viewer role read it here and on the plan page)."""
    summary = p.summary
    if summary and flow.seed_withheld(p, user.role if user is not None else None):
        summary = flow.without_seed(summary)
    return PlanOut(id=row_id(p), status=p.status, progress=p.progress, version=p.version, state=p.state, summary=summary,
                   bundle_id=p.bundle_id, supersedes=p.supersedes, error=(p.error or "").split("\n")[0] or None, year=p.year,
                   created_by=p.created_by, changes=p.changes or {}, superseded_by=superseded_by)


def successor(session: Session, plan_id: int) -> int | None:
    return session.exec(select(Plan.id).where(Plan.supersedes == plan_id)).first()


@router.post("", status_code=202, response_model=PlanOut, responses={404: {}, 409: {}, 422: {}})
def create(request: Request, session: SessionDep, user: Planner, body: PlanCreate, supersedes: OptionalId = None) -> PlanOut:
    """Generate a plan from a stored bundle, in the background; poll GET /api/plans/{id}.
    `supersedes` makes it the next version of that plan (only the latest, once, from rejected/approved/published)."""
    p = services.create_plan(session, user, body.bundle_id, supersedes)
    request.app.state.jobs.submit(p.id)
    return plan_out(p, user=user)


@router.get("", response_model=list[PlanOut])
def list_plans(session: SessionDep, user: CurrentUser, queue: Annotated[str | None, Query(pattern="^(mine|to_decide)$")] = None) -> list[PlanOut]:
    """All plans, newest first; `queue=mine` (我的计划: plans I made) or `queue=to_decide` (待我审批: submitted by someone else)."""
    q = select(Plan)
    if queue == "mine":
        q = q.where(Plan.created_by == user.id)
    elif queue == "to_decide":
        q = q.where(Plan.state == "submitted", Plan.submitted_by != user.id)
    return [plan_out(p, user=user) for p in session.exec(q.order_by(col(Plan.id).desc()).limit(200))]


@router.get("/{plan_id}", response_model=PlanOut)
def get(plan_id: PlanId, session: SessionDep, user: CurrentUser) -> PlanOut:
    return plan_out(plan_or_404(session, plan_id), successor(session, plan_id), user)


@router.get("/{plan_id}/comments", response_model=list[TimelineOut])
def comments(plan_id: PlanId, session: SessionDep, user: CurrentUser) -> list[dict[str, Any]]:
    """Every submission note and decision with its comment: who, when, what."""
    plan_or_404(session, plan_id)
    return flow.timeline(session, plan_id)


@router.get("/{plan_id}/decision")
def decision(plan_id: PlanId, request: Request, session: SessionDep, user: CurrentUser) -> dict[str, Any]:
    """The leader's decision package: submitter, time, note, key figures and the risks by name, and the visits the
    calendar has overtaken since the plan was generated (`overtaken`)."""
    p = plan_or_404(session, plan_id)
    if p.status != "done":
        raise services.Refused(409, "计划尚未生成完成", "the plan is not generated yet")
    return flow.decision_package(session, p, user.role, request.app.state.settings)


@router.get("/{plan_id}/diff")
def diff(plan_id: PlanId, session: SessionDep, user: CurrentUser) -> dict[str, Any]:
    """This version against the one it supersedes."""
    p = plan_or_404(session, plan_id)
    was = services.revised_from(p)
    if was is None:
        raise services.Refused(404, "这是第一版，没有可比较的上一版", "the first version has nothing to compare with")
    old = plan_or_404(session, was)
    if p.status != "done" or old.status != "done":
        raise services.Refused(409, "计划尚未生成完成", "the plan is not generated yet")
    return flow.diff(session, p, old)


def _act(session: Session, plan_id: int, step: Callable[[Plan], str]) -> StateOut:
    """Run one workflow step on the plan; a refusal is its 403, 409 or 422."""
    p = plan_or_404(session, plan_id)
    return StateOut(id=plan_id, state=step(p))


@router.post("/{plan_id}/submit", response_model=StateOut, responses={403: {}, 409: {}, 422: {}})
def submit(plan_id: PlanId, session: SessionDep, user: CurrentUser, body: Note | None = None) -> StateOut:
    return _act(session, plan_id, lambda p: services.submit(session, user, p, body.note if body else ""))


@router.post("/{plan_id}/approve", response_model=StateOut, responses={403: {}, 409: {}, 422: {}})
def approve(plan_id: PlanId, request: Request, session: SessionDep, user: CurrentUser, body: Comment) -> StateOut:
    """Approval with the leader's comment (R-APPROVE); the plan's files are verified against their recorded sha256 first
    (409 + error id when they differ: nothing changes)."""
    return _act(session, plan_id, lambda p: services.decide(session, request.app.state.settings, user, p, True, body.comment))


@router.post("/{plan_id}/reject", response_model=StateOut, responses={403: {}, 409: {}, 422: {}})
def reject(plan_id: PlanId, request: Request, session: SessionDep, user: CurrentUser, body: Comment) -> StateOut:
    """A rejection needs a comment: the planner reads it on the plan page and at /comments."""
    return _act(session, plan_id, lambda p: services.decide(session, request.app.state.settings, user, p, False, body.comment))


@router.post("/{plan_id}/discard", response_model=StateOut, responses={403: {}, 409: {}, 422: {}})
def discard(plan_id: PlanId, session: SessionDep, user: CurrentUser, body: Reason) -> StateOut:
    """作废草稿: a draft set aside with the reason; a revision leaves the line, so its predecessor may be revised again."""
    return _act(session, plan_id, lambda p: services.discard(session, user, p, body.comment))


@router.post("/{plan_id}/publish", response_model=StateOut, responses={403: {}, 409: {}})
def publish(plan_id: PlanId, session: SessionDep, user: CurrentUser) -> StateOut:
    """Publishing retires the year's previously published version (state `superseded`)."""
    return _act(session, plan_id, lambda p: services.publish(session, user, p))


@router.post("/{plan_id}/close-year", response_model=ClosedOut, responses={403: {}, 409: {}})
def close_year(plan_id: PlanId, request: Request, session: SessionDep, user: CurrentUser) -> ClosedOut:
    """The year is over: the public page reveals the seed (R-PUBLISH). What the year still owes is no reason to refuse
    (a late record goes on after the close); the audit event keeps its counts, and the answer gives them (`left_open`:
    the page asks for a confirmation beside them; walk41 Y3)."""
    owed = yearstore.open_work(session, request.app.state.settings, plan_id)
    state = _act(session, plan_id, lambda p: services.close_year(session, user, p, owed)).state
    left = None if owed is None else {"visits": len(owed["visits"]), "triggers": len(owed["triggers"]), "deadlines": sum(owed["deadlines"].values())}
    return ClosedOut(id=plan_id, state=state, left_open=left)


def revision_changes(body: Revision, year: int) -> tuple[dict[str, Any], list[str]]:
    """A revision's policy changes and avoided days, or a 422 naming the field."""
    changes: dict[str, Any] = {}
    tiers = {}
    for t, c in body.tiers.items():
        if t not in "ABCD" or len(t) != 1:
            raise services.Refused(422, f"没有分级 {t}", f"no tier {t}")
        spec = {k: v for k, v in (("sample_ratio", c.sample_ratio), ("visits", c.visits)) if v is not None}
        if spec:
            tiers[t] = spec
    if tiers:
        changes["tiers"] = tiers
    for k, v in body.policy.items():
        if k not in flow.REVISABLE_POLICY:
            raise services.Refused(422, f"不能在此修改 {k}", f"{k} cannot be changed here")
        kind, low, high = flow.REVISABLE_POLICY[k]
        if not low <= v <= high or (kind is int and v != int(v)):
            raise services.Refused(422, f"{k} 应在 {low:g} 到 {high:g} 之间", f"{k} must be between {low:g} and {high:g}")
        changes[k] = kind(v)
    if any(not 1 <= m <= 12 for m in body.avoid_months):
        raise services.Refused(422, "月份应为 1 到 12", "months are 1 to 12")
    try:
        dates = flow.dates_of(year, body.avoid_months, body.avoid_dates)
    except ValueError as e:
        raise services.Refused(422, f"日期 {e} 应为本年度的 YYYY-MM-DD 或 YYYY-MM-DD..YYYY-MM-DD",
                               f"date {e} must be YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD within the plan year") from None
    if not changes and not dates:
        raise services.Refused(422, "修订没有任何改动", "the revision changes nothing")
    return changes, dates


def start_revision(request: Request, session: Session, user: User, plan_id: int, body: Revision) -> Plan:
    old = plan_or_404(session, plan_id)
    if user.role != "planner":
        raise services.Refused(403, "只有计划编制人员可以修订", "only a planner revises")
    changes, dates = revision_changes(body, services.plan_year(session, old) or 0)
    try:
        p = services.revise(session, user, plan_id, changes, dates)
    except BundleInvalid as e:
        session.rollback()
        if dates and any(p.column == "workday" and p.row == 0 for p in e.problems):
            # the days avoided are written into the calendar as days off: its "no working day" is the planner's form,
            # not calendar.csv, which they never touched (foreign37 #5: all twelve months ticked)
            raise services.Refused(422, "不安排检查的月份和日期覆盖了全年所有工作日：请至少留出一个工作日",
                                   "the months and days to avoid cover every working day of the year: leave at least one") from None
        zh, en = first_problems(e.problems, rows=False)
        raise services.Refused(422, f"修订后的规则无效：{zh}", f"the revised policy is invalid: {en}") from None
    if body.note.strip():
        services.audit(session, user, "plan.revise_note", plan_id=p.id, note=services._comment(body.note, False))
        session.commit()
    request.app.state.jobs.submit(p.id)
    return p


@router.post("/{plan_id}/revise", status_code=202, response_model=PlanOut, responses={403: {}, 404: {}, 409: {}, 422: {}})
def revise(plan_id: PlanId, request: Request, session: SessionDep, user: CurrentUser, body: Revision) -> PlanOut:
    """修订: the next version, with changed policy values (ratios, visits, caps, reserve) and months or days to avoid."""
    return plan_out(start_revision(request, session, user, plan_id, body), user=user)


def folder_of(request: Request, session: Session, plan_id: int) -> PlanFolder:
    p = plan_or_404(session, plan_id)
    if p.status != "done":
        raise services.Refused(409, "计划尚未生成完成", "the plan is not generated yet")
    return request.app.state.folders.get(plan_id)


def find_enterprise(session: Session, plan_id: int, query: str) -> str | None:
    """A credit code in any case, or (part of) a name: the first match's credit code."""
    q = query.strip()
    if not q:
        return None
    hit = session.exec(select(SelectionRow.enterprise_id).where(SelectionRow.plan_id == plan_id,
                                                                 func.upper(SelectionRow.enterprise_id) == q.upper())).first()
    if hit is None:
        hit = session.exec(select(SelectionRow.enterprise_id).where(SelectionRow.plan_id == plan_id,
                                                                     col(SelectionRow.name).contains(q, autoescape=True))
                           .order_by(func.length(SelectionRow.name), SelectionRow.enterprise_id)).first()
    return hit


def why_for(request: Request, session: Session, plan: Plan, query: str) -> dict[str, Any] | None:
    """The `why` answer, with names: the enterprise, agencies, items, and the draw in words."""
    eid = find_enterprise(session, row_id(plan), query)
    if eid is None:
        return None
    w = request.app.state.folders.get(plan.id).why(eid)
    if w is None:
        return None
    s = plan.summary or {}
    agencies, items = s.get("agencies", {}), {i["item_id"]: i["name"] for i in s.get("items", [])}
    row = session.exec(select(SelectionRow).where(SelectionRow.plan_id == plan.id, SelectionRow.enterprise_id == eid)).one()
    w = dict(w)
    w["name"], w["sector"], w["district_code"] = row.name, row.sector, row.district_code
    w["pool_size"] = (s.get("pools") or {}).get(w["tier"])
    if w.get("draw_rank"):
        w["draw_zh"] = f"{w['tier']}级{w['pool_size']}家中抽{w['places']}家，本企业抽签第{w['draw_rank']}位"
        w["draw_en"] = f"tier {w['tier']}: {w['places']} drawn of {w['pool_size']}; this enterprise drew place {w['draw_rank']}"
    # the factors' effects come with the folder's answer (PlanFolder.why); the note above them names their unit, by the
    # folder's own method (plan.json risk_model), else the summary's
    own = w.get("model_score")
    w["factor_note_zh"], w["factor_note_en"] = factor_note(w.get("score_method") or (s.get("risk_model") or {}).get("method"), own)
    w["model_score_shown"] = percent_exact(own) if own is not None else None
    for v in w["visits"]:
        v["agency_names"] = [agencies.get(a, a) for a in v["agencies"]]
        v["item_names"] = [items.get(i, i) for i in v["items"]]
    year_overlay(request, session, plan, w, agencies)
    return w


def started_year(request: Request, session: Session, plan: Plan) -> Year | None:
    """The plan's year where it has started (an executable plan with a YearState row, in force for its year), else None:
    a GET never starts it, and a plan another has replaced shows as approved (services.in_force_instead)."""
    if plan.state not in EXECUTABLE_PLAN_STATES or session.get(YearState, row_id(plan)) is None \
            or services.in_force_instead(session, plan) is not None:
        return None
    return yearstore.read(session, request.app.state.settings, row_id(plan))


def year_overlay(request: Request, session: Session, plan: Plan, w: dict[str, Any], agencies: dict[str, str]) -> None:
    """The year in motion over the approved plan's visits (the plan folder stays as approved): each planned visit's
    date and state now (`now`: moved, notified, done, overdue, cancelled — or `removed` when a new version took it
    out), and the visits added during the year (`year_visits`: urgent insertions, triggers, replans). Read only where
    the year has started (a YearState row): a GET never starts it."""
    w["year_visits"] = []
    y = started_year(request, session, plan)
    if y is None:
        return
    # every visit of the firm, cancelled ones too: the booking index (by_enterprise) drops a cancelled visit, which then
    # read "taken out by a new version of the plan" though a shortfall or a planner had cancelled it (walk13)
    now = {v.visit_id: v for v in y.visits.values() if v.enterprise_id == w["enterprise_id"]}
    for v in w["visits"]:
        cur = now.get(v["visit_id"])
        # the reason whatever the state: a re-plan that cut one agency from a joint visit leaves it planned on its day,
        # and only its reason says which agency no longer comes (review13)
        v["now"] = ({"date": cur.date.isoformat(), "status": cur.status, "reason": cur.reason}
                    if cur else {"date": None, "status": "removed", "reason": ""})
    planned = {v["visit_id"] for v in w["visits"]}
    w["year_visits"] = [{"visit_id": v.visit_id, "date": v.date.isoformat(), "status": v.status, "mode": v.mode, "basis": v.basis,
                         "agencies": list(v.agency_ids), "agency_names": [agencies.get(a, a) for a in v.agency_ids]}
                        for v in sorted(now.values(), key=lambda v: (v.date, v.visit_id)) if v.visit_id not in planned]


@router.get("/{plan_id}/enterprises/{enterprise_id}/why")
def why(plan_id: PlanId, enterprise_id: Annotated[str, FPath(max_length=200)], request: Request, session: SessionDep,
        user: CurrentUser) -> dict[str, Any]:
    """The content of `inspection why`, with names: reason, tier, the draw in words, items, visits and their rules.
    The enterprise is its credit code in any case, or part of its name."""
    p = plan_or_404(session, plan_id)
    folder_of(request, session, plan_id)
    w = why_for(request, session, p, enterprise_id)
    if w is None:
        raise services.Refused(404, "该企业不在本计划的名录中", "enterprise not in this plan")
    return w


def visit_query(plan_id: int, *, date: str | None = None, month: str | None = None, team: str | None = None, agency: str | None = None,
                enterprise: str | None = None, district: str | None = None, tier: str | None = None, basis: str | None = None,
                sector: str | None = None, name: str | None = None) -> SelectOfScalar[VisitRow]:
    """Visits matching every filter given. List columns match whole elements: agency=hb never finds hb2."""
    q = select(VisitRow).where(VisitRow.plan_id == plan_id)

    def member(column: Any, value: str) -> Any:  # ";a;b;" contains ";a;"
        return (literal(";") + column + literal(";")).contains(f";{value};", autoescape=True)

    if date:
        q = q.where(VisitRow.date == date)
    if month:
        q = q.where(col(VisitRow.date).startswith(month, autoescape=True))
    if enterprise:
        q = q.where(VisitRow.enterprise_id == enterprise)
    if team:
        q = q.where(member(VisitRow.team_ids, team))
    if agency:
        q = q.where(member(VisitRow.agency_ids, agency))
    if district:
        q = q.where(VisitRow.district_code == district)
    if tier:
        q = q.where(VisitRow.tier == tier)
    if basis:
        q = q.where(VisitRow.basis == basis)
    if sector or name:
        sub = select(SelectionRow.enterprise_id).where(SelectionRow.plan_id == plan_id)
        if sector:
            sub = sub.where(SelectionRow.sector == sector)
        if name:
            sub = sub.where(or_(col(SelectionRow.name).contains(name, autoescape=True), SelectionRow.enterprise_id == name.upper()))
        q = q.where(col(VisitRow.enterprise_id).in_(sub))
    return q


def visit_day(value: str | None) -> str | None:
    """The `date` filter as a day (YYYY-MM-DD), else 422 naming it as the year's date fields do (api.routers.visits._date;
    web40: `date=2027-13-99` answered 200 with no visits, which reads as "no visit that day")."""
    if not value:
        return None
    try:
        if len(value) != 10:
            raise ValueError(value)
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise HTTPException(422, YearError("date", f"检查日期应为 YYYY-MM-DD 格式的日期，实际 {value!r}",
                                           f"date must be a date YYYY-MM-DD, got {value!r}").as_dict()) from None


@router.get("/{plan_id}/visits", response_model=VisitPage)
def visits(plan_id: PlanId, session: SessionDep, user: CurrentUser, date: Text = None, month: Text = None, team: Text = None,
           agency: Text = None, enterprise: Text = None, district: Text = None, tier: Text = None, basis: Text = None,
           sector: Text = None, name: Text = None,
           offset: Annotated[int, Query(ge=0, le=10**9)] = 0, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> VisitPage:
    """Paged visits; filters match exactly (a list column matches one of its elements), `name` is part of the enterprise name."""
    plan_or_404(session, plan_id)
    q = visit_query(plan_id, date=visit_day(date), month=month, team=team, agency=agency, enterprise=enterprise, district=district, tier=tier,
                    basis=basis, sector=sector, name=name)
    total = session.exec(select(func.count()).select_from(q.subquery())).one()
    rows = session.exec(q.order_by(VisitRow.date, VisitRow.visit_id).offset(offset).limit(limit)).all()
    names = dict(session.exec(select(SelectionRow.enterprise_id, SelectionRow.name).where(
        SelectionRow.plan_id == plan_id, col(SelectionRow.enterprise_id).in_({r.enterprise_id for r in rows}))).all())
    items = [VisitOut(visit_id=r.visit_id, date=r.date, enterprise_id=r.enterprise_id, district_code=r.district_code, mode=r.mode,
                      lead_agency_id=r.lead_agency_id, agency_ids=r.agency_ids.split(";"), item_ids=r.item_ids.split(";"),
                      officer_ids=[o for o in r.officer_ids.split(";") if o], team_ids=[t for t in r.team_ids.split(";") if t],
                      basis=r.basis, trigger_id=r.trigger_id, tier=r.tier, enterprise_name=names.get(r.enterprise_id, "")) for r in rows]
    return VisitPage(total=total, offset=offset, limit=limit, items=items)


def officer_register(request: Request, session: Session, plan: Plan) -> dict[str, tuple[str, str]]:
    """officer_id → (name, certificate_no), from the plan's stored bundle (never from the summary the API serves)."""
    from bundle import load_bundle

    b = load_bundle(services.bundle_folder(session, request.app.state.settings, plan.bundle_id), today(), stored=True)
    o = b.frames["officers"]
    return {r.officer_id: (r.name, r.certificate_no or "") for r in o.itertuples(index=False)}


@router.get("/{plan_id}/export.xlsx")
def export(plan_id: PlanId, request: Request, session: SessionDep, user: CurrentUser, internal: bool = False) -> StreamingResponse:
    """A workbook to file and print: 汇总, 检查安排, 抽取名单, 未满足事项, 审批. `internal=true` adds 执法证号."""
    from api.export import workbook

    p = plan_or_404(session, plan_id)
    if p.status != "done":
        raise services.Refused(409, "计划尚未生成完成", "the plan is not generated yet")
    # once the year runs, the schedule in force leads the workbook (R-REPLAN, R-INSERT; walk15)
    data = workbook(session, p, officer_register(request, session, p), internal=internal, running=started_year(request, session, p))
    services.audit(session, user, "plan.export", plan_id=plan_id, internal=internal)
    session.commit()
    return StreamingResponse(io.BytesIO(data), media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                             headers={"Content-Disposition": f'attachment; filename="plan-{plan_id}-v{p.version}{"-internal" if internal else ""}.xlsx"'})


@router.get("/{plan_id}/selection.csv")
def selection(plan_id: PlanId, session: SessionDep, user: FolderReader) -> Response:
    """selection.csv (plan.md): with the seed (GET /redraw), what an auditor redraws the lottery from; the same roles as
    folder.zip, which holds it too (walk8: the planner got 403 here and the file in the zip)."""
    from api.export import selection_csv

    p = plan_or_404(session, plan_id)
    if p.status != "done":  # as folder.zip and /redraw: not an empty file that reads as a plan of no enterprise (walk23)
        raise services.Refused(409, "计划尚未生成完成", "the plan is not generated yet")
    return Response(selection_csv(session, p), media_type="text/csv; charset=utf-8",
                    # no-store: it names every firm drawn and, with the seed, is the lottery (docs/security.md; foreign37)
                    headers={"Content-Disposition": f'attachment; filename="selection-{plan_id}.csv"', "Cache-Control": "no-store, private"})


@router.get("/{plan_id}/folder.zip")
def folder_zip(plan_id: PlanId, request: Request, session: SessionDep, user: FolderReader) -> Response:
    """The plan folder as plan.md names it (visits.csv, selection.csv, plan.json: the seed included), byte for byte as
    recorded at generation, for an auditor's own checker (walk7: an auditor could redraw the lottery but not fetch
    plan.json). Each file is read once and its sha256 compared with the plan's record before those same bytes are
    zipped (the folder cache trusts size and mtime; review8 altered a byte and kept the mtime); a plan without a
    record of its files is refused rather than served unverified. Never cached: it holds the seed, which the public
    sees only when the year closes (R-PUBLISH)."""
    import zipfile

    from api.integrity import StoredFileError, read_verified

    p = plan_or_404(session, plan_id)
    if p.status != "done":
        raise services.Refused(409, "计划尚未生成完成", "the plan is not generated yet")
    recorded = dict(p.files_sha256 or {})
    names = PLAN_FILES + tuple(f for f in AUDIT_FILES if f in recorded)  # a plan recorded before them: the three
    data, problems = read_verified(services.plan_folder(session, request.app.state.settings, plan_id), names, recorded)
    if problems:
        raise StoredFileError(f"plan {plan_id}", problems, plan_id=plan_id)  # the app's handler reports it (409 + id)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in names:
            zf.writestr(name, data[name])
    services.audit(session, user, "plan.download", plan_id=plan_id)
    session.commit()
    return Response(buf.getvalue(), media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="plan-{plan_id}.zip"', "Cache-Control": "no-store, private"})


@router.get("/{plan_id}/redraw")
def redraw(plan_id: PlanId, session: SessionDep, user: Redrawer) -> dict[str, Any]:
    """The auditor's check (R-PUBLISH, R-SAMPLE): every draw_rank recomputed from the seed and the published scores."""
    return redraw_plan(session, user, plan_or_404(session, plan_id))


def redraw_plan(session: Session, user: User, p: Plan) -> dict[str, Any]:
    """GET /redraw's answer and the auditor's redraw page (walk14: the plan page linked raw JSON), audited as one act."""
    if p.status != "done":
        raise services.Refused(409, "计划尚未生成完成", "the plan is not generated yet")
    lot = (p.summary or {}).get("lottery", {})
    sampling, min_weight = lot.get("sampling", "weighted_lottery"), lot.get("min_lottery_weight", 0.05)
    services.audit(session, user, "plan.redraw", plan_id=p.id)
    session.commit()
    return {**flow.redraw(session, p, sampling, min_weight), "sampling": sampling, "min_lottery_weight": min_weight}
