"""Checker break cases written from the survivors of mutation testing of checker/ (`make mutation`,
docs/benchmarks.md "Mutation testing of the rule modules"). Same good tiny plan and helpers as tests/test_checker.py;
each break changes one thing and expects exactly the finding it makes."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from checker_helpers import PlanFolder, load, officer_key, rebase, restaff
from test_checker import case, check, edit_bundle, good, officer_day_load, rules, set_policy  # noqa: F401  (fixtures)

Case = tuple


def _full(found: list) -> list[tuple[str, str, str, int | None]]:  # type: ignore[type-arg]
    """Each finding as (rule, where, message, invariant): the break cases below compare them whole."""
    return [(x.rule, x.where, x.message, x.invariant) for x in found]


def test_officer_of_an_agency_not_on_the_visit(case: Case) -> None:  # noqa: F811
    """R-TEAM: a free enforcement officer of another agency's team joins a single-agency visit (its own pair stays)."""
    bundle, plan = case
    b = load(bundle)
    f = PlanFolder(plan)
    used = officer_day_load(f)
    agency_of = dict(zip(b.teams.team_id, b.teams.agency_id, strict=True))
    district_of = dict(zip(b.teams.team_id, b.teams.district_code, strict=True))
    year = {o: sum(1 for v in f.visits if v["mode"] == "onsite" and o in v["officer_ids"].split(";")) for o in b.officers.officer_id}
    off = b.officers
    for v in f.visits:
        if v["mode"] != "onsite" or ";" in v["agency_ids"]:
            continue
        other = [o for o, t, r, bud, exp in zip(off.officer_id, off.team_id, off.role, off.annual_visit_budget,
                                                off.certificate_expires_on.dt.strftime("%Y-%m-%d"), strict=True)
                 if r == "enforcement" and agency_of[t] != v["agency_ids"] and (o, v["date"]) not in used and exp >= v["date"]
                 and (pd.isna(bud) or year[o] < bud) and district_of[t] in (v["district_code"], v["district_code"][:4] + "00")
                 and not ((b.unavailability.officer_id == o) & (b.unavailability.start_on <= v["date"])
                          & (b.unavailability.end_on >= v["date"])).any()
                 and not ((b.recusals.officer_id == o) & (b.recusals.enterprise_id == v["enterprise_id"])).any()]
        if other:
            v["officer_ids"] += ";" + other[0]
            a = agency_of[off.team_id[off.officer_id == other[0]].iloc[0]]
            break
    f.save()
    found = check(b, plan)
    assert rules(found) == {"R-TEAM"} and [x.where for x in found] == [v["visit_id"]]
    assert found[0].message == f"officers of agency {a}, which is not on the visit" and found[0].invariant == 2


def test_remote_checks_per_officer_day(case: Case) -> None:  # noqa: F811
    """R-AVAIL (invariant 3): max_remote_checks_per_officer_per_day, kept at the plan's busiest officer-day and broken
    one below it, officer by officer."""
    bundle, plan = case
    per = Counter((o, v["date"]) for v in PlanFolder(plan).visits if v["mode"] == "remote" for o in v["officer_ids"].split(";"))
    most = max(per.values())
    assert check(set_policy(bundle, plan, max_remote_checks_per_officer_per_day=most), plan) == []
    found = check(set_policy(bundle, plan, max_remote_checks_per_officer_per_day=most - 1), plan)
    busiest = sorted(o for (o, _), n in per.items() if n == most)
    assert rules(found) == {"R-AVAIL"} and sorted(x.where for x in found) == busiest
    assert all(x.invariant == 3 and f"{most} remote checks on " in x.message and x.message.endswith(f", max {most - 1}") for x in found)


def test_annual_budget_exactly_used(case: Case) -> None:  # noqa: F811
    """R-AVAIL (invariant 3): an officer's annual_visit_budget equal to their on-site visits is kept; one less is broken."""
    bundle, plan = case
    year = Counter(o for v in PlanFolder(plan).visits if v["mode"] == "onsite" for o in v["officer_ids"].split(";"))
    o, n = year.most_common(1)[0]
    for budget, want in ((n, []), (n - 1, [(o, 3)])):
        edit_bundle(bundle, "officers.csv", lambda h, rows, b=budget: [r.update(annual_visit_budget=str(b)) for r in rows if r["officer_id"] == o])
        assert [(x.where, x.invariant) for x in check(rebase(plan, bundle), plan)] == want


def test_officer_draw_broken_behind_a_taken_officer(case: Case) -> None:  # noqa: F811
    """R-OFFICER-DRAW (invariant 12): the free officer drawn before a hand-picked one comes, in the team's roster,
    after the officer who stays on the visit: the check looks past officers already taken."""
    bundle, plan = case
    b = load(bundle)
    f = PlanFolder(plan)
    seed = b.policy.seed
    used = officer_day_load(f)
    enf = b.officers[b.officers.role == "enforcement"]
    roster = list(enf.officer_id)  # officers.csv order
    team = dict(zip(enf.officer_id, enf.team_id, strict=True))
    cert = dict(zip(enf.officer_id, enf.certificate_expires_on.dt.strftime("%Y-%m-%d"), strict=True))
    away = list(zip(b.unavailability.officer_id, b.unavailability.start_on.dt.strftime("%Y-%m-%d"),
                    b.unavailability.end_on.dt.strftime("%Y-%m-%d"), strict=True))
    recused = set(zip(b.recusals.officer_id, b.recusals.enterprise_id, strict=True))
    year = Counter(o for v in f.visits if v["mode"] == "onsite" for o in v["officer_ids"].split(";"))
    budget = dict(zip(enf.officer_id, enf.annual_visit_budget, strict=True))
    hit = None
    for v in f.visits:
        if v["mode"] != "onsite" or ";" in v["agency_ids"]:
            continue
        x, y = sorted(v["officer_ids"].split(";"), key=roster.index)  # x stays, y leaves

        def free(o: str, v: dict[str, str] = v, x: str = x, y: str = y) -> bool:
            return (team[o] == team[x] and o not in (x, y) and (o, v["date"]) not in used and cert[o] >= v["date"]
                    and not any(w == o and s <= v["date"] <= e for w, s, e in away) and (o, v["enterprise_id"]) not in recused
                    and (pd.isna(budget[o]) or year[o] < budget[o]))
        others = [o for o in roster if free(o)]
        if not others or sum(1 for (o, d) in used if o == y and d == v["date"]) != 1:
            continue
        z = max(others, key=lambda o, v=v: officer_key(seed, v["visit_id"], o))
        ahead = [u for u in [y, *others] if officer_key(seed, v["visit_id"], u) < officer_key(seed, v["visit_id"], z)]
        if ahead and all(roster.index(x) < roster.index(u) for u in ahead):
            v["officer_ids"] = ";".join(sorted([x, z]))
            hit = v["visit_id"]
            break
    assert hit is not None
    f.save()
    found = check(b, plan)
    assert rules(found) == {"R-OFFICER-DRAW"} and [x.where for x in found] == [hit] and found[0].invariant == 12
    assert found[0].message.endswith("was free that day and had annual budget left")
    # the officers drawn before z end the year with no budget left: they may have been needed later, no finding
    use = Counter(o for v in PlanFolder(plan).visits if v["mode"] == "onsite" for o in v["officer_ids"].split(";"))
    assert all(use[u] > 0 for u in ahead)
    edit_bundle(bundle, "officers.csv", lambda h, rows: [r.update(annual_visit_budget=str(use[r["officer_id"]]))
                                                         for r in rows if r["officer_id"] in ahead])
    assert check(rebase(plan, bundle), plan) == []


# ---- R-PRIORITY (invariant 11): the survivors of its 158 mutants ---------------------------------------------------
def _findings(b: object, plan: object, shortfalls: list[dict[str, str]]) -> list[tuple[str, str, str]]:
    f = PlanFolder(plan)  # type: ignore[arg-type]
    f.meta["shortfalls"] = shortfalls
    f.save(resync=False)
    return [(x.rule, x.where, x.message) for x in check(b, plan)]  # type: ignore[arg-type]


