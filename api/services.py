"""What the routes and pages do: store an upload, run a plan job, move a plan through
R-APPROVE, log every change (R-AUDIT). Routes and pages are thin over these."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import HTTPException
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from api.clock import business_now, today
from api.db import rowcount
from api.models import Approval, AuditEvent, BundleFile, BundleUpload, Plan, PlanFile, SelectionRow, User, VisitRow, YearState, row_id
from api.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from bundle import Bundle
    from bundle.workcal import WorkCalendar
    from scheduler.plan import PlanOptions

log = logging.getLogger(__name__)

STATE_ZH = {"draft": "草稿", "submitted": "待审批", "approved": "已批准", "rejected": "已退回", "published": "已公示", "superseded": "已被新版本取代",
            "discarded": "已作废"}
MAX_COMMENT = 4000  # characters; the API's Comment schema says the same


class Refused(HTTPException):
    """A request the rules do not allow: 403 (who), 404 (what), 409 (when), 422 (what was sent).
    An HTTPException, so every route's refusal goes through FastAPI's one handler as
    `{"detail": "中文 / English"}`, whether raised in a route or in a service. `links` (href, words): where a page
    showing the refusal leads instead (api.routers.pages.message)."""

    def __init__(self, status: int, zh: str, en: str, links: list[tuple[str, str]] | None = None):
        self.status, self.zh, self.en, self.links = status, zh, en, links
        super().__init__(status, f"{zh} / {en}")


def audit(session: Session, user: User | None, action: str, plan_id: int | None = None, bundle_id: int | None = None,
          actor: str = "", **detail: object) -> None:
    """An event of the trail: `at` is the real moment it was written (tamper evidence: a pinned day must not rewrite the
    trail), `on` the service day the act was done on (api.clock.today), as the year's own events carry it — with a demo's
    day pinned, the trail read 2026 beside a timeline of 2027 (prod22). `actor`: who acted where no user row did (the
    CLI: `cli:<os user>`, walk44 G9)."""
    session.add(AuditEvent(user_id=user.id if user else None, username=user.username if user else actor, action=action,
                           plan_id=plan_id, bundle_id=bundle_id, detail={"on": today().isoformat(), **detail}))


# ---- bundles --------------------------------------------------------------------------
def store_upload(session: Session, user: User, filename: str, data: bytes, settings: Settings | None = None) -> BundleUpload:
    """Validate an upload completely (in the worker of api/uploads.py, behind its caps), then store
    it in one transaction (the same file again: the bundle stored before); BundleInvalid stores nothing."""
    import io

    from api import uploads
    from api.settings import get_settings

    settings = settings or get_settings()
    try:
        return uploads.accept(session, settings, None, user, filename, io.BytesIO(data)).upload
    except uploads.UploadTooLarge:
        raise uploads.too_large(settings, filename) from None


def bundle_folder(session: Session, settings: Settings, bundle_id: int) -> Path:
    """The stored files, laid out again as a bundle folder; every file checked against its
    recorded sha256, in the database and on disk (integrity, issue 13): StoredFileError otherwise."""
    from api.integrity import StoredFileError, folder_problems, verified_content

    rows = list(session.exec(select(BundleFile).where(BundleFile.bundle_id == bundle_id)))
    folder = settings.data_dir / "bundles" / str(bundle_id)
    if not folder.exists():
        lay_out(folder, ((f.name, verified_content(f)) for f in rows))
    expected = {f.name: f.sha256 for f in rows}
    problems = folder_problems(folder, expected)
    problems += [f"{p.name} not in the bundle" for p in folder.iterdir() if p.name not in expected]
    if problems:
        raise StoredFileError(f"bundle {bundle_id}", problems, bundle_id=bundle_id)
    return folder


# ---- plans ------------------------------------------------------------------------------
def create_plan(session: Session, user: User, bundle_id: int, supersedes: int | None = None, changes: dict[str, Any] | None = None) -> Plan:
    bundle = session.get(BundleUpload, bundle_id)
    if bundle is None:
        raise Refused(404, "没有这个检查包", "no such bundle")
    version = 1
    if supersedes is None:
        # a plan of a year another plan carries out could be neither submitted, approved nor executed: refused before
        # a solver run is spent on it (walk14: refused only at submit, after the run)
        refuse_beside_running(session, Plan(bundle_id=bundle_id, year=bundle.year, created_by=row_id(user)), *BESIDE_RUNNING["generate"],
                              itself=True)  # a plan not stored: every running plan of its year is another
    else:
        old = supersedable(session, supersedes)
        if old.year is not None and old.year != bundle.year:
            raise Refused(422, f"检查包是{bundle.year}年的，被修订的计划是{old.year}年的", f"the bundle is for {bundle.year}, the plan it revises for {old.year}")
        # numbers go on past a discarded revision of `old`: its draft stays readable as 第n版 (review29: two 第2版)
        # … and past a revision whose generation was cancelled or failed: both left the line too, and their pages
        # still read 第n版 (round 28's note: the next revision took a cancelled one's number)
        set_aside = [q.version for q in session.exec(select(Plan).where(Plan.year == old.year, col(Plan.supersedes).is_(None)))
                     if revised_from(q) == old.id]
        version = max([old.version, *set_aside]) + 1
        if bundle_id != old.bundle_id and changes is None:
            # a version made from another upload (a corrected register, a complaint added: walk45 G5) says so in its
            # changes, which the plan page, the comparison and the leader's package read
            changes = {"bundle": {"from": old.bundle_id, "to": bundle_id, "filename": bundle.filename}}
    p = Plan(bundle_id=bundle_id, version=version, supersedes=supersedes, created_by=row_id(user), year=bundle.year,
             changes=changes or {})
    session.add(p)
    try:
        session.flush()
    except IntegrityError:  # uq_plan_supersedes: another revision of the same plan won the race
        session.rollback()
        raise Refused(409, f"计划 {supersedes} 已有新版本", f"plan {supersedes} already has a next version") from None
    audit(session, user, "plan.create", plan_id=p.id, bundle_id=bundle_id, version=version, supersedes=supersedes, changes=changes or {})
    session.commit()
    session.refresh(p)
    return p


REVISABLE = ("rejected", "approved", "published")  # issue 13 #7: a plan under review or a draft is not revised


def running_plan(session: Session, year: int | None, other_than: int | None = None) -> Plan | None:
    """The plan whose year is being carried out (`year_started`: someone acted on it) or closed, among the year's
    approved and published plans other than `other_than`; None where none runs."""
    if year is None:
        return None
    for p in session.exec(select(Plan).where(col(Plan.state).in_(("approved", "published")), Plan.year == year)).all():
        if p.id == other_than:
            continue
        if p.closed_at is not None:  # a closed year holds its plan for good, acted on or not (review10)
            return p
        ys = session.get(YearState, p.id)
        if ys is not None and year_started(ys.state):
            return p
    return None


# what each act on another plan of a running year is refused as (refuse_beside_running), one source for the service
# and for the plan page, which shows the refusal in place of a form that would be refused (walk13)
BESIDE_RUNNING = {"submit": ("提交另一份计划", "another plan of its year is not submitted"),
                  "approve": ("批准另一份计划", "another plan of its year is not approved"),
                  "publish": ("以新计划替代公示", "a new plan cannot replace it"),
                  "revise": ("修订", "no plan of its year is revised"),
                  "execute": ("执行另一份计划", "another plan of its year is not executed"),
                  "close": ("以另一份计划结束年度", "its year is not closed by another plan"),
                  "generate": ("再生成一份计划", "no other plan of its year is generated")}


def refuse_beside_running(session: Session, plan: Plan, what_zh: str, what_en: str, itself: bool = False) -> None:
    """A second plan of a year that is being carried out is neither revised, approved nor executed: its own board would
    run beside the live one (walk8: two 2027 boards, an enterprise told "plan version 3, approved" for a plan that can
    never go live). In-year changes are versions of the running plan (R-INSERT, R-URGENT), made on its board.
    `itself`: the plan's own running year counts too (a running plan is not revised either)."""
    year = plan_year(session, plan)
    live = running_plan(session, year, other_than=None if itself else row_id(plan))
    if live is not None and live.closed_at is not None:
        raise Refused(409, f"{year}年度已结束（计划#{live.id}），不能{what_zh}：已结束年度的计划不再更改",
                      f"the {year} year is closed (plan #{live.id}): {what_en}; a closed year's plan is final")
    if live is not None:
        raise Refused(409, f"{year}年度计划#{live.id}已在执行，不能{what_zh}；年内变化请在该计划的年度看板中以年内调整办理",
                      f"the {year} plan #{live.id} is being carried out: {what_en}; make in-year changes on its year board")


