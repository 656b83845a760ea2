"""mut50: mutants of round 44's mends (scheduler/plan.py's regroup, firm-held and held-team helpers and the sampled walk's
`needed`, scheduler/reasons.py's firm-held words and Binding, checker/rules.py's day-left verification) that the
existing tests let live, each killed here by the behaviour it changes (bench/mut50.md)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

HB = "hb-140403"


def _ent(key: str, window: tuple[int, int], agency: str = "hb", basis: str = "sampled", firm: str = "F", index: int = 0):  # type: ignore[no-untyped-def]
    from tiny_part import entry

    return entry(key, window, agency=agency, basis=basis, enterprise=firm, index=index)


def _state43(n_days: int, teams: dict[str, tuple[str, int, int]]):  # type: ignore[no-untyped-def]
    from tiny_part import RULES, part

    from scheduler.state import PartState

    p, s, days = part(n_days, teams)
    return PartState(p, s, RULES, days)


# ---- make_plan → walk_sampled(needed=held_teams(…)): hand mutant 1 --------------------------------------------------
def test_a_district_team_visits_drawn_firms_while_only_the_city_team_could_make_the_unmet_mandatory_visits(
        tiny_dir: Path, tiny_greedy_plan: Path, tmp_path: Path) -> None:
    """foreign44 w6 at the scale of a plan: um-140403's officers are recused from 140403's tier-D um firms all but one
    (one officer: no pair), so only the city team um-140400 could make those mandatory visits, and its two officers have
    one visit of budget each. Most of the visits are unmet for capacity (not out of reach, not held by the firm), so um
    is held back in 140403 (R-PRIORITY); what the unmet visits could use is the city team's (`held_teams`), and drawn um
    firms of 140403 are visited by the district's own team, never the city team. make_plan not passing the held teams
    to the walk (`needed=None`) left every one of them out for R-PRIORITY. The product's check passes."""
    from bundle import load_bundle
    from checker import check_plan
    from scheduler.output import write_plan
    from scheduler.plan import PlanOptions, make_plan

    src = tmp_path / "bundle"
    shutil.copytree(tiny_dir / "bundle", src)
    v = pd.read_csv(tiny_greedy_plan / "visits.csv", dtype=str, keep_default_na=False)
    firms = sorted(set(v[(v.basis == "mandatory") & (v.district_code == "140403") & v.agency_ids.str.split(";").map(lambda a: "um" in a)].enterprise_id))
    assert len(firms) >= 3
    off = pd.read_csv(src / "officers.csv", dtype=str, keep_default_na=False)
    off.loc[off.officer_id.isin(["um-140400-000", "um-140400-001"]), "annual_visit_budget"] = "1"
    off.to_csv(src / "officers.csv", index=False)
    rec = pd.read_csv(src / "recusals.csv", dtype=str, keep_default_na=False)
    mine = [(o, f, "亲属关系") for f in firms for o in ("um-140403-000", "um-140403-001", "um-140403-002")]
    pd.concat([rec, pd.DataFrame(mine, columns=rec.columns)]).to_csv(src / "recusals.csv", index=False)
    b = load_bundle(src)
    p = make_plan(b, PlanOptions(processes=1, use_solver=False))
    by_key = {e.key: e for e in p.req.entries}
    unmet = [k for k in p.unplaced if by_key[k].basis == "mandatory" and by_key[k].district == "140403" and by_key[k].agencies[0] == "um"]
    # unmet for capacity: what no plan could make (out of reach) or the firm's own visits leave no day for hold nothing
    assert len(unmet) >= 3 and not [k for k in unmet if k in p.out_of_reach or k in p.firm_held], unmet
    sampled = [x for x in p.placed if x.entry.basis == "sampled" and x.entry.district == "140403" and "um" in x.entry.agencies]
    assert len(sampled) >= 5, sorted(p.sel.skipped.values())
    assert {x.teams["um"] for x in sampled} == {"um-140403"}
    out = write_plan(p, tmp_path / "plan")
    assert check_plan(b, out) == []


