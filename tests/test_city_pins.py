"""A city-level team's day goes first to the district whose triggers need it (R-PRIORITY, R-TRIGGER; bench/diag23).

Held-out bureaus (bench/foreign_plans.py) showed complaints received in December, due on the year's first working day,
left unvisited in one district while the city team of their agency sat idle that day in another: the stride walk
that shares a city team's days among districts (scheduler/bound.py `split_days`) knew nothing of windows."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import numpy as np
import pytest

from bundle import load_bundle
from scheduler.bound import pair_days, pin_days, split_days
from scheduler.plan import PlanOptions, make_plan
from tests.conftest import EXAMPLE

TEAMS = [("hb-1", "hb", "140401"), ("hb-2", "hb", "140402"), ("hb-0", "hb", "140400")]


def test_split_days_gives_a_pinned_day_to_its_district_and_counts_it() -> None:
    """Day 0 pinned to B: B has it, A still gets its share of the rest (equal weights: 3 and 3 of 6)."""
    masks = split_days(6, {"A": 1.0, "B": 1.0}, {0: "B"})
    assert masks["B"][0] and not masks["A"][0]
    assert int(masks["A"].sum()) == 3 and int(masks["B"].sum()) == 3
    assert not (masks["A"] & masks["B"]).any()


def test_split_days_without_pins_is_the_plain_stride_walk() -> None:
    """No pin: the first day goes to the first district by code (ties), days alternate."""
    masks = split_days(4, {"A": 1.0, "B": 1.0})
    assert masks["A"].tolist() == [True, False, True, False]


def test_split_days_pins_a_district_without_weight() -> None:
    """A district the flows gave nothing still gets the day its triggers pinned."""
    masks = split_days(3, {"A": 1.0}, {2: "B"})
    assert masks["B"].tolist() == [False, False, True] and masks["A"].tolist() == [True, True, False]


def test_pin_days_pins_nothing_while_the_districts_own_team_has_room() -> None:
    days = {"hb-1": np.array([1, 1]), "hb-2": np.array([1, 1]), "hb-0": np.array([2, 2])}
    assert pin_days([("140402", "hb", 0, 0, "F")], TEAMS, days) == {}


def test_pin_days_pins_the_city_teams_day_where_the_own_team_is_full() -> None:
    """Two triggers of 140402 due on day 0, its own team can take one: the city team's day 0 goes to 140402, once."""
    days = {"hb-1": np.array([1, 1]), "hb-2": np.array([1, 1]), "hb-0": np.array([2, 2])}
    req = [("140402", "hb", 0, 0, "F"), ("140402", "hb", 0, 0, "F"), ("140402", "hb", 0, 0, "F")]
    assert pin_days(req, TEAMS, days) == {"hb-0": {0: ("140402", 2)}}


def test_pin_days_never_gives_one_day_to_two_districts() -> None:
    """Both districts need day 0 beyond their own teams: the first in order has it; the other gets day 1 in its window."""
    days = {"hb-1": np.array([0, 0]), "hb-2": np.array([0, 0]), "hb-0": np.array([1, 1])}
    req = [("140401", "hb", 0, 0, "F"), ("140402", "hb", 0, 1, "F")]
    assert pin_days(req, TEAMS, days) == {"hb-0": {0: ("140401", 1), 1: ("140402", 1)}}


def test_pin_days_gives_a_contested_day_to_the_district_that_needs_it_most() -> None:
    """Day 0 is the only day of all three; 140401 (first by code) needs the city team once, 140402 twice: 140402 has it."""
    days = {"hb-1": np.array([0]), "hb-2": np.array([0]), "hb-0": np.array([2])}
    req = [("140401", "hb", 0, 0, "F"), ("140402", "hb", 0, 0, "F"), ("140402", "hb", 0, 0, "F")]
    assert pin_days(req, TEAMS, days) == {"hb-0": {0: ("140402", 2)}}


