"""Mutation survivors (mut16) of the capacity table (api/flow.py fieldable_days, team_load) and of a job's cancel and
start (api/jobs.py Jobs.cancel, _start): hand-made rows, a throw-away SQLite file, one `sleep` process group.

Left alive, equivalent (when mut16 ran): four in fieldable_days' own reading of officers and leave (itertuples' index,
`and` → `or` on a leave's two required dates, the missing budget column, zip's strict flag). That reading is gone since:
fieldable_days now asks execution.context.Register, the year's one reading of certificates, leave and budgets."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlmodel import Session

from api.flow import fieldable_days, team_load
from api.jobs import CANCELLED, _start
from api.models import Plan
from tests.test_capacity16 import _bundle
from tests.test_jobs16 import _jobs, _row

# ---- fieldable_days ------------------------------------------------------------------------------------------------------


def test_fieldable_days_without_a_budget_column_counts_every_enforcement_officer() -> None:
    """annual_visit_budget is an optional column (bundle/schema.py): without it no officer is held back by a budget of
    0, and the days are those of the bundle that has it (none of the example's budgets is 0)."""
    b = _bundle()
    assert not (b.officers["annual_visit_budget"] == 0).any()
    without = fieldable_days(_bundle(officers=b.officers.drop(columns=["annual_visit_budget"])))
    assert without == fieldable_days(b) and without["hb-140404"]


# ---- team_load -------------------------------------------------------------------------------------------------------------

TEAMS = {"hb-140404": {"agency_id": "hb", "max_visits_per_day": 2}, "um-140404": {"agency_id": "um", "max_visits_per_day": 3}}


def test_team_load_shares_months_and_agencies() -> None:
    rows = [("2027-01-05", "hb-140404", "onsite"), ("2027-01-06", "hb-140404", "onsite"), ("2027-01-07", "hb-140404", "onsite"),
            ("2027-02-01", "xx-1", "onsite")]
    workdays = {"2027-01": 20, "2027-02": 15, "2027-03": 22}
    months, load = team_load(rows, TEAMS, workdays, {"hb-140404": {"2027-01": 10}})
    # every working month is a column, visits or not
    assert months == ["2027-01", "2027-02", "2027-03"]
    hb, um, xx = load
    # a team with no visit is listed too, its room all spare (walk28: idle city-level teams had no row)
    assert um["team"] == "um-140404" and [(c["n"], c["cap"]) for c in um["cells"]] == [(0, 60), (0, 45), (0, 66)]
    # 3 visits against 2 a day × 10 fieldable days: 15%
    assert hb["agency_id"] == "hb" and [(c["n"], c["cap"], c["share"]) for c in hb["cells"]] == [(3, 20, 0.15), (0, 0, None), (0, 0, None)]
    # a team the table does not know: no agency, no capacity, no share; its fieldable days unknown, not read as none
    assert xx["team"] == "xx-1" and xx["agency_id"] == "" and [(c["n"], c["cap"], c["share"]) for c in xx["cells"]] == [
        (0, None, None), (1, None, None), (0, None, None)]
    # a team missing from the fieldable days (kept before the team was): every working day
    _, load = team_load(rows[:1], TEAMS, workdays, {"um-140404": {}})
    assert [c["cap"] for c in load[0]["cells"]] == [40, 30, 44] and [c["cap"] for c in load[1]["cells"]] == [0, 0, 0]


def test_team_load_without_working_days_takes_the_months_of_the_visits() -> None:
    """No working days kept: the months are the visits' own, and a month with no known working day has no room (a
    capacity of 0, a visit there shown full), not a day's worth."""
    rows = [("2027-03-02", "hb-140404", "onsite"), ("2027-01-05", "hb-140404", "onsite")]
    months, load = team_load(rows, TEAMS, {}, None)
    assert months == ["2027-01", "2027-03"]
    assert [(c["n"], c["cap"], c["share"]) for c in load[0]["cells"]] == [(1, 0, 1.0), (1, 0, 1.0)]


# ---- Jobs.cancel and _start -------------------------------------------------------------------------------------------------


def _add(j, status: str, job_pid: int | None = None) -> int:  # type: ignore[no-untyped-def]
    with Session(j.engine) as s:
        p = Plan(bundle_id=1, year=2027, created_by=1, status=status, job_pid=job_pid)
        s.add(p)
        s.commit()
        assert p.id is not None
        return p.id


def test_a_cancel_ends_only_its_own_plan_and_clears_its_process(tmp_path: Path) -> None:
    j, pid = _jobs(tmp_path, status="running")
    with Session(j.engine) as s:
        p = s.get(Plan, pid)
        assert p is not None
        p.job_pid = 4242
        s.add(p)
        s.commit()
    other = _add(j, "running", job_pid=4343)
    assert j.cancel(pid, "已由 planner 取消 / cancelled by planner") is True
    with Session(j.engine) as s:
        p, q = s.get(Plan, pid), s.get(Plan, other)
        assert p is not None and q is not None
        assert (p.status, p.job_pid) == (CANCELLED, None) and (q.status, q.error, q.job_pid) == ("running", None, 4343)
    # what the runner thread reads when the killed process returns: this cancel's reason and ending
    assert j._cancelled[pid] == ("已由 planner 取消 / cancelled by planner", CANCELLED)


def test_a_cancel_kills_the_job_process_group(tmp_path: Path) -> None:
    j, pid = _jobs(tmp_path, status="running")
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True, stdin=subprocess.DEVNULL)
    try:
        j._procs[pid] = proc
        assert j.cancel(pid, "已由 planner 取消 / cancelled by planner") is True
        assert proc.wait(timeout=10) == -9  # SIGKILL to its group
    finally:
        proc.kill()
        proc.wait()


def test_start_sets_only_its_own_queued_plan_running(tmp_path: Path) -> None:
    j, pid = _jobs(tmp_path, status="queued")
    other = _add(j, "queued")
    assert _start(j.engine, pid) is True
    with Session(j.engine) as s:
        p, q = s.get(Plan, pid), s.get(Plan, other)
        assert p is not None and q is not None
        assert (p.status, p.progress) == ("running", 0.02) and (q.status, q.progress) == ("queued", 0.0)
    assert _row(j, other) == ("queued", None)
