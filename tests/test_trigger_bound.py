"""The day-aware bound on triggers and follow-ups (issue 8): scheduler/bound.py `trigger_days` and, written
independently, checker/bound.py `trigger_days`. A bound must never be beaten by a plan, and must bind where days,
presence or recusals (R-PAIR, R-CERT, R-RECUSE, R-AVAIL) leave no room."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from bundle import load_bundle
from scheduler.bound import DayBound, DayDemand, trigger_days
from tests.checker_helpers import read, write

TEAMS = [("hb-140403", "hb", "140403"), ("hb-140400", "hb", "140400")]


def _bound(demand: list[DayDemand], away: dict[str, list[int]] | None = None, recused: dict[str, set[str]] | None = None,
           day_cap: int = 4, n_days: int = 5, capacity: int = 99) -> DayBound:
    officers = {"hb-140403": ["a", "b", "c"], "hb-140400": []}
    available = {o: np.ones(n_days, dtype=bool) for o in "abc"}
    for o, ds in (away or {}).items():
        available[o][ds] = False
    return trigger_days(demand, TEAMS, officers, available, dict.fromkeys("abc", 10), recused or {},
                        {"hb-140403": day_cap, "hb-140400": day_cap}, {"hb-140403": capacity, "hb-140400": 0}, k=2, per_day=1)


def test_day_capacity_binds_urgent_triggers() -> None:
    """Three officers, one visit each a day: one pair a day. Three triggers due the same day: one can be placed."""
    same_day = [DayDemand(f"t{i}", f"e{i}", "140403", "hb", (2, 2)) for i in range(3)]
    assert _bound(same_day)["bound"] == 1
    spread = [DayDemand(f"t{i}", f"e{i}", "140403", "hb", (0, 2)) for i in range(3)]
    assert _bound(spread)["bound"] == 3


def test_absence_and_recusal_leave_no_day() -> None:
    """Two of three officers away on the window's day, or recused from the enterprise: provably unplaceable."""
    t = [DayDemand("t0", "e0", "140403", "hb", (1, 1)), DayDemand("t1", "e1", "140403", "hb", (1, 3))]
    got = _bound(t, away={"a": [1], "b": [1]})
    assert got["no_day"] == ["t0"] and got["bound"] == 1
    got = _bound(t, recused={"a": {"e0", "e1"}, "b": {"e1"}})
    assert got["no_day"] == ["t1"] and got["bound"] == 1
    assert _bound(t, recused={"a": {"e0"}})["bound"] == 2  # two officers left for e0: still a pair


def test_team_year_capacity_and_other_agencies() -> None:
    """The team's pair-feasible year capacity caps the flow; a team of another agency never serves."""
    t = [DayDemand(f"t{i}", f"e{i}", "140403", "hb", (0, 4)) for i in range(4)]
    assert _bound(t, capacity=2)["bound"] == 2
    gas = [DayDemand("g", "e", "140403", "gas", (0, 4))]
    assert _bound(gas)["no_day"] == ["g"]


def _tiny(tmp: Path) -> Path:
    from scenarios import generate

    return generate("tiny", tmp / "t", seed=7)


def test_scheduler_and_checker_day_bounds_hold_and_bind(tmp_path: Path) -> None:
    """On a tiny bureau: both bounds hold for the plan; recusing every officer who may visit one trigger's enterprise
    makes that trigger provably unplaceable in both (the checker's follow-up windows are the whole year: R-FOLLOW sets
    none, so the checker's bound is at least the scheduler's)."""
    from checker.bound import capacity_bound
    from checker.bound import trigger_days as checker_days
    from checker.facts import Context
    from scheduler.output import write_plan
    from scheduler.plan import PlanOptions, make_plan

    bdir = _tiny(tmp_path)
    year = load_bundle(bdir).year
    _, trig = read(bdir / "triggers.csv")
    target = next(t for t in trig if t["received_on"] >= f"{year}-02-01")
    _, officers = read(bdir / "officers.csv")
    _, ents = read(bdir / "enterprises.csv")
    district = next(e["district_code"] for e in ents if e["enterprise_id"] == target["enterprise_id"])
    header, rows = read(bdir / "recusals.csv")
    for o in officers:
        if o["team_id"] in (f"{target['agency_id']}-{district}", f"{target['agency_id']}-{district[:4]}00"):
            rows.append({**dict.fromkeys(header, ""), "officer_id": o["officer_id"], "enterprise_id": target["enterprise_id"]})
    write(bdir / "recusals.csv", header, rows)
    b = load_bundle(bdir)
    plan = make_plan(b, PlanOptions(processes=1, time_limit=1.0))
    folder = write_plan(plan, tmp_path / "p")
    assert plan.bound is not None and plan.bound.trigger_days is not None
    mine = plan.bound.trigger_days
    theirs = checker_days(Context(b, folder))
    key = f"{target['enterprise_id']}|triggered|{target['trigger_id']}"
    assert key in mine["no_day"] and target["trigger_id"] in theirs["no_day"]
    assert theirs["placed"] <= theirs["bound"] <= theirs["owed"] - 1
    assert mine["bound"] <= theirs["bound"]
    placed0 = sum(1 for p in plan.placed if p.entry.klass == 0 and p.entry.mode == "onsite")
    assert placed0 <= mine["bound"] <= mine["owed"] - 1
    # the transport bounds take no capacity for it either (the classes after class 0 assume it at its maximum)
    assert plan.bound.bound["trigger_follow_up"] <= plan.bound.owed["trigger_follow_up"] - 1
    assert capacity_bound(Context(b, folder)).bound["required"] <= theirs["owed"] - 1
    assert dt.date.fromisoformat(target["received_on"][:10]).year == b.year
