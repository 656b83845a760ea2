"""Isolated rule tests (Timefold style) written from the survivors of mutation testing of scheduler/constraints.py
(`make mutation`, docs/benchmarks.md "Mutation testing of the rule modules"): each is a tiny part where one rule
alone binds, solved as written and, where that is the point, with the rule's function left out or a decision
forced, so that a changed comparison, a dropped constraint or a skipped branch changes the answer."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable

import numpy as np
from ortools.sat.python import cp_model
from tiny_part import RULES, entry, part, workdays

from scheduler import constraints
from scheduler.constraints import PartModel, build, candidate_days, hint
from scheduler.plan import draw_officers, make_visits, walk_sampled
from scheduler.requirements import Entry, Requirements
from scheduler.resources import Part, Staff, TeamSlice, slice_capacity
from scheduler.select import Selection
from scheduler.state import PartState, Rules


def model(p: Part, st: Staff, days: list, entries: list[Entry], rules: Rules = RULES, n_cand: int = 60,
          without: Callable[..., None] | None = None) -> PartModel:
    """The part model with every rule function (or all but `without`), nothing maximized yet."""
    state = PartState(p, st, rules, days)
    pm = PartModel(cp_model.CpModel(), state, entries, {e.key: candidate_days(e, n_cand, "t") for e in entries})
    for f in constraints.RULE_FUNCTIONS:
        if f is not without:
            f(pm)
    return pm


def best(pm: PartModel, objective: cp_model.LinearExprT | None = None, minimize: bool = False) -> cp_model.CpSolver | None:
    """Solve (by default: most agency-visits placed) with one worker; None when infeasible."""
    obj = sum(pm.placed.values()) if objective is None else objective
    (pm.model.minimize if minimize else pm.model.maximize)(obj)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    code = solver.solve(pm.model)
    assert code in (cp_model.OPTIMAL, cp_model.INFEASIBLE)
    return solver if code == cp_model.OPTIMAL else None


def placed(pm: PartModel, s: cp_model.CpSolver) -> dict[str, tuple[int, str]]:
    """key → (workday index, team) of the agency-visits placed (read from the team choices, R-TEAM)."""
    return {k: (d, t) for (k, d, t), v in pm.t.items() if s.boolean_value(v)}


def count(p: Part, st: Staff, days: list, entries: list[Entry], rules: Rules = RULES, **kw: object) -> int:
    s = best(pm := model(p, st, days, entries, rules, **kw))  # type: ignore[arg-type]
    assert s is not None
    return len(placed(pm, s))


# -- candidate days ------------------------------------------------------------------------------------------------


def test_candidate_days_inside_the_window_spread_and_shared_by_a_group() -> None:
    short = entry("a", (10, 12))
    assert candidate_days(short, 5, "s") == [10, 11, 12]  # a window no longer than n: all its days
    five = entry("b", (10, 14))
    assert len(candidate_days(five, 4, "s")) == 4  # a window longer than n: n days, not all
    firsts = []
    for i in range(20):
        got = candidate_days(entry(f"k{i}", (100, 199)), 4, "s")
        assert len(got) == 4 and all(100 <= d <= 199 for d in got)
        assert got[-1] - got[0] >= 75 and all(b - a >= 24 for a, b in itertools.pairwise(got))  # evenly spread
        firsts.append(got[0])
    # the offset inside the first stride depends on the group: not always the window's first day, anywhere in 25 days
    assert len(set(firsts)) > 5 and max(firsts) > 100 + 25 // 2 and min(firsts) < 100 + 25
    # R-JOINT: two agency-visits of one group share their candidate days, whatever their keys
    a, b = entry("x1", (0, 99), "hb", group="G"), entry("x2", (0, 99), "um", group="G")
    assert candidate_days(a, 4, "s") == candidate_days(b, 4, "s")


def test_build_adds_the_greedy_day_and_uses_the_salt() -> None:
    p, st, days = part(40, {"hb-1": ("hb", 2, 2)})
    e = entry("a", (0, 39))
    cand = candidate_days(e, 4, "salt")
    extra_day = next(d for d in range(40) if d not in cand)
    pm = build(PartState(p, st, RULES, days), [e], 4, "salt", {"a": extra_day, "unknown": 3})
    assert pm.cand["a"] == sorted([*cand, extra_day])  # the greedy's day joins the spread ones; unknown keys ignored
    assert isinstance(pm.model, cp_model.CpModel) and "a" in pm.placed
    pm = build(PartState(p, st, RULES, days), [e], 4, "salt", {"a": cand[0]})
    assert pm.cand["a"] == cand


# -- R-TEAM / R-WORKDAY / R-RECUSE / R-CERT: r_team_workday --------------------------------------------------------


def test_r_team_no_team_is_impossible_and_the_next_entry_still_placed() -> None:
    p, st, days = part(5, {"hb-1": ("hb", 2, 2)})
    pm = model(p, st, days, [entry("g", (0, 4), "gas"), entry("h", (0, 4), "hb")])
    assert pm.impossible == {"g": "R-TEAM"}
    s = best(pm)
    assert s is not None and set(placed(pm, s)) == {"h"}


def test_remote_check_needs_one_officer_on_site_two() -> None:
    """One officer of two is present: a remote check can be placed that day, an on-site visit cannot (R-PAIR)."""
    p, st, days = part(1, {"hb-1": ("hb", 2, 2)}, away={"hb-1-1": [0]})
    assert count(p, st, days, [entry("r", (0, 0), mode="remote")]) == 1
    pm = model(p, st, days, [entry("o", (0, 0))])
    assert pm.impossible == {"o": "R-CERT"} and not pm.y


def test_officer_without_budget_cannot_go() -> None:
    """An officer whose annual budget is used is not one of the k who may go (R-AVAIL)."""
    p, st, days = part(3, {"hb-1": ("hb", 2, 2)}, budget={"hb-1-0": 0})
    pm = model(p, st, days, [entry("o", (0, 2))])
    assert pm.impossible == {"o": "R-AVAIL"} and not pm.y  # the budget is what ran out, not a recusal
    # with the budget back, the same visit can go
    p, st, days = part(3, {"hb-1": ("hb", 2, 2)})
    assert "o" not in model(p, st, days, [entry("o", (0, 2))]).impossible


def test_on_site_needs_on_site_room_remote_needs_remote_room() -> None:
    """A team day with remote room only (max one visit a day, taken by nothing; onsite room 0 as one officer is
    away) takes a remote check; a day with no room at all takes nothing."""
    p, st, days = part(2, {"hb-1": ("hb", 2, 1)}, away={"hb-1-1": [0]})
    pm = model(p, st, days, [entry("r", (0, 1), mode="remote"), entry("o", (0, 1))])
    assert {k for k, _ in pm.y} == {"r", "o"} and ("o", 0) not in pm.y and ("r", 0) in pm.y
    p, st, days = part(2, {"hb-1": ("hb", 2, 0)})  # max_visits_per_day 0: no day has room
    pm = model(p, st, days, [entry("o", (0, 1))])
    assert not pm.y and "o" in pm.impossible


def test_days_without_officers_get_no_variable() -> None:
    p, st, days = part(60, {"hb-1": ("hb", 2, 2)}, away={"hb-1-0": [0, 7]})
    pm = model(p, st, days, [entry("a", (0, 59))], n_cand=60)
    assert {d for _, d in pm.y} == set(range(60)) - {0, 7}


def test_fallback_days_when_no_spread_candidate_has_officers() -> None:
    """The spread candidate days all fall when the team is away: the window's days with officers are taken instead,
    as many as there were candidates, evenly (every step-th)."""
    e = entry("a", (5, 24))
    cand = candidate_days(e, 4, "t")
    p, st, days = part(30, {"hb-1": ("hb", 2, 2)}, away={"hb-1-0": cand})
    pm = model(p, st, days, [e], n_cand=4)
    free = [d for d in range(5, 25) if d not in cand]
    assert pm.cand["a"] == free[:: len(free) // 4][:4] and {d for _, d in pm.y} == set(pm.cand["a"])
    s = best(pm)
    assert s is not None and placed(pm, s)["a"][0] in pm.cand["a"]
    # a short window: every free day (step 1), never more than the number of candidates
    e = entry("b", (5, 14))
    cand = candidate_days(e, 4, "t")
    p, st, days = part(16, {"hb-1": ("hb", 2, 2)}, away={"hb-1-0": cand})
    pm = model(p, st, days, [e], n_cand=4)
    assert pm.cand["b"] == [d for d in range(5, 15) if d not in cand][:4]
    # one candidate: one fallback day, the first free one
    e = entry("c", (0, 19))
    cand = candidate_days(e, 1, "t")
    p, st, days = part(20, {"hb-1": ("hb", 2, 2)}, away={"hb-1-0": cand})
    pm = model(p, st, days, [e], n_cand=1)
    assert pm.cand["c"] == [next(d for d in range(20) if d not in cand)]


def test_r_team_two_eligible_teams_each_take_one() -> None:
    """A district and a city team may both go, one visit a day each: two visits that day, one per team (R-TEAM)."""
    p, st, days = part(1, {"hb-140403": ("hb", 2, 1), "hb-140400": ("hb", 2, 1)})
    pm = model(p, st, days, [entry("a", (0, 0)), entry("b", (0, 0))])
    s = best(pm)
    assert s is not None
    got = placed(pm, s)
    assert sorted(t for _, t in got.values()) == ["hb-140400", "hb-140403"]
    for key in ("a", "b"):  # exactly one team goes on the day chosen
        assert sum(s.value(v) for (k, _, _), v in pm.t.items() if k == key) == s.value(pm.placed[key]) == 1


def test_impossible_names_recusal_or_certificates_from_the_window_only() -> None:
    """No day of the window (5..9) can be staffed: R-RECUSE when officers are present but recused, R-CERT when they
    are absent (expired, on leave); days outside the window do not count."""
    everyone = ["hb-1-0", "hb-1-1"]
    cases = [  # (days away of both officers, recused from E?) → rule
        ([5, 6, 7, 8, 9], False, "R-CERT"),  # present only before and after the window
        ([0, 1, 2, 3, 4, 9, 10], True, "R-RECUSE"),  # present (recused) on 5..8, away the window's last day
        ([0, 1, 2, 3, 4, 5, 6, 7, 8, 10], True, "R-RECUSE"),  # present (recused) on the window's last day only
    ]
    for away_days, recused, rule in cases:
        p, st, days = part(11, {"hb-1": ("hb", 2, 2)}, away=dict.fromkeys(everyone, away_days),
                           recused={o: {"E"} for o in everyone} if recused else None)
        pm = model(p, st, days, [entry("a", (5, 9), enterprise="E"), entry("b", (0, 10))])
        assert pm.impossible == {"a": rule}, (away_days, recused)
        assert "b" in pm.placed  # the next agency-visit is still modelled


def test_impossible_counts_officers_a_remote_check_or_visit_needs() -> None:
    # remote: one present officer (recused) is enough to say R-RECUSE
    p, st, days = part(2, {"hb-1": ("hb", 2, 2)}, away={"hb-1-0": [0, 1]}, recused={"hb-1-1": {"E"}})
    assert model(p, st, days, [entry("r", (0, 1), mode="remote", enterprise="E")]).impossible == {"r": "R-RECUSE"}
    # on site: one present officer of the two needed is R-CERT (not enough certified officers), not R-RECUSE
    p, st, days = part(2, {"hb-1": ("hb", 2, 2)}, away={"hb-1-0": [0, 1]})
    assert model(p, st, days, [entry("o", (0, 1), enterprise="E")]).impossible == {"o": "R-CERT"}


# -- R-AVAIL: r_avail ------------------------------------------------------------------------------------------------


def test_on_site_visits_without_remote_checks() -> None:
    """A bureau that allows no remote checks (max_remote_checks_per_officer_per_day 0) still plans on-site visits."""
    rules = dataclasses.replace(RULES, remote_per_officer_day=0)
    p, st, days = part(2, {"hb-1": ("hb", 2, 2)}, rules=rules)
    assert count(p, st, days, [entry("o", (0, 1))], rules) == 1


def test_r_avail_onsite_room_of_a_team_day() -> None:
    """Two officers, two visits each a day: two on-site visits (2·2/2), though the team's day cap is 4."""
    p, st, days = part(1, {"hb-1": ("hb", 2, 4)})
    three = [entry(f"v{i}", (0, 0)) for i in range(3)]
    assert count(p, st, days, three, without=constraints.r_pair_officers) == 2