def test_priority_names_the_city_team_that_made_sampled_visits(case: Case) -> None:  # noqa: F811
    """R-PRIORITY: a D enterprise's mandatory visit by one agency left unmet while that agency's city team made a sampled
    visit in the district: found, naming the city team (the district team made the mandatory visits), however the
    shortfall names the enterprise and wherever it stands in the list; kept when the shortfall names a reason no visit
    could give way, in its last word or in its `rule` alone, or names only another agency of the enterprise."""
    bundle, plan = case
    b = load(bundle)
    f = PlanFolder(plan)
    # a D enterprise visited jointly by hb and um: its joint visits become hb's alone, so um's mandatory visits are unmet
    # (hb, sorted first and covered, is skipped on the way to um)
    m = next(v for v in f.visits if v["basis"] == "mandatory" and v["agency_ids"] == "hb;um")
    eid, d, a, other = m["enterprise_id"], m["district_code"], "um", "hb"
    city = f"{a}-{d[:4]}00"
    assert city in set(b.teams.team_id)
    members = sorted(o for o, t, r in zip(b.officers.officer_id, b.officers.team_id, b.officers.role, strict=True)
                     if t == city and r == "enforcement")
    # the first sampled visit of (district, agency) in the file goes to the city team (a later one stays the district's)
    s = next(v for v in f.visits if v["basis"] == "sampled" and v["mode"] == "onsite" and v["agency_ids"] == a
             and v["district_code"] == d)
    s["officer_ids"] = ";".join(members[:2])
    f.save()
    assert restaff(b, plan) == 0
    assert next(v for v in PlanFolder(plan).visits if v["visit_id"] == s["visit_id"])["officer_ids"] == ";".join(members[:2])
    assert check(b, plan) == []  # a city team may make the district's sampled visits
    f = PlanFolder(plan)
    for v in f.visits:
        if v["enterprise_id"] == eid and v["basis"] == "mandatory":
            assert v["agency_ids"] == "hb;um"
            v["agency_ids"] = v["lead_agency_id"] = other
            v["item_ids"] = ";".join(i for i in v["item_ids"].split(";") if i.startswith(other + "-"))
            v["officer_ids"] = ";".join(o for o in v["officer_ids"].split(";") if o.startswith(other + "-"))
    f.save()
    assert restaff(b, plan) == 0
    ignored = {"kind": "sampled", "id": s["enterprise_id"], "rule": "R-SAMPLE", "resource": "window"}  # judged by no one
    want = [("R-PRIORITY", eid, f"mandatory visits of agency {a} left unmet while team {city} made sampled visits in "
             f"district {d} (shortfall 1)")]
    budgets = "annual budgets of the team's officers used up"
    assert _findings(b, plan, [ignored, {"kind": "mandatory", "id": eid, "rule": "R-AVAIL", "agency": a, "resource": budgets}]) == want
    assert _findings(b, plan, [ignored, {"kind": "mandatory", "enterprise_id": eid, "rule": "R-AVAIL", "agency": a,
                                         "resource": budgets}]) == want
    for kept in ({"rule": "R-AVAIL", "agency": a, "resource": "entries capped: R-CAP-ENTRY"},  # its last word
                 {"rule": "R-CAP-ENTRY", "agency": a, "resource": budgets},  # its rule alone
                 {"rule": "R-AVAIL", "agency": other, "resource": budgets}):  # another agency, covered
        assert _findings(b, plan, [ignored, {"kind": "mandatory", "id": eid, **kept}]) == [], kept
    # R-GAP alone is no longer taken on its word (round 43, foreign43 F1): the checker counts the days its teams could
    # go, and um's could hold the visits owed
    (gap,) = _findings(b, plan, [ignored, {"kind": "mandatory", "id": eid, "rule": "R-GAP", "agency": a, "resource": budgets}])
    assert gap[:2] == ("R-PRIORITY", eid) and f"says no plan could fit another visit of agency {a} (R-GAP)" in gap[2], gap


def test_priority_shortfall_of_a_covered_enterprise_is_no_finding(case: Case) -> None:  # noqa: F811
    """R-PRIORITY: a mandatory shortfall declared for an agency whose items are covered exactly `visits` times is not
    judged (nothing was left unmet), though that agency made sampled visits in the district."""
    bundle, plan = case
    f = PlanFolder(plan)
    need = load(bundle).policy.tiers["D"].visits
    per = Counter((v["enterprise_id"], v["agency_ids"]) for v in f.visits if v["basis"] == "mandatory" and ";" not in v["agency_ids"])
    eid, a = next(k for k, n in sorted(per.items()) if n == need)
    assert _findings(bundle, plan, [{"kind": "mandatory", "id": eid, "rule": "R-AVAIL", "agency": a, "resource": "officer-days"}]) == []


def test_priority_follow_up_unmet_while_planned_visits_were_made(case: Case) -> None:  # noqa: F811
    """R-PRIORITY: a follow-up left unmet while its agency made planned visits in the district, those visits counted
    even when they show no officer of the agency (R-PAIR speaks for them); kept when the shortfall names only another
    agency or a reason no visit could give way."""
    bundle, plan = case
    b = load(bundle)
    f = PlanFolder(plan)
    planned = Counter((v["district_code"], a) for v in f.visits if v["basis"] in ("mandatory", "sampled") for a in v["agency_ids"].split(";"))
    fu = min((v for v in f.visits if v["basis"] == "follow_up" and ";" not in v["agency_ids"]
              and planned[(v["district_code"], v["agency_ids"])]), key=lambda v: planned[(v["district_code"], v["agency_ids"])])
    eid, d, a = fu["enterprise_id"], fu["district_code"], fu["agency_ids"]
    other = next(x for x in ("gas", "hb", "um") if x != a)
    f.visits.remove(fu)
    f.save()
    assert restaff(b, plan) == 0
    sf = {"kind": "follow_up", "id": eid, "rule": "R-FOLLOW", "resource": "officer-days of the team"}
    # the visit removed left its day, team and officers to a planned visit that could give way (round 37: whatever the
    # words say, as for a trigger); named by its id
    (found,) = _findings(b, plan, [sf | {"agency": a}])
    assert found[:2] == ("R-PRIORITY", eid) and found[2].startswith(f"follow-up by {a} left unmet while ") \
        and found[2].endswith("could have given way: same team and officers, none recused (shortfall 0)"), found
    assert _findings(b, plan, [sf | {"agency": other}]) == []
    assert _findings(b, plan, [sf | {"agency": a, "resource": "every certified officer is recused"}]) == [found]
    # the agency's planned visits lose their officers: they still count as its planned visits
    f = PlanFolder(plan)
    emptied = []
    for v in f.visits:
        if v["basis"] in ("mandatory", "sampled") and v["agency_ids"] == a and v["district_code"] == d:
            v["officer_ids"] = ""
            emptied.append(v["visit_id"])
    f.save()
    assert len(emptied) == planned[(d, a)]
    restaff(b, plan)
    found = _findings(b, plan, [sf | {"agency": a}])
    # no officer to swap with: the words and the district's planned visits judge it, as before
    want = [("R-PRIORITY", eid, f"follow-up by {a} left unmet while it made planned visits in {d} (shortfall 0)")]
    assert [x for x in found if x[0] == "R-PRIORITY"] == want
    assert {x[0] for x in found} == {"R-PRIORITY", "R-PAIR"} and {x[1] for x in found if x[0] == "R-PAIR"} == set(emptied)


def test_priority_trigger_named_by_trigger_id_and_kind_trigger(case: Case) -> None:  # noqa: F811
    """R-PRIORITY: a shortfall of kind `trigger` naming its trigger by `trigger_id` is judged like `triggered` by `id`;
    one declared for a trigger the plan met is not."""
    bundle, plan = case
    b = load(bundle)
    f = PlanFolder(plan)
    v = next(v for v in f.visits if v["basis"] == "triggered")
    sf = {"rule": "R-TRIGGER", "agency": v["agency_ids"], "resource": "officer-days of the team"}
    assert _findings(b, plan, [sf | {"kind": "triggered", "id": v["trigger_id"]}]) == []  # met: nothing to judge
    f = PlanFolder(plan)
    f.visits = [x for x in f.visits if x["visit_id"] != v["visit_id"]]
    f.save()
    assert restaff(b, plan) == 0
    found = _findings(b, plan, [sf | {"kind": "trigger", "trigger_id": v["trigger_id"]}])
    assert [(x[0], x[1]) for x in found] == [("R-PRIORITY", v["trigger_id"])]
    assert found[0][2].startswith(f"trigger left unmet while agency {v['agency_ids']} made planned visits in {v['district_code']} by team ")
    assert found[0][2].endswith(", which could go in its window (shortfall 0)")


