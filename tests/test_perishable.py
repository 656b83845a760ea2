"""An officer present only part of the year (a certificate that ends in spring, R-CERT) gives their budget only on
those days (R-AVAIL). The greedy that spreads each team's load evenly (R-SPREAD) spends the other officers' budgets on
days that need two of them, and a tier-D firm goes unvisited (held-out bureau homestay_campaign s1: 24 mandatory
agency-visits below the checker's bound). solve.greedy's second order fills the days with most officers holding budget
first; solve_part keeps it only where it places more (R-PRIORITY)."""

from __future__ import annotations

import pytest
from tiny_part import RULES, entry, part

from scheduler.solve import PartJob, counts, greedy, solve_part

TEAM = "hb-140403"


def _job(n: int = 14, use_solver: bool = False, perishable: bool = True) -> PartJob:
    """12 working days; officer 0 present on days 0-3 only (budget 8) when `perishable`, else every day; officers 1 and
    2 every day (budget 6 each); the team goes on two visits a day. `n` mandatory visits, window the whole span.
    Pair-feasible: days 0-3 hold 8 visits of officer 0 with one of 1/2 (8 of their 12), 2 more after: 10."""
    away = {f"{TEAM}-0": list(range(4, 12))} if perishable else {}
    p, st, days = part(12, {TEAM: ("hb", 3, 2)}, budget={f"{TEAM}-0": 8, f"{TEAM}-1": 6, f"{TEAM}-2": 6}, away=away)
    entries = [entry(f"m{i:02d}", (0, 11)) for i in range(n)]
    return PartJob(p, st, RULES, days, entries, 1.0, 8, "t", use_solver)


def test_the_even_spread_loses_what_an_officer_leaving_early_could_give() -> None:
    job = _job()
    spread, _ = greedy(job)
    first, _ = greedy(job, perishable_first=True)
    assert counts(spread, job.entries)[1] == 8
    assert counts(first, job.entries)[1] == 10
    assert sorted({p.day for p in first.placed.values()} & set(range(4))) == [0, 1, 2, 3]
    assert all(first.onsite[TEAM][d] == 2 for d in range(4))
    assert first.perishable_first is False  # the order is the greedy's only: repair and the walk spread as before


def test_solve_part_keeps_the_greedy_that_places_more() -> None:
    """Where the plan from the first greedy places fewer (here: no model, the greedy engine), the second greedy's plan
    is the part's, and plan.json says so (`front_loaded`)."""
    got = solve_part(_job())
    assert got.figures["greedy"]["mandatory"] == 8 and got.figures["front_loaded"]["mandatory"] == 10
    assert len(got.placed) == 10 and got.figures["placed"]["mandatory"] == 10


def test_a_kept_second_greedy_still_gets_the_models_spread() -> None:
    """review25: the second greedy packs the months its officers' budgets are in; started from it, a part the greedy
    fills to its bound still goes to the model (`spread`), whose last stage (joint visits, monthly spread: R-SPREAD)
    runs at the classes' counts. Started from the first greedy, a complete part skips the model as before."""
    from scheduler.solve import PartFigures, solve_from

    job = _job(use_solver=True)
    first, first_unplaced = greedy(job, perishable_first=True)
    fig = PartFigures()
    state, _, status = solve_from(job, first, first_unplaced, fig, spread=True)
    assert status == "CP-SAT" and fig["cp_status"] != "SKIPPED" and counts(state, job.entries)[1] == 10
    fig = PartFigures()
    assert solve_from(job, first, first_unplaced, fig)[2] == "GREEDY_COMPLETE"  # at its bound: the model is skipped


def test_where_the_first_plan_is_at_its_bound_no_second_greedy_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing perishes: the first greedy is at the part's bound (10 visits: 20 officer-visits); the second never runs
    and the model is skipped, as before."""
    import scheduler.solve as solve

    job = _job(n=14, perishable=False, use_solver=True)
    calls: list[bool] = []
    real = solve.greedy

    def spy(job: PartJob, perishable_first: bool = False):  # type: ignore[no-untyped-def]
        calls.append(perishable_first)
        return real(job, perishable_first)

    monkeypatch.setattr(solve, "greedy", spy)
    got = solve_part(job)
    assert calls == [False] and got.figures["status"] == "GREEDY_COMPLETE" and "front_loaded" not in got.figures
    assert len(got.placed) == 10
