"""The independent checker (checker/): a good plan passes with no violation, and each way of
breaking one invariant of plan.md (1–12) is reported under exactly that rule id.

The good plan is the greedy scheduler's on the tiny preset, with officers redrawn by
R-OFFICER-DRAW (tests/checker_helpers.restaff). Each break edits either the plan folder or
the bundle (then plan.json is re-pointed at the edited bundle), and is chosen so that
nothing else changes: visits are only added to or taken away from where no freed officer
could matter, or the officers are redrawn after.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import os
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from checker_helpers import PlanFolder, copy_case, load, officer_key, read, rebase, restaff, write
from conftest import ROOT
from typer.testing import CliRunner

from bundle import Bundle, load_bundle
from checker import check_plan
from checker.facts import Violation

Case = tuple[Path, Path]


def _build_good(out: Path) -> Case:
    from scenarios import generate
    from scheduler.output import write_plan
    from scheduler.plan import PlanOptions, make_plan

    bundle_dir = generate("tiny", out, seed=7)
    b = load_bundle(bundle_dir)
    plan = write_plan(make_plan(b, PlanOptions(use_solver=False, processes=1)), out / "plan")
    assert restaff(b, plan) == 0
    return bundle_dir, plan


@pytest.fixture(scope="session")
def good(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """A tiny bundle and a plan that keeps every invariant; CHECKER_CASE_DIR keeps it between runs (mutation testing)."""
    cached = os.environ.get("CHECKER_CASE_DIR")
    if cached and (Path(cached) / "plan" / "plan.json").exists():
        return Path(cached) / "bundle", Path(cached) / "plan"
    out = Path(cached) if cached else tmp_path_factory.mktemp("checker-good")
    return _build_good(out)


@pytest.fixture()
def case(good: Case, tmp_path: Path) -> Case:
    return copy_case(*good, tmp_path)


def rules(found: list[Violation]) -> set[str]:
    return {v.rule for v in found}


def check(bundle: Path | Bundle, plan: Path) -> list[Violation]:
    """The checker's findings; each names a rule id, plan.md's invariant, a place and words (R-EXPLAIN)."""
    from checker.rules import INVARIANT

    found = check_plan(bundle if isinstance(bundle, Bundle) else load(bundle), plan)
    for v in found:
        assert v.rule in INVARIANT and 0 <= v.invariant <= 12 and v.where and isinstance(v.where, str)
        assert isinstance(v.message, str) and len(v.message) > 8 and str(v).startswith(f"[{v.invariant}] {v.rule} {v.where}: ")
    return found


def edit_bundle(bundle: Path, file: str, fn: Callable[[list[str], list[dict[str, str]]], None]) -> None:
    header, rows = read(bundle / file)
    fn(header, rows)
    write(bundle / file, header, rows)


def set_policy(bundle: Path, plan: Path, **kw: object) -> Bundle:
    p = json.loads((bundle / "policy.json").read_text(encoding="utf-8"))
    p.update(kw)
    (bundle / "policy.json").write_text(json.dumps(p), encoding="utf-8")
    return rebase(plan, bundle)


def team_day_load(f: PlanFolder, b: Bundle) -> Counter[tuple[str, str]]:
    team = dict(zip(b.officers.officer_id, b.officers.team_id, strict=True))
    return Counter((t, v["date"]) for v in f.visits for t in {team[o] for o in v["officer_ids"].split(";")})


def officer_day_load(f: PlanFolder) -> Counter[tuple[str, str]]:
    return Counter((o, v["date"]) for v in f.visits for o in v["officer_ids"].split(";"))


# ---- the good plan and the checker's independence ------------------------------------------------------
def test_good_plan_passes(good: Case) -> None:
    found = check(*good)
    assert found == [], [str(v) for v in found[:10]]
    f = PlanFolder(good[1])
    assert {"mandatory", "sampled", "follow_up", "triggered"} <= {v["basis"] for v in f.visits}


def test_checker_imports_neither_scheduler_nor_risk() -> None:
    for path in sorted((ROOT / "checker").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for n in names:
                assert n.split(".")[0] not in ("scheduler", "risk"), f"{path.name} imports {n}"


def test_cli_check_lists_and_exits_1(case: Case) -> None:
    from inspection.cli import app

    bundle, plan = case
    runner = CliRunner()
    assert runner.invoke(app, ["check", str(bundle), str(plan)]).exit_code == 0
    f = PlanFolder(plan)
    f.meta["input_sha256"] = "0" * 64
    f.save()
    r = runner.invoke(app, ["check", str(bundle), str(plan)])
    assert r.exit_code == 1 and "R-AUDIT" in r.output and "input_sha256" in r.output


# ---- invariant 1: working day, presence, recusal, certificate, pair ----------------------------------
def _onsite(f: PlanFolder, **kw: str) -> dict[str, str]:
    return next(v for v in f.visits if v["mode"] == "onsite" and all(v[k] == x for k, x in kw.items()))


def test_non_working_day(case: Case) -> None:
    bundle, plan = case
    day = _onsite(PlanFolder(plan), basis="sampled")["date"]
    edit_bundle(bundle, "calendar.csv", lambda h, rows: [r.update(workday="false") for r in rows if r["date"] == day])
    found = check(rebase(plan, bundle), plan)
    assert rules(found) == {"R-WORKDAY"} and {v.invariant for v in found} == {1}


def test_date_that_is_no_date(case: Case) -> None:
    bundle, plan = case
    f = PlanFolder(plan)
    f.visits[0]["date"] = "2027-02-30"
    f.save()
    found = check(bundle, plan)
    assert rules(found) == {"R-WORKDAY"} and "not an ISO date" in found[0].message


def test_date_outside_the_plan_year(case: Case) -> None:
    bundle, plan = case
    f = PlanFolder(plan)
    v = next(v for v in f.visits if v["basis"] == "sampled")
    v["date"] = "2026-" + v["date"][5:]
    f.save()
    found = check(bundle, plan)
    assert "R-WORKDAY" in rules(found) and any("outside the plan year" in x.message for x in found)


def test_officer_on_leave(case: Case) -> None:
    bundle, plan = case
    v = _onsite(PlanFolder(plan), basis="mandatory")
    o = v["officer_ids"].split(";")[0]
    edit_bundle(bundle, "unavailability.csv", lambda h, rows: rows.append(dict.fromkeys(h, "") | {
        "officer_id": o, "start_on": v["date"], "end_on": v["date"], "reason": "leave"}))
    found = check(rebase(plan, bundle), plan)
    assert rules(found) == {"R-AVAIL"} and [x.where for x in found] == [v["visit_id"]] and found[0].invariant == 1


def test_recused_officer(case: Case) -> None:
    bundle, plan = case
    v = _onsite(PlanFolder(plan), basis="sampled")
    o = v["officer_ids"].split(";")[-1]
    edit_bundle(bundle, "recusals.csv", lambda h, rows: rows.append(dict.fromkeys(h, "") | {
        "officer_id": o, "enterprise_id": v["enterprise_id"], "reason": "亲属关系"}))
    found = check(rebase(plan, bundle), plan)
    assert rules(found) == {"R-RECUSE"} and found[0].where == v["visit_id"]


def test_expired_certificate(case: Case) -> None:
    bundle, plan = case
    f = PlanFolder(plan)
    v = next(v for v in f.visits if v["mode"] == "onsite" and v["date"] >= "2027-03-01")
    o = v["officer_ids"].split(";")[0]
    day_before = (dt.date.fromisoformat(v["date"]) - dt.timedelta(days=1)).isoformat()
    edit_bundle(bundle, "officers.csv", lambda h, rows: [r.update(certificate_expires_on=day_before) for r in rows if r["officer_id"] == o])
    found = check(rebase(plan, bundle), plan)
    assert rules(found) == {"R-CERT"} and v["visit_id"] in {x.where for x in found}
    assert all(o in x.message and "expired" in x.message for x in found)


def test_certificate_valid_through_its_last_day(case: Case) -> None:
    bundle, plan = case
    f = PlanFolder(plan)
    o = next(v for v in f.visits if v["mode"] == "onsite" and v["date"] >= "2027-03-01")["officer_ids"].split(";")[0]
    last = max(v["date"] for v in f.visits if o in v["officer_ids"].split(";"))
    edit_bundle(bundle, "officers.csv", lambda h, rows: [r.update(certificate_expires_on=last) for r in rows if r["officer_id"] == o])
    assert check(rebase(plan, bundle), plan) == []


def test_one_officer_only(case: Case) -> None:
    bundle, plan = case
    b = load(bundle)
    f = PlanFolder(plan)
    busy = team_day_load(f, b)
    team = dict(zip(b.officers.officer_id, b.officers.team_id, strict=True))
    seed = b.policy.seed
    # a single-agency visit whose team works nowhere else that day: the officer taken off frees nobody else's draw
    v = next(v for v in f.visits if v["mode"] == "onsite" and ";" not in v["agency_ids"]
             and busy[(team[v["officer_ids"].split(";")[0]], v["date"])] == 1)
    pair = sorted(v["officer_ids"].split(";"), key=lambda o: officer_key(seed, v["visit_id"], o))
    v["officer_ids"] = pair[0]  # drop the one drawn second
    f.save()
    found = check(b, plan)
    assert rules(found) == {"R-PAIR"} and found[0].where == v["visit_id"]


def test_unknown_officer(case: Case) -> None:
    bundle, plan = case
    f = PlanFolder(plan)
    v = _onsite(f, basis="sampled")
    v["officer_ids"] += ";nobody-000"
    f.save()
    found = check(bundle, plan)
    assert [(x.rule, x.where, x.message) for x in found] == [("R-PAIR", v["visit_id"], "unknown officer nobody-000")]


def test_auxiliary_does_not_count_for_the_pair(case: Case) -> None:
    bundle, plan = case
    f = PlanFolder(plan)
    v = _onsite(f, basis="sampled")
    o = v["officer_ids"].split(";")[0]
    edit_bundle(bundle, "officers.csv", lambda h, rows: [r.update(role="auxiliary", certificate_no="", certificate_expires_on="")
                                                        for r in rows if r["officer_id"] == o])
    found = check(rebase(plan, bundle), plan)
    assert "R-PAIR" in rules(found) and rules(found) <= {"R-PAIR", "R-TEAM"}


# ---- invariant 2: teams --------------------------------------------------------------------------------
def test_officer_of_another_districts_team(case: Case) -> None:
    bundle, plan = case
    b = load(bundle)
    f = PlanFolder(plan)
    used = officer_day_load(f)
    off = b.officers
    team = dict(zip(b.teams.team_id, zip(b.teams.agency_id, b.teams.district_code, strict=True), strict=True))
    for v in f.visits:
        if v["mode"] != "onsite":
            continue
        a = v["agency_ids"].split(";")[0]
        far = [o for o, t, r in zip(off.officer_id, off.team_id, off.role, strict=True)
               if r == "enforcement" and team[t][0] == a and team[t][1] not in (v["district_code"], v["district_code"][:4] + "00")
               and (o, v["date"]) not in used]
        far = [o for o in far if not ((b.unavailability.officer_id == o) & (b.unavailability.start_on <= v["date"])
                                      & (b.unavailability.end_on >= v["date"])).any()]
        if far:
            v["officer_ids"] += ";" + far[0]
            break
    f.save()
    found = check(b, plan)
    assert rules(found) == {"R-TEAM"} and {x.invariant for x in found} == {2}
    assert any("may not work in district" in x.message for x in found) and any("several teams" in x.message for x in found)


# ---- invariant 3: caps ------------------------------------------------------------------------------------
def pile_up(bundle: Path, plan: Path) -> tuple[Bundle, str, str, list[str]]:
    """Move a lone sampled visit onto a day its team already works (both single-agency, on site), staff it with
    the other visit's pair and send the rest of the team away that day: a team-day with two visits and two
    officers on two visits each, every other invariant kept. Returns the bundle, team, day and the pair."""
    b = load(bundle)
    f = PlanFolder(plan)
    team = dict(zip(b.officers.officer_id, b.officers.team_id, strict=True))
    per = Counter(v["enterprise_id"] for v in f.visits)
    single = [v for v in f.visits if v["mode"] == "onsite" and ";" not in v["agency_ids"]]
    lone = [v for v in single if v["basis"] == "sampled" and per[v["enterprise_id"]] == 1]
    v1, v2 = next((x, y) for y in lone for x in single if x is not y and x["district_code"] == y["district_code"]
                  and team[x["officer_ids"].split(";")[0]] == team[y["officer_ids"].split(";")[0]] and x["date"] != y["date"])
    t, day = team[v1["officer_ids"].split(";")[0]], v1["date"]
    pair = v1["officer_ids"].split(";")
    v2.update(date=day, officer_ids=v1["officer_ids"])
    rest = [o for o, x in team.items() if x == t and o not in pair]
    edit_bundle(bundle, "unavailability.csv", lambda h, rows: rows.extend(
        dict.fromkeys(h, "") | {"officer_id": o, "start_on": day, "end_on": day, "reason": "training"} for o in rest))
    f.save()
    b = rebase(plan, bundle)
    assert check(b, plan) == []  # two visits a day is within every default cap
    return b, t, day, pair


def test_officer_day_cap_exceeded(case: Case) -> None:
    bundle, plan = case
    _, _, _, pair = pile_up(bundle, plan)
    found = check(set_policy(bundle, plan, max_visits_per_officer_per_day=1), plan)
    # every officer with two on-site visits on one day breaks a cap of 1: the piled-up pair and any the plan had
    twice = {o for (o, _), n in Counter((o, v["date"]) for v in PlanFolder(plan).visits if v["mode"] == "onsite"
                                         for o in v["officer_ids"].split(";")).items() if n > 1}
    assert rules(found) == {"R-AVAIL"} and set(pair) <= {x.where for x in found} == twice
    assert all("max_visits_per_officer_per_day" in x.message and x.invariant == 3 for x in found)


def test_annual_budget_exceeded(case: Case) -> None:
    bundle, plan = case
    year = Counter(o for v in PlanFolder(plan).visits if v["mode"] == "onsite" for o in v["officer_ids"].split(";"))
    o, n = year.most_common(1)[0]
    edit_bundle(bundle, "officers.csv", lambda h, rows: [r.update(annual_visit_budget=str(n - 1)) for r in rows if r["officer_id"] == o])
    found = check(rebase(plan, bundle), plan)
    assert rules(found) == {"R-AVAIL"} and [x.where for x in found] == [o] and "annual_visit_budget" in found[0].message


def test_team_day_cap_exceeded(case: Case) -> None:
    bundle, plan = case
    _, t, day, _ = pile_up(bundle, plan)
    edit_bundle(bundle, "teams.csv", lambda h, rows: [r.update(max_visits_per_day="1") for r in rows if r["team_id"] == t])
    b = rebase(plan, bundle)
    found = check(b, plan)
    # every day on which team t takes part in two visits breaks a cap of 1: the piled-up day and any the plan had
    team = dict(zip(b.officers.officer_id, b.officers.team_id, strict=True))
    per_day = Counter(v["date"] for v in PlanFolder(plan).visits if t in {team[o] for o in v["officer_ids"].split(";")})
    busy = sorted(d for d, n in per_day.items() if n > 1)
    assert rules(found) == {"R-AVAIL"} and {x.where for x in found} == {t} and len(found) == len(busy)
    assert day in busy and any(day in x.message for x in found)
    assert all("max_visits_per_day" in x.message and x.invariant == 3 for x in found)


# ---- invariant 4: caps, gaps, joint rows, exemptions -------------------------------------------------------
def test_cap_per_agency(case: Case) -> None:
    bundle, plan = case
    found = check(set_policy(bundle, plan, max_visits_per_agency_per_enterprise=1), plan)
    assert rules(found) == {"R-CAP-AGENCY"} and {x.invariant for x in found} == {4}


def test_cap_on_entries(case: Case) -> None:
    bundle, plan = case
    found = check(set_policy(bundle, plan, max_entries_per_enterprise=1), plan)
    assert rules(found) == {"R-CAP-ENTRY"}


def test_entries_up_to_the_cap_are_kept(case: Case) -> None:
    bundle, plan = case
    assert check(set_policy(bundle, plan, max_entries_per_enterprise=2), plan) == []  # tier D: two entries each


def _planned_gaps(plan: Path) -> tuple[int, int]:
    """The smallest gap between two planned entries of one enterprise, and between two planned visits of one agency."""
    days: dict[str, list[dt.date]] = {}
    by_agency: dict[tuple[str, str], list[dt.date]] = {}
    for v in PlanFolder(plan).visits:
        if v["basis"] in ("mandatory", "sampled"):
            d = dt.date.fromisoformat(v["date"])
            days.setdefault(v["enterprise_id"], []).append(d)
            for a in v["agency_ids"].split(";"):
                by_agency.setdefault((v["enterprise_id"], a), []).append(d)

    def least(groups: dict) -> int:  # type: ignore[type-arg]
        return min((y - x).days for ds in groups.values() for x, y in zip(sorted(ds), sorted(ds)[1:], strict=False) if y != x)

    return least(days), least(by_agency)


def test_gaps_exactly_at_the_minimum_are_kept(case: Case) -> None:
    bundle, plan = case
    entries, agency = _planned_gaps(plan)
    assert check(set_policy(bundle, plan, min_days_between_visits=entries, min_days_between_repeat_visits=agency), plan) == []
    found = check(set_policy(bundle, plan, min_days_between_visits=entries + 1, min_days_between_repeat_visits=agency + 1), plan)
    assert rules(found) == {"R-GAP"} and any("entries" in x.message for x in found) and any("agency" in x.message for x in found)


def test_gap_between_entries(case: Case) -> None:
    bundle, plan = case
    found = check(set_policy(bundle, plan, min_days_between_visits=365), plan)
    assert rules(found) == {"R-GAP"} and all("planned entries" in x.message for x in found)


def test_gap_between_one_agencys_visits(case: Case) -> None:
    bundle, plan = case
    found = check(set_policy(bundle, plan, min_days_between_repeat_visits=365), plan)
    assert rules(found) == {"R-GAP"} and all("agency" in x.message for x in found)


def test_joint_visit_split_into_two_rows(case: Case) -> None:
    bundle, plan = case
    b = load(bundle)
    f = PlanFolder(plan)
    own = dict(zip(b.items.item_id, b.items.agency_id, strict=True))
    agency_of = dict(zip(b.officers.officer_id, b.officers.team_id.map(dict(zip(b.teams.team_id, b.teams.agency_id, strict=True))), strict=True))
    v = next(v for v in f.visits if ";" in v["agency_ids"])
    first, *rest = v["agency_ids"].split(";")
    other = dict(v, visit_id="VSPLIT", agency_ids=";".join(rest), lead_agency_id=rest[0],
                 item_ids=";".join(i for i in v["item_ids"].split(";") if own[i] != first),
                 officer_ids=";".join(o for o in v["officer_ids"].split(";") if agency_of[o] != first))
    v.update(agency_ids=first, lead_agency_id=first, item_ids=";".join(i for i in v["item_ids"].split(";") if own[i] == first),
             officer_ids=";".join(o for o in v["officer_ids"].split(";") if agency_of[o] == first))
    f.visits.append(other)
    f.save()
    restaff(b, plan)  # the new row's id gives its own officer draw
    found = check(b, plan)
    assert rules(found) == {"R-JOINT"} and found[0].where == v["enterprise_id"]


def test_follow_up_without_a_case_is_not_exempt(case: Case) -> None:
    bundle, plan = case
    v = next(v for v in PlanFolder(plan).visits if v["basis"] == "follow_up")
    a = v["agency_ids"]
    edit_bundle(bundle, "inspections.csv", lambda h, rows: [r.update(rectified="true") for r in rows
                                                             if r["enterprise_id"] == v["enterprise_id"] and r["agency_id"] == a])
    found = check(rebase(plan, bundle), plan)
    assert rules(found) == {"R-EXEMPT"} and found[0].where == v["visit_id"]
    assert found[0].message == f"agency {a} found no unrectified violation here in 2026"


def test_triggered_visit_of_another_agency_is_not_exempt(case: Case) -> None:
    bundle, plan = case
    f = PlanFolder(plan)
    v = next(v for v in f.visits if v["basis"] == "triggered")
    other = next(a for a in ("hb", "um", "gas") if a != v["agency_ids"])
    edit_bundle(bundle, "triggers.csv", lambda h, rows: [r.update(agency_id=other) for r in rows if r["trigger_id"] == v["trigger_id"]])
    # the trigger's own agency is then owed a visit: declared, for a reason no visit could give way
    f.meta["shortfalls"].append({"kind": "triggered", "id": v["trigger_id"], "rule": "R-TRIGGER", "agency": other,
                                 "resource": "window closed"})
    f.save()
    found = check(rebase(plan, bundle), plan)
    assert [(x.rule, x.where) for x in found] == [("R-EXEMPT", v["visit_id"])]
    assert found[0].message == f"trigger {v['trigger_id']} is for agency {other}, the visit carries ['{v['agency_ids']}']"


# ---- invariant 5 (and R-ITEM, R-BASIS): what a visit covers and why -----------------------------------------
def test_basis_other(case: Case) -> None:
    bundle, plan = case
    f = PlanFolder(plan)
    v = _onsite(f, basis="sampled")
    v["basis"] = "other"
    # the lost coverage is declared, so the unlawful basis is all that remains
    f.meta["shortfalls"].append({"kind": "sampled", "id": v["enterprise_id"], "rule": "R-SAMPLE", "binding": "test"})
    f.save()
    found = check(bundle, plan)
    assert rules(found) == {"R-BASIS"} and found[0].where == v["visit_id"]


def test_trigger_of_another_enterprise(case: Case) -> None:
    bundle, plan = case
    f = PlanFolder(plan)
    v = next(v for v in f.visits if v["basis"] == "triggered")
    _, trig = read(bundle / "triggers.csv")
    v["trigger_id"] = next(t["trigger_id"] for t in trig if t["enterprise_id"] != v["enterprise_id"])
    f.meta["shortfalls"].append({"kind": "trigger", "id": "x", "rule": "R-TRIGGER", "binding": "window"})
    f.save()
    assert "R-BASIS" in rules(check(bundle, plan))


def test_planned_visit_naming_a_trigger(case: Case) -> None:
    bundle, plan = case
    f = PlanFolder(plan)
    v = _onsite(f, basis="sampled")
    v["trigger_id"] = next(x["trigger_id"] for x in f.visits if x["basis"] == "triggered")
    f.save()
    found = check(bundle, plan)
    assert [(x.rule, x.where) for x in found] == [("R-BASIS", v["visit_id"])] and "trigger_id" in found[0].message


def test_unknown_trigger(case: Case) -> None:
    bundle, plan = case
    f = PlanFolder(plan)
    v = next(x for x in f.visits if x["basis"] == "triggered")
    f.meta["shortfalls"].append({"kind": "triggered", "id": v["trigger_id"], "rule": "R-TRIGGER", "agency": v["agency_ids"],
                                 "resource": "its window held no working day"})
    v["trigger_id"] = "T-NONE"
    f.save()
    found = check(bundle, plan)
    assert [(x.rule, x.where) for x in found] == [("R-BASIS", v["visit_id"])] and "T-NONE" in found[0].message


def test_item_of_an_agency_not_on_the_visit(case: Case) -> None:
    bundle, plan = case
    b = load(bundle)
    f = PlanFolder(plan)
    v = _onsite(f, basis="mandatory")
    v["item_ids"] += ";" + next(i for i, a in zip(b.items.item_id, b.items.agency_id, strict=True) if a not in v["agency_ids"].split(";"))
    f.save()
    found = check(b, plan)
    assert rules(found) == {"R-ITEM"} and "not on the visit" in found[0].message


def test_item_of_another_sector(case: Case) -> None:
    bundle, plan = case
    b = load(bundle)
    f = PlanFolder(plan)
    sector = dict(zip(b.enterprises.enterprise_id, b.enterprises.sector, strict=True))
    items = b.items
    for v in f.visits:
        wrong = [i for i, a, s in zip(items.item_id, items.agency_id, items.sectors, strict=True)
                 if a in v["agency_ids"].split(";") and sector[v["enterprise_id"]] not in s]
        if v["mode"] == "onsite" and wrong:
            v["item_ids"] += ";" + wrong[0]
            break
    f.save()
    found = check(b, plan)
    assert rules(found) == {"R-ITEM"} and "does not apply to sector" in found[0].message


def test_mandatory_item_not_covered(case: Case) -> None:
    bundle, plan = case
    f = PlanFolder(plan)
    v = next(v for v in f.visits if v["basis"] == "mandatory" and v["item_ids"].count(";") >= 1)
    v["item_ids"] = v["item_ids"].split(";", 1)[1]
    f.save()
    found = check(bundle, plan)
    assert rules(found) == {"R-SAMPLE"} and {x.invariant for x in found} == {5} and found[0].where == v["enterprise_id"]


def test_trigger_visited_outside_its_window(case: Case) -> None:
    bundle, plan = case
    v = next(v for v in PlanFolder(plan).visits if v["basis"] == "triggered")
    later = (dt.date.fromisoformat(v["date"]) + dt.timedelta(days=1)).isoformat()
    edit_bundle(bundle, "triggers.csv", lambda h, rows: [r.update(received_on=later) for r in rows if r["trigger_id"] == v["trigger_id"]])
    found = check(rebase(plan, bundle), plan)
    assert rules(found) == {"R-TRIGGER"} and found[0].where == v["trigger_id"]


def test_urgent_trigger_window_is_shorter(case: Case) -> None:
    bundle, plan = case
    v = next(v for v in PlanFolder(plan).visits if v["basis"] == "triggered")
    _, trig = read(bundle / "triggers.csv")
    t = next(t for t in trig if t["trigger_id"] == v["trigger_id"])
    days = (dt.date.fromisoformat(v["date"]) - dt.date.fromisoformat(t["received_on"])).days
    assert days > 5, "the tiny plan visits its trigger more than 3 working days after receipt"
    edit_bundle(bundle, "triggers.csv", lambda h, rows: [r.update(urgent="true") for r in rows if r["trigger_id"] == v["trigger_id"]])
    assert rules(check(rebase(plan, bundle), plan)) == {"R-TRIGGER"}


def test_follow_up_missing(case: Case) -> None:
    bundle, plan = case
    b = load(bundle)
    followed = {(v["enterprise_id"], v["agency_ids"]) for v in PlanFolder(plan).visits if v["basis"] == "follow_up"}
    items = b.items
    sector = dict(zip(b.enterprises.enterprise_id, b.enterprises.sector, strict=True))
    eid, agency = next((e, a) for e in sorted(sector) for a in sorted(set(items.agency_id))
                       if (e, a) not in followed and any(sector[e] in s for s, x in zip(items.sectors, items.agency_id, strict=True) if x == a))

    def add(h: list[str], rows: list[dict[str, str]]) -> None:
        rows.append(dict.fromkeys(h, "") | {"inspection_id": "HX-FOLLOW", "enterprise_id": eid, "agency_id": agency,
                                            "inspected_on": "2026-11-02", "outcome": "violation", "rectified": "false"})

    edit_bundle(bundle, "inspections.csv", add)
    found = check(rebase(plan, bundle), plan)
    assert rules(found) == {"R-FOLLOW"} and found[0].where == eid


# ---- invariant 8: remote checks --------------------------------------------------------------------------
def test_onsite_visit_that_should_be_remote(case: Case) -> None:
    bundle, plan = case
    b = load(bundle)
    remote = set(b.items.item_id[b.items.remote_allowed])
    v = next(v for v in PlanFolder(plan).visits if v["mode"] == "onsite" and v["basis"] in ("sampled", "mandatory")
             and v["tier"] not in b.policy.onsite_required_tiers and set(v["item_ids"].split(";")) <= remote)
    edit_bundle(bundle, "enterprises.csv", lambda h, rows: [r.update(remote_monitoring="true") for r in rows
                                                             if r["enterprise_id"] == v["enterprise_id"]])
    found = check(rebase(plan, bundle), plan)
    assert rules(found) == {"R-REMOTE"} and found[0].where == v["visit_id"] and found[0].invariant == 8


def test_remote_check_without_monitoring(case: Case) -> None:
    bundle, plan = case
    v = next(v for v in PlanFolder(plan).visits if v["mode"] == "remote")
    edit_bundle(bundle, "enterprises.csv", lambda h, rows: [r.update(remote_monitoring="false") for r in rows
                                                             if r["enterprise_id"] == v["enterprise_id"]])
    found = check(rebase(plan, bundle), plan)
    assert rules(found) == {"R-REMOTE"} and found[0].where == v["visit_id"]


# ---- invariant 9: tiers from the records -------------------------------------------------------------------
def test_tier_is_not_the_latest_official_grade(case: Case) -> None:
    bundle, plan = case
    f = PlanFolder(plan)
    _, grades = read(bundle / "credit_grades.csv")
    g = next(g for g in grades if f.sel(g["enterprise_id"])["tier"] == g["grade"] and g["grade"] in "BC")
    later = dict(g, grade="D", rated_on="2026-12-15")  # an official D, not a listing: the words must say which
    edit_bundle(bundle, "credit_grades.csv", lambda h, rows: rows.append(later))
    found = check(rebase(plan, bundle), plan)
    assert rules(found) == {"R-TIER"} and found[0].where == g["enterprise_id"] and found[0].invariant == 9
    assert found[0].message.endswith(f"the records give {later['grade']} (the latest official grade)")


def test_visit_tier_differs_from_selection(case: Case) -> None:
    bundle, plan = case
    f = PlanFolder(plan)
    v = _onsite(f, basis="mandatory")
    v["tier"] = "C"
    f.save()
    found = check(bundle, plan)
    assert [(x.rule, x.where, x.message) for x in found] == [("R-TIER", v["visit_id"], "tier C, selection.csv says D")]


def _tier_b(f: PlanFolder, bundle: Path) -> str:
    _, cr = read(bundle / "credit_records.csv")
    listed = {r["enterprise_id"] for r in cr if r["kind"] in ("serious_dishonest", "repair")}
    return next(r["enterprise_id"] for r in f.selection if r["tier"] == "B" and r["enterprise_id"] not in listed)


def _add_records(bundle: Path, plan: Path, eid: str, *records: tuple[str, str, str]) -> list[Violation]:
    def add(h: list[str], rows: list[dict[str, str]]) -> None:
        for kind, on, expires in records:
            rows.append(dict.fromkeys(h, "") | {"enterprise_id": eid, "recorded_on": on, "kind": kind, "expires_on": expires})

    edit_bundle(bundle, "credit_records.csv", add)
    return check(rebase(plan, bundle), plan)


def test_serious_dishonest_dated_in_january_of_the_plan_year(case: Case) -> None:
    bundle, plan = case
    eid = _tier_b(PlanFolder(plan), bundle)
    found = _add_records(bundle, plan, eid, ("serious_dishonest", "2027-01-12", ""))
    assert rules(found) == {"R-TIER"} and found[0].where == eid
    assert found[0].message == "tier B, the records give D (a serious_dishonest record counts)"


def test_serious_dishonest_expiring_inside_the_year_still_counts(case: Case) -> None:
    bundle, plan = case
    eid = _tier_b(PlanFolder(plan), bundle)
    assert rules(_add_records(bundle, plan, eid, ("serious_dishonest", "2026-05-01", "2027-01-01"))) == {"R-TIER"}


def test_serious_dishonest_repaired_later_in_the_year_does_not_count(case: Case) -> None:
    bundle, plan = case
    eid = _tier_b(PlanFolder(plan), bundle)
    assert _add_records(bundle, plan, eid, ("serious_dishonest", "2027-01-12", ""), ("repair", "2027-03-01", "")) == []


def test_serious_dishonest_repaired_the_same_day_does_not_count(case: Case) -> None:
    bundle, plan = case
    eid = _tier_b(PlanFolder(plan), bundle)
    assert _add_records(bundle, plan, eid, ("serious_dishonest", "2026-04-01", ""), ("repair", "2026-04-01", "")) == []


def test_serious_dishonest_expired_before_the_year_does_not_count(case: Case) -> None:
    bundle, plan = case
    eid = _tier_b(PlanFolder(plan), bundle)
    assert _add_records(bundle, plan, eid, ("serious_dishonest", "2025-02-01", "2026-12-31")) == []


def test_repair_before_the_listing_does_not_lift_it(case: Case) -> None:
    bundle, plan = case
    eid = _tier_b(PlanFolder(plan), bundle)
    assert rules(_add_records(bundle, plan, eid, ("repair", "2026-03-01", ""), ("serious_dishonest", "2026-06-01", ""))) == {"R-TIER"}


# ---- invariants 6 and 10: the lottery -------------------------------------------------------------------------
def test_draw_rank_wrong(case: Case) -> None:
    bundle, plan = case
    f = PlanFolder(plan)
    one = next(r for r in f.selection if r["tier"] == "C" and r["draw_rank"] == "1")
    two = next(r for r in f.selection if r["tier"] == "C" and r["draw_rank"] == "2")
    one["draw_rank"], two["draw_rank"] = "2", "1"
    f.save()
    found = check(bundle, plan)
    assert rules(found) == {"R-SAMPLE"} and {x.invariant for x in found} == {10} and len(found) == 2


def test_uniform_lottery_is_redrawn_without_weights(case: Case) -> None:
    bundle, plan = case
    found = check(set_policy(bundle, plan, sampling="uniform_lottery"), plan)
    assert rules(found) == {"R-SAMPLE"} and {x.invariant for x in found} <= {6, 10} and len(found) > 10


def test_more_sampled_than_places(case: Case) -> None:
    bundle, plan = case
    found = check(set_policy(bundle, plan, tiers={"C": {"sample_ratio": 0.3, "visits": 1}}), plan)
    assert rules(found) == {"R-SAMPLE"} and [(x.invariant, x.where) for x in found] == [(10, "tier C")]


def test_sampled_out_of_draw_order(case: Case) -> None:
    bundle, plan = case
    b = load(bundle)
    f = PlanFolder(plan)
    first = min((r for r in f.selection if r["basis"] == "sampled"), key=lambda r: int(r["draw_rank"]))
    f.visits = [v for v in f.visits if v["enterprise_id"] != first["enterprise_id"]]
    first["basis"] = "not_drawn"
    f.save()
    restaff(b, plan)
    found = check(b, plan)
    assert rules(found) == {"R-SAMPLE"} and [(x.invariant, x.where) for x in found] == [(6, first["enterprise_id"])]


# ---- invariant 11: R-PRIORITY and the shortfalls' words ------------------------------------------------------------
def _drop_mandatory(bundle: Path, plan: Path, resource: str) -> tuple[Bundle, str]:
    b = load(bundle)
    f = PlanFolder(plan)
    sampled = {(v["district_code"], a) for v in f.visits if v["basis"] == "sampled" for a in v["agency_ids"].split(";")}
    v = next(v for v in f.visits if v["basis"] == "mandatory" and v["mode"] == "onsite" and ";" not in v["agency_ids"]
             and (v["district_code"], v["agency_ids"]) in sampled)
    f.visits.remove(v)
    f.meta["shortfalls"].append({"kind": "mandatory", "id": v["enterprise_id"], "rule": "R-AVAIL", "agency": v["agency_ids"],
                                 "resource": resource})
    f.save()
    restaff(b, plan)
    return b, v["enterprise_id"]


def test_priority_mandatory_unmet_while_sampled_visits_were_made(case: Case) -> None:
    b, eid = _drop_mandatory(*case, "annual budgets of the team's certified officers used up")
    found = check(b, case[1])
    assert rules(found) == {"R-PRIORITY"} and found[0].where == eid and found[0].invariant == 11


def test_priority_mandatory_unmet_for_a_reason_no_visit_could_give(case: Case) -> None:
    b, _ = _drop_mandatory(*case, "every certified officer of the only eligible team is recused (R-RECUSE)")
    assert check(b, case[1]) == []


def test_priority_trigger_unmet_while_planned_visits_were_made(case: Case) -> None:
    bundle, plan = case
    b = load(bundle)
    f = PlanFolder(plan)
    v = next(v for v in f.visits if v["basis"] == "triggered")
    f.visits.remove(v)
    f.meta["shortfalls"].append({"kind": "triggered", "id": v["trigger_id"], "rule": "R-TRIGGER", "agency": v["agency_ids"],
                                 "resource": "officer-days of the team"})
    f.save()
    restaff(b, plan)
    found = check(b, plan)
    assert rules(found) == {"R-PRIORITY"} and found[0].where == v["trigger_id"]


def _trigger_beside_a_planned_visit(bundle: Path, plan: Path, recuse_all: bool, joint: bool = False, covered: bool = True,
                                    away: bool = False) -> tuple[Bundle, str, str]:
    """A complaint received on the day of a planned visit of one agency, about another enterprise of that district its
    items cover and nobody visits, declared unmet with a window's words ("its working days are full"). Returns the
    bundle, the trigger id and the planned visit's id."""
    f = PlanFolder(plan)
    _, items = read(bundle / "items.csv")
    _, firms = read(bundle / "enterprises.csv")
    _, recusals = read(bundle / "recusals.csv")
    recused = {(r["officer_id"], r["enterprise_id"]) for r in recusals}
    visited = {(v["enterprise_id"], a) for v in f.visits for a in v["agency_ids"].split(";")}
    for p in f.visits:
        if p["basis"] not in ("sampled", "mandatory") or p["mode"] != "onsite" or (";" in p["agency_ids"]) != joint:
            continue
        a = p["agency_ids"].split(";")[0]
        mine = {o["officer_id"] for o in read(bundle / "officers.csv")[1] if o["team_id"].startswith(f"{a}-")}
        sectors = {s for i in items if i["agency_id"] == a for s in i["sectors"].split(";")}
        firm = next((e["enterprise_id"] for e in firms if e["district_code"] == p["district_code"] and (e["sector"] in sectors) == covered
                     and (e["enterprise_id"], a) not in visited and e["enterprise_id"] != p["enterprise_id"]
                     and not any((o, e["enterprise_id"]) in recused for o in p["officer_ids"].split(";") if o in mine)), None)
        if firm is not None:
            break
    else:
        raise AssertionError("the tiny plan has no planned visit beside an unvisited enterprise")
    th, triggers = read(bundle / "triggers.csv")
    triggers.append({"trigger_id": "TX-GIVE", "enterprise_id": firm, "agency_id": a, "received_on": p["date"], "kind": "complaint",
                     "urgent": "false"})
    write(bundle / "triggers.csv", th, triggers)
    if recuse_all:
        _, officers = read(bundle / "officers.csv")
        _, teams = read(bundle / "teams.csv")
        mine = {t["team_id"] for t in teams if t["agency_id"] == a}
        rh, rows = read(bundle / "recusals.csv")
        rows += [{"officer_id": o["officer_id"], "enterprise_id": firm, "reason": "亲属关系"} for o in officers if o["team_id"] in mine]
        write(bundle / "recusals.csv", rh, rows)
    if away:  # the visit's officers of that agency marked away that day
        uh, un = read(bundle / "unavailability.csv")
        un += [{"officer_id": o, "start_on": p["date"], "end_on": p["date"], "reason": "leave"} for o in p["officer_ids"].split(";") if o in mine]
        write(bundle / "unavailability.csv", uh, un)
    b = rebase(plan, bundle)
    f = PlanFolder(plan)
    f.meta["shortfalls"].append({"kind": "triggered", "id": "TX-GIVE", "rule": "R-AVAIL", "agency": a,
                                 "binding_zh": f"{a}：{p['date']}至{p['date']}的1个工作日可派检查已满（已排2次，上限2次）",
                                 "binding": f"{a}: its 1 working days {p['date']}…{p['date']} are full (2 visits booked, 2 possible)"})
    f.save(resync=False)
    return b, "TX-GIVE", p["visit_id"]


