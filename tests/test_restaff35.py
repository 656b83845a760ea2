"""R-PRIORITY / R-OFFICER-DRAW across a city team's district shares (foreign35 H3): the officer who takes a re-staffed
seat may have its spare unit in a third district's share. `_restaffed_unit` lends the re-staffed share one unit of each
such officer (`_pooled`) and gives back what its new staffing does not use. Hand-made shares with a scripted max-flow,
no solve; the end-to-end figure is bench/foreign35's b2 (gas team 65 → 69 pair-visits, the optimum)."""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace
from typing import Any

TID = "gas-city"


class _Flow:
    """What `_restaffed_unit` reads of a TeamFlow. `moves` scripts the max-flow's answer: officer → seats it gains
    (negative: loses) when adopted; None: no staffing with these budgets."""

    def __init__(self, log: list[str], name: str, budget: dict[str, int], year: dict[str, int],
                 moves: dict[str, int] | None = None) -> None:
        self.log, self.name, self.moves = log, name, moves
        self.officers = list(budget)
        self.budget = dict(budget)
        self.year_count: dict[str, int] = defaultdict(int, year)
        self.assign: dict[str, list[str]] = {}  # the staffing a re-staffing saves (review35)

    def solve(self, _fixed: dict) -> object | None:  # type: ignore[type-arg]
        self.log.append(self.name)
        if self.moves is None or any(self.year_count[q] + n > self.budget[q] for q, n in self.moves.items()):
            return None  # a real max-flow never exceeds a budget: without the lent unit there is no staffing
        return self.moves

    def adopt(self, got: dict[str, int]) -> None:
        for q, n in got.items():
            self.year_count[q] += n


def _city(log: list[str], moves: dict[str, int] | None) -> dict[str, Any]:
    """H hosts the guest: o (spent everywhere) needs a unit there. D1: o and q each sat their whole share; D2: q has
    two units to spare and o no seat; D3: q spare 1 and o no seat."""
    flows = {
        "H": _Flow(log, "H", {"o": 1, "q": 1, "r": 1}, {"o": 1, "q": 1, "r": 1}),
        "D1": _Flow(log, "D1", {"o": 2, "q": 2, "r": 0}, {"o": 2, "q": 2}, moves),
        "D2": _Flow(log, "D2", {"o": 0, "q": 3, "r": 0}, {"q": 1}),
        "D3": _Flow(log, "D3", {"o": 0, "q": 1, "r": 0}, {}),
    }
    return {d: SimpleNamespace(flows={TID: f}) for d, f in flows.items()}


def _budgets(states: dict[str, Any]) -> dict[str, tuple[int, int]]:
    return {d: (st.flows[TID].budget["o"], st.flows[TID].budget["q"]) for d, st in states.items()}


def test_a_seat_of_o_goes_to_q_with_a_unit_lent_by_the_share_with_most_to_spare() -> None:
    from scheduler.guests import _restaffed_unit

    log: list[str] = []
    states = _city(log, {"o": -1, "q": 1})
    spent = [0, 10]
    assert _restaffed_unit(states, TID, "H", "o", spent) == "D1"  # D1's only spare is lent: D2's, not D3's
    assert log == ["D1"] and spent == [1, 10]
    assert _budgets(states) == {"H": (1, 1), "D1": (1, 3), "D2": (0, 2), "D3": (0, 1)}
    d1 = states["D1"].flows[TID]
    assert (d1.year_count["o"], d1.year_count["q"]) == (1, 3)  # every unit D1 holds is sat: nothing stranded there


def test_without_the_lent_unit_the_share_cannot_be_re_staffed() -> None:
    from scheduler.guests import _pooled, _restaffed_unit

    log: list[str] = []
    states = _city(log, {"o": -1, "q": 1})
    assert _pooled(states, TID, ("H", "D1"), "o") == [("q", "D2")]
    for d in ("D2", "D3"):
        states[d].flows[TID].budget["q"] = states[d].flows[TID].year_count["q"]  # no spare of q outside the host
    assert _pooled(states, TID, ("H", "D1"), "o") == []
    assert _restaffed_unit(states, TID, "H", "o", [0, 10]) is None and log == []  # no share has anyone to take the seat


