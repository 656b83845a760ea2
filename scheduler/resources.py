"""Who can go when: officers' working days (R-AVAIL, R-CERT), teams and where they may
work (R-TEAM), and the split of a bureau into independent parts.

A part is one district. District teams never leave it; a city-level team (code ending
00) may work anywhere in its city, so before the parts are solved its certified
officers are seconded, in whole pairs, to the districts that need them most. Each
district then owns a disjoint set of officers and is solved on its own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from bundle import Bundle


@dataclass
class TeamSlice:
    """A team, or the share of a city-level team seconded to one district."""

    team_id: str
    agency: str
    officers: list[str]
    day_cap: int  # max_visits_per_day (its share, for a city team)
    onsite_cap: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0, dtype=np.int64))  # per workday
    remote_cap: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0, dtype=np.int64))
    annual_onsite: int = 0  # on-site visits the slice can staff in the year


@dataclass
class Part:
    district: str
    slices: dict[str, list[TeamSlice]]  # agency → slices that may work here


@dataclass
class Staff:
    """Officer-level facts the placement needs, indexed by officer id."""

    available: dict[str, np.ndarray]  # bool per workday: present and, for enforcement, certified (R-CERT)
    budget: dict[str, int]  # on-site visits in the year (annual_visit_budget or the policy default)
    team: dict[str, str]
    recused: dict[str, set[str]]  # officer → enterprises
    last_year: dict[str, set[str]]  # officer → enterprises inspected last year (R-ROTATE)


def staff(bundle: Bundle) -> Staff:
    days = np.array(bundle.workdays, dtype="datetime64[D]")
    off = bundle.officers[bundle.officers.role == "enforcement"]
    away: dict[str, np.ndarray] = {}
    for oid, a, b in zip(bundle.unavailability.officer_id, bundle.unavailability.start_on, bundle.unavailability.end_on, strict=True):
        m = (days >= np.datetime64(a.date())) & (days <= np.datetime64(b.date()))
        away[oid] = away.get(oid, np.zeros(len(days), dtype=bool)) | m
    available, budget = {}, {}
    default = bundle.policy.max_visits_per_officer_per_year
    for oid, exp, bud in zip(off.officer_id, off.certificate_expires_on, off.annual_visit_budget, strict=True):
        ok = days <= np.datetime64(exp.date())
        if oid in away:
            ok &= ~away[oid]
        available[oid] = ok
        budget[oid] = default if pd.isna(bud) else int(bud)
    recused: dict[str, set[str]] = defaultdict(set)
    for oid, eid in zip(bundle.recusals.officer_id, bundle.recusals.enterprise_id, strict=True):
        recused[oid].add(eid)
    last: dict[str, set[str]] = defaultdict(set)
    ins = bundle.inspections[bundle.inspections.inspected_on.dt.year == bundle.year - 1]
    for eid, ids in zip(ins.enterprise_id, ins.officer_ids, strict=True):
        for oid in ids:
            last[oid].add(eid)
    return Staff(available, budget, dict(zip(off.officer_id, off.team_id, strict=True)), dict(recused), dict(last))


def slice_capacity(sl: TeamSlice, st: Staff, k: int, per_officer_day: int, remote_per_day: int, n_days: int) -> TeamSlice:
    """Per-day on-site and remote capacity of a slice, and what its officers can staff in a year."""
    avail = np.array([st.available[o] for o in sl.officers]).reshape(len(sl.officers), n_days)
    present = avail.sum(axis=0)
    # a visit needs k different officers: fewer than k present staff nothing (R-PAIR)
    sl.onsite_cap = np.where(present >= k, np.minimum(sl.day_cap, (present * per_officer_day) // k), 0).astype(np.int64)
    sl.remote_cap = np.minimum(sl.day_cap, present * remote_per_day).astype(np.int64)
    usable = sum(min(st.budget[o], per_officer_day * int(avail[i].sum())) for i, o in enumerate(sl.officers))
    sl.annual_onsite = int(min(usable // k, int(sl.onsite_cap.sum())))
    return sl


def demand(bundle: Bundle, applicable: dict[str, dict[str, tuple[str, ...]]], tiers: pd.Series) -> dict[tuple[str, str], float]:
    """Expected on-site agency-visits per (district, agency): what the city officers are seconded by."""
    pol = bundle.policy
    out: dict[tuple[str, str], float] = defaultdict(float)
    for eid, d in zip(bundle.enterprises.enterprise_id, bundle.enterprises.district_code, strict=True):
        t = tiers.get(eid, "A")
        spec = pol.tiers[t]
        for a in applicable.get(eid, {}):
            out[(d, a)] += spec.sample_ratio * spec.visits
    return out


def build_parts(bundle: Bundle, st: Staff, applicable: dict[str, dict[str, tuple[str, ...]]], tiers: pd.Series) -> dict[str, Part]:
    pol = bundle.policy
    k = pol.officers_per_agency_on_visit
    n_days = len(bundle.workdays)
    teams = bundle.teams
    by_team: dict[str, list[str]] = defaultdict(list)
    for oid, tid in sorted(st.team.items()):
        by_team[tid].append(oid)
    districts = sorted(set(bundle.enterprises.district_code))
    parts = {d: Part(d, defaultdict(list)) for d in districts}

    def cap(sl: TeamSlice) -> TeamSlice:
        return slice_capacity(sl, st, k, pol.max_visits_per_officer_per_day, pol.max_remote_checks_per_officer_per_day, n_days)

    for tid, agency, code, day_cap in zip(teams.team_id, teams.agency_id, teams.district_code, teams.max_visits_per_day, strict=True):
        if not code.endswith("00") and code in parts and by_team[tid]:
            parts[code].slices[agency].append(cap(TeamSlice(tid, agency, list(by_team[tid]), int(day_cap))))
    need = demand(bundle, applicable, tiers)
    for tid, agency, code, day_cap in zip(teams.team_id, teams.agency_id, teams.district_code, teams.max_visits_per_day, strict=True):
        if not code.endswith("00"):
            continue
        in_city = [d for d in districts if d[:4] == code[:4]]
        officers = list(by_team[tid])
        if not in_city or len(officers) < k:
            continue
        share = _second(officers, in_city, agency, need, parts, k, st.budget)
        total = sum(len(v) for v in share.values())
        for d, group in share.items():
            if group:
                day = max(1, int(day_cap) * len(group) // total)
                parts[d].slices[agency].append(cap(TeamSlice(tid, agency, group, day)))
    return parts


def _second(officers: list[str], districts: list[str], agency: str, need: dict[tuple[str, str], float],
            parts: dict[str, Part], k: int, budget: dict[str, int]) -> dict[str, list[str]]:
    """Second the city team's officers, k at a time, to the district whose unmet need is largest."""
    have = {d: sum(s.annual_onsite for s in parts[d].slices.get(agency, [])) for d in districts}
    gap = {d: need.get((d, agency), 0.0) - have[d] for d in districts}
    share: dict[str, list[str]] = {d: [] for d in districts}
    for g in range(len(officers) // k):
        group = officers[g * k : (g + 1) * k]
        d = max(districts, key=lambda x: (gap[x], -districts.index(x)))
        share[d] += group
        gap[d] -= sum(budget[o] for o in group) / k
    share[max(districts, key=lambda x: gap[x])] += officers[(len(officers) // k) * k :]
    return share
