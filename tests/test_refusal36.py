"""A sampled firm's refusal carries its rule id (scheduler.plan.Refusal): what may still be tried is decided by the rule,
not by the words. An R-TEAM refusal (no team of the agency may work in the district) takes no other district's
city-team seat as a guest; an R-AVAIL / R-PAIR one may. The bureau and its free seat are tests/test_sampled_guest35.py's."""

from __future__ import annotations

from collections.abc import Callable

from scheduler.plan import Plan, Refusal, place_enterprise
from scheduler.requirements import Entry
from tests.test_sampled_guest35 import _districts, _entry, plan  # noqa: F401  (the module's plan fixture)


def _recording(calls: list[str]) -> Callable[[Entry, list[int]], Callable[[], None] | None]:
    """A guest that is never found: it records which agency-visits asked for one."""
    def guest(e: Entry, days: list[int]) -> Callable[[], None] | None:
        calls.append(e.key)
        return None
    return guest


def test_r_team_refusal_asks_for_a_guest_and_keeps_its_rule(plan: Plan) -> None:  # noqa: F811
    """R-TEAM: agency zz has no team in the district; a guest seat is looked for once (a city team of its city may
    serve a district with no share of its days, review39 #1), none is found, and the refusal names R-TEAM."""
    _, other = _districts(plan)
    e = _entry(plan, other)
    lone = Entry(f"{e.enterprise_id}|sampled|0|onsite|zz", e.enterprise_id, other, "sampled", "onsite", ("zz",), ("x",), "B", (0, 0), group="g")
    calls: list[str] = []
    why = place_enterprise(plan.states[other], [lone], guest=_recording(calls))
    assert isinstance(why, Refusal) and why.rule == "R-TEAM" and "(R-TEAM)" in why.en and "R-TEAM" in why.zh
    assert calls == [lone.key]


def test_a_refusal_for_want_of_officers_asks_for_a_guest(plan: Plan) -> None:  # noqa: F811
    """R-SAMPLE with R-AVAIL / R-PAIR: the firm's own district has no seat on 4 January; a guest seat is asked for once,
    none is found, and the refusal names the rule that bound in its own district, in both languages."""
    _, other = _districts(plan)
    e = _entry(plan, other)
    calls: list[str] = []
    why = place_enterprise(plan.states[other], [e], guest=_recording(calls))
    assert isinstance(why, Refusal) and why.rule in ("R-AVAIL", "R-PAIR")
    assert f"({why.rule})" in why.en and f"（{why.rule}）" in why.zh
    assert calls == [e.key]
