"""review25 (a fresh-eyes review of this round's guests and perishable-greedy changes): tests for lines the first tests
left unchecked, each naming the hand-made mutant of the review it kills, and the move-back defect it found."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from test_mut26 import CITY, _city, _visit, host_with_no_staff_for_g
from test_perishable import TEAM, _job
from tiny_part import entry

from scheduler.guests import place_guests
from scheduler.solve import PartJob, counts, greedy, solve_part


def test_room_made_then_the_weeks_reserve_refuses_the_mandatory_guest_the_move_is_undone() -> None:
    """M8, M10: the host's full day is freed by moving its complaint (not a planned visit), then R-SPREAD (the week's
    planned quota, held by the host's own mandatory visit) still refuses the mandatory guest: the complaint goes back.
    The guest then takes a day outside its window, its own district's day 2 (foreign35: a mandatory visit's window only
    spreads an enterprise's visits)."""
    states, split = _city({"140403": [0, 1], "140404": [2]}, city_cap=1, own_away=("140404",))
    host = states["140403"]
    assert host.place(entry("mine", (0, 0), basis="triggered"), 0, CITY) is None
    assert host.place(entry("plan", (1, 1)), 1, CITY) is None
    w = int(host.week[0])
    assert int(host.week[1]) == w
    host.week_cap[(CITY, w)] = 1  # the week's planned quota (reserve_capacity_ratio): full with "plan"
    unplaced = {"g": "R-AVAIL"}
    got = place_guests(states, {"140404": [_visit("g", "140404", (0, 0), basis="mandatory")]}, unplaced, split)  # type: ignore[arg-type]
    assert got == {"g": "140404"} and not unplaced and states["140404"].placed["g"].day == 2
    assert host.placed["mine"].teams == {"hb": CITY} and host.onsite[CITY][0] == 1 and host.onsite["hb-140403"][0] == 0


def test_kept_second_greedy_reports_its_own_unplaced() -> None:
    """M14: where the perishable greedy is kept, the part's unplaced are its own (no key both placed and unplaced)."""
    got = solve_part(_job())
    placed = {k for k, *_ in got.placed}
    assert len(placed) == 10 and not placed & set(got.unplaced) and len(got.unplaced) == 4


def test_a_tie_keeps_the_even_spread_where_the_second_greedy_does_run() -> None:
    """M1 (`>` → `>=`): an unplaceable complaint (no team of its agency) keeps the part off `at_bound`, so the second
    greedy runs; both place the 8 mandatory visits, on different days; the even spread is kept."""
    job = _job(n=8)
    job = dataclasses.replace(job, entries=[*job.entries, entry("tz", (0, 11), agency="zz", basis="triggered")])
    spread, _ = greedy(job)
    first, _ = greedy(job, perishable_first=True)
    assert counts(spread, job.entries) == counts(first, job.entries) == (0, 8)
    days = lambda st: sorted((k, p.day) for k, p in st.placed.items())  # noqa: E731
    assert days(spread) != days(first)  # the test can tell the two apart
    got = solve_part(job)
    assert sorted((k, d) for k, d, _, _ in got.placed) == days(spread)


@pytest.mark.slow
def test_a_shortfall_counts_a_guest_on_its_own_districts_day_once(tmp_path: Path) -> None:
    """M11: a complaint booked on its own district's city-team day with budget moved (guests.py, host == own) is in
    its district's placed and not in any `guests`; the text's required officer-visits (unmet=0) are the seats held."""
    from bundle import load_bundle
    from scheduler.plan import PlanOptions, make_plan
    from scheduler.reasons import resource_text
    from tests.test_guests import _priority_bundle

    p = make_plan(load_bundle(_priority_bundle(tmp_path)), PlanOptions(processes=1))
    own = [k for k, h in p.guests.items() if h == "140403"]
    assert own and all(k in p.states["140403"].placed for k in own)
    st = p.states["140403"]
    held = sum(n for t in ("hb-140403", CITY) for n in st.flows[t].year_count.values())
    _, en, _ = resource_text(p, "140403", "hb", 0)
    assert int(re.search(r"\((\d+) officer-visits needed", en).group(1)) == held, en  # type: ignore[union-attr]


def test_an_officer_without_budget_left_does_not_draw_the_order() -> None:
    """M3 (`budget > year_count` → `>=`): officer 0 is present on days 0-3 only with no budget, officer 3 on days 8-11
    only with 8; officers 1 and 2 every day with 6. Only days 8-11 have three officers with budget: filling them first
    places 10 (8 with officer 3, then 2 more); counting officer 0 too makes days 0-3 look as good and wastes 1/2."""
    from tiny_part import RULES, part

    away = {f"{TEAM}-0": list(range(4, 12)), f"{TEAM}-3": list(range(0, 8))}
    p, st, days = part(12, {TEAM: ("hb", 4, 2)}, budget={f"{TEAM}-0": 0, f"{TEAM}-1": 6, f"{TEAM}-2": 6, f"{TEAM}-3": 8}, away=away)
    job = PartJob(p, st, RULES, days, [entry(f"m{i:02d}", (0, 11)) for i in range(14)], 1.0, 8, "t", False)
    first, _ = greedy(job, perishable_first=True)
    assert counts(first, job.entries) == (0, 10)


def test_a_move_for_a_guest_not_booked_is_undone_even_after_an_earlier_guest_filled_the_slices_year() -> None:
    """`_move_back` used to fail silently: move_team re-checked the slice's pair-feasible year, which an earlier guest
    (booked with annual=False) had filled; the host's own visit stayed on its district team for a guest not booked."""
    # host 140403 holds the city team's days 0 and 1 (one visit a day); guest district 140404 holds day 2
    states, split, host = host_with_no_staff_for_g({"140403": [0, 1], "140404": [2]})
    host.slices[CITY].annual_onsite = 1  # the slice's pair-feasible year: full with "mine" (the model keeps it, hard)
    # "a": a complaint due on day 1 (free day, booked as a guest: annual=False lets it pass the slice's year)
    # "b": a complaint of firm G due on day 0 (full): room is made, then its staffing fails (recused / no budget)
    unplaced = {"a": "R-AVAIL", "b": "R-AVAIL"}
    got = place_guests(states, {"140404": [_visit("a", "140404", (1, 1)), _visit("b", "140404", (0, 0), enterprise="G")]},
                       unplaced, split)  # type: ignore[arg-type]
    assert got == {"a": "140403"} and unplaced == {"b": "R-AVAIL"}
    assert host.placed["mine"].teams == {"hb": CITY}
    assert host.onsite[CITY].tolist() == [1, 1, 0] and host.onsite["hb-140403"].tolist() == [0, 0, 0]