# ---- R-OFFICER-DRAW (invariant 12): an officer on no visit at all ----------------------------------------------------
def test_officer_draw_new_officer_on_no_visit(case: Case) -> None:  # noqa: F811
    """R-OFFICER-DRAW: a new certified officer with an annual budget of 1 and no visit all year, in a team whose other
    officers end the year with their budgets exactly used, comes before the chosen officers on some visits: each of
    those is a finding naming them, including the second agency of two joint visits whose first agency shows no
    officer (R-PAIR speaks) or only recused ones (R-RECUSE speaks); with a budget of 0, or recused at every
    enterprise, the same officer is no finding."""
    bundle, plan = case
    b = load(bundle)
    f = PlanFolder(plan)
    seed = b.policy.seed
    team, agency = "um-140404", "um"
    j1 = next(v for v in f.visits if v["mode"] == "onsite" and v["agency_ids"] == "hb;um" and v["district_code"] == "140404")
    j1["officer_ids"] = ";".join(o for o in j1["officer_ids"].split(";") if o.startswith(team))  # hb's officers gone
    f.save()
    assert restaff(b, plan) == 0
    f = PlanFolder(plan)
    j1 = next(v for v in f.visits if v["visit_id"] == j1["visit_id"])

    def alone(j: dict[str, str]) -> bool:  # its hb officers inspect its enterprise on no other visit
        hb = {o for o in j["officer_ids"].split(";") if o.startswith("hb-")}
        return not any(v is not j and v["enterprise_id"] == j["enterprise_id"] and hb & set(v["officer_ids"].split(";")) for v in f.visits)

    busy = {(o, v["date"]) for v in f.visits for o in v["officer_ids"].split(";")}
    hb_year = Counter(o for v in f.visits if v["mode"] == "onsite" for o in v["officer_ids"].split(";"))
    off = b.officers
    hb_team = [(o, x.strftime("%Y-%m-%d"), n) for o, t, r, x, n in zip(off.officer_id, off.team_id, off.role, off.certificate_expires_on,
                                                                      off.annual_visit_budget, strict=True) if t == "hb-140404" and r == "enforcement"]
    away = list(zip(b.unavailability.officer_id, b.unavailability.start_on.dt.strftime("%Y-%m-%d"),
                    b.unavailability.end_on.dt.strftime("%Y-%m-%d"), strict=True))
    recused0 = set(zip(b.recusals.officer_id, b.recusals.enterprise_id, strict=True))

    def hb_free(j: dict[str, str]) -> list[str]:  # hb officers free on j's day, eligible at j, budget left
        return [o for o, exp, n in hb_team if (o, j["date"]) not in busy and exp >= j["date"] and (o, j["enterprise_id"]) not in recused0
                and not any(w == o and s <= j["date"] <= e for w, s, e in away) and (pd.isna(n) or hb_year[o] < n)
                and not any(x["enterprise_id"] == j["enterprise_id"] and o in x["officer_ids"] for x in f.visits)]

    def hb_alone_that_day(j: dict[str, str]) -> bool:
        return not any(x is not j and x["date"] == j["date"] and "hb-140404-" in x["officer_ids"] for x in f.visits)

    # j2's hb officers are replaced by the two free ones drawn last, then recused there (R-RECUSE): its hb part has no
    # eligible chosen officer and is passed over, while its first-drawn officers, now free, would come before them
    j2 = next(v for v in f.visits if v["mode"] == "onsite" and v["agency_ids"] == "hb;um" and v["district_code"] == "140404"
              and v["enterprise_id"] != j1["enterprise_id"] and alone(v) and len(hb_free(v)) >= 2 and hb_alone_that_day(v))
    picked = sorted(hb_free(j2), key=lambda o: officer_key(seed, j2["visit_id"], o))[-2:]
    j2["officer_ids"] = ";".join(sorted(picked + [o for o in j2["officer_ids"].split(";") if not o.startswith("hb-")]))
    f.save()

    def last(v: dict[str, str]) -> str:
        return max(officer_key(seed, v["visit_id"], o) for o in v["officer_ids"].split(";") if o.startswith(team + "-"))

    new = next(f"{team}-{k}" for k in range(900, 999)
               if all(officer_key(seed, j["visit_id"], f"{team}-{k}") < last(j) for j in (j1, j2)))
    use = Counter(o for v in f.visits if v["mode"] == "onsite" for o in v["officer_ids"].split(";"))
    ahead = [v for v in f.visits if any(o.startswith(team + "-") for o in v["officer_ids"].split(";"))
             and officer_key(seed, v["visit_id"], new) < last(v)]
    hb2 = [o for o in j2["officer_ids"].split(";") if o.startswith("hb-")]
    recused_hb = sorted(("R-RECUSE", v["visit_id"]) for v in f.visits if v["enterprise_id"] == j2["enterprise_id"]
                        for o in v["officer_ids"].split(";") if o in hb2)

    def staff(budget: str, recused: bool = False) -> list[tuple[str, str, str]]:
        def officers(h: list[str], rows: list[dict[str, str]]) -> None:
            for r in rows:
                if r["team_id"] == team and r["role"] == "enforcement":
                    r["annual_visit_budget"] = str(use[r["officer_id"]])
            rows[:] = [r for r in rows if r["officer_id"] != new]
            rows.append(dict.fromkeys(h, "") | {"officer_id": new, "name": "新人", "team_id": team, "role": "enforcement",
                                                "certificate_no": "晋99999999", "certificate_expires_on": "2030-06-30",
                                                "training_hours": "40", "annual_visit_budget": budget})

        def recusals(h: list[str], rows: list[dict[str, str]]) -> None:
            rows[:] = [r for r in rows if r["officer_id"] not in (new, *hb2)]
            rows += [dict.fromkeys(h, "") | {"officer_id": o, "enterprise_id": j2["enterprise_id"], "reason": "亲属关系"} for o in hb2]
            if recused:
                rows += [dict.fromkeys(h, "") | {"officer_id": new, "enterprise_id": e, "reason": "亲属关系"}
                         for e in sorted({v["enterprise_id"] for v in ahead})]

        edit_bundle(bundle, "officers.csv", officers)
        edit_bundle(bundle, "recusals.csv", recusals)
        found = check(rebase(plan, bundle), plan)
        assert sorted((x.rule, x.where) for x in found if x.rule == "R-RECUSE") == recused_hb
        return sorted((x.rule, x.where, x.message) for x in found if x.rule != "R-RECUSE")

    pair = ("R-PAIR", j1["visit_id"], "agency hb: 0 enforcement officers, 2 needed")
    message = f"agency {agency}: {new} comes before a chosen officer in the draw, was free that day and had annual budget left"
    assert staff("1") == sorted([pair] + [("R-OFFICER-DRAW", v["visit_id"], message) for v in ahead])
    assert staff("0") == [pair]
    assert staff("1", recused=True) == [pair]


# ---- R-SAMPLE: the findings no break case reached ---------------------------------------------------------------------
def test_draw_rank_outside_any_lottery_pool(case: Case) -> None:  # noqa: F811
    """R-SAMPLE (invariant 10): a draw_rank on a mandatory tier's row (no lottery there) is a finding."""
    bundle, plan = case
    f = PlanFolder(plan)
    r = next(r for r in f.selection if r["basis"] == "mandatory")
    assert r["draw_rank"] == ""
    r["draw_rank"] = "1"
    f.save()
    assert _full(check(bundle, plan)) == [
        ("R-SAMPLE", r["enterprise_id"], "draw_rank 1 outside any lottery pool", 10)]


def test_sampled_item_not_covered(case: Case) -> None:  # noqa: F811
    """R-SAMPLE (invariant 5): a drawn enterprise's item left out of its only sampled visit is a finding."""
    bundle, plan = case
    b = load(bundle)
    f = PlanFolder(plan)
    monitored = set(b.enterprises.enterprise_id[b.enterprises.remote_monitoring])
    cover = Counter((v["enterprise_id"], i) for v in f.visits if v["basis"] == "sampled" for i in v["item_ids"].split(";"))
    v = next(v for v in f.visits if v["basis"] == "sampled" and v["mode"] == "onsite" and ";" not in v["agency_ids"]
             and v["item_ids"].count(";") >= 1 and v["enterprise_id"] not in monitored
             and cover[(v["enterprise_id"], v["item_ids"].split(";")[0])] == 1)
    i, rest = v["item_ids"].split(";", 1)
    v["item_ids"] = rest
    f.save()
    assert _full(check(b, plan)) == [
        ("R-SAMPLE", v["enterprise_id"], f"agency {v['agency_ids']} item {i} covered 0 of 1 times by sampled visits, no shortfall", 5)]


def test_sampled_visits_of_an_enterprise_not_drawn(case: Case) -> None:  # noqa: F811
    """R-SAMPLE (invariant 10): selection.csv calls the drawn enterprise with the worst rank `not_drawn`, but it has
    sampled visits."""
    bundle, plan = case
    f = PlanFolder(plan)
    r = max((r for r in f.selection if r["basis"] == "sampled" and r["tier"] == "C"), key=lambda r: int(r["draw_rank"]))
    r["basis"] = "not_drawn"
    f.save()
    assert _full(check(bundle, plan)) == [
        ("R-SAMPLE", r["enterprise_id"], "sampled visits, but basis not_drawn in selection.csv", 10)]


