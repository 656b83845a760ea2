"""The simulated year's leave (execution/simulate.py `Simulation.leave_events`) falls on officers due to go out in it
(foreign36: none of four simulated leaves touched a visit, so `simulate-year` showed no R-REPLAN at all)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from execution.simulate import SimOptions, Simulation
from tests.test_execution import planned  # noqa: F401  (the tiny bureau's plan folder)


def test_each_simulated_leave_falls_on_an_officer_due_in_it(tiny_dir: Path, planned: Path, tmp_path: Path) -> None:  # noqa: F811
    sim = Simulation(tiny_dir / "bundle", tmp_path, None, SimOptions(seed=5, plan_dir=planned))
    y = sim.y
    events = [(on, *e) for on, es in sim.leave_events().items() for e in es]
    assert len(events) >= 2
    for on, officer, start, end in events:
        assert on < start <= end and y.reg.officers[officer].role == "enforcement"
        due = {o for v in y.visits.values() if v.status == "planned" and v.mode == "onsite" and start <= v.date <= end for o in v.officer_ids}
        assert officer in due or not due, (officer, start, end)


def test_the_simulated_year_re_plans_for_its_leave(tiny_dir: Path, planned: Path, tmp_path: Path) -> None:  # noqa: F811
    """R-REPLAN at work: a leave whose days hold any planned on-site visit (as planned) touches one of its officer's."""
    sim = Simulation(tiny_dir / "bundle", tmp_path, None, SimOptions(seed=5, plan_dir=planned))
    planned_days = {v.date for v in sim.y.visits.values() if v.status == "planned" and v.mode == "onsite"}
    report = sim.run()
    touched = 0
    for e in sim.fig.leave_events:
        start, end = dt.date.fromisoformat(e["start"]), dt.date.fromisoformat(e["end"])
        if any(start <= d <= end for d in planned_days):
            assert e["restaffed"] or e["moved"] or e["shortfalls"], e
            touched += 1
    assert touched >= 1 and report["replanned"] >= touched
