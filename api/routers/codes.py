"""R-CODE: the inspection code's public page 检查码. Whoever holds the code (the enterprise) sees this visit's
basis, items, agencies, approval, officers' names and certificate numbers and how to check them; nothing about
any other enterprise. A code that does not exist, is malformed, or belongs to a plan not executable answers the
same 404, so a guess learns nothing. A logged-in officer is offered the full record."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import escape

from api import yearstore
from api.deps import SessionDep, optional_user
from api.models import Plan
from api.routers import pages
from execution.notice import code_url, notice_pdf, notice_refusal, public_view, qr_svg

router = APIRouter(tags=["codes"])
templates = pages.templates  # one environment: the CSRF globals and filters the pages have
NOT_FOUND = "没有这个检查码 / no such inspection code"


def _find(request: Request, session: SessionDep, code: str) -> tuple[Any, str]:
    found = yearstore.by_code(session, request.app.state.settings, code)
    if found is None:
        raise HTTPException(404, NOT_FOUND)
    return found[0], found[1]


def _view(session: SessionDep, y: Any, vid: str, plan_id: int) -> dict[str, Any]:
    """public_view for the page and the JSON, with the approved plan's own version number: the year's versions count
    from 1 (the plan as approved, then each in-year change), so "第1版" on the code page contradicted "v2" on the plan
    and public pages. public_view's own fields stay as they are (`version` among them)."""
    view = public_view(y, y.visits[vid])
    plan = session.get(Plan, plan_id)
    view["approval"]["plan_version"] = plan.version if plan is not None else None
    view["approval"]["in_year_change"] = view["approval"]["version"] - 1  # 0: the visit is in the plan as approved
    return view


@router.get("/api/v/{code}")
def code_json(code: str, request: Request, session: SessionDep) -> dict[str, Any]:
    """The code page's facts as JSON; `approval` carries `plan_version` (the page's 年度计划第N版) and `in_year_change`
    beside `version`, the year's own count (walk15: `"version": 1` beside a page saying 第2版)."""
    found = yearstore.by_code(session, request.app.state.settings, code)
    if found is None:
        raise HTTPException(404, NOT_FOUND)
    y, vid, plan_id = found
    return _view(session, y, vid, plan_id)


@router.get("/v/{code}/qr.svg", include_in_schema=False)
def code_qr(code: str, request: Request, session: SessionDep) -> Response:
    _find(request, session, code)
    return Response(qr_svg(code_url(request.app.state.settings.public_url or str(request.base_url), code)), media_type="image/svg+xml")


def notice_refused(y: Any, vid: str) -> Any:
    """Why this visit's 行政检查通知书 is not made (execution.notice: a remote check, cancelled, its day passed unrecorded;
    R-APPROVE: from a change still waiting), or None."""
    from execution import YearError

    refused = notice_refusal(y.visits[vid], yearstore.today())
    if refused is None:
        try:
            y.require_approved(vid, "制发通知书", "no notice until it is")
        except YearError as e:
            refused = e
    return refused


@router.get("/v/{code}/notice.pdf", include_in_schema=False, response_model=None)
def code_notice(code: str, request: Request, session: SessionDep) -> Response:
    """The enterprise's own 行政检查通知书, with the code alone (web40 W10: the code page showed the notice's content and
    no way to the notice, whose route needs a login). The code names one visit: only that visit's notice is made here,
    whatever else the request carries; a code unknown answers as the page does (404); printing it changes nothing (the
    planner's batch print notifies)."""
    from execution import YearError

    y, vid = _find(request, session, code)
    try:
        pdf = notice_pdf(y, [vid], (request.app.state.settings.public_url or str(request.base_url)).rstrip("/"), yearstore.today())
    except YearError as e:
        return HTMLResponse(f"<!doctype html><meta charset=utf-8><title>{e.status}</title><p class=error>{escape(e.zh)} / "
                            f"{escape(e.en)}</p><p><a href=\"/v/{quote(code)}\">←</a></p>", status_code=e.status)
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="notice-{vid}.pdf"'})


@router.get("/v", include_in_schema=False)
def code_lookup(code: Annotated[str, Query(max_length=200)] = "") -> RedirectResponse:
    """The public plans page's box (walk41 Y13: an enterprise holding a paper notice had nowhere to type its code): to
    the code's page, spaces around it dropped; an unknown code answers there as any (404, a link to the plans)."""
    code = code.strip()
    return RedirectResponse(f"/v/{quote(code, safe='')}" if code else "/public/plans", status_code=303)


@router.get("/v/{code}", response_class=HTMLResponse, include_in_schema=False)
def code_page(code: str, request: Request, session: SessionDep) -> HTMLResponse:
    from api.i18n import T

    lang = "en" if (request.query_params.get("lang") or request.cookies.get("lang")) == "en" else "zh"
    user = optional_user(request, session, None)
    found = yearstore.by_code(session, request.app.state.settings, code)
    if found is None:
        # an enterprise has no login: lead it to the published plans, not to the staff's login (review14)
        return templates.TemplateResponse(request, "message.html", {"t": T[lang], "lang": lang, "user": user, "message": NOT_FOUND,
                                                                    "links": [("/public/plans", "公示的年度计划 / published plans")]},
                                          status_code=404)
    y, vid, plan_id = found
    r = templates.TemplateResponse(request, "code.html", {"t": T[lang], "lang": lang, "user": user, "view": _view(session, y, vid, plan_id),
                                                          "code": code, "visit_id": vid if user else None, "plan_id": plan_id,
                                                          "today": yearstore.today().isoformat(),
                                                          "notice": notice_refused(y, vid) is None})
    if request.query_params.get("lang") in ("zh", "en"):  # remembered as every other page does (walk46 G12)
        r.set_cookie("lang", request.query_params["lang"], samesite="lax")
    return r
