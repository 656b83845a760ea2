"""mut43: the last round's functions, measured by mutation (bench/mut43.md): checker/rules.py `_skipped_could_swap`,
`_could_take`, `_gives_way_to`, `check_r_priority`'s follow-up branch; scheduler/plan.py `reopen_follow_ups`,
`_place_together`, `swap_in_draw_order`; scheduler/guests.py `sampled_guest`, `_city_teams`, `restore_placed`;
execution/year.py `Year.window`, `Year.peek_visit_id`.

Hand-made inputs (tests/tiny_part.py parts, tests/test_mut25.py's file-less Context, tests/test_mut15_replan.py's
years), no solve. Each test names its rule and the mutants it kills (mutmut 3 names: x_<function>__mutmut_<n>)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from tiny_part import RULES, entry, part

from scheduler.plan import _place_together, reopen_follow_ups
from scheduler.requirements import Entry
from scheduler.state import PartState
from tests.test_mut15_replan import E1, tiny, visit

HB, UM = "hb-140403", "um-140403"


def _state(n_days: int, away: dict[str, list[int]] | None = None, teams: dict[str, tuple[str, int, int]] | None = None,
           district: str = "140403") -> PartState:
    p, s, days = part(n_days, teams or {HB: ("hb", 2, 2), UM: ("um", 2, 2)}, away=away)
    return PartState(dataclasses.replace(p, district=district), s, RULES, days)


def _away(team: str, days: list[int], n: int = 2) -> dict[str, list[int]]:
    return {f"{team}-{i}": days for i in range(n)}


def _ent(key: str, window: tuple[int, int], agency: str = "hb", basis: str = "sampled", firm: str = "F", index: int = 0,
         district: str = "140403", mode: str = "onsite") -> Entry:
    return dataclasses.replace(entry(key, window, agency=agency, basis=basis, enterprise=firm, index=index, mode=mode), district=district)


# ---- execution/year.py Year.window, Year.peek_visit_id -------------------------------------------------------------

def test_a_follow_ups_window_is_the_year_wherever_it_stands() -> None:
    """R-FOLLOW sets no window (review38 #6): a follow-up's window is the year wherever it stands (on the months' last
    working day or after it), to the year's last working day, as a mandatory visit's. Kills Year.window 26 (`wd[-2]`)."""
    y = tiny(visit("V", dt.date(2027, 1, 19), E1, ("hb-140404-00", "hb-140404-01"), basis="follow_up"))
    wd = y.reg.workdays
    last = wd[y.policy.follow_up_within_workdays - 1]
    for day in (last, wd[y.policy.follow_up_within_workdays]):
        y.visits["V"].date = day
        assert y.window(y.visits["V"]) == (wd[0], wd[-1])
    m = tiny(visit("M", dt.date(2027, 6, 15), E1, ("hb-140404-00", "hb-140404-01"), basis="mandatory"))
    assert m.window(m.visits["M"]) == (m.reg.workdays[0], m.reg.workdays[-1])  # a planned visit: the whole year


def test_the_next_visit_id_passes_over_ids_already_taken() -> None:
    """R-AUDIT / R-OFFICER-DRAW: an inserted visit's id is the first free one after the last given; an id the year
    already holds (a visit of that name in the plan) is passed over, one by one. Kills Year.peek_visit_id 7 (`n = 1`:
    never ends), 8 (`n -= 1`), 9 (`n += 2`)."""
    y = tiny(visit("I000001", dt.date(2027, 6, 15), E1, ("hb-140404-00", "hb-140404-01")))
    assert y.peek_visit_id("I") == "I000002"
    y = tiny(visit("I000001", dt.date(2027, 6, 15), E1, ("hb-140404-00", "hb-140404-01")),
             visit("I000002", dt.date(2027, 6, 16), E1, ("hb-140404-00", "hb-140404-01")))
    assert y.peek_visit_id("I") == "I000003" and y.next_visit_id("I") == "I000003" and y.peek_visit_id("I") == "I000004"


# ---- scheduler/plan.py reopen_follow_ups (R-FOLLOW, R-PRIORITY) ---------------------------------------------------------

def test_a_follow_up_its_months_could_not_take_opens_to_the_year_and_is_placed() -> None:
    """R-FOLLOW sets no window: a follow-up left unmet in its months (its team away days 0–4 of 6) gets the year as its
    window and is placed on its part's free seats (day 5, the year's last); unplaced no more, its key returned. Kills
    reopen_follow_ups 2–5 (the year's bounds), 13, 14, 17, 21–30 (the placement and its arguments)."""
    st = _state(6, _away(HB, [0, 1, 2, 3, 4]))
    fu = _ent("FU", (0, 2), basis="follow_up")
    unplaced = {"FU": "R-AVAIL"}
    assert reopen_follow_ups({"140403": st}, {"140403": [fu]}, unplaced, 6) == ["FU"]
    assert fu.window == (0, 5) and unplaced == {} and st.placed["FU"].day == 5


def test_only_unmet_follow_ups_in_a_known_part_are_reopened() -> None:
    """R-FOLLOW / R-TEAM: a mandatory visit, a follow-up already placed, one whose window is already the year, one of an
    agency with no team in the part and one of a district without a part are left as they were; a reopened follow-up
    that no day of the year can take stays unplaced (give_way and the guests try it next) though its window opened.
    Districts in order, each part's follow-ups in their order. Kills reopen_follow_ups 6–12, 15, 16, 18–20 and 30."""
    st3 = _state(4, _away(HB, [0, 1, 2, 3]))  # 140403: hb away all year
    st4 = _state(4, _away(HB, [0, 1]), district="140404")
    m = _ent("M", (0, 1), basis="mandatory")
    year_already = _ent("FY", (0, 3), basis="follow_up", firm="G")
    no_team = _ent("FZ", (0, 1), agency="zz", basis="follow_up", firm="H")
    placed = _ent("FP", (0, 1), basis="follow_up", firm="J")
    never = _ent("FN", (0, 1), basis="follow_up", firm="K")
    later = _ent("FL", (0, 1), basis="follow_up", firm="L", district="140404")
    later2 = _ent("FL2", (0, 1), basis="follow_up", firm="N", district="140404")
    orphan = _ent("FO", (0, 1), basis="follow_up", firm="O", district="140499")
    unplaced = {k: "R-AVAIL" for k in ("M", "FY", "FZ", "FN", "FL", "FL2", "FO")}
    required = {"140499": [orphan], "140404": [later, later2], "140403": [m, year_already, no_team, placed, never]}
    # a follow-up of an agency with no team in its part opens too (review39c #2: a city team may serve it, as a
    # guest), and is not tried in its part
    assert reopen_follow_ups({"140404": st4, "140403": st3}, required, unplaced, 4) == ["FZ", "FN", "FL", "FL2"]
    assert unplaced == {k: "R-AVAIL" for k in ("M", "FY", "FZ", "FN", "FO")}
    assert [e.window for e in (m, year_already, no_team, placed, never, later, later2, orphan)] == \
        [(0, 1), (0, 3), (0, 3), (0, 1), (0, 3), (0, 3), (0, 3), (0, 1)]
    assert sorted(st4.placed) == ["FL", "FL2"] and all(p.day >= 2 for p in st4.placed.values()) and not st3.placed


# ---- scheduler/plan.py _place_together (R-SAMPLE, R-JOINT) -------------------------------------------------------------

def _firm(window: tuple[int, int], index: int = 0, firm: str = "F") -> list[Entry]:
    return [_ent(f"{firm}|hb|{index}", window, "hb", firm=firm, index=index), _ent(f"{firm}|um|{index}", window, "um", firm=firm, index=index)]


def _days(st: PartState) -> dict[str, int]:
    return {k: p.day for k, p in st.placed.items()}


def test_a_firms_agencies_are_placed_together_on_the_one_day_both_teams_have() -> None:
    """R-JOINT / R-SAMPLE: hb's team is away days 0–3, um's day 4 of window 0–4 — no common day: nothing placed, all or
    nothing; with um back on day 4 both agencies take day 4, the window's last. Kills _place_together 13–21 (the
    window), 29–35, 38, 39, 41–46, 53–58, 61–68."""
    st = _state(6, {**_away(HB, [0, 1, 2, 3]), **_away(UM, [4])})
    assert _place_together(st, _firm((0, 4)), None, True, None) is False
    assert _days(st) == {} and not any(st.by_enterprise.values())
    st = _state(6, _away(HB, [0, 1, 2, 3]))
    assert _place_together(st, _firm((0, 4)), None, True, None) is True
    assert _days(st) == {"F|hb|0": 4, "F|um|0": 4}
    st = _state(6, _away(HB, [0, 1, 2, 3, 4]))  # hb only on day 5, after the window
    assert _place_together(st, _firm((0, 4)), None, True, None) is False and _days(st) == {}


def test_a_day_kept_off_an_agency_or_a_team_is_not_taken_together() -> None:
    """R-PRIORITY: a day `avoid` keeps for the agency in the district, or `team_off` keeps from its team, is not a day
    together; the pair goes to the next common day. Kills _place_together 22–28 (avoid) and 44, 48–52 (team_off)."""
    st = _state(4)
    assert _place_together(st, _firm((0, 1)), {("140403", "um"): {0}, ("140403", "zz"): {1}}, True, None) is True
    assert _days(st) == {"F|hb|0": 1, "F|um|0": 1}
    st = _state(4)
    assert _place_together(st, _firm((0, 1)), None, True, lambda e: {HB: {0}} if e.agencies[0] == "hb" else {}) is True
    assert _days(st) == {"F|hb|0": 1, "F|um|0": 1}
    st = _state(4)
    assert _place_together(st, _firm((0, 0)), None, True, lambda e: {UM: {0}} if e.agencies[0] == "um" else {}) is False
    assert _days(st) == {}


def test_the_annual_limit_is_asked_unless_lifted() -> None:
    """R-AVAIL: with um's pair-feasible year used up, the firm is not placed while `annual` holds, and is once the
    caller lifts it (a guest's budget). Kills _place_together 43, 47 (`annual` lost: lifted)."""
    st = _state(3)
    st.slices[UM].annual_onsite = 0
    assert _place_together(st, _firm((0, 2)), None, True, None) is False and _days(st) == {}
    assert _place_together(st, _firm((0, 2)), None, False, None) is True and _days(st) == {"F|hb|0": 0, "F|um|0": 0}


def test_every_index_of_the_firm_or_none() -> None:
    """R-SAMPLE all or none: the firm's first tier-visit (index 0) fits on day 0, its second (index 1) finds no day
    together: the first is taken out again, nothing stays. Both fit: each index on its own day of its window. Kills
    _place_together 1–4, 12, 59, 60, 65, 66."""
    st = _state(4, _away(UM, [2, 3]))
    assert _place_together(st, [*_firm((0, 1)), *_firm((2, 3), index=1)], None, True, None) is False
    assert _days(st) == {} and not st.year_onsite[HB] and not st.year_onsite[UM]
    st = _state(100)  # R-GAP: the firm's second entry, each agency 90 days or more after its first
    assert _place_together(st, [*_firm((95, 96), index=1), *_firm((0, 1))], None, True, None) is True
    assert _days(st) == {"F|hb|0": 0, "F|um|0": 0, "F|hb|1": 95, "F|um|1": 95}


def test_the_days_together_are_spread_over_the_window_and_capped() -> None:
    """R-SAMPLE (TOGETHER_DAYS): with fewer than 2 × 24 common days the days are tried one by one from the first (the
    only day both teams have, day 1, is found; of 30 common days, day 23 is). Kills _place_together 36 (`max(2, …)`:
    day 1 skipped) and 37 (`/`: a float step)."""
    st = _state(6, {**_away(HB, [0, 2, 3, 4, 5])})
    assert _place_together(st, _firm((0, 5)), None, True, None) is True and _days(st) == {"F|hb|0": 1, "F|um|0": 1}
    st = _state(30, _away(HB, [d for d in range(30) if d != 23]))
    assert _place_together(st, _firm((0, 29)), None, True, None) is True and _days(st) == {"F|hb|0": 23, "F|um|0": 23}


# ---- scheduler/guests.py restore_placed (R-SAMPLE, R-PRIORITY) -----------------------------------------------------------

def test_a_firms_placements_are_put_back_where_they_were_or_none_is() -> None:
    """R-SAMPLE all or none (swap_in_draw_order's put-back): the firm's hb and um visits, taken out, are booked again
    on their day and teams. When um's seat went meanwhile (its two officers' day full with other visits), hb's is taken
    out again and the error goes to the caller. Kills restore_placed 1–7."""
    from scheduler.guests import restore_placed

    st = _state(3)
    gp = []
    for e in _firm((1, 1)):
        assert st.place(e, 1, HB if e.agencies[0] == "hb" else UM) is None
        gp.append(st.placed[e.key])
    for p in gp:
        st.remove(p)
    restore_placed(st, gp)
    assert _days(st) == {"F|hb|0": 1, "F|um|0": 1} and st.placed["F|um|0"].teams == {"um": UM}
    for p in gp:
        st.remove(p)
    for i in range(RULES.per_officer_day):  # um's two officers: a full day
        assert st.place(_ent(f"X{i}", (1, 1), "um", firm=f"X{i}"), 1, UM) is None
    with pytest.raises(RuntimeError):
        restore_placed(st, gp)
    assert "F|hb|0" not in st.placed and "F|um|0" not in st.placed and not st.by_enterprise["F"]
    assert st.onsite[HB][1] == 0 and st.year_onsite[HB] == 0


# ---- checker/rules.py _skipped_could_swap, _could_take, _gives_way_to (R-SAMPLE invariant 6, R-PRIORITY) ----------------
MON = dt.date(2027, 3, 1)  # a Monday
TUE = MON + dt.timedelta(days=1)
TEAMS = {"hb-140403": ("hb", "140403"), "hb-140400": ("hb", "140400"), "hb-140503": ("hb", "140503"), "um-140403": ("um", "140403")}
PAIR = ("hb-140403-0", "hb-140403-1")  # the district's hb team: may go to any firm of 140403
FAR = ("hb-140503-0", "hb-140503-1")  # another city's hb team: R-TEAM keeps it from 140403
UMS = ("um-140403-0", "um-140403-1")
# sector → agency → items; hb-1 may be checked remotely, hb-2 may not
APPLIES = {"construction": {"hb": ["hb-1"]}, "bakery": {"hb": ["hb-2"]}, "joint": {"hb": ["hb-2"], "um": ["um-1"]}, "none": {}}
ITEMS = {"hb-1": ("hb", frozenset({"construction"}), True), "hb-2": ("hb", frozenset({"bakery", "joint"}), False),
         "um-1": ("um", frozenset({"joint"}), False)}


def _cvisit(vid: str, firm: str, officers: tuple[str, ...], agencies: tuple[str, ...] = ("hb",), day: dt.date = MON,
            basis: str = "sampled", mode: str = "onsite", district: str = "140403") -> object:
    from checker.facts import Visit

    return Visit(vid, day, day.isoformat(), firm, district, mode, agencies[0], agencies, (), officers, basis, "", "C")


def _cctx(dated: list[object], enterprises: dict[str, tuple[str, str, bool]], recused: set[tuple[str, str]] | None = None,
          away: dict[str, frozenset[dt.date]] | None = None, **facts: object) -> object:
    """A checker Context without files (as tests/test_mut25.py): the facts the swap and give-way read."""
    from types import SimpleNamespace

    from checker.facts import Context, Officer, Team

    tiers = {"A": SimpleNamespace(visits=1), "C": SimpleNamespace(visits=1), "B": SimpleNamespace(visits=2)}
    ctx = Context.__new__(Context)
    ctx.__dict__.update(
        policy=SimpleNamespace(officers_per_agency_on_visit=2, tiers=tiers, onsite_required_tiers={"A"}), year=2027, _memo={},
        dated=dated, teams={t: Team(a, d, 4) for t, (a, d) in TEAMS.items()},
        officers={f"{t}-{i}": Officer(t, "enforcement", dt.date(2027, 12, 31), 100) for t in TEAMS for i in range(3)},
        enterprises=enterprises, applies=APPLIES, items=ITEMS, recused=recused or set(), away_days=away or {}, away={},
        **{"shortfalls": [], **facts})
    return ctx


def _pool(**basis: str) -> list[dict[str, str]]:
    return [{"enterprise_id": e, "basis": b} for e, b in basis.items()]


def _swaps(ctx: object, pool: list[dict[str, str]], ranks: dict[str, int], tier: str = "C") -> list[tuple[str, str, str, int]]:
    from checker.rules import _skipped_could_swap

    return [(v.rule, v.where, v.message, v.invariant) for v in _skipped_could_swap(ctx, tier, pool, ranks)]  # type: ignore[arg-type]


def _said(firm: str, rank: int, worse: int, vid: str, needs: str = "hb", iso: str = "2027-03-01") -> tuple[str, str, str, int]:
    return ("R-SAMPLE", firm, f"rank {rank} skipped for capacity while rank {worse}'s visit {vid} on {iso} had the day, teams "
            f"and officers it needed ({needs})", 6)


def test_a_firm_skipped_for_capacity_is_named_with_the_worst_ranked_visit_it_could_have_had() -> None:
    """Invariant 6 (R-SAMPLE, draw order): F (rank 1) was skipped for capacity while G (rank 8) and H (rank 6), both
    sampled, had on-site visits of the district's hb team that F could have had: named once, with the worst-ranked
    visit (G's); the visits of a remote check, of a mandatory firm, of another tier's firm and of a firm outside the
    bundle are no candidates. Only where the tier asks one visit a firm. Kills _skipped_could_swap 2–33, 36, 37, 40–42,
    81–103."""
    ents = {"F": ("140403", "construction", False), "G": ("140403", "construction", False), "H": ("140402", "construction", False),
            "R": ("140403", "construction", False), "M": ("140403", "construction", False), "S": ("140403", "construction", False)}
    visits = [_cvisit("h", "H", PAIR, day=TUE), _cvisit("g", "G", PAIR), _cvisit("r", "R", PAIR, mode="remote"),
              _cvisit("m", "M", PAIR, basis="mandatory"), _cvisit("s", "S", PAIR), _cvisit("x", "X", PAIR)]
    pool = _pool(F="capacity", H="sampled", G="sampled", R="sampled")
    ranks = {"F": 1, "H": 6, "G": 8, "R": 9}
    assert _swaps(_cctx(visits, ents), pool, ranks) == [_said("F", 1, 8, "g")]
    assert _swaps(_cctx(visits, ents), pool, ranks, tier="B") == []  # two visits a firm: not judged by one swap
    # the sampled firms of the tier only: G called not drawn, its visit is no candidate (H's is)
    assert _swaps(_cctx(visits, ents), _pool(F="capacity", H="sampled", G="not_drawn", R="sampled"), ranks) == \
        [_said("F", 1, 6, "h", iso="2027-03-02")]


def test_each_skipped_firm_is_tried_in_rank_order_and_remote_ones_are_passed_over() -> None:
    """Invariant 6 / R-REMOTE: of the firms skipped for capacity, one with online monitoring whose agency's items may
    all be checked remotely is passed over (it comes as a remote check) unless its tier requires on-site visits; a
    monitored firm with an item that may not, a firm no agency has items for, and a firm of another city are judged
    or passed over as such; each firm judged is named once, with every agency it needs. Kills _skipped_could_swap 34, 35,
    38, 39, 43–68, 101, 103."""
    ents = {"F1": ("140403", "construction", False), "F2": ("140403", "construction", True), "F3": ("140403", "none", False),
            "F4": ("140403", "bakery", True), "F5": ("140503", "construction", False), "F6": ("140403", "joint", False),
            "G": ("140403", "joint", False)}
    visits = [_cvisit("g", "G", (*PAIR, *UMS), agencies=("hb", "um"))]
    pool = _pool(F1="capacity", F2="capacity", F3="capacity", F4="capacity", F5="capacity", F6="capacity", G="sampled")
    ranks = {"F1": 1, "F2": 2, "F3": 3, "F4": 4, "F5": 5, "F6": 6, "G": 8}
    joint = _said("F6", 6, 8, "g", needs="hb, um")  # both agencies of the joint visit, each with its own team's pair
    assert _swaps(_cctx(visits, ents), pool, ranks) == [_said("F1", 1, 8, "g"), _said("F4", 4, 8, "g"), joint]
    assert _swaps(_cctx(visits, ents), pool, ranks, tier="A") == [_said("F1", 1, 8, "g"), _said("F2", 2, 8, "g"), _said("F4", 4, 8, "g"), joint]


def test_the_visits_tried_stop_at_a_better_rank_and_pass_over_other_agencies() -> None:
    """Invariant 6 (R-SAMPLE, draw order): a skipped firm (F, rank 4) takes only a worse-ranked firm's visit: the walk, worst first, stops at
    the first better-ranked one (S, rank 2, which F could have had) and passes over a visit without F's agency (U's of
    um) and one whose team may not work in F's district (W's). Needs must be a subset of the visit's agencies, equal
    included. Kills _skipped_could_swap 69, 73–77."""
    ents = {"F": ("140403", "construction", False), "U": ("140403", "joint", False), "W": ("140403", "construction", False),
            "G": ("140403", "construction", False), "S": ("140403", "construction", False)}
    pool = _pool(S="sampled", F="capacity", G="sampled", W="sampled", U="sampled")
    ranks = {"S": 2, "F": 4, "G": 6, "W": 7, "U": 9}
    far = [_cvisit("u", "U", UMS, agencies=("um",)), _cvisit("w", "W", FAR), _cvisit("s", "S", PAIR)]
    assert _swaps(_cctx(far, ents), pool, ranks) == []
    assert _swaps(_cctx([*far, _cvisit("g", "G", PAIR)], ents), pool, ranks) == [_said("F", 4, 6, "g")]


def test_the_visits_tried_per_firm_are_capped() -> None:
    """Invariant 6 (R-SAMPLE; SWAP_VISITS, a province's bound): only the first SWAP_VISITS visits with the firm's agencies are tried,
    worst-ranked first; W's and V's (their team may not work in F's district) count as tried. Kills
    _skipped_could_swap 62, 63, 71, 78–80."""
    import checker.rules as rules

    ents = {"F": ("140403", "construction", False), "V": ("140403", "construction", False), "W": ("140403", "construction", False),
            "G": ("140403", "construction", False)}
    pool = _pool(F="capacity", G="sampled", W="sampled", V="sampled")
    ranks = {"F": 1, "G": 5, "W": 7, "V": 8}
    visits = [_cvisit("v", "V", FAR), _cvisit("w", "W", FAR), _cvisit("g", "G", PAIR)]
    with pytest.MonkeyPatch.context() as mp:
        for cap, want in ((1, []), (2, []), (3, [_said("F", 1, 5, "g")])):
            mp.setattr(rules, "SWAP_VISITS", cap)
            assert _swaps(_cctx(visits, ents), pool, ranks) == want, cap
        mp.setattr(rules, "SWAP_VISITS", 2)
        assert _swaps(_cctx(visits[1:], ents), pool, ranks) == [_said("F", 1, 5, "g")]


def _priority(visits: list[object], shortfalls: list[dict[str, object]], unrectified: set[tuple[str, str]],
              follow_up_from: dict[tuple[str, str], dt.date] | None = None) -> list[tuple[str, str, str]]:
    from types import SimpleNamespace

    from checker.rules import check_r_priority

    ents = {"F": ("140403", "joint", False), "G": ("140403", "construction", False), "K": ("140403", "joint", False)}
    ctx = _cctx(visits, ents, visits=visits, shortfalls=shortfalls, triggers={}, unrectified_last_year=unrectified,
                follow_up_from=follow_up_from or {}, bundle=SimpleNamespace(agencies=SimpleNamespace(agency_id=["hb", "um"])))
    return [(v.rule, v.where, v.message) for v in check_r_priority(ctx)]  # type: ignore[arg-type]


def test_an_unmet_follow_up_a_planned_visit_could_give_way_to_anywhere_in_the_year_is_named() -> None:
    """R-PRIORITY (invariant 11; R-FOLLOW sets no window): F's hb follow-up is declared unmet while G's sampled hb visit
    on the year's first day had a team and officers it could have had: named, with the visit, whatever the words;
    each such shortfall in the list is judged (the second too). A shortfall naming only um (no um visit could give way,
    none made in the district) and one of another kind are not judged so; one naming no agency is judged for each
    agency owed. Kills check_r_priority 71–126 (the follow-up branch)."""
    jan1 = dt.date(2027, 1, 1)
    g = _cvisit("g", "G", PAIR, day=jan1)
    owed = {("F", "hb"), ("F", "um"), ("K", "hb")}
    said = ("R-PRIORITY", "F", "follow-up by hb left unmet while sampled visit g on 2027-01-01 could have given way: same team and "
            "officers, none recused (shortfall {})")
    sf = {"kind": "follow_up", "id": "F", "agency": "hb", "resource": "officer-days of the team"}
    got = _priority([g], [sf, {"kind": "follow_up", "id": "F", "rule": "R-FOLLOW", "resource": "no day"}], owed)
    assert got == [(*said[:2], said[2].format(0)), (*said[:2], said[2].format(1))]
    assert _priority([g], [sf | {"agency": "um"}], owed) == []
    # its rectification due after the visit that could have given way: that visit's day was before it (review42); due
    # after the plan year: no day at all — neither branch holds it against the plan
    assert _priority([g], [sf], owed, {("F", "hb"): dt.date(2027, 2, 1)}) == []
    assert _priority([g], [sf], owed, {("F", "hb"): dt.date(2028, 4, 1)}) == []
    assert _priority([g], [sf], owed, {("F", "hb"): jan1}) == [(*said[:2], said[2].format(0))]
    # a mandatory shortfall of F whose words name a reason no visit could give way: not judged as a follow-up
    assert _priority([g], [{"kind": "mandatory", "id": "F", "agency": "hb", "resource": "window"}], owed) == []
    # the follow-up visited: nothing owed, nothing judged
    assert _priority([g, _cvisit("f", "F", PAIR, day=TUE, basis="follow_up")], [sf], owed) == []


# ---- scheduler/guests.py _city_teams, sampled_guest (R-TEAM, R-SAMPLE) ----------------------------------------------------

def test_the_city_teams_of_a_firms_agency_that_work_in_its_city() -> None:
    """R-TEAM: the city-level teams that may serve a firm are those of its agency with a share in a district of its
    city, whether or not they hold a day in its own district; another agency's and another city's are not. In split
    order. Kills _city_teams 1–8."""
    from scheduler.guests import _city_teams

    split = {"hb-140400": {"140402": {}, "140403": {}}, "um-140400": {"140402": {}}, "hb-140500": {"140503": {}},
             "hb-140400b": {"140401": {}, "140501": {}}}
    agency_of = {"hb-140400": "hb", "um-140400": "um", "hb-140500": "hb", "hb-140400b": "hb"}
    e = _ent("S", (0, 0), district="140404")
    assert _city_teams(split, agency_of, e) == ["hb-140400", "hb-140400b"]  # type: ignore[arg-type]
    assert _city_teams(split, agency_of, dataclasses.replace(e, agencies=("um",))) == ["um-140400"]  # type: ignore[arg-type]
    assert _city_teams(split, agency_of, dataclasses.replace(e, district="140603")) == []  # type: ignore[arg-type]


def test_a_drawn_firm_of_a_district_without_a_share_of_the_city_team_is_its_guest() -> None:
    """R-SAMPLE / R-TEAM (foreign37b b4): district X's own hb team is away; the city team, with no share of days in X,
    may still serve X's firm (its city's team): the firm is a guest on the least loaded day the team holds elsewhere
    (A's day 0), whether the walk passes the team → agency map or it is computed; a um firm of X has no such team.
    Kills sampled_guest 17, 21–29 and _city_teams through it."""
    from city_three import CITY, city3, ent
    from test_mut40 import X, _owners, _with_x

    from scheduler.guests import sampled_guest, team_agencies

    for agency_of in (None, "given"):
        states, split = city3()
        _with_x(states)
        for o in (f"hb-{X}-0", f"hb-{X}-1"):
            states[X].flows[f"hb-{X}"].available[o][:] = False
        e = ent("S", (0, 2), X, basis="sampled", enterprise="FX")
        amap = team_agencies(states) if agency_of else None
        assert amap is None or amap[CITY] == "hb"
        undo = sampled_guest(states, split, _owners(states, split), e, [0, 1, 2], {}, [0, 10], amap)
        assert undo is not None and states["140402"].guests["S"].day == 0 and states[X].placed["S"].teams == {"hb": CITY}
        undo()
        assert "S" not in states[X].placed and not states["140402"].guests
        um = dataclasses.replace(e, key="U", agencies=("um",))
        assert sampled_guest(states, split, _owners(states, split), um, [0, 1, 2], {}, [0, 10], amap) is None


# ---- scheduler/plan.py swap_in_draw_order (R-SAMPLE invariant 6, draw order) ---------------------------------------------

def _swap_world(f_window: tuple[int, int] = (0, 2), g_day: int = 1, **kw: object) -> tuple[object, ...]:
    """One district, its hb team (2 officers, one visit a day) present on day 1 only; tier C's pool in draw order F
    (rank 1), G (rank 2). G was sampled and holds day 1; F was skipped for capacity."""
    from scheduler.requirements import Requirements
    from scheduler.select import Selection

    st = _state(3, _away(HB, [d for d in range(3) if d != g_day]), teams={HB: ("hb", 2, 1), UM: ("um", 2, 1)})
    ef, eg = _ent("F|hb", f_window, firm="F"), _ent("G|hb", (0, 2), firm="G")
    assert st.place(eg, g_day, HB) is None
    pool = list(kw.get("pool", ["F", "G"]))  # type: ignore[call-overload]
    req = Requirements([ef, eg], {e: i + 1 for i, e in enumerate(pool)}, {"C": 1}, {"C": pool}, {}, set(), [], {})
    sel = Selection({}, {}, {}, {"F": "R-AVAIL: no day", "X": "other"}, {"F": [ef], "G": [eg]}, skipped_zh={"F": "无日期"})
    status = {"F": "capacity", "G": "sampled"}
    return req, sel, {"140403": st}, ["G"], status


def _swap(world: tuple[object, ...], team_off: object = None) -> None:
    from scheduler.plan import swap_in_draw_order

    req, sel, states, taken, status = world
    swap_in_draw_order(req, sel, states, "C", taken, status, None, {}, set(), lambda teams: (lambda e, days: None),  # type: ignore[arg-type]
                       team_off or (lambda e: {}))  # type: ignore[arg-type]


def test_a_firm_skipped_for_capacity_takes_the_day_of_the_worse_ranked_firm_sampled() -> None:
    """Invariant 6 (R-SAMPLE, draw order): F (rank 1), skipped for capacity, takes G's (rank 2) day and team: F is sampled
    and placed on day 1, G is out, skipped for capacity, and says why in both languages, naming F's rank; F's own
    reason goes. Kills swap_in_draw_order's success path (status, taken, the reasons, the placement)."""
    world = _swap_world()
    _, sel, states, taken, status = world
    _swap(world)
    st = states["140403"]  # type: ignore[index]
    assert status == {"F": "sampled", "G": "capacity"} and taken == ["F"]
    assert _days(st) == {"F|hb": 1} and not st.by_enterprise["G"]
    assert sel.skipped == {"X": "other", "G": "R-SAMPLE: its place went to rank 1, which could take its day and teams (draw order)"}  # type: ignore[attr-defined]
    assert sel.skipped_zh == {"G": "按抽签顺序，其检查日期与队伍让给抽签序号1的企业（R-SAMPLE）"}  # type: ignore[attr-defined]


def test_no_swap_outside_the_better_firms_window_or_for_a_better_ranked_firm_sampled() -> None:
    """Invariant 6 (R-SAMPLE, draw order): G's day outside F's window, or G ranked before F (the pool's draw order), or G already out: nothing
    changes, G keeps its day. Kills swap_in_draw_order's window, order and status conditions."""
    for world in (_swap_world(f_window=(0, 0)), _swap_world(f_window=(2, 2)), _swap_world(pool=["G", "F"])):
        _, sel, states, taken, status = world
        _swap(world)
        assert status == {"F": "capacity", "G": "sampled"} and taken == ["G"] and _days(states["140403"]) == {"G|hb": 1}  # type: ignore[index]
        assert sel.skipped == {"F": "R-AVAIL: no day", "X": "other"}  # type: ignore[attr-defined]
    world = _swap_world()
    world[4]["G"] = "capacity"  # type: ignore[index]
    _swap(world)
    assert world[4] == {"F": "capacity", "G": "capacity"} and world[3] == ["G"]


def test_a_swap_that_fails_puts_the_worse_firm_back_where_it_was() -> None:
    """Invariant 6 / R-PRIORITY: F may not take day 1 after all (a day `team_off` keeps from its team): G is booked again
    on its day and team, statuses and reasons unchanged. Kills swap_in_draw_order's put-back (restore_placed's call)."""
    world = _swap_world()
    _, _, states, taken, status = world
    _swap(world, team_off=lambda e: {HB: {1}} if e.enterprise_id == "F" else {})
    st = states["140403"]  # type: ignore[index]
    assert status == {"F": "capacity", "G": "sampled"} and taken == ["G"] and _days(st) == {"G|hb": 1}
    assert st.placed["G|hb"].teams == {"hb": HB} and st.onsite[HB][1] == 1 and st.year_onsite[HB] == 1


def test_officers_recused_from_the_better_firm_make_no_swap() -> None:
    """R-RECUSE: G's two officers on day 1 are recused from F: F could not have had that day; no swap is tried."""
    world = _swap_world()
    st = world[2]["140403"]  # type: ignore[index]
    st.flows[HB].recused.update({f"{HB}-0": {"F"}, f"{HB}-1": {"F"}})
    _swap(world)
    assert world[4] == {"F": "capacity", "G": "sampled"} and _days(st) == {"G|hb": 1}


def test_the_better_firm_takes_exactly_the_worse_firms_day_and_asks_a_guest_for_no_other() -> None:
    """Invariant 6 (R-SAMPLE, draw order): with its team free on every day of its window, F takes G's day (day 1) and no other: the days of
    its window but that one are kept off; where F may not take it in its own district, the guest is asked for that
    day alone. Its window may begin or end on that day. Kills swap_in_draw_order 99, 100, 127–145 (`only`), 148, 149,
    153, 154 (the guest)."""
    for window in ((0, 2), (1, 2), (0, 1)):
        world = _swap_world(f_window=window)
        st = world[2]["140403"]  # type: ignore[index]
        for o in st.flows[HB].officers:
            st.flows[HB].available[o][:] = True
        _swap(world)
        assert world[4] == {"F": "sampled", "G": "capacity"} and _days(st) == {"F|hb": 1}, window
    asked: list[tuple[str, list[int]]] = []
    world = _swap_world()
    req, sel, states, taken, status = world
    from scheduler.plan import swap_in_draw_order

    swap_in_draw_order(req, sel, states, "C", taken, status, None, {}, set(),  # type: ignore[arg-type]
                       lambda teams: (lambda e, days: asked.append((e.key, list(days)))),  # type: ignore[arg-type,func-returns-value]
                       lambda e: {HB: {1}} if e.enterprise_id == "F" else {})
    assert asked == [("F|hb", [1])] and status == {"F": "capacity", "G": "sampled"}


def _two_swaps(tries: int | None = None) -> tuple[dict[str, str], list[str], dict[str, int]]:
    """Pool in draw order P (1), Q (2), B (3), C (4): P and Q skipped for capacity, B sampled on day 1, C on day 2 (the
    hb team present those days only, one visit a day). SWAP_TRIES = `tries`."""
    import scheduler.plan as plan
    from scheduler.requirements import Requirements
    from scheduler.select import Selection

    st = _state(3, _away(HB, [0]), teams={HB: ("hb", 2, 1)})
    ents = {f: _ent(f"{f}|hb", (0, 2), firm=f) for f in "PQBC"}
    assert st.place(ents["B"], 1, HB) is None and st.place(ents["C"], 2, HB) is None
    req = Requirements(list(ents.values()), {f: i + 1 for i, f in enumerate("PQBC")}, {"C": 2}, {"C": list("PQBC")}, {}, set(), [], {})
    sel = Selection({}, {}, {}, {}, {f: [e] for f, e in ents.items()})
    status = {"P": "capacity", "Q": "capacity", "B": "sampled", "C": "sampled"}
    taken = ["B", "C"]
    with pytest.MonkeyPatch.context() as mp:
        if tries is not None:
            mp.setattr(plan, "SWAP_TRIES", tries)
        plan.swap_in_draw_order(req, sel, {"140403": st}, "C", taken, status, None, {}, set(), lambda teams: (lambda e, days: None), lambda e: {})  # type: ignore[arg-type]
    return status, taken, _days(st)


def test_each_skipped_firm_takes_a_worse_ones_place_in_draw_order_within_the_tries() -> None:
    """Invariant 6 (R-SAMPLE; SWAP_TRIES): P, the best skipped, takes the worst sampled firm's day (C's, day 2), Q then B's (day 1);
    `taken` stays in draw order (P before B, not by name). With one try in all only P's swap is made; with two,
    both. Kills swap_in_draw_order 24, 25, 60, 61, 123–125, 165, 201–205 (the tries, the passes' end)."""
    both = ({"P": "sampled", "Q": "sampled", "B": "capacity", "C": "capacity"}, ["P", "Q"], {"P|hb": 2, "Q|hb": 1})
    assert _two_swaps() == both and _two_swaps(2) == both
    assert _two_swaps(1) == ({"P": "sampled", "Q": "capacity", "B": "sampled", "C": "capacity"}, ["P", "B"], {"P|hb": 2, "B|hb": 1})


def test_of_fifty_common_days_the_days_tried_are_spread() -> None:
    """R-SAMPLE (TOGETHER_DAYS): 50 common days, more than 2 × 24: the days tried are spread over the window, not the
    first 24 in a row, so a firm whose teams share only day 1 is not placed together, and one sharing day 0 is. Kills
    _place_together 31 (`step = None`: every day from the first)."""
    st = _state(50, _away(HB, [d for d in range(50) if d != 1]))
    assert _place_together(st, _firm((0, 49)), None, True, None) is False and _days(st) == {}
    st = _state(50, _away(HB, list(range(1, 50))))
    assert _place_together(st, _firm((0, 49)), None, True, None) is True and _days(st) == {"F|hb|0": 0, "F|um|0": 0}


def test_a_firms_third_visit_failing_takes_the_first_two_out() -> None:
    """R-SAMPLE all or none: tier-visits 0 and 1 of the firm fit (90 days apart: R-GAP), visit 2 finds no day together
    (um away): all three are out. Kills _place_together 59 (`done = mine`: visit 0 left placed)."""
    st = _state(200, _away(UM, list(range(180, 200))))
    assert _place_together(st, [*_firm((0, 1)), *_firm((95, 96), index=1), *_firm((190, 191), index=2)], None, True, None) is False
    assert _days(st) == {} and not st.year_onsite[HB] and not st.year_onsite[UM]


# ---- scheduler/bound.py trigger_days (the day-aware bound: R-PAIR, R-AVAIL, R-RECUSE, R-TEAM) ------------------------------

def _day_bound(demand: list[tuple[str, str, tuple[int, int]]], day_cap: dict[str, int], capacity: dict[str, int],
               away: dict[str, list[int]] | None = None, recused: dict[str, set[str]] | None = None) -> dict[str, object]:
    """Five working days, k = 2, one visit an officer a day. hb-140403: a, b, c (budget 10), d (budget 1), y (budget 0),
    z (no budget entry: none); the city team hb-140400: p, q; um-140403 has no officers at all."""
    import numpy as np

    from scheduler.bound import DayDemand, trigger_days

    teams = [("hb-140403", "hb", "140403"), ("hb-140400", "hb", "140400"), ("um-140403", "um", "140403")]
    officers = {"hb-140403": ["a", "b", "c", "d", "y", "z"], "hb-140400": ["p", "q"]}
    available = {o: np.ones(5, dtype=bool) for o in "abcdyzpq"}
    for o, ds in (away or {}).items():
        available[o][ds] = False
    budget = {"a": 10, "b": 10, "c": 10, "d": 1, "y": 0, "p": 10, "q": 10}
    dd = [DayDemand(key, f"e-{key}", district, "hb", window) for key, district, window in demand]
    return dict(trigger_days(dd, teams, officers, available, budget, recused or {}, day_cap, capacity, k=2, per_day=1))


def test_the_day_aware_bound_counts_each_teams_pairs_day_by_day() -> None:
    """R-PAIR / R-AVAIL / R-TEAM (issue 8's bound): officers with budget count (d's 1 does, y's 0 and z's missing do not):
    hb-140403 makes 2 pairs a day, the city team 1 (its year capacity 1); three triggers due on day 1 and one on day
    3: all four can be placed. The city team's year capacity 0 leaves it out; a team with no pair left in a window
    lists its trigger as having no day. Kills trigger_days 5, 7, 9, 11–14, 57, 59, 61, 63, 104–106, 139, 147, 157,
    162, 173, 174, 203–215 (the result's keys and words)."""
    what = ("max-flow: each trigger/follow-up → (eligible team, day of its window with k officers present, certified and not "
            "recused) → team-day pairs → team's pair-feasible year capacity; no plan places more")
    due = [("t0", "140403", (1, 1)), ("t1", "140403", (1, 1)), ("t2", "140403", (1, 1)), ("t3", "140403", (3, 3))]
    caps = {"hb-140403": 4, "hb-140400": 4, "um-140403": 4}
    assert _day_bound(due, caps, {"hb-140403": 99, "hb-140400": 1}) == {"owed": 4, "bound": 4, "no_day": [], "what": what}
    # d on leave: hb-140403 has 3 officers, one pair a day; the city team's one visit a year: 2 of day 1's three
    assert _day_bound(due, caps, {"hb-140403": 99, "hb-140400": 1}, away={"d": [0, 1, 2, 3, 4]})["bound"] == 3
    # the district team spent (capacity 0): the city team alone, one visit; on day 3 it is away: t3 has no day
    assert _day_bound(due, caps, {"hb-140403": 0, "hb-140400": 1}, away={"p": [3]}) == \
        {"owed": 4, "bound": 1, "no_day": ["t3"], "what": what}
    # only the district team present on day 3: t3 has that day whatever the city team's absence
    assert _day_bound(due[3:], caps, {"hb-140403": 99, "hb-140400": 1}, away={"p": [3]})["no_day"] == []
    from scheduler.bound import trigger_days

    assert trigger_days([], [], {}, {}, {}, {}, {}, {}, k=2, per_day=1)["bound"] == 0


def test_the_day_aware_bound_reads_day_caps_capacities_and_recusals_as_given() -> None:
    """R-RECUSE / R-PAIR: a team without a day cap makes no pair, one without a year capacity takes none; officers
    recused from the enterprise do not count on its days, inside its window (day 2–3, not from day 0), where the
    day's pairs allow; a team's year capacity binds over its days. Kills trigger_days 44, 46, 47, 64–66, 100, 102, 103, 126,
    132, 134, 157, 169, 171."""
    due = [("t0", "140403", (2, 3))]
    # no day cap for the district team, no capacity for the city team: no pair anywhere, no day
    assert _day_bound(due, {"hb-140400": 4}, {"hb-140403": 99})["no_day"] == ["t0"]
    caps = {"hb-140403": 4, "hb-140400": 0}
    # a, b, c recused: d alone may go (k = 2): no day; b alone recused: a, c, d
    assert _day_bound(due, caps, {"hb-140403": 99}, recused={o: {"e-t0"} for o in "abc"}) == \
        {"owed": 1, "bound": 0, "no_day": ["t0"], "what": _day_bound([], caps, {})["what"]}
    assert _day_bound(due, caps, {"hb-140403": 99}, recused={"b": {"e-t0"}})["bound"] == 1
    assert _day_bound(due, caps, {"hb-140403": 99}, recused={"b": {"e-t0"}, "c": {"e-t0"}})["bound"] == 1  # a and d: exactly k
    # the window's day 3 alone has pairs (the day after it, 4, none): one, on day 3
    assert _day_bound(due, caps, {"hb-140403": 99}, away={o: [2, 4] for o in "abcd"})["bound"] == 1
    # on day 2 only a and b present, b recused; day 3 nobody (the last day, 4, full of pairs): no day
    away = {"c": [2, 3], "d": [2, 3], "a": [3], "b": [3]}
    assert _day_bound(due, caps, {"hb-140403": 99}, away=away, recused={"b": {"e-t0"}})["no_day"] == ["t0"]
    # a day cap of 0: officers present make no pair, whoever is recused
    assert _day_bound(due, {"hb-140403": 0, "hb-140400": 0}, {"hb-140403": 99}, recused={"b": {"e-t0"}})["no_day"] == ["t0"]
    # the city team's one visit a year binds two triggers of two days (the district team spent)
    two = [("t0", "140403", (1, 1)), ("t1", "140403", (2, 2))]
    assert _day_bound(two, {"hb-140403": 4, "hb-140400": 4}, {"hb-140403": 0, "hb-140400": 1})["bound"] == 1


def _world(firms: str, sampled: dict[str, int], windows: dict[str, tuple[int, int]] | None = None, present: tuple[int, ...] = (1, 2),
           modes: dict[str, str] | None = None, n: int = 3, away: dict[str, list[int]] | None = None) -> tuple[object, ...]:
    """A tier-C pool in draw order `firms` (rank = position + 1), one hb visit each; `sampled`: firm → its day (the
    hb team, 3 officers, one visit a day, present on `present` only); the others skipped for capacity."""
    from scheduler.requirements import Requirements
    from scheduler.select import Selection

    st = _state(4, away if away is not None else _away(HB, [d for d in range(4) if d not in present], n=n), teams={HB: ("hb", n, 1)})
    ents = {f: _ent(f"{f}|hb", (windows or {}).get(f, (0, 3)), firm=f, mode=(modes or {}).get(f, "onsite")) for f in firms}
    st.slices[HB].annual_onsite = 99  # the team's pair-feasible year is not what binds here
    for f, day in sampled.items():
        assert st.place(ents[f], day, HB) is None
    req = Requirements(list(ents.values()), {f: i + 1 for i, f in enumerate(firms)}, {"C": len(sampled)}, {"C": list(firms)}, {}, set(), [], {})
    sel = Selection({}, {}, {}, {}, {f: [e] for f, e in ents.items()})
    status = {f: "sampled" if f in sampled else "capacity" for f in firms}
    return req, sel, {"140403": st}, [f for f in firms if f in sampled], status


def _run(world: tuple[object, ...], tries: int | None = None, passes: int | None = None, guest: object = None,
         avoid: object = None) -> tuple[dict[str, str], list[str], dict[str, int]]:
    import scheduler.plan as plan

    req, sel, states, taken, status = world
    with pytest.MonkeyPatch.context() as mp:
        if tries is not None:
            mp.setattr(plan, "SWAP_TRIES", tries)
        if passes is not None:
            mp.setattr(plan, "SWAP_PASSES", passes)
        plan.swap_in_draw_order(req, sel, states, "C", taken, status, avoid, {}, set(), lambda teams: guest or (lambda e, days: None),  # type: ignore[arg-type]
                                lambda e: {})
    return status, taken, _days(states["140403"])  # type: ignore[arg-type,index]


def test_a_day_the_better_firm_could_not_have_spends_no_try() -> None:
    """Invariant 6 (R-SAMPLE; SWAP_TRIES): with one try in all, P (rank 1) passes over the worse firms' days it could not have —
    E's (day 3, outside P's window), D's (day 2: P has a complaint visit that day, R-JOINT), C's (day 0: its two
    officers recused from P, R-RECUSE) — without trying them, and takes B's (day 1). Kills swap_in_draw_order 60,
    89–92, 105, 111, 115, 116, 118, 120."""
    o = [f"{HB}-{i}" for i in range(4)]
    world = _world("PBCDE", {"B": 1, "C": 0, "D": 2, "E": 3}, windows={"P": (0, 2)}, n=4,
                   away={o[0]: [1, 2], o[1]: [1, 2], o[2]: [0], o[3]: [0]})
    st = world[2]["140403"]  # type: ignore[index]
    assert sorted(st.flows[HB].assign["C|hb"]) == o[:2] and sorted(st.flows[HB].assign["B|hb"]) == o[2:]
    for x in o[:2]:
        st.flows[HB].recused.setdefault(x, set()).add("P")
    st.add(_ent("P|triggered", (2, 2), basis="triggered", firm="P"), 2, HB)
    assert _run(world, tries=1) == ({"P": "sampled", "B": "capacity", "C": "sampled", "D": "sampled", "E": "sampled"},
                                    ["P", "C", "D", "E"], {"P|hb": 1, "C|hb": 0, "D|hb": 2, "E|hb": 3, "P|triggered": 2})


def test_a_failed_swap_counts_a_try_and_the_next_worse_firm_is_not_tried_without_one() -> None:
    """Invariant 6 (R-SAMPLE; SWAP_TRIES) / R-PRIORITY: P may not take C's day (2: `avoid` keeps it for P's agency): that try fails
    and C is put back; with one try in all B's day is not tried, with two it is. Kills swap_in_draw_order 58–62 (the
    tries and rank conditions), 130 (`avoid` not read)."""
    avoid = {("140403", "hb"): {2}}
    assert _run(_world("PBC", {"B": 1, "C": 2}), tries=1, avoid=avoid) == \
        ({"P": "capacity", "B": "sampled", "C": "sampled"}, ["B", "C"], {"B|hb": 1, "C|hb": 2})
    assert _run(_world("PBC", {"B": 1, "C": 2}), tries=2, avoid=avoid) == \
        ({"P": "sampled", "B": "capacity", "C": "sampled"}, ["P", "C"], {"P|hb": 1, "C|hb": 2})


def test_a_better_ranked_firm_sampled_never_gives_its_place() -> None:
    """Invariant 6 (R-SAMPLE, draw order): P (rank 2) may not take C's day (outside its window); A (rank 1), sampled, is better than P: the walk
    stops there and A keeps its day; Q (rank 3) still takes C's. Kills swap_in_draw_order 58 (A's day taken by P), 62
    (`return`: Q never tried)."""
    world = _world("APQC", {"A": 1, "C": 2}, windows={"P": (0, 1)})
    assert _run(world) == ({"A": "sampled", "P": "capacity", "Q": "sampled", "C": "capacity"}, ["A", "Q"], {"A|hb": 1, "Q|hb": 2})


def test_a_firm_of_a_remote_check_neither_swaps_nor_gives_its_place() -> None:
    """Invariant 6 / R-REMOTE: the swap is for firms of one on-site visit: R (rank 1), a remote check, is not offered B's
    day, and Q (rank 2), next, is; C's remote check (rank 4) holds no on-site seat to give. Kills swap_in_draw_order
    33, 36, 40, 73, 76, 81."""
    world = _world("RQBC", {"B": 1, "C": 2}, modes={"R": "remote", "C": "remote"})
    assert _run(world) == ({"R": "capacity", "Q": "sampled", "B": "capacity", "C": "sampled"}, ["Q", "C"], {"Q|hb": 1, "C|hb": 2})


def test_in_one_pass_a_firm_that_gave_its_place_is_passed_over() -> None:
    """Invariant 6 (R-SAMPLE; SWAP_PASSES): in a single pass P takes C's day, and Q, passing over C (now out), takes B's. Kills
    swap_in_draw_order 67 (`break` at C: Q waits for a second pass)."""
    world = _world("PQBC", {"B": 1, "C": 2})
    assert _run(world, passes=1) == ({"P": "sampled", "Q": "sampled", "B": "capacity", "C": "capacity"}, ["P", "Q"], {"P|hb": 2, "Q|hb": 1})


def test_a_firm_whose_day_went_meanwhile_is_left_out_and_says_so() -> None:
    """Invariant 6 / R-SAMPLE: P may not take B's day in its district, and while its guest is asked B's officers are
    booked elsewhere that day (their day full): B cannot be put back. B is left out of the sample, skipped for
    capacity, and says why in both languages; P stays skipped. Kills swap_in_draw_order 189–200."""
    world = _world("PB", {"B": 1}, present=(1,))
    st = world[2]["140403"]  # type: ignore[index]
    flow = st.flows[HB]
    for o in flow.officers[2:]:
        flow.available[o][1] = False  # two officers that day: B's pair

    def guest(e: Entry, days: list[int]) -> None:
        for i in range(RULES.per_officer_day):
            assert flow.try_add(f"X{i}", 1, f"X{i}", RULES.k)
        return None

    req, sel, states, taken, status = world
    import scheduler.plan as plan

    plan.swap_in_draw_order(req, sel, states, "C", taken, status, None, {}, set(), lambda teams: guest, lambda e: {HB: {1}} if e.enterprise_id == "P" else {})  # type: ignore[arg-type]
    assert status == {"P": "capacity", "B": "capacity"} and taken == [] and "B|hb" not in st.placed
    assert sel.skipped == {"B": "R-SAMPLE: its day could not be kept after a better-ranked firm was tried there"}  # type: ignore[attr-defined]
    assert sel.skipped_zh == {"B": "为抽签序号在前的企业尝试其检查日期后，原安排未能恢复（R-SAMPLE）"}  # type: ignore[attr-defined]


def test_a_sampled_guest_keeps_off_the_days_held_for_its_agencys_unmet_triggers_in_its_city() -> None:
    """R-PRIORITY (sampled_guest's kept days): day 0, held back for an unmet hb trigger of district B (same city), is
    not taken by C's drawn hb firm: it goes on day 1. Kills sampled_guest 14, 16 (the city compared on 5 digits)."""
    from city_three import city3, ent
    from test_mut40 import A, B, C, _guest_day, _sampled

    states, split = city3()
    assert _sampled(states, split, ent("S", (0, 1), C, basis="sampled"), [0, 1], avoid={(B, "hb"): {0}}) is not None
    assert _guest_day(states, "S") == (B, 1)
    states, split = city3()
    assert _sampled(states, split, ent("S", (0, 1), C, basis="sampled"), [0, 1], avoid={(A, "hb"): {1}}) is not None
    assert _guest_day(states, "S") == (A, 0)


def test_a_guest_beside_the_hosts_own_visit_keeps_its_staffing_and_gives_back_what_it_did_not_use() -> None:
    """R-AVAIL / R-OFFICER-DRAW: A's day 0 already holds A's own visit M (officers 0 and 1); three officers are present
    and able, each with a unit borrowed from C for the guest; the guest sits two of them, the third unit goes back to
    C at once; the undo leaves M's staffing as it was and every unit where it was. Kills sampled_guest 102 (the
    staffing saved), 129–131 (the give-back of units not used)."""
    from city_three import CITY, O, budgets, check_consistent, city3, ent, set_budgets
    from test_mut40 import A, B, C, _sampled

    states, split = city3(away={A: {O[3]: [0]}})
    set_budgets(states, A, [1, 1, 0, 0])
    set_budgets(states, B, [0, 0, 0, 0])
    set_budgets(states, C, [1, 1, 1, 0])
    assert states[A].place(ent("M", (0, 0), A), 0, CITY) is None
    before = budgets(states)
    staffing = {k: sorted(v) for k, v in states[A].flows[CITY].assign.items()}
    undo = _sampled(states, split, ent("S", (0, 0), C, basis="sampled", enterprise="FS"), [0])
    assert undo is not None and states[A].guests["S"].day == 0 and check_consistent(states) == []
    assert sum(budgets(states)[A]) == 4 and sum(budgets(states)[C]) == 1  # two units stay with the host, one went back
    undo()
    assert budgets(states) == before and check_consistent(states) == []
    assert {k: sorted(v) for k, v in states[A].flows[CITY].assign.items()} == staffing


def test_a_skipped_firm_of_a_city_with_no_firm_sampled_is_passed_over() -> None:
    """Invariant 6 / R-TEAM: E (rank 2, district 140503, another city) was skipped too, but no firm of its city was
    sampled: there is nothing it could take (only a team of its own city may serve it); P takes B's day as before.
    Kills swap_in_draw_order 54, 56 (`by_city.get(city, None)`: no list to walk)."""
    world = _world("PEB", {"B": 1})
    _, sel, states, _, _ = world
    sel.by_enterprise["E"] = [dataclasses.replace(sel.by_enterprise["E"][0], district="140503")]  # type: ignore[attr-defined]
    states["140503"] = _state(4, district="140503")  # type: ignore[index]
    assert _run(world) == ({"P": "sampled", "E": "capacity", "B": "capacity"}, ["P"], {"P|hb": 1})
