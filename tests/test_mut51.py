"""mut51: mutants of round 45's functions (scheduler/firm.py's `most_arranged`; scheduler/plan.py's regroup search,
firm-held arrangement, weekly-reserve and swap helpers; checker/rules.py's `arrangement_fits`) that the existing tests
let live, each killed here by the behaviour it changes (bench/mut51.md). Hand-made tiny parts (tests/tiny_part.py), no
plan solve."""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np

# tiny_part's working days start on Monday 2 March 2026: index 1 is Tuesday 3 March, index 23 Thursday 2 April (30
# calendar days later), index 65 Monday 1 June (90 calendar days later)
TUE_3_MARCH, THU_2_APRIL, MON_1_JUNE = 1, 23, 65


def _visits(agencies: dict[str, int], row: str = "F|mandatory") -> list:  # type: ignore[type-arg]
    from tiny_part import entry

    return [dataclasses.replace(entry(f"{a}{k}", (0, 199), a, enterprise="F", index=k), row=row)
            for a, n in agencies.items() for k in range(n)]


def _ordinal(n: int = 200) -> np.ndarray:
    from tiny_part import workdays

    return np.array([d.toordinal() for d in workdays(n)])


def _world(n_days: int, crews: dict[str, Any], placed: list[tuple[str, int]], unmet: list[str],
           rules: object = None, others: list[tuple[str, str, str, int]] = (), recused: dict[str, set[str]] | None = None):  # type: ignore[no-untyped-def,assignment]
    """Firm F of district 140403, one team per agency (`crews`: agency → officer → the days it is present; officers
    named `{agency}-1-{name}`), its mandatory on-site visits `{agency}{index}` (one row: they may join); `placed`:
    (key, day) booked on the agency's team; `unmet` listed as unmet; `others`: (key, agency, basis/mode, day) — the
    firm's other visits (a trigger, a sampled visit, a remote check) booked, outside `required`."""
    from tiny_part import RULES, entry, part

    from scheduler.state import PartState

    teams = {f"{a}-1": (a, len(os), 2) for a, os in crews.items()}
    away = {f"{a}-1-{i}": [d for d in range(n_days) if d not in set(present)]
            for a, os in crews.items() for i, (_, present) in enumerate(sorted(os.items()))}
    p, st, days = part(n_days, teams, away=away, recused=recused)
    state = PartState(p, st, rules or RULES, days)  # type: ignore[arg-type]
    keys = sorted({k for k, _ in placed} | set(unmet))
    es = {k: dataclasses.replace(entry(k, (0, n_days - 1), k[:-1], enterprise="F", index=int(k[-1])), row="F|mandatory") for k in keys}
    for k, day in placed:
        assert state.place(es[k], day, f"{k[:-1]}-1") is None, (k, day)
    for k, a, how, day in others:
        basis, mode = how.split("/")
        assert state.place(entry(k, (0, n_days - 1), a, basis=basis, mode=mode, enterprise="F"), day, f"{a}-1") is None, (k, day)
    team_list = [(t, a, "140403") for t, (a, _, _) in teams.items()]
    return {"140403": [es[k] for k in keys]}, dict.fromkeys(unmet, "R-PAIR"), team_list, st, {"140403": state}


def _all(n: int) -> dict[str, range]:  # two officers present every day
    return {"a": range(n), "b": range(n)}


def _only(*days: int) -> dict[str, list[int]]:
    return {"a": list(days), "b": list(days)}


