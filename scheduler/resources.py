"""Who can go when: officers' working days (R-AVAIL, R-CERT), teams and where they may
work (R-TEAM), and the split of a bureau into independent parts.

A part is one district. District teams never leave it; a city-level team (code ending
00) may work anywhere in its city, so before the parts are solved each of its working days
is given to one district and each officer's budget split accordingly (scheduler/bound.py).
Each district then owns its officer-days and budgets outright and is solved on its own.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypedDict

import numpy as np
import pandas as pd

from bundle import Bundle
from scheduler.bound import split_budget, split_days, team_capacity


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
    # R-SPREAD: planned on-site visits each week may take, where set (a city team's share: its part of the team-week's,
    # `share_week_caps`); else the part computes it from `onsite_cap` (PartState)
    week_cap: dict[int, int] | None = field(repr=False, default=None)


def week_of(workdays: list[dt.date]) -> np.ndarray:
    """Each working day's week (ISO week, counted on past the plan year's last): R-SPREAD's team-weeks."""
    return np.array([d.isocalendar()[1] + 53 * (d.isocalendar()[0] - workdays[0].year) for d in workdays])


def spread_cap(capacity: int, reserve: float) -> int:
    """R-SPREAD: the planned on-site visits a team-week of this capacity may take, `reserve` of it kept for triggers."""
    return int((1 - reserve) * capacity)


def share_week_caps(shares: dict[str, np.ndarray], week: np.ndarray, reserve: float) -> dict[str, dict[int, int]]:
    """R-SPREAD for a city team whose days are shared among districts (`build_parts`): district → week → planned
    visits its share may take. The reserve is the team-week's, so each week's caps sum to the whole week's
    (`spread_cap` of its capacity in every district), given in proportion to each share's capacity that week by
    largest remainder, what each share was owed and not given in the weeks before counting too (so equal shares take
    the odd visit in turn: review33b, five districts of one day a week each, and ties by district gave the fifth no
    planned visit all year). Computed share by share, the floor took a day cap of 1 to nothing: a share holding one
    day a week could make no planned visit (foreign33 b_triggers: 37 of a district's 39 city-team days refused for
    R-SPREAD, drawn firms of its lottery left out while the team had days and budget)."""
    names = sorted(shares)
    out: dict[str, dict[int, int]] = {d: {} for d in names}
    owed = dict.fromkeys(names, 0.0)  # the quota each share was owed and not given, over the weeks so far
    for w in np.unique(week):
        mask = week == w
        have = {d: int(shares[d][mask].sum()) for d in names}
        total = sum(have.values())
        cap = spread_cap(total, reserve)
        if total == 0:
            for d in names:
                out[d][int(w)] = 0
            continue
        quota = {d: cap * have[d] / total for d in names}
        given = {d: int(quota[d]) for d in names}
        left = cap - sum(given.values())
        room = [d for d in names if given[d] < have[d]]
        for d in sorted(room, key=lambda d: (-(owed[d] + quota[d] - given[d]), d))[:left]:
            given[d] += 1
        for d in names:
            out[d][int(w)] = given[d]
            owed[d] += quota[d] - given[d]
    return out


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



def together_days(shares: list[dict[str, np.ndarray]], officers: Iterable[str], k: int,
                  window: tuple[int, int] | None = None) -> np.ndarray | None:
    """Per working day of `window` (default: the year), whether k of `officers` are present and certified together
    (R-CERT, R-AVAIL), an officer counting on a day where any of `shares` has it (a city team's officers are split over
    its districts' shares of its days: `build_parts`); None where fewer than k officers are given."""
    part = slice(None) if window is None else slice(window[0], window[1] + 1)
    days = [np.any([a[o][part] for a in shares if o in a], axis=0) for o in officers]
    return np.sum(days, axis=0) >= k if len(days) >= k else None


def k_together(shares: list[dict[str, np.ndarray]], officers: Iterable[str], window: tuple[int, int], k: int) -> bool:
    """Whether k of `officers` are present and certified together (R-CERT, R-AVAIL) on a day of `window`
    (`together_days`). The one test behind "a team that could go at all" in the guests' give-way and the shortfalls'
    words (scheduler/guests.py `_able`, scheduler/reasons.py `_pair_day`)."""
    days = together_days(shares, officers, k, window)
    return days is not None and bool(days.any())


