"""Mutation survivors of round 32's run (`make mutation` on k_together, _able, absent_teams, _pair_day,
resource_text, give_way, _place_again, _team_can_go), each killed by a case that says what the rule means.
Tiny parts of the spec's example (tests/test_guests.py `_two_districts`), no solve."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from scheduler.resources import k_together
from tests.test_guests import CITY, _trigger, _two_districts


# ---- scheduler/resources.py k_together ---------------------------------------------------------------------------------
def _a(*days: int, n: int = 5) -> np.ndarray:
    x = np.zeros(n, dtype=bool)
    x[list(days)] = True
    return x


def test_k_together_means_on_one_day_of_the_window() -> None:
    """Two officers present on different days are not a pair (x_k_together__mutmut_4/_6/_10: summed over every day),
    and the window's last day counts, the day after it does not (_8: hi + 2)."""
    assert not k_together([{"a": _a(1), "b": _a(2)}], ["a", "b"], (0, 4), 2)
    assert k_together([{"a": _a(1, 2), "b": _a(2)}], ["a", "b"], (0, 4), 2)
    assert k_together([{"a": _a(3), "b": _a(3)}], ["a", "b"], (1, 3), 2)
    assert not k_together([{"a": _a(4), "b": _a(4)}], ["a", "b"], (1, 3), 2)
    assert not k_together([{"a": _a(2), "b": _a(2)}], ["a", "b"], (0, 4), 3)  # k of them
    # a city team's officers split over its districts' shares: present in either share counts
    assert k_together([{"a": _a(2), "b": _a()}, {"a": _a(), "b": _a(2)}], ["a", "b"], (2, 2), 2)
    assert not k_together([{"a": _a(2)}, {"b": _a(3)}], ["a", "b"], (2, 3), 2)


# ---- scheduler/reasons.py _pair_day, absent_teams ----------------------------------------------------------------------
def _plan(states, split):  # type: ignore[no-untyped-def]
    return SimpleNamespace(states=states, city_split=split, bundle=SimpleNamespace(policy=SimpleNamespace(officers_per_agency_on_visit=2)))


def test_a_city_teams_pair_day_may_sit_in_another_districts_share() -> None:
    """The city team is away from 140403's share on day 1 (that day is 140404's): seen from 140403 it can still go on day
    1 (x__pair_day__mutmut_2/_4/_5: only the asking district's share)."""
    from scheduler.reasons import _pair_day

    states, split = _two_districts()
    plan = _plan(states, split)
    assert not bool(states["140403"].staff.available[f"{CITY}-0"][1])
    assert _pair_day(plan, states["140403"], CITY, (1, 1), 2)  # type: ignore[arg-type]


def test_absent_teams_names_a_team_that_cannot_go_but_not_every_team() -> None:
    """absent_teams: 140403's own team away on day 1 is named apart while the city team can go; when no team can go,
    none is named (that is the whole reason, R-CERT: x_absent_teams__mutmut_25/_26)."""
    from scheduler.reasons import absent_teams

    states, split = _two_districts()
    st = states["140403"]
    for o in st.slices["hb-140403"].officers:
        st.staff.available[o] = st.staff.available[o].copy()
        st.staff.available[o][1] = False
    plan = _plan(states, split)
    assert absent_teams(plan, "140403", "hb", (1, 1)) == ["hb-140403"]  # type: ignore[arg-type]
    assert absent_teams(plan, "140403", "hb", None) == []  # type: ignore[arg-type]
    for x in states.values():
        for o in x.staff.available:
            if o.startswith(CITY):
                x.staff.available[o] = np.zeros_like(x.staff.available[o])
    assert absent_teams(plan, "140403", "hb", (1, 1)) == []  # type: ignore[arg-type]


# ---- scheduler/guests.py give_way's relabel, _place_again's could_go -----------------------------------------------------
@pytest.mark.parametrize(("said", "relabelled"), [("R-CERT", True), ("R-RECUSE", True), ("R-TEAM", False)])
def test_only_a_complaint_called_impossible_for_want_of_officers_is_relabelled(said: str, relabelled: bool) -> None:
    """A part that called its complaint R-CERT or R-RECUSE saw only its share of a city team's days: with the city team
    able to go in the window, the shortfall is R-AVAIL and `elsewhere` names the team (x_give_way__mutmut_203/_204: the
    R-RECUSE prefix). R-TEAM (no team may work there) is not such a case."""
    from scheduler.guests import give_way

    states, split = _two_districts(city_cap=1)
    host = states["140403"]
    m = _trigger("M", district="140403", enterprise="FM", basis="sampled")  # a sampled visit: nothing gives way
    assert host.place(m, 0, CITY) is None
    unplaced, elsewhere = {"T": said}, {}  # type: ignore[var-annotated]
    assert give_way(states, {"140403": [m], "140404": [_trigger("T", enterprise="FT")]}, unplaced, split, {}, elsewhere) == {}  # type: ignore[arg-type]
    assert (unplaced, elsewhere) == (({"T": "R-AVAIL"}, {"T": [CITY]}) if relabelled else ({"T": said}, {}))