# ---- scheduler/firm.py `most_arranged` -----------------------------------------------------------------------------------
def test_most_arranged_keeps_visits_exactly_the_gap_apart_in_either_order_and_places_every_must_or_nothing() -> None:
    """R-GAP read to the day in the firm's own search: two visits of one agency exactly 90 calendar days apart
    (`min_days_between_repeat_visits`) and two entries of different rows exactly 30 apart (`min_days_between_visits`)
    both fit, whichever of the two comes first in the list; a day less does not. A visit that must be placed (`must`)
    with no day: nothing ({})."""
    from tiny_part import RULES

    from scheduler.firm import most_arranged

    o = _ordinal()
    assert int(o[MON_1_JUNE] - o[TUE_3_MARCH]) == 90 and int(o[THU_2_APRIL] - o[TUE_3_MARCH]) == 30
    hb = _visits({"hb": 2})
    assert most_arranged(hb, {"hb0": [TUE_3_MARCH], "hb1": [MON_1_JUNE]}, o, RULES, 3) == {"hb0": TUE_3_MARCH, "hb1": MON_1_JUNE}
    assert most_arranged(hb, {"hb0": [MON_1_JUNE], "hb1": [TUE_3_MARCH]}, o, RULES, 3) == {"hb0": MON_1_JUNE, "hb1": TUE_3_MARCH}
    assert len(most_arranged(hb, {"hb0": [TUE_3_MARCH + 1], "hb1": [MON_1_JUNE]}, o, RULES, 3)) == 1
    rows = [_visits({"hb": 1})[0], _visits({"um": 1}, row="F|other")[0]]
    assert most_arranged(rows, {"hb0": [TUE_3_MARCH], "um0": [THU_2_APRIL]}, o, RULES, 3) == {"hb0": TUE_3_MARCH, "um0": THU_2_APRIL}
    assert most_arranged(rows, {"hb0": [THU_2_APRIL], "um0": [TUE_3_MARCH]}, o, RULES, 3) == {"hb0": THU_2_APRIL, "um0": TUE_3_MARCH}
    # a visit that must be placed has no day: nothing, not the others
    es = _visits({"hb": 1, "um": 1})
    assert most_arranged(es, {"hb0": [5], "um0": []}, o, RULES, 3, must={"um0"}) == {}
    assert most_arranged(es, {"hb0": [5], "um0": []}, o, RULES, 3) == {"hb0": 5}
    assert most_arranged(es, {"hb0": [5]}, o, RULES, 3) == {"hb0": 5}  # a visit not in `days` has none


# ---- scheduler/plan.py `_place_searched`, `_search_and_book`, `_room_days` ------------------------------------------------
def test_the_regroups_search_reads_the_whole_year_to_its_first_and_last_day_and_gives_back_the_windows_it_fails() -> None:
    """R-PRIORITY (review44 #1): `_place_searched` reads each visit's window as the year, as `mandatory_in_year` does:
    hb's crew is there only on the year's first working day, um's only on its last, and both are placed there (their
    windows are then the year). Where nothing can be booked — every staffing refused, SEARCH_TRIES times — it says
    so (False), books nothing and gives each visit its own window back."""
    from scheduler.plan import _place_searched

    n = 60
    req, _, _, _, states = _world(n, {"hb": _only(0), "um": _only(n - 1)}, [], ["hb0", "um0"])
    state, mine = states["140403"], req["140403"]
    for e in mine:
        e.window = (20, 40)
    assert _place_searched(state, mine, {}, {})
    assert {p.entry.key: p.day for p in state.by_enterprise["F"]} == {"hb0": 0, "um0": n - 1}
    assert [e.window for e in mine] == [(0, n - 1), (0, n - 1)]
    # every staffing refused: no arrangement booked, the windows given back
    req, _, _, _, states = _world(n, {"hb": _all(n), "um": _all(n)}, [], ["hb0", "um0"])
    state, mine = states["140403"], req["140403"]
    for e in mine:
        e.window = (20, 40)
    tries: list[int] = []

    def refuse(e, days, annual=True, team_off=None):  # type: ignore[no-untyped-def]
        tries.append(days[0])
        return "R-PAIR"

    state.place_anywhere = refuse  # type: ignore[method-assign]
    assert _place_searched(state, mine, {}, {}, {"hb0"}) is False
    assert not state.placed and [e.window for e in mine] == [(20, 40), (20, 40)] and len(tries) == 4  # SEARCH_TRIES
    # nothing more than the firm had fits (um has no crew): no arrangement booked
    req, _, _, _, states = _world(n, {"hb": _all(n), "um": _only()}, [], ["hb0", "um0"])
    assert _place_searched(states["140403"], req["140403"], {}, {}, {"hb0"}) is False and not states["140403"].placed