def test_r_avail_remote_room_of_a_team_day() -> None:
    rules = dataclasses.replace(RULES, remote_per_officer_day=1)
    p, st, days = part(1, {"hb-1": ("hb", 2, 4)}, rules=rules)
    three = [entry(f"r{i}", (0, 0), mode="remote") for i in range(3)]
    assert count(p, st, days, three, rules) == 2  # two officers, one remote check each
    assert count(p, st, days, three, rules, without=constraints.r_avail) == 3


def test_r_avail_team_year_counts_every_day() -> None:
    p, st, days = part(4, {"hb-1": ("hb", 2, 2)})
    p.slices["hb"][0].annual_onsite = 2
    four = [entry(f"v{i}", (i, i)) for i in range(4)]
    assert count(p, st, days, four, without=constraints.r_pair_officers) == 2


# -- R-PAIR: r_pair_officers -----------------------------------------------------------------------------------------


def _two_months(budget: int) -> tuple[Part, Staff, list, list[Entry]]:
    p, st, days = part(40, {"hb-1": ("hb", 2, 2)}, budget=budget)  # 2 March … 24 April: two months
    p.slices["hb"][0].annual_onsite = 99
    march = [d for d in range(40) if days[d].month == 3]
    april = [d for d in range(40) if days[d].month == 4]
    es = [entry("m1", (march[0], march[0])), entry("m2", (march[1], march[1])),
          entry("a1", (april[0], april[0])), entry("a2", (april[1], april[1]))]
    return p, st, days, es