def test_mandatory_visit_in_a_sampled_tier(case: Case) -> None:  # noqa: F811
    """R-SAMPLE (invariant 10): a visit called `mandatory` at an enterprise of a tier that is sampled (its lost
    sampled coverage declared as a shortfall)."""
    bundle, plan = case
    f = PlanFolder(plan)
    v = next(v for v in f.visits if v["basis"] == "sampled" and v["mode"] == "onsite" and v["tier"] in ("B", "C"))
    v["basis"] = "mandatory"
    f.meta["shortfalls"].append({"kind": "sampled", "id": v["enterprise_id"], "rule": "R-SAMPLE", "resource": "officer-days"})
    f.save()
    assert _full(check(bundle, plan)) == [
        ("R-SAMPLE", v["visit_id"], f"mandatory visit in sampled tier {v['tier']}", 10)]


# ---- R-ITEM and R-REMOTE: findings and words no break case reached ---------------------------------------------------
def test_item_findings_name_the_item_and_its_agency(case: Case) -> None:  # noqa: F811
    """R-ITEM (invariant 5): a follow-up with no item, an item on no published list, an item of an agency not on the
    visit: each a finding in its own words."""
    bundle, plan = case
    b = load(bundle)
    f = PlanFolder(plan)
    fu = next(v for v in f.visits if v["basis"] == "follow_up")
    fu["item_ids"] = ""
    m = next(v for v in f.visits if v["basis"] == "mandatory" and v["mode"] == "onsite" and ";" not in v["agency_ids"])
    m["item_ids"] += ";hb-NONE"
    s = next(v for v in f.visits if v["basis"] == "sampled" and v["mode"] == "onsite" and ";" not in v["agency_ids"]
             and v["enterprise_id"] != m["enterprise_id"])
    i, a = next((i, a) for i, a in zip(b.items.item_id, b.items.agency_id, strict=True) if a != s["agency_ids"])
    s["item_ids"] += ";" + i
    f.save()
    found = sorted((x.where, x.message, x.invariant) for x in check(b, plan) if x.rule == "R-ITEM")
    assert found == sorted([(fu["visit_id"], "the visit lists no item", 5), (m["visit_id"], "item hb-NONE is on no published list", 5),
                            (s["visit_id"], f"item {i} belongs to agency {a}, which is not on the visit", 5)])
    assert rules(check(b, plan)) == {"R-ITEM"}


def test_remote_findings_and_the_onsite_required_tier(case: Case) -> None:  # noqa: F811
    """R-REMOTE (invariant 8): a remote check of an item not allowed remotely is a finding, in its words, and so is an
    on-site visit outside `onsite_required_tiers` whose items could all be checked remotely; a tier-D visit with
    remote-allowed items at a monitored enterprise is kept (on site is required there)."""
    bundle, plan = case
    b = load(bundle)
    remote = set(b.items.item_id[b.items.remote_allowed])
    f = PlanFolder(plan)
    r = next(v for v in f.visits if v["mode"] == "remote")
    onsite_only = next(i for i, a, s in zip(b.items.item_id, b.items.agency_id, b.items.remote_allowed, strict=True)
                       if a == r["agency_ids"] and not s and i not in r["item_ids"].split(";"))
    assert onsite_only not in remote
    d = next(v for v in f.visits if v["basis"] == "mandatory" and v["mode"] == "onsite" and set(v["item_ids"].split(";")) <= remote)
    f.save()
    edit_bundle(bundle, "enterprises.csv", lambda h, rows: [r.update(remote_monitoring="true") for r in rows
                                                             if r["enterprise_id"] == d["enterprise_id"]])
    b = rebase(plan, bundle)
    assert check(b, plan) == []
    f = PlanFolder(plan)
    d = next(v for v in f.visits if v["visit_id"] == d["visit_id"])
    d["tier"] = "C"
    f.sel(d["enterprise_id"])["tier"] = "C"
    next(v for v in f.visits if v["visit_id"] == r["visit_id"])["item_ids"] += ";" + onsite_only
    f.save()
    found = [(x.rule, x.where, x.message, x.invariant) for x in check(b, plan) if x.rule == "R-REMOTE"]
    could = [v["visit_id"] for v in f.visits if v["enterprise_id"] == d["enterprise_id"] and v["mode"] == "onsite"
             and v["basis"] in ("mandatory", "sampled") and set(v["item_ids"].split(";")) <= remote]
    assert d["visit_id"] in could
    assert sorted(found) == sorted([("R-REMOTE", x, "every item could be checked remotely: 能非现场的不入企", 8) for x in could]
                                   + [("R-REMOTE", r["visit_id"], "a remote check needs online monitoring and remote-allowed items", 8)])


# ---- R-EXPLAIN: the shortfalls' words ----------------------------------------------------------------------------------
def test_explain_reads_every_field_a_shortfall_may_use(case: Case) -> None:  # noqa: F811
    """R-EXPLAIN: the binding resource may be `resource`, `binding`, `binding_zh` or `binding_en`; the agency `agency`
    (one id, or several joined by `;` or `,`), `agency_id`, `agencies` (a list), else agency ids among the resource's
    words; a selection row needs both reasons. Each shortfall missing one is named by its index and id."""
    from checker.facts import Context
    from checker.rules import check_r_explain, shortfall_agencies, shortfall_resource

    bundle, plan = case
    b = load(bundle)
    f = PlanFolder(plan)
    eid = next(v["enterprise_id"] for v in f.visits if v["basis"] == "mandatory")
    ok = [{"kind": "mandatory", "id": eid, "agency_id": "hb", "binding_zh": "人手"},
          {"kind": "follow_up", "id": eid, "agencies": ["um", "hb"], "binding_en": "staff"},
          {"kind": "trigger", "id": eid, "agency": "hb,um", "binding": "officers"},
          {"kind": "trigger", "id": eid, "agency": "gas;um", "resource": "officers"},
          {"kind": "mandatory", "id": eid, "resource": "officer-days of agency um"},
          {"kind": "sampled", "id": eid, "resource": "officer-days"},
          {"kind": "follow_up", "id": eid, "binding": "officer-days of gas"},
          {"kind": "follow_up", "id": eid, "binding_zh": "人手 hb"},
          {"kind": "follow_up", "id": eid, "binding_en": "staff of um"}]
    bad = [{"kind": "mandatory", "id": eid}, {"kind": "follow_up", "id": eid, "resource": "officer-days"}]
    f.meta["shortfalls"] = ok + bad
    f.selection[0]["reason_zh"] = ""
    f.selection[1]["reason_en"] = ""
    f.save()
    ctx = Context(b, plan)
    assert [shortfall_agencies(ctx, s) for s in ok] == [{"hb"}, {"um", "hb"}, {"hb", "um"}, {"gas", "um"}, {"um"}, set(),
                                                         {"gas"}, {"hb"}, {"um"}]
    assert [shortfall_resource(s) for s in ok + bad] == ["人手", "staff", "officers", "officers", "officer-days of agency um",
                                                         "officer-days", "officer-days of gas", "人手 hb", "staff of um", "", "officer-days"]
    found = [(x.where, x.message, x.invariant) for x in check_r_explain(ctx)]
    assert found == [(f.selection[0]["enterprise_id"], "no reason in Chinese and English", 0),
                     (f.selection[1]["enterprise_id"], "no reason in Chinese and English", 0),
                     (f"shortfall 9 ({eid})", "names no binding resource", 11), (f"shortfall 9 ({eid})", "names no agency", 11),
                     (f"shortfall 10 ({eid})", "names no agency", 11)]


def test_officer_draw_passes_over_officers_busy_that_day(case: Case) -> None:  # noqa: F811
    """R-OFFICER-DRAW: with one on-site visit per officer-day, officers are redrawn and those already out that day are
    passed over; the checker does not count them as free (some of them come before a chosen officer in HMAC order)."""
    bundle, plan = case
    b = set_policy(bundle, plan, max_visits_per_officer_per_day=1)
    assert restaff(b, plan) == 0
    assert check(b, plan) == []


def test_unknown_tier_in_selection_is_judged_by_r_tier_alone(case: Case) -> None:  # noqa: F811
    """R-TIER, not R-SAMPLE: a mandatory enterprise's row in selection.csv with a tier the policy does not know is a
    finding of R-TIER (row and visits); R-SAMPLE passes over it (no lottery, no coverage owed), and nothing crashes."""
    bundle, plan = case
    b = load(bundle)
    f = PlanFolder(plan)
    monitored = set(b.enterprises.enterprise_id[b.enterprises.remote_monitoring])
    single = Counter((v["enterprise_id"], v["agency_ids"]) for v in f.visits if v["basis"] == "mandatory" and ";" not in v["agency_ids"])
    r = next(r for r in f.selection if r["basis"] == "mandatory" and r["enterprise_id"] not in monitored
             and 2 in [n for (e, _), n in single.items() if e == r["enterprise_id"]])
    r["tier"] = "Z"
    # one of its agency's two visits dropped and declared: a tier the policy does not know owes one visit (R-PRIORITY)
    a = next(a for (e, a), n in single.items() if e == r["enterprise_id"] and n == 2)
    f.visits.remove(next(v for v in f.visits if v["enterprise_id"] == r["enterprise_id"] and v["agency_ids"] == a))
    f.meta["shortfalls"] = [{"kind": "mandatory", "id": r["enterprise_id"], "rule": "R-AVAIL", "agency": a, "resource": "officer-days"}]
    f.save()
    assert restaff(b, plan) == 0
    f = PlanFolder(plan)
    found = check(b, plan)
    assert rules(found) == {"R-TIER"}
    assert sorted(x.where for x in found) == sorted([r["enterprise_id"]] + [v["visit_id"] for v in f.visits if v["enterprise_id"] == r["enterprise_id"]])