def test_the_search_books_on_a_team_not_kept_off_and_leaves_days_the_firms_visits_refuse() -> None:
    """R-PRIORITY inside the regroup's search: where the team with most room is kept off (`off`: its days held for an
    unmet trigger elsewhere in the city), the visit is booked on the other team of its agency, never on the held one;
    nor beyond a team's pair-feasible year (R-AVAIL).
    `_room_days` reads its visit's own window, and leaves out the days the firm's visits as they stand refuse
    (`enterprise_rule`: within 90 days of the agency's other visit, R-GAP)."""
    from tiny_part import RULES, entry, part

    from scheduler.plan import _place_searched, _room_days
    from scheduler.state import PartState

    p, st, days = part(30, {"hb-1": ("hb", 2, 2), "hb-2": ("hb", 2, 2)})
    state = PartState(p, st, RULES, days)
    e = dataclasses.replace(entry("hb0", (0, 29), enterprise="F"), row="F|mandatory")
    assert _place_searched(state, [e], {}, {"hb-1": set(range(30))})
    assert state.placed["hb0"].teams == {"hb": "hb-2"}
    # the team's pair-feasible year holds one more visit (R-AVAIL): hb1 is not booked beyond it
    p, st, days = part(200, {"hb-1": ("hb", 2, 2)})
    state = PartState(p, st, RULES, days)
    state.slices["hb-1"].annual_onsite = 1
    es = [dataclasses.replace(entry(f"hb{i}", (0, 199), enterprise="F", index=i), row="F|mandatory") for i in (0, 1)]
    assert _place_searched(state, es, {}, {}) and len(state.placed) == 1
    # its window's days only; none within 90 days of the firm's other hb visit
    req, _, _, _, states = _world(200, {"hb": _all(200)}, [("hb0", 0)], ["hb1"])
    state, e = states["140403"], req["140403"][1]
    far = [d for d in range(200) if state.ordinal[d] - state.ordinal[0] >= 90]
    assert _room_days(state, e, {}, {}, set()) == far
    e.window = (far[0] + 5, 199)
    assert _room_days(state, e, {}, {}, set()) == far[5:]


def test_the_search_asks_for_the_entries_and_agency_visits_the_firms_other_planned_visits_leave() -> None:
    """R-CAP-ENTRY and R-CAP-AGENCY in the regroup's search: the firm's planned on-site visits the regroup does not move
    (here a sampled hb visit on day 0, and a trigger's visit on day 5 that counts for neither, R-EXEMPT) take an entry
    and one of hb's two visits a year: the search asks for 3 − 1 entries and hb's one visit left, with the visit the firm
    had (hb0) to be placed again, and the arrangement it gets is booked as chosen (no day refused)."""
    import scheduler.plan as plan_mod

    req, _, _, _, states = _world(200, {"hb": _all(200), "um": _all(200)}, [], ["hb0", "um0"],
                                  others=[("s", "hb", "sampled/onsite", 0), ("t", "um", "triggered/onsite", 5)])
    state, mine = states["140403"], req["140403"]
    asked: list[tuple[int, dict[str, int] | None, set[str]]] = []
    real, refused = plan_mod.most_arranged, []
    real_place = state.place_anywhere

    def spy(entries, days, ordinal, rules, entries_left, agency_left=None, must=frozenset(), optimize=True):  # type: ignore[no-untyped-def]
        asked.append((entries_left, agency_left, set(must)))
        return real(entries, days, ordinal, rules, entries_left, agency_left, must, optimize)

    def place(e, days, annual=True, team_off=None):  # type: ignore[no-untyped-def]
        why = real_place(e, days, annual, team_off)
        if why is not None:
            refused.append((e.key, days))
        return why

    state.place_anywhere = place  # type: ignore[method-assign]
    import pytest
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(plan_mod, "most_arranged", spy)
        assert plan_mod._place_searched(state, mine, {}, {}, {"hb0"})
    assert asked[0] == (2, {"hb": 1, "um": 2}, {"hb0"}) and refused == []
    assert sorted(p.entry.key for p in state.by_enterprise["F"]) == ["hb0", "s", "t", "um0"]


