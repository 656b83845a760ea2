"""Mutation round 28: tests that kill surviving mutants of scheduler/solve.py's solve_part, solve_from and solve_parts —
the figures plan.json reports per part (`solver.parts[]`: greedy, front_loaded, stages, model, rounds, placement loss,
status, objective, best_bound, wall_seconds), the re-solve rounds after a placement loss (the forbidden (agency-visit,
day) pairs), the reasons of the impossible, and the engine solve_parts hands the parts to. Hand-made tiny parts
(tests/tiny_part.py), at most one tiny CP-SAT part per test; each test names the mutants (mutmut 3 ids) it kills."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from test_perishable import _job as perishable_job
from tiny_part import RULES, entry, part

import scheduler.engine as engine
import scheduler.solve as solve
from scheduler.solve import RESOLVE_ROUNDS, PartFigures, PartJob, PartResult, counts, greedy, solve_from, solve_part, solve_parts
from scheduler.state import PartState

TEAM = "hb-140403"


class _Clock:
    """time for solve.py: perf_counter reads 100.0, then 100.12345 (a part that took 0.12345 s)."""

    def __init__(self) -> None:
        self.ticks: Iterator[float] = iter([100.0, 100.12345])

    def perf_counter(self) -> float:
        return next(self.ticks)


# -- solve_part's figures, no model (use_solver False) ------------------------------------------------------------------------
def test_figures_of_a_part_without_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """tests/test_perishable.py's part (the even spread places 7 mandatory, the second greedy 9) plus a trigger both
    greedies place first: every figure solve_part writes, each from the greedy it describes.
    solve_part: district/entries keys (10-13), greedy's keys and trigger count (16-18), front_loaded's (56-58), placed's
    (97-99), objective = trigger + mandatory placed (103-107), best_bound None without model stages (86: 0.0; 110, 111),
    wall_seconds = the part's clock difference to the millisecond (112-114, 116-120). solve_from: the status of a
    greedy-only part (9, 10) and its placement loss 0 (11-14)."""
    job = perishable_job()
    job = dataclasses.replace(job, entries=[*job.entries, entry("t", (0, 11), basis="triggered")])
    first = counts(greedy(job)[0], job.entries)
    second = counts(greedy(job, perishable_first=True)[0], job.entries)
    assert first[0] == second[0] == 1 and second > first and second[0] != second[1]  # the second greedy is kept
    monkeypatch.setattr(solve, "time", _Clock())
    f = solve_part(job).figures
    assert f["district"] == "140403" and f["entries"] == 15
    assert f["greedy"] == {"trigger_follow_up": first[0], "mandatory": first[1]}
    assert f["front_loaded"] == {"trigger_follow_up": second[0], "mandatory": second[1]}
    assert f["placed"] == {"trigger_follow_up": second[0], "mandatory": second[1]}
    assert f["objective"] == sum(second)
    assert f["status"] == "GREEDY" and f["placement_loss"] == 0
    assert "stages" not in f and "best_bound" in f and f["best_bound"] is None
    assert f["wall_seconds"] == 0.123


# -- solve_from: a part the greedy completes (no CP-SAT solve) -------------------------------------------------------------------
def test_a_part_the_greedy_completes_reports_its_counts_as_the_stages() -> None:
    """A trigger and two mandatory visits on an empty team: the greedy places all three, the model is skipped and each
    stage reports the greedy's count of its class as objective and bound (solve_from 26-50: keys, values of the
    other class); best_bound is the sum of the stages' bounds, 1 + 2 (solve_part 79-85: None; 109: the key's value)."""
    p, st, days = part(5, {TEAM: ("hb", 2, 2)})
    entries = [entry("t", (0, 4), basis="triggered"), entry("m1", (0, 4)), entry("m2", (0, 4))]
    f = solve_part(PartJob(p, st, RULES, days, entries, 1.0, 8, "t", True)).figures
    assert f["status"] == "GREEDY_COMPLETE" and f["placed"] == {"trigger_follow_up": 1, "mandatory": 2}
    assert f["stages"] == {"0": {"objective": 1, "bound": 1, "status": "GREEDY_COMPLETE"},
                           "1": {"objective": 2, "bound": 2, "status": "GREEDY_COMPLETE"}}
    assert f["best_bound"] == 3.0 and f["placement_loss"] == 0


# -- solve_from: the model's path -------------------------------------------------------------------------------------------------
def _recused_trigger_job() -> PartJob:
    """Two triggers on a team of two: firm Z's (tz) has both officers recused, so no pair may go (the greedy: R-PAIR;
    the model knows it before solving: R-RECUSE); t1 is placed by both."""
    p, st, days = part(5, {TEAM: ("hb", 2, 2)}, recused={f"{TEAM}-0": {"Z"}, f"{TEAM}-1": {"Z"}})
    entries = [entry("t1", (0, 4), basis="triggered"), entry("tz", (0, 4), basis="triggered", enterprise="Z")]
    return PartJob(p, st, RULES, days, entries, 1.0, 8, "t", True)


def test_an_unplaced_trigger_sends_the_part_to_the_model_and_its_reason_is_the_models() -> None:
    """The greedy leaves tz out, so the part is neither complete nor at its bound: the model runs (solve_from 18: the
    greedy kept as complete). The model places t1 only and the staffing keeps it: one round (113-117: the count; 130,
    131: a lost-nothing round not ending the loop), the model's counts per class 1 and 0 (62: a mandatory claimed from
    nothing; 88-90, 104-111), no placement loss in either class (151, 152, 157, 158, 160-162, 167). tz's reason is the
    rule the model found, R-RECUSE, not the staffing's R-PAIR (138, 142, 143)."""
    job = _recused_trigger_job()
    g_state, g_unplaced = greedy(job)
    assert set(g_state.placed) == {"t1"} and g_unplaced == {"tz": "R-PAIR"}
    fig = PartFigures()
    state, unplaced, status = solve_from(job, g_state, g_unplaced, fig)
    assert status == "CP-SAT" and set(state.placed) == {"t1"} and unplaced == {"tz": "R-RECUSE"}
    assert fig["impossible"] == {"tz": "R-RECUSE"} and fig["rounds"] == 1
    assert fig["model"] == {"trigger_follow_up": 1, "mandatory": 0}
    assert fig["placement_loss"] == 0 and fig["placement_loss_by_class"] == {"trigger_follow_up": 0, "mandatory": 0}


