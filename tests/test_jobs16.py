"""A planner's cancel ends the job `cancelled` (已取消), not `failed` (生成失败), and answers the truth (walk15 #12)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from api.jobs import CANCELLED, Jobs
from api.models import Plan, row_id
from api.settings import Settings


def _jobs(tmp_path: Path, status: str, error: str | None = None) -> tuple[Jobs, int]:
    eng = sa.create_engine(f"sqlite:///{tmp_path / 'j.db'}")
    SQLModel.metadata.create_all(eng)
    with Session(eng) as s:
        p = Plan(bundle_id=1, year=2027, created_by=1, status=status, error=error)
        s.add(p)
        s.commit()
        assert p.id is not None
        pid = p.id
    return Jobs(eng, Settings(data_dir=tmp_path)), pid


def _row(j: Jobs, pid: int) -> tuple[str, str | None]:
    with Session(j.engine) as s:
        p = s.get(Plan, pid)
        assert p is not None
        return p.status, p.error


def test_a_cancelled_job_ends_cancelled_with_its_reason(tmp_path: Path) -> None:
    j, pid = _jobs(tmp_path, status="running")
    assert j.cancel(pid, "已由 planner 取消 / cancelled by planner") is True
    assert _row(j, pid) == (CANCELLED, "已由 planner 取消 / cancelled by planner")
    # a second cancel ends nothing: the plan is no longer queued or running
    assert j.cancel(pid, "已由 admin 取消 / cancelled by admin") is False
    assert _row(j, pid) == (CANCELLED, "已由 planner 取消 / cancelled by planner")


def test_a_cancel_the_runner_wrote_first_still_answers_that_it_cancelled(tmp_path: Path) -> None:
    """The kill wakes the runner thread, which may write the cancel's own ending before the cancel's update does: the
    cancel did end the job, so it says so (walk15 saw 409 "already ended" for a cancel that worked)."""
    j, pid = _jobs(tmp_path, status=CANCELLED, error="已由 planner 取消 / cancelled by planner")
    assert j.cancel(pid, "已由 planner 取消 / cancelled by planner") is True
    (tmp_path / "b").mkdir()
    j, pid = _jobs(tmp_path / "b", status="done")
    assert j.cancel(pid, "已由 planner 取消 / cancelled by planner") is False and _row(j, pid) == ("done", None)


def test_a_server_stop_fails_the_job_rather_than_cancelling_it(tmp_path: Path) -> None:
    j, pid = _jobs(tmp_path, status="queued")
    j.shutdown()  # no process: the plan was only queued; shutdown cancels what runs
    assert _row(j, pid) == ("queued", None)
    assert j.cancel(pid, "服务停止 / the server stopped", status="failed") is True and _row(j, pid)[0] == "failed"


def test_a_cancelled_or_failed_revision_leaves_the_version_line(tmp_path: Path) -> None:
    """A revision whose generation is cancelled (or fails) never became a version: the plan it revised may be revised
    again (review16: it answered "already has a next version" for ever, and the failed revision could not be revised)."""
    from api.services import Refused, supersedable

    j, v1 = _jobs(tmp_path, status="done")
    with Session(j.engine) as s:
        p1 = s.get(Plan, v1)
        assert p1 is not None
        p1.state = "approved"
        s.add(p1)
        p2 = Plan(bundle_id=1, year=2027, created_by=1, status="running", supersedes=v1, version=2)
        p3 = Plan(bundle_id=1, year=2027, created_by=1, status="running", supersedes=None, version=2)
        s.add(p2)
        s.add(p3)
        s.commit()
        v2, v3 = p2.id, p3.id
        assert v2 is not None and v3 is not None
        try:
            supersedable(s, v1)
            raise AssertionError("a running revision holds the line")
        except Refused as e:
            assert e.status == 409 and "next version" in e.en
    assert j.cancel(v2, "已由 planner 取消 / cancelled by planner") is True
    with Session(j.engine) as s:
        p2 = s.get(Plan, v2)
        assert p2 is not None and (p2.status, p2.supersedes) == (CANCELLED, None)
        assert supersedable(s, v1).id == v1
    # a failure, by the runner's own ending, does the same
    with Session(j.engine) as s:
        p3 = s.get(Plan, v3)
        assert p3 is not None
        p3.supersedes = v1
        s.add(p3)
        s.commit()
    from api.jobs import _set

    _set(j.engine, v3, status="failed", error="boom")
    with Session(j.engine) as s:
        p3 = s.get(Plan, v3)
        assert p3 is not None and p3.supersedes is None and supersedable(s, v1).id == v1


def test_a_job_process_started_after_its_cancel_does_not_run_it(tmp_path: Path) -> None:
    """The cancel may land after the runner checked it and before the job process starts: the process then finds the
    plan no longer queued and leaves it cancelled (review16: it set `running` and the plan ended `done`)."""
    from api.jobs import _start

    j, pid = _jobs(tmp_path, status="queued")
    assert j.cancel(pid, "已由 planner 取消 / cancelled by planner") is True
    assert _start(j.engine, pid) is False and _row(j, pid) == (CANCELLED, "已由 planner 取消 / cancelled by planner")
    (tmp_path / "b").mkdir()
    j, pid = _jobs(tmp_path / "b", status="queued")
    assert _start(j.engine, pid) is True and _row(j, pid) == ("running", None)


def test_business_acts_take_the_service_day_and_tokens_the_real_clock(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A demo pins the service day (INSPECTION_TODAY): approvals, publication and the year's close read that day (walk14:
    they read the real date beside a 2027 board); token expiry keeps the real clock."""
    import datetime as dt

    from api.clock import business_now, local
    from api.models import Approval, now

    monkeypatch.setenv("INSPECTION_TODAY", "2027-06-03")
    at = business_now()  # stored in UTC; the day is the service zone's (ops30: Asia/Shanghai by default)
    assert local(at).date() == dt.date(2027, 6, 3) and at.tzinfo is not None
    assert local(Approval(plan_id=1, user_id=1, decision="approved").at).date() == dt.date(2027, 6, 3)
    assert now().date() == dt.datetime.now(dt.UTC).date()
    monkeypatch.delenv("INSPECTION_TODAY")
    assert abs((business_now() - dt.datetime.now(dt.UTC)).total_seconds()) < 5


