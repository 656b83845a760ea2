"""Plan jobs (计划生成任务): each in its own process group, so that its solver processes die with
it (cancel, server stop, server death); jobs a restart interrupted are failed with a reason
(running) or queued again (queued); a per-user quota of queued jobs.

The server keeps one runner thread (a plan uses both cores already); the runner starts
`python -m api.jobs PLAN_ID` in a new session and waits for it. The child watches its parent
and kills its own group when the server is gone (SIGKILL leaves no orphaned CP-SAT)."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import HTTPException
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, func, select

from api.clock import today
from api.db import rowcount
from api.models import Plan, SelectionRow, VisitRow, row_id
from api.settings import Settings

if TYPE_CHECKING:
    from bundle import Bundle

log = logging.getLogger("inspection.jobs")
ACTIVE = ("queued", "running")
CANCELLED = "cancelled"  # a job its planner (or an admin) stopped 已取消: not a failure of the solver
# a generation that ends without a plan: a revision of it leaves the version line (`supersedes` cleared), or its
# predecessor answers "already has a next version" for ever and the line is stuck (review16: a cancelled revision)
UNFINISHED = ("failed", CANCELLED)
SETTINGS_ENV = "INSPECTION_JOB_SETTINGS"


def _off_the_line(s: Session, plan_id: int) -> dict[str, object]:
    """A revision that never became a version leaves the line, keeping what it revised (api.services.off_the_line)."""
    from api.services import off_the_line

    plan = s.get(Plan, plan_id)
    return off_the_line(plan) if plan is not None else {"supersedes": None}


def _set(engine: Engine, plan_id: int, **values: object) -> None:
    with Session(engine) as s:
        if values.get("status") in UNFINISHED:
            values.update(_off_the_line(s, plan_id))
        s.execute(update(Plan).where(col(Plan.id) == plan_id).values(**values))
        s.commit()


def _start(engine: Engine, plan_id: int) -> bool:
    """queued → running, only if the plan is still queued: a cancel that landed before the job process registered must
    not be overwritten by it (review16: the plan then ended `done` after its cancel answered 200), and a second runner
    of the same plan — another server's, after it took this one's database lock and queued the plan again (review32b)
    — finds it running and leaves it to the first."""
    with Session(engine) as s:
        r = s.execute(update(Plan).where(col(Plan.id) == plan_id, col(Plan.status) == "queued").values(status="running", progress=0.02))
        s.commit()
    return bool(rowcount(r))


def _audit(engine: Engine, action: str, plan_id: int, **detail: object) -> None:
    from api.services import audit

    with Session(engine) as s:
        audit(s, None, action, plan_id, None, "", **detail)  # positional: a detail key can never fill the bundle_id or actor column
        s.commit()


def _group_alive(pid: int) -> bool:
    """Is `pid` still one of our job processes (not a reused pid)?"""
    try:
        return "api.jobs" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return False


def kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


class Jobs:
    """Plan generation in the background, one at a time, each job its own process group."""

    def __init__(self, engine: Engine, settings: Settings):
        self.engine, self.settings = engine, settings
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="plan-job")
        self._procs: dict[int, subprocess.Popen[bytes]] = {}
        self._cancelled: dict[int, tuple[str, str]] = {}  # plan → (reason, the status it ends in)
        self._lock = threading.Lock()
        self._stop = threading.Event()  # the server is stopping: a write retried while the database is away gives up

    # ---- the server side ----------------------------------------------------------------
    def recover(self) -> tuple[int, int]:
        """At start: jobs a stop left `running` are failed with the reason (and any process of
        theirs killed); jobs left `queued` are queued again. Returns (failed, requeued)."""
        with Session(self.engine) as s:
            running = list(s.exec(select(Plan).where(Plan.status == "running")))
            queued = [row_id(p) for p in s.exec(select(Plan).where(Plan.status == "queued").order_by(col(Plan.id)))]
        for p in running:
            if p.job_pid and _group_alive(p.job_pid):
                kill_group(p.job_pid)
            _set(self.engine, row_id(p), status="failed", job_pid=None,
                 error="生成被服务重启中断，请重新生成 / interrupted by a server restart: generate it again")
            _audit(self.engine, "plan.failed", row_id(p), error="interrupted by a server restart")
            log.warning("plan %s failed: its generation was interrupted by a server restart", p.id)
        for plan_id in queued:
            log.info("plan %s queued again after a server restart", plan_id)
            self.pool.submit(self.run, plan_id)
        return len(running), len(queued)

    def submit(self, plan_id: int) -> None:
        """Queue the job, within the creator's quota (else the plan is withdrawn and 429)."""
        with Session(self.engine) as s:
            plan = s.get(Plan, plan_id)
            assert plan is not None
            # the creator's plans made before this one: of several made at once, the first job_quota go (race30: four
            # at once each counted the other three and all four were refused)
            active = s.exec(select(func.count()).select_from(Plan).where(
                Plan.created_by == plan.created_by, col(Plan.status).in_(ACTIVE), col(Plan.id) < plan_id)).one()
            if active >= self.settings.job_quota:
                from api.services import audit

                s.delete(plan)
                audit(s, None, "plan.refused", plan_id=plan_id, reason="job_quota", active=active)
                s.commit()
                raise HTTPException(429, f"已有 {active} 个计划在排队或生成（上限 job_quota={self.settings.job_quota}），请等待完成 / "
                                         f"{active} plans already queued or running (cap job_quota={self.settings.job_quota}): wait for them",
                                    headers={"Retry-After": "30"})
        self.pool.submit(self.run, plan_id)

    def cancel(self, plan_id: int, reason: str, status: str = CANCELLED) -> bool:
        """Stop a queued or running job: its whole process group dies; the plan ends `cancelled` (a user's cancel,
        已取消) or `failed` (a server stop) with the reason. True when this call ended it — also where the runner
        thread, woken by the kill, wrote this very ending first (walk15: a cancel that worked answered "already ended")."""
        with self._lock:
            self._cancelled[plan_id] = (reason, status)
            proc = self._procs.get(plan_id)
        if proc is not None:
            kill_group(proc.pid)
        with Session(self.engine) as s:
            r = s.execute(update(Plan).where(col(Plan.id) == plan_id, col(Plan.status).in_(ACTIVE))
                          .values(status=status, error=reason, job_pid=None, **_off_the_line(s, plan_id)))
            s.commit()
            if rowcount(r):
                return True
            plan = s.get(Plan, plan_id)
            return plan is not None and (plan.status, plan.error) == (status, reason)

    def shutdown(self) -> None:
        """Server stop: every running group is killed and its plan failed with the reason."""
        self._stop.set()
        with self._lock:
            procs = dict(self._procs)
        for plan_id in procs:
            try:
                if self.cancel(plan_id, "服务停止，生成中断 / the server stopped: generate it again", status="failed"):
                    # R-AUDIT: every change of state (walk44 G9: a stop's failure alone was missing from the trail)
                    _audit(self.engine, "plan.failed", plan_id, error="the server stopped")
                    log.warning("plan %s failed: the server stopped during its generation", plan_id)
            except DBAPIError as e:  # the database away as the server stops: the next start's recovery fails the plan
                log.error("plan %s: its stop was not stored: %s", plan_id, e)
        self.pool.shutdown(wait=False, cancel_futures=True)

    def run(self, plan_id: int) -> None:
        """Run one job to its end (in the runner thread; also `inspection demo`). Not while another server holds this
        one's database lock (api.claim.lost): the plan stays queued, for that server's recovery to run (review32b: both
        servers solved it, and the second to store threw its work away)."""
        from api.claim import lost

        with self._lock:
            if plan_id in self._cancelled:
                return
        if lost(self.settings.database_url) is not None:
            log.warning("plan %s left queued: another server holds this one's database lock", plan_id)
            return
        env = dict(os.environ)
        env[SETTINGS_ENV] = self.settings.model_dump_json()
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(Path(__file__).resolve().parents[1]), env.get("PYTHONPATH")) if p)
        proc = subprocess.Popen([sys.executable, "-m", "api.jobs", str(plan_id)], env=env, start_new_session=True,
                                stdin=subprocess.DEVNULL)
        with self._lock:
            self._procs[plan_id] = proc
        log.info("plan %s: generation started (job process %s)", plan_id, proc.pid)
        try:
            stored(plan_id, "job_pid", lambda: _set(self.engine, plan_id, job_pid=proc.pid), self._stop)
            code = proc.wait()
        finally:
            with self._lock:
                self._procs.pop(plan_id, None)
            kill_group(proc.pid)  # anything the job left behind goes with it
        stored(plan_id, "ending", lambda: self.finish(plan_id, code), self._stop)

    def finish(self, plan_id: int, code: int) -> None:
        """After the job process ended: a plan it left queued or running (it died, or could not store its own ending)
        ends failed (or cancelled, with the cancel's reason); either way its pid is cleared."""
        with Session(self.engine) as s:
            plan = s.get(Plan, plan_id)
            still = plan is not None and plan.status in ACTIVE
        if still:
            cancelled = self._cancelled.get(plan_id)
            reason, status = cancelled or (f"生成进程意外退出（{code}） / the job process ended unexpectedly (exit {code})", "failed")
            _set(self.engine, plan_id, status=status, error=reason, job_pid=None)
            if cancelled is None:  # a cancel is audited by its router, with its user; a stop by shutdown
                _audit(self.engine, "plan.failed", plan_id, error=reason)
                log.error("plan %s failed: the job process ended unexpectedly (exit %s)", plan_id, code)
            else:
                log.info("plan %s %s: %s", plan_id, status, reason)
        else:
            _set(self.engine, plan_id, job_pid=None)
            with Session(self.engine) as s:
                plan = s.get(Plan, plan_id)
                ending = (plan.status, plan.error) if plan is not None else ("gone", None)
            if ending[0] == "done":
                log.info("plan %s: generation done (job process exit %s)", plan_id, code)
            else:
                log.warning("plan %s: generation ended %s%s", plan_id, ending[0], f": {ending[1][:300]}" if ending[1] else "")