def test_r_pair_officers_budget_over_the_year_not_per_month() -> None:
    """Budgets 3 and 3, two visits wanted in March and two in April: 3 visits (6 seats), not 4: each month alone
    would allow both, the year's budget does not."""
    p, st, days, es = _two_months(3)
    assert count(p, st, days, es) == 3
    assert count(p, st, days, es, without=constraints.r_pair_officers) == 4
    p, st, days, es = _two_months(4)
    assert count(p, st, days, es) == 4  # the budget, not less


def test_r_pair_officers_days_present_bound_seats() -> None:
    """One visit a day per officer: a and b present three days, c one day: 3 visits (7 officer-days, 2 a visit)."""
    rules = dataclasses.replace(RULES, per_officer_day=1)
    p, st, days = part(3, {"hb-1": ("hb", 3, 9)}, away={"hb-1-2": [1, 2]}, rules=rules)
    six = [entry(f"v{i}", (0, 2)) for i in range(6)]
    assert count(p, st, days, six, rules, without=constraints.r_avail) == 3


def test_r_pair_officers_seats_only_on_the_visits_days() -> None:
    """The same team, the six visits allowed only on days 1 and 2, where c is away: a and b give one seat a day each,
    2 visits. The month alone (a, b present 3 days, c 1) would count 7 officer-days, 3 visits (placement loss, issue 8)."""
    rules = dataclasses.replace(RULES, per_officer_day=1)
    p, st, days = part(3, {"hb-1": ("hb", 3, 9)}, away={"hb-1-2": [1, 2]}, rules=rules)
    six = [entry(f"v{i}", (1, 2)) for i in range(6)]
    assert count(p, st, days, six, rules, without=constraints.r_avail) == 2