def in_force_instead(session: Session, plan: Plan) -> Plan | None:
    """The plan in force for `plan`'s year where it is another one, else None (R-APPROVE, R-PUBLISH: one live plan a
    year). In force: the plan whose year runs — claimed by its first act (YearRun) or closed — or, where none runs yet,
    a published plan newer than `plan`, which superseded it. prod24: v1 approved beside v2, its revision, approved and published, still opened its
    year board and took notices and records until v2 acted (refuse_beside_running asks only whether another plan runs).
    Cheap lookups only (no year state is loaded): every read of a year asks it (api.yearstore)."""
    from api.models import YearRun

    year = plan_year(session, plan)
    if year is None:
        return None
    held = session.get(YearRun, year)
    live = session.get(Plan, held.plan_id) if held is not None else None
    if live is None:
        live = session.exec(select(Plan).where(col(Plan.state).in_(("approved", "published")), Plan.year == year, col(Plan.closed_at).is_not(None))
                            .order_by(col(Plan.id).desc())).first()
    if live is None:  # a newer published version (refuse_older's "newer": made later); a plan newer than the published
        # one may still run before it is published over it (R-APPROVE: an approved plan is executed)
        live = session.exec(select(Plan).where(Plan.state == "published", Plan.year == year, col(Plan.id) > row_id(plan))
                            .order_by(col(Plan.id).desc())).first()
    return live if live is not None and live.id != plan.id else None