def test_priority_trigger_unmet_whatever_the_words_while_a_planned_visit_in_its_window_could_give_way(case: Case) -> None:
    """Invariant 11: "a trigger … is left unmet only where no planned visit could have given way". A window's words
    used to pass any trigger shortfall; a planned visit of its agency on a day of its window, whose team and officers
    could go to the trigger's enterprise, is now named."""
    b, tid, vid = _trigger_beside_a_planned_visit(*case, recuse_all=False)
    found = check(b, case[1])
    assert rules(found) == {"R-PRIORITY"} and found[0].where == tid and vid in found[0].message and found[0].invariant == 11


def test_priority_trigger_unmet_while_its_agency_sat_on_a_joint_visit_in_its_window(case: Case) -> None:
    """The same with a joint planned visit (review23): the trigger's agency's part of it could have given way, the row
    staying for the other agencies."""
    b, tid, vid = _trigger_beside_a_planned_visit(*case, recuse_all=False, joint=True)
    found = check(b, case[1])
    assert rules(found) == {"R-PRIORITY"} and found[0].where == tid and vid in found[0].message


def test_priority_trigger_unmet_of_an_agency_with_no_item_for_the_firm_needs_no_visit_to_give_way(case: Case) -> None:
    """R-ITEM: the trigger's agency has no item for its enterprise's sector: no swap is lawful (no R-PRIORITY)."""
    b, _, _ = _trigger_beside_a_planned_visit(*case, recuse_all=False, covered=False)
    assert "R-PRIORITY" not in rules(check(b, case[1]))