def test_most_arranged_prefers_one_joint_entry_late_to_two_entries_early() -> None:
    """R-MERGE within R-CAP-ENTRY (joint visits preferred; a joint visit is one entry): hb free on the first and the
    last day, um on the second and the last, entries 1 calendar day apart allowed — both on the last day (one entry)
    beats the first two days (two entries), however much earlier those are; among equals, the earliest day."""
    from tiny_part import RULES

    from scheduler.firm import most_arranged

    es, o = _visits({"hb": 1, "um": 1}), _ordinal(10)
    rules = dataclasses.replace(RULES, gap_entries=1)
    assert most_arranged(es, {"hb0": [0, 9], "um0": [1, 9]}, o, rules, 2) == {"hb0": 9, "um0": 9}
    assert most_arranged(es, {"hb0": [0], "um0": [1]}, o, rules, 2) == {"hb0": 0, "um0": 1}  # no joint day: two entries
    assert most_arranged(es, {"hb0": [3, 8], "um0": [3, 8]}, o, rules, 2) == {"hb0": 3, "um0": 3}  # then the earliest day


# ---- scheduler/plan.py `_one_more_fits` (through `held_by_firm`) -----------------------------------------------------------
def test_a_visit_is_firm_held_only_where_no_arrangement_of_the_firms_planned_visits_fits_it_on_their_crews_days() -> None:
    """R-PRIORITY / R-CAP-ENTRY (review45 #1): two entries a year; hb's crew is there only on day 0 (hb0 placed there),
    um's every day (um0 placed on day 100), re's only on day 150 — as placed, re0 has no entry left. Moving um0 to day
    150 beside re0 fits all three: re0 is not held by the firm. A trigger's visit on day 150 (R-JOINT: another row, and
    R-EXEMPT: no entry of the cap) leaves re0 no day in any arrangement: held; one on day 199 changes nothing. Where um's
    only officers not recused from the firm are there together on day 100 alone, um0 cannot move: held (R-RECUSE). A
    visit of an agency no crew of which is ever there, at a firm with nothing placed: held too (R-AVAIL), no error."""
    from tiny_part import RULES

    from scheduler.plan import held_by_firm

    rules = dataclasses.replace(RULES, max_entries=2)
    crews = {"hb": _only(0), "um": _all(200), "re": _only(150)}
    placed = [("hb0", 0), ("um0", 100)]

    def held(**kw):  # type: ignore[no-untyped-def]
        req, unplaced, teams, st, states = _world(200, {**crews, **kw.pop("crews", {})}, placed, ["re0"], rules, **kw)
        return held_by_firm(req, unplaced, teams, st, states, 2)

    assert held() == {}
    assert held(others=[("t", "um", "triggered/onsite", 150)]) == {"re0": "R-JOINT"}
    assert held(others=[("t", "um", "triggered/onsite", 199)]) == {}
    recused = {"um-1-2": {"F"}, "um-1-3": {"F"}}
    assert held(crews={"um": {"a": [100], "b": [100], "c": range(200), "d": range(200)}}, recused=recused) == {"re0": "R-CAP-ENTRY"}
    req, unplaced, teams, st, states = _world(200, {"hb": _all(200), "um": _only()}, [], ["um0"])
    assert held_by_firm(req, unplaced, teams, st, states, 2) == {"um0": "R-AVAIL"}


# ---- scheduler/plan.py `_into_reserve`, `_no_day` --------------------------------------------------------------------------
def test_a_drawn_firm_takes_the_reserve_only_on_a_team_and_within_the_year_it_may_use() -> None:
    """R-SAMPLE over R-SPREAD (`_into_reserve`), and nothing else given way: the reserve day is not taken on a team kept
    off that day (R-PRIORITY's `team_off`), nor beyond the team's pair-feasible year (R-AVAIL, `annual`); otherwise it
    is. The reserve is closed again after each try."""
    from tiny_part import RULES, entry, part

    from scheduler.plan import _into_reserve, open_reserve
    from scheduler.state import PartState

    rules = dataclasses.replace(RULES, reserve=0.2)

    def week():  # type: ignore[no-untyped-def]
        p, st, days = part(5, {"hb-1": ("hb", 2, 1)}, rules=rules)
        state = PartState(p, st, rules, days)
        for i in range(4):
            assert state.place(entry(f"m{i}", (0, 4), enterprise=f"E{i}"), i, "hb-1") is None
        open_reserve({"140403": state})
        return state

    s = entry("s", (0, 4), basis="sampled", enterprise="S")
    state = week()
    assert _into_reserve(state, s, list(range(5)), True, {"hb-1": {4}}) is not None and "s" not in state.placed
    assert state.reserve_draw is False
    state.slices["hb-1"].annual_onsite = 4  # the team's pair-feasible year used up
    assert _into_reserve(state, s, list(range(5)), True, None) == "R-AVAIL" and "s" not in state.placed
    assert _into_reserve(state, s, list(range(5)), False, None) is None and state.placed["s"].day == 4
    state = week()
    assert _into_reserve(state, s, list(range(5)), True, {"hb-1": {0}}) is None and state.placed["s"].day == 4