def test_lottery_reads_a_blank_risk_score_as_zero(case: Case) -> None:  # noqa: F811
    """R-SAMPLE (invariant 10): the redrawn lottery weighs a pooled row with a blank risk_score as a score of 0 (its
    weight is then min_lottery_weight): blank and "0" give the same findings, and they differ from the plan's draw."""
    bundle, plan = case
    f = PlanFolder(plan)
    r = max((r for r in f.selection if r["tier"] == "C" and r["draw_rank"]), key=lambda r: float(r["risk_score"]))
    found = {}
    for score in ("", "0"):
        r["risk_score"] = score
        f.save()
        found[score] = [(x.rule, x.where, x.message) for x in check(bundle, plan)]
    sample = {k: [x for x in v if x[0] == "R-SAMPLE"] for k, v in found.items()}
    assert sample[""] == sample["0"] and {x[0] for x in found[""]} == {"R-SAMPLE", "R-AUDIT"}
    # a 0 in tier C also lies outside the tier's band (R-TIER); a blank is no probability (plan.md: 0–1), so the file
    # check names it (R-AUDIT) and it has no band to leave
    assert [x[:2] for x in found["0"] if x[0] != "R-SAMPLE"] == [("R-TIER", r["enterprise_id"])]
    assert [x for x in found[""] if x[0] != "R-SAMPLE"] == [("R-AUDIT", r["enterprise_id"], "risk_score '' is not a probability 0–1 (plan.md)")]


def test_r_tier_score_in_its_tier_band(case: Case) -> None:  # noqa: F811
    """R-TIER: every published risk_score lies in its own tier's band under tier_thresholds (0.2 / 0.3 / 0.4 here).
    A tier-D row (no lottery: D is not sampled) is moved across its floor and back; the band's floor is its own."""
    bundle, plan = case
    f = PlanFolder(plan)
    r = next(r for r in f.selection if r["tier"] == "D")
    for score, want in (("0.399999", [("R-TIER", r["enterprise_id"])]), ("0.400000", []), ("1.000000", []), ("0.100000", [("R-TIER", r["enterprise_id"])])):
        r["risk_score"] = score
        f.save()
        assert [(x.rule, x.where) for x in check(bundle, plan)] == want, score


def test_r_tier_band_of_a_model_tier(case: Case) -> None:  # noqa: F811
    """R-TIER: a tier-A row's score reaching the first threshold leaves A's band (the ceiling is exclusive); the
    message names both tiers and the thresholds. The lottery (R-SAMPLE) may speak too: the weight changed."""
    bundle, plan = case
    f = PlanFolder(plan)
    r = next(r for r in f.selection if r["tier"] == "A")
    for score, want in (("0.199999", []), ("0.200000", ["tier A, but risk_score 0.200000 lies in tier B's band under tier_thresholds [0.2, 0.3, 0.4]"])):
        r["risk_score"] = score
        f.save()
        assert [x.message for x in check(bundle, plan) if x.rule == "R-TIER"] == want, score


def test_r_tier_band_read_past_a_blank_score(case: Case) -> None:  # noqa: F811
    """R-TIER: a blank risk_score (no band to leave) does not stop the band check of the rows after it, and a tier-B
    row under B's floor is found like any other tier's."""
    bundle, plan = case
    f = PlanFolder(plan)
    order = [r["enterprise_id"] for r in f.selection]
    blank = next(r for r in f.selection if r["tier"] == "D")
    low = next(r for r in f.selection if r["tier"] == "B" and order.index(r["enterprise_id"]) > order.index(blank["enterprise_id"]))
    blank["risk_score"], low["risk_score"] = "", "0.100000"
    f.save()
    assert [(x.where, x.message) for x in check(bundle, plan) if x.rule == "R-TIER"] == [
        (low["enterprise_id"], "tier B, but risk_score 0.100000 lies in tier A's band under tier_thresholds [0.2, 0.3, 0.4]")]


def test_a_risk_score_that_is_no_probability_is_named_not_passed(case: Case) -> None:  # noqa: F811
    """plan.md: risk_score is a probability 0–1. A tier-D row (no lottery) whose score is unreadable, NaN, infinite or
    outside 0–1 has no band to lie in: the file check names the row (R-AUDIT) instead of the plan passing; in a
    sampled tier's pool the redraw weighs an unreadable one as 0 instead of stopping the check."""
    bundle, plan = case
    f = PlanFolder(plan)
    d = next(r for r in f.selection if r["tier"] == "D")
    for score in ("abc", "nan", "inf", "1.5", "-0.2"):
        d["risk_score"] = score
        f.save()
        assert _full(check(bundle, plan)) == [("R-AUDIT", d["enterprise_id"], f"risk_score {score!r} is not a probability 0–1 (plan.md)", 0)], score
    d["risk_score"] = "1.000000"
    pooled = max((r for r in f.selection if r["tier"] == "C" and r["draw_rank"]), key=lambda r: float(r["risk_score"]))
    found = {}
    for score in ("abc", "0"):  # the redraw weighs an unreadable score as a 0: the same draw
        pooled["risk_score"] = score
        f.save()
        found[score] = check(bundle, plan)
    assert ("R-AUDIT", pooled["enterprise_id"]) in [(x.rule, x.where) for x in found["abc"]]
    assert {x.rule for x in found["abc"]} <= {"R-AUDIT", "R-SAMPLE"}
    sample = {k: _full([x for x in v if x.rule == "R-SAMPLE"]) for k, v in found.items()}
    assert sample["abc"] and sample["abc"] == sample["0"]


def test_r_tier_band_follows_the_policys_own_thresholds(case: Case) -> None:  # noqa: F811
    """R-TIER under a policy's own tier_thresholds [0.1, 0.25, 0.5], not the defaults: a tier-D row at 0.45 (D under
    the defaults) now lies in tier C's band, at 0.5 in D's own."""
    bundle, plan = case
    b = set_policy(bundle, plan, tier_thresholds=[0.1, 0.25, 0.5])
    f = PlanFolder(plan)
    d = next(r for r in f.selection if r["tier"] == "D")
    for score, want in (("0.450000", ["tier D, but risk_score 0.450000 lies in tier C's band under tier_thresholds [0.1, 0.25, 0.5]"]),
                        ("0.500000", [])):
        d["risk_score"] = score
        f.save()
        assert [x.message for x in check(b, plan) if x.where == d["enterprise_id"]] == want, score


def _contract(found: list) -> list[tuple[str, str, str, int | None]]:  # type: ignore[type-arg]
    """The file contract's findings (invariant 0), whole."""
    return [x for x in _full(found) if x[3] == 0]


@pytest.mark.parametrize("which", ["visits.csv", "selection.csv"])
def test_files_with_other_columns_are_named_and_nothing_else_is_read(case: Case, which: str) -> None:  # noqa: F811
    """plan.md's columns (invariant 0): a header that is not plan.md's is the one finding of the file contract, with the
    columns found."""
    bundle, plan = case
    lines = (plan / which).read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    header[3] = header[3] + "_x"
    (plan / which).write_text("\n".join([",".join(header), *lines[1:]]), encoding="utf-8")
    assert _contract(check(bundle, plan)) == [("R-AUDIT", which, f"columns are {header}", 0)]


def test_selection_must_hold_every_enterprise_once(case: Case) -> None:  # noqa: F811
    """Invariant 0: selection.csv holds every enterprise of the bundle exactly once — a row missing, or one twice."""
    bundle, plan = case
    f = PlanFolder(plan)
    gone = next(r for r in f.selection if r["selected"] == "false")
    f.selection.remove(gone)
    f.save()
    want = [("R-AUDIT", "selection.csv", "must hold every enterprise of the bundle exactly once", 0)]
    assert _contract(check(bundle, plan)) == want
    f.selection.append(dict(f.selection[0]))
    f.selection.append(gone)
    f.save()
    assert _contract(check(bundle, plan)) == want