# -- R-JOINT: r_joint --------------------------------------------------------------------------------------------------


def test_r_joint_a_remote_check_first_does_not_hide_the_on_site_rule() -> None:
    p, st, days = part(1, {"hb-1": ("hb", 4, 4), "um-1": ("um", 4, 4)})
    p, st, days = part(1, {"hb-1": ("hb", 4, 4), "um-1": ("um", 4, 4), "gas-1": ("gas", 2, 2)})
    es = [entry("r", (0, 0), "gas", mode="remote", enterprise="E"), entry("t", (0, 0), "um", basis="triggered", enterprise="E"),
          entry("s", (0, 0), "hb", enterprise="E", index=1)]
    assert count(p, st, days, es) == 2  # the remote check and one of the two on-site groups


def _joint_case() -> tuple[PartModel, dict[str, cp_model.IntVar]]:
    """One group (hb, um) and a trigger (gas) at E on one day; a remote check at F and a visit no team can make."""
    p, st, days = part(1, {"hb-1": ("hb", 4, 4), "um-1": ("um", 4, 4), "gas-1": ("gas", 4, 4)})
    es = [entry("h", (0, 0), "hb", enterprise="E", group="G1"), entry("u", (0, 0), "um", enterprise="E", group="G1"),
          entry("t", (0, 0), "gas", basis="triggered", enterprise="E"), entry("r", (0, 0), "um", mode="remote", enterprise="F"),
          entry("x", (0, 0), "fire", enterprise="F")]
    pm = model(p, st, days, es)
    return pm, pm.placed


def test_r_joint_a_group_is_one_entry_either_agency_counts() -> None:
    pm, v = _joint_case()
    pm.model.add(v["t"] == 1)  # the trigger's group enters that day: neither agency of the other group may
    s = best(pm)
    assert s is not None and set(placed(pm, s)) == {"t", "r"}
    pm, v = _joint_case()
    pm.model.add(v["h"] == 0)  # one agency of a group comes without its partner: still one entry of the group
    pm.model.add(v["t"] == 0)
    s = best(pm)
    assert s is not None and set(placed(pm, s)) == {"u", "r"}
    assert s.value(pm.g[("G1", 0)]) == 1


def test_joint_score_counts_agencies_that_join_another() -> None:
    pm, v = _joint_case()
    pm.model.add(v["t"] == 0)
    pm.model.add(v["r"] == 1)  # a remote check enters nowhere and joins nobody: it counts 0
    s = best(pm, constraints.joint_score(pm))
    assert s is not None and s.objective_value == 1 and {"h", "u"} <= set(placed(pm, s))  # two agencies, one entry
    pm, v = _joint_case()
    pm.model.add(v["t"] == 1)
    s = best(pm, constraints.joint_score(pm))
    assert s is not None and s.objective_value == 0  # one agency alone joins nobody


# -- R-GAP / R-EXEMPT: r_gap -------------------------------------------------------------------------------------------


def test_r_gap_an_exempt_visit_between_does_not_lift_the_gap() -> None:
    p, st, days = part(60, {"hb-1": ("hb", 4, 4)})
    es = [entry("v1", (0, 59), enterprise="E", index=0), entry("t", (0, 59), basis="triggered", enterprise="E"),
          entry("v2", (0, 59), enterprise="E", index=1)]
    assert count(p, st, days, es) == 2  # the trigger and one of the two (90 days apart cannot fit in 12 weeks)


def test_r_gap_holds_when_the_first_days_have_no_officers() -> None:
    p, st, days = part(60, {"hb-1": ("hb", 2, 4)}, away={"hb-1-0": [0]})
    es = [entry("v1", (0, 59), enterprise="E", index=0), entry("v2", (0, 59), enterprise="E", index=1)]
    assert count(p, st, days, es) == 1


def test_r_gap_a_group_shares_one_day_or_keeps_the_entry_gap() -> None:
    p, st, days = part(30, {"hb-1": ("hb", 4, 4), "um-1": ("um", 4, 4)})
    es = [entry("h", (0, 0), "hb", enterprise="E", group="G"), entry("u", (0, 20), "um", enterprise="E", group="G")]
    pm = model(p, st, days, es)
    pm.model.add(pm.placed["h"] == 1)
    pm.model.add(pm.y[("u", 0)] == 0)  # not the joint day: then 30 days apart, which the window (≤ 28 days) lacks
    s = best(pm)
    assert s is not None and set(placed(pm, s)) == {"h"}


def test_r_gap_two_remote_checks_of_one_agency_on_one_day() -> None:
    p, st, days = part(1, {"hb-1": ("hb", 2, 4)})
    es = [entry("r1", (0, 0), mode="remote", enterprise="E", index=0), entry("r2", (0, 0), mode="remote", enterprise="E", index=1)]
    assert count(p, st, days, es) == 1  # the repeat gap holds for remote checks too (R-JOINT merges only on-site)