def test_pin_days_sends_a_barred_teams_visit_to_the_city_team() -> None:
    """R-RECUSE: 140402's own team has room on day 0 but too few officers who may go to F: the city team's day is
    pinned there (review23: the trigger was named R-RECUSE though the city team could have gone); a city team barred
    from F too is pinned nothing."""
    days = {"hb-1": np.array([1]), "hb-2": np.array([1]), "hb-0": np.array([2])}
    req = [("140402", "hb", 0, 0, "F")]
    assert pin_days(req, TEAMS, days, lambda t, firm: t == "hb-2" and firm == "F") == {"hb-0": {0: ("140402", 1)}}
    assert pin_days(req, TEAMS, days, lambda t, firm: firm == "F") == {}
    assert pin_days([("140402", "hb", 0, 0, "G")], TEAMS, days, lambda t, firm: firm == "F") == {}


def test_pin_days_gives_a_stranded_mandatory_visit_a_city_day_in_the_middle_of_its_window() -> None:
    """R-PRIORITY's second class: 140402's own team can go on no day of days 2–6 (certificates expired): the city team's
    middle free day of the window is pinned there, after every trigger (developer_distress: a tier-D firm's second
    visit, R-CERT from May, while the city team was given no day in the district); a trigger first takes day 2."""
    days = {"hb-1": np.array([1] * 7), "hb-2": np.array([1, 1, 0, 0, 0, 0, 0]), "hb-0": np.array([1] * 7)}
    pins = pin_days([("140402", "hb", 2, 2, "T")], TEAMS, days, stranded=[("140402", "hb", 2, 6, "F")])
    assert pins == {"hb-0": {2: ("140402", 1), 5: ("140402", 1)}}  # free days 3–6: the middle one
    assert pin_days([], TEAMS, days) == {}


def test_pin_days_leaves_other_agencies_and_cities_alone() -> None:
    days = {"hb-1": np.array([0]), "hb-2": np.array([0]), "hb-0": np.array([2]), "um-0": np.array([2])}
    teams = [*TEAMS, ("um-0", "um", "140500")]
    assert pin_days([("140401", "um", 0, 0, "F")], teams, days) == {}


def test_pair_days_counts_pairs_of_present_officers() -> None:
    """Three present, two visits each a day, two per visit: ⌊3·2/2⌋ = 3, capped by the team's 2; one present: 0."""
    present = [np.array([True, True]), np.array([True, False]), np.array([True, False])]
    assert pair_days(present, 2, 2, 2, 2).tolist() == [2, 0]