def test_a_failed_re_staffing_gives_every_lent_unit_back() -> None:
    from scheduler.guests import _restaffed_unit

    log: list[str] = []
    states = _city(log, None)  # D1's max-flow finds no staffing with o one unit fewer
    before = _budgets(states)
    spent = [0, 10]
    assert _restaffed_unit(states, TID, "H", "o", spent) is None
    assert log == ["D1"] and spent == [1, 10] and _budgets(states) == before


def test_a_lent_unit_the_new_staffing_leaves_unused_goes_back() -> None:
    from scheduler.guests import _restaffed_unit

    log: list[str] = []
    states = _city(log, {"o": -1, "r": 1})  # r, with its own unit in D1, takes the seat: q's lent unit is not sat
    states["D1"].flows[TID].budget["r"] = 1
    assert _restaffed_unit(states, TID, "H", "o", [0, 10]) == "D1"
    assert _budgets(states) == {"H": (1, 1), "D1": (1, 2), "D2": (0, 3), "D3": (0, 1)}
    assert states["D1"].flows[TID].year_count["r"] == 1


def test_the_host_never_lends() -> None:
    from scheduler.guests import _pooled

    log: list[str] = []
    states = _city(log, {"o": -1, "q": 1})
    states["H"].flows[TID].budget["q"] = 9  # the host's spare is the guest's to sit, not D1's to take
    for d in ("D2", "D3"):
        states[d].flows[TID].budget["q"] = 0
    assert _pooled(states, TID, ("H", "D1"), "o") == []


def test_a_guest_re_staffs_a_share_with_a_unit_of_an_officer_away_that_day() -> None:
    """R-PRIORITY (mut39): complaint T of 140404, due on day 0, can go only as a guest of 140403's city-team day. The
    officers able that day (0 and 1) have no unit left but officer 0's one in 140403; 140404's share holds officer 1's
    seat on visit s, which officer 3 — away on day 0, one unit spare in 140404 — can take. Re-staffing s frees officer
    1's unit for T. The pass used to re-staff only where the officers able that day had k units left over all shares."""
    import dataclasses

    from tiny_part import entry

    from scheduler.guests import place_guests
    from tests.test_guests import CITY
    from tests.test_mut39 import _city3, _complaint, _no_budget

    o = [f"{CITY}-{i}" for i in range(4)]
    states, split = _city3(away403={o[2]: [0], o[3]: [0]}, away404={o[0]: [2]})
    donor = states["140404"]
    s = dataclasses.replace(entry("s", (2, 2), basis="mandatory", enterprise="FS"), district="140404")
    donor.flows[CITY].budget.update({o[0]: 0, o[1]: 1, o[2]: 1, o[3]: 0})
    assert donor.place(s, 2, CITY) is None and sorted(donor.flows[CITY].assign["s"]) == [o[1], o[2]]
    states["140403"].flows[CITY].budget.update(zip(o, (1, 0, 0, 0), strict=True))
    donor.flows[CITY].budget.update(zip(o, (0, 1, 1, 1), strict=True))  # officer 3: one unit spare in 140404
    _no_budget(states, "hb-140404")
    unplaced = {"T": "R-AVAIL"}
    assert place_guests(states, {"140404": [_complaint("T", (0, 0))]}, unplaced, split) == {"T": "140403"}
    assert unplaced == {}
    assert sorted(donor.flows[CITY].assign["s"]) == [o[2], o[3]]  # officer 3 took officer 1's seat
    assert sorted(states["140403"].flows[CITY].assign["T"]) == [o[0], o[1]]