def test_r_gap_exactly_the_minimum_is_kept() -> None:
    p, st, days = part(70, {"hb-1": ("hb", 4, 4), "um-1": ("um", 4, 4)})
    at = {(days[d] - days[0]).days: d for d in range(70)}
    assert RULES.gap_repeat == 90 and (days[at[91]] - days[1]).days == 90
    es = [entry("v1", (1, 1), enterprise="E", index=0), entry("v2", (at[91], at[91]), enterprise="E", index=1)]
    assert count(p, st, days, es) == 2  # exactly min_days_between_repeat_visits apart
    es = [entry("v1", (0, 0), enterprise="E", index=0), entry("v2", (at[84], at[84]), enterprise="E", index=1)]
    assert count(p, st, days, es) == 1
    es = [entry("h", (0, 0), "hb", enterprise="E", index=0), entry("u", (at[30], at[30]), "um", enterprise="E", index=1)]
    assert RULES.gap_entries == 30 and count(p, st, days, es) == 2  # exactly min_days_between_visits


# -- R-CAP-AGENCY: r_cap ---------------------------------------------------------------------------------------------


def test_r_cap_agency_counts_planned_visits_only() -> None:
    rules = dataclasses.replace(RULES, gap_entries=0, gap_repeat=0, max_agency=1)
    p, st, days = part(5, {"hb-1": ("hb", 8, 8)}, rules=rules)
    es = [entry("m", (0, 4), enterprise="E"), entry("t", (0, 4), basis="triggered", enterprise="E", index=1)]
    assert count(p, st, days, es, rules) == 2  # R-EXEMPT: the trigger is not one of the agency's planned visits
    es = [entry("m", (0, 4), enterprise="E"), entry("r", (0, 4), mode="remote", enterprise="E", index=1)]
    assert count(p, st, days, es, rules) == 2  # nor is a remote check an on-site visit


# -- R-SPREAD (soft): r_spread_months ----------------------------------------------------------------------------------


def test_r_spread_months_counts_visits_above_the_monthly_share() -> None:
    """Ten visits that must fall in March and two in April (40 working days: 22 in March, 18 in April), eight
    candidate days each: March's share is ⌈12·22/40·1.1⌉ = 8 visits, so the least spread penalty is 2."""
    p, st, days = part(40, {"hb-1": ("hb", 8, 8)})
    march = [d for d in range(40) if days[d].month == 3]
    april = [d for d in range(40) if days[d].month == 4]
    assert (len(march), len(april)) == (22, 18)
    es = [entry(f"m{i}", (march[0], march[-1])) for i in range(10)] + [entry(f"a{i}", (april[0], april[-1])) for i in range(2)]
    pm = model(p, st, days, es, n_cand=8)
    for v in pm.placed.values():
        pm.model.add(v == 1)
    s = best(pm, sum(pm.penalties), minimize=True)
    assert s is not None and s.objective_value == 2
    pm = model(p, st, days, es[8:], n_cand=8)  # two in March, two in April: within their shares, nothing counted
    for v in pm.placed.values():
        pm.model.add(v == 1)
    s = best(pm, sum(pm.penalties), minimize=True)
    assert s is not None and s.objective_value == 0


# -- R-PRIORITY: stages ------------------------------------------------------------------------------------------------


def test_stages_count_each_class() -> None:
    p, st, days = part(5, {"hb-1": ("hb", 8, 8)})
    es = [entry("t", (0, 4), basis="triggered"), entry("f", (0, 4), basis="follow_up"), entry("m", (0, 4)),
          entry("s", (0, 4), basis="sampled", rank=1)]
    pm = model(p, st, days, es)
    s = best(pm)
    assert s is not None and (s.value(pm.stage[0]), s.value(pm.stage[1])) == (2, 1)


# -- the warm start: hint ---------------------------------------------------------------------------------------------


def test_hint_is_the_greedy_plan_complete_and_feasible() -> None:
    """The greedy's staffed plan, given as the model's hint, names every decision once with the plan's value
    (day, team, joint entry, officers' month counts), and is a feasible solution of the model."""
    p, st, days = part(45, {"hb-140403": ("hb", 3, 1), "hb-140400": ("hb", 2, 1), "um-1": ("um", 2, 2)})
    es = [entry("h1", (0, 44), "hb", enterprise="E", group="G"), entry("u1", (0, 44), "um", enterprise="E", group="G"),
          *[entry(f"h{i}", (0, 1), "hb") for i in range(2, 6)], entry("r", (0, 44), "um", mode="remote", enterprise="F"),
          entry("t", (30, 44), "hb", basis="triggered", enterprise="E")]
    greedy = PartState(p, st, RULES, days)
    for e in es:
        greedy.place_anywhere(e, list(range(e.window[0], e.window[1] + 1)))
    assert len(greedy.placed) >= 6 and {p_.teams["hb"] for p_ in greedy.placed.values() if "hb" in p_.teams} == {"hb-140403", "hb-140400"}
    pm = build(PartState(p, st, RULES, days), es, 4, "t", {k: q.day for k, q in greedy.placed.items()})
    hint(pm, greedy)
    hints = list(zip(pm.model.proto.solution_hint.vars, pm.model.proto.solution_hint.values, strict=True))
    assert len({i for i, _ in hints}) == len(hints)  # each variable hinted once
    got = dict(hints)
    on = {k: (q.day, next(iter(q.teams.values()))) for k, q in greedy.placed.items()}
    for (k, d), v in pm.y.items():
        assert got[v.index] == int(on.get(k, (None,))[0] == d), (k, d)
    for (k, d, tid), v in pm.t.items():
        assert got[v.index] == int(on.get(k) == (d, tid)), (k, d, tid)
    entered = {(q.entry.group, q.day) for q in greedy.placed.values() if q.entry.mode == "onsite"}
    for (grp, d), v in pm.g.items():
        assert got[v.index] == int((grp, d) in entered), (grp, d)
    seats: dict[tuple[str, int], int] = defaultdict(int)
    for f in greedy.flows.values():  # each team's exact staffing of its on-site seats
        for k, os in f.assign.items():
            for o in os:
                seats[(o, int(pm.state.month[greedy.placed[k].day]))] += 1
    assert any(seats.values())
    for om, x in pm.x.items():
        assert got[x.index] == seats.get(om, 0), om
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.fix_variables_to_their_hinted_value = True
    pm.model.maximize(sum(pm.placed.values()))
    assert solver.solve(pm.model) == cp_model.OPTIMAL and placed(pm, solver) == on


