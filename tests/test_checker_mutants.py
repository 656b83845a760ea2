"""Checker break cases written from the survivors of mutation testing of checker/ (`make mutation`,
docs/benchmarks.md "Mutation testing of the rule modules"). Same good tiny plan and helpers as tests/test_checker.py;
each break changes one thing and expects exactly the finding it makes."""

from __future__ import annotations

from collections import Counter

import pandas as pd
from checker_helpers import PlanFolder, load, officer_key, rebase
from test_checker import case, check, edit_bundle, good, officer_day_load, rules, set_policy  # noqa: F401  (fixtures)

Case = tuple


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
