"""mut38: guests' _restaffed_unit, _borrow and _team_spare on hand-made shares (a stand-in TeamFlow whose max-flow is
scripted), no solve. Each test kills mutants that survived tests/test_restaff34.py and the rest of the selection."""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace

TID = "hb-city"


class _Flow:
    """What _restaffed_unit and _borrow read of a TeamFlow: officers, budget, year_count, solve, adopt."""

    def __init__(self, name: str, log: list[str], budget: dict[str, int], year: dict[str, int], ok: bool = False) -> None:
        self.name, self.log, self.ok = name, log, ok
        self.officers = list(budget)
        self.budget = dict(budget)
        self.year_count: dict[str, int] = defaultdict(int, year)
        self.adopted = False
        self.assign: dict[str, list[str]] = {}  # the staffing a re-staffing saves (review35)

    def solve(self, _fixed: dict) -> object | None:  # type: ignore[type-arg]
        self.log.append(self.name)
        return object() if self.ok else None

    def adopt(self, _got: object) -> None:
        self.adopted = True


def _states(flows: dict[str, _Flow]) -> dict[str, SimpleNamespace]:
    return {d: SimpleNamespace(flows={TID: f}) for d, f in flows.items()}


def _ranked(log: list[str], ok: str | None = None) -> dict[str, _Flow]:
    """o has two seats and no spare in every share; the others' spare: D1 1 (four more officers spent, three seats
    each), D2 3, D3 2. The two shares with the most to spare, D2 then D3, are the ones to re-staff."""
    spent_four = {f"r{i}": 3 for i in range(4)}
    return {
        "H": _Flow("H", log, {"o": 1, "q": 5}, {"o": 1}, ok=ok == "H"),
        "D1": _Flow("D1", log, {"o": 2, "q": 1, **spent_four}, {"o": 2, **spent_four}, ok=ok == "D1"),
        "D2": _Flow("D2", log, {"o": 2, "q": 3}, {"o": 2}, ok=ok == "D2"),
        "D3": _Flow("D3", log, {"o": 2, "q": 2}, {"o": 2}, ok=ok == "D3"),
    }


def test_restaffing_tries_the_two_shares_with_most_to_spare_and_gives_each_unit_back_when_it_fails() -> None:
    from scheduler.guests import _restaffed_unit

    log: list[str] = []
    flows = _ranked(log)
    spent = [0, 10]
    assert _restaffed_unit(_states(flows), TID, "H", "o", spent) is None
    assert log == ["D2", "D3"]  # most spare first (not D1, whose officers are many but spent)
    assert spent == [2, 10]
    assert {d: f.budget["o"] for d, f in flows.items()} == {"H": 1, "D1": 2, "D2": 2, "D3": 2}  # each unit back


def test_restaffing_counts_its_checks_on_from_what_was_spent_and_stops_at_the_most_allowed() -> None:
    from scheduler.guests import _restaffed_unit

    log: list[str] = []
    spent = [3, 4]
    assert _restaffed_unit(_states(_ranked(log)), TID, "H", "o", spent) is None
    assert log == ["D2"] and spent == [4, 4]


def test_restaffing_skips_a_share_where_no_other_officer_has_budget_outside_the_host() -> None:
    from scheduler.guests import _restaffed_unit

    log: list[str] = []
    flows = {"H": _Flow("H", log, {"o": 1, "q": 2}, {"o": 1}),
             "D1": _Flow("D1", log, {"o": 1, "q": 2}, {"o": 1}),
             "D2": _Flow("D2", log, {"o": 1, "q": 1}, {"o": 1, "q": 1})}  # q spent here; spare in D1 (lent) and H (not)
    flows["D1"].budget["q"] = 0  # D1 no spare of q: nobody to take o's seat in D1, nor to lend to D2 but the host
    spent = [0, 10]
    assert _restaffed_unit(_states(flows), TID, "H", "o", spent) is None
    assert log == [] and spent == [0, 10]
    flows["D1"].budget["q"] = 2  # q spare in D1: D1 is tried, then D2 with q's unit lent by D1
    assert _restaffed_unit(_states(flows), TID, "H", "o", spent) is None
    assert log == ["D1", "D2"] and spent == [2, 10]
    assert {d: (f.budget["o"], f.budget["q"]) for d, f in flows.items()} == {"H": (1, 2), "D1": (1, 2), "D2": (1, 1)}


def test_borrow_re_staffs_another_share_never_the_host() -> None:
    from scheduler.guests import _borrow

    log: list[str] = []
    flows = _ranked(log, ok="D2")
    moved = _borrow(_states(flows), TID, "H", ["o"], [0, 10], 2)
    assert moved == [("D2", "o")] and "H" not in log
    assert flows["H"].budget["o"] == 2 and flows["D2"].budget["o"] == 1 and flows["D2"].adopted


def test_borrow_re_staffs_only_while_fewer_than_need_officers_have_budget_in_the_host() -> None:
    from scheduler.guests import _borrow

    log: list[str] = []
    flows = _ranked(log, ok="D2")
    flows["H"].budget["q"], flows["H"].year_count["q"] = 1, 0  # q has budget in the host: one of need=1 already
    assert _borrow(_states(flows), TID, "H", ["q", "o"], [0, 10], 1) == []
    assert log == []


def test_borrow_without_checks_allowed_never_re_staffs() -> None:
    from scheduler.guests import _borrow

    log: list[str] = []
    flows = _ranked(log, ok="D2")
    assert _borrow(_states(flows), TID, "H", ["o"], None, 2) == []  # a spent team: spent is None (place_guests)
    assert log == []


def test_team_spare_counts_only_units_left() -> None:
    from scheduler.guests import _team_spare

    log: list[str] = []
    flows = {"H": _Flow("H", log, {"o": 2, "q": 1}, {"o": 1, "q": 1}),
             "D1": _Flow("D1", log, {"o": 3, "q": 1}, {"o": 3})}
    assert _team_spare(_states(flows), TID, ["o", "q"]) == 2  # o 1 in H, q 1 in D1; o spent in D1, q in H
