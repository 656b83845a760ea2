"""R-PRIORITY: a mandatory agency-visit's part of the year (`open_windows`) is a preference, never a reason to drop it
(`scheduler.plan.mandatory_in_year`).

The urgent city world (round 39): a tier-D gas firm in 140405, whose two gas officers can go together only until
6 August (a certificate ends), had its first visit on 18 June. Its second, held to the later part of the year, found
no day 90 days on (R-GAP) and was a shortfall "on no allowed day could 2 of its 2 go together", though any day before
20 March would have done. No CP-SAT solve: tiny parts, and one plan of the example bundle for the order of the stages."""

from __future__ import annotations

import dataclasses

from tiny_part import RULES, entry, part

from scheduler.plan import mandatory_in_year
from scheduler.state import PartState

N = 200  # working days; the pair is present on days 0–99 only


def place_in_year(state: PartState, unplaced: dict[str, str], entries: list, holds=lambda e: True) -> list[str]:
    return mandatory_in_year({"140403": state}, {"140403": entries}, unplaced, N, holds, {})


def _state() -> PartState:
    p, st, days = part(N, {"gas-1": ("gas", 2, 2)}, away={f"gas-1-{i}": list(range(100, N)) for i in range(2)})
    return PartState(p, st, RULES, days)


def _visits(eid: str = "F") -> tuple:
    """A tier-D firm's two mandatory visits as `planned_entries` cuts them: the first in days 0–132, the second in
    66–199 (overlapping thirds)."""
    first = entry(f"{eid}|mandatory|0|onsite|gas", (0, 132), "gas", enterprise=eid, index=0)
    second = entry(f"{eid}|mandatory|1|onsite|gas", (66, 199), "gas", enterprise=eid, index=1)
    return first, second


def test_a_second_visit_with_no_day_in_its_part_goes_anywhere_in_the_year():
    state = _state()
    first, second = _visits()
    assert state.place(first, 90, "gas-1") is None  # where the solve put it
    assert state.place_anywhere(second, list(range(66, 200))) is not None  # its part: R-GAP before day ~155, no pair after 99
    unplaced = {second.key: "R-PAIR"}
    assert place_in_year(state, unplaced, [first, second]) == [second.key]
    p = state.placed[second.key]
    assert unplaced == {} and p.entry.window == (0, N - 1)
    assert p.day < 66 and state.ordinal[90] - state.ordinal[p.day] >= RULES.gap_repeat  # R-GAP kept
    assert p.entry is second and second.window == (0, N - 1)  # the parent's entry: the walk and the words read the year
    assert state.placed[first.key].day == 90 and first.window == (0, 132)  # nothing placed moves or opens


def test_a_visit_whose_year_has_no_day_either_stays_a_shortfall_with_its_reason():
    """The first visit on day 40: 90 calendar days either side leave no day the pair is present (R-GAP before,
    R-PAIR after day 99). Nothing is placed, nothing moves, the reason stays."""
    state = _state()
    first, second = _visits()
    state.place(first, 40, "gas-1")
    unplaced = {second.key: "R-PAIR"}
    assert place_in_year(state, unplaced, [first, second]) == []
    assert unplaced == {second.key: "R-PAIR"} and second.key not in state.placed
    assert state.placed[first.key].day == 40 and second.window == (66, 199)


def test_a_trigger_keeps_its_window():
    """R-TRIGGER: a trigger's window is the rule itself, not a preference."""
    state = _state()
    trig = entry("T1", (150, 160), "gas", "triggered", enterprise="G")
    unplaced = {trig.key: "R-PAIR"}
    assert place_in_year(state, unplaced, [trig]) == [] and trig.key not in state.placed


def test_a_follow_up_is_left_to_the_parent():
    """Follow-ups open in the parent (`reopen_follow_ups`), before the guests: not here (one that holds nothing either,
    whose year has days the pair is present, stays as it is)."""
    state = _state()
    fu = entry("U1", (150, 160), "gas", "follow_up", enterprise="G")
    unplaced = {fu.key: "R-PAIR"}
    assert place_in_year(state, unplaced, [fu], holds=lambda e: False) == [] and unplaced == {fu.key: "R-PAIR"}
    assert fu.window == (150, 160) and state.place_anywhere(dataclasses.replace(fu, window=(0, N - 1)), list(range(N))) is None


def test_only_what_is_left_out_is_tried_and_in_priority_order():
    """Two firms' second visits compete for the pair's one free day: the tighter window (R-PRIORITY's order) takes
    it, though its key sorts after the other's; a placed visit is never touched."""
    p, st, days = part(N, {"gas-1": ("gas", 2, 1)}, away={f"gas-1-{i}": [d for d in range(N) if d != 5] for i in range(2)})
    state = PartState(p, st, RULES, days)
    tight = entry("Z|mandatory|1|onsite|gas", (100, 150), "gas", enterprise="Z", index=1)
    loose = entry("A|mandatory|1|onsite|gas", (100, 199), "gas", enterprise="A", index=1)
    unplaced = {loose.key: "R-PAIR", tight.key: "R-PAIR"}
    assert place_in_year(state, unplaced, [loose, tight]) == [tight.key]
    assert state.placed[tight.key].day == 5 and unplaced == {loose.key: "R-PAIR"}


