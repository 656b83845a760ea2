"""Review 39b (fresh eyes on 505cc7a..9c37e04; still failing on 767d3ba): each test fails on the code as reviewed."""

from __future__ import annotations

from functools import partial

from city_three import CITY, NAMES, city3, ent

A, B, C = NAMES


def _swap(states, split, req, sel, taken, status, held):  # type: ignore[no-untyped-def]
    """swap_in_draw_order as walk_sampled calls it (tests/test_review39.py's `_run_swap`, with `held`)."""
    from scheduler.guests import SAMPLED_GUEST_FLOWS, city_day_owners, sampled_guest, team_agencies
    from scheduler.plan import swap_in_draw_order

    owners, agency_of, spent = city_day_owners(states, split), team_agencies(states), [0, SAMPLED_GUEST_FLOWS]

    def guest_of(teams: frozenset[str]):  # type: ignore[no-untyped-def]
        only = {t: ds for t, ds in split.items() if t in teams}
        return partial(lambda e, days: sampled_guest(states, only, owners, e, days, {}, spent, agency_of))
    swap_in_draw_order(req, sel, states, "C", taken, status, {}, split, held, guest_of, lambda e: {})


def test_the_firm_that_gave_its_seat_is_not_placed_again_as_a_guest_in_a_city_held_back() -> None:
    """R-PRIORITY (walk_sampled: a sampled firm is a guest "never in a city where a required visit of its agencies is
    held back", `with_city_budget`'s `held_cities`). B has a mandatory hb visit unmet (held: (B, hb)) whose window is B's
    city-team day 1, one seat of it still free. G (rank 2, C) sat on C's day 2 beside C's own visit M; F (rank 1, A,
    window day 2) takes G's seat in the swap, and review39 #3's re-placement puts G back "on any day it can" with
    `guest_of(frozenset(split))` and no held-city check: G takes B's last seat on day 1 as a guest. The walk would
    have refused G that guest seat; B's mandatory visit could have had it."""
    from scheduler.requirements import Requirements
    from scheduler.select import Selection

    states, split = city3()
    assert states[B].place(ent("N", (1, 1), B), 1, CITY) is None  # B's own visit: one seat of day 1 left
    assert states[C].place(ent("M", (2, 2), C), 2, CITY) is None
    held_visit = ent("H", (1, 1), B)  # B's mandatory visit left unmet (held back), which day 1's last seat can take
    ef = ent("F|hb", (2, 2), A, basis="sampled", enterprise="F")
    eg = ent("G|hb", (1, 2), C, basis="sampled", enterprise="G")
    assert states[C].place(eg, 2, CITY) is None
    req = Requirements([ef, eg], {"F": 1, "G": 2}, {"C": 2}, {"C": ["F", "G"]}, {}, set(), [], {})
    sel = Selection({}, {}, {}, {"F": "R-AVAIL"}, {"F": [ef], "G": [eg]})
    taken, status = ["G"], {"F": "capacity", "G": "sampled"}
    _swap(states, split, req, sel, taken, status, {(B, "hb")})
    assert status["F"] == "sampled"  # the swap itself: F has G's seat
    guests_here = {k: d for d, st in states.items() for k in st.guests if k == "G|hb"}
    assert not guests_here, (f"G re-placed as a guest of {guests_here} while (B, hb) is held back; B's unmet visit "
                             f"can now be placed: {states[B].place(held_visit, 1, CITY) is None}")


# ---- execution: next_bundle from a bundle whose code columns hold their Chinese labels -------------------------------