def test_priority_trigger_unmet_beside_officers_away_that_day(case: Case) -> None:
    """R-AVAIL: the planned visit's officers are away that day (the checker says so of that visit): they could not have
    gone to the trigger either, so no R-PRIORITY is claimed for it."""
    b, _, _ = _trigger_beside_a_planned_visit(*case, recuse_all=False, away=True)
    found = check(b, case[1])
    assert "R-PRIORITY" not in rules(found) and "R-AVAIL" in rules(found)


def test_priority_trigger_unmet_where_every_officer_who_could_go_is_recused(case: Case) -> None:
    """The same trigger with every officer of its agency recused from its enterprise (R-RECUSE): nothing could give way."""
    b, _, _ = _trigger_beside_a_planned_visit(*case, recuse_all=True)
    assert check(b, case[1]) == []


def test_shortfall_without_resource(case: Case) -> None:
    bundle, plan = case
    f = PlanFolder(plan)
    v = _onsite(f, basis="mandatory")
    f.meta["shortfalls"].append({"kind": "mandatory", "id": v["enterprise_id"], "rule": "R-AVAIL", "agency": v["lead_agency_id"]})
    f.save()
    found = check(bundle, plan)
    assert rules(found) == {"R-EXPLAIN"} and "resource" in found[0].message and found[0].invariant == 11


