"""A city team's free seats on a day held by one district go to another district's unmet required visit (guests,
scheduler/guests.py; R-PRIORITY, R-TRIGGER, R-TEAM, R-OFFICER-DRAW).

Held-out bureaus (bench/foreign_plans.py, concrete_squeeze s2) had complaints due on the year's first working day in
three districts; the city team's day went to one district, made one visit there, and two complaints elsewhere went
unvisited though the checker's bound (a city team works in every district, every day) said they fitted."""

from __future__ import annotations

import csv
import dataclasses
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

    assert json.loads((out / "plan.json").read_text(encoding="utf-8"))["solver"]["guests"] == {"trigger_follow_up": 1, "mandatory": 0, "sampled": 0}


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
    the firm: nothing booked. A sampled visit is never a guest (R-PRIORITY: the walk places it, in draw order). A
    mandatory visit of the district holding the day is its own part's to place."""
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
    # a mandatory visit of the district holding the day that its part left unmet (its model lacked the day, or its share of
    # the budgets was spent: foreign31 b06) is placed there as its own visit, not as a guest
    unplaced = {"a": "R-AVAIL"}
    assert place_guests(states, {"140403": [_trigger("a", district="140403", basis="mandatory")]}, unplaced, split) == {"a": "140403"}  # type: ignore[arg-type]
    assert "a" in states["140403"].placed and "a" not in states["140403"].guests and not unplaced


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


def test_a_districts_own_trigger_borrows_budget_before_any_mandatory_guest() -> None:
    """R-PRIORITY (review24): the host's share of the city officers' budgets is spent, 140404's share is not. The host's
    own complaint T (class 0) takes its own day 0 with budget moved from 140404's share; only then does 140404's
    mandatory visit M (class 1) come, and it finds the seat T left."""
    from scheduler.guests import place_guests

    states, split = _two_districts()
    host = states["140403"]
    for o in host.flows[CITY].officers:
        host.flows[CITY].budget[o] = 0
    t = _trigger("T", district="140403", enterprise="FT")
    assert host.place(t, 0, CITY) == "R-PAIR"  # what the part met: no budget in the host's share
    m = _trigger("M", district="140404", enterprise="FM", basis="mandatory")
    unplaced = {"T": "R-PAIR", "M": "R-AVAIL"}
    got = place_guests(states, {"140403": [t], "140404": [m]}, unplaced, split)  # type: ignore[arg-type]
    assert got == {"T": "140403", "M": "140403"} and not unplaced
    assert "T" in host.placed and "T" not in host.guests and host.guests["M"].entry is m  # T is the host's own visit


def test_a_mandatory_visit_is_no_guest_while_a_trigger_of_its_agency_holds() -> None:
    """R-PRIORITY: a complaint of 140403 that nothing places (every city officer recused from its firm) holds back
    140404's mandatory guest of the same agency when `holds` says it could have been met; when `holds` says it could not
    (impossible), the mandatory visit is a guest."""
    from scheduler.guests import place_guests

    for holds, expect in ((lambda e: True, {}), (lambda e: False, {"M": "140403"})):
        states, split = _two_districts(recused={f"{CITY}-{i}": {"FT"} for i in range(4)})
        t = _trigger("T", district="140403", enterprise="FT")
        m = _trigger("M", district="140404", enterprise="FM", basis="mandatory")
        got = place_guests(states, {"140403": [t], "140404": [m]}, {"T": "R-AVAIL", "M": "R-AVAIL"}, split, holds)  # type: ignore[arg-type]
        assert got == expect


def test_budget_a_guest_does_not_use_goes_back() -> None:
    """review24: the host's share is spent and 140404's share is one unit per officer. Booking the guest moves a unit
    for each officer able to go, and gives back those its staffing does not use: 140404 keeps two, and its own visit
    on its day 1 is still staffed."""
    import dataclasses

    from tiny_part import entry

    from scheduler.guests import place_guests

    states, split = _two_districts()
    host, donor = states["140403"], states["140404"]
    for o in host.flows[CITY].officers:
        host.flows[CITY].budget[o] = 0
        donor.flows[CITY].budget[o] = 1
    assert place_guests(states, {"140404": [_trigger("t")]}, {"t": "R-AVAIL"}, split) == {"t": "140403"}  # type: ignore[arg-type]
    hf, df = host.flows[CITY], donor.flows[CITY]
    assert all(hf.budget[o] == hf.year_count[o] for o in hf.officers)  # the host keeps only what it uses
    assert sum(hf.budget.values()) + sum(df.budget.values()) == 4 and sum(df.budget.values()) == 2
    assert donor.place(dataclasses.replace(entry("s", (1, 1), basis="sampled"), district="140404"), 1, CITY) is None