def test_a_drawn_firm_left_out_is_told_which_rule_refused_its_days_and_whether_the_reserve_did_in_both_languages() -> None:
    """R-EXPLAIN of a skipped draw (`_no_day`, foreign45 F2, review45 #4), every sentence whole: the weekly reserve
    refused most days (R-SPREAD); another rule most, the reserve some (named as a rule, then the reserve); no reserve
    (a want of officers, as before)."""
    from scheduler.plan import Refusal, _no_day

    assert _no_day("hb", "R-SPREAD", False) == _no_day("hb", "R-SPREAD", True) == Refusal(
        "agency hb: no working day in its window could take it: the weekly reserve kept for triggers (R-SPREAD) the days left",
        "hb在检查时段内没有可安排的工作日：其余日期为每周为线索预留的机动容量（R-SPREAD）", "R-SPREAD", "hb")
    assert _no_day("um", "R-GAP", True) == Refusal(
        "agency um: no working day in its window could take it: R-GAP refused most days, and the weekly reserve kept for "
        "triggers (R-SPREAD) the days left",
        "um在检查时段内没有可安排的工作日：多数日期受R-GAP限制，其余日期为每周为线索预留的机动容量（R-SPREAD）", "R-GAP", "um")
    assert _no_day("um", "R-AVAIL", False) == Refusal(
        "agency um: no working day in its window with officers able to go (R-AVAIL)", "um在检查时段内没有可派足人员的工作日（R-AVAIL）",
        "R-AVAIL", "um")


# ---- scheduler/plan.py `_firm_refuses` ---------------------------------------------------------------------------------
def test_the_regroup_reads_the_days_a_crew_is_there_in_the_lost_visits_window_budget_or_not() -> None:
    """R-PRIORITY (review44 #1): whether the firm's visits as placed refuse a lost visit (`_firm_refuses`) is read on
    each day of its window a crew of its agency is there — whether or not its officers have budget left now (taking the
    firm's own visits out gives theirs back). hb0 on day 100 leaves hb1 no day within 90 calendar days of it (R-GAP):
    a window from day 101 to the day before the first lawful one is refused; to that day, it is not (its last day
    counts, and the free days before day 101 do not). An agency with no crew at all (one officer recused from the firm)
    is no refusal of the firm's."""
    from scheduler.plan import _firm_refuses, _room_days

    req, _, _, _, states = _world(200, {"hb": _all(200), "um": _all(200)}, [("hb0", 100)], ["hb1", "um0"], recused={"um-1-0": {"F"}})
    state = states["140403"]
    flow = state.flows["hb-1"]
    flow.budget = dict(flow.year_count)  # every officer's budget used
    hb1, um0 = req["140403"][1], req["140403"][2]
    lawful = next(d for d in range(101, 200) if state.ordinal[d] - state.ordinal[100] >= 90)
    hb1.window = (101, lawful - 1)
    assert _firm_refuses(state, hb1)
    hb1.window = (101, lawful)
    assert not _firm_refuses(state, hb1)
    assert not _firm_refuses(state, um0)
    assert _room_days(state, um0, {}, {}, set()) == []  # …nor a day the search may offer it (R-RECUSE)