# ---- _unrecused: hand mutant 2 ----------------------------------------------------------------------------------------
def _swap_world(recuse_staffing: bool):  # type: ignore[no-untyped-def]
    """hb-140403 of three officers, one visit a day, present days 0–2; G (rank 2, sampled) holds day 1; F (rank 1,
    skipped) needs hb. With `recuse_staffing`, one of the two officers staffing G's seat is recused from F."""
    from scheduler.requirements import Requirements
    from scheduler.select import Selection

    st = _state43(3, teams={HB: ("hb", 3, 1)})
    ef = _ent("F|hb", (0, 2), firm="F")
    eg = _ent("G|hb", (0, 2), firm="G")
    for d in (0, 2):  # days 0 and 2 full: only G's day could take F
        assert st.place(_ent(f"X{d}|hb", (d, d), firm=f"X{d}"), d, HB) is None
    assert st.place(eg, 1, HB) is None
    staffing = st.flows[HB].assign[eg.key]
    assert len(staffing) == 2
    if recuse_staffing:
        st.flows[HB].recused.setdefault(staffing[0], set()).add("F")
    req = Requirements([ef, eg], {"F": 1, "G": 1}, {"C": 1}, {"C": ["F", "G"]}, {}, set(), [], {})
    sel = Selection({}, {}, {}, {"F": "R-AVAIL: no day"}, {"F": [ef], "G": [eg]})
    return st, req, sel, staffing


def test_a_swap_is_tried_on_a_day_whose_seat_holds_a_recused_officer_while_the_team_has_a_free_pair_there() -> None:
    """foreign44 w6 (rank 94 never tried rank 113's day): the swap's recusal pre-check (`_unrecused`) reads the team's
    officers present that day, not the seat's staffing of the moment. G's seat is staffed by two of hb's three officers,
    one of them recused from F; the other two are free that day, so F takes G's place (re-staffed), and its staffing
    holds no officer recused from it. Reverted to the seat's staffing, the day was never tried: F stayed out."""
    from scheduler.plan import _unrecused, swap_in_draw_order

    st, req, sel, staffing = _swap_world(True)
    status, taken = {"F": "capacity", "G": "sampled"}, ["G"]
    swap_in_draw_order(req, sel, {"140403": st}, "C", taken, status, None, {}, set(), lambda teams: (lambda e, days: None),  # type: ignore[arg-type,return-value]
                       lambda e: {})
    assert status == {"F": "sampled", "G": "capacity"} and taken == ["F"]
    f = st.placed["F|hb"]
    assert f.day == 1 and staffing[0] not in st.flows[HB].assign["F|hb"], st.flows[HB].assign
    st, req, sel, staffing = _swap_world(True)
    g = st.placed["G|hb"]
    assert _unrecused(st, g, "F") and _unrecused(st, g, "G")
    # the officers present count, not the staffing: with two of the three away on day 1, no pair may go
    st, req, sel, staffing = _swap_world(False)
    flow = st.flows[HB]
    for o in flow.officers[1:]:
        flow.available[o] = flow.available[o].copy()
        flow.available[o][1] = False
    assert not _unrecused(st, st.placed["G|hb"], "F")


# ---- _place_constrained_first: the regroup's second way -----------------------------------------------------------------
def _one_team(present: list[int], n_days: int = 10, agency: str = "um"):  # type: ignore[no-untyped-def]
    """A part of one team `{agency}-140403` (two officers, present on `present` only) and firm F's mandatory visit."""
    from tiny_part import RULES, entry, part

    from scheduler.state import PartState

    tid = f"{agency}-140403"
    away = {f"{tid}-{i}": [d for d in range(n_days) if d not in present] for i in range(2)}
    p, st, days = part(n_days, {tid: (agency, 2, 2)}, away=away)
    return PartState(p, st, RULES, days), entry(f"{agency}0", (0, n_days - 1), agency, enterprise="F"), tid


def test_the_regroups_one_by_one_way_takes_its_windows_last_day_and_keeps_off_the_held_days_and_teams() -> None:
    """`_place_constrained_first` places each agency-visit on a day of its window (its last day too), never on a day
    `avoid` keeps for an unmet trigger of its agency (`held_days`), never on a team's day `off` keeps (a city team's,
    held in the city); all or nothing (False: nothing is left placed)."""
    from scheduler.plan import _place_constrained_first

    state, e, _ = _one_team([9])
    assert _place_constrained_first(state, [e], {}, {}) and state.placed[e.key].day == 9
    state, e, _ = _one_team([5])
    assert not _place_constrained_first(state, [e], {("140403", "um"): {5}}, {}) and not state.placed
    assert _place_constrained_first(state, [e], {("140403", "hb"): {5}}, {}) and state.placed[e.key].day == 5
    state, e, tid = _one_team([5])
    assert not _place_constrained_first(state, [e], {}, {tid: {5}}) and not state.placed
    assert _place_constrained_first(state, [e], {}, {"hb-140403": {5}}) and state.placed[e.key].day == 5