def test_shortfall_without_agency(case: Case) -> None:
    bundle, plan = case
    f = PlanFolder(plan)
    f.meta["shortfalls"].append({"kind": "follow_up", "id": f.visits[0]["enterprise_id"], "rule": "R-AVAIL",
                                 "resource": "officer budgets used up"})
    f.save()
    found = check(bundle, plan)
    assert rules(found) == {"R-EXPLAIN"} and "agency" in found[0].message


def test_selection_without_reason(case: Case) -> None:
    bundle, plan = case
    f = PlanFolder(plan)
    f.selection[3]["reason_en"] = ""
    f.save()
    assert rules(check(bundle, plan)) == {"R-EXPLAIN"}


# ---- invariant 12: the officer draw ------------------------------------------------------------------------------
def test_officer_draw_broken(case: Case) -> None:
    bundle, plan = case
    b = load(bundle)
    f = PlanFolder(plan)
    seed = b.policy.seed
    used = officer_day_load(f)
    team = dict(zip(b.officers.officer_id, b.officers.team_id, strict=True))
    enf = b.officers[b.officers.role == "enforcement"]
    cert = dict(zip(enf.officer_id, enf.certificate_expires_on.dt.strftime("%Y-%m-%d"), strict=True))
    away = list(zip(b.unavailability.officer_id, b.unavailability.start_on.dt.strftime("%Y-%m-%d"),
                    b.unavailability.end_on.dt.strftime("%Y-%m-%d"), strict=True))
    recused = set(zip(b.recusals.officer_id, b.recusals.enterprise_id, strict=True))
    for v in f.visits:
        if v["mode"] != "onsite" or ";" in v["agency_ids"]:
            continue
        chosen = v["officer_ids"].split(";")
        free = [o for o in enf.officer_id if team[o] == team[chosen[0]] and o not in chosen and (o, v["date"]) not in used
                and cert[o] >= v["date"] and not any(x == o and s <= v["date"] <= e for x, s, e in away)
                and (o, v["enterprise_id"]) not in recused]
        if len(free) >= 2:
            # hand-pick the free officer drawn last in place of one drawn first
            v["officer_ids"] = ";".join(sorted([chosen[0], max(free, key=lambda o: officer_key(seed, v["visit_id"], o))]))
            break
    f.save()
    found = check(b, plan)
    assert rules(found) == {"R-OFFICER-DRAW"} and found[0].where == v["visit_id"] and found[0].invariant == 12


