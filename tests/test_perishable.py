"""An officer present only part of the year (a certificate that ends in spring, R-CERT) gives their budget only on
those days (R-AVAIL). The greedy that spreads each team's load evenly (R-SPREAD) spends the other officers' budgets on
days that need two of them, and a tier-D firm goes unvisited (held-out bureau homestay_campaign s1: 24 mandatory
agency-visits below the checker's bound). solve.greedy's second order fills the days with most officers holding budget
first; solve_part keeps it only where it places more (R-PRIORITY)."""

from __future__ import annotations

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
    got = solve_part(_job())
    assert got.figures["greedy"]["mandatory"] == 10 and len(got.placed) == 10


def test_a_kept_second_greedy_still_gets_the_models_spread() -> None:
    """review25: the second greedy packs the months its officers' budgets are in; where it is kept the part no longer
    counts as done by the greedy (it would skip the model), so the model's last stage (joint visits, monthly spread:
    R-SPREAD) runs at the classes' counts."""
    got = solve_part(_job(use_solver=True))
    assert got.figures["status"] == "CP-SAT" and got.figures["cp_status"] != "SKIPPED"
    assert got.figures["placed"]["mandatory"] == 10


def test_where_every_officer_stays_all_year_the_greedy_alone_decides() -> None:
    """Nothing perishes: the first greedy is at the part's bound (10 visits: 20 officer-visits), the second never runs
    and the model is skipped, as before."""
    job = _job(n=14, perishable=False, use_solver=True)
    spread, _ = greedy(job)
    got = solve_part(job)
    assert counts(spread, job.entries)[1] == 10 and got.figures["status"] == "GREEDY_COMPLETE"
    assert sorted((k, d) for k, d, _, _ in got.placed) == sorted((k, p.day) for k, p in spread.placed.items())


def test_only_a_budget_that_needs_half_the_seats_left_perishes() -> None:
    """`perishes`: officer 0 of `_job` (budget 8, 4 days × 2 seats) perishes; officers 1 and 2 (6 of 24 seats) do not, so a
    part without officer 0's short year never runs the second greedy (the even spread stays, review25: the second order
    packed the spring of a city world whose counts it did not raise). The share is PERISH_SHARE (½), at the boundary."""
    from scheduler.solve import any_perishing
    from scheduler.state import PERISH_SHARE, PartState, perishes

    assert PERISH_SHARE == 0.5
    assert perishes(8, 8) and perishes(4, 8) and not perishes(3, 8) and not perishes(0, 0)
    assert any_perishing(_job()) and not any_perishing(_job(perishable=False))
    job = _job()
    st = PartState(job.part, job.staff, job.rules, job.workdays)
    assert st.perishing(TEAM).tolist() == [1] * 4 + [0] * 8
    st.flows[TEAM].budget[f"{TEAM}-0"] = 3  # 3 of 8 seats: no longer perishes
    assert st.perishing(TEAM).tolist() == [0] * 12