# -- R-OFFICER-DRAW across districts: scheduler.plan.draw_officers ------------------------------------------------------


LAYOUTS = {  # district → (each officer's budget share there, the working days given to the district)
    # A's share is c0's and c1's, B's c2's and c3's; A books one visit, B two
    "share spent": {"A": ({"c0": 2, "c1": 2, "c2": 0, "c3": 0}, [0]), "B": ({"c0": 0, "c1": 0, "c2": 3, "c3": 3}, [1, 2])},
    # shares split evenly, two visits in each district
    "even": {"A": ({"c0": 1, "c1": 1, "c2": 1, "c3": 1}, [0, 1]), "B": ({"c0": 1, "c1": 1, "c2": 2, "c3": 2}, [2, 3])},
    # B's staffing holds both of c0's seats until B is drawn: A, drawn first, must be drawn again after
    "second pass": {"A": ({"c0": 0, "c1": 1, "c2": 1, "c3": 2}, [0]), "B": ({"c0": 2, "c1": 1, "c2": 1, "c3": 0}, [1, 2])},
}


def _city_states(layout: str, local: bool = False) -> tuple[dict[str, PartState], dict[str, dict[str, object]]]:
    """A city team hb-140400 of four officers (c0 … c3) seconded to districts A and B (scheduler/resources.py's split):
    each district has the officers on its days only, with its share of their budgets; one visit a working day.
    `local`: district A has its own team hb-A too (officers l0, l1, budget 5, every day), one visit on day 0."""
    shares = LAYOUTS[layout]
    n = 1 + max(d for _, present in shares.values() for d in present)
    days = workdays(n)
    states, split = {}, {}
    for d, (share, present) in shares.items():
        mask = np.zeros(n, dtype=bool)
        mask[present] = True
        st = Staff({o: mask.copy() for o in share}, dict(share), dict.fromkeys(share, "hb-140400"), {}, {})
        slices = [TeamSlice("hb-140400", "hb", sorted(share), 4)]
        if local and d == "A":
            for o in ("l0", "l1"):
                st.available[o], st.budget[o], st.team[o] = np.ones(n, dtype=bool), 5, "hb-A"
            slices.append(TeamSlice("hb-A", "hb", ["l0", "l1"], 4))
        sls = [slice_capacity(sl, st, 2, 2, 8, n) for sl in slices]
        states[d] = PartState(Part(d, {"hb": sls}), st, RULES, days)
        split[d] = {"days": [days[i].isoformat() for i in present], "budgets": dict(share)}
        for i in present:
            assert states[d].place(entry(f"{d}{i}", (i, i), enterprise=f"E{d}{i}"), i, "hb-140400") is None
        if local and d == "A":
            assert states[d].place(entry("AL0", (0, 0), enterprise="EAL"), 0, "hb-A") is None
    return states, {"hb-140400": split}  # type: ignore[dict-item]


def _hmac(seed: str, vid: str, o: str) -> bytes:
    return hmac.new(seed.encode(), f"officer|{vid}|{o}".encode(), hashlib.sha256).digest()