# ---- _binding_rule: the rule a firm-held visit names ---------------------------------------------------------------------
def test_a_firm_held_visit_names_its_agencys_cap_wherever_it_refused_a_day_else_the_rule_of_most_days() -> None:
    """R-CAP-ENTRY or R-CAP-AGENCY wherever either refused a day (what a re-arranged gap could not undo), else the rule
    that refused most days — not the greatest name; R-AVAIL where no day was refused (no team could go)."""
    from scheduler.plan import _binding_rule

    assert _binding_rule(["R-GAP", "R-GAP", "R-CAP-AGENCY", "R-JOINT"]) == "R-CAP-AGENCY"
    assert _binding_rule(["R-CAP-AGENCY", "R-GAP", "R-CAP-ENTRY"]) == "R-CAP-ENTRY"
    assert _binding_rule(["R-GAP", "R-GAP", "R-JOINT"]) == "R-GAP"
    assert _binding_rule(["R-JOINT", "R-GAP", "R-JOINT"]) == "R-JOINT"
    assert _binding_rule([]) == "R-AVAIL"


# ---- _without: a held agency whose unmet visits no team could use --------------------------------------------------------
def test_a_held_back_agency_with_no_team_its_unmet_visits_could_use_keeps_no_team_from_the_walk() -> None:
    """`held_teams` names no team for a held (district, agency) whose unmet visits no team could staff with a budget
    (`held_back` and `held_teams` read the same visits, but only the latter asks whether a crew exists). The walk then
    keeps no team of that agency from a drawn firm: it is placed (`_without` reads `needed` with an empty default)."""
    from tiny_part import RULES, entry, part

    from scheduler.plan import walk_sampled
    from scheduler.requirements import Requirements
    from scheduler.select import Selection
    from scheduler.state import PartState

    p, st, days = part(20, {"T1": ("hb", 2, 2), "T2": ("hb", 2, 2)})
    state = PartState(p, st, RULES, days)
    s = entry("S", (0, 19), basis="sampled", enterprise="S")
    req = Requirements([], {}, {"C": 1}, {"C": ["S"]}, {}, set(), [], {})
    sel = Selection({}, {}, {}, {}, {"S": [s]})
    status, _ = walk_sampled(req, sel, {"140403": state}, {("140403", "hb")}, {}, None, {("140403", "um"): {"T1"}})
    assert status == {"S": "sampled"}, sel.skipped


def test_a_drawn_firm_placed_beside_the_held_teams_keeps_off_the_days_an_unmet_trigger_holds() -> None:
    """The walk's `needed` branch (a held agency's drawn firm on a team its unmet visits cannot use) still keeps off
    `avoid`'s days (`held_days`: an unmet trigger of the agency held by its days) — only the last day is left."""
    from tiny_part import RULES, entry, part

    from scheduler.plan import walk_sampled
    from scheduler.requirements import Requirements
    from scheduler.select import Selection
    from scheduler.state import PartState

    p, st, days = part(20, {"T1": ("hb", 2, 2), "T2": ("hb", 2, 2)})
    state = PartState(p, st, RULES, days)
    s = entry("S", (0, 19), basis="sampled", enterprise="S")
    req = Requirements([], {}, {"C": 1}, {"C": ["S"]}, {}, set(), [], {})
    sel = Selection({}, {}, {}, {}, {"S": [s]})
    status, _ = walk_sampled(req, sel, {"140403": state}, {("140403", "hb")}, {("140403", "hb"): set(range(19))}, None,
                             {("140403", "hb"): {"T2"}})
    assert status == {"S": "sampled"} and (state.placed["S"].day, state.placed["S"].teams) == (19, {"hb": "T1"})


# ---- scheduler/reasons.py: firm_held_words ---------------------------------------------------------------------------------
def _held_plan(rule: str):  # type: ignore[no-untyped-def]
    from types import SimpleNamespace

    pol = SimpleNamespace(max_entries_per_enterprise=3, min_days_between_repeat_visits=90, min_days_between_visits=30,
                          max_visits_per_agency_per_enterprise=2)
    return SimpleNamespace(firm_held={"F|mandatory|1|onsite|um": rule}, bundle=SimpleNamespace(policy=pol))