# ---- checker/rules.py `arrangement_fits`, `_one_per_span` ---------------------------------------------------------------------
def _fits(visits: list[tuple[object, ...]], hb_days: set[dt.date], need: dict[str, int], **policy: int) -> bool:
    """`arrangement_fits` on test_mut48's fake Context (firm E of 140403): hb's crew o1/o2 there on `hb_days`, sj's
    crew s1/s2 every day; E's visits (basis, mode, agencies, date); the policy's caps and gaps (defaults 2 / 3 / 30 / 90)."""
    from types import SimpleNamespace

    from test_mut48 import _ctx

    from checker.rules import arrangement_fits

    ctx = _ctx(present={"o1": hb_days, "o2": hb_days})
    ctx.policy = SimpleNamespace(**{"officers_per_agency_on_visit": 2, "min_days_between_repeat_visits": 90, "min_days_between_visits": 30,
                                    "max_visits_per_agency_per_enterprise": 2, "max_entries_per_enterprise": 3, **policy})
    ctx.visits = [SimpleNamespace(enterprise_id="E", basis=b, mode=m, agencies=a, date=d) for b, m, a, d in visits]
    return arrangement_fits(ctx, "E", need)  # type: ignore[arg-type]


def test_the_checkers_arrangement_reads_the_caps_the_other_visits_days_and_one_entry_a_joint_day() -> None:
    """The checker's own model of a firm's limits (review45 #2): R-CAP-AGENCY — as many of one agency as the cap fits,
    one more never; R-JOINT — a trigger's visit on hb's only day leaves hb none (a planned visit's or a remote check's
    day does not); R-CAP-ENTRY — hb and sj on one day are one entry (one entry a year fits both), an agency asked for no
    visit is no entry; R-GAP between entries read at one day apart."""
    D = dt.date
    jan5, apr6, jul6 = D(2027, 1, 5), D(2027, 4, 6), D(2027, 7, 6)
    two = {jan5, jul6}
    assert _fits([], two, {"hb": 2}) and not _fits([], two, {"hb": 3}, max_visits_per_agency_per_enterprise=3)
    assert not _fits([], two, {"hb": 2}, max_visits_per_agency_per_enterprise=1)
    assert not _fits([("triggered", "onsite", ("sj",), apr6)], {apr6}, {"hb": 1})
    assert _fits([("sampled", "onsite", ("sj",), apr6), ("mandatory", "remote", ("sj",), apr6)], {apr6}, {"hb": 1})
    assert _fits([], {apr6}, {"hb": 1, "sj": 1}, max_entries_per_enterprise=1)
    assert _fits([], {apr6}, {"hb": 1, "sj": 0}, max_entries_per_enterprise=1)
    assert not _fits([], {apr6}, {"hb": 1, "sj": 1}, max_entries_per_enterprise=0)
    # hb's two visits on 6 and 7 April where the gaps are a day, or none (R-GAP: never one agency twice a day)
    both = {apr6, apr6 + dt.timedelta(days=1)}
    assert _fits([], both, {"hb": 2}, min_days_between_visits=1, min_days_between_repeat_visits=1)
    assert _fits([], both, {"hb": 2}, min_days_between_visits=0, min_days_between_repeat_visits=0)
    assert not _fits([], both, {"hb": 2}, min_days_between_visits=1, min_days_between_repeat_visits=2)