def refuse_not_in_force(session: Session, plan: Plan) -> None:
    """Refused (409, with a link to the plan in force) where another plan is in force for `plan`'s year
    (in_force_instead): its year is neither shown nor acted on — no notice, record, trigger or step on it."""
    live = in_force_instead(session, plan)
    if live is None:
        return
    year = plan_year(session, plan)
    links = [(f"/plans/{live.id}/year", f"{year}年度执行中的计划#{live.id} / the plan in force, #{live.id}"), (f"/plans/{plan.id}", f"计划#{plan.id} / plan #{plan.id}")]
    try:  # another plan runs or closed the year: said as every act beside a running year is (已在执行 / 已结束)
        refuse_beside_running(session, plan, *BESIDE_RUNNING["execute"])
    except Refused as e:
        e.links = links
        raise
    raise Refused(409, f"计划#{plan.id}（第{plan.version}版）不是{year}年度执行中的计划：{year}年度以计划#{live.id}（第{live.version}版，"
                       f"{STATE_ZH.get(live.state, live.state)}）为准，本计划不再执行（R-APPROVE、R-PUBLISH）",
                  f"plan #{plan.id} (v{plan.version}) is not the {year} plan in force: plan #{live.id} (v{live.version}, {live.state}) "
                  "is, and this one is not carried out (R-APPROVE, R-PUBLISH)", links=links)


def supersedable(session: Session, plan_id: int) -> Plan:
    """Versions form a line: only a finished plan in a revisable state, not yet superseded, gets a next version."""
    old = session.get(Plan, plan_id)
    if old is None:
        raise Refused(404, f"没有编号为 {plan_id} 的计划", f"no plan {plan_id} to supersede")
    refuse_beside_running(session, old, *BESIDE_RUNNING["revise"], itself=True)
    if old.status != "done":
        raise Refused(409, "被修订的计划尚未生成完成", "the plan to revise is not generated")
    if old.state not in REVISABLE:
        raise Refused(409, f"计划处于“{STATE_ZH.get(old.state, old.state)}”状态，不能修订（只有已退回、已批准或已公示的计划可以修订）",
                      f"the plan is {old.state}: it cannot be revised (only a rejected, approved or published one)")
    nxt = session.exec(select(Plan.id).where(Plan.supersedes == plan_id)).first()
    if nxt is not None:
        raise Refused(409, f"计划 {plan_id} 已有新版本（计划 {nxt}），请修订最新版本", f"plan {plan_id} already has a next version (plan {nxt}): revise the latest")
    return old


def plan_dir(settings: Settings, plan_id: int) -> Path:
    return settings.data_dir / "plans" / str(plan_id)


def plan_file_rows(folder: Path, plan_id: int, files: Mapping[str, str]) -> list[PlanFile]:
    """The folder's recorded files as PlanFile rows (gzip), each read once and checked against the sha256 given:
    StoredFileError when one is missing or altered (never a copy of bytes nobody recorded)."""
    import gzip

    from api.integrity import StoredFileError, read_verified

    data, problems = read_verified(folder, tuple(sorted(files)), dict(files))
    if problems:
        raise StoredFileError(f"plan {plan_id}", problems, plan_id=plan_id)
    return [PlanFile(plan_id=plan_id, name=n, sha256=files[n], content_gz=gzip.compress(b, compresslevel=6)) for n, b in data.items()]


def plan_folder(session: Session, settings: Settings, plan_id: int) -> Path:
    """The plan's folder in the data directory, laid out again from the database (PlanFile) when it is missing: a
    database restored without its data directory, a new server's disk (round 30). The readers verify its files
    against Plan.files_sha256 as before; a row that no longer holds its recorded bytes is refused here
    (StoredFileError). A plan generated before migration 0007 whose files were never stored stays missing."""
    import gzip
    import hashlib

    from api.integrity import StoredFileError

    folder = plan_dir(settings, plan_id)
    if folder.is_dir():
        return folder
    rows = list(session.exec(select(PlanFile).where(PlanFile.plan_id == plan_id)))
    if not rows:
        return folder

    def contents() -> Iterable[tuple[str, bytes]]:
        for f in rows:
            content = gzip.decompress(f.content_gz)
            if hashlib.sha256(content).hexdigest() != f.sha256:
                raise StoredFileError(f"plan {plan_id} {f.name}", [f"{f.name}: the database's copy differs from its sha256"], plan_id=plan_id)
            yield f.name, content

    if lay_out(folder, contents()):
        log.warning("plan %s: its folder was missing from the data directory; laid out again from the database", plan_id)
    return folder