def test_selected_and_visits_planned_follow_visits_csv(case: Case) -> None:  # noqa: F811
    """Invariant 0: `visits_planned` is the enterprise's rows in visits.csv and `selected` says whether there are any."""
    bundle, plan = case
    f = PlanFolder(plan)
    visited = next(r for r in f.selection if r["selected"] == "true")
    n = int(visited["visits_planned"])
    for field, value in (("visits_planned", str(n + 1)), ("selected", "false")):
        row = f.sel(visited["enterprise_id"])
        saved = row[field]
        row[field] = value
        f.save(resync=False)
        assert _contract(check(bundle, plan)) == [("R-AUDIT", visited["enterprise_id"], f"selected/visits_planned disagree with visits.csv ({n} visits)", 0)], field
        row[field] = saved
    f.save(resync=False)
    assert _contract(check(bundle, plan)) == []


def test_each_visit_row_agrees_with_the_bundle(case: Case) -> None:  # noqa: F811
    """Invariant 0, row by row: an enterprise the bundle does not hold (and nothing more about that row), a district
    that is not the enterprise's, a mode that is neither onsite nor remote, a lead agency that does not take part."""
    bundle, plan = case
    f = PlanFolder(plan)
    v = f.visits[0]
    original = dict(v)
    cases = {
        "enterprise_id": ("91000000000000000X", "unknown enterprise 91000000000000000X"),
        "district_code": ("999999", f"district_code 999999 is not the enterprise's {v['district_code']}"),
        "mode": ("bogus", "mode 'bogus'"),
        "lead_agency_id": ("nobody", "lead agency does not take part"),
    }
    for field, (value, message) in cases.items():
        v.update(original)
        v[field] = value
        f.save(resync=False)
        assert [x for x in _contract(check(bundle, plan)) if x[1] == v["visit_id"]] == [("R-AUDIT", v["visit_id"], message, 0)], field


def test_an_unknown_enterprise_does_not_stop_the_rows_after_it(case: Case) -> None:  # noqa: F811
    """Invariant 0: after a visit of an enterprise the bundle does not hold, the later rows are still read."""
    bundle, plan = case
    f = PlanFolder(plan)
    first, last = f.visits[0], f.visits[-1]
    first["enterprise_id"], last["mode"] = "91000000000000000X", "bogus"
    f.save(resync=False)
    assert [x for x in _contract(check(bundle, plan)) if x[1] in (first["visit_id"], last["visit_id"])] == [
        ("R-AUDIT", first["visit_id"], "unknown enterprise 91000000000000000X", 0), ("R-AUDIT", last["visit_id"], "mode 'bogus'", 0)]


def _audit(found: list) -> list[tuple[str, str, str, int | None]]:  # type: ignore[type-arg]
    return [x for x in _full(found) if x[0] == "R-AUDIT"]


def test_plan_json_names_this_bundle_year_seed_and_policy(case: Case) -> None:  # noqa: F811
    """R-AUDIT (invariant 7): plan.json's input_sha256, year, seed and each policy value — the tiers too — are the
    bundle's; each difference is one finding, whole."""
    bundle, plan = case
    f = PlanFolder(plan)
    meta = json.loads(json.dumps(f.meta))
    tiers = meta["policy"]["tiers"]
    edits = [
        ("input_sha256", lambda m: m.update(input_sha256="0" * 64), "input_sha256 is not the sha256 of this bundle's files"),
        ("year", lambda m: m.update(year=m["year"] + 1), "year or seed differ from the bundle's policy"),
        ("seed", lambda m: m.update(seed=str(m["seed"]) + "x"), "year or seed differ from the bundle's policy"),
        ("min_lottery_weight", lambda m: m["policy"].update(min_lottery_weight=0.5),
         f"policy min_lottery_weight is 0.5, the bundle's is {meta['policy']['min_lottery_weight']!r}"),
        ("tiers", lambda m: m["policy"]["tiers"]["B"].update(visits=9),
         f"policy tiers is {dict(tiers, B=dict(tiers['B'], visits=9))!r}, the bundle's is {tiers!r}"),
    ]
    for name, edit, message in edits:
        f.meta = json.loads(json.dumps(meta))
        edit(f.meta)
        f.save()
        assert _audit(check(bundle, plan)) == [("R-AUDIT", "plan.json", message, 7)], name
    f.meta = meta
    f.save()
    assert _audit(check(bundle, plan)) == []


def test_a_visit_id_used_twice_is_named(case: Case) -> None:  # noqa: F811
    """R-AUDIT (invariant 7): visit ids are unique, so a re-run compares row by row; one used twice is named once."""
    bundle, plan = case
    f = PlanFolder(plan)
    f.visits[1]["visit_id"] = f.visits[0]["visit_id"]
    f.save()
    assert [x for x in _audit(check(bundle, plan)) if x[3] == 7] == [("R-AUDIT", f.visits[0]["visit_id"], "visit_id used 2 times", 7)]


def test_r_tier_band_of_an_imposed_tier_only_where_the_plan_declares_it(case: Case) -> None:  # noqa: F811
    """R-TIER: a graded firm's score outside its grade's band is found only where plan.json declares the band kept
    (`risk_model.band.kept` true); a plan that drops it must carry the evidence (risk.score.past_evidence: two periods
    or more, a loss beyond two standard errors, nothing held to a band), and a plan with a risk_model card must say
    which. A firm the records leave to the model is held to its band either way, its tier being cut from the score.
    A plan with no risk_model at all (another tool's) claims nothing."""
    from checker.rules import band_declared

    bundle, plan = case
    b = load(bundle)
    from risk.tiers import dishonest_listed

    graded = set(b.latest_grades().index)
    left = graded | dishonest_listed(b)
    f = PlanFolder(plan)
    imposed = next(r for r in f.selection if r["enterprise_id"] in graded and r["tier"] in "BC" and not r["draw_rank"])
    free = next(r for r in f.selection if r["enterprise_id"] not in left and r["tier"] != "A")
    imposed["risk_score"], free["risk_score"] = "0.010000", "0.010000"
    card = dict(f.meta["risk_model"])
    evidence = {"kept": False, "auc_gain": -0.03, "se": 0.005, "periods": 4, "imposed_rows": 120}
    found = {}
    for name, band, held in (("kept", {"kept": True}, {"raised": 3, "lowered": 1}), ("dropped", evidence, {"raised": 0, "lowered": 0}),
                             ("bare", {"kept": False}, {"raised": 0, "lowered": 0}), ("missing", None, {"raised": 0, "lowered": 0}),
                             ("text", {"kept": "yes"}, {"raised": 0, "lowered": 0}),
                             ("within", dict(evidence, auc_gain=-0.008), {"raised": 0, "lowered": 0}),
                             ("held", evidence, {"raised": 2, "lowered": 0}), ("no card", "none", None)):
        f.meta["risk_model"] = dict(card, held_to_band=held)
        if band is None:
            f.meta["risk_model"].pop("band", None)
        elif band == "none":
            f.meta.pop("risk_model")
        else:
            f.meta["risk_model"]["band"] = band
        f.save()
        assert band_declared(f.meta) is (name == "kept")
        found[name] = sorted(x.where for x in check(b, plan) if x.rule == "R-TIER")
    e, i = free["enterprise_id"], imposed["enterprise_id"]
    assert found == {"kept": sorted([e, i]), "dropped": [e], "bare": sorted([e, "plan.json"]), "missing": sorted([e, "plan.json"]),
                     "text": sorted([e, "plan.json"]), "within": sorted([e, "plan.json"]), "held": sorted([e, "plan.json"]),
                     "no card": [e]}
    assert not band_declared({"risk_model": []}) and not band_declared({}) and not band_declared({"risk_model": {"band": True}})