def test_r_officer_draw_city_officer_across_districts() -> None:
    """A city officer whose share of one district is spent, while their year's budget is not, is still drawn there in
    HMAC order (R-OFFICER-DRAW); nobody ends the year over their budget (R-AVAIL); the caps used are in the split."""
    year = {"c0": 2, "c1": 2, "c2": 3, "c3": 3}
    drawn_in_b = set()
    for layout, seed in itertools.product(LAYOUTS, (f"s{i}" for i in range(12))):
        states, split = _city_states(layout)
        visits = make_visits(states)
        out = draw_officers(states, visits, seed, dict(year), split)  # type: ignore[arg-type]
        seats: dict[str, list[int]] = defaultdict(list)
        for v in visits:
            for o in out[v.visit_id]["hb"].taken:  # type: ignore[index]
                seats[o].append(v.day)
            assert v.officers["hb"] == out[v.visit_id]["hb"].taken and out[v.visit_id]["hb"].team == "hb-140400"  # type: ignore[index]
        assert all(len(ds) <= year[o] for o, ds in seats.items()), seats  # the year's budget, across districts
        for v in visits:
            taken = out[v.visit_id]["hb"].taken  # type: ignore[index]
            assert len(taken) == 2  # type: ignore[arg-type]
            # officer_draw.json's record for the auditor: the officers considered, in HMAC order, those skipped (needed
            # later) and those taken, both among the considered and apart
            rec = out[v.visit_id]["hb"]
            assert rec.considered == sorted(rec.considered, key=lambda o, v=v: _hmac(seed, v.visit_id, o)), rec
            assert set(rec.taken) <= set(rec.considered) and set(rec.skipped) <= set(rec.considered), rec
            assert not set(rec.taken) & set(rec.skipped), rec
            last = max(_hmac(seed, v.visit_id, o) for o in taken)  # type: ignore[union-attr]
            free = [u for u in year if u not in taken and v.day not in seats[u] and len(seats[u]) < year[u]]
            assert all(_hmac(seed, v.visit_id, u) > last for u in free), (seed, v.visit_id, taken, free)
            if layout == "share spent" and v.visit_id.startswith("VB"):
                drawn_in_b |= {o for o in taken if o in ("c0", "c1")}  # type: ignore[union-attr]
        for d, st in states.items():  # the split records what each district holds after the one draw (round 30)
            f = st.flows["hb-140400"]
            held = Counter(o for k in f.seats for o in (st.placed[k] if k in st.placed else st.guests[k]).officers["hb"])
            assert split["hb-140400"][d]["budgets"] == {o: held[o] for o in f.officers}  # type: ignore[index]
    assert drawn_in_b  # A's officers were drawn in B for some seeds: their share there was 0


def test_r_officer_draw_district_team_beside_a_split_city_team() -> None:
    """A district's own team is drawn with its officers' own budgets: the city team's split (year budgets less what
    other districts hold) is for the city team only, and records nothing for the district team."""
    for seed in (f"s{i}" for i in range(4)):
        states, split = _city_states("even", local=True)
        visits = make_visits(states)
        out = draw_officers(states, visits, seed, {"c0": 2, "c1": 2, "c2": 3, "c3": 3, "l0": 5, "l1": 5}, split)  # type: ignore[arg-type]
        local = next(v for v in visits if v.parts[0].entry.key == "AL0")
        assert sorted(out[local.visit_id]["hb"].taken) == ["l0", "l1"] and out[local.visit_id]["hb"].team == "hb-A"  # type: ignore[index]
        assert set(split) == {"hb-140400"} and states["A"].flows["hb-A"].budget == {"l0": 5, "l1": 5}


def test_r_officer_draw_visits_in_day_order() -> None:
    """Officers are drawn visit by visit in day order (not by key): a (budget 1) is first in HMAC order for both
    visits and is needed by neither, so the earlier visit takes a."""
    seed = next(s for s in (f"s{i}" for i in range(400))
                if all(min("abc", key=lambda o, v=v: _hmac(s, v, f"hb-1-{'abc'.index(o)}")) == "a"
                       for v in ("V14040300001", "V14040300002")))
    p, st, days = part(2, {"hb-1": ("hb", 3, 4)}, budget={"hb-1-0": 1, "hb-1-1": 5, "hb-1-2": 5})
    state = PartState(p, st, RULES, days)
    assert state.place(entry("z", (0, 0), enterprise="E"), 0, "hb-1") is None  # key z on the first day,
    assert state.place(entry("a", (1, 1), enterprise="F"), 1, "hb-1") is None  # key a on the second
    visits = make_visits({"140403": state})
    assert [(v.visit_id, v.day) for v in visits] == [("V14040300001", 0), ("V14040300002", 1)]
    out = draw_officers({"140403": state}, visits, seed)
    assert "hb-1-0" in out["V14040300001"]["hb"].taken and out["V14040300001"]["hb"].team == "hb-1"  # type: ignore[index,operator]
    assert "hb-1-0" not in out["V14040300002"]["hb"].taken  # type: ignore[index,operator]


def test_r_officer_draw_remote_checks_one_officer_in_hmac_order() -> None:
    """Remote checks (one officer each, no budget): in (day, visit) order, the first in HMAC order among the officers
    present, not recused and under max_remote_checks_per_officer_per_day that day; the record says so."""
    rules = dataclasses.replace(RULES, remote_per_officer_day=2)
    for seed in (f"s{i}" for i in range(8)):
        p, st, days = part(2, {"hb-1": ("hb", 3, 9)}, away={"hb-1-2": [0]}, recused={"hb-1-1": {"F"}}, rules=rules)
        state = PartState(p, st, rules, days)
        for key, d, eid in (("r5", 1, "K"), ("r4", 0, "H"), ("r2", 0, "F"), ("r1", 0, "E")):  # placed out of order
            assert state.place(entry(key, (d, d), mode="remote", enterprise=eid), d, "hb-1") is None
        visits = make_visits({"140403": state})
        out = draw_officers({"140403": state}, visits, seed)
        used: dict[tuple[str, int], int] = defaultdict(int)
        for v in sorted(visits, key=lambda v: (v.day, v.visit_id)):
            e = v.parts[0].entry
            ok = [o for o in ("hb-1-0", "hb-1-1", "hb-1-2") if not (o == "hb-1-2" and v.day == 0)
                  and not (o == "hb-1-1" and e.enterprise_id == "F") and used[(o, v.day)] < 2]
            ok.sort(key=lambda o, v=v: _hmac(seed, v.visit_id, o))
            assert ok, v.visit_id
            assert out[v.visit_id]["hb"].as_json() == {"team": "hb-1", "considered": ok[:1], "skipped": [], "taken": ok[:1]}, (seed, v.visit_id)
            assert v.parts[0].officers == {"hb": ok[:1]}
            used[(ok[0], v.day)] += 1