# ---- invariant 7 (R-AUDIT): what makes a plan re-playable -----------------------------------------------------------
def test_changed_input_hash(case: Case) -> None:
    bundle, plan = case
    f = PlanFolder(plan)
    f.meta["input_sha256"] = f.meta["input_sha256"][::-1]
    f.save()
    found = check(bundle, plan)
    assert rules(found) == {"R-AUDIT"} and found[0].invariant == 7


def test_bundle_edited_after_planning(case: Case) -> None:
    bundle, plan = case
    (bundle / "agencies.csv").write_text((bundle / "agencies.csv").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert rules(check(bundle, plan)) == {"R-AUDIT"}


def test_policy_in_plan_json_differs(case: Case) -> None:
    bundle, plan = case
    f = PlanFolder(plan)
    f.meta["policy"]["max_entries_per_enterprise"] = 9
    f.save()
    found = check(bundle, plan)
    assert rules(found) == {"R-AUDIT"} and "max_entries_per_enterprise" in found[0].message


def test_selection_disagrees_with_visits(case: Case) -> None:
    bundle, plan = case
    f = PlanFolder(plan)
    f.selection[0]["visits_planned"] = "7"
    f.save(resync=False)
    found = check(bundle, plan)
    assert rules(found) == {"R-AUDIT"} and found[0].invariant == 0


def test_selection_basis_disagrees_with_visits(case: Case) -> None:
    """plan.md: `not_drawn`, `capacity`, `exempt` are the bases of enterprises not selected; a selected enterprise
    (one with visits) under `capacity` — a tier-D firm whose required visits were unmet but whose follow-up was
    placed — is R-AUDIT (invariant 0), naming the enterprise and its visits' bases."""
    bundle, plan = case
    assert check(bundle, plan) == []
    f = PlanFolder(plan)
    chosen = [r for r in f.selection if r["basis"] in ("triggered", "follow_up")][:3]
    own = {r["enterprise_id"]: ", ".join(sorted({v["basis"] for v in f.visits if v["enterprise_id"] == r["enterprise_id"]}))
           for r in chosen}
    for r, basis in zip(chosen, ("capacity", "not_drawn", "exempt"), strict=True):  # not_drawn with no sampled visit too
        r["basis"] = basis
    f.save(resync=False)
    found = check(bundle, plan)
    assert sorted((x.rule, x.where, x.invariant, x.message) for x in found) == sorted(
        ("R-AUDIT", r["enterprise_id"], 0, f"selected, yet basis {r['basis']!r}: none of its visits' ({own[r['enterprise_id']]})")
        for r in chosen)


def test_wrong_columns_stop_the_check(case: Case) -> None:
    bundle, plan = case
    text = (plan / "visits.csv").read_text(encoding="utf-8")
    (plan / "visits.csv").write_text(text.replace("officer_ids", "officers", 1), encoding="utf-8")
    found = check(bundle, plan)
    assert [(x.rule, x.where) for x in found] == [("R-AUDIT", "visits.csv")]
    shutil.rmtree(plan)


# ---- the independent capacity bound (checker/bound.py) ------------------------------------------------------------
def test_pair_feasible_capacity() -> None:
    from checker.bound import pair_feasible

    assert pair_feasible([30, 12], 2) == 12  # not (30 + 12) // 2 = 21: nobody sits in both seats
    assert pair_feasible([5, 5, 5], 2) == 7 and pair_feasible([10], 2) == 0 and pair_feasible([], 2) == 0
    assert pair_feasible([4, 4, 4, 4], 1) == 16 and pair_feasible([9, 1, 1], 3) == 1


def test_bound_holds_on_the_good_plan(good: Case) -> None:
    from checker.bound import CLASSES, capacity_bound
    from checker.facts import Context

    b = load(good[0])
    bd = capacity_bound(Context(b, good[1]))
    for c in CLASSES:
        assert bd.placed.get(c, 0) <= bd.bound[c], c
    assert bd.bound["required"] <= bd.owed["required"] and bd.bound["mandatory"] <= bd.owed["mandatory"]
    assert bd.placed["required"] == bd.owed["required"] and bd.triggers_placed == bd.triggers_owed >= 1
    assert all(v > 0 for v in bd.team_capacity.values())


def test_bound_binds_when_budgets_shrink(case: Case) -> None:
    from checker.bound import capacity_bound
    from checker.facts import Context

    bundle, plan = case
    edit_bundle(bundle, "officers.csv", lambda h, rows: [r.update(annual_visit_budget="3") for r in rows if r["role"] == "enforcement"])
    b = rebase(plan, bundle)
    bd = capacity_bound(Context(b, plan))
    assert bd.bound["mandatory"] + bd.bound["sampled"] < bd.owed["mandatory"] + bd.owed["sampled"]
    assert bd.bound["required"] == bd.owed["required"]  # triggers and follow-ups are served first


def test_one_check_function_per_rule_id() -> None:
    """scheduler/registry.py names checker.rules.check_<rule id in snake case>: every rule a plan folder can show has one."""
    import checker.rules as r

    ids = ["R-PAIR", "R-CERT", "R-RECUSE", "R-TEAM", "R-AVAIL", "R-OFFICER-DRAW", "R-ITEM", "R-BASIS", "R-TIER", "R-SAMPLE",
           "R-REMOTE", "R-FOLLOW", "R-TRIGGER", "R-CAP-AGENCY", "R-CAP-ENTRY", "R-JOINT", "R-GAP", "R-EXEMPT", "R-PRIORITY",
           "R-WORKDAY", "R-EXPLAIN", "R-AUDIT"]
    for rule in ids:
        fn = getattr(r, "check_" + rule.lower().replace("-", "_"))
        assert r.RULE_CHECKS[rule] is fn and rule in r.INVARIANT and fn.__doc__ and rule in fn.__doc__
    assert set(r.RULE_CHECKS) == set(ids)
