"""Web pages for planners and leaders (Chinese first, English switch) and the public plan.
Every state-changing form is an ordinary POST form in a page extending base.html."""

from __future__ import annotations

import base64
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from sqlmodel import Session, col, func, select

from api import flow, i18n, services, yearstore
from api.clock import today
from api.deps import COOKIE, PlanId, SessionDep, optional_user
from api.i18n import T
from api.models import BundleUpload, Plan, SelectionRow, User, VisitRow, YearState, row_id
from api.routers.auth import client_address
from api.routers.bundles import receive
from api.routers.plans import redraw_plan, start_revision, successor, visit_query, why_for
from api.routers.public import live_plans, published
from api.schemas import Revision, TierChange
from api.security import LoginRefused, revoke_token
from bundle import BundleInvalid
from bundle.schema import SECTOR_ZH
from execution.year import EXECUTABLE_PLAN_STATES

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parents[1] / "templates")


@pass_context
def _say(ctx: Any, table: str, code: object, lang: str | None = None) -> str:
    """`{{ say('basis_words', v.basis) }}`: a code in the page's language (api/i18n.py), on every page of this
    environment (the year board's and the code page's too); a page in both languages names the language."""
    return i18n.say(lang or ctx.get("lang") or "zh", table, code)


@pass_context
def _model_words(ctx: Any, chosen: object) -> str:
    return i18n.model_words(ctx.get("lang") or "zh", chosen)


@pass_context
def _solver_status(ctx: Any, status: object) -> str:
    return i18n.solver_status(ctx.get("lang") or "zh", status)


@pass_context
def _bundle_name(ctx: Any, filename: str) -> str:
    return i18n.bundle_name(ctx.get("lang") or "zh", filename)


templates.env.globals.update(say=_say, model_words=_model_words, solver_status=_solver_status, bundle_name=_bundle_name,
                             seed_withheld=flow.seed_withheld)
PAGE = 50  # visits per page in the visit list


def _lang(request: Request) -> str:
    return "en" if (request.query_params.get("lang") or request.cookies.get("lang")) == "en" else "zh"


def page(request: Request, name: str, status_code: int = 200, **ctx: object) -> HTMLResponse:
    lang = _lang(request)
    # basis_zh…policy_zh: the same dictionaries as say() reads (not copies), for template lines not yet moved to say()
    r = templates.TemplateResponse(request, name, {"t": T[lang], "lang": lang, "basis_zh": flow.BASIS_ZH, "mode_zh": flow.MODE_ZH,
                                                   "kind_zh": flow.KIND_ZH, "sector_zh": SECTOR_ZH, "policy_zh": flow.POLICY_ZH,
                                                   "changes_text": flow.changes_text, **ctx}, status_code=status_code)
    if request.query_params.get("lang") in ("zh", "en"):
        r.set_cookie("lang", request.query_params["lang"], samesite="lax")
    return r


def message(request: Request, status: int, text: str, user: User | None, links: list[tuple[str, str]] | None = None) -> HTMLResponse:
    """A refusal as a page; `links` (href, words) say where to go instead, else "←" leads home."""
    return page(request, "message.html", status_code=status, message=text, user=user, links=links or [("/", "←")])


def _user(request: Request, session: SessionDep) -> User | None:
    return optional_user(request, session, None)


def _login_redirect(request: Request | None = None) -> RedirectResponse:
    """To the login page, and back to the page asked for afterwards (walk9: the visit list lost its way)."""
    if request is None:
        return RedirectResponse("/login", status_code=303)
    q = {"next": request.url.path + ("?" + request.url.query if request.url.query else "")}
    if request.query_params.get("lang") in ("zh", "en"):  # the login page in the language asked for (prod20: /?lang=en logged in Chinese)
        q["lang"] = request.query_params["lang"]
    return RedirectResponse(f"/login?{urlencode(q)}", status_code=303)


def local_next(value: str | None) -> str:
    """Where to go after logging in: a path on this site only ("/plans/3/year/visits/V1"), never another host
    ("//evil.test", "https://…", "/\\evil.test") — an officer who scans a code logged out lands back on the visit."""
    v = (value or "").strip()
    if not v.startswith("/") or v.startswith(("//", "/\\")) or len(v) > 300 or any(c < " " or c == "\\" for c in v):
        return "/"
    return v


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return page(request, "login.html", error=None, next=local_next(request.query_params.get("next")))


@router.post("/login", response_model=None)
async def login(request: Request, username: Annotated[str, Form()], password: Annotated[str, Form()],
                next: Annotated[str, Form(max_length=300)] = "/") -> Response:
    try:  # the API's path: throttled, constant-time, no connection held (api/security.py)
        _, tok = await request.app.state.logins.authenticate(username, password, client_address(request))
    except LoginRefused as e:
        r = page(request, "login.html", status_code=e.status, error=f"{e.zh} / {e.en}", next=local_next(next))
        r.headers.update(e.headers)
        return r
    to_home = RedirectResponse(local_next(next), status_code=303)
    to_home.set_cookie(COOKIE, tok, httponly=True, samesite="lax", secure=request.app.state.settings.secure_cookies)
    return to_home