def _priority_bundle(tmp_path: Path) -> Path:
    """review24's bundle: two hb-only firms moved to a new district 140405; 140403's own hb officers away all year, so
    its hb work is the city team's, whose officers have 30 visits a year each; 90 hb complaints in 140403 over the year;
    140404's hb officers recused from one tier-D firm. Guests had let mandatory visits of 140403 take the city
    officers' budgets on 140405's days while 18 of 140403's complaints went unvisited."""
    import datetime as dt

    dst = tmp_path / "bundle"
    shutil.copytree(EXAMPLE, dst)
    rows = list(csv.DictReader((EXAMPLE / "enterprises.csv").open(encoding="utf-8")))
    for r in rows:
        if r["enterprise_id"] in ("91140404EHGLKQLT38", "91140404PJ8GE4HQ9W"):
            r["district_code"] = "140405"
    with (dst / "enterprises.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    offs = list(csv.DictReader((EXAMPLE / "officers.csv").open(encoding="utf-8")))
    for r in offs:
        if r["team_id"] == CITY:
            r["annual_visit_budget"] = "30"
    with (dst / "officers.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(offs[0]))
        w.writeheader()
        w.writerows(offs)
    with (dst / "unavailability.csv").open("a", encoding="utf-8") as f:
        f.writelines(f"{o},2027-01-01,2027-12-31,leave\n" for o in ("hb-140403-03", "hb-140403-04"))
    with (dst / "recusals.csv").open("a", encoding="utf-8") as f:
        f.writelines(f"{o},91140404BR504HEEXA,test\n" for o in ("hb-140404-00", "hb-140404-01", "hb-140404-03"))
    firms = [r["enterprise_id"] for r in rows if r["district_code"] == "140403" and r["sector"] in HB]
    lines = ["trigger_id,enterprise_id,agency_id,received_on,kind,urgent"]
    lines += [f"TA{i:02d},{firms[i % len(firms)]},hb,{dt.date(2027, 1, 20) + dt.timedelta(days=i * 320 // 90)},complaint,false" for i in range(90)]
    lines.append("TC00,91140404EHGLKQLT38,hb,2027-01-05,complaint,false")
    (dst / "triggers.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dst


def test_guests_keep_r_priority_where_complaints_outrun_the_city_officers_budgets(tmp_path: Path) -> None:
    """The independent checker finds no R-PRIORITY violation (there were 18); no mandatory visit is a guest while
    complaints of its agency are unmet, and some complaints take budget moved from another district's share."""
    bdir = _priority_bundle(tmp_path)
    p = make_plan(load_bundle(bdir), PlanOptions(processes=1))
    write_plan(p, tmp_path / "p")
    assert check_plan(load_bundle(bdir), tmp_path / "p") == []
    assert [k for k in p.unplaced if "|triggered|" in k]  # the budgets do bind
    assert not [k for k in p.guests if "|mandatory|" in k]
    district = {e.key: e.district for e in p.req.entries if e.key in p.guests}
    assert [k for k, host in p.guests.items() if "|triggered|" in k and host == district[k]]  # on its own day, budget moved
    assert redraw_officers(bdir, tmp_path / "p") > 20


def test_a_shortfall_counts_a_guests_officer_visits_in_its_hosts_share(guest_plan: tuple[Path, Path, Plan]) -> None:
    """R-EXPLAIN (review24): the officer-visits a shortfall text says were used in a district are the seats its teams'
    staffing holds there (the guest's seat in its host's share, where its budget went), not its own district's."""
    import re

    from scheduler.reasons import resource_text

    _, _, p = guest_plan
    assert len(p.guests) == 1
    for d in ("140403", "140404"):
        st = p.states[d]
        held = sum(n for t in ("hb-" + d, "hb-140400") for n in st.flows[t].year_count.values())
        _, en, _ = resource_text(p, d, "hb", 0)
        assert int(re.search(r"\((\d+) officer-visits used", en).group(1)) == held, (d, en)  # type: ignore[union-attr]


# -- a mandatory visit gives way to another district's complaint (give_way; foreign31 F2) ------------------------------------
def _spent(states, budgets: dict[str, int]):  # type: ignore[no-untyped-def]
    """Each district's share of every city officer's budget set to `budgets[district]`; 140404's own team has none."""
    for d, n in budgets.items():
        for o in states[d].flows[CITY].officers:
            states[d].flows[CITY].budget[o] = n
    for o in states["140404"].flows["hb-140404"].officers:
        states["140404"].flows["hb-140404"].budget[o] = 0


def test_a_mandatory_visit_on_the_city_teams_day_gives_way_to_a_complaint_due_that_day() -> None:
    """R-PRIORITY (foreign31 b01): 140403's mandatory visit M holds the city team on day 0 and uses the city officers' only
    budget; 140404's complaint T is due on day 0 and nothing else can go. M gives way: T takes the city team's day as a
    guest of 140403, and the guests know T's host. M is then placed again where the complaint left room: 140403's own
    team that day (`_place_again`); `gave` still says it gave way."""
    from scheduler.guests import give_way

    states, split = _two_districts(city_cap=1)
    _spent(states, {"140403": 1, "140404": 0})
    host = states["140403"]
    m = _trigger("M", district="140403", enterprise="FM", basis="mandatory")
    assert host.place(m, 0, CITY) is None
    host.flows[CITY].budget = {o: host.flows[CITY].year_count[o] for o in host.flows[CITY].officers}  # M's officers: nothing left
    t = _trigger("T", enterprise="FT")
    unplaced, guests = {"T": "R-AVAIL"}, {}
    gave = give_way(states, {"140403": [m], "140404": [t]}, unplaced, split, guests)  # type: ignore[arg-type]
    assert gave == {"M": "T"} and not unplaced and guests == {"T": "140403"}
    assert host.placed["M"].teams == {"hb": "hb-140403"} and host.guests["T"].day == 0 and states["140404"].placed["T"].teams == {"hb": CITY}


def test_no_mandatory_visit_gives_way_where_the_complaint_still_cannot_be_met() -> None:
    """Every city officer is recused from T's firm (R-RECUSE): nothing is removed for it, M stays as it was, T stays unmet."""
    from scheduler.guests import give_way

    for recused in ({f"{CITY}-{i}": {"FT"} for i in range(4)},):
        states, split = _two_districts(city_cap=1, recused=recused)
        _spent(states, {"140403": 1, "140404": 0})
        host = states["140403"]
        m = _trigger("M", district="140403", enterprise="FM", basis="mandatory")
        assert host.place(m, 0, CITY) is None
        before = (dict(host.flows[CITY].assign), host.onsite[CITY].copy())
        unplaced, guests = {"T": "R-AVAIL"}, {}
        assert give_way(states, {"140403": [m], "140404": [_trigger("T", enterprise="FT")]}, unplaced, split, guests) == {}  # type: ignore[arg-type]
        assert unplaced == {"T": "R-AVAIL"} and not guests and host.placed["M"].day == 0
        assert host.flows[CITY].assign == before[0] and (host.onsite[CITY] == before[1]).all()


def test_a_mandatory_visit_on_another_day_gives_its_budget_to_a_complaint() -> None:
    """The budget case: M is on day 0 (140403's city day), T is due on day 1 (140404's own city day). M's officers can go
    on day 1 but their budget is spent by M: M gives way, T takes day 1 with the budget moved from 140403's share. 140403's
    own team has no budget either, so M is unmet, for R-PRIORITY."""
    from scheduler.guests import give_way

    states, split = _two_districts()
    _spent(states, {"140403": 1, "140404": 0})
    host = states["140403"]
    m = _trigger("M", district="140403", enterprise="FM", basis="mandatory")
    assert host.place(m, 0, CITY) is None
    for o in host.flows[CITY].officers:
        host.flows[CITY].budget[o] = host.flows[CITY].year_count[o]
    for o in host.flows["hb-140403"].officers:
        host.flows["hb-140403"].budget[o] = 0
    t = dataclasses.replace(_trigger("T", enterprise="FT"), window=(1, 1))
    unplaced, guests = {"T": "R-AVAIL"}, {}
    assert give_way(states, {"140403": [m], "140404": [t]}, unplaced, split, guests) == {"M": "T"}  # type: ignore[arg-type]
    assert unplaced == {"M": "R-PRIORITY"} and "M" not in host.placed
    assert states["140404"].placed["T"].day == 1 and states["140404"].placed["T"].teams == {"hb": CITY}


def test_a_team_that_cannot_go_in_the_window_gives_nothing() -> None:
    """foreign31 b01: the city officers are away on every day of T's window (a lapsed certificate): M, which uses their
    budget, is not even tried (GIVE_WAY_TRIES: a province's futile tries would crowd out the useful ones), and stays
    where it was."""
    from scheduler.guests import give_way

    states, split = _two_districts()
    _spent(states, {"140403": 1, "140404": 0})
    for st in states.values():
        for o in st.flows[CITY].officers:
            st.flows[CITY].available[o] = st.flows[CITY].available[o].copy()
            st.flows[CITY].available[o][1] = False
    host = states["140403"]
    m = _trigger("M", district="140403", enterprise="FM", basis="mandatory")
    assert host.place(m, 0, CITY) is None
    t = dataclasses.replace(_trigger("T", enterprise="FT"), window=(1, 1))
    unplaced: dict[str, str] = {"T": "R-AVAIL"}
    tried: list[str] = []
    remove = host.remove
    host.remove = lambda p: (tried.append(p.entry.key), remove(p))[1]  # type: ignore[method-assign]
    assert give_way(states, {"140403": [m], "140404": [t]}, unplaced, split, {}) == {}  # type: ignore[arg-type]
    assert "M" in host.placed and unplaced == {"T": "R-AVAIL"} and tried == []


def test_a_complaint_its_part_called_impossible_takes_the_city_teams_day_elsewhere() -> None:
    """review31: 140404's own team is away on day 0 and the city team's day 0 is 140403's, so 140404's part, which sees
    only its share, calls the complaint R-CERT. The city team could go: M gives way (make_plan passes no `holds`).
    Where nothing there can give way (the day's visit is a sampled one, no class give_way takes), the complaint is
    relabelled R-AVAIL and `elsewhere` names the city team (its shortfall must not say no officer could go)."""
    from tiny_part import RULES, workdays

    from scheduler.guests import give_way
    from scheduler.solve import PartJob, solve_part

    t = _trigger("T", enterprise="FT")
    for basis, expect in (("mandatory", {"M": "T"}), ("sampled", {})):
        states, split = _two_districts(city_cap=1)
        host = states["140403"]
        for o in host.flows["hb-140403"].officers:
            host.flows["hb-140403"].budget[o] = 0  # 140403's own team cannot take M over
        m = _trigger("M", district="140403", enterprise="FM", basis=basis)
        assert host.place(m, 0, CITY) is None
        own = states["140404"]
        unplaced = dict(solve_part(PartJob(own.part, own.staff, RULES, workdays(2), [t], 1.0, 60, "s", True)).unplaced)
        assert unplaced == {"T": "R-CERT"}
        elsewhere: dict[str, list[str]] = {}
        assert give_way(states, {"140403": [m], "140404": [t]}, unplaced, split, {}, elsewhere) == expect  # type: ignore[arg-type]
        if basis == "mandatory":
            assert own.placed["T"].teams == {"hb": CITY} and not elsewhere
        else:
            assert unplaced == {"T": "R-AVAIL"} and elsewhere == {"T": [CITY]} and "M" in host.placed


def test_nothing_gives_way_for_a_complaint_that_fits_beside_it() -> None:
    """review31: the city team's day 0 has a free seat (two a day, M holds one). The complaint fits without M giving way
    (here the guests' pass had run out of its max-flows): M stays, and give_way records nothing."""
    from scheduler.guests import give_way

    states, split = _two_districts(city_cap=2)
    host = states["140403"]
    m = _trigger("M", district="140403", enterprise="FM", basis="mandatory")
    assert host.place(m, 0, CITY) is None
    unplaced, guests = {"T": "R-AVAIL"}, {}
    assert give_way(states, {"140403": [m], "140404": [_trigger("T", enterprise="FT")]}, unplaced, split, guests) == {}  # type: ignore[arg-type]
    assert not unplaced and guests == {"T": "140403"} and host.placed["M"].day == 0 and host.onsite[CITY][0] == 2


def test_what_gave_way_is_placed_again_unless_a_complaint_that_could_use_it_is_unmet() -> None:
    """_place_again (R-PRIORITY): M gives way to T on the city team's only seat of day 0 and could go to 140403's own team
    that day. A second complaint T2 of the same agency in the city stays unmet: when some team could go to T2 in its
    window (it could have used what M takes), M stays unmet; when none could (every officer of both teams that could
    go recused from T2's firm), T2 holds nothing and M is placed again."""
    from scheduler.guests import give_way

    for recused, placed_again in ((None, False), ({**{f"{CITY}-{i}": {"F2"} for i in range(4)}, "hb-140404-0": {"F2"}, "hb-140404-1": {"F2"}}, True)):
        states, split = _two_districts(city_cap=1, recused=recused, own_away=False)
        host = states["140403"]
        m = _trigger("M", district="140403", enterprise="FM", basis="mandatory")
        assert host.place(m, 0, CITY) is None
        for o in states["140404"].flows["hb-140404"].officers:  # 140404's own team has no budget: T must take M's place
            states["140404"].flows["hb-140404"].budget[o] = 0
        for o in host.flows[CITY].officers:
            host.flows[CITY].budget[o] = host.flows[CITY].year_count[o]
            states["140404"].flows[CITY].budget[o] = 0
        t, t2 = _trigger("T", enterprise="FT"), _trigger("T2", enterprise="F2")
        unplaced = {"T": "R-AVAIL", "T2": "R-AVAIL"}
        assert give_way(states, {"140403": [m], "140404": [t, t2]}, unplaced, split, {}) == {"M": "T"}  # type: ignore[arg-type]
        assert ("M" in host.placed) is placed_again and ("M" in unplaced) is not placed_again and "T2" in unplaced
        if placed_again:
            assert host.placed["M"].teams == {"hb": "hb-140403"}