def lay_out(folder: Path, contents: Iterable[tuple[str, bytes]]) -> bool:
    """`contents` written into `folder` whole or not at all, through a temporary folder of this thread's own: several
    first reads at once (a restore onto an empty data directory) shared one ".tmp", removed and renamed under each
    other — 500s, and a half-laid folder reported for ever as tampered with (race30). The first rename wins; True when
    it was this call's. Whatever `contents` raises leaves nothing behind. The folder is private (api.private)."""
    from api.private import private_dir, write_private

    tmp = folder.with_name(f".{folder.name}.restore-{os.getpid()}-{threading.get_ident()}")
    shutil.rmtree(tmp, ignore_errors=True)
    private_dir(folder.parent)
    private_dir(tmp)  # 0700, its files 0600 (walk44 G8: a plan laid out again after a restore showed its seed to anyone)
    try:
        for name, data in contents:
            write_private(tmp / name, data)
        try:
            tmp.rename(folder)
        except OSError:
            if not folder.is_dir():
                raise
            return False
        return True
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def keep_plan_files(engine: Engine, settings: Settings) -> int:
    """At a server's start: the files of every generated plan the database has no copy of yet (generated before
    migration 0007) are stored from its folder, if that folder still holds the recorded bytes. Returns how many plans;
    a folder missing or altered is left as it is and logged (its readers report it when asked)."""
    from api.integrity import StoredFileError

    with Session(engine) as s:
        kept = select(PlanFile.plan_id).distinct()
        todo = [p for p in s.exec(select(Plan).where(Plan.status == "done", col(Plan.id).not_in(kept)).order_by(col(Plan.id)))
                if p.files_sha256]
    n = 0
    for p in todo:
        try:
            rows = plan_file_rows(plan_dir(settings, row_id(p)), row_id(p), p.files_sha256 or {})
        except StoredFileError as e:
            log.error("plan %s: its files could not be kept in the database: %s", p.id, "; ".join(e.problems[:5]))
            continue
        with Session(engine) as s:
            s.add_all(rows)
            try:
                s.commit()
            except IntegrityError:  # stored meanwhile (uq_plan_file_name)
                s.rollback()
                continue
        n += 1
    if n:
        log.info("kept the files of %d plan(s) generated before migration 0007 in the database", n)
    return n


def first_plannable(bundle: Bundle, day: dt.date) -> dt.date | None:
    """The first day a plan made on `day` may put a visit on (PlanOptions.first_day): the day after R-INSERT's freeze —
    `freeze_workdays` working days from `day`, the days a running year pins because a notice could no longer reach the
    firm (walk42 F2: a plan made on 4 January put follow-ups on 3 January, overdue when published); None where that is
    the plan year's first working day or earlier (the whole year is ahead)."""
    return first_after_freeze(bundle.calendar, bundle.workdays, bundle.policy.freeze_workdays, day)


def first_after_freeze(cal: WorkCalendar, workdays: list[dt.date], freeze_workdays: int, day: dt.date) -> dt.date | None:
    """`first_plannable` from the calendar, the plan year's working days and `freeze_workdays` alone (what a plan's
    summary keeps: `overtaken` loads no bundle)."""
    from bundle.workcal import freeze_end

    if not workdays:
        return None
    # from the service's day whenever the freeze ends inside the plan year (review42 #7: a plan made on 31 December
    # for the next year put visits on 4–8 January, inside the freeze)
    first = freeze_end(cal, workdays[-1], day, freeze_workdays) + dt.timedelta(days=1)
    return first if first > workdays[0] else None


def overtaken(session: Session, settings: Settings, plan: Plan) -> dict[str, Any] | None:
    """A plan waiting for its decision whose days the calendar has overtaken (walk43 G2: generated on 15 June from 23
    June, approved on 28 June without a word; 13 visits were overdue at once and those of the next five working days
    pinned by R-INSERT's freeze though no notice had gone out). Counted as `first_plannable` counts for a plan made
    today: visits on days already past, and visits inside the freeze from today. None where no visit is (before its
    year, or a plan for the days ahead). What the leader does with it is the leader's: approve and move them in the
    year (R-INSERT), or reject so that the planner revises from today."""
    from bundle.workcal import WorkCalendar, year_days

    day = today()
    if plan.state not in ("draft", "submitted") or plan.status != "done" or plan.year != day.year:
        return None  # before or after its year nothing is overtaken; once decided, the year board says overdue
    s = plan.summary or {}
    if "workdays" in s and "freeze_workdays" in s:
        # the summary's calendar (review43 #3: a province's bundle, 16 s and 400 MB, was loaded to show a plan page)
        workdays = [dt.date.fromisoformat(d) for d in s["workdays"]]
        on = set(workdays)
        cal = WorkCalendar({d: d in on for d in year_days(plan.year)})
        first = first_after_freeze(cal, workdays, int(s["freeze_workdays"]), day)
    else:  # a plan stored before its summary kept them
        from api.yearstore import bundle_of

        first = first_plannable(bundle_of(session, settings, plan.bundle_id), day)
    if first is None:
        return None
    dates = [dt.date.fromisoformat(d) for d in session.exec(select(VisitRow.date).where(VisitRow.plan_id == plan.id)).all()]
    past, frozen = sum(d < day for d in dates), sum(day <= d < first for d in dates)
    if not past + frozen:
        return None
    return {"today": day.isoformat(), "first_day": first.isoformat(), "past": past, "in_freeze": frozen,
            "zh": f"今天（{day}）批准：{past}项检查的日期已过，{frozen}项在冻结期内（{first}前，R-INSERT），批准后前者即为逾期、后者不能改期；"
                  "可驳回由计划员自今日起修订，或批准后逐项改期",
            "en": f"approved today ({day}): {past} visit(s) fall on days already past and {frozen} inside the freeze (before {first}, "
                  "R-INSERT); once approved the former are overdue and the latter cannot move — reject so the planner revises "
                  "from today, or approve and move them in the year"}


