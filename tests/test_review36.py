"""review36's findings on this round's change (a fresh-eyes review with a fuzz of 120 hand-made years), each failing on
the code it names (fe37da6):
1. `replan._held` read "only the status changed, to overdue" as time passing whatever the day: a visit notified after
   the re-plan and then set overdue by hand before its day came back on the leave's withdrawal, its notice naming other
   officers;
2. `refuse_slot` tried a named slot with no visit moved: a slot `propose` would open by moving a visit or by a sampled
   visit giving way, but not among the best, read "team-days full with nothing movable" (R-AVAIL);
3. PYTHONSAFEPATH was set only for the first forkserver: one started again after a death took the working directory
   first on its path again;
4. the insert endpoint matched a named day as text: the best slot named 20270405 (a date `fromisoformat` reads) was
   refused as "not among the best slots".
And a move to a day no visit may take (a Saturday) is named so even where the visit has no lawful day at all."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from api_helpers import zip_folder
from conftest import ROOT

from execution import YearError
from execution.insert import propose, refuse_slot
from execution.replan import officer_unavailable, withdraw_absence
from execution.reschedule import move_visit
from tests.review36_fuzz import build
from tests.test_execution_api import _visits, year_live  # noqa: F401  (the module's fixture)
from tests.test_mut15_replan import E1, E2, TODAY, D, books, fresh_books, set_cap, tiny, visit

OFF = ("hb-140404-00", "hb-140404-01")


def test_a_visit_notified_then_set_overdue_before_its_day_is_not_put_back() -> None:
    """R-REPLAN / R-NOTICE: someone changed it since (its notice names the re-plan's officers): it stays."""
    v = visit("V1", D, E1, OFF)
    y = tiny(v)
    officer_unavailable(y, OFF[0], D, D, TODAY, "planner")
    restaffed = v.officer_ids
    assert restaffed != OFF
    y.set_status("V1", "notified", TODAY, "planner")
    y.set_status("V1", "overdue", TODAY, "planner", "firm closed")
    assert v.date > TODAY
    res = withdraw_absence(y, 1, TODAY, "planner", "登记错了人 / wrong officer")
    assert "V1" not in res.restored and v.status == "overdue" and v.officer_ids == restaffed
    (k,) = res.kept
    assert k["rule"] == "R-REPLAN" and k["why"].startswith("changed, notified or done since")


@pytest.mark.parametrize(("seed", "day", "team"), [(9, dt.date(2027, 5, 13), "hb-140404"), (12, dt.date(2027, 5, 18), "hb-140400")])
def test_a_slot_that_moves_or_a_sampled_visit_would_open_is_not_called_closed(seed: int, day: dt.date, team: str) -> None:
    """R-INSERT: lawful once visits move (or a sampled one gives way, R-PRIORITY), not among the best three: refused
    as not offered, with its cost, never as "nothing movable" / "no sampled visit to give way"."""
    y, t = build(seed)
    offered = {(s.day, s.team) for s in propose(y, t, TODAY)}
    every = {(s.day, s.team): s for s in propose(y, t, TODAY, k=10_000)}
    assert (day, team) not in offered and (day, team) in every
    e = refuse_slot(y, t, day, team, TODAY)
    assert (e.rule, e.status) == ("R-INSERT", 409) and "not among the best slots" in e.en, e.en
    s = every[(day, team)]
    assert f"moving {len(s.moves)} visit(s), {len(s.displaced)} giving way" in e.en
    assert books(y) == fresh_books(y)


def test_a_move_to_a_saturday_says_so_where_no_day_is_lawful() -> None:
    """R-WORKDAY first (422), then "no day" (409) for a working day, when the team has no room on any day."""
    y = tiny(visit("V1", D, E1, OFF))
    set_cap(y, "hb-140404", 0)
    with pytest.raises(YearError) as e:
        move_visit(y, "V1", dt.date(2027, 6, 19), TODAY, "planner", "closed")
    assert (e.value.rule, e.value.status) == ("R-WORKDAY", 422)
    with pytest.raises(YearError) as e:
        move_visit(y, "V1", dt.date(2027, 6, 17), TODAY, "planner", "closed")
    assert (e.value.status, e.value.rule) == (409, "R-INSERT") and "no day" in e.value.en


def test_an_offered_slot_named_in_basic_iso_form_is_taken(year_live) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    client, h, plan_id = year_live
    v = next(x for x in _visits(client, h, plan_id) if x["mode"] == "onsite" and x["date"] > "2027-04-10")
    trig = {"enterprise_id": v["enterprise_id"], "agency_id": v["agency_ids"].split(";")[0], "received_on": "2027-03-30", "urgent": True}
    best = client.post(f"/api/plans/{plan_id}/year/triggers/slots", headers=h["planner"], json=trig).json()["slots"][0]
    basic = dt.date.fromisoformat(best["day"]).strftime("%Y%m%d")
    r = client.post(f"/api/plans/{plan_id}/year/triggers", headers=h["planner"], json={**trig, "day": basic, "team": best["team"]})
    assert r.status_code == 201 and r.json()["visit"]["date"] == best["day"], r.text


SCRIPT = """
import os, pathlib, signal, sys, time
sys.path.insert(1, sys.argv[1])
import multiprocessing.forkserver as fs
from api.settings import Settings
from api.uploads import validate_upload
if __name__ == '__main__':
    src = pathlib.Path(sys.argv[2])
    print('first', validate_upload(Settings(), 'tiny.zip', src).year, flush=True)
    os.kill(fs._forkserver._forkserver_pid, signal.SIGKILL)
    time.sleep(0.5)
    print('second', validate_upload(Settings(), 'tiny.zip', src).year, flush=True)
"""


def test_a_forkserver_started_again_keeps_the_safe_path(tmp_path: Path, tiny_dir: Path) -> None:
    work, runner = tmp_path / "work", tmp_path / "runner"
    work.mkdir()
    runner.mkdir()
    (work / "api.py").write_text("# a planner's own script\n")
    src = tmp_path / "tiny.zip"
    src.write_bytes(zip_folder(tiny_dir / "bundle"))
    (runner / "run.py").write_text(SCRIPT)
    r = subprocess.run([sys.executable, str(runner / "run.py"), str(ROOT), str(src)], cwd=work, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and "first 2027" in r.stdout and "second 2027" in r.stdout, r.stdout + r.stderr[-1500:]


def test_binding_counts_a_visited_day_for_every_team() -> None:
    """R-EXPLAIN (mut41's finding): with hb's two teams, a firm visited on 2 of its window's 3 days is held by its own
    visits (R-JOINT), not by budgets: the day it is visited closes it for both teams."""
    from execution.insert import binding
    from execution.year import Trigger
    from tests.test_mut41 import _other

    y = tiny(_other("G1", dt.date(2027, 5, 21), ent=E2), _other("G2", dt.date(2027, 5, 24), ent=E2))
    zh, en = binding(y, Trigger("T1", E2, "hb", TODAY, "complaint", False), dt.date(2027, 5, 19))
    assert "the enterprise is visited on those days" in en and "该企业当日已有检查" in zh, en