# ---- checker/rules.py `check_r_priority`'s `held_by: enterprise` branch ---------------------------------------------------
def test_a_firm_held_claim_is_read_without_error_and_asks_only_for_visits_owed(
        tiny_dir: Path, tiny_greedy_plan: Path, tmp_path: Path) -> None:
    """R-PRIORITY's check of a `held_by: enterprise` claim (review45 #2) on the tiny plan: a firm whose on-site visits
    are all gone from visits.csv, and a claim naming an agency it does not owe — nothing to verify, so no finding of
    that block, and the firm's visits made are read as none (not a missing index). A firm whose tier the policy does not
    know owes one visit of each agency: one made, no visit more is asked of an arrangement."""
    import json
    import shutil

    import pandas as pd

    from bundle import load_bundle
    from checker.facts import Context
    from checker.rules import check_r_priority

    plan = tmp_path / "plan"
    shutil.copytree(tiny_greedy_plan, plan)
    v = pd.read_csv(plan / "visits.csv", dtype=str, keep_default_na=False)
    b = load_bundle(tiny_dir / "bundle")
    ctx = Context(b, plan)
    agencies = set(b.agencies.agency_id)
    firm = sorted(f for f in set(v.enterprise_id) if f in ctx.enterprises and agencies - set(ctx.agency_items(f)))[0]
    stranger = sorted(agencies - set(ctx.agency_items(firm)))[0]
    v[~((v.enterprise_id == firm) & (v["mode"] == "onsite"))].to_csv(plan / "visits.csv", index=False)
    doc = json.loads((plan / "plan.json").read_text(encoding="utf-8"))
    doc["shortfalls"] = [{"kind": "mandatory", "id": firm, "agency": stranger, "rule": "R-CAP-ENTRY", "held_by": "enterprise",
                          "binding": "no day is left beside the enterprise's visits as placed (R-CAP-ENTRY)"}]
    (plan / "plan.json").write_text(json.dumps(doc), encoding="utf-8")
    got = check_r_priority(Context(b, plan))
    assert not [x for x in got if "held_by" in x.message or "no day is left" in x.message]
    # test_round45's world (two entries a year: hb alone on 1 March, um alone on 1 April; joint days would fit hb twice):
    # a finding while the firm owes hb two visits (tier D); none where its tier is unknown to the policy (one visit owed,
    # one made)
    v = pd.read_csv(tiny_greedy_plan / "visits.csv", dtype=str, keep_default_na=False)
    src = tmp_path / "bundle"
    shutil.copytree(tiny_dir / "bundle", src)
    pol = json.loads((src / "policy.json").read_text(encoding="utf-8"))
    (src / "policy.json").write_text(json.dumps({**pol, "max_entries_per_enterprise": 2}), encoding="utf-8")
    sampled_hb = set(v[(v.basis == "sampled") & v.agency_ids.str.contains("hb")].district_code)
    firm = sorted(f for f, (d, *_) in ctx.enterprises.items() if ctx.tier_of.get(f) == "D" and d in sampled_hb
                  and {"hb", "um"} <= set(ctx.agency_items(f)))[0]
    row = v[v.agency_ids == "hb"].iloc[0].to_dict() | {"enterprise_id": firm, "district_code": ctx.enterprises[firm][0],
                                                        "basis": "mandatory", "trigger_id": "", "tier": "D", "mode": "onsite"}
    mine = [row | {"visit_id": "X1", "date": "2027-03-01", "agency_ids": "hb", "lead_agency_id": "hb"},
            row | {"visit_id": "X2", "date": "2027-04-01", "agency_ids": "um", "lead_agency_id": "um"}]
    pd.concat([v[v.enterprise_id != firm], pd.DataFrame(mine)]).to_csv(plan / "visits.csv", index=False)
    doc["shortfalls"] = [{"kind": "mandatory", "id": firm, "agency": "hb", "rule": "R-CAP-ENTRY", "held_by": "enterprise",
                          "binding": "no day is left beside the enterprise's visits as placed (R-CAP-ENTRY)"}]
    (plan / "plan.json").write_text(json.dumps(doc), encoding="utf-8")
    ctx = Context(load_bundle(src), plan)
    assert len([x for x in check_r_priority(ctx) if "held_by: enterprise" in x.message]) == 1
    ctx = Context(load_bundle(src), plan)
    del ctx.tier_of[firm]
    assert [x.message for x in check_r_priority(ctx) if "held_by: enterprise" in x.message] == []


def test_a_remote_checks_day_is_open_to_the_firms_other_on_site_visits() -> None:
    """R-PRIORITY / R-JOINT (the defect mut51 found, mended): a planned remote check of another agency on the one day um's
    crew has does not make um's visit held by the firm — R-JOINT binds on-site visits only (state.too_close), so hb's
    visit moved to day 0 lets um's take day 50. Failed before: {'um0': 'R-GAP'}."""
    from scheduler.plan import held_by_firm

    crews = {"hb": _all(200), "um": _only(50), "re": _all(200)}
    req, unplaced, teams, st, states = _world(200, crews, [("hb0", 45)], ["um0"], others=[("r", "re", "mandatory/remote", 50)])
    assert held_by_firm(req, unplaced, teams, st, states, 2) == {}
    req, unplaced, teams, st, states = _world(200, crews, [("hb0", 45)], ["um0"], others=[("r", "re", "triggered/onsite", 50)])
    assert held_by_firm(req, unplaced, teams, st, states, 2) != {}  # an on-site visit there does keep the day (R-JOINT)
