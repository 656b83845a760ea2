"""The year in motion over HTTP (execution/ does the work): visit lifecycle, records, notices, deadlines,
case review, trigger insertion, re-staffing, versions. JSON under /api/plans/{id}/year, pages under /plans/{id}/year."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi import Path as FPath
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import AliasChoices, BeforeValidator, ConfigDict, Field, field_validator

from api import services, yearstore
from api.deps import CurrentUser, PlanId, SessionDep, optional_user, require
from api.i18n import ROLE_WORDS
from api.models import Plan, User
from api.routers import pages
from api.schemas import Body
from api.services import Refused
from bundle.schema import OUTCOME_ZH, SECTOR_ZH, SIZE_ZH, TRIGGER_KIND_ZH
from execution import Year, YearError
from execution.context import OUTCOMES, OUTCOMES_ZH, breach_words
from execution.deadlines import KINDS_ZH, STEP_ZH, STEPS, Deadline, board, complete, deadlines_of, draw_quarter, open_steps
from execution.history import CLOSED_FILE, INSPECTION_COLUMNS, history_rows
from execution.insert import apply, binding, hold, propose, refuse_slot, resolve_enterprise
from execution.newfirm import add_enterprise, withdraw_enterprise
from execution.notice import code_url, notice_pdf, notice_refusal, public_view, takes_notice, week_visits
from execution.replan import ABSENCE_EN, ABSENCE_ZH, absences, officer_unavailable, withdraw_absence
from execution.reschedule import move_slots, move_visit
from execution.year import BASIS_SHORT_ZH, Caller, Trigger

router = APIRouter(tags=["year"])
templates = pages.templates  # one environment: the CSRF globals and filters the pages have
RECORDERS = ("planner", "leader", "admin")  # who records a visit and its steps (the forms are shown to them only)
Recorder = Annotated[User, Depends(require(*RECORDERS))]
Planner = Annotated[User, Depends(require("planner", "admin"))]
Leader = Annotated[User, Depends(require("leader", "admin"))]
# R-APPROVE: "a leader approves" an in-year change, and a trigger closed without a visit is a leader's decision: the
# system administrator signs neither, as for the plan itself (docs/security.md; walk15 found admins signing insertions)
Approver = Annotated[User, Depends(require("leader"))]
FolderReader = Annotated[User, Depends(require("planner", "auditor", "leader", "admin"))]  # internal staff (api.routers.plans)
APPROVERS = ("leader",)


def _err(e: YearError | Refused) -> HTTPException:
    if isinstance(e, YearError):
        return HTTPException(e.status, e.as_dict())
    return e  # a Refused is an HTTPException that keeps its two messages (api.guard.routing_response)


# the forms' date fields as their labels read (walk22: "rectify_by 日期格式应为 …" on the Chinese side)
DATE_FIELD_ZH = {"date": "检查日期", "rectify_by": "整改期限", "on": "办理日期", "week": "周", "received_on": "受理日期", "start_on": "开始日期",
                 "end_on": "结束日期", "day": "改期日期"}


def _date(value: str | None, field: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise YearError(field, f"{DATE_FIELD_ZH.get(field, field)}应为 YYYY-MM-DD 格式的日期，实际 {value!r}",
                        f"{field} must be a date YYYY-MM-DD, got {value!r}") from None


def _required_date(value: str | None, field: str) -> dt.date:
    """A date the request cannot do without: an empty one is refused (422) like a malformed one, never a 500."""
    d = _date(value, field)
    if d is None:
        raise YearError(field, f"{DATE_FIELD_ZH.get(field, field)}不能为空，应为 YYYY-MM-DD 格式的日期", f"{field} is required: a date YYYY-MM-DD")
    return d


def _read(request: Request, session: SessionDep, plan_id: int) -> Year:
    try:
        return yearstore.read(session, request.app.state.settings, plan_id)
    except Refused as e:
        raise _err(e) from None


def _change(request: Request, session: SessionDep, plan_id: int, user: User, op: Any) -> Any:
    try:
        return yearstore.change(session, request.app.state.settings, plan_id, user, op)
    except (YearError, Refused) as e:
        raise _err(e) from None


def visit_out(y: Year, vid: str, full: bool = True) -> dict[str, Any]:
    v = y.visit(vid)
    out: dict[str, Any] = {**v.row(), "status": v.status, "reason": v.reason, "teams": v.teams, "code": v.code, "urgent": v.urgent}
    if full:
        r = y.records.get(vid)
        out["record"] = None if r is None else {"date": r.date.isoformat(), "officer_ids": list(r.officer_ids), "outcomes": r.outcomes,
                                                "rectify_by": r.rectify_by.isoformat() if r.rectify_by else None, "notes": r.notes,
                                                "recorded_by": r.recorded_by, "late": r.late,
                                                "planned_on": r.planned_on.isoformat() if r.planned_on else None, "breaches": list(r.breaches),
                                                "breach_words": breach_words(r.breaches),
                                                "rectified_on": y.milestones.get(vid, {}).get("rectified"),
                                                "corrections": list(r.corrections)}
        # every step entered with its day, 整改完成 and 移送部门作出立案决定 included, which no deadline row shows (walk23: the
        # case file an auditor reads kept no trace of a rectification entered)
        out["steps"] = dict(y.milestones.get(vid, {})) if r is not None else {}
        out["conflicts"] = [c for c in y.conflicts(enterprise=v.enterprise_id) if c["visit_id"] == vid]  # fuzz30
        out["deadlines"] = [{"kind": d.kind, "due": d.due.isoformat() if d.due else None, "done_on": d.done_on.isoformat() if d.done_on else None,
                             "entered_on": d.entered_on.isoformat() if d.entered_on else None, "state": d.state(yearstore.today())}
                            for d in deadlines_of(y, vid)]
    return out


# a page form's text stripped before its length is checked, as FormIn strips a JSON body's (review26: a date typed with a
# trailing U+3000 was "too long" on the page and taken by the API)
STRIP = BeforeValidator(lambda v: v.strip() if isinstance(v, str) else v)


# each field reads its own column's labels: with the bundle's one table for every code column, an outcome typed 其他
# (a sector's label) was refused as "other", a code the planner never typed (review26)
OUTCOME_OF_LABEL = {zh: code for code, zh in OUTCOME_ZH.items()}
TRIGGER_KIND_OF_LABEL = {zh: code for code, zh in TRIGGER_KIND_ZH.items()}


# ---- JSON -------------------------------------------------------------------------------------
class FormIn(Body):
    """What a form or a JSON body gives, its texts stripped as the bundle loader strips a cell (Python's whitespace,
    U+3000 included): an officer id typed with a trailing full-width space answered 404, a trigger id of two spaces
    was stored as the id (hunt26). A code may be given as its Chinese label, as in a bundle (投诉举报 for complaint).
    A field the body may not carry is refused, never dropped (foreign36: a leave's `reason` and a record's `status` were
    taken with 200 and lost, as walk29's `date` once was by the correction)."""

    model_config = ConfigDict(str_strip_whitespace=True)


class EnterpriseIn(FormIn):
    """A firm not in the bundle's register, as enterprises.csv describes it (execution.newfirm)."""

    enterprise_id: str = Field(max_length=32)
    name: str = Field(max_length=200)
    district_code: str = Field(max_length=12)
    sector: str = Field(max_length=32)
    size: str = Field(max_length=16)
    address: str = Field(default="", max_length=200)
    remote_monitoring: bool = False


class StatusIn(FormIn):
    status: str = Field(max_length=16)
    reason: str = Field(default="", max_length=500)


class RecordIn(FormIn):
    date: str = Field(max_length=10)
    officer_ids: list[str] = Field(max_length=40)
    outcomes: dict[str, str]

    @field_validator("outcomes")
    @classmethod
    def _outcome_codes(cls, v: dict[str, str]) -> dict[str, str]:
        return {k: OUTCOME_OF_LABEL.get(x, x) for k, x in v.items()}  # keys and values already stripped (FormIn)
    rectify_by: str | None = Field(default=None, max_length=10)
    notes: str = Field(default="", max_length=4000)


class CorrectIn(FormIn):
    """更正检查记录: the outcomes, deadline and notes as they should read, and why (the day and officers stand). A
    deadline or notes left out stay as recorded; any other field is refused (walk29: `date` was silently ignored)."""

    outcomes: dict[str, str]
    rectify_by: str | None = Field(default=None, max_length=10)
    notes: str = Field(default="", max_length=4000)
    # the number of corrections the corrector read (the visit's `record.corrections`): a correction made since is not
    # overwritten unseen (race30: two officers correcting at once both got 200, and one correction was lost)
    corrections_seen: int | None = Field(default=None, ge=0, le=10_000)
    reason: str = Field(default="", max_length=500)

    @field_validator("outcomes")
    @classmethod
    def _outcome_codes(cls, v: dict[str, str]) -> dict[str, str]:
        return {k: OUTCOME_OF_LABEL.get(x, x) for k, x in v.items()}


class VersionNote(Body):
    comment: str = Field(default="", max_length=500)


class VersionsNote(Body):
    numbers: list[Annotated[int, Field(ge=1, le=100000)]] = Field(max_length=1000, description="the in-year changes' version numbers")
    comment: str = Field(default="", max_length=500)


class StepIn(FormIn):
    step: str = Field(max_length=32)
    on: str = Field(max_length=10)


OVERDUE_LISTED = 100  # overdue visits the board names; the rest it counts, with a link to the visit list


class TriggerIn(FormIn):
    trigger_id: str = Field(default="", max_length=32)
    enterprise_id: str = Field(max_length=100)  # a credit code or a name (execution.insert.resolve_enterprise)
    agency_id: str = Field(max_length=64)
    received_on: str = Field(max_length=10)
    kind: str = Field(default="complaint", max_length=32)

    @field_validator("kind")
    @classmethod
    def _kind_code(cls, v: str) -> str:
        return TRIGGER_KIND_OF_LABEL.get(v, v)
    urgent: bool = False
    choice: int = Field(default=0, ge=0, le=2)
    # the slot as the planner saw it (day, team): where given, the insertion takes that slot or is refused, never
    # another one the choice's index now points to (walk14: a concurrent insertion moved it to a day never shown)
    day: str = Field(default="", max_length=10)
    team: str = Field(default="", max_length=64)


class LeaveIn(FormIn):
    officer_id: str = Field(max_length=64)
    start_on: str = Field(max_length=10)
    end_on: str | None = Field(default=None, max_length=10)
    kind: str = Field(default="leave", max_length=16)


class MoveIn(FormIn):
    day: str = Field(max_length=10)
    reason: str = Field(default="", max_length=500)
    from_day: str = Field(default="", max_length=10, description="the day the visit was on when the client read it: moved since, 409")


class WithdrawIn(FormIn):
    """Why an absence is withdrawn: `reason`, or `comment` as a plan's discard calls it."""

    reason: str = Field(default="", max_length=500, validation_alias=AliasChoices("reason", "comment"))


class QuarterIn(FormIn):
    quarter: str = Field(pattern=r"^[0-9]{4}Q[1-4]$")


API = "/api/plans/{plan_id}/year"
# the visit page's words for the codes it shows (it showed "feedback · 2027-01-11 · open" to a Chinese officer)
DEADLINE_STATE_ZH = {"met": "按时办结", "late": "逾期办结", "late_entry": "期限后补录", "open": "未到期", "overdue": "已逾期", "unknown": "期限未定"}


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


@router.get(API)
def year_summary(plan_id: PlanId, request: Request, session: SessionDep, user: CurrentUser) -> dict[str, Any]:
    y = _read(request, session, plan_id)
    from collections import Counter

    from api.flow import timeline

    # version 1 is the approved plan itself: its leader and comment are the plan's approval (walk23: it read approved by
    # nobody, "")
    signed = next((e for e in reversed(timeline(session, plan_id)) if e["decision"] == "approved"), {"username": "", "comment": ""})
    return {"plan_id": plan_id, "today": yearstore.today().isoformat(), "states": dict(Counter(v.status for v in y.visits.values())),
            # `in_year_change`: the number the pages and the refusals give the change (年内调整第n次), beside the `number` of
            # /versions/{number} (web40: the leader's page and the API's answers told the same change by two numbers)
            "versions": [{"number": v.number, "in_year_change": v.in_year_change, "kind": v.kind, "state": v.state, "urgent": v.urgent, "summary": v.summary,
                          "approved_by": signed["username"] if v.kind == "plan" else v.approved_by, "rejected_by": v.rejected_by,
                          "comment": signed["comment"] if v.kind == "plan" else v.comment, "kept": v.kept}
                         for v in y.versions],
            "open_triggers": [{"trigger_id": t.trigger_id, "enterprise_id": t.enterprise_id, "agency_id": t.agency_id,
                               "received_on": t.received_on.isoformat(), "urgent": t.urgent,
                               "due_on": _iso(y.trigger_due(t)), "due_after_year": y.due_after_year(t)}
                              for t in y.open_triggers()],
            "urgent_unapproved": [v.number for v in y.flagged()], "shortfalls": y.shortfalls,
            # notices a re-staffing voided, to be served again (R-NOTICE); their day stays pinned (walk41 Y1)
            "to_serve_again": [{"visit_id": v.visit_id, "date": v.date.isoformat(), "enterprise_id": v.enterprise_id,
                                "officer_ids": list(v.officer_ids)} for v in y.to_serve_again(yearstore.today())],
            "conflicts": y.conflicts()}  # visits a record on another day left breaking a rule (fuzz30)


@router.get(API + "/visits")
def list_visits(plan_id: PlanId, request: Request, session: SessionDep, user: CurrentUser,
                date: Annotated[str | None, Query(max_length=10)] = None, team: Annotated[str | None, Query(max_length=64)] = None,
                status: Annotated[str | None, Query(max_length=16)] = None, offset: Annotated[int, Query(ge=0)] = 0,
                limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict[str, Any]:
    try:
        day = _date(date, "date")  # a malformed day is 422 naming it, not an empty list (web40)
    except YearError as e:
        raise _err(e) from None
    y = _read(request, session, plan_id)
    rows = [v for v in sorted(y.visits.values(), key=lambda v: (v.date, v.visit_id))
            if (day is None or v.date == day) and (not team or team in v.teams.values()) and (not status or v.status == status)]
    return {"total": len(rows), "visits": [visit_out(y, v.visit_id, full=False) for v in rows[offset: offset + limit]]}


@router.get(API + "/visits/{visit_id}")
def get_visit(plan_id: PlanId, visit_id: str, request: Request, session: SessionDep, user: CurrentUser) -> dict[str, Any]:
    y = _read(request, session, plan_id)
    try:
        return visit_out(y, visit_id[:16])
    except YearError as e:
        raise _err(e) from None


@router.post(API + "/visits/{visit_id}/status")
def set_status(plan_id: PlanId, visit_id: str, body: StatusIn, request: Request, session: SessionDep, user: Planner) -> dict[str, Any]:
    def op(y: Year) -> Any:
        if body.status == "cancelled":  # a change to the approved plan: a version a leader signs (R-APPROVE)
            return y.cancel_visit(visit_id[:16], yearstore.today(), user.username, body.reason)
        return y.set_status(visit_id[:16], body.status, yearstore.today(), user.username, body.reason)

    v = _change(request, session, plan_id, user, op)
    return {"visit_id": v.visit_id, "status": v.status}


def do_record(y: Year, visit_id: str, body: RecordIn, who: Any) -> dict[str, Any]:
    on = _required_date(body.date, "date")
    r = y.record(visit_id, on, list(body.officer_ids), dict(body.outcomes), who, _date(body.rectify_by, "rectify_by"), body.notes,
                 today=yearstore.today())
    # a record on another day may leave a visit planned beside it breaking R-GAP, R-JOINT or (its day) R-AVAIL: said at
    # once (fuzz30, race30 R9)
    conflicts = y.conflicts(record=visit_id) if r.planned_on is not None else []
    return {"visit_id": r.visit_id, "status": y.visits[visit_id].status, "late": r.late, "breaches": list(r.breaches), "conflicts": conflicts}


def do_correct(y: Year, visit_id: str, body: CorrectIn, who: Any) -> dict[str, Any]:
    """A field left out keeps the record's own (walk29: a correction of the outcomes sent without `notes` wiped them)."""
    rec = y.records.get(visit_id)
    given = body.model_fields_set
    rectify_by = _date(body.rectify_by, "rectify_by") if "rectify_by" in given or rec is None else rec.rectify_by
    notes = body.notes if "notes" in given or rec is None else rec.notes
    if rec is not None and body.corrections_seen is not None and body.corrections_seen != len(rec.corrections):
        raise YearError("corrections_seen", f"该记录在您打开后已被他人更正（已更正{len(rec.corrections)}次），请刷新后再更正",
                        f"the record was corrected since you read it ({len(rec.corrections)} corrections now): reload it and "
                        "correct it again", "R-RECORD", 409)
    rec, retell = y.correct_record(visit_id, dict(body.outcomes), rectify_by, notes, who, body.reason, yearstore.today())
    return {"visit_id": visit_id, "outcomes": rec.outcomes, "rectify_by": _iso(rec.rectify_by), "corrections": len(rec.corrections),
            "retell": retell}


@router.post(API + "/visits/{visit_id}/record/correct")
def correct(plan_id: PlanId, visit_id: Annotated[str, FPath(max_length=16)], body: CorrectIn, request: Request, session: SessionDep,
            user: Recorder) -> dict[str, Any]:
    """更正检查记录 (R-RECORD): `retell` lists the steps taken on the old outcomes (result told, published) to take again."""
    who = yearstore.caller(session, user)
    return _change(request, session, plan_id, user, lambda y: do_correct(y, visit_id, body, who))


@router.post(API + "/visits/{visit_id}/record", status_code=201)
def record(plan_id: PlanId, visit_id: str, body: RecordIn, request: Request, session: SessionDep, user: Recorder) -> dict[str, Any]:
    who = yearstore.caller(session, user)
    return _change(request, session, plan_id, user, lambda y: do_record(y, visit_id[:16], body, who))


@router.post(API + "/visits/{visit_id}/steps")
def step(plan_id: PlanId, visit_id: str, body: StepIn, request: Request, session: SessionDep, user: Recorder) -> dict[str, Any]:
    def op(y: Year) -> dict[str, Any]:
        on = _required_date(body.on, "on")
        complete(y, visit_id[:16], body.step, on, user.username, today=yearstore.today())
        return visit_out(y, visit_id[:16])

    return _change(request, session, plan_id, user, op)


def _base(request: Request) -> str:
    """Where a code printed now resolves: the configured public address, else this request's (api.settings.public_url)."""
    return (request.app.state.settings.public_url or str(request.base_url)).rstrip("/")


@router.get(API + "/visits/{visit_id}/notice.pdf")
def notice(plan_id: PlanId, visit_id: str, request: Request, session: SessionDep, user: CurrentUser) -> Response:
    y = _read(request, session, plan_id)
    try:
        pdf = notice_pdf(y, [visit_id[:16]], _base(request), yearstore.today())
    except YearError as e:
        raise _err(e) from None
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="notice-{visit_id[:16]}.pdf"'})


@router.post(API + "/notices.pdf")
def week_notices(plan_id: PlanId, request: Request, session: SessionDep, user: Planner,
                 team: Annotated[str | None, Query(max_length=64)] = None, week: Annotated[str | None, Query(max_length=10)] = None) -> Response:
    """Print a team's notices for a week (one PDF); printing notifies those visits (planned → notified)."""
    def op(y: Year) -> bytes:
        monday = _date(week, "week") or yearstore.today()
        monday -= dt.timedelta(days=monday.weekday())
        if team and team not in y.reg.teams:  # not "no visit to notify" (walk15)
            raise YearError("team", f"本计划没有队伍 {team}", f"this plan has no team {team}", "R-NOTICE")
        ids = week_visits(y, team or None, monday)
        if not ids:
            raise YearError("week", f"{monday} 所在周没有待通知的现场检查", f"no on-site visit to notify in the week of {monday}", "R-NOTICE", 404)
        pdf = notice_pdf(y, ids, _base(request), yearstore.today())
        for vid in ids:
            if y.visits[vid].status == "planned":
                y.set_status(vid, "notified", yearstore.today(), user.username)
        return pdf

    pdf = _change(request, session, plan_id, user, op)
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": 'attachment; filename="notices.pdf"'})


@router.get(API + "/deadlines")
def deadlines(plan_id: PlanId, request: Request, session: SessionDep, user: CurrentUser,
              agency: Annotated[str | None, Query(max_length=64)] = None) -> dict[str, Any]:
    y = _read(request, session, plan_id)
    b = board(y, yearstore.today(), agency)

    def rows(ds: list[Deadline]) -> list[dict[str, Any]]:
        return [{"visit_id": d.visit_id, "kind": d.kind, "agency_id": d.agency_id, "due": d.due.isoformat() if d.due else None,
                 "done_on": d.done_on.isoformat() if d.done_on else None} for d in ds]

    return {**b, "due_this_week": rows(b["due_this_week"]), "late": rows(b["late"])}


@router.post(API + "/case-review")
def draw_cases(plan_id: PlanId, body: QuarterIn, request: Request, session: SessionDep, user: Leader) -> dict[str, Any]:
    drawn, replaced = _change(request, session, plan_id, user, lambda y: draw_quarter(y, body.quarter, yearstore.today(), user.username))
    return {"quarter": body.quarter, "drawn": drawn, "replaced": replaced}


def _trigger(y: Year, body: TriggerIn) -> Trigger:
    received = _required_date(body.received_on, "received_on")
    if body.kind not in ("complaint", "referral", "data_monitoring", "enterprise_request"):
        raise YearError("kind", f"未知线索类型 {body.kind}", f"unknown trigger kind {body.kind}", "R-BASIS")
    tid = body.trigger_id or f"Y{len(y.triggers) + 1:06d}"
    return Trigger(tid, resolve_enterprise(y, body.enterprise_id), body.agency_id, received, body.kind, body.urgent, numbered=bool(body.trigger_id))


@router.post(API + "/triggers/slots")
def slots(plan_id: PlanId, body: TriggerIn, request: Request, session: SessionDep, user: Planner) -> dict[str, Any]:
    """R-INSERT: the best 3 slots (day, team, officers) with their cost; nothing changes."""
    y = _read(request, session, plan_id)
    try:
        t = _trigger(y, body)
        found = propose(y, t, yearstore.today())
    except YearError as e:
        raise _err(e) from None
    # a new trigger's id is given when it is inserted (another insertion may take the next one meanwhile: review14)
    out: dict[str, Any] = {"trigger_id": body.trigger_id or None, "slots": [s.as_dict() for s in found]}
    if not found:
        out["binding_zh"], out["binding_en"] = binding(y, t, yearstore.today())
    return out


@router.post(API + "/triggers", status_code=201)
def insert(plan_id: PlanId, body: TriggerIn, request: Request, session: SessionDep, user: Planner) -> dict[str, Any]:
    """Insert the trigger at the chosen slot: a new version for approval (urgent: started now, approved after)."""
    def op(y: Year) -> dict[str, Any]:
        t = _trigger(y, body)
        found = propose(y, t, yearstore.today())
        if body.day or body.team:
            day = _required_date(body.day, "day")  # compared as a date: 20270405 names 2027-04-05 too (review36)
            seen = [s for s in found if s.day == day and s.team == body.team]
            if not seen:  # say why, naming the field and the rule (foreign36: a holiday read "another change was made")
                raise refuse_slot(y, t, day, body.team, yearstore.today())
            slot = seen[0]
        elif body.choice >= len(found):
            if found:
                raise YearError("choice", "没有该候选时段", "no such slot", "R-INSERT", 409)
            # nothing is stored on a refusal; the trigger is kept only when the planner registers it (foreign34: an API
            # client that stopped at this 409 left the complaint with no trace), so the refusal says how (R-TRIGGER)
            zh, en = binding(y, t, yearstore.today())
            raise YearError("choice", f"{zh}；如无法安排，请登记该线索（POST {API.format(plan_id=plan_id)}/triggers/hold），列入未安排检查的线索",
                            f"{en}; where it cannot be placed, register it (POST {API.format(plan_id=plan_id)}/triggers/hold) to list "
                            "it with the triggers without a visit", "R-INSERT", 409)
        else:
            slot = found[body.choice]
        v, ver = apply(y, t, slot, yearstore.today(), user.username)
        # `version`: the number of /versions/{number}; `in_year_change`: the same change as the pages and the refusals count it
        return {"visit": visit_out(y, v.visit_id), "version": ver.number, "in_year_change": ver.in_year_change, "state": ver.state,
                "urgent": ver.urgent}

    return _change(request, session, plan_id, user, op)


@router.post(API + "/triggers/hold", status_code=201)
def hold_trigger(plan_id: PlanId, body: TriggerIn, request: Request, session: SessionDep, user: Planner) -> dict[str, Any]:
    """登记 a trigger no slot can take: kept with the open triggers (R-TRIGGER), to be placed later or closed by a leader."""
    def op(y: Year) -> dict[str, Any]:
        t = _trigger(y, body)
        zh, en = hold(y, t, yearstore.today(), user.username)
        return {"trigger_id": t.trigger_id, "binding_zh": zh, "binding_en": en}

    return _change(request, session, plan_id, user, op)


@router.post("/plans/{plan_id}/year/triggers/hold", include_in_schema=False, response_model=None)
def hold_form(plan_id: PlanId, request: Request, session: SessionDep, enterprise_id: Annotated[str, Form(max_length=100), STRIP] = "",
              agency_id: Annotated[str, Form(max_length=64), STRIP] = "", received_on: Annotated[str, Form(max_length=10), STRIP] = "",
              trigger_id: Annotated[str, Form(max_length=32), STRIP] = "", kind: Annotated[str, Form(max_length=32), STRIP] = "complaint",
              urgent: Annotated[str, Form(max_length=8), STRIP] = "") -> Response:
    """The slots page's 登记 button where no slot exists (walk15: the complaint left no trace)."""
    user = _form_user(request, session, ("planner", "admin"))
    if isinstance(user, Response):
        return user
    body = TriggerIn(trigger_id=trigger_id, enterprise_id=enterprise_id, agency_id=agency_id, received_on=received_on, kind=kind,
                     urgent=urgent == "true")
    def op(y: Year) -> tuple[str, str]:
        t = _trigger(y, body)
        return t.trigger_id, hold(y, t, yearstore.today(), user.username)[0]

    try:
        tid, why = yearstore.change(session, request.app.state.settings, plan_id, user, op)
    except (YearError, Refused) as e:
        return _form_error(request, plan_id, e)

    msg = f"线索 {tid} 已登记为尚无检查的线索（{why}） / trigger {tid} is held as a trigger without a visit"
    return RedirectResponse(f"/plans/{plan_id}/year?{_said(request, 'note', msg[:480])}#open-triggers", status_code=303)


@router.post(API + "/leave")
def leave(plan_id: PlanId, body: LeaveIn, request: Request, session: SessionDep, user: Planner) -> dict[str, Any]:
    def op(y: Year) -> dict[str, Any]:
        start = _required_date(body.start_on, "start_on")
        end = _date(body.end_on, "end_on")
        return officer_unavailable(y, body.officer_id, start, end, yearstore.today(), user.username, body.kind).as_dict()

    return _change(request, session, plan_id, user, op)


@router.post(API + "/enterprises", status_code=201)
def add_enterprise_api(plan_id: PlanId, body: EnterpriseIn, request: Request, session: SessionDep, user: Planner) -> dict[str, str]:
    """年内新增检查对象: a firm the bundle's register lacks (registered this year), entered so that a trigger about it can
    be inserted; next year's bundle lists it (R-LEARN)."""
    return _change(request, session, plan_id, user, lambda y: add_enterprise(y, body.model_dump(), yearstore.today(), user.username))


@router.post("/plans/{plan_id}/year/enterprises", include_in_schema=False, response_model=None)
def add_enterprise_form(plan_id: PlanId, request: Request, session: SessionDep,
                        enterprise_id: Annotated[str, Form(max_length=32), STRIP] = "", name: Annotated[str, Form(max_length=200), STRIP] = "",
                        district_code: Annotated[str, Form(max_length=12), STRIP] = "", sector: Annotated[str, Form(max_length=32), STRIP] = "",
                        size: Annotated[str, Form(max_length=16), STRIP] = "", address: Annotated[str, Form(max_length=200), STRIP] = "",
                        remote_monitoring: Annotated[str, Form(max_length=8), STRIP] = "") -> Response:
    """The board's 登记名录外企业 form; then the trigger form takes the firm by its code or name."""
    fields = {"enterprise_id": enterprise_id, "name": name, "district_code": district_code, "sector": sector, "size": size,
              "address": address, "remote_monitoring": remote_monitoring == "true"}
    return _form_act(request, session, plan_id, ("planner", "admin"), lambda y, u: add_enterprise(y, fields, yearstore.today(), u.username),
                     lambda row: f"已登记 {row['name']}（{row['enterprise_id']}），可在下方插入其线索检查 / {row['name']} "
                                 f"({row['enterprise_id']}) entered: insert its trigger below", "#insert")


@router.post(API + "/enterprises/{enterprise_id}/withdraw")
def withdraw_enterprise_api(plan_id: PlanId, enterprise_id: Annotated[str, FPath(max_length=32)], body: WithdrawIn, request: Request,
                            session: SessionDep, user: Planner) -> dict[str, str]:
    """A firm entered this year by mistake, withdrawn while no trigger or visit names it (then entered again)."""
    return _change(request, session, plan_id, user, lambda y: withdraw_enterprise(y, enterprise_id, yearstore.today(), user.username, body.reason))


@router.post("/plans/{plan_id}/year/enterprises/{enterprise_id}/withdraw", include_in_schema=False, response_model=None)
def withdraw_enterprise_form(plan_id: PlanId, enterprise_id: Annotated[str, FPath(max_length=32)], request: Request, session: SessionDep,
                             reason: Annotated[str, Form(max_length=500), STRIP] = "") -> Response:
    """The board's 撤销误登记 of a firm entered this year."""
    return _form_act(request, session, plan_id, ("planner", "admin"),
                     lambda y, u: withdraw_enterprise(y, enterprise_id, yearstore.today(), u.username, reason),
                     lambda row: f"已撤销登记 {row['name']}（{row['enterprise_id']}） / entry of {row['name']} ({row['enterprise_id']}) withdrawn",
                     "#insert")


@router.post(API + "/enterprises/{enterprise_id}/close")
def close_enterprise_api(plan_id: PlanId, enterprise_id: Annotated[str, FPath(max_length=32)], body: WithdrawIn, request: Request,
                         session: SessionDep, user: Planner) -> dict[str, Any]:
    """企业注销、停业: every visit of the firm not yet done cancelled as one change a leader signs, and the firm left out of
    next year's register (walk46 G5)."""
    def op(y: Year) -> dict[str, Any]:
        ver = y.close_enterprise(enterprise_id, yearstore.today(), user.username, body.reason)
        return {"version": ver.number, "cancelled": [c["visit_id"] for c in ver.changes if c.get("action") == "cancel"]}
    return _change(request, session, plan_id, user, op)


@router.post("/plans/{plan_id}/year/enterprises/{enterprise_id}/close", include_in_schema=False, response_model=None)
def close_enterprise_form(plan_id: PlanId, enterprise_id: Annotated[str, FPath(max_length=32)], request: Request, session: SessionDep,
                          reason: Annotated[str, Form(max_length=500), STRIP] = "") -> Response:
    """The visit page's 企业注销或停业 (walk46 G5)."""
    return _form_act(request, session, plan_id, ("planner", "admin"),
                     lambda y, u: y.close_enterprise(enterprise_id, yearstore.today(), u.username, reason),
                     lambda ver: f"已登记企业注销或停业（年内调整第{ver.in_year_change}次，须领导审批）：{ver.summary}"[:300]
                     + f" / entered as closed (in-year change {ver.in_year_change}, for a leader to sign)")


@router.get(API + "/absences")
def list_absences(plan_id: PlanId, request: Request, session: SessionDep, user: CurrentUser) -> list[dict[str, Any]]:
    """The leave and suspensions entered this year (R-REPLAN), in the order entered, withdrawn ones saying so."""
    return [a.as_dict() for a in absences(_read(request, session, plan_id))]


@router.post(API + "/absences/{number}/withdraw")
def withdraw(plan_id: PlanId, number: Annotated[int, FPath(ge=1, le=100000)], body: WithdrawIn, request: Request, session: SessionDep,
             user: Planner) -> dict[str, Any]:
    """An absence entered by mistake withdrawn, its re-plan undone where nothing changed since (撤销误登记)."""
    return _change(request, session, plan_id, user,
                   lambda y: withdraw_absence(y, number, yearstore.today(), user.username, body.reason).as_dict())


@router.get(API + "/visits/{visit_id}/slots")
def move_slots_api(plan_id: PlanId, visit_id: Annotated[str, FPath(max_length=16)], request: Request, session: SessionDep,
                   user: Planner) -> dict[str, Any]:
    """改期: the nearest lawful days for a visit (execution/reschedule.py); 409 where it may not move or none is lawful."""
    y = _read(request, session, plan_id)
    try:
        return {"visit_id": visit_id, "slots": [s.as_dict() for s in move_slots(y, visit_id, yearstore.today())]}
    except YearError as e:
        raise _err(e) from None


@router.post(API + "/visits/{visit_id}/move")
def move_api(plan_id: PlanId, visit_id: Annotated[str, FPath(max_length=16)], body: MoveIn, request: Request, session: SessionDep,
             user: Planner) -> dict[str, Any]:
    """改期 to a day offered: a version a leader approves (R-APPROVE), in force at once."""
    def op(y: Year) -> dict[str, Any]:
        seen = _required_date(body.from_day, "from_day") if body.from_day else None
        ver = move_visit(y, visit_id, _required_date(body.day, "day"), yearstore.today(), user.username, body.reason, seen)
        return {"visit": visit_out(y, visit_id, full=False), "version": ver.number, "in_year_change": ver.in_year_change}

    return _change(request, session, plan_id, user, op)


def approve_with_comment(y: Year, number: int, leader: str, comment: str) -> Any:
    """Year.approve_version with the leader's comment required (R-APPROVE: "approved or rejected (with comments)", as a
    plan's approval, api.services.decide). Asked only of a change still waiting: one already decided, unknown, or the
    leader's own answers as Year.approve_version says (409, 404, 403), not "needs a comment" (walk22)."""
    ver = y.versions[number - 1] if 1 <= number <= len(y.versions) else None
    if ver is not None and ver.state in ("submitted", "started") and leader != ver.created_by and not comment.strip():
        raise YearError("comment", "批准须填写审批意见（R-APPROVE）", "an approval needs the leader's comment (R-APPROVE)", "R-APPROVE")
    return y.approve_version(number, leader, yearstore.today(), comment)


def approve_all_with_comment(y: Year, numbers: list[int], leader: str, comment: str) -> list[Any]:
    """Year.approve_versions (批量审批) with the leader's one comment required, as approve_with_comment asks it of one."""
    return y.approve_versions(numbers, leader, yearstore.today(), comment, need_comment=True)


@router.post(API + "/versions/approve")
def approve_versions(plan_id: PlanId, body: VersionsNote, request: Request, session: SessionDep, user: Approver) -> list[dict[str, Any]]:
    """Approve several in-year changes at once under one comment (批量审批, e.g. urgent insertions after the fact,
    R-URGENT): all or none — one that cannot be approved refuses the whole request, naming it."""
    vs = _change(request, session, plan_id, user, lambda y: approve_all_with_comment(y, body.numbers, user.username, body.comment))
    return [{"number": v.number, "in_year_change": v.in_year_change, "state": v.state, "approved_by": v.approved_by, "comment": v.comment}
            for v in vs]


@router.post(API + "/versions/{number}/approve")
def approve_version(plan_id: PlanId, number: Annotated[int, FPath(ge=1, le=100000)], request: Request, session: SessionDep,
                    user: Approver, body: VersionNote | None = None) -> dict[str, Any]:
    """Approve an in-year change, with the leader's comment (required; R-APPROVE)."""
    note = body.comment if body else ""
    v = _change(request, session, plan_id, user, lambda y: approve_with_comment(y, number, user.username, note))
    return {"number": v.number, "in_year_change": v.in_year_change, "state": v.state, "approved_by": v.approved_by, "comment": v.comment}


@router.post(API + "/versions/{number}/reject")
def reject_version(plan_id: PlanId, number: Annotated[int, FPath(ge=1, le=100000)], request: Request, session: SessionDep,
                   user: Approver, body: VersionNote) -> dict[str, Any]:
    """Reject an in-year change with the leader's reason (R-APPROVE): undone where every HARD rule allows, the rest
    listed in `kept` with the rule that holds it."""
    v = _change(request, session, plan_id, user, lambda y: y.reject_version(number, user.username, yearstore.today(), body.comment))
    return {"number": v.number, "state": v.state, "rejected_by": v.rejected_by, "comment": v.comment, "kept": v.kept}


@router.post(API + "/triggers/{trigger_id}/close")
def close_trigger(plan_id: PlanId, trigger_id: Annotated[str, FPath(max_length=32)], request: Request, session: SessionDep, user: Approver,
                  body: VersionNote) -> dict[str, Any]:
    """A leader closes a trigger without a visit, with the reason (Year.close_trigger)."""
    return _change(request, session, plan_id, user, lambda y: y.close_trigger(trigger_id, user.username, yearstore.today(), body.comment))


@router.post("/plans/{plan_id}/year/triggers/{trigger_id}/close", include_in_schema=False, response_model=None)
def close_trigger_form(plan_id: PlanId, trigger_id: Annotated[str, FPath(max_length=32)], request: Request, session: SessionDep,
                       comment: Annotated[str, Form(max_length=500), STRIP] = "") -> Response:
    user = _form_user(request, session, APPROVERS)
    if isinstance(user, Response):
        return user
    try:
        yearstore.change(session, request.app.state.settings, plan_id, user,
                         lambda y: y.close_trigger(trigger_id, user.username, yearstore.today(), comment))
    except (YearError, Refused) as e:
        return _form_error(request, plan_id, e)
    return RedirectResponse(f"/plans/{plan_id}/year", status_code=303)


@router.get(API + "/next-bundle.zip")
def next_bundle_zip(plan_id: PlanId, request: Request, session: SessionDep, user: FolderReader) -> Response:
    """下一年度检查包: next year's bundle made from this plan's (R-LEARN) — this year's results as inspections.csv (read as
    of today, or the year's last day once it has passed), its triggers as triggers.csv, the firms entered this year in
    enterprises.csv, officers gone for good left out, policy.json's year moved on and no seed (R-PUBLISH: the bureau
    chooses one), next year's days the calendar knows — with credit_findings.csv beside it for the credit platform and
    a note of what the bureau must still add (walk42 F3: the service offered inspections.csv alone, and the year's
    complaints were lost to next year's model)."""
    import tempfile
    import zipfile

    from api.services import bundle_folder
    from execution.history import calendar_gap_words, known_days, next_bundle, year_end

    y = _read(request, session, plan_id)
    settings = request.app.state.settings
    plan = session.get(Plan, plan_id)
    assert plan is not None  # _read refused an unknown plan
    src = bundle_folder(session, settings, plan.bundle_id)
    cal, gap = known_days(y.reg.calendar, y.reg.year + 1)
    with tempfile.TemporaryDirectory(dir=settings.data_dir) as tmp:
        out = next_bundle(y, src, Path(tmp) / "bundle", cal, as_of=min(yearstore.today(), year_end(y)))
        todo = [("policy.json 中没有抽签种子 seed：请由本单位选定并保密（R-PUBLISH）",
                 "policy.json has no seed: the bureau chooses one and keeps it secret (R-PUBLISH)")]
        if gap:
            todo.append(calendar_gap_words(y.reg.year + 1, gap))
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for f in sorted(out.iterdir()):
                zf.writestr(f"bundle/{f.name}", f.read_bytes())
            zf.writestr("credit_findings.csv", (out.parent / "credit_findings.csv").read_bytes())
            if (out.parent / CLOSED_FILE).exists():  # the firms closed this year, left out of the bundle (walk46 G5)
                zf.writestr(CLOSED_FILE, (out.parent / CLOSED_FILE).read_bytes())
                todo.append((f"本年度登记注销或停业的企业已从下一年度名录中移除，见 {CLOSED_FILE}",
                             f"firms entered as closed this year are left out of next year's register: see {CLOSED_FILE}"))
            zf.writestr("README.txt", "\n".join(f"- {zh}\n  {en}" for zh, en in todo) + "\n")
    services.audit(session, user, "year.next_bundle", plan_id=plan_id)
    session.commit()
    return Response(buf.getvalue(), media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="next-bundle-{y.reg.year + 1}.zip"', "Cache-Control": "no-store, private"})


@router.get(API + "/history.csv")
def history(plan_id: PlanId, request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """R-LEARN: inspections.csv for next year's bundle: the bundle's history and this year's results (walk14: this year's
    alone, used as next year's inspections.csv, left the model 21 rows to learn from and fell back to points)."""
    y = _read(request, session, plan_id)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(INSPECTION_COLUMNS), lineterminator="\n")
    w.writeheader()
    w.writerows(history_rows(y, yearstore.today()))
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8", headers={"Content-Disposition": 'attachment; filename="inspections.csv"'})


# ---- pages --------------------------------------------------------------------------------------


def _form_user(request: Request, session: SessionDep, roles: tuple[str, ...]) -> User | Response:
    """The logged-in user a form needs, or the answer: the login page for nobody, a bilingual 403 page for a user of
    another role (walk8: an auditor pressing a leader's button was sent to the login page as if logged out)."""
    user = _user(request, session)
    if user is None:  # back to the page the form was on once logged in (a11y30: an officer's record lost its way)
        return RedirectResponse(f"/login?{urlencode({'next': _form_page(request)})}", status_code=303)
    if user.role not in roles:
        zh, en = "、".join(ROLE_WORDS["zh"].get(r, r) for r in roles), " or ".join(roles)
        return _page(request, "message.html", status_code=403, user=user, message=f"需要{zh}账号 / this needs a {en} account")
    return user


def _form_page(request: Request) -> str:
    """The page a form was posted from, by its Referer on this site ("/plans/3/year/visits/V1"), its own message
    parameters dropped; "/" when there is none or it names another site."""
    from urllib.parse import urlsplit

    ref = urlsplit(request.headers.get("referer", ""))
    if ref.netloc != request.url.netloc or not ref.path:
        return "/"
    query = urlencode([(k, v) for k, v in parse_qsl(ref.query) if k not in ("error", "note", "error_sig", "note_sig")])
    return pages.local_next(ref.path + ("?" + query if query else ""))


def _said(request: Request, kind: str, msg: str) -> str:
    """`error=…&error_sig=…` (or `note`): a message for the page a form returns to, signed for this session, so the page
    shows only what the service itself said (walk41 Y10: any text in `?error=` appeared in the logged-in page's own
    error box — escaped, but a link could carry a false instruction)."""
    from urllib.parse import quote

    msg = msg[:480]
    return f"{kind}={quote(msg)}&{kind}_sig={_signature(request, kind, msg)}"


def _signature(request: Request, kind: str, msg: str) -> str:
    import hashlib
    import hmac

    from api.deps import COOKIE

    key = ("said\0" + request.cookies.get(COOKIE, "")).encode()
    return hmac.new(key, f"{kind}\0{msg}".encode(), hashlib.sha256).hexdigest()[:20]


def _shown(request: Request, kind: str, msg: str | None, sig: str | None) -> str | None:
    """The message if the service signed it for this session (`_said`), else nothing."""
    import hmac

    return msg if msg and sig and hmac.compare_digest(sig, _signature(request, kind, msg)) else None


def _page(request: Request, name: str, status_code: int = 200, **ctx: Any) -> HTMLResponse:
    from api.i18n import T

    lang = "en" if (request.query_params.get("lang") or request.cookies.get("lang")) == "en" else "zh"
    return templates.TemplateResponse(request, name, {"t": T[lang], "lang": lang, **ctx}, status_code=status_code)


def _user(request: Request, session: SessionDep) -> User | None:
    return optional_user(request, session, None)


@router.get("/plans/{plan_id}/year", response_class=HTMLResponse, include_in_schema=False, response_model=None)
def year_page(plan_id: PlanId, request: Request, session: SessionDep, agency: Annotated[str | None, Query(max_length=64)] = None,
              error: Annotated[str | None, Query(max_length=500)] = None, note: Annotated[str | None, Query(max_length=500)] = None,
              error_sig: Annotated[str | None, Query(max_length=64)] = None, note_sig: Annotated[str | None, Query(max_length=64)] = None) -> Response:
    user = _user(request, session)
    if user is None:
        return pages._login_redirect(request)  # back here afterwards, in the language asked for (walk20)
    try:
        y = yearstore.read(session, request.app.state.settings, plan_id)
    except Refused as e:  # a plan another has replaced leads to the plan in force (prod24)
        return _page(request, "message.html", status_code=e.status, user=user, message=f"{e.zh} / {e.en}", links=e.links or [("/", "←")])
    today = yearstore.today()
    scope = yearstore.caller(session, user)
    monday = today - dt.timedelta(days=today.weekday())
    week = [v for v in sorted(y.visits.values(), key=lambda v: (v.date, v.visit_id)) if monday <= v.date < monday + dt.timedelta(days=7)
            and (not scope.team_id or scope.team_id in v.teams.values()) and (not scope.agency_id or scope.agency_id in v.agency_ids)]
    b = board(y, today, agency or scope.agency_id)
    overdue = [y.visits[v] for v in b["overdue_visits"]][:OVERDUE_LISTED]
    return _page(request, "year.html", user=user, plan_id=plan_id, today=today, week=week, board=b, overdue=overdue, y=y,
                 board_agency=agency or scope.agency_id,
                 kinds=KINDS_ZH, teams=sorted(y.reg.teams), agencies=y.reg.agencies, error=_shown(request, "error", error, error_sig),
                 note=_shown(request, "note", note, note_sig), monday=monday,
                 quarter=last_quarter(today), absences=(listed := absences(y)),
                 # 批量批准 where a leader has two or more changes of others to approve (walk41 Y13)
                 sectors=SECTOR_ZH, sizes=SIZE_ZH, absence_zh=ABSENCE_ZH, absence_en=ABSENCE_EN, basis_words=BASIS_SHORT_ZH,
                 batch=user.role == "leader" and sum(v.created_by != user.username for v in y.waiting()) >= 2,
                 # a re-plan whose absence was withdrawn since, so the leader reads it as such (walk29)
                 withdrawn_replans={a.version: a for a in listed if a.version and a.withdrawn_on})


@router.get("/plans/{plan_id}/year/visits/{visit_id}", response_class=HTMLResponse, include_in_schema=False, response_model=None)
def visit_page(plan_id: PlanId, visit_id: str, request: Request, session: SessionDep,
               error: Annotated[str | None, Query(max_length=500)] = None, move: Annotated[str | None, Query(max_length=1)] = None,
               note: Annotated[str | None, Query(max_length=500)] = None,
               error_sig: Annotated[str | None, Query(max_length=64)] = None, note_sig: Annotated[str | None, Query(max_length=64)] = None) -> Response:
    user = _user(request, session)
    if user is None:
        return pages._login_redirect(request)
    return _visit_view(request, session, user, plan_id, visit_id, error=_shown(request, "error", error, error_sig), move=move,
                       note=_shown(request, "note", note, note_sig))


def _visit_view(request: Request, session: SessionDep, user: User, plan_id: int, visit_id: str, error: str | None = None,
                move: str | None = None, note: str | None = None, posted: tuple[str, Any] | None = None,
                status_code: int = 200) -> Response:
    """The visit page; `posted` = (which form, its fields) for a form the year refused, shown again as it was filled
    in beside the refusal (a11y30: an officer's whole record, typed on a phone, was thrown away on a refusal)."""
    try:
        y = yearstore.read(session, request.app.state.settings, plan_id)
        v = y.visit(visit_id[:16])
    except (Refused, YearError) as e:
        return _page(request, "message.html", status_code=e.status, user=user, message=f"{e.zh} / {e.en}")
    team_officers = {a: y.reg.team_officers.get(t, []) for a, t in v.teams.items()}
    # officers away on the visit's day (R-AVAIL) are shown, greyed and not to be ticked: the record refuses them (prod20)
    away = {o for ids in team_officers.values() for o in ids if y.is_away(o, v.date)}
    # and those recused from the enterprise (R-RECUSE), whom the record refuses as present too (walk23)
    recused = {o for ids in team_officers.values() for o in ids if (o, v.enterprise_id) in y.reg.recused} - away
    # 改期 (a planner's button): the days offered, or why it may not move (R-INSERT), asked for with ?move=1
    slots, move_refused = [], None
    if move == "1" and user.role in ("planner", "admin"):
        try:
            slots = [s.as_dict() for s in move_slots(y, v.visit_id, yearstore.today())]
        except YearError as e:
            move_refused = f"{e.zh} / {e.en}"
    return _page(request, "visit.html", slots=slots, move_refused=move_refused, asked_move=move == "1", user=user, plan_id=plan_id, v=v, y=y, reg=y.reg, info=visit_out(y, v.visit_id), error=error, note=note, away=away,
                 recused=recused, open_steps=open_steps(y, v.visit_id),
                 notice_ok=takes_notice(v, yearstore.today()), notice_refused=notice_refusal(v, yearstore.today()),
                 step_zh=STEP_ZH, deadline_state_zh=DEADLINE_STATE_ZH, recorders=RECORDERS,
                 outcomes=OUTCOMES, outcomes_zh=OUTCOMES_ZH, team_officers=team_officers, steps=STEPS, today=yearstore.today(),
                 url=code_url(_base(request), v.code), waiting=y.awaiting_approval(v.visit_id),
                 posted_kind=posted[0] if posted else None, posted=posted[1] if posted else None,
                 posted_officers=posted[1].getlist("officer_ids") if posted else None, status_code=status_code)


@router.post("/plans/{plan_id}/year/visits/{visit_id}/record", include_in_schema=False, response_model=None)
async def record_form(plan_id: PlanId, visit_id: str, request: Request, session: SessionDep) -> Response:
    """The phone form: officers present (checkboxes), an outcome per item, rectification deadline, notes."""
    def change(vid: str, form: Any, who: Caller) -> Callable[[Year], Any]:
        body = RecordIn(date=str(form.get("date", "")).strip()[:10], officer_ids=[str(o) for o in form.getlist("officer_ids")][:40],
                        **_outcome_fields(form))
        return lambda y: do_record(y, vid, body, who)

    done = await _record_form_change(request, session, plan_id, visit_id, change)
    if isinstance(done, Response):
        return done
    return RedirectResponse(f"/plans/{plan_id}/year/visits/{done[0]}", status_code=303)


async def _record_form_change(request: Request, session: SessionDep, plan_id: int, visit_id: str,
                              change: Callable[[str, Any, Caller], Callable[[Year], Any]]) -> Response | tuple[str, Any]:
    """A record form's common part (recording a visit, correcting its record): the recorder — the refusal names the
    roles in both languages alike (walk23: "需要执法人员账号" named a role the service has not) —, the form read, and
    `change(visit, form, caller)` as one change of the year; a refusal is shown on the visit page."""
    from starlette.concurrency import run_in_threadpool

    form = await request.form()
    # the rest waits on the year's lock and the database: in the thread pool, as the service's other routes are — on
    # the event loop it held every request of the server behind it (race30: /healthz p95 29 → 444 ms with three
    # officers saving records)
    return await run_in_threadpool(_record_form_apply, request, session, plan_id, visit_id, change, form)


def _record_form_apply(request: Request, session: SessionDep, plan_id: int, visit_id: str,
                       change: Callable[[str, Any, Caller], Callable[[Year], Any]], form: Any) -> Response | tuple[str, Any]:
    user = _form_user(request, session, RECORDERS)
    if isinstance(user, Response):
        return user
    vid = visit_id[:16]
    op = change(vid, form, yearstore.caller(session, user))
    try:
        return vid, yearstore.change(session, request.app.state.settings, plan_id, user, op)
    except (YearError, Refused) as e:  # the page again, as filled in, with the refusal (not a redirect that drops it)
        kind = "correct" if request.url.path.endswith("/correct") else "record"
        return _visit_view(request, session, user, plan_id, vid, error=f"{e.zh} / {e.en}", posted=(kind, form),
                           status_code=e.status if 400 <= e.status < 500 else 422)


def _outcome_fields(form: Any) -> dict[str, Any]:
    """A record form's outcome per item (`outcome:<item>`), deadline and notes, each stripped before it is cut to the
    model's length (review26: " 2027-03-01" lost its last digit)."""
    return {"outcomes": {k[8:]: str(v) for k, v in form.items() if k.startswith("outcome:") and v},
            "rectify_by": str(form.get("rectify_by", "")).strip()[:10] or None, "notes": str(form.get("notes", "")).strip()[:4000]}


@router.post("/plans/{plan_id}/year/visits/{visit_id}/record/correct", include_in_schema=False, response_model=None)
async def correct_form(plan_id: PlanId, visit_id: str, request: Request, session: SessionDep) -> Response:
    """更正记录 from the visit page: an outcome per item, the deadline, the notes, and the reason."""
    def change(vid: str, form: Any, who: Caller) -> Callable[[Year], Any]:
        seen = str(form.get("corrections_seen", "")).strip()
        body = CorrectIn(**_outcome_fields(form), reason=str(form.get("reason", "")).strip()[:500],
                         corrections_seen=int(seen) if seen.isdigit() and len(seen) < 6 else None)
        return lambda y: do_correct(y, vid, body, who)

    done = await _record_form_change(request, session, plan_id, visit_id, change)
    if isinstance(done, Response):
        return done
    vid, out = done

    steps = {"feedback": ("结果告知", "the result told"), "publish": ("结果公示", "the result published")}
    again = out["retell"]
    note = ("记录已更正" + (f"：{'、'.join(steps[k][0] for k in again)}按原结果办理，须按更正后的结果重新办理" if again else "") + " / record corrected"
            + (f": {', '.join(steps[k][1] for k in again)} on the old outcomes: do it again on the corrected ones" if again else ""))
    return RedirectResponse(f"/plans/{plan_id}/year/visits/{vid}?{_said(request, 'note', note)}#record", status_code=303)


@router.post("/plans/{plan_id}/year/visits/{visit_id}/cancel", include_in_schema=False, response_model=None)
def cancel_form(plan_id: PlanId, visit_id: str, request: Request, session: SessionDep,
                reason: Annotated[str, Form(max_length=500), STRIP] = "") -> Response:
    """取消检查 (企业注销、停业…) from the visit page: in force at once, a change a leader signs (Year.cancel_visit;
    walk9: it could be done only through the API)."""
    return _visit_form(request, session, plan_id, visit_id, ("planner", "admin"),
                       lambda y, user: y.cancel_visit(visit_id[:16], yearstore.today(), user.username, reason))


def _visit_form(request: Request, session: SessionDep, plan_id: int, visit_id: str, roles: tuple[str, ...], op: Any,
                again: str = "") -> Response:
    """A visit page's form: `op(year, user)` as one change, back to the page, a refusal shown there (`again`: the query
    that shows the form again, e.g. the days offered)."""
    user = _form_user(request, session, roles)
    if isinstance(user, Response):
        return user
    vid = visit_id[:16]
    try:
        yearstore.change(session, request.app.state.settings, plan_id, user, lambda y: op(y, user))
    except (YearError, Refused) as e:

        return RedirectResponse(f"/plans/{plan_id}/year/visits/{vid}?{again}{_said(request, 'error', f'{e.zh} / {e.en}'[:480])}", status_code=303)
    return RedirectResponse(f"/plans/{plan_id}/year/visits/{vid}", status_code=303)


@router.post("/plans/{plan_id}/year/visits/{visit_id}/step", include_in_schema=False, response_model=None)
def step_form(plan_id: PlanId, visit_id: str, request: Request, session: SessionDep, step: Annotated[str, Form(max_length=32), STRIP],
              on: Annotated[str, Form(max_length=10), STRIP]) -> Response:
    return _visit_form(request, session, plan_id, visit_id, ("planner", "leader", "admin"),
                       lambda y, user: complete(y, visit_id[:16], step, _date(on, "on") or yearstore.today(), user.username,
                                                today=yearstore.today()))


@router.post("/plans/{plan_id}/year/notices", include_in_schema=False, response_model=None)
def notices_form(plan_id: PlanId, request: Request, session: SessionDep, team: Annotated[str, Form(max_length=64), STRIP] = "",
                 week: Annotated[str, Form(max_length=10), STRIP] = "") -> Response:
    user = _form_user(request, session, ("planner", "admin"))
    if isinstance(user, Response):
        return user
    try:
        return week_notices(plan_id, request, session, user, team or None, week or None)
    except HTTPException as e:

        d = e.detail
        msg = f"{d['message_zh']} / {d['message_en']}" if isinstance(d, dict) else str(d)
        return RedirectResponse(f"/plans/{plan_id}/year?{_said(request, 'error', msg[:480])}", status_code=303)


@router.post("/plans/{plan_id}/year/visits/{visit_id}/notice", include_in_schema=False, response_model=None)
def serve_notice_form(plan_id: PlanId, visit_id: str, request: Request, session: SessionDep) -> Response:
    """打印并送达: one visit's notice printed from its page is served, as the week's print serves a week's (planned →
    notified, R-NOTICE): its day is then pinned (R-INSERT) and a later re-staffing lists it to serve again. walk46 G7: the
    page's single print changed nothing, so a visit moved after its notice was printed left the firm holding a notice
    for the wrong day, and nobody was told to serve a new one."""
    user = _form_user(request, session, ("planner", "admin"))
    if isinstance(user, Response):
        return user
    vid = visit_id[:16]

    def op(y: Year) -> bytes:
        pdf = notice_pdf(y, [vid], _base(request), yearstore.today())  # refuses what takes no notice, or waits for approval
        if y.visit(vid).status == "planned":
            y.set_status(vid, "notified", yearstore.today(), user.username)
        return pdf

    try:
        pdf = yearstore.change(session, request.app.state.settings, plan_id, user, op)
    except (YearError, Refused) as e:
        return RedirectResponse(f"/plans/{plan_id}/year/visits/{vid}?{_said(request, 'error', f'{e.zh} / {e.en}'[:480])}", status_code=303)
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": f'attachment; filename="notice-{vid}.pdf"'})


@router.get("/plans/{plan_id}/year/visits/{visit_id}/notice.pdf", include_in_schema=False, response_model=None)
def notice_page(plan_id: PlanId, visit_id: str, request: Request, session: SessionDep) -> Response:
    user = _user(request, session)
    if user is None:
        return pages._login_redirect(request)
    try:
        return notice(plan_id, visit_id, request, session, user)
    except HTTPException as e:  # a page, not the API's JSON (walk9: a refused notice showed raw JSON)
        d = e.detail
        msg = f"{d['message_zh']} / {d['message_en']}" if isinstance(d, dict) else str(d)
        return _page(request, "message.html", status_code=e.status_code, user=user, message=msg)


@router.get("/plans/{plan_id}/year/slots", response_class=HTMLResponse, include_in_schema=False, response_model=None)
def slots_page(plan_id: PlanId, request: Request, session: SessionDep) -> Response:
    user = _form_user(request, session, ("planner", "admin"))
    if isinstance(user, Response):
        return user
    q = request.query_params
    body = TriggerIn(trigger_id=q.get("trigger_id", "")[:32], enterprise_id=q.get("enterprise_id", "")[:100], agency_id=q.get("agency_id", "")[:64],
                     received_on=q.get("received_on", "")[:10], kind=q.get("kind", "complaint")[:32], urgent=q.get("urgent") == "true")
    try:
        y = yearstore.read(session, request.app.state.settings, plan_id)
        t = _trigger(y, body)
        found = propose(y, t, yearstore.today())
        why = binding(y, t, yearstore.today()) if not found else None
        # slots there are, but the deadline runs past the plan year: say so beside them, not only when none is left
        # (walk20: only the "no slot" reason said the rest of the window belongs to next year's plan)
        after_year = (y.trigger_due(t), y.reg.workdays[-1]) if found and y.due_after_year(t) else None
    except (YearError, Refused) as e:
        return _page(request, "message.html", status_code=e.status, user=user, message=f"{e.zh} / {e.en}")
    # the firm as resolved from what was typed (a name or a part of one): shown, and carried on by its credit code
    body.enterprise_id = t.enterprise_id
    # a trigger id is given only where the trigger has one (from the board's open triggers); a new one gets its id when
    # it is inserted, not when its slots are viewed (walk13: the id shown here was used up by another insertion meanwhile)
    return _page(request, "slots.html", user=user, plan_id=plan_id, body=body, trigger_id=body.trigger_id, slots=[s.as_dict() for s in found],
                 why=why, after_year=after_year, rejected=y.rejections_of(t.trigger_id) if body.trigger_id else [], officers=y.reg.officers,
                 held=bool(body.trigger_id) and body.trigger_id in y.triggers, firm=y.reg.enterprises[t.enterprise_id]["name"], team_label=y.reg.team_label)


@router.post("/plans/{plan_id}/year/triggers", include_in_schema=False, response_model=None)
def insert_form(plan_id: PlanId, request: Request, session: SessionDep, enterprise_id: Annotated[str, Form(max_length=100), STRIP] = "",
                agency_id: Annotated[str, Form(max_length=64), STRIP] = "", received_on: Annotated[str, Form(max_length=10), STRIP] = "",
                choice: Annotated[int, Form(ge=0, le=2)] = 0, trigger_id: Annotated[str, Form(max_length=32), STRIP] = "",
                slot: Annotated[str, Form(max_length=80), STRIP] = "",
                kind: Annotated[str, Form(max_length=32), STRIP] = "complaint", urgent: Annotated[str, Form(max_length=8), STRIP] = "") -> Response:
    user = _form_user(request, session, ("planner", "admin"))
    if isinstance(user, Response):
        return user
    day, _, team = slot.partition("|")  # the slot as shown: "2027-06-22|hb-140404"
    body = TriggerIn(trigger_id=trigger_id, enterprise_id=enterprise_id, agency_id=agency_id, received_on=received_on, kind=kind,
                     urgent=urgent == "true", choice=choice, day=day[:10], team=team[:64])
    try:
        res = insert(plan_id, body, request, session, user)
    except HTTPException as e:

        d = e.detail
        msg = f"{d['message_zh']} / {d['message_en']}" if isinstance(d, dict) else str(d)
        return RedirectResponse(f"/plans/{plan_id}/year?{_said(request, 'error', msg[:480])}", status_code=303)
    return RedirectResponse(f"/plans/{plan_id}/year/visits/{res['visit']['visit_id']}", status_code=303)


@router.post("/plans/{plan_id}/year/versions/approve", include_in_schema=False, response_model=None)
def approve_many_form(plan_id: PlanId, request: Request, session: SessionDep,
                      numbers: Annotated[list[Annotated[int, Field(ge=1, le=100000)]], Form(max_length=1000)] = [],  # noqa: B006
                      comment: Annotated[str, Form(max_length=500), STRIP] = "") -> Response:
    """The board's 批量批准所选: the ticked in-year changes approved under one comment, all or none."""
    def said(vs: list[Any]) -> str:
        done = "、".join(str(v.in_year_change) for v in vs)
        return f"已批准年内调整第{done}次（共 {len(vs)} 项） / approved in-year changes {done.replace('、', ', ')} ({len(vs)})"

    return _form_act(request, session, plan_id, APPROVERS, lambda y, u: approve_all_with_comment(y, numbers, u.username, comment), said)


@router.post("/plans/{plan_id}/year/versions/{number}/{decision}", include_in_schema=False, response_model=None)
def decide_form(plan_id: PlanId, number: Annotated[int, FPath(ge=1, le=100000)], decision: Literal["approve", "reject"], request: Request,
                session: SessionDep, comment: Annotated[str, Form(max_length=500), STRIP] = "") -> Response:
    """The board's 批准 / 退回 buttons for an in-year change (R-APPROVE)."""
    user = _form_user(request, session, APPROVERS)
    if isinstance(user, Response):
        return user
    try:
        ver = yearstore.change(session, request.app.state.settings, plan_id, user,
                               lambda y: approve_with_comment(y, number, user.username, comment) if decision == "approve"
                               else y.reject_version(number, user.username, yearstore.today(), comment))
    except (YearError, Refused) as e:
        return _form_error(request, plan_id, e)
    if ver.kept:

        zh = "；".join(f"{k['visit_id']} {k['why_zh']}" for k in ver.kept)
        en = "; ".join(f"{k['visit_id']} {k['why']}" for k in ver.kept)
        msg = f"年内调整第{ver.in_year_change}次已退回，以下未能撤销：{zh} / in-year change {ver.in_year_change} rejected; not undone: {en}"
        return RedirectResponse(f"/plans/{plan_id}/year?{_said(request, 'note', msg[:480])}", status_code=303)
    return RedirectResponse(f"/plans/{plan_id}/year", status_code=303)


def public_payload(y: Year, vid: str) -> dict[str, Any]:
    return public_view(y, y.visit(vid))


def last_quarter(today: dt.date) -> str:
    """The case-review form's default: the last quarter that has ended by `today` (its last day counts), not the one
    still running (walk15: a draw 20 days into a quarter picked from two archived files)."""
    q = (today.month - 1) // 3 + 1
    ends = dt.date(today.year, 3 * q, 31 if q in (1, 4) else 30)
    if today >= ends:
        return f"{today.year}Q{q}"
    return f"{today.year}Q{q - 1}" if q > 1 else f"{today.year - 1}Q4"


def _form_error(request: Request, plan_id: int, e: YearError | Refused) -> RedirectResponse:

    return RedirectResponse(f"/plans/{plan_id}/year?{_said(request, 'error', f'{e.zh} / {e.en}'[:480])}", status_code=303)


def _form_act(request: Request, session: SessionDep, plan_id: int, roles: tuple[str, ...], op: Callable[[Year, User], Any],
              note: Callable[[Any], str], anchor: str = "") -> Response:
    """A board form's one change to the year: who may (`roles`), the change (`op`, as yearstore.change runs it), a refusal
    back on the board in its words, else the board with `note` of the result, signed (`_said`)."""
    user = _form_user(request, session, roles)
    if isinstance(user, Response):
        return user
    try:
        res = yearstore.change(session, request.app.state.settings, plan_id, user, lambda y: op(y, user))
    except (YearError, Refused) as e:
        return _form_error(request, plan_id, e)
    return RedirectResponse(f"/plans/{plan_id}/year?{_said(request, 'note', note(res)[:480])}{anchor}", status_code=303)


@router.post("/plans/{plan_id}/year/leave", include_in_schema=False, response_model=None)
def leave_form(plan_id: PlanId, request: Request, session: SessionDep, officer_id: Annotated[str, Form(max_length=64), STRIP] = "",
               start_on: Annotated[str, Form(max_length=10), STRIP] = "", end_on: Annotated[str, Form(max_length=10), STRIP] = "",
               kind: Annotated[str, Form(max_length=16), STRIP] = "leave") -> Response:
    """R-REPLAN from the board: leave or a suspended certificate, re-staffed at once."""
    user = _form_user(request, session, ("planner", "admin"))
    if isinstance(user, Response):
        return user
    body = LeaveIn(officer_id=officer_id, start_on=start_on, end_on=end_on or None, kind=kind)
    try:
        res = leave(plan_id, body, request, session, user)
    except Refused as e:  # its two messages once each (it read "zh / en / zh / en" when the plan was refused)
        return _form_error(request, plan_id, e)
    except HTTPException as e:
        d = e.detail
        return _form_error(request, plan_id, YearError("-", d["message_zh"], d["message_en"]) if isinstance(d, dict) else Refused(e.status_code, str(d), str(d)))

    again, gone, over = res.get("renotify") or [], res.get("unrecorded") or [], res.get("overlaps") or []
    # which visits, not only how many (walk29: "改派 5 项" named none of them)
    touched = [*res["restaffed"], *(m["visit_id"] for m in res["moved"]), *(s["id"] for s in res["shortfalls"])]
    msg = (f"{res['officer_id']}：改派 {len(res['restaffed'])} 项，改期 {len(res['moved'])} 项，未能保障 {len(res['shortfalls'])} 项"
           + (f"（{'、'.join(touched[:10])}）" if touched else "")
           + (f"；自 {res['clipped_from']} 起的不可用，本计划年度自1月1日起登记" if res.get("clipped_from") else "")
           + (f"；与本年第{'、'.join(map(str, over))}次登记重叠" if over else "")
           + (f"；已送达的通知书作废、须重新送达 {len(again)} 件（{'、'.join(again[:10])}）" if again else "")
           # a leave already begun: the visits of its days gone by stay as they are, to be recorded with whoever went (prod24)
           + (f"；已过日期、尚未记录的 {len(gone)} 项（{'、'.join(gone[:10])}）保持原状：请按实际到场人员补录，或改期、取消" if gone else "") + " / "
           f"re-staffed {len(res['restaffed'])}, moved {len(res['moved'])}, shortfalls {len(res['shortfalls'])}"
           + (f" ({', '.join(touched[:10])})" if touched else "")
           + (f"; away from {res['clipped_from']}: entered from 1 January for this plan year" if res.get("clipped_from") else "")
           + (f"; overlaps absence {', '.join(map(str, over))} entered this year" if over else "")
           + (f"; {len(again)} notice(s) served no longer hold: serve again ({', '.join(again[:10])})" if again else "")
           + (f"; {len(gone)} visit(s) of days gone by, not recorded, stay as they are ({', '.join(gone[:10])}): record them with "
              "the officers who went, or move or cancel them" if gone else ""))
    return RedirectResponse(f"/plans/{plan_id}/year?{_said(request, 'note', msg[:480])}", status_code=303)


@router.post("/plans/{plan_id}/year/absences/{number}/withdraw", include_in_schema=False, response_model=None)
def withdraw_form(plan_id: PlanId, number: Annotated[int, FPath(ge=1, le=100000)], request: Request, session: SessionDep,
                  reason: Annotated[str, Form(max_length=500), STRIP] = "") -> Response:
    """撤销误登记 from the board's list of absences, with the reason a leader reads."""
    user = _form_user(request, session, ("planner", "admin"))
    if isinstance(user, Response):
        return user
    try:
        res = yearstore.change(session, request.app.state.settings, plan_id, user,
                               lambda y: withdraw_absence(y, number, yearstore.today(), user.username, reason))
    except (YearError, Refused) as e:
        return _form_error(request, plan_id, e)

    again, kept = res.renotify, [k["visit_id"] for k in res.kept]
    # the visits that stay are named; each one's reason is in the version's `kept` (GET /year)
    msg = (f"已撤销第{number}次登记（{res.officer_id}）：恢复原安排 {len(res.restored)} 项，保持现状 {len(kept)} 项"
           + (f"（{'、'.join(kept[:10])}）" if kept else "")
           + (f"；须重新送达通知书 {len(again)} 件（{'、'.join(again[:10])}）" if again else "") + " / "
           f"absence {number} ({res.officer_id}) withdrawn: {len(res.restored)} put back, {len(kept)} kept"
           + (f" ({', '.join(kept[:10])})" if kept else "")
           + (f"; serve the notice again for {len(again)} ({', '.join(again[:10])})" if again else ""))
    return RedirectResponse(f"/plans/{plan_id}/year?{_said(request, 'note', msg[:480])}#absences", status_code=303)


@router.post("/plans/{plan_id}/year/visits/{visit_id}/move", include_in_schema=False, response_model=None)
def move_form(plan_id: PlanId, visit_id: str, request: Request, session: SessionDep, day: Annotated[str, Form(max_length=10), STRIP] = "",
              reason: Annotated[str, Form(max_length=500), STRIP] = "", from_day: Annotated[str, Form(max_length=10), STRIP] = "") -> Response:
    """改期 from the visit page: the day picked among those offered (`?move=1`), with the reason a leader reads; the
    page's `from_day` refuses a move of a visit someone else moved since (walk41 Y8)."""
    return _visit_form(request, session, plan_id, visit_id, ("planner", "admin"),
                       lambda y, user: move_visit(y, visit_id[:16], _required_date(day, "day"), yearstore.today(), user.username, reason,
                                                  _required_date(from_day, "from_day") if from_day else None),
                       again="move=1&")


@router.post("/plans/{plan_id}/year/case-review", include_in_schema=False, response_model=None)
def case_review_form(plan_id: PlanId, request: Request, session: SessionDep, quarter: Annotated[str, Form(max_length=6), STRIP]) -> Response:
    user = _form_user(request, session, ("leader", "admin"))
    if isinstance(user, Response):
        return user
    import re

    if not re.fullmatch(r"\d{4}Q[1-4]", quarter):
        return _form_error(request, plan_id, YearError("quarter", f"季度格式应为 2027Q1，实际 {quarter!r}", f"quarter must look like 2027Q1, got {quarter!r}"))
    try:
        _, replaced = yearstore.change(session, request.app.state.settings, plan_id, user,
                                       lambda y: draw_quarter(y, quarter, yearstore.today(), user.username))
    except (YearError, Refused) as e:
        return _form_error(request, plan_id, e)
    if replaced:

        msg = (f"{quarter} 已重新抽取：此前抽中的 {'、'.join(replaced)} 不再在列（季度内又有案卷归档） / {quarter} drawn again: "
               f"{', '.join(replaced)}, drawn before, are no longer drawn (files were archived since)")
        return RedirectResponse(f"/plans/{plan_id}/year?{_said(request, 'note', msg[:480])}#reviews", status_code=303)
    return RedirectResponse(f"/plans/{plan_id}/year#reviews", status_code=303)