@router.api_route("/logout", methods=["GET", "POST"])
def logout(request: Request, session: SessionDep) -> RedirectResponse:
    """Ends the session for real: the token is revoked, not just the cookie dropped."""
    if tok := request.cookies.get(COOKIE):
        revoke_token(session, tok)
    r = _login_redirect()
    r.delete_cookie(COOKIE)
    return r


def _problem_names(session: SessionDep, problems: list[dict[str, Any]], data: bytes, filename: str) -> dict[tuple[str, int], str]:
    """企业名称 for each problem in enterprises.csv (read again from the refused upload, best effort), read as the loader
    reads it — GBK decoded, blank lines counted in the row numbers — so the name is that of the problem's row (hunt26:
    csv.DictReader skipped blank lines and named the next firm)."""
    import io
    import zipfile

    from bundle.problems import Collector
    from bundle.reader import decode_csv, parse_csv

    out: dict[tuple[str, int], str] = {}
    wanted = {p["row"] for p in problems if p["file"] == "enterprises.csv" and p["row"] >= 2}
    try:
        if wanted and filename.lower().endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                name = next((n for n in zf.namelist() if n.rsplit("/", 1)[-1] == "enterprises.csv"), None)
                if name and zf.getinfo(name).file_size < 50 * 2**20:
                    text = decode_csv("enterprises.csv", zf.read(name), Collector())
                    table = parse_csv("enterprises.csv", text) if text is not None else None
                    if table is not None and "name" in table.header:
                        i = table.header.index("name")
                        for row, cells in table.rows:
                            if row in wanted and i < len(cells):
                                out[("enterprises.csv", row)] = cells[i]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        pass
    return out


@router.get("/", response_model=None)
def home(request: Request, session: SessionDep, errors: list | None = None, errors_xlsx: str | None = None,
         notices: list | None = None, same: BundleUpload | None = None) -> Response:
    user = _user(request, session)
    if user is None:
        return _login_redirect(request if request.query_params.get("lang") else None)
    bundles = list(session.exec(select(BundleUpload).order_by(col(BundleUpload.id).desc()).limit(50)).all())
    if same is not None and all(b.id != same.id for b in bundles):
        bundles.insert(0, same)  # "generate from that bundle": its row and form on the page, however old (review41)
    plans = session.exec(select(Plan).order_by(col(Plan.id).desc()).limit(50)).all()
    to_decide = [p for p in plans if p.state == "submitted" and p.submitted_by != user.id] if user.role == "leader" else []
    mine = [p for p in plans if p.created_by == user.id]
    return page(request, "home.html", user=user, bundles=bundles, plans=plans, errors=errors, errors_xlsx=errors_xlsx, notices=notices, same=same,
                to_decide=to_decide, mine=mine, changes=changes_to_decide(session, user, plans))


def changes_to_decide(session: Session, user: User, plans: Sequence[Plan]) -> list[dict[str, object]]:
    """A leader's in-year changes waiting for a decision (年内调整待审批): each running plan's versions still submitted,
    or started before approval (urgent, R-URGENT), made by someone else — the home page lists them beside the plans."""
    if user.role != "leader":
        return []
    out: list[dict[str, object]] = []
    for p in plans:
        ys = session.get(YearState, p.id) if p.state in ("approved", "published") else None
        for v in (ys.state.get("versions", []) if ys is not None else []):
            if v.get("state") in ("submitted", "started") and v.get("created_by") != user.username:
                out.append({"plan_id": p.id, "year": p.year, "number": v.get("number"), "kind": v.get("kind"),
                            "urgent": bool(v.get("urgent")), "summary": v.get("summary", "")})
    return out


@router.post("/upload", response_model=None)
async def upload(request: Request, session: SessionDep, file: Annotated[UploadFile, File()]) -> Response:
    user = _user(request, session)
    if user is None:
        return _login_redirect()
    if user.role not in ("planner", "admin"):
        return message(request, 403, "需要计划编制人员 / planners only", user)
    try:  # the API's path: size cap (max_upload_mb), worker process, caps (api/uploads.py)
        up, existing = await run_in_threadpool(receive, request, session, user, file)
    except HTTPException as e:  # 413 over the size cap, 503 validation busy: nothing stored
        return message(request, e.status_code, str(e.detail), user)
    except BundleInvalid as e:
        session.rollback()
        from api.export import problems_xlsx

        problems = [p.as_dict() for p in e.problems]
        file.file.seek(0)  # the spooled upload, already within max_upload_mb
        data = file.file.read()
        book = problems_xlsx(problems, _problem_names(session, problems, data, file.filename or ""))
        r = home(request, session, errors=problems, errors_xlsx=base64.b64encode(book).decode())
        r.status_code = 422
        return r
    notices = _notices(session, request, row_id(up))
    if notices or existing:  # training hours, legal review…, or the same file again: shown once, after a good upload
        return home(request, session, notices=notices, same=up if existing else None)
    return RedirectResponse("/", status_code=303)