def staff(bundle: Bundle, first_day: dt.date | None = None) -> Staff:
    """Who can go when (R-AVAIL, R-CERT), budgets, recusals and last year's visits (R-ROTATE). Before `first_day` no
    officer is available: a plan made during its year places nothing on days gone or too near to notify
    (PlanOptions.first_day)."""
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
        if first_day is not None:
            ok &= days >= np.datetime64(first_day)
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
    """Per-day on-site and remote capacity of a slice, and what its officers can staff in a year (pair-feasible)."""
    avail = np.array([st.available[o] for o in sl.officers]).reshape(len(sl.officers), n_days)
    present = avail.sum(axis=0)
    # a visit needs k different officers: fewer than k present staff nothing (R-PAIR)
    sl.onsite_cap = np.where(present >= k, np.minimum(sl.day_cap, (present * per_officer_day) // k), 0).astype(np.int64)
    sl.remote_cap = np.minimum(sl.day_cap, present * remote_per_day).astype(np.int64)
    sl.annual_onsite = team_capacity(list(avail), [st.budget[o] for o in sl.officers], k, per_officer_day, sl.day_cap)
    return sl


def officers_by_team(st: Staff) -> dict[str, list[str]]:
    """Team → its officers, in officer-id order."""
    out: dict[str, list[str]] = defaultdict(list)
    for oid, tid in sorted(st.team.items()):
        out[tid].append(oid)
    return dict(out)


def team_rows(bundle: Bundle) -> list[tuple[str, str, str]]:
    return list(zip(bundle.teams.team_id, bundle.teams.agency_id, bundle.teams.district_code, strict=True))


def capacities(bundle: Bundle, st: Staff) -> dict[str, int]:
    """Each whole team's pair-feasible on-site capacity for the year (city teams city-wide)."""
    pol = bundle.policy
    by_team = defaultdict(list, officers_by_team(st))
    return {tid: team_capacity([st.available[o] for o in by_team[tid]], [st.budget[o] for o in by_team[tid]],
                               pol.officers_per_agency_on_visit, pol.max_visits_per_officer_per_day, int(cap))
            for tid, cap in zip(bundle.teams.team_id, bundle.teams.max_visits_per_day, strict=True)}


class DistrictShare(TypedDict):
    """A city team's share of one district (plan.json `city_team_days`): its working days there and officers' budgets."""

    days: list[str]
    budgets: dict[str, int]


CitySplit = dict[str, dict[str, DistrictShare]]  # city team → district → its share


def build_parts(bundle: Bundle, st: Staff, flows: dict[tuple[str, str], int], pins: dict[str, dict[int, tuple[str, int]]] | None = None
                ) -> tuple[dict[str, Part], dict[str, Staff], CitySplit]:
    """One part per district with the staff it owns: its district teams whole, and each city-level team's days
    and budget shares given to it (bound.split_days / split_budget, weighted by the transport model's flows; the days
    `pins` gives a district first: bound.pin_days)."""
    pol = bundle.policy
    k = pol.officers_per_agency_on_visit
    n_days = len(bundle.workdays)
    by_team = defaultdict(list, officers_by_team(st))
    districts = sorted(set(bundle.enterprises.district_code))
    parts = {d: Part(d, defaultdict(list)) for d in districts}
    own: dict[str, dict[str, np.ndarray]] = {d: {} for d in districts}
    budgets: dict[str, dict[str, int]] = {d: {} for d in districts}

    def cap(sl: TeamSlice, part_staff: Staff) -> TeamSlice:
        return slice_capacity(sl, part_staff, k, pol.max_visits_per_officer_per_day, pol.max_remote_checks_per_officer_per_day, n_days)

    city_slices: list[tuple[str, str, str, int]] = []
    split: CitySplit = {}  # city team → district → its working days and officers' budget shares
    for tid, agency, code, day_cap in zip(bundle.teams.team_id, bundle.teams.agency_id, bundle.teams.district_code,
                                          bundle.teams.max_visits_per_day, strict=True):
        officers = by_team[tid]
        if not officers:
            continue
        if not code.endswith("00"):
            if code in parts:
                for o in officers:
                    own[code][o] = st.available[o]
                    budgets[code][o] = st.budget[o]
                city_slices.append((code, tid, agency, int(day_cap)))
            continue
        in_city = [d for d in districts if d[:4] == code[:4]]
        if not in_city:
            continue
        weights = {d: float(flows.get((tid, d), 0)) for d in in_city}
        if sum(weights.values()) <= 0:
            weights = dict.fromkeys(in_city, 1.0)  # nothing owed anywhere: share the days evenly
        pinned_to = {day: d for day, (d, _) in (pins or {}).get(tid, {}).items()}
        masks = split_days(n_days, {d: w for d, w in weights.items() if w > 0}, pinned_to)
        split[tid] = {d: {"days": [bundle.workdays[i].isoformat() for i in np.flatnonzero(mask)], "budgets": {}} for d, mask in masks.items()}
        # a pinned day's visits need k officer-visits each of the officers present that day: that much of their budgets
        # goes to the pinned district first, spread over them (review23: a floor of each officer's day cap per pinned day
        # gave a city team 30 officer-visits in a district for 12 it could field, which lower classes then spent)
        floors: dict[str, dict[str, int]] = defaultdict(dict)
        with_budget = [o for o in officers if st.budget[o] > 0]
        for day, (d, n) in sorted((pins or {}).get(tid, {}).items()):
            here = [o for o in with_budget if st.available[o][day]]
            if not here:
                continue
            need = k * min(n, int(day_cap))
            each, extra = divmod(need, len(here))
            for i, o in enumerate(here):
                give = min(pol.max_visits_per_officer_per_day, each + (1 if i < extra else 0))
                if give:
                    floors[o][d] = floors[o].get(d, 0) + give
        for o in officers:
            present = {d: int((st.available[o] & masks[d]).sum()) for d in masks}
            share = split_budget(st.budget[o], present, floors.get(o))
            for d, mask in masks.items():
                own[d][o] = st.available[o] & mask
                budgets[d][o] = share[d]
                split[tid][d]["budgets"][o] = share[d]
        for d in masks:
            if masks[d].any():
                city_slices.append((d, tid, agency, int(day_cap)))
    staffs = {d: Staff(own[d], budgets[d], {o: st.team[o] for o in own[d]}, {o: st.recused[o] for o in own[d] if o in st.recused},
                       {o: st.last_year[o] for o in own[d] if o in st.last_year}) for d in districts}
    shares: dict[str, dict[str, TeamSlice]] = defaultdict(dict)  # city team → district → its slice
    for d, tid, agency, day_cap in city_slices:
        sl = cap(TeamSlice(tid, agency, list(by_team[tid]), day_cap), staffs[d])
        parts[d].slices[agency].append(sl)
        if tid in split:
            shares[tid][d] = sl
    week = week_of(bundle.workdays)
    for by_district in shares.values():
        caps = share_week_caps({d: sl.onsite_cap for d, sl in by_district.items()}, week, pol.reserve_capacity_ratio)
        for d, sl in by_district.items():
            sl.week_cap = caps[d]
    return parts, staffs, split