def test_an_unmet_trigger_of_the_agency_that_could_still_be_met_keeps_what_it_could_use():
    """review40 #1: no stage after this one places a trigger, so a trigger of gas in the district left unmet (the
    guests ran out of checks, say) keeps the team's budget and days from a mandatory visit out of its part
    (R-PRIORITY); one no plan could meet (`holds` false: every officer recused, no certificate) keeps nothing."""
    first, second = _visits()
    trig = entry("T1", (150, 160), "gas", "triggered", enterprise="G")
    for holding, placed in ((True, []), (False, [second.key])):
        state = _state()
        state.place(first, 90, "gas-1")
        unplaced = {second.key: "R-PAIR", trig.key: "R-AVAIL"}
        assert place_in_year(state, unplaced, [first, second, trig], holds=lambda e, h=holding: h) == placed
        assert (second.key in unplaced) is holding and trig.key in unplaced


def test_a_city_teams_seats_are_kept_for_an_unmet_trigger_elsewhere_in_the_city():
    """review40 #1's reproduction, in small: a trigger of hb in 140404 left unmet could use the city team hb-140400's
    seat, which 140403's share holds; 140403's mandatory visit out of its part may use its own team, not the city's."""
    split = {"hb-140400": {"140403": None, "140404": None}}
    trig = dataclasses.replace(entry("T1", (0, 3), "hb", "triggered", enterprise="G"), district="140404")
    for own_days, holding, placed in (([], True, None), ([], False, "hb-140400"), ([50], True, "hb-140403")):
        p, st, days = part(N, {"hb-140403": ("hb", 2, 1), "hb-140400": ("hb", 2, 1)},
                           away={**{f"hb-140403-{i}": [d for d in range(N) if d not in own_days] for i in range(2)},
                                 **{f"hb-140400-{i}": list(range(1, N)) for i in range(2)}})
        state = PartState(p, st, RULES, days)
        m = entry("M|mandatory|1|onsite|hb", (100, 199), "hb", enterprise="M", index=1)
        unplaced = {m.key: "R-AVAIL", trig.key: "R-AVAIL"}
        got = mandatory_in_year({"140403": state}, {"140403": [m], "140404": [trig]}, unplaced, N, lambda e, h=holding: h, split)
        assert got == ([] if placed is None else [m.key])
        assert (state.placed[m.key].teams["hb"] if got else None) == placed


def test_a_district_with_no_team_of_the_agency_is_left_to_the_guests():
    state = _state()
    hb = entry("H|mandatory|1|onsite|hb", (66, 199), "hb", enterprise="H", index=1)
    unplaced = {hb.key: "R-TEAM"}
    assert place_in_year(state, unplaced, [hb]) == [] and hb.window == (66, 199)


def test_make_plan_tries_the_year_after_the_guests_and_give_way(monkeypatch) -> None:
    """The stage order is the point: tried before the guests (in the part solve, the first version of this change), a
    visit out of its part took city-team seats another district's visits had in their own parts (city-unequal: −6
    mandatory). The example bundle's plan, with the stages recorded."""
    import scheduler.plan as plan_mod
    from bundle import load_bundle
    from tests.conftest import EXAMPLE

    calls: list[str] = []
    for name in ("place_guests", "give_way", "mandatory_in_year", "walk_sampled"):
        real = getattr(plan_mod, name)
        monkeypatch.setattr(plan_mod, name, lambda *a, _real=real, _name=name, **k: (calls.append(_name), _real(*a, **k))[1])
    plan = plan_mod.make_plan(load_bundle(EXAMPLE), plan_mod.PlanOptions(processes=1))
    assert calls == ["place_guests", "give_way", "mandatory_in_year", "walk_sampled"]
    assert plan.visits


def test_a_district_a_city_team_serves_only_outside_a_mandatory_visits_part_is_capacity_not_no_team():
    """review40 #4: a district with no hb team of its own; the city team's officers are away on day 0, the only day of
    mandatory MX's part. R-TEAM reads the city (`city_served`): the team can go on days 1 and 2, so MX is unmet for
    want of its days (R-AVAIL, held back from the lottery), not "no team may work here". A trigger keeps its window."""
    from city_three import CITY, O, city3, ent

    from scheduler.guests import city_served

    x = "140405"
    states, split = city3(away={name: {o: [0] for o in O} for name in ("140402", "140403", "140404")})
    p, s, days = part(3, {f"um-{x}": ("um", 2, 2)})
    states[x] = PartState(dataclasses.replace(p, district=x), s, RULES, days)
    mx, tx = ent("MX", (0, 0), x), ent("TX", (0, 0), x, basis="triggered")
    unplaced = {"MX": "R-TEAM", "TX": "R-TEAM"}
    elsewhere: dict[str, list[str]] = {}
    assert city_served(states, {x: [mx, tx]}, unplaced, split, elsewhere) == ["MX"]
    assert unplaced == {"MX": "R-AVAIL", "TX": "R-TEAM"} and elsewhere == {"MX": [CITY]} and mx.window == (0, 0)
