"""Mutants that survived round 33's run (docs/benchmarks.md): a certificate ending on a one-day window's day, a city
team's presence over its districts' shares (scheduler/reasons.py `officer_cause`), and the units a placed firm did
not use going back (scheduler/guests.py `return_unused`)."""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from bundle import load_bundle
from scheduler.plan import Plan, PlanOptions, make_plan
from scheduler.reasons import officer_cause
from scheduler.requirements import Entry

OTHER_DISTRICTS = "belonged to other districts"


@pytest.fixture()
def plan(tiny_dir: Path) -> Plan:
    """A fresh plan each test: the tests change its officers in place."""
    return make_plan(load_bundle(tiny_dir / "bundle"), PlanOptions(processes=1, use_solver=False))


def _city_visit(plan: Plan) -> tuple[Entry, str]:
    """A placed on-site agency-visit of several days' window whose agency has a city team of k officers or more there."""
    k = plan.bundle.policy.officers_per_agency_on_visit
    for p in plan.placed:
        e = p.entry
        if e.mode != "onsite" or e.window[1] <= e.window[0] + 5:
            continue
        for s in plan.states[e.district].part.slices[e.agencies[0]]:
            if s.team_id in plan.city_split and len(s.officers) >= k:
                return e, s.team_id
    raise AssertionError("no such visit in the tiny bureau")


def test_a_certificate_valid_on_a_one_day_windows_day_is_no_certificate_cause(plan: Plan) -> None:
    """R-CERT: a certificate counts on the day it ends. A one-day window on that day: no certificate cause (`<` for
    `<=` said R-CERT; `hi <= lo` for `hi < lo` said nothing at all)."""
    e, _ = _city_visit(plan)
    day = e.window[0]
    one = dataclasses.replace(e, window=(day, day))
    officers = [o for s in plan.states[e.district].part.slices[e.agencies[0]] for o in s.officers]
    f = plan.bundle.officers
    f.loc[f.officer_id.isin(officers), "certificate_expires_on"] = pd.Timestamp(plan.bundle.workdays[day])
    cause = officer_cause(plan, one)
    assert cause is not None and cause[2] != "R-CERT", cause
    f.loc[f.officer_id.isin(officers), "certificate_expires_on"] = pd.Timestamp(plan.bundle.workdays[day] - dt.timedelta(days=1))
    assert officer_cause(plan, one)[2] == "R-CERT"  # type: ignore[index]


def test_a_city_team_present_in_another_districts_share_is_not_on_leave(plan: Plan) -> None:
    """Every officer of the agency's teams away in this district's share of the window; the city team's officers
    present on its days in other districts' shares. Not leave: the days went to other districts. Read from this
    share alone, it said leave."""
    e, city = _city_visit(plan)
    lo, hi = e.window
    here = plan.states[e.district]
    for s in here.part.slices[e.agencies[0]]:
        for o in s.officers:
            here.staff.available[o] = here.staff.available[o].copy()
            here.staff.available[o][lo:hi + 1] = False
    k = plan.bundle.policy.officers_per_agency_on_visit
    elsewhere = [st.staff.available for d, st in plan.states.items() if d != e.district and city in st.slices]
    assert elsewhere and any(sum(int(a[o][day]) for o in here.slices[city].officers if o in a) >= k
                             for a in elsewhere for day in range(lo, hi + 1))
    assert officer_cause(plan, e)[1].endswith(OTHER_DISTRICTS)  # type: ignore[index]
    # and away in every share: leave
    for st in plan.states.values():
        for o in here.slices[city].officers:
            if o in st.staff.available:
                st.staff.available[o] = st.staff.available[o].copy()
                st.staff.available[o][lo:hi + 1] = False
    assert officer_cause(plan, e)[1].endswith("present together (leave)")  # type: ignore[index]


def test_units_a_placed_firm_did_not_use_go_back() -> None:
    """return_unused: a placed firm keeps the units its staffing uses; one it does not use goes back to its district;
    an unplaced one gives back all."""
    from tiny_part import RULES, part

    from scheduler.guests import return_unused
    from scheduler.state import PartState

    c = "hb-140400"
    pa, sa, days = part(3, {c: ("hb", 2, 2)}, budget=1)
    pb, sb, _ = part(3, {c: ("hb", 2, 2)}, budget=1)
    pb = dataclasses.replace(pb, district="140404")
    host, donor = PartState(pa, sa, RULES, days), PartState(pb, sb, RULES, days)
    states = {"140403": host, "140404": donor}
    used, spare = f"{c}-0", f"{c}-1"
    for o in (used, spare):  # one unit each moved in from 140404
        host.flows[c].budget[o] += 1
        donor.flows[c].budget[o] -= 1
    host.flows[c].year_count[used] = host.flows[c].budget[used]  # its staffing uses every unit of `used`
    return_unused(states, "140403", [(c, "140404", used), (c, "140404", spare)], placed=True)
    assert (host.flows[c].budget[used], donor.flows[c].budget[used]) == (2, 0)
    assert (host.flows[c].budget[spare], donor.flows[c].budget[spare]) == (1, 1)
    host.flows[c].budget[spare] += 1
    donor.flows[c].budget[spare] -= 1
    host.flows[c].year_count[used] = 0
    return_unused(states, "140403", [(c, "140404", used), (c, "140404", spare)], placed=False)
    assert host.flows[c].budget == {used: 1, spare: 1} and donor.flows[c].budget == {used: 1, spare: 1}
