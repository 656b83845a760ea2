"""Web pages for planners and leaders (Chinese first, English switch) and the public plan."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlmodel import col, select

from api import services
from api.deps import COOKIE, PlanId, SessionDep, optional_user
from api.i18n import T
from api.models import BundleUpload, Plan, User, VisitRow
from api.routers.auth import client_address
from api.routers.bundles import receive
from api.routers.public import published
from api.security import LoginRefused, revoke_token
from bundle import BundleInvalid

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parents[1] / "templates")
TIER_COLOR = {"A": "#7fb77e", "B": "#c9d66b", "C": "#f0a845", "D": "#d9534f"}


def _lang(request: Request) -> str:
    return "en" if (request.query_params.get("lang") or request.cookies.get("lang")) == "en" else "zh"


def page(request: Request, name: str, status_code: int = 200, **ctx: object) -> HTMLResponse:
    lang = _lang(request)
    r = templates.TemplateResponse(request, name, {"t": T[lang], "lang": lang, **ctx}, status_code=status_code)
    if request.query_params.get("lang") in ("zh", "en"):
        r.set_cookie("lang", request.query_params["lang"], samesite="lax")
    return r


def _user(request: Request, session: SessionDep) -> User | None:
    return optional_user(request, session, None)


def _login_redirect() -> RedirectResponse:
    return RedirectResponse("/login", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return page(request, "login.html", error=None)


@router.post("/login", response_model=None)
async def login(request: Request, username: Annotated[str, Form()], password: Annotated[str, Form()]) -> Response:
    try:  # the API's path: throttled, constant-time, no connection held (api/security.py)
        _, tok = await request.app.state.logins.authenticate(username, password, client_address(request))
    except LoginRefused as e:
        r = page(request, "login.html", status_code=e.status, error=f"{e.zh} / {e.en}")
        r.headers.update(e.headers)
        return r
    r = RedirectResponse("/", status_code=303)
    r.set_cookie(COOKIE, tok, httponly=True, samesite="lax", secure=request.app.state.settings.secure_cookies)
    return r


@router.api_route("/logout", methods=["GET", "POST"])
def logout(request: Request, session: SessionDep) -> RedirectResponse:
    """Ends the session for real: the token is revoked, not just the cookie dropped."""
    if tok := request.cookies.get(COOKIE):
        revoke_token(session, tok)
    r = _login_redirect()
    r.delete_cookie(COOKIE)
    return r


@router.get("/", response_model=None)
def home(request: Request, session: SessionDep, errors: list | None = None) -> Response:  # type: ignore[type-arg]
    user = _user(request, session)
    if user is None:
        return _login_redirect()
    bundles = session.exec(select(BundleUpload).order_by(col(BundleUpload.id).desc()).limit(50)).all()
    plans = session.exec(select(Plan).order_by(col(Plan.id).desc()).limit(50)).all()
    return page(request, "home.html", user=user, bundles=bundles, plans=plans, errors=errors)


@router.post("/upload", response_model=None)
async def upload(request: Request, session: SessionDep, file: Annotated[UploadFile, File()]) -> Response:
    user = _user(request, session)
    if user is None:
        return _login_redirect()
    if user.role not in ("planner", "admin"):
        return page(request, "message.html", status_code=403, message="需要计划编制人员 / planners only", user=user)
    try:  # the API's path: size cap, worker process, caps (api/uploads.py)
        await run_in_threadpool(receive, request, session, user, file)
    except BundleInvalid as e:
        session.rollback()
        r = home(request, session, errors=[p.as_dict() for p in e.problems])
        r.status_code = 422
        return r
    return RedirectResponse("/", status_code=303)


@router.post("/bundles/{bundle_id}/generate", response_model=None)
def generate(bundle_id: PlanId, request: Request, session: SessionDep) -> Response:
    user = _user(request, session)
    if user is None:
        return _login_redirect()
    if user.role not in ("planner", "admin"):
        return page(request, "message.html", status_code=403, message="需要计划编制人员 / planners only", user=user)
    p = services.create_plan(session, user, bundle_id)
    request.app.state.jobs.submit(p.id)
    return RedirectResponse(f"/plans/{p.id}", status_code=303)


def month_chart(rows: list[VisitRow]) -> dict[str, object]:
    """Stacked bars: visits per month by tier, as SVG-ready numbers."""
    by = defaultdict(Counter)
    for r in rows:
        by[r.date[:7]][r.tier] += 1
    months = sorted(by)
    top = max((sum(c.values()) for c in by.values()), default=1)
    bars = []
    for i, m in enumerate(months):
        y = 200
        for t in "DCBA":
            h = 190 * by[m][t] / top
            if h:
                y -= h
                bars.append({"x": 40 + i * 45, "y": round(y, 1), "h": round(h, 1), "color": TIER_COLOR[t], "title": f"{m} {t}: {by[m][t]}"})
    return {"months": months, "bars": bars, "top": top, "totals": [sum(by[m].values()) for m in months]}


def team_load(rows: list[VisitRow]) -> tuple[list[str], list[tuple[str, list[int]]]]:
    load: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        for t in filter(None, r.team_ids.split(";")):
            load[t][r.date[:7]] += 1
    months = sorted({m for c in load.values() for m in c})
    return months, [(t, [load[t][m] for m in months]) for t in sorted(load)]


@router.get("/plans/{plan_id}", response_model=None)
def plan_page(plan_id: PlanId, request: Request, session: SessionDep, error: str | None = None) -> Response:
    user = _user(request, session)
    if user is None:
        return _login_redirect()
    p = session.get(Plan, plan_id)
    if p is None:
        return page(request, "message.html", status_code=404, message="没有这个计划 / no such plan", user=user)
    rows = list(session.exec(select(VisitRow).where(VisitRow.plan_id == plan_id))) if p.status == "done" else []
    months, teams = team_load(rows)
    return page(request, "plan.html", user=user, plan=p, chart=month_chart(rows), months=months, teams=teams, error=error,
                colors=TIER_COLOR)


@router.post("/plans/{plan_id}/{action}", response_model=None)
def act(plan_id: PlanId, action: str, request: Request, session: SessionDep, comment: Annotated[str, Form()] = "") -> Response:
    user = _user(request, session)
    if user is None:
        return _login_redirect()
    p = session.get(Plan, plan_id)
    if p is None or action not in ("submit", "approve", "reject", "publish"):
        return page(request, "message.html", status_code=404, message="not found", user=user)
    try:
        if action == "submit":
            services.submit(session, user, p)
        elif action == "publish":
            services.publish(session, user, p)
        else:
            services.decide(session, user, p, action == "approve", comment)
    except services.Refused as e:
        return RedirectResponse(f"/plans/{plan_id}?error={e.zh} / {e.en}", status_code=303)
    return RedirectResponse(f"/plans/{plan_id}", status_code=303)


@router.get("/plans/{plan_id}/why", response_model=None)
def why_page(plan_id: PlanId, request: Request, session: SessionDep, enterprise: str = "") -> Response:
    user = _user(request, session)
    if user is None:
        return _login_redirect()
    p = session.get(Plan, plan_id)
    if p is None or p.status != "done":
        return page(request, "message.html", status_code=404, message="计划未就绪 / plan not ready", user=user)
    w = request.app.state.folders.get(plan_id).why(enterprise.strip())
    return page(request, "why.html", user=user, plan=p, w=w, enterprise=enterprise, status_code=200 if w else 404)


@router.get("/public/plans/{plan_id}", response_model=None)
def public_page(plan_id: PlanId, request: Request, session: SessionDep) -> Response:
    from fastapi import HTTPException

    try:
        data = published(session, plan_id)
    except HTTPException:
        return page(request, "message.html", status_code=404, message="该计划尚未公示 / not published", user=None)
    return page(request, "public.html", data=data, user=None)
