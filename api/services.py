"""What the routes and pages do: store an upload, run a plan job, move a plan through
R-APPROVE, log every change (R-AUDIT). Routes and pages are thin over these."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from api.models import Approval, AuditEvent, BundleFile, BundleUpload, Plan, SelectionRow, User, VisitRow
from api.settings import Settings
from bundle import BundleInvalid, load_bundle


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
def store_upload(session: Session, user: User, filename: str, data: bytes) -> BundleUpload:
    """Validate an upload completely, then store it in one transaction; BundleInvalid stores nothing."""
    suffix = Path(filename).suffix.lower()
    if suffix not in (".zip", ".xlsx"):
        from bundle.problems import Problem

        raise BundleInvalid([Problem(filename, 0, "-", "请上传 .zip（CSV 文件）或 .xlsx 工作簿", "upload a .zip of CSV files or an .xlsx workbook")])
    with tempfile.TemporaryDirectory() as tmp:
        # keep the planner's own file name: problems in a workbook are reported as "their.xlsx[sheet]"
        path = Path(tmp) / (Path(filename).name or ("upload" + suffix))
        path.write_bytes(data)
        b = load_bundle(path)
    counts = {name: len(df) for name, df in sorted(b.frames.items())}
    up = BundleUpload(filename=filename[:255], sha256=hashlib.sha256(data).hexdigest(), input_sha256=b.input_sha256, year=b.year,
                      counts=counts, uploaded_by=user.id)  # type: ignore[arg-type]
    session.add(up)
    session.flush()
    for name, content in sorted(b.files.items()):
        session.add(BundleFile(bundle_id=up.id, name=name, sha256=hashlib.sha256(content).hexdigest(), content=content))  # type: ignore[arg-type]
    audit(session, user, "bundle.upload", bundle_id=up.id, filename=filename, sha256=up.sha256, counts=counts)
    session.commit()
    session.refresh(up)
    return up


def bundle_folder(session: Session, settings: Settings, bundle_id: int) -> Path:
    """The stored files, laid out again as a bundle folder."""
    folder = settings.data_dir / "bundles" / str(bundle_id)
    if not folder.exists():
        tmp = folder.with_suffix(".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        for f in session.exec(select(BundleFile).where(BundleFile.bundle_id == bundle_id)):
            (tmp / f.name).write_bytes(f.content)
        tmp.rename(folder)
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


class Jobs:
    """Plan generation in the background, one at a time (a plan uses both cores already)."""

    def __init__(self, engine: Engine, settings: Settings):
        self.engine, self.settings = engine, settings
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="plan-job")

    def submit(self, plan_id: int) -> None:
        self.pool.submit(self.run, plan_id)

    def _set(self, plan_id: int, **values: object) -> None:
        with Session(self.engine) as s:
            s.execute(update(Plan).where(Plan.id == plan_id).values(**values))  # type: ignore[arg-type]
            s.commit()

    def run(self, plan_id: int) -> None:
        from scheduler.atomic import write_plan_atomically as write_plan  # whole or not at all
        from scheduler.plan import PlanOptions, make_plan

        try:
            self._set(plan_id, status="running", progress=0.02)
            with Session(self.engine) as s:
                plan = s.get(Plan, plan_id)
                assert plan is not None
                folder = bundle_folder(s, self.settings, plan.bundle_id)
            b = load_bundle(folder)
            n = max(1, b.enterprises.district_code.nunique())
            done = [0]

            def tick(_result: object) -> None:
                done[0] += 1
                self._set(plan_id, progress=round(0.1 + 0.8 * done[0] / n, 3))

            p = make_plan(b, PlanOptions(time_limit=self.settings.plan_time_limit, processes=self.settings.plan_processes,
                                         mp_start="spawn", engine=self.settings.dask_scheduler), progress=tick)
            out = write_plan(p, plan_dir(self.settings, plan_id))
            self._store(plan_id, out, b)
        except Exception as e:  # a failed job must say why, never leave the plan "running"
            self._set(plan_id, status="failed", error=f"{type(e).__name__}: {e}\n{traceback.format_exc()[-2000:]}")
            with Session(self.engine) as s:
                audit(s, None, "plan.failed", plan_id=plan_id, error=str(e))
                s.commit()

    def _store(self, plan_id: int, folder: Path, b: object) -> None:
        import pandas as pd

        v = pd.read_csv(folder / "visits.csv", dtype=str, keep_default_na=False)
        sel = pd.read_csv(folder / "selection.csv", dtype=str, keep_default_na=False)
        meta = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
        explain = json.loads((folder / "explain.json").read_text(encoding="utf-8"))
        names = b.enterprises.set_index("enterprise_id").name  # type: ignore[attr-defined]
        summary = {"counts": meta["counts"], "joint_rate": meta["joint_rate"], "shortfalls": meta["shortfalls"][:500],
                   "n_shortfalls": len(meta["shortfalls"]), "solver": {k: meta["solver"][k] for k in
                   ("status", "objective", "best_bound", "final_objective", "greedy_objective", "wall_seconds", "workers")},
                   "places": meta["places"], "year": meta["year"],
                   "tier_ratios": {t: v["sample_ratio"] for t, v in meta["policy"]["tiers"].items()}, "seed": meta["seed"], "input_sha256": meta["input_sha256"],
                   "urgent_triggered": [r.visit_id for r in v.itertuples() if r.basis == "triggered"
                                        and meta["triggers"].get(r.trigger_id, {}).get("urgent")]}
        with Session(self.engine) as s:
            s.add_all(VisitRow(plan_id=plan_id, visit_id=r.visit_id, date=r.date, enterprise_id=r.enterprise_id, district_code=r.district_code,
                               mode=r.mode, lead_agency_id=r.lead_agency_id, agency_ids=r.agency_ids, item_ids=r.item_ids,
                               officer_ids=r.officer_ids, team_ids=";".join(explain[r.visit_id]["teams"].values()), basis=r.basis,
                               trigger_id=r.trigger_id, tier=r.tier) for r in v.itertuples(index=False))
            s.add_all(SelectionRow(plan_id=plan_id, enterprise_id=r.enterprise_id, name=str(names.get(r.enterprise_id, "")), tier=r.tier,
                                   risk_score=float(r.risk_score), selected=r.selected == "true", basis=r.basis,
                                   draw_rank=int(r.draw_rank) if r.draw_rank else None, visits_planned=int(r.visits_planned),
                                   reason_zh=r.reason_zh, reason_en=r.reason_en) for r in sel.itertuples(index=False))
            s.execute(update(Plan).where(Plan.id == plan_id).values(status="done", progress=1.0, summary=summary))
            audit(s, None, "plan.generated", plan_id=plan_id, visits=len(v), shortfalls=len(meta["shortfalls"]))
            s.commit()


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
    _transition(session, plan, ("submitted",), new)
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
