"""Review 39 (fresh eyes on 7c44dea..505cc7a): each test fails on the code as reviewed."""

from __future__ import annotations

import dataclasses
from functools import partial

from city_three import CITY, NAMES, city3, ent
from tiny_part import RULES, part

from scheduler.state import PartState

A, B, C = NAMES
X = "140405"  # a district of the city with no hb team of its own and no share of the city team's days


def _with_x():  # type: ignore[no-untyped-def]
    """tests/city_three.py's city and a fourth district X whose part has a um team only (no hb slice at all)."""
    states, split = city3()
    p, s, days = part(3, {f"um-{X}": ("um", 2, 2)})
    states[X] = PartState(dataclasses.replace(p, district=X), s, RULES, days)
    return states, split


def _run_swap(states, split, req, sel, taken, status):  # type: ignore[no-untyped-def]
    from scheduler.guests import SAMPLED_GUEST_FLOWS, city_day_owners, sampled_guest, team_agencies
    from scheduler.plan import swap_in_draw_order

    owners, agency_of, spent = city_day_owners(states, split), team_agencies(states), [0, SAMPLED_GUEST_FLOWS]

    def guest_of(teams: frozenset[str]):  # type: ignore[no-untyped-def]
        only = {t: ds for t, ds in split.items() if t in teams}
        return partial(lambda e, days: sampled_guest(states, only, owners, e, days, {}, spent, agency_of))
    swap_in_draw_order(req, sel, states, "C", taken, status, {}, split, set(), guest_of, lambda e: {})


def _checker_finds(f_district: str, g_district: str) -> bool:
    """The checker's invariant 6 on the plan the swap leaves: F (rank 1) skipped, G (rank 2) sampled on one on-site
    visit by two officers of the city hb team (tests/test_mut43.py's file-less Context)."""
    from test_mut43 import _cctx, _cvisit, _pool, _swaps

    ents = {"F": (f_district, "bakery", False), "G": (g_district, "bakery", False)}
    visits = [_cvisit("g", "G", ("hb-140400-0", "hb-140400-1"), district=g_district)]
    return bool(_swaps(_cctx(visits, ents), _pool(F="capacity", G="sampled"), {"F": 1, "G": 2}))


# ---- scheduler: swap_in_draw_order and a city team's seat --------------------------------------------------------------

def test_a_firm_of_a_district_without_a_slice_of_its_agency_takes_the_city_teams_seat_it_was_given() -> None:
    """Invariant 6 / R-TEAM: district X has no hb team and no share of the city hb team's days; the city team may serve
    X's firms all the same (R-TEAM; `serves` in the swap and `_city_teams` in `sampled_guest` say so). F (rank 1, X)
    was skipped; G (rank 2, B) holds the city team's seat on B's day 1. `sampled_guest` alone places F there, and the
    checker (`_could_take`) calls the skip a breach; the swap never offers it: `place_enterprise` → `_place_each` returns
    `_agency_exhausted`'s R-TEAM (no team in X's part) before the guest is asked."""
    from scheduler.requirements import Requirements
    from scheduler.select import Selection

    assert _checker_finds(X, B)  # the plan as the swap leaves it fails `inspection check`
    states, split = _with_x()
    ef = ent("F|hb", (0, 2), X, basis="sampled", enterprise="F")
    eg = ent("G|hb", (0, 2), B, basis="sampled", enterprise="G")
    assert states[B].place(eg, 1, CITY) is None
    req = Requirements([ef, eg], {"F": 1, "G": 2}, {"C": 1}, {"C": ["F", "G"]}, {}, set(), [], {})
    sel = Selection({}, {}, {}, {"F": "R-TEAM"}, {"F": [ef], "G": [eg]})
    taken, status = ["G"], {"F": "capacity", "G": "sampled"}
    _run_swap(states, split, req, sel, taken, status)
    assert status == {"F": "sampled", "G": "capacity"} and taken == ["F"], (status, taken)
    assert states[B].guests["F|hb"].day == 1