def test_a_cancelled_or_failed_revision_keeps_what_it_revised_and_its_number(tmp_path: Path) -> None:
    """A revision that left the line still says what it revised (changes.revised_from, as a discarded draft does), and
    the next revision's number goes on past it: the plan list read 第2版 twice (round 28's note: a cancelled
    revision's number was taken again by the next one)."""
    from api.jobs import _set
    from api.models import BundleUpload, User
    from api.services import create_plan, revised_from

    j, v1 = _jobs(tmp_path, status="done")
    with Session(j.engine) as s:
        planner = User(username="p", role="planner", password_hash="x")
        s.add(planner)
        s.add(BundleUpload(id=1, filename="b.zip", sha256="0" * 64, input_sha256="0" * 64, year=2027, counts={}, uploaded_by=1))
        p1 = s.get(Plan, v1)
        assert p1 is not None
        p1.state, p1.version = "approved", 1
        s.add(p1)
        s.commit()
        v2 = row_id(create_plan(s, planner, 1, supersedes=v1, changes={"ratio": 0.3}))
        assert s.get(Plan, v2).version == 2  # type: ignore[union-attr]
    assert j.cancel(v2, "已由 planner 取消 / cancelled by planner") is True
    with Session(j.engine) as s:
        p2 = s.get(Plan, v2)
        assert p2 is not None and p2.supersedes is None
        assert p2.changes == {"ratio": 0.3, "revised_from": v1} and revised_from(p2) == v1
        p3 = create_plan(s, s.get(User, 1), 1, supersedes=v1)  # type: ignore[arg-type]
        v3 = row_id(p3)
        assert (p3.version, p3.supersedes) == (3, v1)
    _set(j.engine, v3, status="failed", error="boom")  # the runner's own ending of a failure does the same
    with Session(j.engine) as s:
        p3b = s.get(Plan, v3)
        assert p3b is not None and p3b.supersedes is None and revised_from(p3b) == v1
        assert create_plan(s, s.get(User, 1), 1, supersedes=v1).version == 4  # type: ignore[arg-type]
        # a first plan of its own line (no predecessor) keeps no revised_from when it fails
        p0 = Plan(bundle_id=1, year=2027, created_by=1, status="running")
        s.add(p0)
        s.commit()
        v0 = row_id(p0)
    _set(j.engine, v0, status="failed", error="boom")
    with Session(j.engine) as s:
        p0b = s.get(Plan, v0)
        assert p0b is not None and not (p0b.changes or {}) and revised_from(p0b) is None
