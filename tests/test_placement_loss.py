"""Placement loss (model objective vs the staffed plan, issue 8): the part model must not place what no naming of
officers can staff. The month-level officer flow (R-PAIR/R-AVAIL) used to let an officer who is away on the days of
the visits count towards them, since they are present on other days of the same month."""

from __future__ import annotations

import numpy as np

from scheduler.solve import PartJob, solve_part
from scheduler.state import PartState
from tests.tiny_part import RULES, entry, part, solve


def _away_world():  # type: ignore[no-untyped-def]
    """Ten working days of one month; officer 0 is present only on days 0–4 (budget 10), officers 1 and 2 every day
    (budget 5 each); every visit's window is days 5–9. Only officers 1 and 2 can go: 5 visits, not 10."""
    p, st, days = part(10, {"hb-1": ("hb", 3, 2)}, budget={"hb-1-0": 10, "hb-1-1": 5, "hb-1-2": 5},
                       away={"hb-1-0": [5, 6, 7, 8, 9]})
    entries = [entry(f"e{i}", (5, 9)) for i in range(10)]
    return p, st, days, entries


def test_model_counts_an_officer_only_on_days_present() -> None:
    """R-PAIR/R-AVAIL: the model's placements can all be staffed exactly (max-flow), here 5."""
    p, st, days, entries = _away_world()
    chosen = solve(p, st, days, entries)
    assert len(chosen) == 5
    state = PartState(p, st, RULES, days)
    by_key = {e.key: e for e in entries}
    assert all(state.place(by_key[k], d, t) is None for k, (d, t) in chosen.items())


def test_officer_present_on_other_days_still_counts_there() -> None:
    """The same officers, windows over the whole fortnight: officer 0 sits on days 0–4, so all 10 can be staffed."""
    p, st, days, entries = _away_world()
    wide = [entry(e.key, (0, 9)) for e in entries]
    assert len(solve(p, st, days, wide)) == 10


def test_solve_part_reports_no_placement_loss() -> None:
    """Through the whole part pipeline (greedy, stages, exact staffing): the model's count is what is staffed."""
    p, st, days, entries = _away_world()
    job = PartJob(p, st, RULES, days, entries, time_limit=2.0, n_cand=10, salt="t")
    fig = solve_part(job).figures
    assert fig["placed"]["mandatory"] == 5
    assert fig["placement_loss"] == 0
    assert fig.get("placement_loss_by_class", {}).get("mandatory", 0) == 0


def test_repair_restaffs_exactly_and_changes_nothing_when_it_cannot() -> None:
    """`repair`: an agency-visit the quick path refuses (its only free officers are full that day) is placed by an
    exact re-staffing of the team (R-PAIR, R-RECUSE); one no staffing can take leaves every seat as it was."""
    from scheduler.solve import repair

    p, st, days = part(1, {"hb-1": ("hb", 3, 3)}, recused={"hb-1-1": {"E", "F"}})
    state = PartState(p, st, RULES, days)
    x1, x2, e, f = entry("X1", (0, 0)), entry("X2", (0, 0)), entry("E", (0, 0)), entry("F", (0, 0))
    assert state.place(x1, 0, "hb-1") is None and state.place(x2, 0, "hb-1") is None
    assert state.place(e, 0, "hb-1", exact=False) == "R-PAIR"  # officer 0 already sits twice, 1 is recused
    assert repair(state, e)
    flow = state.flows["hb-1"]
    assert sorted(flow.assign["E"]) == ["hb-1-0", "hb-1-2"] and "hb-1-1" in flow.assign["X1"] and "hb-1-1" in flow.assign["X2"]
    before = {k: list(v) for k, v in flow.assign.items()}
    assert not repair(state, f)  # every seat of the day is taken: 3 officers × 2 visits = 6 seats, 6 used
    assert "F" not in state.placed and flow.assign == before


def test_staffing_reads_budgets_changed_after_the_graph_was_built() -> None:
    """The officers' draw changes city officers' budgets after the team's seat graph was cached (plan.draw_officers):
    the exact staffing must use the budgets as they are now (R-AVAIL), or it names officers beyond their budget."""
    from scheduler.staffing import TeamFlow

    days = 2
    flow = TeamFlow("hb-1", ["a", "b", "c"], {o: np.ones(days, dtype=bool) for o in "abc"}, dict.fromkeys("abc", 2), {}, 2)
    assert flow.try_add("V1", 0, "E1", 2) and flow.try_add("V2", 1, "E2", 2)
    assert flow.solve({}) is not None  # 4 seats, budgets 2 + 2 + 2
    flow.budget["a"], flow.budget["b"] = 1, 0
    assert flow.solve({}) is None  # 4 seats, budgets 1 + 0 + 2
    flow.budget["b"] = 2
    got = flow.solve({})
    assert got is not None and sum(o == "a" for os in got.values() for o in os) <= 1


def test_asking_for_room_stores_nothing() -> None:
    """R-AVAIL's day cap is read, not written, by `room`: a province's walk asked it for 417,000 (officer, day) pairs
    and the defaultdict kept a 0 for each to the end of the plan (40 MB of the main process, issue 12). Booking still
    counts, and a full day still has no room."""
    from scheduler.staffing import TeamFlow

    flow = TeamFlow("hb-1", ["a", "b", "c"], {o: np.ones(5, dtype=bool) for o in "abc"}, dict.fromkeys("abc", 9), {}, 1)
    assert all(flow.room(o, d) for o in "abc" for d in range(5)) and dict(flow.day_count) == {}
    assert flow.try_add("V1", 3, "E1", 2)
    assert {k: v for k, v in flow.day_count.items() if v} == {(o, 3): 1 for o in flow.assign["V1"]}
    assert [flow.room(o, 3) for o in flow.assign["V1"]] == [False, False] and len(flow.day_count) == 2