def test_a_firm_held_visit_says_which_of_the_firms_limits_left_it_no_day_in_both_languages() -> None:
    """foreign44 F4: an unmet mandatory visit no day could take beside its firm's visits as placed says so — the
    policy's numbers, the rule, the agency, in Chinese and in English (the part's tag is not its reason); a visit that
    is not firm-held has no such words."""
    from tiny_part import entry

    from scheduler.reasons import firm_held_words

    e = entry("F|mandatory|1|onsite|um", (0, 9), "um", enterprise="F", index=1)
    on_zh, on_en = "um：可派队伍能到场的每个工作日，", "um: on every working day a team of um could go, "
    tail_zh, tail_en = "；在本计划对该企业已安排的检查之外无日可排", ": no day is left beside the enterprise's visits as placed"
    want = {
        "R-CAP-ENTRY": ("该企业全年3次入企已排在其他日期（R-CAP-ENTRY），um不能加入其中任何一日（当日无人可派，或距um本次以外的检查不足90天，R-GAP）",
                        "the enterprise's 3 entries of the year are placed on other days (R-CAP-ENTRY), and um could join none of "
                        "them (no team of um could go that day, or it is within 90 days of um's own visit: R-GAP)"),
        "R-AVAIL": ("um没有可派足人员的工作日", "no team of um could go on any working day"),
        "R-GAP": ("距该企业已安排的检查不足间隔（入企间隔30天、同一主体90天，R-GAP）",
                  "it would fall too near the enterprise's visits as placed (30 days between entries, 90 between one "
                  "agency's visits: R-GAP)"),
        "R-CAP-AGENCY": ("um对该企业的年度检查次数已达上限2次（R-CAP-AGENCY）", "um already makes its 2 visits of the year there (R-CAP-AGENCY)"),
        "R-JOINT": ("该企业当日已有不能合并的检查（R-JOINT）", "the enterprise has a visit that day it cannot join (R-JOINT)"),
    }
    for rule, (zh, en) in want.items():
        assert firm_held_words(_held_plan(rule), e) == (on_zh + zh + tail_zh, on_en + en + tail_en, rule), rule  # type: ignore[arg-type]
    other = entry("F|mandatory|0|onsite|um", (0, 9), "um", enterprise="F")
    assert firm_held_words(_held_plan("R-GAP"), other) is None  # type: ignore[arg-type]


# ---- held_teams: what an unmet visit could use ------------------------------------------------------------------------------
def test_the_teams_an_unmet_visit_could_use_read_one_officer_for_a_remote_check_and_a_triggers_own_window() -> None:
    """`held_teams`: a team counts for an unmet visit where `k` of its officers with a budget, not recused from the firm,
    are present together on a day of the visit's window — one officer for a remote check; a mandatory visit's window
    is the year (as `mandatory_in_year` tries), a trigger's its own. An officer with no budget counts for nothing."""
    from tiny_part import RULES, entry, part

    from scheduler.plan import held_teams
    from scheduler.state import PartState

    teams = [("T1", "hb", "140403"), ("T2", "hb", "140403")]

    def needed(e, recused=None, away=None, budget=60):  # type: ignore[no-untyped-def]
        p, st, days = part(20, {"T1": ("hb", 2, 2), "T2": ("hb", 2, 2)}, budget=budget, recused=recused, away=away)
        states = {"140403": PartState(p, st, RULES, days)}
        return held_teams({"140403": [e]}, {e.key: "R-PAIR"}, states, set(), teams, st, 2).get(("140403", "hb"), set())

    one_left = {"T1-0": {"M"}}
    p0, st0, d0 = part(20, {"T1": ("hb", 2, 2), "T2": ("hb", 2, 2)})
    assert needed(entry("M", (0, 19), enterprise="M"), one_left) == {"T2"}
    # a team of the agency with no officer in the register (none with a budget) is passed over
    assert held_teams({"140403": [entry("M", (0, 19), enterprise="M")]}, {"M": "R-PAIR"}, {"140403": PartState(p0, st0, RULES, d0)},
                      set(), [*teams, ("T3", "hb", "140403")], st0, 2) == {("140403", "hb"): {"T1", "T2"}}
    # a visit met, listed first, is passed over, not the end of the district's list
    p, st, days = part(20, {"T1": ("hb", 2, 2), "T2": ("hb", 2, 2)}, recused=one_left)
    met, m = entry("A", (0, 19), enterprise="A"), entry("M", (0, 19), enterprise="M")
    assert held_teams({"140403": [met, m]}, {"M": "R-PAIR"}, {"140403": PartState(p, st, RULES, days)}, set(), teams, st, 2) \
        == {("140403", "hb"): {"T2"}}
    assert needed(entry("M", (0, 19), mode="remote", enterprise="M"), one_left) == {"T1", "T2"}
    # T1 away together days 0–4 only: a trigger of days 0–4 only T2 could make; a mandatory visit either
    away = {"T1-0": list(range(5)), "T1-1": list(range(5))}
    assert needed(entry("M", (0, 4), basis="triggered", enterprise="M"), None, away) == {"T2"}
    assert needed(entry("M", (0, 4), enterprise="M"), None, away) == {"T1", "T2"}
    # no budget: T1's officers count for nothing (`budgeted`)
    assert needed(entry("M", (0, 19), enterprise="M"), None, None, {"T1-0": 0, "T1-1": 0}) == {"T2"}
    assert needed(entry("M", (0, 19), enterprise="M"), None, None, {"T1-0": 1, "T1-1": 1}) == {"T1", "T2"}  # one visit left
    # a trigger held by its days (`day_held`: every day of its short window booked to both teams' limit) holds those
    # days (`held_days`), not the teams
    p, st, days = part(20, {"T1": ("hb", 2, 1), "T2": ("hb", 2, 1)})
    state = PartState(p, st, RULES, days)
    for d in (0, 1):
        for t in ("T1", "T2"):
            assert state.place(entry(f"X{d}{t}", (d, d), basis="sampled", enterprise=f"X{d}{t}"), d, t) is None
    trig = entry("M", (0, 1), basis="triggered", enterprise="M")
    assert held_teams({"140403": [trig]}, {"M": "R-AVAIL"}, {"140403": state}, set(), teams, st, 2) == {}
    assert held_teams({"140403": [trig]}, {"M": "R-AVAIL"}, {"140403": PartState(p, st, RULES, days)}, set(), teams, st, 2) \
        == {("140403", "hb"): {"T1", "T2"}}


