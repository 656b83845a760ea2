"""R-PRIORITY across a city's districts, on a bureau another author made (foreign31's b01_tight, written from the spec
alone: 500 firms, two districts and a city team per agency, budgets of 4–10 visits an officer; tests/data/foreign31_b01).

Districts solve apart on shares of the city officers' budgets. A complaint in 140502 (T00038) went unvisited while the
city team cg-140500 made a mandatory visit in 140521 inside its window; `inspection check` rejected the plan (F2). Now a
mandatory visit gives way to the unmet trigger (scheduler/guests.py `give_way`). And eight complaints of May–October
were blamed on the city team's spent budget, though the team had no two certified officers after March (a lapsed
certificate): the shortfall now names that team's R-CERT, and the district team's budget."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bundle import load_bundle
from checker import check_plan
from scheduler.output import write_plan
from scheduler.plan import Plan, PlanOptions, make_plan

B01 = Path(__file__).parent / "data" / "foreign31_b01"


@pytest.fixture(scope="module")
def b01(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Plan]:
    out = tmp_path_factory.mktemp("b01")
    plan = make_plan(load_bundle(B01), PlanOptions(processes=1, use_solver=False))
    write_plan(plan, out)
    return out, plan


def test_a_mandatory_visit_gives_way_to_another_districts_complaint(b01: tuple[Path, Plan]) -> None:
    out, plan = b01
    bad = [str(v) for v in check_plan(load_bundle(B01), out)]
    assert bad == [], bad[:5]
    t38 = [v for v in plan.visits if v.entry.trigger_id == "T00038"]
    assert len(t38) == 1 and t38[0].teams == {"cg": "cg-140500"} and t38[0].entry.district == "140502"
    (gave, took), = plan.gave_way.items()
    assert took.endswith("T00038") and gave.endswith("|mandatory|0|onsite|cg") and plan.unplaced[gave] == "R-PRIORITY"
    shortfalls = json.loads((out / "plan.json").read_text(encoding="utf-8"))["shortfalls"]
    mine = [s for s in shortfalls if s["kind"] == "mandatory" and s["id"] == gave.split("|")[0] and s["rule"] == "R-PRIORITY"]
    assert len(mine) == 1 and mine[0]["rule"] == "R-PRIORITY" and "T00038" in mine[0]["binding"] and "T00038" in mine[0]["binding_zh"]


def test_a_shortfall_names_the_team_that_could_not_go_in_its_window(b01: tuple[Path, Plan]) -> None:
    """T00030 (received 27 May): cg-140500's second certified officer's certificate lapsed on 9 March."""
    out, _ = b01
    shortfalls = json.loads((out / "plan.json").read_text(encoding="utf-8"))["shortfalls"]
    (t30,) = [s for s in shortfalls if s.get("id") == "T00030"]
    assert t30["binding"].startswith("cg-140521: the annual visit budgets of its 2 certified officers")
    assert t30["binding_zh"].startswith("cg-140521：2名持证执法人员的年度检查额度") and "cg-140500" not in t30["binding"]
    assert t30["absent"] == "cg-140500: no day of the window with 2 certified officers present (R-CERT, R-AVAIL)"
    assert t30["absent_zh"] == "cg-140500：时限内没有2名持证执法人员同时在岗（R-CERT、R-AVAIL）"


def test_the_checker_counts_only_planned_visits_of_a_team_that_could_go_in_the_window(b01: tuple[Path, Plan]) -> None:
    """checker R-PRIORITY: the city team's mandatory visit in January used budget, but its team had no two certified
    officers in May, so it is no visit that could have given way to T00030. With the certificate renewed it is."""
    import shutil

    out, _ = b01
    assert not [v for v in check_plan(load_bundle(B01), out) if "T00030" in str(v)]
    renewed = out.parent / "renewed"
    shutil.copytree(B01, renewed)
    officers = (renewed / "officers.csv").read_text(encoding="utf-8")
    assert "2026-03-09" in officers
    (renewed / "officers.csv").write_text(officers.replace("2026-03-09", "2029-03-09"), encoding="utf-8")
    from checker.facts import Context
    from checker.rules import check_r_priority

    found = [str(v) for v in check_r_priority(Context(load_bundle(renewed), out))]
    assert any("T00030" in v and "by team cg-140500, which could go in its window" in v for v in found), found


def test_team_can_go_reads_certificates_absences_recusals_and_every_working_day(b01: tuple[Path, Plan], tmp_path: Path) -> None:
    """checker.rules._team_can_go on b01's cg-140500 (cg-140500-00 certified to 2030, cg-140500-01 to 2026-03-09,
    cg-140500-02 auxiliary; k = 2): only a working day on which both are present counts; 7–8 March 2026 are a weekend."""
    import datetime as dt
    import shutil

    from checker.facts import Context
    from checker.rules import _team_can_go

    out, _ = b01
    d = dt.date
    ctx = Context(load_bundle(B01), out)
    firm = "F-NONE"
    assert _team_can_go(ctx, "cg-140500", firm, (d(2026, 3, 9), d(2026, 3, 9)))  # the certificate's last day
    assert not _team_can_go(ctx, "cg-140500", firm, (d(2026, 3, 10), d(2026, 5, 29)))  # lapsed
    assert _team_can_go(ctx, "cg-140500", firm, (d(2026, 3, 8), d(2026, 3, 10)))  # Sunday, then Monday 9 March
    assert not _team_can_go(ctx, "cg-140500", firm, (d(2026, 3, 7), d(2026, 3, 8)))  # a weekend only
    assert _team_can_go(ctx, "", firm, (d(2026, 3, 10), d(2026, 3, 10)))  # a visit naming no team: counted as able
    edited = tmp_path / "b01"
    shutil.copytree(B01, edited)
    with (edited / "unavailability.csv").open("a", encoding="utf-8") as f:
        f.write("cg-140500-00,2026-03-09,2026-03-09,年休假\n")
    with (edited / "recusals.csv").open("a", encoding="utf-8") as f:
        f.write("cg-140500-01,911405028570839335,亲属关系\n")
    ctx = Context(load_bundle(edited), out)
    assert not _team_can_go(ctx, "cg-140500", firm, (d(2026, 3, 9), d(2026, 3, 9)))  # cg-140500-00 away that day
    assert _team_can_go(ctx, "cg-140500", firm, (d(2026, 3, 6), d(2026, 3, 6)))
    assert not _team_can_go(ctx, "cg-140500", "911405028570839335", (d(2026, 3, 6), d(2026, 3, 6)))  # cg-140500-01 recused