STORE_RETRY_SECONDS = 900.0  # how long the runner keeps trying to store a job's ending while the database is away


def stored(plan_id: int, what: str, write: Callable[[], None], stop: threading.Event | None = None,
           sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> None:
    """`write`, retried while the database cannot be reached (api.db.unreachable: refused, reset, locked), for up to
    STORE_RETRY_SECONDS, or until `stop` is set (the server stopping: its next start fails the plan anyway, and a
    retry must not hold the process — and its claim — for minutes; review30). ops30: PostgreSQL stopped while a plan
    generated; the job died, the runner thread's write of its ending raised into the thread pool, which swallowed it,
    and the plan read "running 2%" until a restart (and counted against its planner's job_quota). Retried, it ends
    `failed` with its reason once the database is back. Any other error raises at once: a bug is not an outage."""
    from api.db import first_line, unreachable

    delay, deadline = 1.0, clock() + STORE_RETRY_SECONDS
    while True:
        try:
            write()
            return
        except DBAPIError as e:
            if not unreachable(e):
                raise
            if clock() >= deadline or (stop is not None and stop.is_set()):
                log.error("plan %s: its %s was not stored, the database unreachable: %s", plan_id, what, first_line(e))
                raise
            log.warning("plan %s: its %s not stored (%s): retrying in %.0f s", plan_id, what, first_line(e), delay)
            if stop is not None:
                stop.wait(delay)
            else:
                sleep(delay)
            delay = min(delay * 2, 60.0)


# ---- the job process ------------------------------------------------------------------------
def _watch_parent(parent: int) -> None:
    """The server is gone (killed): take the whole group down, solver processes included."""
    while True:
        if os.getppid() != parent:
            os.killpg(0, signal.SIGKILL)
        time.sleep(0.5)


def generate(engine: Engine, settings: Settings, plan_id: int) -> None:
    """Bundle → plan folder → rows; the folder's files' sha256 recorded (integrity)."""
    from api.integrity import StoredFileError, digest, manifest, report
    from api.services import bundle_folder, first_plannable, solver_options
    from bundle import load_bundle
    from bundle.problems import BundleInvalid, first_problems
    from scheduler.atomic import write_plan_atomically as write_plan  # whole or not at all
    from scheduler.plan import make_plan

    try:
        if not _start(engine, plan_id):
            return  # cancelled between the runner's check and this process's start: nothing to generate
        with Session(engine) as s:
            plan = s.get(Plan, plan_id)
            assert plan is not None
            folder = bundle_folder(s, settings, plan.bundle_id)
        b = load_bundle(folder, today())
        n = max(1, b.enterprises.district_code.nunique())
        done = [0]

        def tick(_result: object) -> None:
            done[0] += 1
            _set(engine, plan_id, progress=round(0.1 + 0.8 * done[0] / n, 3))

        first = first_plannable(b, today()) if settings.plan_from_today else None
        if first is not None and first > b.workdays[-1]:
            # the year is gone (review42 #3: an empty plan whose every shortfall blamed the officers' leave): said, not planned
            _set(engine, plan_id, status="failed",
                 error=f"计划年度 {b.year} 已无可安排检查的工作日（业务日期 {today()}，冻结期后首日 {first}）：请用下一年度的检查包编制计划 / "
                       f"no working day of plan year {b.year} is left to plan (service day {today()}, first day after the freeze "
                       f"{first}): plan with next year's bundle")
            _audit(engine, "plan.failed", plan_id, error=f"year {b.year} over: first day {first}")
            return
        p = make_plan(b, dataclasses.replace(solver_options(settings), first_day=first), progress=tick)
        from api.private import make_private, private_dir
        from api.services import plan_dir

        private_dir(plan_dir(settings, plan_id).parent)
        out = make_private(write_plan(p, plan_dir(settings, plan_id)))  # 0700/0600 whatever the umask (walk44 G8)
        del p
        files = manifest(out)
        _store(engine, plan_id, out, b, files, digest(files), independent_check(b, out))
    except StoredFileError as e:
        report(engine, e)
        _set(engine, plan_id, status="failed", error=f"{e.zh} / {e.en}")
        _audit(engine, "plan.failed", plan_id, error=str(e))
    except BundleInvalid as e:  # a stored bundle a validation rule added since its upload refuses: named, not an error id
        zh, en = first_problems(e.problems)
        more = f"（共 {len(e.problems)} 处）" if len(e.problems) > 5 else ""
        _set(engine, plan_id, status="failed", error=f"检查包未通过校验（上传后新增的规则），请改正后重新上传：{zh}{more} / the bundle no "
                                                      f"longer validates (a rule added since its upload); correct it and upload again: {en}")
        _audit(engine, "plan.failed", plan_id, error=str(e)[:300])
    except Exception as e:  # a failed job says why (an error id; the traceback goes to the server log only)
        from api.private import DISK_FULL, disk_full

        error_id = secrets.token_hex(4)
        log.exception("plan %s failed (error id %s)", plan_id, error_id)
        if disk_full(e):  # the reason, not "OSError" (walk44 G13)
            error = f"生成失败：{DISK_FULL[0]}（编号 {error_id}） / generation failed: {DISK_FULL[1]} (error id {error_id})"
        else:
            detail = "" if settings.production else f": {str(e)[:300]}"  # production: the id only, details in the log
            error = f"生成失败（编号 {error_id}）/ generation failed (error id {error_id}) {type(e).__name__}{detail}"
        _set(engine, plan_id, status="failed", error=error)
        _audit(engine, "plan.failed", plan_id, error=f"{type(e).__name__}: {str(e)[:300]}", error_id=error_id)


def independent_check(b: Bundle, folder: Path) -> dict[str, Any]:
    """The plan as written, re-verified by checker/ (which imports nothing of the scheduler): the number of violations
    of plan.md's invariants and the first ten, for the plan page (foreign31: a bureau another author made got a plan
    that broke R-OFFICER-DRAW on 13 visits and R-PRIORITY on 9 triggers, and nothing said so until someone ran
    `inspection check`). A checker that fails is said as such, never as a pass."""
    from checker import check_plan

    try:
        found = check_plan(b, folder)
    except Exception as e:  # the plan stands; the page says the check could not be made
        log.exception("the independent check of %s failed", folder)
        return {"violations": None, "error": f"{type(e).__name__}: {str(e)[:200]}"}
    return {"violations": len(found), "first": [str(v) for v in found[:10]]}


def _store(engine: Engine, plan_id: int, folder: Path, b: Bundle, files: dict[str, str], sha: str,
           check: dict[str, Any] | None = None) -> None:
    import pandas as pd

    from api.services import audit, plan_file_rows

    v = pd.read_csv(folder / "visits.csv", dtype=str, keep_default_na=False)
    sel = pd.read_csv(folder / "selection.csv", dtype=str, keep_default_na=False)
    meta = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    explain = json.loads((folder / "explain.json").read_text(encoding="utf-8"))
    ent = b.enterprises.set_index("enterprise_id")
    names, sectors, districts = ent.name, ent.sector, ent.district_code
    from api.flow import plan_summary

    summary = plan_summary(meta, v, sel, b)
    if check is not None:
        summary["check"] = check
    kept = plan_file_rows(folder, plan_id, files)  # the database's copy of the folder (round 30), with it or not at all
    with Session(engine) as s:
        s.add_all(kept)
        s.add_all(VisitRow(plan_id=plan_id, visit_id=r.visit_id, date=r.date, enterprise_id=r.enterprise_id, district_code=r.district_code,
                           mode=r.mode, lead_agency_id=r.lead_agency_id, agency_ids=r.agency_ids, item_ids=r.item_ids,
                           officer_ids=r.officer_ids, team_ids=";".join(explain[r.visit_id]["teams"].values()), basis=r.basis,
                           trigger_id=r.trigger_id, tier=r.tier) for r in v.itertuples(index=False))
        s.add_all(SelectionRow(plan_id=plan_id, enterprise_id=r.enterprise_id, name=str(names.get(r.enterprise_id, "")), tier=r.tier,
                               risk_score=float(r.risk_score), selected=r.selected == "true", basis=r.basis,
                               draw_rank=int(r.draw_rank) if r.draw_rank else None, visits_planned=int(r.visits_planned),
                               reason_zh=r.reason_zh, reason_en=r.reason_en, sector=str(sectors.get(r.enterprise_id, "")),
                               district_code=str(districts.get(r.enterprise_id, ""))) for r in sel.itertuples(index=False))
        # only a job still running becomes done: one cancelled meanwhile keeps its ending (its rows are not kept either)
        r = s.execute(update(Plan).where(col(Plan.id) == plan_id, col(Plan.status) == "running")
                      .values(status="done", progress=1.0, summary=summary, files_sha256=files, sha256=sha))
        if not rowcount(r):
            s.rollback()
            return
        audit(s, None, "plan.generated", plan_id=plan_id, visits=len(v), shortfalls=len(meta["shortfalls"]), sha256=sha)
        s.commit()


def main(argv: list[str]) -> int:
    from api.db import make_engine

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    settings = Settings.model_validate_json(os.environ[SETTINGS_ENV]) if SETTINGS_ENV in os.environ else Settings()
    engine = make_engine(settings.database_url)
    generate(engine, settings, int(argv[0]))
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