# ---- held_by_firm: which unmet visits a firm's own visits hold --------------------------------------------------------------
def _firm_world(unmet: list[tuple[str, str, str, int]]):  # type: ignore[no-untyped-def]
    """Firm F of 140403 (test_round44's F1 firm), an hb team present days 0–70 of 200 and a um team days 100–199 (two
    officers each): hb's visits on days 0 and 70, um's first on day 100 (three entries, the cap); `unmet` = (key, basis,
    mode, index) of F's um visits left unmet."""
    import dataclasses

    from tiny_part import RULES, entry, part

    from scheduler.state import PartState

    away = {**{f"um-1-{i}": list(range(100)) for i in range(2)}, **{f"hb-1-{i}": list(range(71, 200)) for i in range(2)}}
    p, st, days = part(200, {"hb-1": ("hb", 2, 2), "um-1": ("um", 2, 2)}, away=away)
    state = PartState(p, st, RULES, days)
    mine = []
    for key, a, day, k in (("hb0", "hb", 0, 0), ("hb1", "hb", 70, 1), ("um0", "um", 100, 0)):
        e = dataclasses.replace(entry(key, (0, 199), a, enterprise="F", index=k), row="F|mandatory")
        assert state.place(e, day, f"{a}-1") is None
        mine.append(e)
    for key, basis, mode, k in unmet:
        mine.append(dataclasses.replace(entry(key, (0, 199), "um", basis=basis, mode=mode, enterprise="F", index=k), row=f"F|{basis}"))
    teams = [("hb-1", "hb", "140403"), ("um-1", "um", "140403")]
    return {"140403": mine}, {key: "R-PAIR" for key, _, _, _ in unmet}, teams, st, {"140403": state}