def _recusal_job(width: int) -> PartJob:
    """Officers 0 (recused from firm F), 1 (recused from G) and 2 (budget 1), k = 2: F needs 1 and 2, G needs 0 and 2,
    and 2 can go once — one of the two can be staffed. The model's month-level officer flow ignores who is recused
    from which visit (5 officer-visits ≥ 4), so it places both, every time. Both due in days 0..width-1."""
    p, st, days = part(5, {TEAM: ("hb", 3, 2)}, budget={f"{TEAM}-2": 1}, recused={f"{TEAM}-0": {"F"}, f"{TEAM}-1": {"G"}})
    return PartJob(p, st, RULES, days, [entry("F", (0, width - 1)), entry("G", (0, width - 1))], 1.0, 8, "t", True)


@pytest.mark.parametrize("width", [2, 3])
def test_each_round_forbids_the_days_the_staffing_dropped(width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each round the model places F and G; the staffing books F first (priority: the key) and drops G, whose (G, day)
    is then forbidden on top of the earlier rounds' (solve_from 55, 133, 134: none kept; 70, 74: not passed; 135, 136:
    the placed keys read wrongly; 137: F's kept day forbidden). With two days, the third round has no day left for G
    and places F alone (nothing lost); with three, G is lost in all 1 + RESOLVE_ROUNDS rounds, the most there are (65:
    a fourth; 130, 131: stop after a loss). The stage figures are the first round's (76: the last round's 1 in the
    two-day case); the model claimed 2 mandatory (61, 89, 91), the plan kept 1: a mandatory placement loss of 1 (159)."""
    calls: list[tuple[set[tuple[str, int]] | None, dict[str, tuple[int, str]] | None]] = []
    real = solve.solve_model

    def spy(job: PartJob, g_state: PartState, fig: PartFigures, forbid: set[tuple[str, int]] | None = None) -> Any:
        seen = None if forbid is None else set(forbid)
        chosen = real(job, g_state, fig, forbid)
        calls.append((seen, chosen))
        return chosen

    monkeypatch.setattr(solve, "solve_model", spy)
    job = _recusal_job(width)
    g_state, g_unplaced = greedy(job)
    assert set(g_state.placed) == {"F"} and set(g_unplaced) == {"G"}
    fig = PartFigures()
    state, unplaced, status = solve_from(job, g_state, g_unplaced, fig)
    assert len(calls) == 1 + RESOLVE_ROUNDS == fig["rounds"] == 3
    g_days = [chosen["G"][0] for _, chosen in calls if chosen and "G" in chosen]
    for i, (forbid, _) in enumerate(calls):
        assert forbid == {("G", d) for d in g_days[:i]}
    assert len(set(g_days)) == len(g_days) == min(width, 3)
    if width == 2:
        assert calls[-1][1] is not None and set(calls[-1][1]) == {"F"}
    assert fig["stages"]["1"]["objective"] == 2
    assert fig["model"] == {"trigger_follow_up": 0, "mandatory": 2}
    assert fig["placement_loss"] == 1 and fig["placement_loss_by_class"] == {"trigger_follow_up": 0, "mandatory": 1}
    assert status == "CP-SAT" and set(state.placed) == {"F"} and set(unplaced) == {"G"}


def test_a_model_without_a_solution_keeps_the_greedy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The model found nothing (solve_model returns None; the real one writes the impossible first): the greedy's plan
    is kept and the status says the solver did not beat it (solve_from 56-58), the loop ends there without a round
    counted (80: `return`, no plan at all)."""
    def no_solution(job: PartJob, g_state: PartState, fig: PartFigures, forbid: set[tuple[str, int]] | None = None) -> None:
        fig["impossible"] = {}
        return None

    monkeypatch.setattr(solve, "solve_model", no_solution)
    job = _recusal_job(2)
    g_state, g_unplaced = greedy(job)
    fig = PartFigures()
    state, unplaced, status = solve_from(job, g_state, g_unplaced, fig)
    assert status == "CP-SAT<GREEDY" and state is g_state and unplaced == g_unplaced
    assert "rounds" not in fig and "model" not in fig and fig["placement_loss"] == 0


