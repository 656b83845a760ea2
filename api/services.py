"""What the routes and pages do: store an upload, run a plan job, move a plan through
R-APPROVE, log every change (R-AUDIT). Routes and pages are thin over these."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import update
from sqlmodel import Session, func, select

from api.models import Approval, AuditEvent, BundleFile, BundleUpload, Plan, SelectionRow, User, VisitRow
from api.settings import Settings


class Refused(Exception):
    """A transition the rules do not allow: `status` is 403 (who) or 409 (when)."""

    def __init__(self, status: int, zh: str, en: str):
        self.status, self.zh, self.en = status, zh, en
        super().__init__(f"{zh} / {en}")


def audit(session: Session, user: User | None, action: str, plan_id: int | None = None, bundle_id: int | None = None,
          **detail: object) -> None:
    session.add(AuditEvent(user_id=user.id if user else None, username=user.username if user else "", action=action,
                           plan_id=plan_id, bundle_id=bundle_id, detail=detail))


# ---- bundles --------------------------------------------------------------------------
def store_upload(session: Session, user: User, filename: str, data: bytes, settings: Settings | None = None) -> BundleUpload:
    """Validate an upload completely (in the worker of api/uploads.py, behind its caps), then store
    it in one transaction; BundleInvalid stores nothing."""
    import io

    from api import uploads
    from api.settings import get_settings

    settings = settings or get_settings()
    try:
        return uploads.accept(session, settings, None, user, filename, io.BytesIO(data))
    except uploads.UploadTooLarge:
        raise uploads.too_large(settings, filename) from None


def bundle_folder(session: Session, settings: Settings, bundle_id: int) -> Path:
    """The stored files, laid out again as a bundle folder; every file checked against its
    recorded sha256, in the database and on disk (integrity, issue 13): StoredFileError otherwise."""
    from api.integrity import StoredFileError, folder_problems, verified_content

    rows = list(session.exec(select(BundleFile).where(BundleFile.bundle_id == bundle_id)))
    folder = settings.data_dir / "bundles" / str(bundle_id)
    if not folder.exists():
        tmp = folder.with_suffix(".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        for f in rows:
            (tmp / f.name).write_bytes(verified_content(f))
        tmp.rename(folder)
    expected = {f.name: f.sha256 for f in rows}
    problems = folder_problems(folder, expected)
    problems += [f"{p.name} not in the bundle" for p in folder.iterdir() if p.name not in expected]
    if problems:
        raise StoredFileError(f"bundle {bundle_id}", problems, bundle_id=bundle_id)
    return folder


# ---- plans ------------------------------------------------------------------------------
def create_plan(session: Session, user: User, bundle_id: int, supersedes: int | None = None) -> Plan:
    if session.get(BundleUpload, bundle_id) is None:
        raise Refused(404, "没有这个检查包", "no such bundle")
    version = 1
    if supersedes is not None:
        old = session.get(Plan, supersedes)
        if old is None:
            raise Refused(404, "没有这个计划", "no such plan")
        version = old.version + 1
    p = Plan(bundle_id=bundle_id, version=version, supersedes=supersedes, created_by=user.id)  # type: ignore[arg-type]
    session.add(p)
    session.flush()
    audit(session, user, "plan.create", plan_id=p.id, bundle_id=bundle_id, version=version, supersedes=supersedes)
    session.commit()
    session.refresh(p)
    return p


def plan_dir(settings: Settings, plan_id: int) -> Path:
    return settings.data_dir / "plans" / str(plan_id)


# ---- the workflow (R-APPROVE) -----------------------------------------------------------------
def _transition(session: Session, plan: Plan, expected: tuple[str, ...], new: str, **values: object) -> Plan:
    """Compare-and-set on (state, lock): of two leaders approving at once, exactly one row changes."""
    r = session.execute(update(Plan).where(Plan.id == plan.id, Plan.state.in_(expected), Plan.lock == plan.lock)  # type: ignore[attr-defined]
                        .values(state=new, lock=plan.lock + 1, **values))
    if r.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise Refused(409, "计划状态已变化，请刷新", "the plan changed state meanwhile: reload")
    return plan


def submit(session: Session, user: User, plan: Plan) -> str:
    if user.role != "planner":
        raise Refused(403, "只有计划编制人员可以提交", "only a planner submits")
    if plan.status != "done":
        raise Refused(409, "计划尚未生成完成", "the plan is not generated yet")
    if plan.state != "draft":
        raise Refused(409, f"计划处于{plan.state}状态，不能提交", f"a {plan.state} plan cannot be submitted")
    _transition(session, plan, ("draft",), "submitted", submitted_by=user.id)
    audit(session, user, "plan.submit", plan_id=plan.id)
    session.commit()
    return "submitted"


def decide(session: Session, user: User, plan: Plan, approve: bool, comment: str) -> str:
    if user.role != "leader":
        raise Refused(403, "只有领导可以审批", "only a leader approves or rejects")
    if plan.submitted_by == user.id:
        raise Refused(403, "提交人不能审批自己的计划（R-APPROVE）", "the submitter may not approve their own plan (R-APPROVE)")
    if plan.state != "submitted":
        raise Refused(409, f"计划处于{plan.state}状态，不能审批", f"a {plan.state} plan cannot be decided")
    new = "approved" if approve else "rejected"
    _transition(session, plan, ("submitted",), new, **({"approved_sha256": plan.sha256} if approve else {}))  # integrity: what was approved
    session.add(Approval(plan_id=plan.id, user_id=user.id, decision=new, comment=comment))  # type: ignore[arg-type]
    audit(session, user, f"plan.{'approve' if approve else 'reject'}", plan_id=plan.id, comment=comment)
    session.commit()
    return new


def publish(session: Session, user: User, plan: Plan) -> str:
    if user.role not in ("leader", "admin"):
        raise Refused(403, "只有领导或管理员可以公示", "only a leader or an admin publishes")
    if plan.state != "approved":
        raise Refused(409, "只有已批准的计划可以公示（R-APPROVE）", "only an approved plan is published (R-APPROVE)")
    _transition(session, plan, ("approved",), "published")
    audit(session, user, "plan.publish", plan_id=plan.id)
    session.commit()
    return "published"


def count_rows(session: Session) -> dict[str, int]:
    """Rows per table: what a refused request must leave unchanged."""
    out = {}
    for model in (BundleUpload, BundleFile, Plan, VisitRow, SelectionRow, Approval, AuditEvent):
        out[model.__name__] = session.exec(select(func.count()).select_from(model)).one()
    return out


def __getattr__(name: str) -> object:  # `from api.services import Jobs` still works: the job runner lives in api/jobs.py
    if name == "Jobs":
        from api.jobs import Jobs

        return Jobs
    raise AttributeError(name)