def test_a_complaint_only_its_district_team_could_serve_still_holds_back_what_gave_way() -> None:
    """_place_again's could_go asks the district's teams and the city teams (x__place_again__mutmut_7: `&`, the city
    teams alone): T2's firm has every city officer recused, but 140404's own team could go to it in its window, so M,
    which gave way to T, is not placed again while T2 is unmet."""
    from scheduler.guests import give_way

    states, split = _two_districts(city_cap=1, recused={f"{CITY}-{i}": {"F2"} for i in range(4)}, own_away=False)
    host = states["140403"]
    m = _trigger("M", district="140403", enterprise="FM", basis="mandatory")
    assert host.place(m, 0, CITY) is None
    for o in states["140404"].flows["hb-140404"].officers:
        states["140404"].flows["hb-140404"].budget[o] = 0
    for o in host.flows[CITY].officers:
        host.flows[CITY].budget[o] = host.flows[CITY].year_count[o]
        states["140404"].flows[CITY].budget[o] = 0
    unplaced = {"T": "R-AVAIL", "T2": "R-AVAIL"}
    t, t2 = _trigger("T", enterprise="FT"), _trigger("T2", enterprise="F2")
    assert give_way(states, {"140403": [m], "140404": [t, t2]}, unplaced, split, {}) == {"M": "T"}  # type: ignore[arg-type]
    assert "M" not in host.placed and unplaced.get("M") == "R-PRIORITY" and "T2" in unplaced


def _three_days():  # type: ignore[no-untyped-def]
    """140403 holds the city team's days 0 and 1, 140404 its day 2 (each share's officers away on the other's days)."""
    import dataclasses

    from tiny_part import RULES, part

    from scheduler.state import PartState

    pa, sa, days = part(3, {"hb-140403": ("hb", 2, 2), CITY: ("hb", 4, 2)}, away={f"{CITY}-{i}": [2] for i in range(4)})
    pb, sb, _ = part(3, {"hb-140404": ("hb", 2, 2), CITY: ("hb", 4, 2)},
                     away={**{f"{CITY}-{i}": [0, 1] for i in range(4)}, "hb-140404-0": [2], "hb-140404-1": [2]})
    pb = dataclasses.replace(pb, district="140404")
    states = {"140403": PartState(pa, sa, RULES, days), "140404": PartState(pb, sb, RULES, days)}
    split = {CITY: {"140403": {"days": [d.isoformat() for d in days[:2]], "budgets": {}},
                    "140404": {"days": [days[2].isoformat()], "budgets": {}}}}
    return states, split


def test_the_latest_mandatory_visit_of_the_year_gives_its_budget_first() -> None:
    """The budget case outside the complaint's window: of two mandatory visits whose officers' budget is spent (either
    one's removal frees enough), the year's latest gives way (x_give_way__mutmut_124/_126/_128: the earliest), keeping the earlier plan's
    visit where the enterprise was told first."""
    import dataclasses

    from scheduler.guests import give_way

    states, split = _three_days()
    host = states["140403"]
    for o in host.flows["hb-140403"].officers:
        host.flows["hb-140403"].budget[o] = 0  # nothing of 140403's own to place them again with
    early, late = (_trigger(k, district="140403", enterprise=f"F{k}", basis="mandatory") for k in ("M1", "M2"))
    late = dataclasses.replace(late, window=(1, 1))
    assert host.place(early, 0, CITY) is None and host.place(late, 1, CITY) is None
    for o in host.flows[CITY].officers:
        host.flows[CITY].budget[o] = host.flows[CITY].year_count[o]
        states["140404"].flows[CITY].budget[o] = 0
    t = dataclasses.replace(_trigger("T", enterprise="FT"), window=(2, 2))
    unplaced = {"T": "R-AVAIL"}
    assert give_way(states, {"140403": [early, late], "140404": [t]}, unplaced, split, {}) == {"M2": "T"}  # type: ignore[arg-type]
    assert "M1" in host.placed and unplaced == {"M2": "R-PRIORITY"} and states["140404"].placed["T"].day == 2