# -- R-SAMPLE / R-PRIORITY class 2: walk_sampled, place_enterprise -----------------------------------------------------


def _walk(pool: list[str], by_ent: dict[str, list[Entry]], state: PartState, held: set[tuple[str, str]] | None = None):  # type: ignore[no-untyped-def]
    req = Requirements([], {e: i + 1 for i, e in enumerate(pool)}, {"C": 1}, {"C": pool}, {}, set(), [], {})
    sel = Selection({}, {}, {}, {}, by_ent, [])
    status, _ = walk_sampled(req, sel, {"140403": state}, held)
    return status, sel


def test_r_sample_an_enterprise_with_nothing_to_visit_is_passed_over() -> None:
    p, st, days = part(5, {"hb-1": ("hb", 2, 2)})
    status, sel = _walk(["e0", "e1"], {"e1": [entry("e1", (0, 4), basis="sampled", rank=2)]}, PartState(p, st, RULES, days))
    assert status == {"e1": "sampled", "e0": "not_drawn"} and sel.sampled["C"] == ["e1"]


def test_r_priority_names_every_agency_held_back() -> None:
    p, st, days = part(5, {"hb-1": ("hb", 2, 2), "um-1": ("um", 2, 2)})
    es = [entry("a", (0, 4), "hb", basis="sampled", enterprise="e1"), entry("b", (0, 4), "um", basis="sampled", enterprise="e1")]
    status, sel = _walk(["e1"], {"e1": es}, PartState(p, st, RULES, days), {("140403", "hb"), ("140403", "um")})
    assert status == {"e1": "capacity"}
    assert sel.skipped["e1"] == "R-PRIORITY: required visits of hb, um in district 140403 are unmet"
    assert sel.skipped_zh["e1"] == "140403辖区hb、um的必检任务尚有未能安排的，抽查让位（R-PRIORITY）"  # selection.csv's reason_zh


def test_r_sample_all_or_nothing_for_one_enterprise() -> None:
    """hb can come, um's officers are away the whole window: nothing of the enterprise stays booked, and the reason
    names um (R-SAMPLE: all its agencies)."""
    p, st, days = part(5, {"hb-1": ("hb", 2, 2), "um-1": ("um", 2, 2)}, away={"um-1-0": [0, 1, 2, 3, 4]})
    state = PartState(p, st, RULES, days)
    es = [entry("a", (0, 4), "hb", basis="sampled", enterprise="e1"), entry("b", (0, 4), "um", basis="sampled", enterprise="e1")]
    status, sel = _walk(["e1"], {"e1": es}, state)
    assert status == {"e1": "capacity"} and sel.skipped["e1"].startswith("agency um: no working day")
    assert state.placed == {} and not state.by_enterprise["e1"] and state.flows["hb-1"].seats == {}


def test_r_sample_every_day_of_the_window_is_tried() -> None:
    for present in ([4], [0, 1, 2, 3]):  # the team can go on the window's last day only / on all but the last
        away = [d for d in range(5) if d not in present]
        p, st, days = part(5, {"hb-1": ("hb", 2, 2)}, away={"hb-1-0": away})
        state = PartState(p, st, RULES, days)
        status, _ = _walk(["e1"], {"e1": [entry("a", (0, 4), basis="sampled", enterprise="e1")]}, state)
        assert status == {"e1": "sampled"} and state.placed["a"].day in present


def test_r_avail_budgets_spent_on_site_not_remote() -> None:
    """Every officer's budget is used: a sampled on-site visit is refused naming the teams and R-AVAIL; a remote
    check (which uses no budget) is still placed."""
    p, st, days = part(5, {"hb-140403": ("hb", 2, 2), "hb-140400": ("hb", 2, 2)}, budget=0)
    status, sel = _walk(["e1"], {"e1": [entry("a", (0, 4), basis="sampled", enterprise="e1")]}, PartState(p, st, RULES, days))
    assert status == {"e1": "capacity"}
    assert sel.skipped["e1"] == "team hb-140403/hb-140400: every officer's annual visit budget is used (R-AVAIL)"
    assert sel.skipped_zh["e1"] == "hb-140403/hb-140400队伍人员的年度检查额度已全部用完（R-AVAIL）"
    state = PartState(p, st, RULES, days)
    status, _ = _walk(["e2"], {"e2": [entry("r", (0, 4), basis="sampled", mode="remote", enterprise="e2")]}, state)
    assert status == {"e2": "sampled"} and "r" in state.placed
