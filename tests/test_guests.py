"""A city team's free seats on a day held by one district go to another district's unmet required visit (guests,
scheduler/guests.py; R-PRIORITY, R-TRIGGER, R-TEAM, R-OFFICER-DRAW).

Held-out bureaus (bench/foreign_plans.py, concrete_squeeze s2) had complaints due on the year's first working day in
three districts; the city team's day went to one district, made one visit there, and two complaints elsewhere went
unvisited though the checker's bound (a city team works in every district, every day) said they fitted."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from bundle import load_bundle
from checker import check_plan
from scheduler.output import write_plan
from scheduler.plan import Plan, PlanOptions, make_plan
from tests.conftest import EXAMPLE
from tests.test_plan import redraw_officers

HB = ("construction", "supervision", "survey_design")


def _bundle(tmp_path: Path, recuse: bool = False, city_day_cap: int = 2) -> Path:
    """The spec's example; hb complaints received 18 December, due on 4 January (10 working days): three in 140403 and
    three in 140404, whose own teams can go on two visits each that day (R-PAIR: two certified officers present). The
    city team hb-140400 (five certified, `city_day_cap` visits a day) can go on the third of each, but its day goes to
    one district. `recuse`: every officer of the city team is recused from the three firms of 140404."""
    dst = tmp_path / "bundle"
    shutil.copytree(EXAMPLE, dst)
    ents = list(csv.DictReader((EXAMPLE / "enterprises.csv").open(encoding="utf-8")))
    firms = {d: [r["enterprise_id"] for r in ents if r["district_code"] == d and r["sector"] in HB] for d in ("140403", "140404")}
    rows = ["trigger_id,enterprise_id,agency_id,received_on,kind,urgent"]
    rows += [f"D{d[-1]}{i},{firms[d][i]},hb,2026-12-18,complaint,false" for d in firms for i in range(3)]
    (dst / "triggers.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    if recuse:
        with (dst / "recusals.csv").open("a", encoding="utf-8") as f:
            for firm in firms["140404"][:3]:
                for n in range(5):
                    f.write(f"hb-140400-{n:02d},{firm},test\n")
    teams = (dst / "teams.csv").read_text(encoding="utf-8").replace("hb-140400,hb,140400,2", f"hb-140400,hb,140400,{city_day_cap}")
    (dst / "teams.csv").write_text(teams, encoding="utf-8")
    return dst


def _first(p: Plan) -> list[str]:
    return sorted(v.entry.trigger_id for v in p.visits if v.entry.basis == "triggered" and v.entry.trigger_id.startswith("D") and v.day == 0)


@pytest.fixture(scope="module")
def guest_plan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Plan]:
    tmp = tmp_path_factory.mktemp("guests")
    bdir = _bundle(tmp)
    plan = make_plan(load_bundle(bdir), PlanOptions(processes=1))
    write_plan(plan, tmp / "p")
    return bdir, tmp / "p", plan


def test_a_city_teams_free_seats_go_to_the_other_districts_complaint(guest_plan: tuple[Path, Path, Plan]) -> None:
    """All six on 4 January: two by each district's own team, one in each district by the city team — one of them a
    guest of the district holding the city team's day. The plan says so (plan.json `solver.guests`)."""
    _, _, p = guest_plan
    assert _first(p) == ["D30", "D31", "D32", "D40", "D41", "D42"]
    city = [v for v in p.visits if v.day == 0 and v.teams.get("hb") == "hb-140400"]
    assert sorted(v.entry.district for v in city) == ["140403", "140404"]
    assert len(p.guests) == 1
    (key, host), = p.guests.items()
    guest = next(v for v in city if any(part.entry.key == key for part in v.parts))
    assert host != guest.entry.district and host in ("140403", "140404")
    assert "2027-01-04" in p.city_split["hb-140400"][host]["days"]
    assert "2027-01-04" not in p.city_split["hb-140400"][guest.entry.district]["days"]
    assert not [k for k in p.unplaced if "|triggered|" in k]


def test_a_guest_plan_keeps_every_invariant_and_its_draw_can_be_redrawn(guest_plan: tuple[Path, Path, Plan]) -> None:
    """The independent checker (R-TEAM, R-AVAIL: the city team's day cap over both districts, R-OFFICER-DRAW over
    both) and an auditor's redraw of the officers from the files (the guest drawn with its host's seats)."""
    bdir, out, _ = guest_plan
    b = load_bundle(bdir)
    assert check_plan(b, out) == []
    assert redraw_officers(bdir, out) > 20
    import json

    assert json.loads((out / "plan.json").read_text(encoding="utf-8"))["solver"]["guests"] == {"trigger_follow_up": 1, "mandatory": 0}


def test_no_guest_where_the_city_teams_day_is_full(tmp_path: Path) -> None:
    """R-AVAIL: the city team makes one visit a day (max_visits_per_day 1): its day of 4 January holds one district's
    third complaint and no more; the other is a shortfall."""
    p = make_plan(load_bundle(_bundle(tmp_path, city_day_cap=1)), PlanOptions(processes=1))
    assert len(_first(p)) == 5 and not p.guests
    assert len([k for k in p.unplaced if "|triggered|" in k]) == 1


def test_no_guest_with_officers_recused_from_the_firm(tmp_path: Path) -> None:
    """R-RECUSE: every city officer is recused from 140404's three firms: its own team visits two, the third would need
    the city team, which may go to none of them: no guest is booked, one complaint is a shortfall."""
    p = make_plan(load_bundle(_bundle(tmp_path, recuse=True)), PlanOptions(processes=1))
    first = _first(p)
    assert first[:3] == ["D30", "D31", "D32"] and len(first) == 5 and not p.guests
    unmet = [k for k in p.unplaced if "|triggered|" in k]
    assert len(unmet) == 1 and unmet[0].split("|")[-1] not in first