def test_only_unmet_mandatory_on_site_visits_are_held_by_the_firm_each_of_them_and_only_where_the_district_has_a_part() -> None:
    """`held_by_firm`: um's days (100–199) all fall within 90 days of its visit or on no entry day with three used
    (R-CAP-ENTRY): a second and a third unmet mandatory um visit are both firm-held (the answer is kept per firm and
    agency); a follow-up or a remote check of um unmet there is not (not a planned on-site visit); a district no part
    planned holds nothing."""
    from scheduler.plan import held_by_firm

    req, unplaced, teams, st, states = _firm_world([("um1", "mandatory", "onsite", 1), ("um2", "mandatory", "onsite", 2),
                                                    ("fu", "follow_up", "onsite", 0), ("rm", "mandatory", "remote", 3)])
    assert held_by_firm(req, unplaced, teams, st, states, 2) == {"um1": "R-CAP-ENTRY", "um2": "R-CAP-ENTRY"}
    assert held_by_firm({"140404": req["140403"]}, unplaced, teams, st, states, 2) == {}
    assert held_by_firm({"140404": [], **req}, unplaced, teams, st, states, 2) == {"um1": "R-CAP-ENTRY", "um2": "R-CAP-ENTRY"}
    assert held_by_firm(req, {**unplaced, "um1": "R-CERT"}, teams, st, states, 2) == {"um2": "R-CAP-ENTRY"}
    # another firm's unmet um visit, which nothing of its own holds, is read for itself (per firm and agency)
    import dataclasses

    from tiny_part import entry

    g = dataclasses.replace(entry("G|um", (0, 199), "um", enterprise="G"), row="G|mandatory")
    assert held_by_firm({"140403": [*req["140403"], g]}, {**unplaced, "G|um": "R-PAIR"}, teams, st, states, 2) \
        == {"um1": "R-CAP-ENTRY", "um2": "R-CAP-ENTRY"}


# ---- regroup_firms: the days a trigger held by its days keeps ----------------------------------------------------------------
def test_the_regroup_keeps_off_the_days_an_unmet_trigger_held_by_its_days_keeps() -> None:
    """foreign44 F3's regroup (hb on days 0 and 80, um alone on day 40: three entries, um's second visit with no day)
    places F's visits again, hb and um together — never on the days an unmet um trigger held by its days keeps
    (`held_days`; review44 #3): G's trigger of days 0–4 finds um's team full on days 1–4 and G's own visit on day 0."""
    import dataclasses

    from tiny_part import RULES, entry, part

    from scheduler.plan import regroup_firms
    from scheduler.state import PartState

    p, st, days = part(200, {"hb-1": ("hb", 2, 2), "um-1": ("um", 2, 2)})
    state = PartState(p, st, RULES, days)
    es = {f"{a}{k}": dataclasses.replace(entry(f"{a}{k}", (0, 199), a, enterprise="F", index=k), row="F|mandatory")
          for a in ("hb", "um") for k in (0, 1)}
    for key, day in (("hb0", 0), ("um0", 40), ("hb1", 80)):
        assert state.place(es[key], day, f"{key[:2]}-1") is None
    for d in range(1, 5):  # um's team full on days 1–4 (two visits a day)
        for i in (0, 1):
            assert state.place(entry(f"X{d}{i}", (d, d), "um", basis="sampled", enterprise=f"X{d}{i}"), d, "um-1") is None
    assert state.place(entry("G0", (0, 0), "hb", basis="sampled", enterprise="G"), 0, "hb-1") is None
    trig = entry("T", (0, 4), "um", basis="triggered", enterprise="G")
    required = {"140403": [*es.values(), trig]}
    unplaced = {"um1": "R-CAP-ENTRY", "T": "R-AVAIL"}
    assert regroup_firms({"140403": state}, required, unplaced, lambda e: False, {}) == ["um1"]
    um_days = sorted(x.day for x in state.by_enterprise["F"] if x.entry.agencies == ("um",))
    assert len(um_days) == 2 and um_days[0] >= 5, um_days


# ---- checker/rules.py: day_left_beside (the verification of `held_by: enterprise`) -----------------------------------------
def _beside(visits: list[tuple[object, ...]], days: set[object]):  # type: ignore[no-untyped-def]
    """test_mut48's fake Context: firm E of 140403, hb's crew o1/o2 present on `days`; E's visits (basis, mode,
    agencies, date); two visits of an agency, three entries, 30 days between entries, 90 between one agency's."""
    from types import SimpleNamespace

    from test_mut48 import _ctx

    ctx = _ctx(present={"o1": days, "o2": days})
    ctx.policy = SimpleNamespace(officers_per_agency_on_visit=2, min_days_between_repeat_visits=90, min_days_between_visits=30,
                                 max_visits_per_agency_per_enterprise=2, max_entries_per_enterprise=3)
    ctx.visits = [SimpleNamespace(enterprise_id=f, basis=b, mode=m, agencies=a, date=d) for f, b, m, a, d in
                  (("E", *v) if len(v) == 4 else v for v in visits)]
    return ctx


