"""The day-aware bound groups visits alike (round 38: scheduler/bound.py `trigger_days`): visits of one district,
agency and window, at firms no officer is recused from, are one node of capacity their number. The max-flow must be
the same as with one node a visit (R-PRIORITY class 0's bound: no plan places more), and the grouping must not merge
a firm some officer is recused from (R-RECUSE) with the others."""

from __future__ import annotations

import numpy as np
import pytest

from scheduler.bound import DayDemand, trigger_days

TEAMS = [("hb-140403", "hb", "140403"), ("hb-140404", "hb", "140404"), ("hb-140400", "hb", "140400")]
OFFICERS = {"hb-140403": ["a", "b", "c"], "hb-140404": ["d", "e"], "hb-140400": ["f", "g", "h", "i"]}


def _bound(demand: list[DayDemand], available: dict[str, np.ndarray], recused: dict[str, set[str]], capacity: dict[str, int]) -> dict:
    return dict(trigger_days(demand, TEAMS, OFFICERS, available, dict.fromkeys("abcdefghi", 9), recused,
                             dict.fromkeys(OFFICERS, 2), capacity, k=2, per_day=3))


@pytest.mark.parametrize("seed", range(40))
def test_grouping_visits_alike_keeps_the_max_flow(seed: int) -> None:
    """Random small worlds: the bound with visits alike grouped equals the bound with every visit its own node (a
    ghost officer, in no team, "recused" from every firm keeps each firm apart and takes no one's day)."""
    rng = np.random.default_rng(seed)
    n_days = 12
    available = {o: rng.random(n_days) > 0.3 for o in "abcdefghi"}
    demand = []
    for i in range(int(rng.integers(5, 40))):
        lo = int(rng.integers(0, n_days))
        window = (0, n_days - 1) if rng.random() < 0.5 else (lo, min(n_days - 1, lo + int(rng.integers(0, 4))))
        demand.append(DayDemand(f"v{i}", f"e{i}", str(rng.choice(["140403", "140404"])), "hb", window))
    recused = {"a": {"e1", "e2"}} if seed % 2 else {}
    capacity = {t: int(rng.integers(0, 15)) for t in OFFICERS}
    grouped = _bound(demand, available, recused, capacity)
    apart = _bound(demand, available, {**recused, "ghost": {e.enterprise for e in demand}}, capacity)
    assert grouped == apart
    assert grouped["bound"] <= len(demand)


def test_a_firm_an_officer_is_recused_from_is_not_grouped_with_the_others() -> None:
    """R-RECUSE: two officers of three recused from e0 leave it no pair on any day; e1, alike but for that, has its day."""
    available = {o: np.ones(3, dtype=bool) for o in "abcdefghi"}
    demand = [DayDemand("t0", "e0", "140403", "hb", (0, 2)), DayDemand("t1", "e1", "140403", "hb", (0, 2))]
    got = _bound(demand, available, {"a": {"e0"}, "b": {"e0"}, "f": {"e0"}, "g": {"e0"}, "h": {"e0"}},
                 {"hb-140403": 9, "hb-140404": 9, "hb-140400": 9})
    assert (got["bound"], got["no_day"]) == (1, ["t0"])
    got = _bound(demand, available, {}, {"hb-140403": 9, "hb-140404": 9, "hb-140400": 9})
    assert (got["bound"], got["no_day"]) == (2, [])


def test_a_group_with_no_day_names_every_visit_in_it() -> None:
    """Visits alike with no (team, day) pair are all listed as provably unplaceable, each by its own key."""
    available = {o: np.zeros(4, dtype=bool) for o in "abcdefghi"}
    demand = [DayDemand(f"t{i}", f"e{i}", "140404", "hb", (0, 3)) for i in range(3)]
    got = _bound(demand, available, {}, {"hb-140403": 9, "hb-140404": 9, "hb-140400": 9})
    assert (got["bound"], got["no_day"]) == (0, ["t0", "t1", "t2"])