def test_next_bundle_renews_a_certificate_whatever_label_the_role_is_typed_in(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """bundle.md: "A code column accepts the code or its Chinese label" (执法人员 for `enforcement`); foreign39 F3's fix
    says every form of one bundle gives the same next-bundle. `write_csv_copy` copies cells as typed, and `_carry_over`
    then compares the raw role with "enforcement": an officer typed 执法人员 whose certificate lapses before next year
    (gas-140403-01, 2027-04-15) is not renewed, so next year's bundle loses an officer the same bundle typed in codes
    keeps (the simulator's renew_certificates=True)."""
    import shutil

    import pandas as pd
    from test_mut15_history import _src, _year

    from bundle import load_bundle
    from execution.history import next_bundle
    from tests.conftest import EXAMPLE

    y = _year()
    src = _src(tmp_path)
    text = (src / "officers.csv").read_text(encoding="utf-8")
    was = "gas-140403-01,干部gas-140403-01,gas-140403,enforcement,"
    assert text.count(was) == 1
    (src / "officers.csv").write_text(text.replace(was, was.replace("enforcement", "执法人员")), encoding="utf-8")
    plain = tmp_path / "plain"  # the example with the label alone changed loads, the role read as its code
    shutil.copytree(EXAMPLE, plain)
    (plain / "officers.csv").write_text((plain / "officers.csv").read_text(encoding="utf-8").replace(
        was, was.replace("enforcement", "执法人员")), encoding="utf-8")
    assert load_bundle(plain).officers.set_index("officer_id").role["gas-140403-01"] == "enforcement"
    out = next_bundle(y, src, tmp_path / "out", None, renew_certificates=True)
    off = pd.read_csv(out / "officers.csv", dtype=str, keep_default_na=False).set_index("officer_id")
    assert off.certificate_expires_on["gas-140403-01"] >= "2028-01-01", "lapsed in next year's bundle: not renewed"


def test_a_mandatory_visit_of_a_district_served_only_by_the_city_team_holds_its_sampled_firms_back() -> None:
    """R-PRIORITY vs review39 #1. District X has no hb slice: its part labels every hb visit there "R-TEAM", and
    `IMPOSSIBLE` (held_back, held_days, place_guests' `holds`) reads that label as "no plan could meet it". Before #1
    that was harmless for X's own sampled firms (never offered a seat). Now the walk's R-TEAM path
    (`with_city_budget`) gives X's sampled firm S the city team's last seat on B's day 1, while X's mandatory hb visit
    MX, left unmet by the guests pass (its checks spent: `flows`, as at a province), is not held back — though the
    city team may serve X (R-TEAM) and MX could have had exactly that seat."""
    import copy
    import dataclasses

    from tiny_part import RULES, part

    from scheduler.guests import city_served, place_guests
    from scheduler.plan import held_back, walk_sampled
    from scheduler.requirements import Requirements
    from scheduler.select import Selection
    from scheduler.state import PartState

    x = "140405"
    states, split = city3()
    p, s, days = part(3, {f"um-{x}": ("um", 2, 2)})
    states[x] = PartState(dataclasses.replace(p, district=x), s, RULES, days)
    assert states[B].place(ent("N", (1, 1), B), 1, CITY) is None  # B's own visit: one seat of day 1 left
    for d, day in ((A, 0), (C, 2)):  # the city team's other days full
        for i in range(2):
            assert states[d].place(ent(f"Z{d}{i}", (day, day), d), day, CITY) is None
    mx = ent("MX", (1, 1), x)
    required, unplaced = {x: [mx]}, {"MX": "R-TEAM"}  # as X's part leaves it: no hb team in its slices
    # make_plan reads R-TEAM against the city first (city_served): the city team may serve X, so MX is capacity
    elsewhere: dict[str, list[str]] = {}
    assert city_served(states, required, unplaced, split, elsewhere) == ["MX"] and unplaced == {"MX": "R-AVAIL"}
    assert elsewhere == {"MX": [CITY]}
    assert place_guests(copy.deepcopy(states), required, dict(unplaced), split) == {"MX": B}  # a seat it could have
    assert place_guests(states, required, unplaced, split, flows=0) == {}  # the pass's checks spent
    held = held_back(required, unplaced, states)
    es = ent("S|hb", (1, 1), x, basis="sampled", enterprise="S")
    req = Requirements([es], {"S": 1}, {"C": 1}, {"C": ["S"]}, {}, set(), [], {})
    sel = Selection({}, {}, {}, {}, {"S": [es]})
    status, _ = walk_sampled(req, sel, states, held, {}, split)
    left = place_guests(copy.deepcopy(states), required, dict(unplaced), split)
    assert status["S"] != "sampled", (f"sampled S (X) took the city team's last seat on B's day 1 while mandatory MX "
                                      f"(X, hb) is unmet and not held back ({held}); MX placeable after: {left}")