def test_a_day_is_left_beside_the_firms_visits_exactly_where_its_entries_gaps_and_caps_allow() -> None:
    """R-PRIORITY's check of a firm-held claim (`day_left_beside`): hb visited E on 5 January; 5 April is exactly 90
    days on (R-GAP: not less than 90) and a lawful day; 2 April is not. A fourth entry day is refused (R-CAP-ENTRY) but
    another agency's entry day may be joined; an entry within 30 days of another is refused, exactly 30 is not; a
    trigger's visit that day (R-JOINT), or hb's two visits made (R-CAP-AGENCY), leave nothing. Remote checks, undated
    rows and other firms' visits are no entries."""
    import datetime as dt

    from checker.rules import day_left_beside

    D = dt.date
    jan5, apr2, apr5 = D(2027, 1, 5), D(2027, 4, 2), D(2027, 4, 5)
    hb = ("mandatory", "onsite", ("hb",), jan5)
    noise = [("mandatory", "remote", ("um",), D(2027, 3, 20)), ("sampled", "onsite", ("um",), None),
             ("F", "sampled", "onsite", ("um",), D(2027, 3, 20))]
    assert day_left_beside(_beside([hb, *noise], {apr2, apr5}), "E", "hb") == apr5  # type: ignore[arg-type]
    assert day_left_beside(_beside([hb], {apr2}), "E", "hb") is None  # type: ignore[arg-type]
    um = lambda d: ("sampled", "onsite", ("um",), d)  # noqa: E731
    # three entries used: only another agency's entry day is left
    assert day_left_beside(_beside([hb, um(D(2027, 2, 15)), um(D(2027, 3, 1))], {apr5}), "E", "hb") is None  # type: ignore[arg-type]
    assert day_left_beside(_beside([hb, um(D(2027, 2, 15)), um(apr5)], {apr5}), "E", "hb") == apr5  # type: ignore[arg-type]
    # entries to spare: 30 days from another entry, not 26
    assert day_left_beside(_beside([hb, um(D(2027, 3, 10))], {apr5}), "E", "hb") is None  # type: ignore[arg-type]
    assert day_left_beside(_beside([hb, um(D(2027, 3, 6))], {apr5}), "E", "hb") == apr5  # type: ignore[arg-type]
    # a trigger's visit that day; hb's cap reached
    assert day_left_beside(_beside([hb, ("triggered", "onsite", ("um",), apr5)], {apr5}), "E", "hb") is None  # type: ignore[arg-type]
    assert day_left_beside(_beside([hb, ("sampled", "onsite", ("hb", "um"), D(2027, 12, 1))], {apr5}), "E", "hb") is None  # type: ignore[arg-type]