def test_a_worse_firm_placed_as_a_guest_gives_its_seat_to_a_better_one() -> None:
    """Invariant 6 (R-SAMPLE, draw order): G (rank 2, district C) holds the city team's seat on B's day 1 as a guest
    (`sampled_guest`: C's own day 2 was no use to it); F (rank 1, district A, window day 1 only) was skipped: B's day 1
    is full (B's own visit M and G's guest). F could have had G's seat exactly (same team, day and officers; the
    checker's `_could_take` says so, and `inspection check` reports the skip), but the swap passes over every worse firm
    whose placement is a guest (`p.entry.key in hosted`), so G keeps its place and F stays out."""
    from scheduler.guests import city_day_owners, sampled_guest
    from scheduler.requirements import Requirements
    from scheduler.select import Selection

    assert _checker_finds(A, C)  # the plan as the swap leaves it fails `inspection check`
    states, split = city3()
    assert states[B].place(ent("M", (1, 1), B), 1, CITY) is None
    ef = ent("F|hb", (1, 1), A, basis="sampled", enterprise="F")
    eg = ent("G|hb", (1, 1), C, basis="sampled", enterprise="G")
    assert sampled_guest(states, split, city_day_owners(states, split), eg, [1], {}, [0, 100]) is not None
    assert states[B].guests["G|hb"].day == 1
    assert sampled_guest(states, split, city_day_owners(states, split), ef, [1], {}, [0, 100]) is None  # B's day 1 is full
    req = Requirements([ef, eg], {"F": 1, "G": 2}, {"C": 1}, {"C": ["F", "G"]}, {}, set(), [], {})
    sel = Selection({}, {}, {}, {"F": "R-AVAIL"}, {"F": [ef], "G": [eg]})
    taken, status = ["G"], {"F": "capacity", "G": "sampled"}
    _run_swap(states, split, req, sel, taken, status)
    assert status == {"F": "sampled", "G": "capacity"} and taken == ["F"], (status, taken)


# ---- checker: R-PRIORITY's mandatory branch, judged by the words ----------------------------------------------------

