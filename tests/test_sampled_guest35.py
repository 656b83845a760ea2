"""R-SAMPLE across a city's districts (foreign35 H1; scheduler.guests.sampled_guest, scheduler.plan.place_enterprise):
a drawn enterprise whose own district's days of a city team cannot take its visit is a guest on a day the team holds in
another district, where the team has room. foreign35 b2: ranks 891 and 953 of tier A were left out as "capacity"
while ranks 985 and 1001 were sampled; the city team held 6 of the year's 247 days in their district, all full.

The bureau is tests/test_guests.py's: hb complaints due on 4 January fill both districts' own hb teams that day; the
city team hb-140400 (here three visits a day) holds 4 January in one district and goes on two complaints there (one
its own, one a guest); one of its visits that day is taken out, so it has a seat left in the district that holds the
day and none in the other."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bundle import load_bundle
from scheduler.guests import city_day_owners, sampled_guest
from scheduler.plan import Plan, PlanOptions, make_plan, place_enterprise
from scheduler.requirements import Entry
from tests.test_guests import _bundle

CITY = "hb-140400"


def _with_a_free_seat(p: Plan) -> Plan:
    """The plan with one of the city team's visits of 4 January taken out of the district holding that day (the sampled
    walk fills the day): the team has a seat free there."""
    host, _ = _districts(p)
    st = p.states[host]
    st.remove(next(x for x in st.placed.values() if x.day == 0 and x.teams.get("hb") == CITY and x.entry.key not in st.guests))
    return p


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    return _with_a_free_seat(make_plan(load_bundle(_bundle(tmp_path_factory.mktemp("sg"), city_day_cap=3)), PlanOptions(processes=1)))


def _districts(p: Plan) -> tuple[str, str]:
    """(the district holding the city team's 4 January, the other)."""
    host = next(d for d, s in p.city_split[CITY].items() if "2027-01-04" in s["days"])
    return host, next(d for d in p.city_split[CITY] if d != host)


def _entry(p: Plan, district: str, agency: str = "hb") -> Entry:
    """A sampled on-site visit of `agency` due on 4 January (window day 0) of an hb-sector firm of `district` that the
    plan does not visit at all (no R-GAP, R-JOINT or R-CAP in the way)."""
    st = p.states[district]
    firm = next(x.enterprise_id for x in p.req.entries
                if x.district == district and x.agencies == ("hb",) and not st.by_enterprise[x.enterprise_id])
    return Entry(f"{firm}|sampled|0|onsite|{agency}", firm, district, "sampled", "onsite", (agency,), ("x",), "B", (0, 0), group="g")


def _snapshot(p: Plan) -> Any:
    """What a booking changes: every part's counts, guests and placements, and every staffing of the city team (a week
    read by the rules is a 0 in a defaultdict: only counts that are not 0 are compared)."""
    out = {}
    for d, st in p.states.items():
        f = st.flows[CITY]
        out[d] = (np.array(st.onsite[CITY]), st.year_onsite[CITY], {k: n for k, n in st.planned_week.items() if n}, sorted(st.placed), sorted(st.guests),
                  copy.deepcopy(f.assign), dict(f.year_count), dict(f.budget), sorted(f.seats))
    return out


def _same(a: Any, b: Any) -> bool:
    return all(np.array_equal(a[d][0], b[d][0]) and a[d][1:] == b[d][1:] for d in a)


def _guest(p: Plan, checks: list[int], avoid: dict[tuple[str, str], set[int]] | None = None) -> Any:
    owners = city_day_owners(p.states, p.city_split)
    return lambda e, days: sampled_guest(p.states, p.city_split, owners, e, days, avoid or {}, checks)


def test_own_district_cannot_take_it(plan: Plan) -> None:
    _, other = _districts(plan)
    e = _entry(plan, other)
    before = _snapshot(plan)
    why = place_enterprise(plan.states[other], [e])
    assert why is not None and "R-AVAIL" in why[0]  # its own team full, the city team's day held by the other district
    assert _same(before, _snapshot(plan))


def test_a_guest_on_the_other_districts_day_and_its_undo(plan: Plan) -> None:
    host, other = _districts(plan)
    e = _entry(plan, other)
    before = _snapshot(plan)
    checks = [0, 10]
    undo = _guest(plan, checks)(e, [0])
    assert undo is not None and checks == [1, 10]
    h, own = plan.states[host], plan.states[other]
    assert e.key in own.placed and own.placed[e.key] is h.guests[e.key]  # its district keeps it; the host's day holds it
    assert own.placed[e.key].day == 0 and own.placed[e.key].teams == {"hb": CITY}
    assert len(h.flows[CITY].assign[e.key]) == own.rules.k  # two certified officers of the city team (R-PAIR)
    assert h.onsite[CITY][0] == before[host][0][0] + 1
    undo()
    assert _same(before, _snapshot(plan))


def test_no_guest_where_the_day_is_kept_for_a_trigger_or_the_checks_are_spent(plan: Plan) -> None:
    host, other = _districts(plan)
    e = _entry(plan, other)
    before = _snapshot(plan)
    assert _guest(plan, [0, 10], {(host, "hb"): {0}})(e, [0]) is None  # R-PRIORITY: the host's unmet trigger keeps it
    assert _guest(plan, [3, 3])(e, [0]) is None
    assert _guest(plan, [0, 10])(e, []) is None
    assert _same(before, _snapshot(plan))


def test_place_enterprise_undoes_the_guest_when_another_visit_of_the_firm_fails(plan: Plan) -> None:
    """R-SAMPLE: all of a drawn firm's agency-visits or none. An agency no team may serve (R-TEAM) fails after the
    guest is booked; the guest goes."""
    _, other = _districts(plan)
    e = _entry(plan, other)
    lone = Entry(f"{e.enterprise_id}|sampled|0|onsite|zz", e.enterprise_id, other, "sampled", "onsite", ("zz",), ("x",), "B", (0, 0), group="g")
    before = _snapshot(plan)
    checks = [0, 10]
    why = place_enterprise(plan.states[other], [e, lone], guest=_guest(plan, checks))
    assert why is not None and "R-TEAM" in why[0] and checks == [1, 10]  # the guest was booked, then undone
    assert _same(before, _snapshot(plan))


def test_place_enterprise_takes_the_guest(tmp_path: Path) -> None:
    p = _with_a_free_seat(make_plan(load_bundle(_bundle(tmp_path, city_day_cap=3)), PlanOptions(processes=1)))
    host, other = _districts(p)
    e = _entry(p, other)
    assert place_enterprise(p.states[other], [e], guest=_guest(p, [0, 10])) is None
    assert p.states[other].placed[e.key] is p.states[host].guests[e.key]
