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


# -- the parts of it, on hand-made tiny parts (tests/tiny_part.py) ---------------------------------------------------------
CITY = "hb-140400"


def _two_districts(city_cap: int = 2, recused: dict[str, set[str]] | None = None, own_away: bool = True):  # type: ignore[no-untyped-def]
    """Districts 140403 (holds the city team's day 0) and 140404 (holds day 1); each has a team of two officers of its
    own; 140404's are away on day 0 (`own_away`). Returns the two parts' states and the split."""
    import dataclasses

    from tiny_part import RULES, part

    from scheduler.state import PartState

    pa, sa, days = part(2, {"hb-140403": ("hb", 2, 2), CITY: ("hb", 4, city_cap)}, away={f"{CITY}-{i}": [1] for i in range(4)},
                        recused=recused)
    pb, sb, _ = part(2, {"hb-140404": ("hb", 2, 2), CITY: ("hb", 4, city_cap)},
                     away={**{f"{CITY}-{i}": [0] for i in range(4)}, **({"hb-140404-0": [0], "hb-140404-1": [0]} if own_away else {})},
                     recused=recused)
    pb = dataclasses.replace(pb, district="140404")
    states = {"140403": PartState(pa, sa, RULES, days), "140404": PartState(pb, sb, RULES, days)}
    split = {CITY: {"140403": {"days": [days[0].isoformat()], "budgets": {}}, "140404": {"days": [days[1].isoformat()], "budgets": {}}}}
    return states, split


def _trigger(key: str, district: str = "140404", enterprise: str | None = None, basis: str = "triggered"):  # type: ignore[no-untyped-def]
    import dataclasses

    from tiny_part import entry

    return dataclasses.replace(entry(key, (0, 0), basis=basis, enterprise=enterprise), district=district)


def test_place_guests_books_the_visit_on_the_host_s_day_and_staffing() -> None:
    """140404's complaint due on day 0 (its own team away) goes to the city team on day 0, held by 140403: the seat is
    in the host's flow and day count, the visit in its own district's plan; unplaced no longer lists it."""
    from scheduler.guests import place_guests

    states, split = _two_districts()
    t = _trigger("t")
    unplaced = {"t": "R-AVAIL"}
    assert place_guests(states, {"140404": [t]}, unplaced, split) == {"t": "140403"}  # type: ignore[arg-type]
    host, own = states["140403"], states["140404"]
    assert "t" in host.flows[CITY].seats and host.onsite[CITY][0] == 1 and host.guests["t"].entry is t
    assert own.placed["t"].teams == {"hb": CITY} and own.placed["t"].day == 0 and not unplaced
    assert own.onsite[CITY][0] == 0  # the team-day is the host's


def test_place_guests_leaves_what_it_cannot_place() -> None:
    """The host's city-team day is full (one visit a day, taken): nothing booked, nothing changed. Officers recused from
    the firm: nothing booked. A sampled visit is never a guest (R-PRIORITY: the walk places it, in draw order). A visit
    of the district holding the day is its own part's to place."""
    from tiny_part import entry

    from scheduler.guests import place_guests

    states, split = _two_districts(city_cap=1)
    host = states["140403"]
    assert host.place(entry("own", (0, 0), basis="triggered"), 0, CITY) is None
    host.move_team = lambda p, tid: False  # type: ignore[method-assign]  # the host's own team cannot take it
    unplaced = {"t": "R-AVAIL"}
    assert place_guests(states, {"140404": [_trigger("t")]}, unplaced, split) == {} and unplaced == {"t": "R-AVAIL"}  # type: ignore[arg-type]
    assert host.onsite[CITY][0] == 1 and "t" not in host.flows[CITY].seats
    states, split = _two_districts(recused={f"{CITY}-{i}": {"F"} for i in range(3)})
    assert place_guests(states, {"140404": [_trigger("t", enterprise="F")]}, {"t": "R-AVAIL"}, split) == {}  # type: ignore[arg-type]
    states, split = _two_districts()
    assert place_guests(states, {"140404": [_trigger("s", basis="sampled")]}, {"s": "R-AVAIL"}, split) == {}  # type: ignore[arg-type]
    assert place_guests(states, {"140403": [_trigger("a", district="140403")]}, {"a": "R-AVAIL"}, split) == {}  # type: ignore[arg-type]


def test_place_guests_frees_a_seat_by_moving_the_host_s_own_visit_to_its_own_team() -> None:
    """The host put its own complaint on the city team (one visit a day) though its own team was free: that visit moves to
    the host's own team on the same day, and the guest takes the city team's seat."""
    from tiny_part import entry

    from scheduler.guests import place_guests

    states, split = _two_districts(city_cap=1)
    host = states["140403"]
    mine = entry("own", (0, 0), basis="triggered")
    assert host.place(mine, 0, CITY) is None
    assert place_guests(states, {"140404": [_trigger("t")]}, {"t": "R-AVAIL"}, split) == {"t": "140403"}  # type: ignore[arg-type]
    assert host.placed["own"].teams == {"hb": "hb-140403"} and host.placed["own"].day == 0
    assert host.onsite["hb-140403"][0] == 1 and host.onsite[CITY][0] == 1
    assert "own" not in host.flows[CITY].seats and "own" in host.flows["hb-140403"].seats


def test_move_team_keeps_everything_when_the_other_team_cannot_take_it() -> None:
    """PartState.move_team: the other team's day is full (max_visits_per_day 2, two booked): nothing moves."""
    from tiny_part import entry

    states, _ = _two_districts()
    host = states["140403"]
    for k in ("x", "y"):
        assert host.place(entry(k, (0, 0), basis="triggered"), 0, "hb-140403") is None
    p = host.placed
    assert host.place(entry("own", (0, 0), basis="triggered"), 0, CITY) is None
    assert not host.move_team(p["own"], "hb-140403")
    assert p["own"].teams == {"hb": CITY} and host.onsite[CITY][0] == 1 and host.onsite["hb-140403"][0] == 2
    assert not host.move_team(p["own"], CITY)  # its own team already