def test_a_kept_second_greedy_goes_to_the_model_through_solve_part() -> None:
    """test_perishable's part with one candidate day per visit (n_cand 1) beside the first greedy's days: the model
    started from the even spread cannot repack the spring and places fewer than the second greedy's 10, which is
    kept; though at its bound, it still goes to the model (`spread`: R-SPREAD's last stage), status CP-SAT, not
    GREEDY_COMPLETE (solve_part 67, 72, 73)."""
    job = dataclasses.replace(perishable_job(use_solver=True), n_cand=1)
    f = solve_part(job).figures
    assert f["front_loaded"] == {"trigger_follow_up": 0, "mandatory": 10}  # the first plan placed fewer
    assert f["status"] == "CP-SAT" and f["cp_status"] != "SKIPPED" and f["placed"]["mandatory"] == 10


# -- solve_parts ---------------------------------------------------------------------------------------------------------------
def _jobs(*sizes: int) -> list[PartJob]:
    p, st, days = part(5, {TEAM: ("hb", 2, 2)})
    return [PartJob(p, st, RULES, days, [entry(f"m{i}", (0, 4)) for i in range(n)], 1.0, 8, "t", False) for n in sizes]


def test_parts_are_solved_largest_first_and_returned_in_order() -> None:
    """Parts of 1, 3 and 2 visits: progress sees them largest first (solve_parts 3, 5, 7, 14, 18: the input order; 10:
    smallest first; 13: no progress), the results come back in the input order."""
    seen: list[int] = []
    got = solve_parts(_jobs(1, 3, 2), 1, lambda r: seen.append(r.figures["entries"]))
    assert seen == [3, 2, 1] and [r.figures["entries"] for r in got] == [1, 3, 2]


def test_the_engine_gets_the_processes_start_method_and_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two parts and two processes: a local pool started by fork (solve_parts 1, 2: the default start method; 25, 28:
    no pool); one part: in this process (26, 27, 29); a named engine and start method are passed on (19, 21, 24)."""
    calls: list[tuple[str | None, int, str]] = []
    real = engine.engine_for

    def spy(spec: str | None, processes: int = 2, start: str = "fork") -> engine.Engine:
        calls.append((spec, processes, start))
        return real(spec, processes, start)

    monkeypatch.setattr(engine, "engine_for", spy)
    got: list[PartResult] = solve_parts(_jobs(2, 1), 2)
    assert calls[-1] == (None, 2, "fork") and engine.LAST_REPORT["engine"] == "pool"
    assert [len(r.placed) for r in got] == [2, 1]
    solve_parts(_jobs(1), 2)
    assert calls[-1] == (None, 1, "fork") and engine.LAST_REPORT["engine"] == "inprocess"
    solve_parts(_jobs(2, 1), 2, start="spawn", engine="inprocess")
    assert calls[-1] == ("inprocess", 2, "spawn") and engine.LAST_REPORT["engine"] == "inprocess"