def solver_options(settings: Settings) -> PlanOptions:
    """The one solver configuration: scheduler.plan.PlanOptions' defaults, overridden only by
    settings the operator set (INSPECTION_PLAN_TIME_LIMIT …); the CLI starts from the same defaults."""
    from scheduler.plan import PlanOptions

    d = PlanOptions(mp_start="spawn")
    return PlanOptions(mp_start="spawn",
                       time_limit=d.time_limit if settings.plan_time_limit is None else settings.plan_time_limit,
                       processes=d.processes if settings.plan_processes is None else settings.plan_processes,
                       use_solver=d.use_solver if settings.plan_use_solver is None else settings.plan_use_solver,
                       engine=d.engine if settings.dask_scheduler is None else settings.dask_scheduler)


# ---- the workflow (R-APPROVE) -----------------------------------------------------------------
def _transition(session: Session, plan: Plan, expected: tuple[str, ...], new: str, **values: object) -> Plan:
    """Compare-and-set on (state, lock): of two leaders approving at once, exactly one row changes."""
    r = session.execute(update(Plan).where(col(Plan.id) == plan.id, col(Plan.state).in_(expected), col(Plan.lock) == plan.lock)
                        .values(state=new, lock=plan.lock + 1, **values))
    if rowcount(r) != 1:
        session.rollback()
        raise Refused(409, "计划状态已变化，请刷新", "the plan changed state meanwhile: reload")
    return plan


def _comment(text: str, required: bool) -> str:
    text = (text or "").strip()
    if len(text) > MAX_COMMENT:
        raise Refused(422, f"意见最多 {MAX_COMMENT} 字，实际 {len(text)} 字", f"a comment has at most {MAX_COMMENT} characters, got {len(text)}")
    if required and not text:
        raise Refused(422, "退回必须写明理由", "a rejection needs a comment saying why")
    return text


def submit(session: Session, user: User, plan: Plan, note: str = "") -> str:
    if user.role != "planner":
        raise Refused(403, "只有计划编制人员可以提交", "only a planner submits")
    note = _comment(note, False)
    if plan.status != "done":
        raise Refused(409, "计划尚未生成完成", "the plan is not generated yet")
    if plan.state != "draft":
        raise Refused(409, f"计划处于“{STATE_ZH.get(plan.state, plan.state)}”状态，不能提交", f"the plan is {plan.state}: it cannot be submitted")
    # a plan that could never be approved beside the running one is not sent to a leader either (walk13: submitted,
    # then the leader's approve was refused)
    refuse_beside_running(session, plan, *BESIDE_RUNNING["submit"])
    _transition(session, plan, ("draft",), "submitted", submitted_by=user.id)
    session.add(Approval(plan_id=row_id(plan), user_id=row_id(user), decision="submitted", comment=note))
    audit(session, user, "plan.submit", plan_id=plan.id, note=note)
    session.commit()
    return "submitted"


def revised_from(plan: Plan) -> int | None:
    """The plan this one revises: its `supersedes`, or, for a revision that left the line (a draft discarded, a
    generation cancelled or failed: `off_the_line`), the plan it had revised (`changes["revised_from"]`): its page,
    diff and workbook still say what it was a revision of (review29)."""
    if plan.supersedes is not None:
        return plan.supersedes
    was = (plan.changes or {}).get("revised_from")
    return int(was) if was is not None else None


def off_the_line(plan: Plan) -> dict[str, Any]:
    """The column values that take a revision off the version line — `supersedes` cleared, so its predecessor may be
    revised again — while it keeps what it revised (`changes["revised_from"]`), so the next revision's number goes on
    past it (create_plan). One source for a discarded draft and a cancelled or failed generation (api.jobs)."""
    was = plan.supersedes
    return {"supersedes": None, "changes": {**(plan.changes or {}), **({"revised_from": was} if was is not None else {})}}


def discard(session: Session, user: User, plan: Plan, reason: str) -> str:
    """作废草稿: a draft its planner will not submit (a revision made with a wrong value, a plan generated from the wrong
    bundle) is set aside, with the reason, and a revision leaves the version line (`supersedes` cleared, as a cancelled
    or failed generation does, api.jobs): its predecessor may be revised again. Round 27's note: "a draft revision
    cannot be cancelled" — the predecessor answered "already has a next version" until a leader rejected a plan nobody
    meant to submit. Nothing else changes: the draft stays readable, its files and timeline kept (R-AUDIT)."""
    if not (user.role == "admin" or (user.role == "planner" and user.id == plan.created_by)):
        # as a generation is cancelled (api.routers.jobs): a colleague's draft is theirs to submit or set aside
        raise Refused(403, "只有草稿的创建者或管理员可以作废草稿", "only the draft's creator or an admin discards it")
    if plan.state != "draft":
        raise Refused(409, f"计划处于“{STATE_ZH.get(plan.state, plan.state)}”状态，不能作废：只有草稿可以作废（已提交的计划由领导退回）",
                      f"the plan is {plan.state}: only a draft can be discarded (a submitted plan is rejected by a leader)")
    if plan.status in ("queued", "running"):
        raise Refused(409, "计划正在生成：请先取消生成", "the plan is being generated: cancel its generation first")
    reason = _comment(reason, False)
    if not reason:
        raise Refused(422, "作废草稿须写明原因", "discarding a draft needs a reason")
    was = plan.supersedes
    _transition(session, plan, ("draft",), "discarded", **off_the_line(plan))
    session.add(Approval(plan_id=row_id(plan), user_id=row_id(user), decision="discarded", comment=reason))
    audit(session, user, "plan.discard", plan_id=plan.id, supersedes=was, reason=reason)
    session.commit()
    return "discarded"