def _december_bundle(tmp_path: Path) -> Path:
    """The spec's example: four complaints to hb in district 140404, received 18 December, due on 4 January (10
    working days), where hb-140404's own officers can go on only 2 visits that day; twelve hb complaints in 140403 in
    February, so the transport gives 140403 the city team's larger share and the stride walk its first day."""
    dst = tmp_path / "bundle"
    shutil.copytree(EXAMPLE, dst)
    ents = list(csv.DictReader((EXAMPLE / "enterprises.csv").open(encoding="utf-8")))
    hb = ("construction", "supervision", "survey_design")
    f3 = [r["enterprise_id"] for r in ents if r["district_code"] == "140403" and r["sector"] in hb]
    f4 = [r["enterprise_id"] for r in ents if r["district_code"] == "140404" and r["sector"] in hb]
    rows = ["trigger_id,enterprise_id,agency_id,received_on,kind,urgent"]
    rows += [f"D{i:03d},{f4[i]},hb,2026-12-18,complaint,false" for i in range(4)]
    rows += [f"W{i:03d},{f3[i % len(f3)]},hb,2027-{2 + i // 4:02d}-{10 + i % 4:02d},complaint,false" for i in range(12)]
    (dst / "triggers.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return dst


@pytest.fixture(scope="module")
def december_plan(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    b = load_bundle(_december_bundle(tmp_path_factory.mktemp("december")))
    return make_plan(b, PlanOptions(processes=1))


def test_december_complaints_due_on_the_first_working_day_are_all_visited(december_plan) -> None:  # type: ignore[no-untyped-def]
    """R-TRIGGER / R-PRIORITY: all four on 4 January, two by the city team hb-140400 (the bound says 4 can go)."""
    p = december_plan
    first = [v for v in p.visits if v.entry.basis == "triggered" and v.entry.trigger_id.startswith("D")]
    assert sorted(v.entry.trigger_id for v in first) == ["D000", "D001", "D002", "D003"]
    assert {v.day for v in first} == {0}
    assert sum(v.teams["hb"] == "hb-140400" for v in first) == 2
    assert not [k for k in p.unplaced if "|triggered|" in k]
    assert "2027-01-04" in p.city_split["hb-140400"]["140404"]["days"]
    assert "2027-01-04" not in p.city_split["hb-140400"]["140403"]["days"]


def test_split_budget_gives_a_pinned_district_its_days_first() -> None:
    """One pinned day of 250 in B: by days present B's share rounds to 0; its floor (2 visits, the day cap) comes first."""
    from scheduler.bound import split_budget

    assert split_budget(40, {"A": 249, "B": 1}) == {"A": 40, "B": 0}
    assert split_budget(40, {"A": 249, "B": 1}, {"B": 2}) == {"A": 38, "B": 2}
    assert split_budget(1, {"A": 249, "B": 1}, {"B": 2}) == {"A": 0, "B": 1}  # never more than the budget
    assert sum(split_budget(37, {"A": 5, "B": 3, "C": 2}, {"C": 4}).values()) == 37


def test_split_budget_floors_beyond_the_budget_and_the_largest_remainder() -> None:
    """Floors first in district order, never beyond the budget; the rest by days present, largest remainder first
    (ties by district code)."""
    from scheduler.bound import split_budget

    assert split_budget(3, {"A": 1, "B": 1, "C": 1}, {"A": 2, "B": 2}) == {"A": 2, "B": 1, "C": 0}
    assert split_budget(10, {"A": 1, "B": 0}) == {"A": 10, "B": 0}  # one day in all: all of it
    assert split_budget(5, {"A": 0, "B": 0}, {"A": 1}) == {"A": 1, "B": 0}  # present nowhere: the floor only
    assert split_budget(5, {"A": 1, "B": 1}) == {"A": 3, "B": 2}  # 2.5 / 2.5: the remainder to the first by code
    assert split_budget(7, {"A": 1, "B": 2}) == {"A": 2, "B": 5}  # 2.33 / 4.67: the larger remainder (B) gets the 1


def test_pin_days_orders_by_deadline_then_first_day_and_takes_the_own_teams_first_room() -> None:
    """Own team room: a visit takes the first day of its window with room, visits due first go first; the city team's
    day goes to whoever overflows first by deadline (140401's window 1–1 before 140402's 0–2, then 140402 gets day 0)."""
    days = {"hb-1": np.array([0, 0, 0]), "hb-2": np.array([0, 1, 0]), "hb-0": np.array([1, 1, 1])}
    # 140402: own room on day 1 only: the visit due on day 1 takes it, the one due on day 2 overflows to the city
    pins = pin_days([("140402", "hb", 0, 2, "F"), ("140402", "hb", 1, 1, "G")], TEAMS, days)
    assert pins == {"hb-0": {0: ("140402", 1)}}
    # two districts overflow: 140401 due day 1 first (day 1), then 140402 due day 2 (day 0, the first free one)
    pins = pin_days([("140402", "hb", 0, 2, "F"), ("140401", "hb", 1, 1, "G")], TEAMS, {**days, "hb-2": np.array([0, 0, 0])})
    assert pins == {"hb-0": {0: ("140402", 1), 1: ("140401", 1)}}
    # a trigger takes the FIRST free city day of its window, a stranded visit the middle one
    assert pin_days([("140402", "hb", 0, 2, "F")], TEAMS, {**days, "hb-2": np.array([0, 0, 0])}) == {"hb-0": {0: ("140402", 1)}}
    # a city day without room is not pinned; a district with no team of its own for the agency still gets the city's
    assert pin_days([("140402", "hb", 0, 0, "F")], TEAMS, {**days, "hb-2": np.array([0, 0, 0]), "hb-0": np.array([0, 1, 1])}) == {}
    assert pin_days([("140409", "hb", 2, 2, "F")], TEAMS, days) == {"hb-0": {2: ("140409", 1)}}