def test_band_claim_reads_the_evidence_at_its_edges() -> None:
    """R-TIER, plan.json's claim that the band was dropped (checker.rules._band_claim): two periods are enough, a loss
    of exactly two standard errors is not beyond them, 2.5 is, and it must pass 0.005 too (the product's own bar); over
    two periods or more a loss beyond 0.015 is enough whatever its standard error;
    malformed figures (a negative se, NaN, text or a bool for a number, a count that is no count) are named as
    malformed; the message says what is missing."""
    from checker.rules import _band_claim

    def claim(gain: object, se: object, periods: object, se_from: object = None) -> list[str]:
        return _band_claim({"risk_model": {"band": {"kept": False, "auc_gain": gain, "se": se, "periods": periods,
                                                    "se_from": se_from}, "held_to_band": {"raised": 0, "lowered": 0}}})

    def missing(gain: object, se: object, periods: object) -> list[str]:
        return [f"risk_model.band drops the band without its evidence (auc_gain {gain!r}, se {se!r}, periods {periods!r}: a "
                "loss beyond two standard errors and 0.005 over at least two periods, or over one with its standard error "
                "from its inspections; or a loss beyond 0.015 over at least two periods)"]

    def malformed(what: str) -> list[str]:
        return [f"risk_model.band is malformed: {what}"]

    assert claim(-0.03, 0.01, 2) == [] and claim(-0.025, 0.01, 4) == [] and claim(-0.006, 0.001, 4) == []
    assert claim(-0.012, 0.006, 4) == missing(-0.012, 0.006, 4)  # exactly two standard errors, within 0.015
    # a mean loss over several periods (bench/prereg17.md): beyond 0.015 over two periods or more, whatever its standard error;
    # exactly 0.015 is not beyond it; one period is judged by the standard-error bar only
    assert claim(-0.016, 0.03, 2) == [] and claim(-0.0151, 0.5, 4) == []
    assert claim(-0.015, 0.03, 4) == missing(-0.015, 0.03, 4)
    assert claim(-0.05, 0.03, 1, "inspections") == missing(-0.05, 0.03, 1)
    # the bar the plan names (risk_model.band.rule) must be one its figures pass; without a name, either will do
    def named(rule: object, gain: float, se: float, periods: int, se_from: object = None) -> list[str]:
        return _band_claim({"risk_model": {"band": {"kept": False, "auc_gain": gain, "se": se, "periods": periods, "se_from": se_from,
                                                    "rule": rule}, "held_to_band": {"raised": 0, "lowered": 0}}})

    def wrong(rule: object) -> list[str]:
        return [f"risk_model.band names the bar {rule!r} as what dropped it, and its figures do not pass that bar"]

    assert named("se", -0.03, 0.01, 4) == [] and named("repeated", -0.016, 0.03, 2) == [] and named("se", -0.03, 0.01, 1, "inspections") == []
    assert named("se", -0.016, 0.03, 4) == wrong("se") and named("repeated", -0.012, 0.001, 4) == wrong("repeated")
    assert named("repeated", -0.03, 0.01, 1, "inspections") == wrong("repeated") and named("past", -0.03, 0.01, 4) == wrong("past")
    assert claim(-0.005, 0.001, 4) == missing(-0.005, 0.001, 4)  # beyond 2 se, not beyond 0.005 (risk.score.BAND_MIN_LOSS)
    assert claim(0.0, 0.0, 4) == missing(0.0, 0.0, 4) and claim(0.5, 0.0, 4) == missing(0.5, 0.0, 4)
    assert claim(None, None, 1) == missing(None, None, 1) and claim(None, None, 0) == missing(None, None, 0)
    # malformed figures are named as such
    assert claim(-0.03, 0.01, 1) == malformed("auc_gain -0.03 and se 0.01 from 1 period(s) without a standard error of its "
                                              "inspections: nothing judged")
    # one period judged by a bootstrap of its inspections (risk.score.one_period_se): the same bar
    assert claim(-0.03, 0.01, 1, "inspections") == [] and claim(-0.02, 0.01, 1, "inspections") == missing(-0.02, 0.01, 1)
    assert claim(-0.03, 0.01, 0, "inspections") == malformed("auc_gain -0.03 and se 0.01 from 0 period(s) without a standard "
                                                             "error of its inspections: nothing judged")
    assert claim(None, None, 1, "inspections") == malformed("auc_gain None and se None over 1 period(s) are no difference and "
                                                            "standard error")
    assert claim(0.0, -0.01, 4) == malformed("auc_gain 0.0 and se -0.01 over 4 period(s) are no difference and standard error")
    assert claim(-0.5, -1.0, 4) == malformed("auc_gain -0.5 and se -1.0 over 4 period(s) are no difference and standard error")
    for gain, se in ((float("nan"), 0.01), (None, None), ("-0.9", 0.01), (True, 0.0), (-0.03, float("nan"))):
        assert claim(gain, se, 4) == malformed(f"auc_gain {gain!r} and se {se!r} over 4 period(s) are no difference and "
                                               "standard error"), (gain, se)
    assert claim(None, None, 2) == malformed("auc_gain None and se None over 2 period(s) are no difference and standard error")
    assert claim(-0.03, None, 1) == malformed("auc_gain -0.03 and se None from 1 period(s) without a standard error of its "
                                              "inspections: nothing judged")
    assert claim(None, 0.01, 0) == malformed("auc_gain None and se 0.01 from 0 period(s) without a standard error of its "
                                             "inspections: nothing judged")
    for periods in (True, -1, 2.0, None, "4"):
        assert claim(-0.03, 0.01, periods) == malformed(f"periods {periods!r} is no count"), periods
    assert _band_claim({"risk_model": {"band": {"kept": False, "auc_gain": -0.03, "se": 0.01, "periods": 4},
                                       "held_to_band": {"raised": 1, "lowered": 0}}}) == [
        "risk_model.band drops the band, yet held_to_band is {'raised': 1, 'lowered': 0}"]
    assert _band_claim({"risk_model": {"band": None}}) == [
        "risk_model.band None does not say whether imposed tiers' scores are held to their band (kept: true/false)"]


def test_band_claim_grade_explained_at_its_edges() -> None:
    """R-TIER, a band dropped because the records explain the grades (tenth round, bench/prereg10b.md): the claim needs
    reason "grade_explained" and a Spearman from 0.9 to 1 (0.9 itself is enough), no score held to a band, and stands
    without any past evidence; without the reason the same figures are a drop without evidence (mutation run of the
    tenth round: 14 of 67 mutants of the new branch survived before this test)."""
    from checker.rules import GRADE_EXPLAINED, _band_claim

    def claim(explained: object, reason: object = "grade_explained", held: object = None) -> list[str]:
        band = {"kept": False, "auc_gain": None, "se": None, "periods": 0, "se_from": None, "imposed_rows": 0,
                "grade_explained": explained, "reason": reason}
        return _band_claim({"risk_model": {"band": band, "held_to_band": held or {"raised": 0, "lowered": 0}}})

    def low(explained: object) -> list[str]:
        return [f"risk_model.band drops the band for grade_explained {explained!r}, not a Spearman of at least {GRADE_EXPLAINED}"]

    assert GRADE_EXPLAINED == 0.9
    assert claim(0.9) == [] and claim(0.95) == [] and claim(1) == [] and claim(1.0) == []
    for bad in (0.8999, 0.5, 0, -1.0, 1.0001, 2, None, "0.95", True, float("nan")):
        assert claim(bad) == low(bad), bad
    assert claim(0.95, held={"raised": 0, "lowered": 3}) == [
        "risk_model.band drops the band, yet held_to_band is {'raised': 0, 'lowered': 3}"]
    # the figure alone, without its reason, is no evidence: the past test's figures are then required
    for reason in (None, "past", "Grade_explained"):
        assert claim(0.99, reason) == [
            "risk_model.band drops the band without its evidence (auc_gain None, se None, periods 0: a loss beyond two "
            "standard errors and 0.005 over at least two periods, or over one with its standard error from its "
            "inspections; or a loss beyond 0.015 over at least two periods)"], reason


# ---- checker/facts.py: reading the files and the calendar (mutation run of 2 December) -------------------------------
def test_facts_read_csv_files_as_written(tmp_path: Path) -> None:
    """The plan's CSVs are read as the csv module writes them: an empty file has no header and no rows (not None), a
    quoted value keeps its own line breaks (newline=""), a row with more fields than the header does not stop the
    stream; a missing date is None."""
    import datetime as dt

    from checker.facts import _date, csv_header, read_csv_rows, stream_records

    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert csv_header(empty) == [] and read_csv_rows(empty) == ([], []) and list(stream_records(empty)) == []
    f = tmp_path / "v.csv"
    f.write_bytes('visit_id,note\r\nV1,"第一行\r\n第二行"\r\nV2,x,extra\r\n'.encode())
    assert csv_header(f) == ["visit_id", "note"]
    header, rows = read_csv_rows(f)
    assert header == ["visit_id", "note"] and rows[0] == {"visit_id": "V1", "note": "第一行\r\n第二行"}
    streamed = list(stream_records(f))
    assert streamed[0] == {"visit_id": "V1", "note": "第一行\r\n第二行"}
    assert streamed[1] == {"visit_id": "V2", "note": "x", None: ["extra"]}
    assert _date(pd.NaT) is None and _date(pd.Timestamp("2027-03-01")) == dt.date(2027, 3, 1)