def verify_plan_files(session: Session, settings: Settings, plan: Plan) -> None:
    """The plan's files as they stand against what was recorded at generation (Plan.files_sha256, its digest Plan.sha256):
    each file read whole, as folder.zip reads them, never the folder cache's size and mtime. StoredFileError otherwise
    (the app's handler logs it, audits it and answers 409 with the error id)."""
    from api.integrity import StoredFileError, digest, folder_problems

    files = dict(plan.files_sha256 or {})
    folder = plan_folder(session, settings, row_id(plan))
    problems = []
    if files and plan.sha256 and digest(files) != plan.sha256:
        problems.append("the recorded manifest no longer matches the plan's sha256")
    if files:
        problems += folder_problems(folder, files)
    elif not folder.is_dir():  # a plan from before migration 0003 has no record: its folder at least (api.folders)
        problems.append(f"plan folder {plan.id}/ missing")
    if problems:
        raise StoredFileError(f"plan {plan.id}", problems, plan_id=plan.id)


def decide(session: Session, settings: Settings, user: User, plan: Plan, approve: bool, comment: str) -> str:
    if user.role != "leader":
        raise Refused(403, "只有领导可以审批", "only a leader approves or rejects")
    if plan.submitted_by == user.id:
        raise Refused(403, "提交人不能审批自己的计划（R-APPROVE）", "the submitter may not approve their own plan (R-APPROVE)")
    if plan.state != "submitted":
        raise Refused(409, f"计划处于“{STATE_ZH.get(plan.state, plan.state)}”状态，不能审批", f"the plan is {plan.state}: it cannot be approved or rejected")
    # the state before the reason: a plan another leader decided meanwhile was answered "needs a reason" (walk22)
    comment = _comment(comment, required=not approve)
    if approve and not comment:  # R-APPROVE: "approved or rejected (with comments)": the 审批意见 on file (web40 W11)
        raise Refused(422, "批准须填写审批意见（R-APPROVE）", "an approval needs the leader's comment (R-APPROVE)")
    new = "approved" if approve else "rejected"
    if approve:
        refuse_beside_running(session, plan, *BESIDE_RUNNING["approve"])
        # R-APPROVE: the leader approves what was generated and checked, not files changed since (web40: plan.json edited
        # after submission was approved, and the approved plan then answered 409 to every `why` and folder.zip)
        verify_plan_files(session, settings, plan)
    # what the calendar had overtaken when the leader decided (walk43 G2), on the record beside the comment
    late = overtaken(session, settings, plan)
    _transition(session, plan, ("submitted",), new, **({"approved_sha256": plan.sha256} if approve else {}))  # integrity: what was approved
    session.add(Approval(plan_id=row_id(plan), user_id=row_id(user), decision=new, comment=comment))
    said: dict[str, Any] = {"overtaken": {k: late[k] for k in ("first_day", "past", "in_freeze")}} if late else {}
    audit(session, user, f"plan.{'approve' if approve else 'reject'}", plan_id=plan.id, comment=comment, **said)
    session.commit()
    return new


def publish(session: Session, user: User, plan: Plan) -> str:
    """Publishing makes this version the year's one live plan: a published predecessor of
    the same year is marked superseded and leaves the public index (issue 13 #7)."""
    if user.role not in ("leader", "admin"):
        raise Refused(403, "只有领导或管理员可以公示", "only a leader or an admin publishes")
    with year_lock(session, plan_year(session, plan)):
        session.refresh(plan)  # as it stands once the year is ours: another publication may have come first
        return _publish(session, user, plan)


def _publish(session: Session, user: User, plan: Plan) -> str:
    if plan.state != "approved":  # its state named, as submit and decide do (prod20: a published plan read "only an approved …")
        raise Refused(409, f"计划处于“{STATE_ZH.get(plan.state, plan.state)}”状态，不能公示：只有已批准的计划可以公示（R-APPROVE）",
                      f"a {plan.state} plan cannot be published: only an approved plan is (R-APPROVE)")
    # superseding a running plan would strand its year: records, deadlines, pending approvals, and the codes on
    # notices already served (/v/{code} would answer "no such code"); in-year changes are versions of the running plan
    refuse_beside_running(session, plan, *BESIDE_RUNNING["publish"])
    refuse_older(session, plan)
    year = plan_year(session, plan)
    older = session.exec(select(Plan).where(Plan.state == "published", Plan.id != plan.id, Plan.year == year)).all()
    _transition(session, plan, ("approved",), "published", published_at=business_now())
    for o in older:
        r = session.execute(update(Plan).where(col(Plan.id) == o.id, col(Plan.state) == "published").values(state="superseded", lock=o.lock + 1))
        if rowcount(r) == 1:
            session.add(Approval(plan_id=row_id(o), user_id=row_id(user), decision="superseded", comment=f"→ #{row_id(plan)} v{plan.version}"))
            audit(session, user, "plan.superseded", plan_id=o.id, by=plan.id)
    session.add(Approval(plan_id=row_id(plan), user_id=row_id(user), decision="published", comment=""))
    audit(session, user, "plan.publish", plan_id=plan.id, superseded=[o.id for o in older])
    session.commit()
    return "published"


