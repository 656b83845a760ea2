"""An approved plan's year (execution.Year) kept in the database: loaded once per process, saved with
compare-and-set, every change mirrored into the audit trail (R-AUDIT). Routes are thin over this."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from api.clock import local, today
from api.models import AuditEvent, Plan, User, UserScope, VisitCode, YearRun, YearState, now, row_id
from api.services import (
    BESIDE_RUNNING,
    Refused,
    acted,
    bundle_folder,
    plan_folder,
    plan_year,
    refuse_beside_running,
    refuse_not_in_force,
    year_lock,
)
from bundle import Bundle, load_bundle
from execution import Year, deadlines
from execution.deadlines import OpenWork
from execution.year import EXECUTABLE_PLAN_STATES, Caller

T = TypeVar("T")
# keyed by (database URL, id): two services in one process (tests) never share a year
_bundles: dict[tuple[str, int], Bundle] = {}
_years: dict[tuple[str, int], tuple[int, Year]] = {}  # plan → (lock it was loaded at, the year)
_locks: dict[tuple[str, int], threading.Lock] = {}
_guard = threading.Lock()


def _key(settings: Any, id_: int) -> tuple[str, int]:
    return (str(settings.database_url), int(id_))


def bundle_of(session: Session, settings: Any, bundle_id: int) -> Bundle:
    """A stored bundle, loaded once per process (the year, and a plan's decision package: api.services.overtaken)."""
    k = _key(settings, bundle_id)
    if k not in _bundles:
        _bundles[k] = load_bundle(bundle_folder(session, settings, bundle_id), today(), stored=True)
    return _bundles[k]


def _plan(session: Session, plan_id: int) -> Plan:
    p = session.get(Plan, plan_id)
    if p is None or p.status != "done":
        raise Refused(404, "没有这个计划", "no such plan")
    if p.state not in EXECUTABLE_PLAN_STATES:
        from api.i18n import say  # the state in the reader's words: it said "计划为rejected状态"

        raise Refused(409, f"计划为“{say('zh', 'states', p.state)}”状态：仅已批准的计划可执行（R-APPROVE）",
                      f"the plan is {p.state}: only an approved plan is executed (R-APPROVE)")
    refuse_not_in_force(session, p)  # every read and every act: an older approved plan beside the published one (prod24)
    # an approved plan not published starts its year only where no other plan of that year runs: checked at its
    # first touch (no YearState yet), not on every read, which would load every other plan's year of that year
    if p.state == "approved" and session.get(YearState, p.id) is None:
        refuse_beside_running(session, p, *BESIDE_RUNNING["execute"])
    return p


def _lock(settings: Any, plan_id: int) -> threading.Lock:
    with _guard:
        return _locks.setdefault(_key(settings, plan_id), threading.Lock())


def _load(session: Session, settings: Any, plan: Plan) -> tuple[Year, int]:
    row = session.get(YearState, plan.id)
    key = _key(settings, row_id(plan))
    cached = _years.get(key)
    if row is not None and cached is not None and cached[0] == row.lock:
        cached[1].plan_state, cached[1].closed_on = plan.state, _closed_on(plan)
        return cached[1], row.lock
    b = bundle_of(session, settings, plan.bundle_id)
    if row is None:  # the first touch after approval: codes for every visit
        y = Year.from_folder(b, plan_folder(session, settings, row_id(plan)), plan.state)
        session.add(YearState(plan_id=row_id(plan), state=y.dump(), lock=0))
        for code, vid in y.by_code.items():
            session.add(VisitCode(code=code, plan_id=row_id(plan), visit_id=vid))
        session.commit()
        lock = 0
    else:
        y, lock = Year.load(b, row.state), row.lock
    y.plan_state, y.closed_on = plan.state, _closed_on(plan)
    _years[key] = (lock, y)
    return y, lock


def _closed_on(plan: Plan) -> dt.date | None:
    """The day a leader closed the year (Year.refuse_closed), None while it runs."""
    return local(plan.closed_at).date() if plan.closed_at is not None else None  # the zone's day (api.clock)


def read(session: Session, settings: Any, plan_id: int) -> Year:
    """The year as of today. A visit whose day passed unrecorded is overdue (R-RECORD) whether or not anyone has
    changed the year since: the first read that finds one stores the flag, as the system, in the audit trail too
    (walk7: the year page showed yesterday's unrecorded visits as planned until the next change)."""
    with _lock(settings, plan_id):
        plan = _plan(session, plan_id)
        y, lock = _load(session, settings, plan)
        # a closed year too: its visits whose day passed unrecorded read overdue (R-RECORD), not "planned" for ever
        # (review10); the flags are the system's bookkeeping, stored once, not a change to the plan
        n_log, codes = len(y.log), set(y.by_code)
        try:
            if y.mark_overdue(today(), "system") and not _store(session, settings, plan_id, y, lock, n_log, codes, None):
                return _load(session, settings, _plan(session, plan_id))[0]  # another process stored first: its year
        except Exception:
            _years.pop(_key(settings, plan_id), None)  # the flags were not stored: the cache must not show them
            raise
        return y


def change(session: Session, settings: Any, plan_id: int, user: User, op: Callable[[Year], T]) -> T:
    """Run `op` on the year and store the result; a refusal (YearError) or a lost race stores nothing."""
    with _lock(settings, plan_id):
        plan = _plan(session, plan_id)
        y, lock = _load(session, settings, plan)
        # the plan read again, after the year's row: a close commits both at once (services.close_year), so one that
        # came between the two reads is seen here — a cancellation landed in a year closed 52 ms before (race30)
        session.refresh(plan)
        y.plan_state, y.closed_on = plan.state, _closed_on(plan)
        if _acted(y):
            return _apply(session, settings, plan, y, lock, user, op, None)
        # the first act starts a year, under the year's lock that a publication takes too (race30: v2 published at
        # the moment v1's year started; both were checked against the other before either wrote)
        with year_lock(session, plan_year(session, plan)):
            session.refresh(plan)
            refuse_not_in_force(session, plan)
            # not beside another plan of that year that has started since this one was first opened (walk9: a
            # published and an approved 2027 plan, both opened before either acted, both ran)
            refuse_beside_running(session, plan, *BESIDE_RUNNING["execute"])
            return _apply(session, settings, plan, y, lock, user, op, _claim(session, plan))


def _apply(session: Session, settings: Any, plan: Plan, y: Year, lock: int, user: User, op: Callable[[Year], T],
           claim: int | None) -> T:
    """`op` on the loaded year, stored by compare-and-set (change's second half)."""
    plan_id = row_id(plan)
    n_log, codes = len(y.log), set(y.by_code)
    try:
        y.mark_overdue(today(), "system")  # R-RECORD: whatever was not recorded by the end of its day
        result = op(y)
    except Exception:
        _years.pop(_key(settings, plan_id), None)  # reload from the stored state: nothing of a refusal (or a fault) survives
        raise
    if claim is not None and not _acted(y):
        # a write that does not start the year (a case review drawing nothing, a trigger closed) claims nothing:
        # running_plan would not count it, and the claim would hold the year for a plan that never ran (review10)
        claim = None
    try:
        stored = _store(session, settings, plan_id, y, lock, n_log, codes, user, claim)
    except IntegrityError:  # another plan of the year claimed it between our check and our commit
        session.rollback()
        _years.pop(_key(settings, plan_id), None)
        refuse_beside_running(session, plan, *BESIDE_RUNNING["execute"])
        raise Refused(409, f"{claim}年度已有另一份计划在执行", f"another plan of {claim} is being carried out") from None
    except BaseException:
        # the write failed (an outage, a failover, a full disk): the cached year holds a change nobody stored, and
        # the next change by anyone would store it without its audit events (race30): drop it, reload next time
        _years.pop(_key(settings, plan_id), None)
        with contextlib.suppress(Exception):
            session.rollback()
        raise
    if not stored:
        raise Refused(409, "计划执行状态已被他人更新，请重试", "the year was changed meanwhile: try again")
    return result


def _acted(y: Year) -> bool:
    """services.acted (year_started's one rule) of a loaded Year."""
    return acted(bool(y.records), (v.number for v in y.versions), (v.status for v in y.visits.values()))


def _claim(session: Session, plan: Plan) -> int | None:
    """The plan year this first act claims (YearRun), None where there is nothing to claim: no year, or this plan holds
    it already. Refused at once where another plan holds it."""
    year = plan_year(session, plan)
    if year is None:
        return None
    held = session.get(YearRun, year)
    if held is None:
        return year
    if held.plan_id != plan.id:
        raise Refused(409, f"{year}年度计划#{held.plan_id}已在执行，不能执行另一份计划", f"the {year} plan #{held.plan_id} is being carried out")
    return None


def _store(session: Session, settings: Any, plan_id: int, y: Year, lock: int, n_log: int, codes: set[str],
           user: User | None, claim: int | None = None) -> bool:
    """Compare-and-set the year loaded at `lock`, with the codes and audit events added since (`n_log`, `codes`);
    `user` None: the system. False (nothing stored, the cached year dropped) when another change came first."""
    res = session.exec(update(YearState).where(col(YearState.plan_id) == plan_id, col(YearState.lock) == lock)
                       .values(state=y.dump(), lock=lock + 1, updated_at=now()))
    if res.rowcount != 1:
        session.rollback()
        _years.pop(_key(settings, plan_id), None)
        return False
    for code in set(y.by_code) - codes:
        session.add(VisitCode(code=code, plan_id=plan_id, visit_id=y.by_code[code]))
    for e in y.log[n_log:]:
        session.add(AuditEvent(user_id=user.id if user else None, username=user.username if user else "system",
                               action=str(e["action"])[:32], plan_id=plan_id, detail=e))
    if claim is not None:  # in the same transaction: the year's claim and its first act commit together or not at all
        session.add(YearRun(year=claim, plan_id=plan_id))
    session.commit()
    _years[_key(settings, plan_id)] = (lock + 1, y)
    return True


def by_code(session: Session, settings: Any, code: str) -> tuple[Year, str, int] | None:
    """The year and visit a code names, or None: unknown, malformed and not-yet-executable codes look the same. Spaces
    around it are not part of it (walk41 Y13: a code copied from a notice with a trailing space answered 404)."""
    code = code.strip()
    if not code or len(code) > 64:
        return None
    row = session.get(VisitCode, code)
    if row is None:
        return None
    try:
        y = read(session, settings, row.plan_id)
    except Refused:
        return None
    return (y, row.visit_id, row.plan_id) if row.visit_id in y.visits else None


def open_work(session: Session, settings: Any, plan_id: int) -> OpenWork | None:
    """What the plan's year still owes (execution.deadlines.open_work), or None where the plan is not executable (the
    services refuse the close then anyway). Read from the stored state without the year's lock and without storing:
    the close may be asked while a change holds the lock (review10's close in flight), and whether a past visit is
    flagged overdue yet does not change what is open."""
    plan = session.get(Plan, plan_id)
    if plan is None or plan.state not in EXECUTABLE_PLAN_STATES:
        return None
    row = session.get(YearState, plan_id)
    cached = _years.get(_key(settings, plan_id))
    if row is not None and cached is not None and cached[0] == row.lock:
        return deadlines.open_work(cached[1])
    b = bundle_of(session, settings, plan.bundle_id)
    y = Year.load(b, row.state) if row is not None else Year.from_folder(b, plan_folder(session, settings, row_id(plan)), plan.state)
    return deadlines.open_work(y)


def caller(session: Session, user: User) -> Caller:
    s = session.get(UserScope, user.id)
    return Caller(user.username, s.agency_id if s else None, s.team_id if s else None)


def set_scope(session: Session, user: User, agency_id: str | None, team_id: str | None) -> None:
    row = session.get(UserScope, row_id(user)) or UserScope(user_id=row_id(user))
    row.agency_id, row.team_id = agency_id, team_id
    session.add(row)
    session.commit()


def codes_of(session: Session, plan_id: int) -> dict[str, str]:
    return {r.visit_id: r.code for r in session.exec(select(VisitCode).where(VisitCode.plan_id == plan_id))}