# ---- scheduler/reasons.py: Binding.of, the branches round 44 moved into it -------------------------------------------------
def test_binding_words_say_what_the_visit_gave_way_to_what_ended_before_the_plan_and_no_team(monkeypatch: object) -> None:
    """R-EXPLAIN through `Binding.of` (foreign44 F4: one source for plan.json and selection.csv), the resources' own
    words stubbed: a visit that gave way (R-PRIORITY) names the trigger or the follow-up it gave way to, before the
    district's resource words read for its window and the district's count short of capacity; one whose window ended
    before the plan's first day is "before solving"; a part's R-TEAM is said in its own words, not an officer's cause;
    the firm's own days taken say R-JOINT."""
    from types import SimpleNamespace

    import pytest
    from tiny_part import entry

    from scheduler import reasons

    mp = monkeypatch
    assert isinstance(mp, pytest.MonkeyPatch)
    asked: list[tuple[object, ...]] = []

    def resource_text(plan, d, a, n, window=None, gone=()):  # type: ignore[no-untyped-def]
        asked.append((plan, d, a, n, window))
        return "资源不足", "short of officers", "R-AVAIL"
    ended = {"E": ("时限已过", "its window ended", "R-WINDOW")}
    mp.setattr(reasons, "resource_text", resource_text)
    mp.setattr(reasons, "absent_teams", lambda plan, d, a, w: [])
    mp.setattr(reasons, "certificate_ends", lambda plan: {})
    mp.setattr(reasons, "ended_before_plan", lambda plan, e: ended.get(e.key))
    mp.setattr(reasons, "officer_cause", lambda plan, e, ends=None: ("证书", "certificates", "R-CERT"))
    mp.setattr(reasons, "firm_days_taken", lambda plan, e: ("当日已排", "its days are taken") if e.key == "J" else None)
    m, f = entry("M", (3, 9), enterprise="F"), entry("G", (4, 8), enterprise="G")
    t = entry("T1k", (0, 9), basis="triggered", enterprise="X")
    t.trigger_id = "T0001"
    fu = entry("FUk", (0, 9), basis="follow_up", enterprise="Y")
    others = [entry(k, (0, 9), enterprise=k) for k in ("E", "R", "J")]
    plan = SimpleNamespace(req=SimpleNamespace(entries=[m, f, t, fu, *others]), out_of_reach={}, firm_held={}, elsewhere={},
                           year_failed=set(), gave_way={"M": "T1k", "G": "FUk"},
                           unplaced={"M": "R-AVAIL", "G": "R-AVAIL", "E": "R-AVAIL", "R": "R-TEAM", "J": "R-AVAIL"})
    b = reasons.Binding(plan)  # type: ignore[arg-type]
    assert b.of(m) == ("hb：检查力量让位于线索T0001（线索与复查优先，R-PRIORITY）；资源不足",
                       "hb: gave way to trigger T0001 (triggers and follow-ups first, R-PRIORITY); short of officers",
                       "R-PRIORITY", "after solving", [])
    assert asked == [(plan, "140403", "hb", 4, (3, 9))]  # M, G, R and J counted short of capacity, not E (its window ended)
    assert b.of(f)[:3] == ("hb：检查力量让位于Y的复查（线索与复查优先，R-PRIORITY）；资源不足",
                           "hb: gave way to the follow-up at Y (triggers and follow-ups first, R-PRIORITY); short of officers",
                           "R-PRIORITY")
    assert b.of(others[0]) == ("时限已过", "its window ended", "R-WINDOW", "before solving", [])
    assert b.of(others[1]) == ("hb：本区无可派队伍", "hb: no team may work in district 140403", "R-TEAM", "before solving", [])
    assert b.of(others[2]) == ("当日已排", "its days are taken", "R-JOINT", "after solving", [])


# ---- check_r_priority's `held_by: enterprise` verification: the finding names the firm -------------------------------------
def test_a_false_firm_held_claim_is_a_finding_about_that_firm(tiny_dir: Path, tiny_greedy_plan: Path, tmp_path: Path) -> None:
    """test_round44's verification, read whole: a firm's hb visit taken out of the tiny plan, and a shortfall claiming no
    day is left beside its visits (`held_by: enterprise`) while hb made sampled visits in its district: one R-PRIORITY
    finding (invariant 11) about that firm, naming a lawful day."""
    import json

    from bundle import load_bundle
    from checker.facts import Context
    from checker.rules import check_r_priority, day_left_beside

    plan = tmp_path / "plan"
    shutil.copytree(tiny_greedy_plan, plan)
    v = pd.read_csv(plan / "visits.csv", dtype=str, keep_default_na=False)
    b = load_bundle(tiny_dir / "bundle")
    hb = v.agency_ids.str.split(";").map(lambda x: "hb" in x)
    with_sampled = set(v[(v.basis == "sampled") & hb].district_code)
    twice = v[hb & (v.basis == "mandatory") & v.district_code.isin(with_sampled)].groupby("enterprise_id").size()
    firm = sorted(twice[twice == b.policy.max_visits_per_agency_per_enterprise].index)[0]
    v.drop([v.index[hb & (v.basis == "mandatory") & (v.enterprise_id == firm)][-1]]).to_csv(plan / "visits.csv", index=False)
    doc = json.loads((plan / "plan.json").read_text(encoding="utf-8"))
    doc["shortfalls"] = [{"kind": "mandatory", "id": firm, "agency": "hb", "rule": "R-CAP-AGENCY", "held_by": "enterprise",
                          "binding": "no day is left beside the enterprise's visits as placed (R-CAP-AGENCY)"}]
    (plan / "plan.json").write_text(json.dumps(doc), encoding="utf-8")
    ctx = Context(b, plan)
    left = day_left_beside(ctx, firm, "hb")
    got = [(x.invariant, x.rule, x.where, x.message) for x in check_r_priority(ctx) if "no day is left" in x.message]
    assert [g[:3] for g in got] == [(11, "R-PRIORITY", firm)] and left is not None
    assert got[0][3].startswith(f"shortfall 0 says no day is left for agency hb beside the enterprise's visits, yet {left} is")