def refuse_older(session: Session, plan: Plan) -> None:
    """The published line moves forward only (R-APPROVE: an approved plan is superseded by a new version, never the other
    way): a plan made before the year's published plan is not published over it. prod23: v1 approved, v2 approved and
    published, then v1 published left v2 reading "已被新版本取代" — replaced by an older one. Older is made earlier (the
    plan's id): an ancestor of the published version, or a plan of another line generated before it. To go back to an
    older plan's arrangement, revise the latest version (a new version, approved by a leader)."""
    year = plan_year(session, plan)
    newer = session.exec(select(Plan).where(Plan.state == "published", Plan.year == year, col(Plan.id) > plan.id)
                         .order_by(col(Plan.id).desc())).first()
    if newer is not None:
        raise Refused(409, f"计划#{plan.id}（第{plan.version}版）早于{year}年度已公示的计划#{newer.id}（第{newer.version}版），"
                           "不能公示以取代较新的版本；如需恢复其安排，请修订最新版本并报批",
                      f"plan #{plan.id} (v{plan.version}) is older than plan #{newer.id} (v{newer.version}), the published plan of "
                      f"{year}: an older version is not published over a newer one; to go back to its arrangement, revise "
                      "the latest version and have it approved")
    # nor over a later version of its own line already approved (walk29: v1 published while v2, its revision, stood
    # approved: the public read the plan the leader had already replaced)
    nxt = session.exec(select(Plan).where(Plan.supersedes == plan.id)).first()
    while nxt is not None:
        if nxt.state == "approved":
            raise Refused(409, f"计划#{plan.id}（第{plan.version}版）已有经批准的新版本计划#{nxt.id}（第{nxt.version}版）：请公示新版本",
                          f"plan #{plan.id} (v{plan.version}) has a newer approved version, plan #{nxt.id} (v{nxt.version}): publish that one")
        nxt = session.exec(select(Plan).where(Plan.supersedes == nxt.id)).first()


def year_started(state: dict[str, Any]) -> bool:
    """Whether a plan's year is running (execution.Year.dump()'s JSON): someone acted on it — a visit notified, recorded
    or cancelled, a record, or an in-year version (number 2 on: an inserted trigger, a re-plan). Not: version 1 (the
    plan as approved) and the bundle's own triggers, which every stored year holds from its first read, nor a visit
    the calendar made overdue (any read sets that flag). Review8: opening the year board once made every replacement
    plan unpublishable."""
    return acted(bool(state.get("records")), (int(v.get("number", 1)) for v in state.get("versions", [])),
                 (v.get("status", "planned") for v in state.get("visits", [])))


def acted(has_records: bool, version_numbers: Iterable[int], statuses: Iterable[str]) -> bool:
    """The one rule of `year_started`, over a stored state or a loaded Year (yearstore.change asks it of the Year it
    holds, without dumping megabytes on every change)."""
    return has_records or any(n >= 2 for n in version_numbers) or any(s in ("notified", "done", "cancelled") for s in statuses)


def closable(session: Session, user: User, plan: Plan) -> None:
    """Refused unless `user` may close `plan`'s year now (close_year; the plan page shows the refusal instead of the
    button: walk13 pressed it in March and was told no)."""
    if user.role not in ("leader", "admin"):
        raise Refused(403, "只有领导或管理员可以结束年度", "only a leader or an admin closes the year")
    if plan.state != "published":
        raise Refused(409, "只有已公示的计划可以结束年度", "only the published plan closes its year")
    if plan.closed_at is not None:
        raise Refused(409, "该年度已结束", "the year is already closed")
    # another plan of the year is carried out: this one's seed is not the year's, and closing it would hold the year
    # for a plan that never ran (review14)
    refuse_beside_running(session, plan, *BESIDE_RUNNING["close"])
    year = plan_year(session, plan)
    if year is not None and today() < dt.date(year, 12, 31):
        # the seed lets anyone redraw every draw still to come (双随机: unannounced until done), so it is revealed
        # only when the year is over (R-PUBLISH), not whenever a leader presses the button
        raise Refused(409, f"{year}年度尚未结束（12月31日起可结束年度），此前公布随机种子会泄露尚未进行的抽查",
                      f"the {year} plan year is not over (it may be closed from 31 December): revealing the seed now would "
                      "disclose the draws still to come")
    waiting = _waiting_versions(session, plan)
    if waiting:
        # once closed, the plan no longer changes (Year.refuse_closed): a change still waiting is signed or refused first
        raise Refused(409, f"仍有待审批的年内调整（第 {'、'.join(map(str, waiting))} 次），请先批准或退回再结束年度",
                      f"in-year changes still wait for a leader ({', '.join(map(str, waiting))}): approve or reject them "
                      "before closing the year")