def _notices(session: SessionDep, request: Request, bundle_id: int) -> list[dict[str, Any]]:
    from bundle import load_bundle

    try:
        b = load_bundle(services.bundle_folder(session, request.app.state.settings, bundle_id), today(), stored=True)
    except BundleInvalid:
        return []
    return [w.as_dict() for w in b.warnings]


@router.get("/template.xlsx")
def template(request: Request, session: SessionDep) -> Response:
    """导入模板: a sheet per file, its columns, drop-down lists for code columns, one example row."""
    from api.template import import_template

    return Response(import_template(), media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": "attachment; filename=\"import-template.xlsx\""})


@router.post("/bundles/{bundle_id}/generate", response_model=None)
def generate(bundle_id: PlanId, request: Request, session: SessionDep) -> Response:
    user = _user(request, session)
    if user is None:
        return _login_redirect()
    if user.role not in ("planner", "admin"):
        return message(request, 403, "需要计划编制人员 / planners only", user)
    try:
        p = services.create_plan(session, user, bundle_id)
    except services.Refused as e:
        return message(request, e.status, e.detail, user)
    request.app.state.jobs.submit(p.id)
    return RedirectResponse(f"/plans/{p.id}", status_code=303)


def _plan(request: Request, session: SessionDep, plan_id: int) -> tuple[User | None, Plan | None, Response | None]:
    user = _user(request, session)
    if user is None:
        return None, None, _login_redirect(request)
    p = session.get(Plan, plan_id)
    if p is None:
        return user, None, message(request, 404, "没有这个计划 / no such plan", user)
    return user, p, None