def test_a_mandatory_visit_unmet_on_full_team_days_is_a_breach_while_that_team_made_sampled_visits_on_them(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """R-PRIORITY (invariant 11): the scheduler's words for a mandatory visit whose window's team-days are all booked
    (`reasons._team_words`' `full`: "…的N个工作日可派检查已满（已排X次，上限Y次）", rule R-AVAIL) are a capacity reason —
    booked with what? here with the same team's sampled visits in the same district, inside the window, each a team-day
    the mandatory visit could have had. NOT_CAPACITY still excuses them by "上限" (meant for R-CAP-*'s caps): the
    checker passes the plan. Without the Chinese sentence (the English alone), the same plan is a breach."""
    import json
    import shutil

    import pandas as pd
    from test_review38b import _mandatory_beside_sampled

    from bundle import load_bundle
    from checker import check_plan
    from scenarios import generate
    from scheduler.output import write_plan
    from scheduler.plan import PlanOptions, make_plan

    b = load_bundle(generate("tiny", tmp_path / "w", seed=7))
    out = write_plan(make_plan(b, PlanOptions(processes=1, use_solver=False)), tmp_path / "p")
    vid, eid, district, a = _mandatory_beside_sampled(out)
    vis = pd.read_csv(out / "visits.csv", dtype=str, keep_default_na=False)
    team = f"{a}-{district}"
    same = vis[(vis.basis == "sampled") & (vis.district_code == district) & (vis.agency_ids == a)]
    lo, hi = min([*same.date, vis[vis.visit_id == vid].date.iloc[0]]), max([*same.date, vis[vis.visit_id == vid].date.iloc[0]])

    def verdict(zh: bool) -> list[str]:
        edited = tmp_path / f"zh{zh}"
        shutil.copytree(out, edited)
        vis[vis.visit_id != vid].to_csv(edited / "visits.csv", index=False)
        meta = json.loads((edited / "plan.json").read_text(encoding="utf-8"))
        s = {"kind": "mandatory", "id": eid, "agency": a, "rule": "R-AVAIL", "found": "after solving",
             "binding": f"{team}: its 120 working days {lo}…{hi} are full (240 visits booked, 240 possible) (visit 1)"}
        if zh:
            s["binding_zh"] = f"{team}：{lo}至{hi}的120个工作日可派检查已满（已排240次，上限240次）"
        meta["shortfalls"].append(s)
        (edited / "plan.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        return sorted(str(v) for v in check_plan(b, edited) if v.rule == "R-PRIORITY" and eid in str(v))

    assert verdict(zh=False), "the English words alone: a breach"
    assert verdict(zh=True), "the scheduler's own words (Chinese and English): excused by 上限"


# ---- execution: a follow-up's months kept by a move (move_days), lost by R-REPLAN's choice between teams -------------

def test_a_follow_up_whose_officers_go_away_moves_to_the_nearest_lawful_day_even_past_its_months() -> None:
    """R-REPLAN ("moves to the nearest day that keeps every HARD rule"): V, a hb follow-up on its months' last day
    (2 April), loses its officers: its team hb-140404 is away 15 March–2 April, the city team hb-140400 the whole
    months. Its own team could go on 12 March (inside the months, 21 days before), either team on the first working day
    after 2 April. The months are the solve's preference, not a HARD rule (R-FOLLOW sets no window): the nearest day
    wins. Review39 #5 found the re-plan's two teams disagreeing (one tried the months first, the other did not); round
    38's months-first order is gone (docs/decisions.md, thirty-ninth round)."""
    import datetime as dt

    from execution.replan import officer_unavailable
    from tests.test_mut15_replan import E1, tiny, visit

    today = dt.date(2027, 1, 4)
    months_end = dt.date(2027, 4, 2)

    def days(a: dt.date, z: dt.date) -> set[dt.date]:
        return {a + dt.timedelta(days=i) for i in range((z - a).days + 1)}

    y = tiny(visit("V", months_end, E1, ("hb-140404-00", "hb-140404-01"), basis="follow_up"))
    assert y.reg.workdays[y.policy.follow_up_within_workdays - 1] == months_end
    for o in ("hb-140404-01", "hb-140404-02", "hb-140404-03"):
        y.reg.away[o] = days(dt.date(2027, 3, 15), months_end)
    for i in range(5):
        y.reg.away[f"hb-140400-0{i}"] = days(dt.date(2027, 1, 5), months_end)
    officer_unavailable(y, "hb-140404-00", dt.date(2027, 3, 15), months_end, today, "planner")
    v = y.visits["V"]
    assert v.status == "planned", y.shortfalls[-1:]
    assert v.date == y.reg.add_workdays(months_end, 1), (v.date, v.teams)


def test_a_firm_that_gave_its_seat_is_placed_again_where_places_remain_and_a_seat_is_free() -> None:
    """R-SAMPLE ("an enterprise that cannot be placed is skipped and the next takes its place"; places filled until
    full): tier C has 2 places and one firm sampled, G (rank 2, district B, window days 1–2), on the city team's B day 1
    beside B's own visit M (the day full, cap 2). F (rank 1, district A, window day 1) was skipped by the walk (its
    guest checks spent: `checks`, SAMPLED_GUEST_FLOWS). The swap gives F G's seat and leaves G out, "its place went to
    rank 1", though a place is free and B's day 2 holds nothing: G can be placed as the plan stands. The swap never
    tries the firm that gave its seat again (review38 #2 fixed the seat it gives, not the place it loses)."""
    from scheduler.plan import place_enterprise
    from scheduler.requirements import Requirements
    from scheduler.select import Selection

    states, split = city3(owner_days={A: [0], B: [1, 2], C: []})
    assert states[B].place(ent("M", (1, 1), B), 1, CITY) is None
    ef = ent("F|hb", (1, 1), A, basis="sampled", enterprise="F")
    eg = ent("G|hb", (1, 2), B, basis="sampled", enterprise="G")
    assert states[B].place(eg, 1, CITY) is None
    req = Requirements([ef, eg], {"F": 1, "G": 2}, {"C": 2}, {"C": ["F", "G"]}, {}, set(), [], {})
    sel = Selection({}, {}, {}, {"F": "R-AVAIL"}, {"F": [ef], "G": [eg]})
    taken, status = ["G"], {"F": "capacity", "G": "sampled"}
    _run_swap(states, split, req, sel, taken, status)
    assert status["F"] == "sampled" and states[B].guests["F|hb"].day == 1  # the swap took place
    if status["G"] != "sampled":
        placeable = place_enterprise(states[B], [eg]) is None
        assert not placeable, f"G left out with {req.places['C'] - len(taken)} place(s) free, yet placeable on day {states[B].placed['G|hb'].day}"
