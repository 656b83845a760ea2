"""mut48: mutation round on round 43's code — what no plan could make (scheduler/plan.py `unreachable`, `held_back` /
`held_days`'s `far`, checker/rules.py `most_visits` and `check_r_priority`'s R-GAP verification, scheduler/reasons.py
`out_of_reach_words`), the plan made during its year (`ended_before_plan`, `first_day_notice`, `_year_days`), each
rule's visits said apart (`_own_and_besides`) and `walk_sampled`'s tries counted against the agency a refusal names.
Hand-made inputs and small fakes; one test reads the tiny bureau's greedy plan (conftest). No solve."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
from test_reasons_mutants import DAYS, _entry, _plan

from scheduler import reasons


# ---- scheduler/reasons.py `first_day_notice` ------------------------------------------------------------------------
def test_the_first_day_notice_says_which_counts_miss_the_inspections_before_it() -> None:
    p = reasons.first_day_notice(dt.date(2027, 6, 21))
    assert (p.file, p.row, p.column) == ("plan.json", 0, "first_day")
    assert p.message_zh == ("计划自2027-06-21起安排（年内生成）：本年度2027-06-21前已实施的检查不在检查包内，每企业年度入户次数（R-CAP-ENTRY）、"
                            "各执法主体检查次数（R-CAP-AGENCY）、检查间隔（R-GAP）和D级检查频次（R-SAMPLE）均未计入此前的检查，请核对后审批")
    assert p.message_en == ("planned from 2027-06-21 (made during its year): inspections made this year before 2027-06-21 are not in the "
                            "bundle, so the yearly entry cap (R-CAP-ENTRY), each agency's cap (R-CAP-AGENCY), the gaps (R-GAP) and tier D's "
                            "visits (R-SAMPLE) count none of them — check before approving")


# ---- scheduler/reasons.py `_own_and_besides` ------------------------------------------------------------------------
def test_a_firms_own_visits_leave_out_the_other_bases_in_their_order_and_not_its_own_or_none() -> None:
    n, zh, en = reasons._own_and_besides("mandatory", 5, {"triggered": 2, "follow_up": 1, "mandatory": 9})
    assert n == 2
    assert zh == "；另有复查1次（R-FOLLOW）；另有依线索检查2次（R-TRIGGER）"
    assert en == "; besides, 1 follow-up visit(s) (R-FOLLOW); besides, 2 visit(s) on a trigger (R-TRIGGER)"
    # a follow-up firm's follow-ups are its own; a basis with no visit is not said
    assert reasons._own_and_besides("follow_up", 3, Counter(follow_up=3, triggered=0)) == (3, "", "")
    assert reasons._own_and_besides("triggered", 2, {"triggered": 1, "follow_up": 1}) == (1, "；另有复查1次（R-FOLLOW）",
                                                                                      "; besides, 1 follow-up visit(s) (R-FOLLOW)")


# ---- scheduler/reasons.py `ended_before_plan` -----------------------------------------------------------------------
def test_a_window_that_ended_before_the_first_day_is_said_under_its_own_rule() -> None:
    first = DAYS[10]
    plan = _plan(options=SimpleNamespace(first_day=first))
    t = _entry("t", "E1", "triggered", window=(2, 9))
    zh, en, rule = reasons.ended_before_plan(plan, t)  # type: ignore[arg-type, misc]
    assert rule == "R-TRIGGER"
    assert zh == (f"hb：检查时限{DAYS[2]}…{DAYS[9]}在本计划首个可排日{first}前已届满（计划于年内生成，自R-INSERT冻结期后起排），"
                  "未能列入本计划")
    assert en == (f"hb: its window {DAYS[2]}…{DAYS[9]} ended before the plan's first day {first} (a plan made during its year "
                  "starts after R-INSERT's freeze): it could not be planned")
    assert reasons.ended_before_plan(plan, _entry("f", "E1", "follow_up", window=(0, 3)))[2] == "R-FOLLOW"  # type: ignore[arg-type, index]
    assert reasons.ended_before_plan(plan, _entry("m", "E1", "mandatory", window=(0, 3)))[2] == "R-SAMPLE"  # type: ignore[arg-type, index]
    # a window of the year's first working day alone ended before it too
    assert reasons.ended_before_plan(plan, _entry("t", "E1", "triggered", window=(0, 0)))[1].startswith(  # type: ignore[arg-type, index]
        f"hb: its window {DAYS[0]}…{DAYS[0]} ended before")
    # a window reaching the first day, or one the plan has none for, or a plan of the whole year: nothing to say
    assert reasons.ended_before_plan(plan, _entry("t", "E1", "triggered", window=(2, 10))) is None  # type: ignore[arg-type]
    assert reasons.ended_before_plan(plan, _entry("t", "E1", "triggered", window=(0, -1))) is None  # type: ignore[arg-type]
    assert reasons.ended_before_plan(_plan(), t) is None  # type: ignore[arg-type]


# ---- scheduler/reasons.py `out_of_reach_words` ----------------------------------------------------------------------
def test_out_of_reach_words_name_the_gap_the_days_or_no_day_at_all() -> None:
    m, t = _entry("m", "E1", "mandatory", agencies=("hb",)), _entry("t", "E1", "triggered", agencies=("sj",))
    who_zh = "2名持有效执法证（R-CERT）、在岗且尚有年度额度（R-AVAIL）、无须回避（R-RECUSE）的同队人员"
    who_en = "2 officers of one eligible team who are certified (R-CERT), present with budget left (R-AVAIL) and not recused (R-RECUSE)"
    plan = _plan(out_of_reach={"m": (1, 1), "t": (3, 3)})
    assert reasons.out_of_reach_words(plan, _entry("x", "E1")) is None  # type: ignore[arg-type]
    assert reasons.out_of_reach_words(plan, m) == (  # type: ignore[arg-type]
        f"hb：{who_zh}能同时到场的工作日，按同一执法主体两次检查间隔不少于90天（R-GAP）最多容纳1次检查，已安排1次，任何计划均无法再安排",
        f"hb: the working days on which {who_en} can go together hold at most 1 visit(s) 90 days apart (R-GAP), and 1 are placed: "
        "no plan could make another", "R-GAP")
    # a trigger whose few days its firm's other visits hold: R-JOINT's words say more (e4cb150), none here
    assert reasons.out_of_reach_words(plan, t) is None  # type: ignore[arg-type]
    first = dt.date(2027, 11, 1)
    late = _plan(out_of_reach={"m": (0, 0), "t": (0, 0), "s": (2, 1), "z": (0, 0)}, options=SimpleNamespace(first_day=first))
    assert reasons.out_of_reach_words(late, m) == (  # type: ignore[arg-type]
        f"hb：全年自{first}起没有{who_zh}能同时到场的工作日，任何计划均无法安排",
        f"hb: on no working day of the year from {first} can {who_en} go together: no plan could make it", "R-AVAIL")
    assert reasons.out_of_reach_words(late, t) == (  # type: ignore[arg-type]
        f"sj：时限内自{first}起没有{who_zh}能同时到场的工作日，任何计划均无法安排",
        f"sj: on no working day of its window from {first} can {who_en} go together: no plan could make it", "R-AVAIL")
    # a sampled firm's visit: the year, as a mandatory one's
    assert reasons.out_of_reach_words(late, _entry("z", "E1", "sampled"))[:2] == (  # type: ignore[arg-type, index]
        f"hb：全年自{first}起没有{who_zh}能同时到场的工作日，任何计划均无法安排",
        f"hb: on no working day of the year from {first} can {who_en} go together: no plan could make it")
    s = _entry("s", "E1", "sampled", agencies=("hb",))
    zh, en, rule = reasons.out_of_reach_words(late, s)  # type: ignore[arg-type, misc]
    assert rule == "R-GAP" and zh.startswith(f"hb：自{first}起{who_zh}能同时到场") and "最多容纳2次检查，已安排1次" in zh, zh
    assert en.startswith(f"hb: the working days from {first} on which") and "at most 2 visit(s) 90 days apart (R-GAP), and 1 are" in en, en


# ---- checker/rules.py `year_workdays`, `_year_days`, `_planned_onsite`, `most_visits` -----------------------------------
D = dt.date


def _ctx(**kw: Any) -> SimpleNamespace:
    """What `most_visits` reads of a checker Context: one firm E in district 140403; hb's own team T1 (o1–o4), hb's
    city team T3 (c1, c2), hb's team of another district T4 and sj's team T2 (always present, never eligible);
    o3 is recused from E, o4 has no budget left; everyone certified until 1 December. `present`: officer → days."""
    present: dict[str, set[dt.date]] = kw.pop("present", {})
    teams = {"T1": ("hb", "140403"), "T2": ("sj", "140403"), "T3": ("hb", "140400"), "T4": ("hb", "140404")}
    roster = {"o1": "T1", "o2": "T1", "o3": "T1", "o4": "T1", "c1": "T3", "c2": "T3", "x1": "T4", "x2": "T4", "s1": "T2", "s2": "T2"}
    memo: dict[str, Any] = {}
    ctx = SimpleNamespace(
        year=2027, meta={}, enterprises={"E": ("140403", "x")}, recused={("o3", "E")},
        policy=SimpleNamespace(officers_per_agency_on_visit=2, min_days_between_repeat_visits=90),
        teams={t: SimpleNamespace(agency=a, district=d) for t, (a, d) in teams.items()},
        officers={o: SimpleNamespace(team=t, budget=0 if o == "o4" else 10) for o, t in roster.items()},
        is_workday=lambda d: d.weekday() < 5,
        certified=lambda o, d: d < D(2027, 12, 1),
        present=lambda o, d: o in ("x1", "x2", "s1", "s2") or d in present.get(o, ()),
        may_work_in=lambda t, d: teams[t][1] == d or (teams[t][1].endswith("00") and teams[t][1][:4] == d[:4]),
    )
    ctx.memo = lambda name, make: memo[name] if name in memo else memo.setdefault(name, make(ctx))
    for k, v in kw.items():
        setattr(ctx, k, v)
    return ctx


def test_the_years_working_days_are_its_own_every_one_from_the_first_day() -> None:
    from checker.rules import _year_days, year_workdays

    leap = year_workdays(_ctx(year=2028, is_workday=lambda d: True))  # type: ignore[arg-type]
    assert len(leap) == 366 and leap[0] == D(2028, 1, 1) and leap[-1] == D(2028, 12, 31)
    days = year_workdays(_ctx())  # type: ignore[arg-type]
    assert len(days) == 261 and days[0] == D(2027, 1, 1) and days[-1] == D(2027, 12, 31) and D(2027, 1, 2) not in days
    assert _year_days(_ctx()) == days  # type: ignore[arg-type]
    assert _year_days(_ctx(meta={"first_day": "2027-06-21"})) == [d for d in days if d >= D(2027, 6, 21)]  # type: ignore[arg-type]


def test_planned_onsite_counts_each_agency_of_a_planned_onsite_row() -> None:
    from checker.rules import _planned_onsite

    v = lambda e, basis="mandatory", mode="onsite", ag=("hb",): SimpleNamespace(enterprise_id=e, basis=basis, mode=mode, agencies=ag)  # noqa: E731
    ctx = _ctx(visits=[v("E"), v("E", "sampled", ag=("hb", "sj")), v("E", mode="remote"), v("E", "triggered"), v("E", "follow_up"), v("F")])
    assert _planned_onsite(ctx) == {("E", "hb"): 2, ("E", "sj"): 1, ("F", "hb"): 1}  # type: ignore[arg-type]


def test_most_visits_walks_the_days_a_pair_of_one_eligible_team_can_go_90_days_apart() -> None:
    from checker.rules import most_visits

    pair = {D(2027, 1, 5), D(2027, 2, 1), D(2027, 4, 5), D(2027, 7, 1)}  # Jan 5, then Apr 5 exactly 90 days on; Jul 1 is 87
    assert most_visits(_ctx(present={"o1": pair, "o2": pair}), "E", "hb") == 2  # type: ignore[arg-type]
    # from the plan's first day 2 February: Apr 5 alone; a first day that is itself a pair's day counts it
    assert most_visits(_ctx(present={"o1": pair, "o2": pair}, meta={"first_day": "2027-02-02"}), "E", "hb") == 1  # type: ignore[arg-type]
    two = {D(2027, 1, 5), D(2027, 4, 5)}
    assert most_visits(_ctx(present={"o1": two, "o2": two}, meta={"first_day": "2027-04-05"}), "E", "hb") == 1  # type: ignore[arg-type]
    assert most_visits(_ctx(present={"o1": two, "o2": two}, meta={"first_day": "2027-04-06"}), "E", "hb") == 0  # type: ignore[arg-type]
    day = {D(2027, 3, 1)}
    # a pair with a recused officer, or one with no budget left, cannot go; one not recused from E can
    assert most_visits(_ctx(present={"o1": day, "o3": day}), "E", "hb") == 0  # type: ignore[arg-type]
    assert most_visits(_ctx(present={"o1": day, "o3": day}, recused={("o3", "F")}), "E", "hb") == 1  # type: ignore[arg-type]
    assert most_visits(_ctx(present={"o1": day, "o4": day}), "E", "hb") == 0  # type: ignore[arg-type]
    # two present on different days are no pair; the city team may come; uncertified officers cannot
    assert most_visits(_ctx(present={"o1": day, "o2": {D(2027, 3, 2)}}), "E", "hb") == 0  # type: ignore[arg-type]
    assert most_visits(_ctx(present={"c1": day, "c2": day}), "E", "hb") == 1  # type: ignore[arg-type]
    late = {D(2027, 12, 6)}
    assert most_visits(_ctx(present={"o1": late, "o2": late}), "E", "hb") == 0  # type: ignore[arg-type]
    assert most_visits(_ctx(present={"o1": late, "o2": late}, certified=lambda o, d: True), "E", "hb") == 1  # type: ignore[arg-type]
    # sj's team and hb's team of another district are present every day: neither is hb's in 140403
    assert most_visits(_ctx(), "E", "hb") == 0  # type: ignore[arg-type]
    # one check asks for several agencies: each its own crews' days (Jan 1, Apr 1, Jun 30, Sep 28 for sj's team)
    both = _ctx(present={"o1": day, "o2": day})
    assert (most_visits(both, "E", "hb"), most_visits(both, "E", "sj")) == (1, 4)  # type: ignore[arg-type]
    # three needed: a pair is not enough, the city team's pair and the district's pair are not one crew
    three = _ctx(present={"o1": day, "o2": day, "c1": day, "c2": day})
    three.policy.officers_per_agency_on_visit = 3
    assert most_visits(three, "E", "hb") == 0  # type: ignore[arg-type]


# ---- scheduler/plan.py `unreachable` --------------------------------------------------------------------------------
TEAMS = [("T1", "hb", "140403"), ("T3", "hb", "140400"), ("T4", "hb", "140404"), ("T2", "sj", "140403")]


def _unreachable(avail: dict[str, set[int]], required: list[Any], unplaced: set[str]) -> dict[str, tuple[int, int]]:
    """`unreachable` on DAYS (a Monday a week: 13 weeks apart is 91 days, 12 is 84) with _ctx's officers: hb's own team
    T1 (o1–o4; o3 recused from E1, o4 with no budget), hb's city team T3, hb's team of 140404 T4 and sj's team T2 (both
    present every day), two officers a visit, 90 days between planned visits."""
    from scheduler.plan import unreachable
    from scheduler.resources import Staff

    roster = {"o1": "T1", "o2": "T1", "o3": "T1", "o4": "T1", "c1": "T3", "c2": "T3", "x1": "T4", "x2": "T4", "s1": "T2", "s2": "T2"}
    available = {o: np.isin(np.arange(len(DAYS)), sorted(avail.get(o, ()))) | (roster[o] in ("T2", "T4")) for o in roster}
    st = Staff(available, {o: 0 if o == "o4" else 10 for o in roster}, roster, {"o3": {"E1"}}, {})
    return unreachable({"140403": required}, dict.fromkeys(unplaced, "R-AVAIL"), TEAMS, st, DAYS, 2, 90)


def test_unreachable_counts_the_visits_a_pairs_days_hold_and_calls_the_rest_out_of_reach() -> None:
    ms = [_entry(f"m{i}", "E1", index=i) for i in range(3)]
    pair = {0, 5, 13, 14}  # days 0 and 13 (91 days apart): two visits; 5 and 14 are too close
    assert _unreachable({"o1": pair, "o2": pair}, ms, {"m2"}) == {"m2": (2, 2)}
    assert _unreachable({"o1": pair, "o2": pair}, ms, {"m1", "m2"}) == {}  # two fit, one placed
    assert _unreachable({"o1": pair, "o2": pair}, ms, set()) == {}  # nothing unmet
    assert _unreachable({"o1": {0, 12}, "o2": {0, 12}}, ms[1:], {"m2"}) == {"m2": (1, 1)}  # 84 days: one
    more = pair | {30}
    assert _unreachable({"o1": more, "o2": more}, ms, {"m2"}) == {}  # a third day 17 weeks on
    # a day where the pair has a recused officer, one with no budget, or two on different days: no visit
    assert _unreachable({"o1": more, "o2": pair, "o3": {30}}, ms, {"m2"}) == {"m2": (2, 2)}
    assert _unreachable({"o1": more, "o2": pair, "o4": {30}}, ms, {"m2"}) == {"m2": (2, 2)}
    assert _unreachable({"o1": more, "o2": pair | {31}}, ms, {"m2"}) == {"m2": (2, 2)}
    # the city team may come (a guest); another district's team and another agency's may not
    assert _unreachable({"o1": pair, "o2": pair, "c1": {30}, "c2": {30}}, ms, {"m2"}) == {}
    # another firm's visits, and a remote one, are their own
    other = [*ms[:2], _entry("r", "E1", mode="remote"), _entry("n0", "E2"), _entry("n1", "E2", index=1)]
    assert _unreachable({"o1": pair, "o2": pair}, other, {"r", "n1"}) == {}
    got = _unreachable({"o1": {0}, "o2": {0}}, other, {"r", "n1"})
    assert got == {"n1": (1, 1)}, got


def test_unreachable_keeps_a_trigger_to_its_window_one_a_day() -> None:
    t = [_entry("t0", "E1", "triggered", window=(20, 25)), _entry("t1", "E1", "triggered", window=(20, 25))]
    # one placed, days 20 and 21 in the window: a trigger is exempt from the gap, one a day: two fit
    assert _unreachable({"o1": {0, 13, 20, 21}, "o2": {0, 13, 20, 21}}, t, {"t1"}) == {}
    assert _unreachable({"o1": {0, 13, 20}, "o2": {0, 13, 20}}, t, {"t1"}) == {"t1": (1, 1)}
    # days outside the window do not count; its last day does
    assert _unreachable({"o1": {0, 13, 19, 26}, "o2": {0, 13, 19, 26}}, t, {"t0", "t1"}) == {"t0": (0, 0), "t1": (0, 0)}
    assert _unreachable({"o1": {25}, "o2": {25}}, t, {"t0", "t1"}) == {}
    # a sampled firm's visits keep R-GAP's days apart like the mandatory ones: days 0 and 5 hold one
    s = [_entry("s0", "E1", "sampled"), _entry("s1", "E1", "sampled", index=1)]
    assert _unreachable({"o1": {0, 5}, "o2": {0, 5}}, s, {"s1"}) == {"s1": (1, 1)}
    # a follow-up is a group of its own, apart from the firm's mandatory visits
    f = [_entry("m0", "E1"), _entry("f", "E1", "follow_up", window=(40, 45))]
    assert _unreachable({"o1": {0, 13}, "o2": {0, 13}}, f, {"m0", "f"}) == {"f": (0, 0)}


# ---- checker/rules.py `check_r_priority`: the R-GAP claim verified ---------------------------------------------------
def test_an_r_gap_claim_the_days_do_not_bear_out_is_a_breach_each_firm_and_agency_its_own(tiny_dir: Path, tiny_greedy_plan: Path,
                                                                                       tmp_path: Path) -> None:
    """The tiny bureau's greedy plan with tier-D firms of districts where hb made sampled visits stripped of hb's
    visits (all of the first's and the fourth's, one of the second's), and shortfalls claiming R-GAP: each claim is
    checked against the days (certificates all year: four visits 90 days apart fit), whatever else the list holds."""
    import json
    import shutil

    import pandas as pd

    from bundle import load_bundle
    from checker.facts import Context
    from checker.rules import check_r_priority

    plan = tmp_path / "plan"
    shutil.copytree(tiny_greedy_plan, plan)
    v = pd.read_csv(plan / "visits.csv", dtype=str, keep_default_na=False)
    hb = v.agency_ids.str.split(";").map(lambda a: "hb" in a)
    sampled = set(v[hb & (v.basis == "sampled")].district_code)
    firms = sorted(set(v[hb & (v.basis == "mandatory") & (v.tier == "D") & v.district_code.isin(sampled)].enterprise_id))
    one, two, full, four = firms[:4]
    mine = lambda f: v.index[hb & (v.basis == "mandatory") & (v.enterprise_id == f)]  # noqa: E731
    v.drop([*mine(one), mine(two)[0], *mine(four)]).to_csv(plan / "visits.csv", index=False)
    district = {f: str(v[v.enterprise_id == f].district_code.iloc[0]) for f in (one, two, four)}
    gas = v[v.agency_ids.str.contains("gas") & (v.basis == "sampled")]
    assert district[four] not in set(gas.district_code)  # gas made no sampled visit in the fourth firm's district
    doc = json.loads((plan / "plan.json").read_text(encoding="utf-8"))
    gap = {"kind": "mandatory", "rule": "R-GAP", "binding": "no plan could make another (R-GAP)"}
    # the second names no agency: each of the firm's is verified (hb first); the last names gas, which made no sampled
    # visit there, and hb. Not verified: another rule, another basis, a firm whose visits were all made
    doc["shortfalls"] = [{**gap, "id": one, "agency": "hb"}, {**gap, "id": two}, {**gap, "id": one, "agency": "hb", "rule": "R-AVAIL"},
                         {**gap, "id": full, "agency": "hb"}, {**gap, "kind": "sampled", "id": one, "agency": "hb"},
                         {**gap, "id": four, "agency": "gas;hb"}]
    (plan / "plan.json").write_text(json.dumps(doc), encoding="utf-8")
    got = [(x.rule, x.where, x.message) for x in check_r_priority(Context(load_bundle(tiny_dir / "bundle"), plan))
           if "no plan could fit" in x.message]
    assert got == [("R-PRIORITY", f, f"shortfall {n} says no plan could fit another visit of agency hb (R-GAP), yet its teams' days "
                    f"hold 4 visit(s) 90 days apart, {made} made, while sampled visits of hb were made in district {district[f]}")
                   for n, f, made in ((0, one, 0), (1, two, 1), (5, four, 0))], got


# ---- scheduler/plan.py `held_back`, `held_days`: what no plan could make holds nothing back ----------------------------
def test_an_unmet_visit_out_of_reach_holds_back_neither_its_district_nor_its_days() -> None:
    from tiny_part import RULES, entry, part

    from scheduler.plan import held_back, held_days
    from scheduler.state import PartState

    m = entry("m", (0, 4), "hb")
    assert held_back({"140403": [m]}, {"m": "R-AVAIL"}) == {("140403", "hb")}
    assert held_back({"140403": [m]}, {"m": "R-AVAIL"}, None, {"x"}) == {("140403", "hb")}
    assert held_back({"140403": [m]}, {"m": "R-AVAIL"}, None, {"m"}) == set()
    # hb's one team, one visit a day, booked on day 0 by t1: t2, due that day, is held by its day unless out of reach
    p, st, days = part(5, {"hb-1": ("hb", 2, 1)})
    state = PartState(p, st, RULES, days)
    t1, t2 = entry("t1", (0, 0), basis="triggered", enterprise="F"), entry("t2", (0, 0), basis="triggered", enterprise="G")
    assert state.place(t1, 0, "hb-1") is None
    states, required = {"140403": state}, {"140403": [t1, t2]}
    assert held_days(required, {"t2": "R-AVAIL"}, states, {"x"}) == {("140403", "hb"): {0}}
    assert held_days(required, {"t2": "R-AVAIL"}, states, {"t2"}) == {}
    assert held_back(required, {"t2": "R-AVAIL"}, states, {"t2"}) == set()


# ---- scheduler/plan.py `walk_sampled`: a try in vain counts against the agency its refusal names ------------------------
def _walk_tries(second: dict[str, tuple[tuple[str, ...], str | None]], monkeypatch: Any) -> dict[str, str]:
    """walk_sampled over firms in draw order, each refused at first for want of budget (R-AVAIL) and tried again with a
    city team's budget from other districts: `second` gives each firm's agencies and the agency its second refusal
    names (None: placed then). Everything around the walk is a stand-in (no borrowing moves a unit, no swaps)."""
    from scheduler import plan as sp
    from scheduler.plan import Refusal, walk_sampled
    from scheduler.requirements import Requirements
    from scheduler.select import Selection

    def place(state: Any, entries: list[Any], avoid: Any, annual: bool = True, **kw: Any) -> Refusal | None:
        named = second[entries[0].enterprise_id][1]
        if annual:
            return Refusal("budgets used", "额度用完", "R-AVAIL", entries[0].agencies[0])
        return None if named is None else Refusal(f"{named} budgets used", "额度用完", "R-AVAIL", named)

    monkeypatch.setattr(sp, "place_enterprise", place)
    monkeypatch.setattr(sp, "borrow_for_sampled", lambda *a: [])
    monkeypatch.setattr(sp, "return_unused", lambda *a: None)
    monkeypatch.setattr(sp, "swap_in_draw_order", lambda *a: None)
    monkeypatch.setattr(sp, "city_day_owners", lambda *a: {})
    monkeypatch.setattr(sp, "team_agencies", lambda *a: {})
    firms = list(second)
    by_ent = {f: [_entry(f"{f}-v", f, "sampled", agencies=ags, tier="B")] for f, (ags, _) in second.items()}
    req = Requirements([], {f: i + 1 for i, f in enumerate(firms)}, {"B": len(firms)}, {"B": firms}, {}, set(), [], {})
    sel = Selection({}, {}, {}, {}, by_ent, [])
    states: dict[str, Any] = {"140403": SimpleNamespace()}
    split: Any = {"re-140400": {}}  # a city team: budget may be borrowed
    status, _ = walk_sampled(req, sel, states, set(), {}, split)
    return status


def test_a_firm_refused_for_one_agency_spends_that_agencys_tries_only(monkeypatch: Any) -> None:
    from scheduler.plan import BORROW_TRIES

    # BORROW_TRIES firms of re and um refused, on the second try, for um: um's tries are spent, re's are not
    both = {f"U{i}": (("re", "um"), "um") for i in range(BORROW_TRIES)}
    status = _walk_tries({**both, "R": (("re",), None), "M": (("um",), None)}, monkeypatch)
    assert (status["R"], status["M"]) == ("sampled", "capacity"), status
    # fewer than BORROW_TRIES: um may still try
    status = _walk_tries({**dict(list(both.items())[1:]), "M": (("um",), None)}, monkeypatch)
    assert status["M"] == "sampled", status
    # a refusal naming no agency spends the tries of every agency of the firm
    none = {f"N{i}": (("re", "um"), "") for i in range(BORROW_TRIES)}
    status = _walk_tries({**none, "R": (("re",), None), "M": (("um",), None)}, monkeypatch)
    assert (status["R"], status["M"]) == ("capacity", "capacity"), status
    # a firm placed on its second try leaves its agencies' count at nothing
    status = _walk_tries({**dict(list(none.items())[1:]), "P": (("re", "um"), None), "Q": (("re", "um"), ""), "R": (("re",), None)},
                         monkeypatch)
    assert (status["P"], status["R"]) == ("sampled", "sampled"), status