def close_year(session: Session, user: User, plan: Plan, open_work: Mapping[str, object] | None = None) -> str:
    """The year is over: the seed of its published plan is revealed so anyone can redraw (R-PUBLISH). `open_work`
    (execution.deadlines.open_work, read by the caller: this module does not load years) goes into the audit event as
    counts, so the trail says what the year still owed when it was closed."""
    closable(session, user, plan)
    # compare-and-set on the year's lock, in the closing transaction: a change already loaded before the close then
    # loses its own compare-and-set and stores nothing (review10: a cancellation landed in a year closed a moment
    # before); a second leader closing at the same moment finds closed_at set
    row = session.get(YearState, plan.id)
    if row is not None and rowcount(session.execute(update(YearState).where(col(YearState.plan_id) == plan.id, col(YearState.lock) == row.lock)
                                                    .values(lock=row.lock + 1))) != 1:
        session.rollback()
        raise Refused(409, "计划执行状态已被他人更新，请重试", "the year was changed meanwhile: try again")
    if rowcount(session.execute(update(Plan).where(col(Plan.id) == plan.id, col(Plan.closed_at).is_(None)).values(closed_at=business_now()))) != 1:
        session.rollback()
        raise Refused(409, "该年度已结束", "the year is already closed")
    session.add(Approval(plan_id=row_id(plan), user_id=row_id(user), decision="closed", comment=""))
    owed = {k: (len(v) if isinstance(v, list) else v) for k, v in (open_work or {}).items()}  # counts, not thousands of ids
    if open_work is None:
        audit(session, user, "plan.close_year", plan_id=plan.id)
    else:
        audit(session, user, "plan.close_year", plan_id=plan.id, open_work=owed)
    session.commit()
    return plan.state


def _waiting_versions(session: Session, plan: Plan) -> list[int]:
    """The in-year changes (their numbers as the board shows them: 年内调整第 n 次) still waiting for a leader."""
    row = session.get(YearState, plan.id)
    versions = (row.state or {}).get("versions", []) if row is not None else []
    return [int(v["number"]) - 1 for v in versions if v.get("state") in ("submitted", "started")]


_year_locks: dict[tuple[str, int | None], threading.Lock] = {}
_year_locks_guard = threading.Lock()


def year_lock(session: Session, year: int | None) -> threading.Lock:
    """One lock per plan year (and database) for what decides which plan is the year's: a publication and a year's
    first act. Each checked the other before either wrote (race30: two plans of 2027 published at once were both
    "published"; a publication of v2 beside v1's first act left v2 public while v1 ran). One server process per
    installation (api.claim) makes a process lock enough."""
    key = (session.get_bind().engine.url.render_as_string(hide_password=False), year)
    with _year_locks_guard:
        return _year_locks.setdefault(key, threading.Lock())


def plan_year(session: Session, plan: Plan) -> int | None:
    if plan.year is not None:
        return plan.year
    b = session.get(BundleUpload, plan.bundle_id)  # a plan from before 0002_flow
    return b.year if b else None


def revise(session: Session, user: User, plan_id: int, policy_changes: dict[str, Any], avoid_dates: list[str]) -> Plan:
    """修订: the next version of a plan, from its bundle with the leader's policy changes
    (policy.json) and days to avoid (calendar.csv marks them non-working). A new bundle row
    holds the changed files, so every stored file keeps its sha256 (R-AUDIT)."""
    if user.role != "planner":
        raise Refused(403, "只有计划编制人员可以修订", "only a planner revises")
    import hashlib
    import tempfile

    from api.flow import revised_files
    from api.integrity import verified_content
    from bundle import load_bundle

    old = supersedable(session, plan_id)
    files = {f.name: verified_content(f) for f in session.exec(select(BundleFile).where(BundleFile.bundle_id == old.bundle_id))}

    new_files = revised_files(files, policy_changes, avoid_dates)
    with tempfile.TemporaryDirectory() as tmp:
        for name, content in new_files.items():
            (Path(tmp) / name).write_bytes(content)
        b = load_bundle(Path(tmp), today())  # BundleInvalid (the changed policy breaks a rule): nothing stored
    if b.year != plan_year(session, old):
        raise Refused(422, "修订不能改变年度", "a revision cannot change the year")
    counts = {name: len(df) for name, df in sorted(b.frames.items())}
    up = BundleUpload(filename=f"修订 plan {old.id} v{old.version}", sha256=b.input_sha256, input_sha256=b.input_sha256, year=b.year,
                      counts=counts, uploaded_by=row_id(user))
    session.add(up)
    session.flush()
    bundle_id = row_id(up)
    for name, content in sorted(b.files.items()):
        session.add(BundleFile(bundle_id=bundle_id, name=name, sha256=hashlib.sha256(content).hexdigest(), content=content))
    audit(session, user, "bundle.revise", bundle_id=bundle_id, from_plan=old.id)
    session.flush()
    changes = {"policy": policy_changes, "avoid_dates": avoid_dates}
    return create_plan(session, user, bundle_id, supersedes=old.id, changes=changes)


def count_rows(session: Session) -> dict[str, int]:
    """Rows per table: what a refused request must leave unchanged."""
    out = {}
    for model in (BundleUpload, BundleFile, Plan, VisitRow, SelectionRow, Approval, AuditEvent):
        out[model.__name__] = session.exec(select(func.count()).select_from(model)).one()
    return out