def shortfall_groups(shortfalls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every shortfall, grouped by kind and rule (R-…), with the binding resource in each line."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for x in shortfalls:
        groups.setdefault((str(x.get("kind", "")), str(x.get("rule", ""))), []).append(x)
    return [{"kind": k, "rule": r, "rows": rows} for (k, r), rows in sorted(groups.items())]


def said(e: services.Refused, lang: str) -> str:
    """A refusal in the page's language (walk20: the English page gave the Chinese and the English at once)."""
    return e.zh if lang == "zh" else e.en


def _refused(check: Callable[[], object], lang: str) -> str | None:
    """The service's refusal of an act the page offers, asked before the user acts (`said`)."""
    try:
        check()
    except services.Refused as e:
        return said(e, lang)
    return None


def _refusals(session: Session, user: User | None, p: Plan, next_id: int | None, lang: str) -> dict[str, str | None]:
    """Why the services would refuse the acts this page offers, asked of the services themselves: the page shows the
    reason in place of a form that could only be refused (walk13: revise a running plan, close the year in March,
    submit a second plan of a running year)."""
    if user is None:
        return {}
    out: dict[str, str | None] = {}
    for act, states in (("submit", ("draft",)), ("approve", ("submitted",)), ("publish", ("approved",)),
                        ("execute", ("approved", "published"))):
        if p.state in states:
            out[act] = _refused(partial(services.refuse_beside_running, session, p, *services.BESIDE_RUNNING[act]), lang)
    if p.state in ("approved", "published") and not out.get("execute"):  # nor where another plan is in force (prod24)
        out["execute"] = _refused(partial(services.refuse_not_in_force, session, p), lang)
    if p.state == "approved" and not out.get("publish"):  # nor over a newer published version (prod23)
        out["publish"] = _refused(partial(services.refuse_older, session, p), lang)
    if p.state in services.REVISABLE and next_id is None:
        out["revise"] = _refused(lambda: services.supersedable(session, row_id(p)), lang)
    if p.state == "published" and p.closed_at is None and user.role in ("leader", "admin"):
        out["close"] = _refused(lambda: services.closable(session, user, p), lang)
    return out


@router.get("/plans/{plan_id}", response_model=None)
def plan_page(plan_id: PlanId, request: Request, session: SessionDep, error: str | None = None, status_code: int = 200) -> Response:
    user, p, early = _plan(request, session, plan_id)
    if early:
        return early
    assert p is not None
    ctx: dict[str, Any] = {"timeline": flow.timeline(session, plan_id), "next_id": successor(session, plan_id)}
    if p.status == "done":
        s = p.summary or {}
        rows = session.exec(select(VisitRow.date, VisitRow.tier, VisitRow.team_ids, VisitRow.mode).where(VisitRow.plan_id == plan_id)).all()
        months, load = flow.team_load([(d, t, m) for d, _, t, m in rows], s.get("teams", {}), s.get("workdays_by_month", {}),
                                      s.get("fieldable_by_month"))
        refusals = _refusals(session, user, p, ctx["next_id"], _lang(request))
        if "close" in refusals and refusals["close"] is None:  # the close is offered: say what the year still owes
            ctx["open_work"] = yearstore.open_work(session, request.app.state.settings, plan_id)
        ctx.update(months=months, load=load, refusals=refusals, month_tiers=flow.month_tiers((d, tier) for d, tier, _, _ in rows),
                   package=flow.decision_package(session, p, user.role if user is not None else None, request.app.state.settings), groups=shortfall_groups(s.get("shortfalls", [])),
                   # the firms a shortfall names, by name and linked to their why (walk15: 18-character codes only)
                   shortfall_names=dict(session.exec(select(SelectionRow.enterprise_id, SelectionRow.name).where(
                       SelectionRow.plan_id == plan_id, col(SelectionRow.enterprise_id).in_({str(x.get("id")) for x in s.get("shortfalls", [])}))).all()),
                   revisable=p.state in services.REVISABLE and ctx["next_id"] is None and not refusals.get("revise"))
        if ctx["revisable"] and p.year is not None:
            days = flow.avoided(session, p)
            ctx.update(avoided=flow.date_ranges(days), months_avoided=flow.months_avoided(p.year, days))
            # the uploads of the plan's year a next version may be made from (walk45 G5: a corrected register, a
            # complaint added after a return could be planned only as an unrelated first version, or through the API)
            # uploads only: the service's own revision bundles ("修订 plan 3 v1") are versions' inputs, not corrections
            # a planner made (review46 R9)
            ctx["other_bundles"] = session.exec(select(BundleUpload).where(BundleUpload.year == p.year, BundleUpload.id != p.bundle_id,
                                                                            col(BundleUpload.filename).not_like("修订 plan %"))
                                                .order_by(col(BundleUpload.id).desc()).limit(50)).all()
    return page(request, "plan.html", status_code=status_code, user=user, plan=p, error=error, **ctx)


class FormProblem(ValueError):
    """One field of the revise form out of its bounds, in both languages, naming the field."""


def revise_field(name: str) -> tuple[str, str, float, float, bool]:
    """The revise form's field `name`: (Chinese label, English label, lowest, highest, whole numbers only), the bounds of
    api.schemas.TierChange and api.flow.REVISABLE_POLICY in the form's own units (ratios in percent)."""
    if name[:-1] in ("ratio_", "visits_") and name[-1] in "ABCD":
        t = name[-1]
        return ((f"{t}级抽查比例（%）", f"tier {t} sample ratio (%)", 0, 100, False) if name.startswith("ratio_")
                else (f"{t}级每户检查次数", f"tier {t} visits per enterprise", 1, 12, True))
    kind, lo, hi = flow.REVISABLE_POLICY[name]
    pct = 100 if name == "reserve_capacity_ratio" else 1  # the form asks the reserve in percent
    return (flow.POLICY_ZH[name] + ("（%）" if pct > 1 else ""), flow.POLICY_EN[name] + (" (%)" if pct > 1 else ""),  # every key has words
            lo * pct, hi * pct, kind is int)


@router.post("/plans/{plan_id}/revise", response_model=None)
async def revise(plan_id: PlanId, request: Request, session: SessionDep) -> Response:
    """修订 from the policy form: ratios in percent, visits, caps, reserve, months and days to avoid. The form is read
    here; the rest — the database, a revision's job — runs in the thread pool, as the other routes do (race30 R10:
    synchronous database work in an `async` route holds every request of the server behind it)."""
    form = await request.form()
    return await run_in_threadpool(_revise, plan_id, request, session, form)


def _revise(plan_id: int, request: Request, session: SessionDep, form: Any) -> Response:
    user, p, early = _plan(request, session, plan_id)
    if early:
        return early
    if user is None or p is None:  # _plan gives both or an early response
        raise RuntimeError(f"plan page {plan_id}: no user or plan and no early response")

    def num(name: str) -> float | None:
        """A field of the form as a number inside its bounds (REVISE_FIELDS), or FormProblem naming it (walk15: a raw,
        truncated pydantic message named the class, not the field)."""
        v = str(form.get(name) or "").strip()
        if not v:
            return None
        zh, en, lo, hi, whole = revise_field(name)
        try:
            x = float(v)
        except ValueError:
            x = math.nan
        if not (math.isfinite(x) and lo <= x <= hi and (x.is_integer() or not whole)):
            kind_zh, kind_en = ("整数", "a whole number") if whole else ("数", "a number")
            raise FormProblem(f"{zh}应为 {lo:g}–{hi:g} 之间的{kind_zh}，实际为“{v[:20]}” / {en} must be {kind_en} from {lo:g} to {hi:g}, "
                              f"got \"{v[:20]}\"")
        return x

    try:
        tiers = {}
        for t in "ABCD":
            ratio, visits = num(f"ratio_{t}"), num(f"visits_{t}")  # whole visits: int() made 2.7 visits 2, silently
            tiers[t] = TierChange(sample_ratio=None if ratio is None else flow.fraction(ratio),  # the form asks in percent
                                  visits=None if visits is None else int(visits))
        policy = {k: v for k in flow.REVISABLE_POLICY if (v := num(k)) is not None}
        if "reserve_capacity_ratio" in policy:
            policy["reserve_capacity_ratio"] = flow.fraction(policy["reserve_capacity_ratio"])
        months = [int(str(m)) for m in form.getlist("avoid_months")]
        dates = [d for d in str(form.get("avoid_dates") or "").replace("，", ",").replace("\n", ",").split(",") if d.strip()]
        body = Revision(tiers=tiers, policy=policy, avoid_months=months, avoid_dates=dates, note=str(form.get("note") or ""))
        # a form value the same as the current one is no change
        s = p.summary or {}
        for t, c in body.tiers.items():
            if c.sample_ratio is not None and abs(c.sample_ratio - (s.get("tier_ratios") or {}).get(t, -1)) < 1e-9:
                c.sample_ratio = None
            if c.visits is not None and c.visits == (s.get("tier_visits") or {}).get(t):
                c.visits = None
        body.policy = {k: v for k, v in body.policy.items() if v != (s.get("policy") or {}).get(k)}
    except FormProblem as e:
        return plan_page(plan_id, request, session, error=str(e), status_code=422)
    except (ValueError, TypeError) as e:  # a month or a day the form's own controls never send
        return plan_page(plan_id, request, session, error=f"表单数值无效 / invalid value in the form: {str(e)[:80]}", status_code=422)
    try:
        new = start_revision(request, session, user, plan_id, body)
    except services.Refused as e:
        session.rollback()
        return plan_page(plan_id, request, session, error=said(e, _lang(request)), status_code=e.status)
    return RedirectResponse(f"/plans/{new.id}", status_code=303)


@router.post("/plans/{plan_id}/rebundle", response_model=None)
def rebundle(plan_id: PlanId, request: Request, session: SessionDep, bundle_id: Annotated[int, Form(ge=1)],
             note: Annotated[str, Form(max_length=4000)] = "") -> Response:
    """以更正后的检查包修订: the next version of this plan made from another upload of its year (a complaint added, a leave,
    a corrected register: the commonest reasons for a return, walk45 G5); the same service as
    POST /api/plans?supersedes={plan_id}, which refuses another year, a plan not revisable, a second next version."""
    user, p, early = _plan(request, session, plan_id)
    if early:
        return early
    assert p is not None and user is not None
    try:
        if user.role != "planner":
            raise services.Refused(403, "只有计划编制人员可以修订", "only a planner revises")
        if bundle_id == p.bundle_id:
            raise services.Refused(422, "请选择另一个检查包：本版已用此检查包", "choose another bundle: this version was made from this one")
        new = services.create_plan(session, user, bundle_id, supersedes=plan_id)
        if note.strip():
            services.audit(session, user, "plan.revise_note", plan_id=new.id, note=services._comment(note, False))
            session.commit()
    except services.Refused as e:
        session.rollback()
        return plan_page(plan_id, request, session, error=said(e, _lang(request)), status_code=e.status)
    request.app.state.jobs.submit(row_id(new))
    return RedirectResponse(f"/plans/{new.id}", status_code=303)


@router.post("/plans/{plan_id}/{action}", response_model=None)
def act(plan_id: PlanId, action: str, request: Request, session: SessionDep, comment: Annotated[str, Form()] = "",
        confirm: Annotated[str, Form(max_length=8)] = "") -> Response:
    user, p, early = _plan(request, session, plan_id)
    if early:
        return early
    assert p is not None and user is not None
    if action == "close-year" and confirm != "yes":
        # irreversible (the seed is revealed, the plan frozen): the page's own confirmation, not a script's dialog alone —
        # without scripts one click closed a year owing 229 visits (walk41 Y3)
        from api.i18n import T

        zh, en = str(T["zh"]["close_confirm_needed"]), str(T["en"]["close_confirm_needed"])
        return plan_page(plan_id, request, session, error=f"{zh} / {en}" if _lang(request) == "zh" else en, status_code=422)
    steps = {"submit": lambda: services.submit(session, user, p, comment),
             "approve": lambda: services.decide(session, request.app.state.settings, user, p, True, comment),
             "reject": lambda: services.decide(session, request.app.state.settings, user, p, False, comment),
             "discard": lambda: services.discard(session, user, p, comment),
             "publish": lambda: services.publish(session, user, p),
             "close-year": lambda: services.close_year(session, user, p, yearstore.open_work(session, request.app.state.settings, plan_id))}
    if action not in steps:
        return message(request, 404, "没有这个操作 / no such action", user)
    try:
        steps[action]()
    except services.Refused as e:
        session.rollback()
        session.refresh(p)
        return plan_page(plan_id, request, session, error=said(e, _lang(request)), status_code=e.status)
    return RedirectResponse(f"/plans/{plan_id}", status_code=303)


@router.get("/plans/{plan_id}/diff", response_model=None)
def diff_page(plan_id: PlanId, request: Request, session: SessionDep) -> Response:
    user, p, early = _plan(request, session, plan_id)
    if early:
        return early
    assert p is not None
    was = services.revised_from(p)
    old = session.get(Plan, was) if was else None
    if old is None or p.status != "done" or old.status != "done":
        return message(request, 404, "没有可比较的上一版，或尚未生成完成 / no previous version to compare, or not generated yet", user)
    return page(request, "diff.html", user=user, plan=p, d=flow.diff(session, p, old))


@router.get("/plans/{plan_id}/redraw", response_model=None)
def redraw_page(plan_id: PlanId, request: Request, session: SessionDep) -> Response:
    """复核抽签 in words (R-SAMPLE, R-PUBLISH): each tier's pool redrawn from the seed and the published scores by the
    formula written again in api.flow.redraw, and whether every draw_rank agrees; GET /api/plans/{id}/redraw is the
    same answer as JSON."""
    user, p, early = _plan(request, session, plan_id)
    if early:
        return early
    assert p is not None and user is not None
    if user.role not in ("auditor", "leader", "admin"):
        return message(request, 403, "需要审计人员、领导或管理员账号 / this needs an auditor, leader or admin account", user)
    try:
        r = redraw_plan(session, user, p)
    except services.Refused as e:
        return message(request, e.status, f"{e.zh} / {e.en}", user)
    return page(request, "redraw.html", user=user, plan=p, r=r)


def _png(data: bytes) -> Response:
    return Response(data, media_type="image/png", headers={"Cache-Control": "private, max-age=300"})


@router.get("/plans/{plan_id}/charts/{name}.png", response_model=None)
def chart(plan_id: PlanId, name: str, request: Request, session: SessionDep) -> Response:
    """The plan's charts (matplotlib, with axes): `month` (visits per month by tier), `diff` (against the previous version)."""
    user, p, early = _plan(request, session, plan_id)
    if early:
        return early
    assert p is not None
    zh = _lang(request) == "zh"
    if p.status != "done" or name not in ("month", "diff"):
        return message(request, 404, "没有这个图 / no such chart", user)
    if name == "month":
        return _png(flow.month_chart(list(session.exec(select(VisitRow.date, VisitRow.tier).where(VisitRow.plan_id == plan_id)).all()), zh))
    was = services.revised_from(p)
    old = session.get(Plan, was) if was else None
    if old is None or old.status != "done":
        return message(request, 404, "没有上一版 / no previous version", user)
    return _png(flow.diff_chart(flow.diff(session, p, old)["months"], old.version, p.version, zh))


FILTERS = ("month", "district", "agency", "team", "tier", "basis", "sector", "name")


def year_exists(session: SessionDep, plan_id: int) -> bool:
    """Whether the plan's year has been opened (a YearState row), asked without loading its state (megabytes in a city)."""
    return session.exec(select(YearState.plan_id).where(YearState.plan_id == plan_id)).first() is not None


def year_running(session: SessionDep, p: Plan) -> bool:
    """Whether the plan's pages show the year as it stands: its year opened and the plan still executable. A replaced
    plan's year is no longer carried out (R-APPROVE): its pages show the plan as approved, not a 409 (walk14: the visit
    list and every team calendar of a superseded plan answered "仅已批准的计划可执行")."""
    return year_exists(session, row_id(p)) and p.state in EXECUTABLE_PLAN_STATES and services.in_force_instead(session, p) is None


@dataclass(frozen=True)
class YearRow:
    """A visit of the year as it stands, with the columns of VisitRow that the visit list and the calendar read."""

    visit_id: str
    date: str
    enterprise_id: str
    district_code: str
    tier: str
    mode: str
    basis: str
    agency_ids: str
    item_ids: str
    team_ids: str
    status: str


def year_view(request: Request, running: bool) -> bool:
    """Whether a page shows the year as it stands (the default once the year runs: officers work from it; walk8 found
    the team calendar still showing visits moved, cancelled or re-staffed since) or the plan as approved (?view=plan)."""
    return running and request.query_params.get("view") != "plan"


def year_rows(request: Request, session: SessionDep, plan_id: int, f: dict[str, str]) -> tuple[list[YearRow], dict[str, str]]:
    """The year's visits matching the filters as `visit_query` reads them (list columns match whole elements), and
    every enterprise's name."""
    from api import yearstore

    y = yearstore.read(session, request.app.state.settings, plan_id)
    ents = y.reg.enterprises
    name = f.get("name", "")
    out = []
    for v in sorted(y.visits.values(), key=lambda v: (v.date, v.visit_id)):
        e = ents.get(v.enterprise_id, {})
        teams = sorted(set(v.teams.values()))
        if ((f.get("date") and v.date.isoformat() != f["date"]) or (f.get("month") and not v.date.isoformat().startswith(f["month"]))
                or (f.get("team") and f["team"] not in teams) or (f.get("agency") and f["agency"] not in v.agency_ids)
                or (f.get("district") and v.district_code != f["district"]) or (f.get("tier") and v.tier != f["tier"])
                or (f.get("basis") and v.basis != f["basis"]) or (f.get("sector") and e.get("sector") != f["sector"])
                or (f.get("status") and v.status != f["status"])
                or (name and name not in str(e.get("name", "")) and v.enterprise_id != name.upper())):
            continue
        out.append(YearRow(v.visit_id, v.date.isoformat(), v.enterprise_id, v.district_code, v.tier, v.mode, v.basis, ";".join(v.agency_ids),
                           ";".join(v.item_ids), ";".join(teams), v.status))
    return out, {k: str(e.get("name", "")) for k, e in ents.items()}


@router.get("/plans/{plan_id}/visits", response_model=None)
def visits_page(plan_id: PlanId, request: Request, session: SessionDep, pg: int = 1) -> Response:
    """The plan browsed: every filter of the API, names for codes, paged; once the year runs, the year as it stands
    (moves, insertions, cancellations, re-staffing, each visit's state), the plan as approved one click away."""
    user, p, early = _plan(request, session, plan_id)
    if early:
        return early
    assert p is not None
    f = {k: (request.query_params.get(k) or "").strip()[:100] for k in (*FILTERS, "status")}
    running = year_running(session, p)
    as_year = year_view(request, running)
    rows: Sequence[VisitRow | YearRow]
    if as_year:
        try:
            every, names = year_rows(request, session, plan_id, f)
        except services.Refused as e:
            return message(request, e.status_code, str(e.detail), user)
        total = len(every)
        pages = max(1, math.ceil(total / PAGE))
        pg = min(max(1, pg), pages)
        rows = every[(pg - 1) * PAGE: pg * PAGE]
    else:
        f["status"] = ""
        q = visit_query(plan_id, **{k: v or None for k, v in f.items() if k != "status"})
        total = session.exec(select(func.count()).select_from(q.subquery())).one()
        pages = max(1, math.ceil(total / PAGE))
        pg = min(max(1, pg), pages)
        rows = session.exec(q.order_by(VisitRow.date, VisitRow.visit_id).offset((pg - 1) * PAGE).limit(PAGE)).all()
        names = dict(session.exec(select(SelectionRow.enterprise_id, SelectionRow.name).where(
            SelectionRow.plan_id == plan_id, col(SelectionRow.enterprise_id).in_({r.enterprise_id for r in rows}))).all())
    s = p.summary or {}
    districts = sorted({t["district_code"] for t in s.get("teams", {}).values()})
    months = sorted(s.get("workdays_by_month", {}))
    link = {k: v for k, v in f.items() if v} | ({"view": "plan"} if running and not as_year else {})
    return page(request, "visits.html", user=user, plan=p, rows=rows, names=names, total=total, pg=pg, pages=pages, f=f, districts=districts,
                year_running=running, as_year=as_year, states=("planned", "notified", "done", "overdue", "cancelled"),
                switch=urlencode({**{k: v for k, v in f.items() if v and k != "status"}, "view": "plan" if as_year else "year"}),
                months=months, agencies=s.get("agencies", {}), items={i["item_id"]: i["name"] for i in s.get("items", [])},
                teams=sorted(s.get("teams", {})), prev=urlencode({**link, "pg": pg - 1}), next=urlencode({**link, "pg": pg + 1}))


@router.get("/plans/{plan_id}/calendar", response_model=None)
def calendar_page(plan_id: PlanId, request: Request, session: SessionDep, team: str = "", month: str = "") -> Response:
    """A team's month: each working day with its visits (enterprise names)."""
    import calendar as cal

    user, p, early = _plan(request, session, plan_id)
    if early:
        return early
    assert p is not None
    s = p.summary or {}
    teams = sorted(s.get("teams", {}))
    months = sorted(s.get("workdays_by_month", {}))
    if team and team not in teams:  # walk13: an unknown team silently showed another team's month
        return message(request, 404, f"本计划没有队伍 {team} / no team {team} in this plan", user)
    team = team or (teams[0] if teams else "")
    month = month if month in months else (months[0] if months else f"{p.year}-01")
    running = year_running(session, p)
    as_year = year_view(request, running)
    rows: Sequence[VisitRow | YearRow]
    if as_year:
        try:
            rows, names = year_rows(request, session, plan_id, {"team": team, "month": month}) if team else ([], {})
        except services.Refused as e:
            return message(request, e.status_code, str(e.detail), user)
    else:
        rows = session.exec(visit_query(plan_id, team=team, month=month).order_by(VisitRow.date)).all() if team else []
        names = dict(session.exec(select(SelectionRow.enterprise_id, SelectionRow.name).where(
            SelectionRow.plan_id == plan_id, col(SelectionRow.enterprise_id).in_({r.enterprise_id for r in rows}))).all())
    by_day: dict[int, list[VisitRow | YearRow]] = {}
    for r in rows:
        by_day.setdefault(int(r.date[8:10]), []).append(r)
    y, m = int(month[:4]), int(month[5:7])
    weeks = cal.Calendar(firstweekday=0).monthdayscalendar(y, m)
    return page(request, "calendar.html", user=user, plan=p, team=team, teams=teams, month=month, months=months, weeks=weeks, by_day=by_day,
                year_running=running, as_year=as_year, switch=urlencode({"team": team, "month": month, "view": "plan" if as_year else "year"}),
                names=names, cap=(s.get("teams", {}).get(team) or {}).get("max_visits_per_day"))


@router.get("/plans/{plan_id}/why", response_model=None)
def why_page(plan_id: PlanId, request: Request, session: SessionDep, enterprise: str = "") -> Response:
    user, p, early = _plan(request, session, plan_id)
    if early:
        return early
    assert p is not None
    if p.status != "done":
        return message(request, 404, "计划未就绪 / plan not ready", user)
    w = why_for(request, session, p, enterprise[:200]) if enterprise.strip() else None
    # an empty search is the form alone, not " : not in this plan" (walk13)
    return page(request, "why.html", user=user, plan=p, w=w, enterprise=enterprise[:200], status_code=200 if w or not enterprise.strip() else 404,
                matches=name_matches(session, plan_id, enterprise[:200]) if w else [])


def name_matches(session: SessionDep, plan_id: int, query: str, limit: int = 20) -> list[SelectionRow]:
    """Every enterprise whose name contains the query, when there is more than one: `why` answers for the first
    (the shortest name), and the page lists the others, so a planner on the phone with 长治银嘉建筑工程有限公司 sees
    that two enterprises bear that name and picks by credit code (R-EXPLAIN) instead of reading out another's reasons."""
    q = query.strip()
    if not q or session.exec(select(SelectionRow.enterprise_id).where(SelectionRow.plan_id == plan_id,
                                                                      func.upper(SelectionRow.enterprise_id) == q.upper())).first():
        return []
    rows = list(session.exec(select(SelectionRow).where(SelectionRow.plan_id == plan_id, col(SelectionRow.name).contains(q, autoescape=True))
                             .order_by(func.length(SelectionRow.name), SelectionRow.enterprise_id).limit(limit + 1)).all())
    return rows if len(rows) > 1 else []


@router.get("/public/plans", response_model=None)
def public_index_page(request: Request, session: SessionDep) -> Response:
    plans = [{"id": p.id, "year": p.year, "version": p.version, "published_at": p.published_at} for p in live_plans(session)]
    return page(request, "public_index.html", plans=plans, user=None)


@router.get("/public/plans/{plan_id}", response_model=None)
def public_page(plan_id: PlanId, request: Request, session: SessionDep) -> Response:
    try:
        data = published(session, plan_id)
    except services.Refused:
        # the public has no login: lead back to the published plans, and from a replaced version to the one that
        # replaced it (walk13: a bookmarked or shared link to v1 was a dead end once v2 was published)
        links = [("/public/plans", "公示的年度计划 / published plans")]
        old = session.get(Plan, plan_id)
        now = [p for p in live_plans(session) if old is not None and old.state == "superseded" and p.year == old.year]
        if now:
            links.insert(0, (f"/public/plans/{now[0].id}", f"{now[0].year}年度计划第{now[0].version}版 / the {now[0].year} plan, "
                                                            f"version {now[0].version}"))
            return message(request, 404, "该计划已被新版本取代 / this plan was replaced by a newer version", None, links)
        return message(request, 404, "该计划尚未公示或已被新版本取代 / not published, or replaced by a newer version", None, links)
    return page(request, "public.html", data=data, user=None)