def test_facts_context_calendar_presence_items_and_rows(case: Case) -> None:  # noqa: F811
    """Context's answers the rules rely on: the n-th working day after receipt (受理之日不计入), 31 December when the
    calendar runs out (never guessed), presence outside the plan year from the absence spans (both ends inclusive), no
    items for an unknown enterprise or a sector without any, a province-level team (code ending 0000) is no city team,
    and a selection row's `get` default."""
    import datetime as dt
    from types import SimpleNamespace

    from checker.facts import Context, SelectionRow

    bundle, plan = case
    ctx = Context(load(bundle), plan)
    y = ctx.year
    # a Friday followed by a working Monday (and a weekend the calendar knows as rest days)
    fri = next(d for d in (dt.date(y, 3, 1) + dt.timedelta(days=i) for i in range(120))
               if d.weekday() == 4 and ctx.is_workday(d + dt.timedelta(days=3)) is True
               and ctx.is_workday(d + dt.timedelta(days=1)) is False and ctx.is_workday(d + dt.timedelta(days=2)) is False
               and ctx.is_workday(d + dt.timedelta(days=4)) is True)
    assert ctx.deadline(fri, 1) == fri + dt.timedelta(days=3) and ctx.deadline(fri, 2) == fri + dt.timedelta(days=4)
    far = dt.date(2200, 1, 5)  # no calendar knows it
    assert ctx.is_workday(far) is None and ctx.deadline(far, 3) == dt.date(y, 12, 31)
    ctx.away = {"o1": [(dt.date(y - 1, 12, 10), dt.date(y - 1, 12, 20))]}  # type: ignore[misc]
    assert [ctx.present("o1", dt.date(y - 1, 12, d)) for d in (9, 10, 15, 20, 21)] == [True, False, False, False, True]
    assert ctx.present("o2", dt.date(y - 1, 12, 15)) is True
    assert ctx.agency_items("no-such-enterprise") == {}
    eid = next(iter(ctx.enterprises))
    ctx.applies = {}  # type: ignore[misc]
    assert ctx.agency_items(eid) == {}
    ctx.teams["hb-140000"] = SimpleNamespace(district="140000", agency="hb")  # type: ignore[assignment]
    ctx.teams["hb-140400"] = SimpleNamespace(district="140400", agency="hb")  # type: ignore[assignment]
    assert not ctx.may_work_in("hb-140000", "140403") and ctx.may_work_in("hb-140400", "140403")
    row = SelectionRow({"enterprise_id": "E1", "tier": "C", "reason_zh": "理由", "reason_en": ""})
    assert row.get("no_such_field", "d") == "d" and row.get("tier") == "C" and row["reason_zh"] and not row["reason_en"]


# ---- checker/bound.py trigger_days: the day-aware bound on triggers and follow-ups, without a solve --------------------
def test_trigger_days_holds_on_the_good_plan_and_binds_where_no_pair_may_go(case: Case) -> None:  # noqa: F811
    """The bound counts what the bundle owes (triggers whose window is open in the plan year and whose agency has items,
    follow-ups of last year's unrectified violations), is at least what the good plan placed (all of it) and never
    more than owed; recusing every officer who may visit one trigger's enterprise leaves that trigger no (team, day):
    it is named and the bound drops by exactly one; no team capacity at all leaves no day for anything."""
    from checker.bound import _owed_triggers, capacity_bound, trigger_days
    from checker.facts import Context

    bundle, plan = case
    b = load(bundle)
    ctx = Context(b, plan)
    td = trigger_days(ctx)
    follow = {(e, a) for e, a in ctx.unrectified_last_year if e in ctx.enterprises and a in ctx.agency_items(e)}
    owed = len(_owed_triggers(ctx)) + len(follow)
    assert td["owed"] == owed >= 2 and td["no_day"] == []
    assert td["placed"] == td["bound"] == owed  # the good plan placed every one; no plan places more than owed
    none = trigger_days(ctx, dict.fromkeys(ctx.teams, 0))  # no team may make a visit: nothing has a day
    assert none["bound"] == 0 and len(none["no_day"]) == owed
    one = trigger_days(ctx, dict.fromkeys(ctx.teams, 1))  # one visit a team: every one has a day, the teams bind
    assert one["no_day"] == [] and 0 < one["bound"] <= len(ctx.teams)
    tid, agency = next((t, a) for t, a in _owed_triggers(ctx) if ctx.triggers[t].received.year == ctx.year)
    eid = ctx.triggers[tid].enterprise_id
    district = ctx.enterprises[eid][0]
    who = [o for t, members in ctx.team_enforcement.items() if ctx.teams[t].agency == agency and ctx.may_work_in(t, district)
           for o in members]
    assert who
    edit_bundle(bundle, "recusals.csv", lambda h, rows: rows.extend(
        {**dict.fromkeys(h, ""), "officer_id": o, "enterprise_id": eid} for o in who))
    ctx2 = Context(rebase(plan, bundle), plan)
    td2 = trigger_days(ctx2)
    assert td2["no_day"] == [tid] and td2["bound"] == owed - 1 and td2["owed"] == owed and td2["placed"] == td["placed"]
    # the capacity bound takes no capacity for it either: the required class is bound one below what is owed
    before, after = capacity_bound(ctx), capacity_bound(ctx2)
    assert before.bound["required"] == before.owed["required"] == after.owed["required"]
    assert after.bound["required"] == after.owed["required"] - 1


def test_trigger_days_officers_away_or_without_budget_leave_no_day(case: Case) -> None:  # noqa: F811
    """The same trigger left no (team, day) by its officers' absence all year (R-AVAIL: present) or a budget of 0
    (R-AVAIL: budget); with a budget of 1 they may still go."""
    from checker.bound import _owed_triggers, trigger_days
    from checker.facts import Context

    bundle, plan = case
    ctx = Context(load(bundle), plan)
    owed = trigger_days(ctx)["owed"]
    tid, agency = next((t, a) for t, a in _owed_triggers(ctx) if ctx.triggers[t].received.year == ctx.year)
    district = ctx.enterprises[ctx.triggers[tid].enterprise_id][0]
    teams = {t for t in ctx.team_enforcement if ctx.teams[t].agency == agency and ctx.may_work_in(t, district)}
    y = ctx.year

    def budgets(n: str) -> None:
        edit_bundle(bundle, "officers.csv", lambda h, rows: [r.update(annual_visit_budget=n) for r in rows if r["team_id"] in teams])

    def no_day() -> list[str]:  # with the teams' yearly capacity out of the way: the officers' days alone decide
        c = Context(rebase(plan, bundle), plan)
        assert trigger_days(c)["owed"] == owed
        return trigger_days(c, dict.fromkeys(c.teams, 99))["no_day"]

    budgets("1")
    assert tid not in no_day()
    budgets("0")
    assert tid in no_day()
    budgets("5")
    who = [o for t in teams for o in ctx.team_enforcement[t]]
    edit_bundle(bundle, "unavailability.csv", lambda h, rows: rows.extend(
        {**dict.fromkeys(h, ""), "officer_id": o, "start_on": f"{y}-01-01", "end_on": f"{y}-12-31", "reason": "leave"} for o in who))
    assert tid in no_day()


def test_bound_share_is_placed_over_what_could_be_placed() -> None:
    """Bound.share: placed ÷ min(owed, bound); None when nothing could be (no division by zero); a class the plan
    placed nothing of is 0."""
    from checker.bound import Bound

    bd = Bound(team_capacity={}, owed={"a": 10, "b": 0, "c": 5, "d": 4}, bound={"a": 8, "b": 3, "c": 9, "d": 4}, placed={"a": 6, "c": 5})
    assert bd.share("a") == 0.75 and bd.share("b") is None and bd.share("c") == 1.0 and bd.share("d") == 0.0


def test_band_claim_rejects_an_auc_difference_no_two_aucs_can_have() -> None:
    """R-TIER, plan.json's dropped band: `auc_gain` is a difference of two AUCs, so from −1 to 1, and its standard error
    finite; json.loads reads -Infinity and 1e9 as numbers, and a forged plan.json with either passed (review12)."""
    from checker.rules import _band_claim

    def claim(gain: object, se: object) -> list[str]:
        return _band_claim({"risk_model": {"band": {"kept": False, "auc_gain": gain, "se": se, "periods": 4},
                                           "held_to_band": {"raised": 0, "lowered": 0}}})

    assert claim(-1.0, 0.01) == [] and claim(-0.03, 0.01) == []
    # +1 is a difference two AUCs can have (well formed), only no evidence of a loss (mutation run of 3 December)
    assert claim(1.0, 0.0) == ["risk_model.band drops the band without its evidence (auc_gain 1.0, se 0.0, periods 4: a loss "
                               "beyond two standard errors and 0.005 over at least two periods, or over one with its "
                               "standard error from its inspections; or a loss beyond 0.015 over at least two periods)"]
    for gain, se in ((-1.5, 0.01), (float("-inf"), 0.01), (-1e9, 0.0), (1.0001, 0.0), (-0.5, float("inf"))):
        assert claim(gain, se) == [f"risk_model.band is malformed: auc_gain {gain!r} and se {se!r} over 4 period(s) are no "
                                   "difference and standard error"], (gain, se)
