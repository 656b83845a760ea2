"""From a bundle to an annual plan: score, require, bound, split city teams, solve parts (required visits),
walk the lotteries in draw order (sampled), draw officers, explain.

R-PRIORITY as structure: class 0 (triggers, follow-ups) then class 1 (mandatory agency-visits) are the
lexicographic stages of each part's model (solve.py); class 2 (sampled enterprises) is filled after both, in
each tier's draw order, each enterprise placed only on what the classes before left free; rank r+1 is tried only
after rank r was placed or found unplaceable (no day and team whose officers can still staff it).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime as dt
import heapq
import time
from collections import defaultdict
from collections.abc import Callable, Container
from dataclasses import dataclass, field, replace
from functools import cache, partial
from typing import NamedTuple

import numpy as np

from bundle import Bundle
from risk import Scores, score_bundle
from scheduler.bound import Bound, DayBound, DayDemand, eligible_teams, pair_days, pin_days, transport, trigger_days
from scheduler.firm import most_arranged
from scheduler.guests import (
    SAMPLED_GUEST_FLOWS,
    _unbook,
    borrow_for_sampled,
    city_day_owners,
    city_served,
    give_way,
    hosted_guests,
    place_guests,
    restore_placed,
    return_unused,
    sampled_guest,
    team_agencies,
)
from scheduler.requirements import PLANNED, SHORT_WINDOW, TIER_LEVEL, Entry, Requirements, build_requirements
from scheduler.resources import CitySplit, Staff, build_parts, capacities, officers_by_team, staff, team_rows, together_days
from scheduler.select import Selection
from scheduler.solve import PartFigures, PartJob, PartResult, priority, repair, restore, solve_parts
from scheduler.staffing import DrawRecord, TeamFlow, officer_key
from scheduler.state import PartState, Placed, Rules


@dataclass
class PlanOptions:
    time_limit: float = 3.0  # CP-SAT deterministic seconds per part (all stages)
    processes: int = 2
    candidates: int = 4  # candidate working days per agency-visit in the model (+ the greedy's day)
    use_solver: bool = True  # False: the greedy planner alone (the baseline)
    random_state: int = 0
    mp_start: str = "fork"  # "spawn" inside a threaded server
    engine: str | None = None  # where parts are solved: None (local processes), "dask" (LocalCluster), "tcp://host:8786" (scheduler/engine.py)
    release_history: bool = False  # drop the bundle's HISTORY frames once scored and required (the CLI: the bundle is its own)
    # no visit before this day: the service's plan made during its own year (walk42 F2: a plan made on 4 January put
    # visits on 3 January, overdue when published, no notice possible); None: the whole year (the CLI, the benches)
    first_day: dt.date | None = None


HISTORY = ("inspections", "credit_records", "credit_grades")  # read by scoring and requirements only: ≈ 100 MB at a province


@dataclass(slots=True)  # one per row of visits.csv: no __dict__ each
class Visit:
    """One row of visits.csv: the agency-visits of one group on one day (R-JOINT)."""

    visit_id: str
    day: int
    parts: list[Placed]

    @property
    def entry(self) -> Entry:
        """The row as one entry: every agency, every item (for explanations)."""
        es = [p.entry for p in self.parts]
        agencies = tuple(sorted({a for e in es for a in e.agencies}))
        return replace(es[0], agencies=agencies, items=tuple(i for e in es for i in e.items))

    @property
    def teams(self) -> dict[str, str]:
        return {a: t for p in self.parts for a, t in p.teams.items()}

    @property
    def officers(self) -> dict[str, list[str]]:
        return {a: os for p in self.parts for a, os in p.officers.items()}


class Drawn(NamedTuple):
    """R-OFFICER-DRAW's record of one agency-visit (officer_draw.json `visits.*.*`): a tuple, not a dict per
    agency-visit (≈ 400,000 at a province); `as_json()` is the file's record."""

    team: str
    considered: list[str]
    skipped: list[str]
    taken: list[str]

    def as_json(self) -> dict[str, object]:
        return {"team": self.team, "considered": self.considered, "skipped": self.skipped, "taken": self.taken}


@dataclass
class Plan:
    bundle: Bundle
    scores: Scores
    req: Requirements
    sel: Selection
    placed: list[Placed]  # every agency-visit, officers named
    unplaced: dict[str, str]  # agency-visit key → binding rule
    status: dict[str, str]  # enterprise → final basis
    parts: list[PartFigures]
    wall_seconds: float
    options: PlanOptions
    topped_up: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    visits: list[Visit] = field(default_factory=list)
    bound: Bound | None = None
    draws: dict[str, dict[str, Drawn]] = field(default_factory=dict)  # visit_id → agency → draw record
    states: dict[str, PartState] = field(default_factory=dict)
    city_split: CitySplit = field(default_factory=dict)
    opened: list[str] = field(default_factory=list)  # planned agency-visits whose window became the year (open_windows)
    guests: dict[str, str] = field(default_factory=dict)  # agency-visit → the district whose city-team day it took (guests.py)
    gave_way: dict[str, str] = field(default_factory=dict)  # mandatory agency-visit → the trigger/follow-up it gave way to (guests.py)
    elsewhere: dict[str, list[str]] = field(default_factory=dict)  # unmet trigger → city teams whose days in its window other districts hold
    year_failed: set[str] = field(default_factory=set)  # mandatory agency-visits unmet in their part and on every day of the year (mandatory_in_year)
    # unmet required agency-visits no plan could make (`unreachable`: the most any plan fits, those placed): they hold nothing back
    out_of_reach: dict[str, tuple[int, int]] = field(default_factory=dict)
    # unmet mandatory agency-visits no day could take beside their enterprise's visits as placed (`held_by_firm`: the
    # rule that refused the days): they hold nothing back either
    firm_held: dict[str, str] = field(default_factory=dict)


def rules_of(bundle: Bundle) -> Rules:
    p = bundle.policy
    return Rules(p.officers_per_agency_on_visit, p.max_visits_per_officer_per_day, p.max_remote_checks_per_officer_per_day,
                 p.min_days_between_visits, p.min_days_between_repeat_visits, p.reserve_capacity_ratio,
                 p.max_entries_per_enterprise, p.max_visits_per_agency_per_enterprise)


def demand_of(req: Requirements) -> tuple[dict[tuple[str, str, int], int], int, int]:
    """On-site agency-visits per (district, agency, class) that a plan could place: every sampled pool member's
    (any of them may take a place once those before are skipped). Also what sampling owes (the first `places` in
    draw order) and the most any `places` enterprises of each tier could ask (a cap on the sampled bound)."""
    out: dict[tuple[str, str, int], int] = defaultdict(int)
    per_ent: dict[str, int] = defaultdict(int)
    for e in req.entries:
        if e.mode != "onsite":
            continue
        out[(e.district, e.agencies[0], e.klass)] += 1
        if e.basis == "sampled":
            per_ent[e.enterprise_id] += 1
    owed = sum(per_ent[eid] for tier, pool in req.pools.items() for eid in pool[: req.places[tier]])
    most = sum(sum(sorted((per_ent[eid] for eid in pool), reverse=True)[: req.places[tier]]) for tier, pool in req.pools.items())
    return dict(out), owed, most


def day_bound(bundle: Bundle, req: Requirements, st: Staff, capacity: dict[str, int]) -> DayBound:
    """The day-aware bound on triggers and follow-ups (scheduler/bound.py `trigger_days`) for this bundle."""
    officers = officers_by_team(st)
    # a follow-up's window is the rest of the year for the bound, from its first day (after its deadline): its first
    # months are a preference (`reopen_follow_ups`)
    last = len(bundle.workdays) - 1
    demand = [DayDemand(e.key, e.enterprise_id, e.district, e.agencies[0], (e.window[0], last) if e.basis == "follow_up" else e.window)
              for e in req.entries if e.klass == 0 and e.mode == "onsite"]
    day_cap = {t: int(c) for t, c in zip(bundle.teams.team_id, bundle.teams.max_visits_per_day, strict=True)}
    p = bundle.policy
    return trigger_days(demand, team_rows(bundle), officers, st.available, st.budget, st.recused, day_cap, capacity,
                        p.officers_per_agency_on_visit, p.max_visits_per_officer_per_day)


def team_pair_days(bundle: Bundle, st: Staff) -> dict[str, np.ndarray]:
    """Each team's on-site visits per working day from who is present and certified (scheduler/bound.py `pair_days`)."""
    p = bundle.policy
    officers = officers_by_team(st)
    n = len(bundle.workdays)
    return {t: pair_days([st.available[o] for o in officers.get(t, []) if st.budget.get(o, 0) > 0], int(cap),
                         p.officers_per_agency_on_visit, p.max_visits_per_officer_per_day, n)
            for t, cap in zip(bundle.teams.team_id, bundle.teams.max_visits_per_day, strict=True)}


def city_pins(bundle: Bundle, req: Requirements, team_days: dict[str, np.ndarray], st: Staff) -> dict[str, dict[int, tuple[str, int]]]:
    """The city teams' days the first class of R-PRIORITY needs in one district (scheduler/bound.py `pin_days`), and
    those of mandatory visits no team of their district can make in their window; a team with fewer than k officers
    (with a budget) who are not recused from an enterprise takes none of its visits."""
    required = [(e.district, e.agencies[0], e.window[0], e.window[1], e.enterprise_id) for e in req.entries
                if e.klass == 0 and e.mode == "onsite"]
    k = bundle.policy.officers_per_agency_on_visit
    size: dict[str, int] = defaultdict(int)
    recused: dict[tuple[str, str], int] = defaultdict(int)
    for o, t in st.team.items():
        if st.budget.get(o, 0) > 0:
            size[t] += 1
            for firm in st.recused.get(o, ()):
                recused[(t, firm)] += 1
    rows = team_rows(bundle)
    own: dict[tuple[str, str], list[np.ndarray]] = defaultdict(list)
    for t, a, code in rows:
        if t in team_days:
            own[(code, a)].append(team_days[t])
    stranded = [(e.district, e.agencies[0], e.window[0], e.window[1], e.enterprise_id) for e in req.entries
                if e.basis == "mandatory" and e.mode == "onsite"
                and not any(d[e.window[0]:e.window[1] + 1].any() for d in own.get((e.district, e.agencies[0]), ()))]
    return pin_days(required, rows, team_days, lambda t, firm: size[t] - recused.get((t, firm), 0) < k, stranded)


def open_windows(bundle: Bundle, req: Requirements, team_days: dict[str, np.ndarray]) -> list[str]:
    """A planned visit's window is a part of the year (requirements: of two visits, the first in the earlier part, the
    second in the later), not a rule. Where no eligible team (R-TEAM) has k officers present and certified (R-CERT:
    certificates that expire mid-year; R-AVAIL: long absences) on any day of one visit's part, the parts of all the
    agency's visits to that enterprise are re-cut from the span of days its teams can go (first to last), and R-GAP
    alone keeps them apart. Held-out bureaus lost tier-D firms' second visits to this (bench/diag23). Returns the keys
    of the agency-visits whose window changed."""
    teams = team_rows(bundle)
    eligible: dict[tuple[str, str], list[str]] = {}  # (district, agency) → its teams: one scan of the teams each (review23)
    groups: dict[tuple[str, str, str], list[Entry]] = defaultdict(list)
    for e in req.entries:
        if e.basis in PLANNED and e.mode == "onsite":
            groups[(e.enterprise_id, e.basis, e.agencies[0])].append(e)
    opened = []
    for (_, _, agency), entries in groups.items():
        key = (entries[0].district, agency)
        if key not in eligible:
            eligible[key] = eligible_teams(teams, *key)
        able = [team_days[t] for t in eligible[key] if t in team_days]
        if not able or all(any(d[e.window[0]:e.window[1] + 1].any() for d in able) for e in entries):
            continue
        days = np.flatnonzero(np.any([d > 0 for d in able], axis=0))
        if not len(days):
            continue  # no day at all: R-CERT before solving, as before
        first, n, v = int(days[0]), int(days[-1]) - int(days[0]) + 1, len(entries)
        for e in sorted(entries, key=lambda e: e.index):
            k = e.index
            window = (first, first + n - 1) if v == 1 else (first + k * n // (v + 1), first + (k + 2) * n // (v + 1) - 1)
            if window[1] < window[0]:  # a span too short to cut (review23: one day, two visits gave (d, d − 1)): all of it
                window = (first, first + n - 1)
            if window != e.window:
                e.window = window
                opened.append(e.key)
    return opened


def reopen_follow_ups(states: dict[str, PartState], required: dict[str, list[Entry]], unplaced: dict[str, str], n_days: int) -> list[str]:
    """R-FOLLOW gives a follow-up no window: its first `follow_up_within_workdays` working days are the scheduler's
    preference (a re-check early in the year), never a reason to drop it. A follow-up the solve left unmet there (its
    team away those months, its days full) has the whole year: its window becomes the year, it is tried on its own
    part's free seats (`place_anywhere`), and what still fails goes on to the guests and `give_way` with the year as its
    window, so that no later mandatory or sampled visit takes what it could use (R-PRIORITY; foreign37b p7: the only hb
    team away January–May, 16 follow-ups dropped while the team made 100 planned visits from June). Returns the keys
    whose window opened."""
    out: list[str] = []
    for d in sorted(required):
        st = states.get(d)
        for e in required[d]:
            # the rest of the year from its window's first day: the day after the finding's deadline, where known
            year = (e.window[0], n_days - 1)
            if st is None or e.basis != "follow_up" or e.key not in unplaced or e.window == year:
                continue
            e.window = year
            out.append(e.key)
            # a district with no team of its own opens too: a city team may serve it, as a guest (`city_served`,
            # review39c #2: kept to its months, it stayed "impossible" while the city team could go later in the year)
            if st.teams_for(e) and st.place_anywhere(e, list(range(year[0], n_days))) is None:
                del unplaced[e.key]
    return out


def mandatory_in_year(states: dict[str, PartState], required: dict[str, list[Entry]], unplaced: dict[str, str], n_days: int,
                      holds: Callable[[Entry], bool], split: CitySplit, failed: set[str] | None = None) -> list[str]:
    """R-PRIORITY: a mandatory agency-visit's part of the year (`open_windows`: of two visits, the first in the earlier
    part, the second in the later) is the scheduler's preference, never a reason to drop it. One still unmet once every
    required visit has been tried in its own part (the solve, `join_rows`, the guests, `give_way`) is tried on any
    working day of the year on its own part's free seats (`place_anywhere`, then `repair`), in R-PRIORITY's order;
    nothing placed moves, so no visit of its class loses a seat to it. The urgent city world (round 39): a tier-D gas
    firm whose district's two gas officers can go together only until August had its first visit on 18 June; its
    second, held to the later part, found no day 90 days on (R-GAP) and was a shortfall "on no allowed day could 2 of
    its 2 go together", though any day before 20 March would do. Tried in the part solve instead (before the guests),
    it took city-team seats other districts' visits had in their own parts: city-unequal lost 6 mandatory visits.

    No stage after this one places a trigger or follow-up, so what a class-0 visit still unmet could use is kept from
    it, as the guests keep it (`place_guests`' `holds`; review40 #1): one that `holds` in the same district keeps the
    agency's teams there, one in another district of the city keeps the city teams. A trigger held by its days alone
    (`day_held`: each day of its window full, or its firm's own visit there) holds nothing here: it could use no seat
    this step takes. Returns the keys placed; their window, in the parent's entry, is the year. `failed` gets the keys
    tried on every day of the year with every eligible team and still unmet: their shortfall says so (R-EXPLAIN)."""
    out: list[str] = []
    year = (0, n_days - 1)
    unmet0 = [x for es in required.values() for x in es if x.key in unplaced and x.klass == 0 and x.mode == "onsite"]
    by_district = {(x.district, x.agencies[0]) for x in unmet0 if holds(x)}
    by_city = {(d[:4], a) for d, a in by_district}
    for d in sorted(required):
        st = states.get(d)
        if st is None:
            continue
        # a visit whose part was the year already had the year in the solve; with the reserve just opened to it
        # (`open_reserve`) every one still unmet tries again
        for e in sorted((e for e in required[d] if e.basis == "mandatory" and e.key in unplaced and (e.window != year or st.reserve_yields)),
                        key=priority):
            a = e.agencies[0]
            if (d, a) in by_district:
                continue
            off = {t: set(range(n_days)) for t in st.teams_for(e) if t in split} if (d[:4], a) in by_city else {}
            part_of_year, e.window = e.window, year
            if st.place_anywhere(e, list(range(n_days)), team_off=off) is None or (not off and repair(st, e)):
                out.append(e.key)
                del unplaced[e.key]
            else:
                e.window = part_of_year  # unmet still: its words keep the days it was held to
                if failed is not None and not off and st.teams_for(e) and part_of_year != year:  # its words had the year already (review45 #5)
                    failed.add(e.key)  # …and add that the rest of the year would not do either (no team: nothing was tried)
    return out


def open_reserve(states: dict[str, PartState]) -> None:
    """R-PRIORITY over R-SPREAD (foreign45 F1): the weekly reserve for triggers is SOFT ("an objective the solver
    weighs"); a mandatory visit is a requirement. The solve and the guests keep the reserve; from here on a mandatory
    visit still unmet may use it (`mandatory_in_year`, `regroup_firms`), and a drawn firm only where nothing else would
    take it (`_into_reserve`). foreign45 b9:
    one team of two officers at one visit a day, 300 tier-D firms — the reserve kept one day in five free while 52
    mandatory visits were listed as "no day would do" (197 of a bound of 249 placed; 249 with the reserve at 0)."""
    for st in states.values():
        st.reserve_yields = True


def regroup_firms(states: dict[str, PartState], required: dict[str, list[Entry]], unplaced: dict[str, str],
                  holds: Callable[[Entry], bool], split: CitySplit, far: Container[str] = frozenset()) -> list[str]:
    """R-PRIORITY: "joint visits are preferred, never a reason to drop a required visit". A tier-D firm whose agencies
    were placed one by one on days of their own may have used its entries (R-CAP-ENTRY) or gaps (R-GAP) so that an
    agency's visit has no day left (foreign44 F3, w3: hb on 9 March and 24 June, um alone on 10 May between them, and
    um's second visit dropped while um's teams were idle on both of hb's days). Such a firm's on-site mandatory visits
    (not those no team could make: the part's R-RECUSE, R-CERT, R-TEAM, or `far`, out of reach) are taken out and
    placed again: first with each visit's agencies on one day (`_place_together`), else one by one, the agency with the
    fewest days a team could go first (a day its other agencies took comes first: `day_order`); kept only if every one
    is placed, else put back exactly. R-PRIORITY as in `mandatory_in_year` (review44 #3): not a firm an unmet trigger
    or follow-up of one of its agencies in the district `holds`; no city team's day where one holds in the city; not
    the days a trigger held by its days alone keeps (`held_days`). Not a firm with a guest visit. Returns the keys
    placed."""
    out: list[str] = []
    hosted = {k for st in states.values() for k in st.guests}
    unmet0 = [x for es in required.values() for x in es if x.key in unplaced and x.klass == 0 and x.mode == "onsite"]
    by_district = {(x.district, x.agencies[0]) for x in unmet0 if holds(x)}
    by_city = {(d[:4], a) for d, a in by_district}
    avoid = held_days(required, unplaced, states)
    for d in sorted(required):
        st = states.get(d)
        if st is None:
            continue
        by_firm: dict[str, list[Entry]] = defaultdict(list)
        for e in required[d]:
            if e.basis == "mandatory" and e.mode == "onsite" and not (e.key in unplaced and (unplaced[e.key].startswith(IMPOSSIBLE) or e.key in far)):
                by_firm[e.enterprise_id].append(e)
        for _, mine in sorted(by_firm.items()):
            lost = [e for e in mine if e.key in unplaced]
            # only where the firm's own visits leave a lost one no day a crew of its agency is there (review44 #1: not
            # every day of the year — hb's free spring days are no use to um): a want of officers is not undone here
            if not lost or any((d, e.agencies[0]) in by_district or e.key in hosted for e in mine) \
                    or not any(_firm_refuses(st, e) for e in lost):
                continue
            off = {t: set(range(st.n_days)) for e in mine for t in st.teams_for(e) if t in split and (d[:4], e.agencies[0]) in by_city}
            before = [st.placed[e.key] for e in mine if e.key in st.placed]
            for p in before:
                st.remove(p)
            if _place_together(st, mine, avoid, True, partial(_same, off)) or _place_constrained_first(st, mine, avoid, off) \
                    or _place_searched(st, mine, avoid, off, {p.entry.key for p in before}):
                for e in lost:
                    if e.key in st.placed:  # the search may leave out one no arrangement of its days could staff
                        del unplaced[e.key]
                        out.append(e.key)
                continue
            restore_placed(st, before)
    return out


def _firm_refuses(state: PartState, e: Entry) -> bool:
    """Whether the firm's visits as placed refuse `e` (`enterprise_rule`) on every day of its window on which a crew of
    its agency is present (`_crews`), and there is such a day."""
    masks = [m for m in _crews(state, e, budget=False).values() if m is not None]
    if not masks:
        return False
    there = np.logical_or.reduce(masks)
    crew = [d for d in range(e.window[0], e.window[1] + 1) if there[d]]
    return bool(crew) and all(state.enterprise_rule(e, d) for d in crew)


def _crews(state: PartState, e: Entry, budget: bool) -> dict[str, np.ndarray | None]:
    """Team of `e`'s agency → per working day, whether k of its officers not recused from the firm (with budget left,
    where `budget`) are present and certified together (None: fewer than k such officers). One array a team, not a
    count a day: the regroup asks it of every day of the year for each firm it looks at (province: 83 s of loops)."""
    k = state.rules.k
    out: dict[str, np.ndarray | None] = {}
    for t in state.teams_for(e):
        f = state.flows[t]
        crew = [o for o in f.officers if e.enterprise_id not in f.recused.get(o, ()) and (not budget or f.year_count[o] < f.budget[o])]
        out[t] = together_days([f.available], crew, k)
    return out


def _same(off: dict[str, set[int]], e: Entry) -> dict[str, set[int]]:
    """A `team_off` that keeps the same teams' days from every agency-visit."""
    return off


def _place_constrained_first(state: PartState, entries: list[Entry], avoid: dict[tuple[str, str], set[int]], off: dict[str, set[int]]) -> bool:
    """`regroup_firms`' second way: each agency-visit on its best day, the agencies with the fewest days a team of
    theirs has room first (review44 #1: hb able all spring, um only from day 100 — um's visits first leave hb room
    to join them); all or nothing (True: placed)."""
    room = {a: sum(int(state.slices[t].onsite_cap.sum()) for t in state.teams_for(e)) for e in entries for a in e.agencies}
    done: list[Placed] = []
    for e in sorted(entries, key=lambda e: (room[e.agencies[0]], e.agencies[0], e.index)):
        days = [x for x in range(e.window[0], e.window[1] + 1) if x not in avoid.get((e.district, e.agencies[0]), set())]
        if state.place_anywhere(e, days, True, off) is not None:
            for p in reversed(done):
                state.remove(p)
            return False
        done.append(state.placed[e.key])
    return True


SEARCH_TRIES = 4  # arrangements `_place_searched` tries when a day it chose cannot be staffed after all


def _place_searched(state: PartState, entries: list[Entry], avoid: dict[tuple[str, str], set[int]], off: dict[str, set[int]],
                    had: Container[str] = frozenset()) -> bool:
    """`regroup_firms`' third way (review44 #1): the firm's own limits searched exactly (`scheduler.firm.most_arranged`)
    over the days a team of each agency has room and a crew present, not recused, now (`_room_days`); then each visit
    booked on its day. Every visit the firm `had` placed is placed again, and at least one more; one another agency's
    want of officers or budget keeps out (foreign45 b6: re's second visit lost to its first on 9 March, um's second to
    um's spent budgets) stays out rather than keeping re's from its day. A day whose staffing fails after all is struck
    and the search run again, a visit refused twice is left out, up to SEARCH_TRIES times (True: placed). The visits'
    windows are the year here, as `mandatory_in_year` gives an unmet one: a visit index's part of the year spreads
    visits, it is no rule (R-GAP is), and the claim that nothing fits (`held_by_firm`) is judged over the year."""
    windows = {e.key: e.window for e in entries}
    for e in entries:
        e.window = (0, state.n_days - 1)
    if _search_and_book(state, entries, avoid, off, had):
        return True
    for e in entries:
        e.window = windows[e.key]
    return False


def _search_and_book(state: PartState, entries: list[Entry], avoid: dict[tuple[str, str], set[int]], off: dict[str, set[int]],
                     had: Container[str]) -> bool:
    firm = entries[0].enterprise_id
    kept = [p for p in state.by_enterprise.get(firm, []) if p.entry.basis in PLANNED and p.entry.mode == "onsite"]
    taken = {p.day for p in kept}
    agency_left = {a: state.rules.max_agency - sum(a in p.entry.agencies for p in kept) for e in entries for a in e.agencies}
    days = {e.key: _room_days(state, e, avoid, off, taken) for e in entries}
    must = {e.key for e in entries if e.key in had}
    refused: set[str] = set()
    for _ in range(SEARCH_TRIES):
        got = most_arranged(entries, days, state.ordinal, state.rules, state.rules.max_entries - len(taken), agency_left, must)
        if len(got) <= len(must):
            return False
        done: list[Placed] = []
        # what the firm had first: a visit more that cannot be staffed then fails itself, not one the firm had
        for e in sorted((e for e in entries if e.key in got), key=lambda e: (e.key not in must, got[e.key], e.key)):
            if state.place_anywhere(e, [got[e.key]], True, off) is not None:
                # a day the staffing refused is struck; a visit refused twice is left out (its team's budget, not a day)
                days[e.key] = [] if e.key in refused and e.key not in must else [d for d in days[e.key] if d != got[e.key]]
                refused.add(e.key)
                for p in reversed(done):
                    state.remove(p)
                break
            done.append(state.placed[e.key])
        else:
            return True
    return False


def _room_days(state: PartState, e: Entry, avoid: dict[tuple[str, str], set[int]], off: dict[str, set[int]], taken: set[int]) -> list[int]:
    """The days of `e`'s window (less `avoid`'s, and the firm's other entries' `taken`) that its visits still there
    allow (`enterprise_rule`) and on which a team of its agency not kept `off` has room (`team_rule`) and k officers
    present, certified, not recused from the firm and with budget left."""
    crews = {t: m for t, m in _crews(state, e, budget=True).items() if m is not None and state.flows[t].spare() >= state.rules.k}
    kept = avoid.get((e.district, e.agencies[0]), ())
    out = []
    for d in range(e.window[0], e.window[1] + 1):
        if d in taken or d in kept or not any(m[d] for m in crews.values()) or state.enterprise_rule(e, d) is not None:
            continue
        if any(m[d] and d not in off.get(t, ()) and state.team_rule(e, d, t) is None for t, m in crews.items()):
            out.append(d)
    return out


def make_plan(bundle: Bundle, options: PlanOptions | None = None, scores: Scores | None = None, progress: Callable[[PartResult], None] | None = None) -> Plan:
    opt = options or PlanOptions()
    t0 = time.perf_counter()
    timings: dict[str, float] = {}
    clock = [t0]

    def lap(name: str) -> None:
        now = time.perf_counter()
        timings[name] = round(now - clock[0], 3)
        clock[0] = now

    if scores is None:
        scores = score_bundle(bundle, random_state=opt.random_state)
        # the scoring frame has served the reasons already written into the scores; a plan never reads it (and
        # a caller who wants it scores the bundle itself): 40–80 MB less at a province
        scores.features = None
    give_back_memory()
    lap("score")
    req = build_requirements(bundle, scores.frame)
    st = staff(bundle, opt.first_day)
    team_days = team_pair_days(bundle, st)
    opened = open_windows(bundle, req, team_days)
    demand, owed_sampled, most_sampled = demand_of(req)
    caps = capacities(bundle, st)
    days = day_bound(bundle, req, st, caps)
    owed_first = sum(n for (_, _, c), n in demand.items() if c == 0)
    # a trigger or follow-up with no day any plan could use takes no capacity in the transport either: otherwise the
    # mandatory bound, given class 0 at its maximum, counted capacity for visits no plan can make (city mixed: 7)
    by_key = {e.key: e for e in req.entries}
    for key in days["no_day"]:
        demand[(by_key[key].district, by_key[key].agencies[0], 0)] -= 1
    bound = transport(demand, team_rows(bundle), caps)
    bound.owed["trigger_follow_up"] = owed_first
    bound.owed["sampled"] = owed_sampled
    bound.bound["sampled"] = min(bound.bound["sampled"], most_sampled)
    bound.trigger_days = days
    parts, staffs, split = build_parts(bundle, st, bound.flows, city_pins(bundle, req, team_days, st))
    if opt.release_history:  # nothing from here on reads them; reading one after this fails loudly (AttributeError)
        for name in HISTORY:
            bundle.frames.pop(name, None)
    give_back_memory()  # the bounds' transient tables and the history: 180 MB resident through the solve otherwise
    lap("bound")
    rules = rules_of(bundle)
    required: dict[str, list[Entry]] = defaultdict(list)
    by_ent: dict[str, list[Entry]] = defaultdict(list)
    for e in req.entries:
        (by_ent[e.enterprise_id] if e.basis == "sampled" else required[e.district]).append(e)
    sel = Selection(dict(required), {}, {}, {}, dict(by_ent), list(req.shortfalls))
    jobs = [PartJob(parts[d], staffs[d], rules, bundle.workdays, required.get(d, []), opt.time_limit, opt.candidates,
                    bundle.policy.seed, opt.use_solver) for d in sorted(parts)]
    results = solve_parts(jobs, opt.processes, progress, opt.mp_start, opt.engine)
    lap("solve")
    by_district = {r.district: r for r in results}
    states = {j.part.district: restore(j, by_district[j.part.district]) for j in jobs}
    unplaced = {k: v for r in results for k, v in r.unplaced.items()}
    drop_seat_graphs(states)
    give_back_memory()
    lap("restore")
    opened += reopen_follow_ups(states, required, unplaced, len(bundle.workdays))
    elsewhere: dict[str, list[str]] = {}
    city_served(states, required, unplaced, split, elsewhere)  # after: a follow-up's window is then the year
    # an unmet trigger or follow-up a plan could meet holds back mandatory guests of its agency (R-PRIORITY), as it
    # holds back the sampled walk (`held_back`)
    pol = bundle.policy
    rows = team_rows(bundle)  # read once: the reach, the firm-held and the held teams all ask it
    out_of_reach = partial(unreachable, required, unplaced, rows, st, bundle.workdays, pol.officers_per_agency_on_visit,
                           pol.min_days_between_repeat_visits)
    far = out_of_reach()
    holds = lambda e, far=far: not unplaced[e.key].startswith(IMPOSSIBLE) and e.key not in far and not day_held(e, states)  # noqa: E731
    guests = place_guests(states, required, unplaced, split, holds)
    # what the guests could not place takes a mandatory visit's place (R-PRIORITY across districts); every unmet one
    # tries, those its part called impossible too: a part sees only its share of a city team's days (review31), and
    # give_way asks whether a team could go in the window at all
    gave_way = give_way(states, required, unplaced, split, guests, elsewhere)
    lap("guests")
    year_failed: set[str] = set()
    open_reserve(states)
    opened += [k for k in mandatory_in_year(states, required, unplaced, len(bundle.workdays), holds, split, year_failed) if k not in opened]
    year_failed -= set(regroup_firms(states, required, unplaced, holds, split, out_of_reach()))
    lap("in_year")
    far = out_of_reach()  # as placed now: the guests and the year's other days placed some
    # and what the enterprise's own visits, as placed, leave no day for (its entries, gaps, caps)
    # (one out of reach already says more: no plan, not this plan's visits, could make it)
    firm = {key: rule for key, rule in held_by_firm(required, unplaced, rows, st, states, pol.officers_per_agency_on_visit).items()
            if key not in far}
    unheld = set(far) | set(firm)
    status, topped = walk_sampled(req, sel, states, held_back(required, unplaced, states, unheld),
                                  held_days(required, unplaced, states, unheld), split,
                                  held_teams(required, unplaced, states, unheld, rows, st, pol.officers_per_agency_on_visit))
    # the sampled walk's guests (`sampled_guest`) are the plan's guests too: the shortfalls' words count a guest on its
    # host's team-day, not its own district's (scheduler/reasons.py; review35: counted twice), and plan.json counts them
    guests.update({key: d for key, d in hosted_guests(states).items() if key not in guests})
    drop_seat_graphs(states)
    give_back_memory()
    lap("sampled")
    visits = make_visits(states)
    draws = draw_officers(states, visits, bundle.policy.seed, st.budget, split)
    drop_seat_graphs(states)
    give_back_memory()
    lap("draw")
    for s in states.values():
        for p in s.placed.values():
            sel.teams[p.entry.key] = p.teams  # the placement's own dict (read only): no copy per agency-visit
    status = settle_status(req, states, status)
    placed = sorted((p for s in states.values() for p in s.placed.values()), key=lambda p: (p.day, p.entry.enterprise_id, p.entry.key))
    return Plan(bundle, scores, req, sel, placed, unplaced, status, [r.figures for r in sorted(results, key=lambda r: r.district)],
                round(time.perf_counter() - t0, 3), opt, topped, timings, visits, bound, draws, states, split, opened, guests, gave_way, elsewhere,
                year_failed, far, firm)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, looked up once (`find_library` runs `ldconfig`); None where the C library has none."""
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None


def give_back_memory() -> None:
    """Return the heap pages freed by a phase to the operating system (glibc's `malloc_trim`). glibc keeps freed
    memory for reuse, so a phase's transient peak (the risk model's design matrices, a team's seat graphs) stays in the
    resident size of every later phase: at a province, 780 MB resident after scoring of which 243 MB were free pages
    (issue 12: the main process ≤ 1 GB). A no-op where the C library has no `malloc_trim` (musl, macOS)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def drop_seat_graphs(states: dict[str, PartState]) -> None:
    """Forget each team's cached seat graph (staffing.TeamFlow builds it again when next asked, as it does whenever its
    seats change): a province's 440 teams' graphs held 60–70 MB of arrays after the step that built them."""
    for s in states.values():
        for flow in s.flows.values():
            flow.forget_graph()


class Refusal(NamedTuple):
    """Why a drawn enterprise was not placed (抽中未能安排的原因): the words in English and in Chinese, and the rule id
    that decides what may still be tried (a guest seat, budget borrowed from the city team's other shares), and the
    agency it is about where one is (a try in vain counts against it: `walk_sampled`)."""
    en: str
    zh: str
    rule: str
    agency: str = ""


def _agency_exhausted(state: PartState, e: Entry) -> Refusal | None:
    """Proven unplaceable before any search: no eligible team of this agency has budget left for k officers."""
    teams = state.teams_for(e)
    if not teams:
        return Refusal(f"no team of agency {e.agencies[0]} may work in district {e.district} (R-TEAM)",
                       f"{e.agencies[0]}没有可在{e.district}辖区工作的执法队伍（R-TEAM）", "R-TEAM", e.agencies[0])
    if e.mode == "onsite" and all(state.flows[t].spare() < state.rules.k for t in teams):
        return Refusal(f"team {'/'.join(teams)}: every officer's annual visit budget is used (R-AVAIL)",
                       f"{'/'.join(teams)}队伍人员的年度检查额度已全部用完（R-AVAIL）", "R-AVAIL", e.agencies[0])
    return None


Guest = Callable[[Entry, list[int]], Callable[[], None] | None]  # scheduler.guests.sampled_guest, its undo


def place_enterprise(state: PartState, entries: list[Entry], avoid: dict[tuple[str, str], set[int]] | None = None,
                     annual: bool = True, guest: Guest | None = None,
                     team_off: Callable[[Entry], dict[str, set[int]]] | None = None) -> Refusal | None:
    """Place every agency-visit of one sampled enterprise (R-SAMPLE: all its agencies, all its visits), each on a day
    of its own if they cannot come together (R-JOINT merges what falls on one day), never on a day `avoid` keeps for
    an unmet trigger of its agency (R-PRIORITY, `held_days`); one its district's days cannot take may be a `guest` of
    another district's city-team day; or nothing, with the reason in English and in Chinese."""
    why = _place_each(state, entries, avoid, annual, guest, team_off)
    if why is not None and why.rule in TOGETHER_RULES and len({e.agencies[0] for e in entries}) > 1 \
            and _place_together(state, entries, avoid, annual, team_off):
        return None
    return why


TOGETHER_RULES = ("R-CAP-ENTRY", "R-GAP")  # a firm's agencies refused a day of their own: only one day together remains
TOGETHER_DAYS = 24  # days tried for all of a visit's agencies together (`_place_together`)


def _place_together(state: PartState, entries: list[Entry], avoid: dict[tuple[str, str], set[int]] | None, annual: bool,
                    team_off: Callable[[Entry], dict[str, set[int]]] | None) -> bool:
    """R-SAMPLE's firm placed with each visit's agencies on one day (R-JOINT), for a firm whose agencies one by one
    met the entry cap or gap (R-CAP-ENTRY, R-GAP): the first agency took a day the others could not share, and a day of
    their own is one entry too many (foreign37b b6: with one entry a firm, tier-B ranks 3, 5, 7, 12 and 41 were skipped
    while rank 20 had the very joint day they needed). Up to TOGETHER_DAYS days common to the agencies' windows: every
    ⌊n / TOGETHER_DAYS⌋-th from the first, so with fewer than twice TOGETHER_DAYS common days only the first
    TOGETHER_DAYS are tried (mut43; a year's window is spread over its first ~240 days); all or nothing (True: placed)."""
    done: list[Callable[[], None]] = []
    by_index: dict[int, list[Entry]] = defaultdict(list)
    for e in sorted(entries, key=lambda e: (e.index, e.mode != "onsite", e.key)):
        by_index[e.index].append(e)
    for group in by_index.values():
        common = set.intersection(*({d for d in range(e.window[0], e.window[1] + 1)
                                     if d not in (avoid or {}).get((e.district, e.agencies[0]), set())} for e in group))
        days = sorted(common)
        step = max(1, len(days) // TOGETHER_DAYS)
        placed = False
        for d in days[::step][:TOGETHER_DAYS]:
            mine: list[Callable[[], None]] = []
            for e in group:
                if state.place_anywhere(e, [d], annual, team_off(e) if team_off else None) is not None:
                    break
                mine.append(partial(state.remove, state.placed[e.key]))
            else:
                done += mine
                placed = True
                break
            for u in reversed(mine):
                u()
        if not placed:
            for u in reversed(done):
                u()
            return False
    return True


def _place_each(state: PartState, entries: list[Entry], avoid: dict[tuple[str, str], set[int]] | None, annual: bool,
                guest: Guest | None, team_off: Callable[[Entry], dict[str, set[int]]] | None) -> Refusal | None:
    """`place_enterprise`'s first way: each agency-visit on the best day for it, in turn."""
    done: list[Callable[[], None]] = []
    for e in sorted(entries, key=lambda e: (e.index, e.mode != "onsite", e.key)):
        why = _agency_exhausted(state, e)
        off = (avoid or {}).get((e.district, e.agencies[0]), set())
        days = [d for d in range(e.window[0], e.window[1] + 1) if d not in off]
        if why is None:
            rule = state.place_anywhere(e, days, annual, team_off(e) if team_off else None)
            if rule is not None and state.reserve_yields and e.basis == "sampled" and state.last_refused.get("R-SPREAD"):
                rule = _into_reserve(state, e, days, annual, team_off(e) if team_off else None)
            if rule is None:
                done.append(partial(state.remove, state.placed[e.key]))
                continue
            why = _no_day(e.agencies[0], rule, state.last_refused.get("R-SPREAD", 0) > 0)
        # another district's city-team day may be its to take (`sampled_guest`), R-TEAM's refusal too: a city team may
        # serve every district of its city, one with no share of its days among them (review39 #1: such a firm was
        # never offered the seat a worse-ranked firm of another district held)
        if guest is None or (undo := guest(e, days)) is None:
            for u in reversed(done):
                u()
            return why
        done.append(undo)
    return None


def _into_reserve(state: PartState, e: Entry, days: list[int], annual: bool, off: dict[str, set[int]] | None) -> str | None:
    """R-SAMPLE over R-SPREAD (foreign45 F2, as foreign43 read it before): places are filled strictly in draw order,
    and a firm is skipped only where it "cannot be placed" — by the HARD rules; the weekly reserve is SOFT. A drawn firm
    the reserve alone keeps out takes a reserve day, in its turn: b6's tier-A rank 9 had only 13 January, the reserve
    day of hb-141121's week, and rank 71 took its place. The walk tries the reserve last, so a firm with another day
    leaves it free; triggers arriving in the year still take a sampled visit's seat (R-PRIORITY, execution/)."""
    state.reserve_draw = True
    try:
        return state.place_anywhere(e, days, annual, off)
    finally:
        state.reserve_draw = False


def _no_day(agency: str, rule: str, reserve: bool) -> Refusal:
    """A sampled agency-visit no day of its window could take. Where the weekly reserve for triggers (R-SPREAD) refused
    some days, the words say so: "no day with officers able to go" had stood for a team idle on the reserve's day
    (foreign45 F2, b6: tier A's rank 9 skipped, rank 62 sampled, its team free on 7 January)."""
    if rule == "R-SPREAD" or reserve:
        # the rule that refused most days named as a rule, not worded as a want of officers: it may be the firm's own
        # gap or caps (review45 #4)
        other = "" if rule == "R-SPREAD" else f"{rule} refused most days, and "
        other_zh = "" if rule == "R-SPREAD" else f"多数日期受{rule}限制，"
        return Refusal(f"agency {agency}: no working day in its window could take it: {other}the weekly reserve kept for "
                       "triggers (R-SPREAD) the days left",
                       f"{agency}在检查时段内没有可安排的工作日：{other_zh}其余日期为每周为线索预留的机动容量（R-SPREAD）", rule, agency)
    return Refusal(f"agency {agency}: no working day in its window with officers able to go ({rule})",
                   f"{agency}在检查时段内没有可派足人员的工作日（{rule}）", rule, agency)


IMPOSSIBLE = ("R-RECUSE", "R-CERT", "R-TEAM", "R-WORKDAY")  # found before solving: no plan could meet them, nothing gives way


def unreachable(required: dict[str, list[Entry]], unplaced: dict[str, str], teams: list[tuple[str, str, str]], st: Staff,
                workdays: list[dt.date], k: int, gap_days: int) -> dict[str, tuple[int, int]]:
    """R-PRIORITY: the unmet required agency-visits no plan could make whatever lower classes do — those a sampled visit
    cannot be held back for. For an enterprise and agency (and basis), the working days of the year (mandatory: the
    year, as `mandatory_in_year` tries; otherwise the entries' windows) on which k officers of one team that may work
    in its district (R-TEAM, `eligible_teams`: a city team with no share of its days there too, as a guest may come),
    with a budget, not recused from it, are certified and present together (R-CERT, R-AVAIL,
    R-RECUSE: what no sampled visit uses up); as many visits as those days hold `gap_days` apart (R-GAP, greedy from
    the first day: the most any plan fits); where the visits already placed reach that number, every unmet one of them
    is out of reach (foreign43 F1: tier D's second hb visits, due 90 days after a first in January, after the city
    team's pair of certificates ran out on 31 March, held back 76 better-ranked sampled firms while the team sat idle
    33 days). The other gaps and the caps are left out: fewer days, never more, so nothing reachable is called out of
    reach. Each with (the most visits any plan fits, those placed)."""
    members = budgeted(st)
    dates = np.array(workdays, dtype="datetime64[D]")
    gap = np.timedelta64(gap_days, "D")
    out: dict[str, tuple[int, int]] = {}
    for d, es in required.items():
        groups: dict[tuple[str, str, str], list[Entry]] = defaultdict(list)
        for e in es:
            if e.mode == "onsite":
                groups[(e.enterprise_id, e.agencies[0], e.basis)].append(e)
        for (eid, agency, basis), group in groups.items():
            lost = [e.key for e in group if e.key in unplaced]
            if not lost:
                continue
            can = team_days(teams, members, st, d, eid, agency, k, len(workdays))
            if basis != "mandatory":
                inside = np.zeros(len(workdays), dtype=bool)
                for e in group:
                    inside[e.window[0]:e.window[1] + 1] = True
                can &= inside
            # R-GAP binds the planned visits of one agency; triggers and follow-ups are exempt (R-EXEMPT), one a day
            step = gap if basis in ("mandatory", "sampled") else np.timedelta64(1, "D")
            fits, last = 0, None
            for day in dates[can]:
                if last is None or day - last >= step:
                    fits, last = fits + 1, day
            if fits <= len(group) - len(lost):
                out.update(dict.fromkeys(lost, (fits, len(group) - len(lost))))
    return out


def budgeted(st: Staff) -> dict[str, list[str]]:
    """Team → its officers with an annual budget: the crews `unreachable`, `held_by_firm` and `held_teams` read."""
    return {t: [o for o in os if st.budget.get(o, 0) > 0] for t, os in officers_by_team(st).items()}


def team_days(teams: list[tuple[str, str, str]], members: dict[str, list[str]], st: Staff, district: str, eid: str, agency: str,
              k: int, n_days: int) -> np.ndarray:
    """Per working day, whether k officers of one team of `agency` that may work in `district` (R-TEAM, city teams
    too), with a budget (`members`), not recused from the enterprise, are certified and present together (R-CERT,
    R-AVAIL, R-RECUSE): the days a visit there could be staffed at all, whatever else is booked."""
    can = np.zeros(n_days, dtype=bool)
    for t in eligible_teams(teams, district, agency):
        days = together_days([st.available], [o for o in members.get(t, ()) if eid not in st.recused.get(o, ())], k)
        if days is not None:
            can |= days
    return can


def held_by_firm(required: dict[str, list[Entry]], unplaced: dict[str, str], teams: list[tuple[str, str, str]], st: Staff,
                 states: dict[str, PartState], k: int) -> dict[str, str]:
    """R-PRIORITY: the unmet mandatory on-site agency-visits that no day of the year could take beside the enterprise's
    visits as placed: on every day a team could staff it (`team_days`) the enterprise's own limits refuse it — its
    entries all used on other days (R-CAP-ENTRY), too near a visit of the agency or another entry (R-GAP), its
    agency's cap (R-CAP-AGENCY). No sampled visit uses anything such a visit could use: the sampled walk is not held
    back for it (foreign44 F1: three agencies never present in one quarter and three entries a year left 249 tier-D
    agency-visits unmet, and the whole lottery, 185 places, was held back for them; F2: a second gas visit due after
    30 August, when no team had a pair who might go). Key → the rule that refused most of those days (R-AVAIL where no
    team could go on any day: `unreachable` names those).

    Only where no arrangement of the firm's visits as placed would fit this one too (review44 #1, review45 #1): the
    firm's own limits searched exactly over the same days (`_one_more_fits`). Where one does, the visit was lost to
    this arrangement, not to the firm: it holds back what it could have used, as before."""
    members = budgeted(st)
    out: dict[str, str] = {}
    for d, es in required.items():
        state = states.get(d)
        if state is None:
            continue
        seen: dict[tuple[str, str], str | None] = {}
        crew_days: dict[tuple[str, str], np.ndarray] = {}
        arranged: dict[tuple[str, str], bool] = {}
        for e in es:
            if e.key not in unplaced or e.basis != "mandatory" or e.mode != "onsite" or unplaced[e.key].startswith(IMPOSSIBLE):
                continue
            who = (e.enterprise_id, e.agencies[0])
            if who not in seen:
                crew_days[who] = can = np.flatnonzero(team_days(teams, members, st, d, e.enterprise_id, e.agencies[0], k, state.n_days))
                refused = [state.enterprise_rule(e, int(day)) for day in can]
                seen[who] = None if any(r is None for r in refused) else _binding_rule([str(r) for r in refused])
            if seen[who] is not None and who not in arranged:
                arranged[who] = not _one_more_fits(state, e, teams, members, st, k, crew_days)
            if seen[who] is not None and arranged[who]:
                out[e.key] = str(seen[who])
    return out


def _one_more_fits(state: PartState, e: Entry, teams: list[tuple[str, str, str]], members: dict[str, list[str]],
                   st: Staff, k: int, crew_days: dict[tuple[str, str], np.ndarray]) -> bool:
    """Whether some arrangement of the firm's planned on-site visits as placed, and `e` besides, fits the firm's own
    limits over the days a team of each agency could staff it at all (`team_days`, the year): then `e` was lost to this
    arrangement, not to the firm (review45 #1: judged per visit, not total against total — another agency's visit
    unmet for want of room is no arrangement's to count). The days of its other on-site visits (triggers, follow-ups) are
    left out (R-JOINT)."""
    firm = e.enterprise_id
    placed = [p.entry for p in state.by_enterprise.get(firm, []) if p.entry.basis in PLANNED and p.entry.mode == "onsite"]
    # only on-site ones: R-JOINT binds on-site visits (state.too_close), so a planned remote check's day is open to them
    # (mut51: a remote check on the one day the other agency's crew had made that visit read as held by the firm)
    other = {p.day for p in state.by_enterprise.get(firm, []) if p.entry.mode == "onsite" and p.entry.basis not in PLANNED}
    mine = [*placed, e]
    for x in mine:
        who = (firm, x.agencies[0])
        if who not in crew_days:
            crew_days[who] = np.flatnonzero(team_days(teams, members, st, x.district, firm, x.agencies[0], k, state.n_days))
    days = {x.key: [int(d) for d in crew_days[(firm, x.agencies[0])] if d not in other] for x in mine}  # the year: `_place_searched`
    keys = {x.key for x in mine}
    return len(most_arranged(mine, days, state.ordinal, state.rules, state.rules.max_entries, must=keys, optimize=False)) == len(mine)


def _binding_rule(refused: list[str]) -> str:
    """The rule a firm-held visit names: its entries used (R-CAP-ENTRY) or its agency's cap (R-CAP-AGENCY) wherever
    either refused a day — what a re-arranged gap could not undo — else the rule that refused most days; R-AVAIL
    where no team could go on any day."""
    for rule in ("R-CAP-ENTRY", "R-CAP-AGENCY"):
        if rule in refused:
            return rule
    return max(sorted(set(refused)), key=refused.count) if refused else "R-AVAIL"


def held_back(required: dict[str, list[Entry]], unplaced: dict[str, str], states: dict[str, PartState] | None = None,
              far: Container[str] = frozenset()) -> set[tuple[str, str]]:
    """R-PRIORITY: the (district, agency) pairs with a required agency-visit left unmet for want of capacity. No sampled
    visit of that agency in that district is then placed: it would use officers' budgets, officer-days or team-days
    that the unmet requirement of a higher class could have used (plan.md invariant 11). Requirements no plan can meet
    (all officers recused, no certified officer, no working day in the window; `far`: `unreachable`) hold nothing back,
    and a trigger held by its window's days alone (`day_held`) holds back only those days (`held_days`)."""
    return {(e.district, a) for es in required.values() for e in es
            if e.key in unplaced and not unplaced[e.key].startswith(IMPOSSIBLE) and e.key not in far and not day_held(e, states)
            for a in e.agencies}


def held_teams(required: dict[str, list[Entry]], unplaced: dict[str, str], states: dict[str, PartState], far: Container[str],
               teams: list[tuple[str, str, str]], st: Staff, k: int) -> dict[tuple[str, str], set[str]]:
    """(district, agency) held back (`held_back`) → the teams that could serve one of its unmet required visits: those
    R-TEAM lets work there with `k` officers (one for a remote check) who have a budget, are not recused from the
    firm, and are certified and present together on a day of its window (mandatory: the year, as `mandatory_in_year`
    tries). R-PRIORITY keeps from the sampled walk what such a visit "could have used": these teams' budgets and days,
    not another team's whose officers could never go (foreign44 w6: a tier-D gas visit only the city team could staff,
    its district's own team all recused but one, held back 40 of tier B's and C's firms its own team could visit)."""
    members = budgeted(st)
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    can: dict[tuple[tuple[str, ...], int, tuple[int, int] | None], bool] = {}  # most firms recuse nobody: one answer a team
    for es in required.values():
        for e in es:
            if e.key not in unplaced or unplaced[e.key].startswith(IMPOSSIBLE) or e.key in far or day_held(e, states):
                continue
            need = k if e.mode == "onsite" else 1
            window = None if e.basis == "mandatory" else e.window
            for a in e.agencies:
                for t in eligible_teams(teams, e.district, a):
                    if t in out.get((e.district, a), ()):
                        continue
                    crew = tuple(o for o in members.get(t, ()) if e.enterprise_id not in st.recused.get(o, ()))
                    if (crew, need, window) not in can:
                        days = together_days([st.available], crew, need, window)
                        can[(crew, need, window)] = days is not None and bool(days.any())
                    if can[(crew, need, window)]:
                        out[(e.district, a)].add(t)
    return dict(out)


def day_held(e: Entry, states: dict[str, PartState] | None) -> bool:
    """An unmet trigger whose short window (SHORT_WINDOW) has every day booked to the limit of its agency's eligible
    teams, or taken by the enterprise's own visit (R-JOINT): what it could have used is those team-days and the
    officers on them, not the year's budgets, so the sampled walk keeps off those days only. Holding back the agency's
    whole district for it cost one held-out bureau 134 sampled agency-visits in a district where a December complaint
    due on 4 January found the team full that day (bench/diag23)."""
    if states is None or e.basis != "triggered" or e.mode != "onsite" or e.window[1] - e.window[0] >= SHORT_WINDOW:
        return False
    st = states.get(e.district)
    if st is None:
        return False
    teams = st.teams_for(e)
    own = {p.day for p in st.by_enterprise.get(e.enterprise_id, []) if p.entry.mode == "onsite"}
    return bool(teams) and all(d in own or all(st.onsite[t][d] >= st.slices[t].onsite_cap[d] for t in teams)
                               for d in range(e.window[0], e.window[1] + 1))


def held_days(required: dict[str, list[Entry]], unplaced: dict[str, str], states: dict[str, PartState],
              far: Container[str] = frozenset()) -> dict[tuple[str, str], set[int]]:
    """(district, agency) → the working days the sampled walk keeps off: those of unmet triggers held by their days."""
    out: dict[tuple[str, str], set[int]] = defaultdict(set)
    for es in required.values():
        for e in es:
            if e.key in unplaced and not unplaced[e.key].startswith(IMPOSSIBLE) and e.key not in far and day_held(e, states):
                out[(e.district, e.agencies[0])].update(range(e.window[0], e.window[1] + 1))
    return dict(out)


BORROW_TRIES = 8  # failed placements with a city team's budget from other districts, per (district, agency), then no more


def walk_sampled(req: Requirements, sel: Selection, states: dict[str, PartState],
                 held: set[tuple[str, str]] | None = None, avoid: dict[tuple[str, str], set[int]] | None = None,
                 split: CitySplit | None = None, needed: dict[tuple[str, str], set[str]] | None = None) -> tuple[dict[str, str], dict[str, int]]:
    """R-SAMPLE / R-PRIORITY class 2: each tier's places filled strictly in draw order, higher tiers first (R-RISK).
    Everyone before the last selected and not selected was tried and could not be placed (`capacity`); after, `not_drawn`.
    An enterprise needing an agency `held` back in its district (a required visit of that agency there is unmet) is
    `capacity` too: the higher class keeps what is left (R-PRIORITY). One that its district's share of a city team's
    budgets could not take tries again with units of other districts' unused shares (`borrow_for_sampled`) and, for a
    city team, as a guest on a day the team holds in another district (`sampled_guest`, foreign35 H1), never in a city
    where a required visit of its agencies is held back; after BORROW_TRIES such tries in vain in a district and
    agency, no more there."""
    status: dict[str, str] = {}
    filled_by: dict[str, int] = {}
    held_cities = {(d[:4], a) for d, a in held or ()}
    failed: dict[tuple[str, str], int] = defaultdict(int)
    owners = city_day_owners(states, split) if split else {}
    checks = [0, SAMPLED_GUEST_FLOWS]

    agency_of = team_agencies(states)

    def guest_within(spent: list[int], e: Entry, days: list[int], teams: frozenset[str] | None = None) -> Callable[[], None] | None:
        # `teams`: only these city teams (a swap takes the seat of the firm that gives it, review38 #2)
        only = (split or {}) if teams is None else {t: ds for t, ds in (split or {}).items() if t in teams}
        return sampled_guest(states, only, owners, e, days, avoid or {}, spent, agency_of)

    guest = partial(guest_within, checks)

    # R-PRIORITY: an unmet trigger held by its days could take a city team's seat on another district's day of its
    # window as a guest; no sampled visit of that district takes the seat either (review35: a district's own sampled
    # firm could, on its own city-team day)
    city_held: dict[tuple[str, str], set[int]] = defaultdict(set)
    for (dist, a), ds in (avoid or {}).items():
        city_held[(dist[:4], a)] |= ds

    def team_off(e: Entry) -> dict[str, set[int]]:
        ds = city_held.get((e.district[:4], e.agencies[0]))
        return {t: ds for t in states[e.district].teams_for(e) if t in (split or {})} if ds else {}

    def with_city_budget(entries: list[Entry], why: Refusal | None) -> Refusal | None:
        # only a want of officers with budget may be met by budget from elsewhere (R-AVAIL: budgets spent; R-PAIR: no
        # pair staffed); a week's reserve, a gap or a full day may not, and would spend the tries (review33b)
        if why is None or not split or why.rule not in ("R-AVAIL", "R-PAIR", "R-TEAM"):
            return why
        d = entries[0].district
        pairs = {(d, a) for e in entries if e.mode == "onsite" for a in e.agencies}
        if any((d[:4], a) in held_cities or failed[(d, a)] >= BORROW_TRIES for _, a in pairs):
            return why
        if why.rule == "R-TEAM":
            # no team of its own here, and no share of a city team's days: a city team may serve every district of its
            # city (R-TEAM), so a guest seat on another district's day, with no budget to borrow (review39 #1)
            return place_enterprise(states[d], entries, avoid, guest=guest, team_off=team_off)
        moved = borrow_for_sampled(states, split, entries)
        st = states[d]
        # the exact staffing may re-staff a team's booked seats onto the borrowed units (`TeamFlow.try_add` adopts a
        # max-flow): where the firm is not placed after all, its seats are gone and the teams' staffing goes back to what
        # it was, before the units do (review33b: an officer left over a budget given back, and the draw failed)
        saved = {tid: {vid: list(os) for vid, os in st.flows[tid].assign.items()} for tid in {t for t, _, _ in moved}}
        # the slices' pair-feasible years were counted on the shares as split: the exact staffing, on the budgets as
        # they now stand, decides (as for a guest)
        again = place_enterprise(st, entries, avoid, annual=False, guest=guest, team_off=team_off)
        if again is not None:
            for tid, assignment in saved.items():
                st.flows[tid].adopt(assignment)
        return_unused(states, d, moved, again is None)
        # a try in vain counts against the agency its refusal names, not every agency of the firm (foreign43 F2: a firm
        # of re and um refused for um spent re's tries, and tier A's rank 31 was left out for "re's budgets all used"
        # while re's officers had 64 visits left); one that names none counts against all
        named = {p for p in pairs if again is not None and p[1] == again.agency}
        for pair in pairs:
            failed[pair] = 0 if again is None else failed[pair] + (pair in (named or pairs))
        return again
    # one copy of each distinct reason: a province's 102,000 enterprises skipped for capacity share 301 pairs of words
    words: dict[Refusal, Refusal] = {}
    for tier in sorted(req.pools, key=lambda t: -TIER_LEVEL[t]):
        filled = 0
        taken: list[str] = []
        for eid in req.pools[tier]:
            if filled >= req.places[tier]:
                break
            entries = sel.by_enterprise.get(eid, [])
            if not entries:
                continue
            blocked = sorted({a for e in entries for a in e.agencies if (e.district, a) in (held or ())})
            priority = Refusal(f"R-PRIORITY: required visits of {', '.join(blocked)} in district {entries[0].district} are unmet",
                               f"{entries[0].district}辖区{'、'.join(blocked)}的必检任务尚有未能安排的，抽查让位（R-PRIORITY）", "R-PRIORITY")
            if blocked and needed is not None:
                # the teams the unmet visits could use stay theirs; another team of the agency may take the firm (no
                # guest seat, no borrowed budget: those are the city's, held as before)
                why = None if place_enterprise(states[entries[0].district], entries, avoid,
                                               team_off=_without(team_off, entries[0].district, blocked, needed, states)) is None else priority
            else:
                why = priority if blocked else with_city_budget(entries, place_enterprise(states[entries[0].district], entries, avoid, team_off=team_off))
            if why is None:
                status[eid] = "sampled"
                taken.append(eid)
                filled += 1
            else:
                status[eid] = "capacity"
                sel.skipped[eid], sel.skipped_zh[eid] = words.setdefault(why, why)[:2]
        # the swaps' guests have checks of their own: the walk's may be spent (the firms skipped are those it refused)
        swap_checks = [0, SAMPLED_GUEST_FLOWS]

        def guest_of(teams: frozenset[str], spent: list[int] = swap_checks) -> Guest:
            return partial(guest_within, spent, teams=teams)
        swap_in_draw_order(req, sel, states, tier, taken, status, avoid, split or {}, held or set(), guest_of, team_off, needed)
        sel.sampled[tier] = taken
        filled_by[tier] = len(taken)
        for eid in req.pools[tier]:
            status.setdefault(eid, "not_drawn")
    return status, filled_by


def _without(team_off: Callable[[Entry], dict[str, set[int]]], district: str, blocked: list[str], needed: dict[tuple[str, str], set[str]],
             states: dict[str, PartState]) -> Callable[[Entry], dict[str, set[int]]]:
    """`team_off` with every day of the teams the district's unmet visits of `blocked` agencies could use (`held_teams`)."""
    year = set(range(states[district].n_days))
    keep = {t for a in blocked for t in needed.get((district, a), ())}

    def off(e: Entry) -> dict[str, set[int]]:
        return {**team_off(e), **dict.fromkeys(keep, year)}
    return off


SWAP_FIRMS = 200  # a tier's best-ranked firms skipped for capacity, each offered a worse-ranked firm's place
SWAP_PASSES = 8  # passes over the skipped firms, until one makes no swap
SWAP_TRIES = 4000  # places tried in all, per tier (each: a worse firm's visits out, one day tried, put back)


def swap_in_draw_order(req: Requirements, sel: Selection, states: dict[str, PartState], tier: str, taken: list[str],
                       status: dict[str, str], avoid: dict[tuple[str, str], set[int]] | None, split: CitySplit,
                       held: set[tuple[str, str]], guest_of: Callable[[frozenset[str]], Guest],
                       team_off: Callable[[Entry], dict[str, set[int]]], needed: dict[tuple[str, str], set[str]] | None = None) -> None:
    """Invariant 6 (R-SAMPLE, draw order): a firm skipped for capacity takes the place of a worse-ranked firm of its
    tier whose one day's visit had the teams it needs (its district's, or a city team of its city). The walk goes in
    draw order, but a firm refused for its district (a required visit of its agency there unmet, R-PRIORITY, or a
    city team with no days of its own there) saw later firms of other districts take a city team's seat it could have
    had (the demo's scarce world: ranks 1–23 of a tier skipped while rank 109 had their day). The seat was a sampled
    visit's already, so giving it to the better-ranked firm takes nothing from a required visit. The worse firm's
    visits are removed, the better one is placed on that day alone (its own team's seat or a guest of the day's
    district), else the worse one is put back where it was. Firms of one on-site visit a tier-visit (as the checker
    judges them); SWAP_FIRMS and SWAP_TRIES bound the work.

    The better firm takes the worse one's seat and no other (review38 #2: placed on its own team's free seat that
    day, it left the seat it was given empty, and the worse firm out for nothing): only the worse firm's teams that day,
    through `guest_of(teams)` where that is a city team's day in another district. A firm whose agency is held back in
    its district (`held`: a required visit there unmet for capacity, R-PRIORITY) is not offered a place (review38 #3:
    the walk refused it, the swap placed it on the district's own team) — but where the walk was told which teams the
    unmet visits could use (`needed`, `held_teams`), as the walk offers such a firm another team of its agency, the swap
    offers it a seat of another team of its own district (foreign45 b6: tier A's rank 9 skipped while rank 71 sat on
    the district's hb team, which no unmet hb visit there could use)."""
    if not taken:
        return
    order = {eid: i for i, eid in enumerate(req.pools[tier])}  # the pool in draw order
    hosted = {k for st in states.values() for k in st.guests}
    held_cities = {(d[:4], a) for d, a in held}
    tries = SWAP_TRIES
    # best-ranked first; a firm that gives its place is skipped in turn and offered a place of a worse one. A place
    # taken by a swap may be one an earlier firm could have had (its day now holds the agencies that firm needs): the
    # passes go on until one makes no swap (each swap puts a better rank in a worse one's place, so they end)
    for _ in range(SWAP_PASSES):
        pending = [order[eid] for eid in req.pools[tier][:order[taken[-1]]] if status.get(eid) == "capacity"][:SWAP_FIRMS]
        heapq.heapify(pending)
        moved = False
        # the firms sampled, by city, worst first: only a team of its own city may serve a firm (R-TEAM), and a
        # province's tier holds thousands (a firm swapped in this pass is offered next pass)
        by_city: dict[str, list[str]] = defaultdict(list)
        for g in reversed(taken):
            by_city[sel.by_enterprise[g][0].district[:4]].append(g)
        while pending and tries > 0:
            f = req.pools[tier][heapq.heappop(pending)]
            mine = sel.by_enterprise.get(f, [])
            held_here = {a for e in mine for a in e.agencies if (e.district, a) in held}
            if not mine or any(e.mode != "onsite" or e.index for e in mine) or (held_here and needed is None):
                continue
            fd, needs = mine[0].district, {e.agencies[0] for e in mine}
            own = states[fd]

            def serves(tid: str, fd: str = fd, own: PartState = own) -> bool:  # R-TEAM: its district's team or its city's
                return tid in own.slices or (tid in split and any(d[:4] == fd[:4] for d in split[tid]))
            for g in by_city.get(fd[:4], ()):
                if order[g] <= order[f] or tries <= 0:
                    break
                if status.get(g) != "sampled":  # gave its place earlier in this pass
                    continue
                ents = sel.by_enterprise[g]
                gst = states[ents[0].district]
                gp = [gst.placed[e.key] for e in ents if e.key in gst.placed]
                if len(gp) != len(ents) or any(p.entry.mode != "onsite" for p in gp):
                    continue
                # a guest's seat is its host's team-day (review39 #2: a worse firm placed as a guest never gave it up)
                hosts = _hosts(states, [p.entry for p in gp if p.entry.key in hosted])
                # a day of the worse firm's with every agency the better one needs, by teams that may serve it; all the
                # worse firm's visits go (R-SAMPLE: all or none), the better one takes that day
                by_day: dict[int, dict[str, str]] = defaultdict(dict)
                for p in gp:
                    by_day[p.day][p.entry.agencies[0]] = p.teams[p.entry.agencies[0]]
                days = [d for d, teams in sorted(by_day.items()) if needs <= set(teams) and all(serves(teams[a]) for a in needs)
                        # a held agency's seat: its own district's team, one no unmet visit there could use
                        and all(teams[a] in own.slices and teams[a] not in (needed or {}).get((fd, a), ()) for a in held_here)
                        and all(e.window[0] <= d <= e.window[1] for e in mine)
                        # cheap before a try: the better firm's own limits that day (R-JOINT, R-GAP, R-CAP-*), and k of
                        # each needed team's officers there not recused from it (R-RECUSE); a province's walk tries
                        # thousands
                        and not any(own.enterprise_rule(e, d) for e in mine)
                        and all(_unrecused(hosts.get(p.entry.key, gst), p, f) for p in gp if p.day == d and p.entry.agencies[0] in needs)]
                if not days:
                    continue
                day = days[0]
                seat = {a: by_day[day][a] for a in needs}  # the worse firm's team of each agency that day
                tries -= 1
                for p in gp:
                    _unbook(gst, hosts[p.entry.key], p) if p.entry.key in hosts else gst.remove(p)
                hosted -= set(hosts)
                only = {(fd, e.agencies[0]): (avoid or {}).get((fd, e.agencies[0]), set()) | (set(range(e.window[0], e.window[1] + 1)) - {day})
                        for e in mine}

                def seat_only(e: Entry, day: int = day, seat: dict[str, str] = seat, own: PartState = own) -> dict[str, set[int]]:
                    off = dict(team_off(e))
                    for t in own.teams_for(e):
                        if t != seat[e.agencies[0]]:
                            off[t] = off.get(t, set()) | {day}
                    return off
                if place_enterprise(own, mine, only, guest=None if held_here else guest_of(frozenset(seat.values())), team_off=seat_only) is None:
                    # a guest placed by the swap is read in its host's district from now on (review38 #1: read in its
                    # own, whose flows lack the city team, a later pass crashed)
                    hosted |= set(_hosts(states, mine))
                    status[f], status[g] = "sampled", "capacity"
                    taken[taken.index(g)] = f
                    taken.sort(key=order.__getitem__)
                    sel.skipped.pop(f, None)
                    sel.skipped_zh.pop(f, None)
                    moved = True
                    # places left (the walk ran out of firms it could place): the firm that gave its seat is the next
                    # in draw order to take one, on any day it can (R-SAMPLE; review39 #3: left out with a place free)
                    # (g was placed by the walk, which places no held firm); as in the walk, no guest seat in a city
                    # where a required visit of its agencies is held back (review39b #1: that seat was the held visit's)
                    guest = None if any((e.district[:4], a) in held_cities for e in ents for a in e.agencies) else guest_of(frozenset(split))
                    if len(taken) < req.places[tier] and place_enterprise(gst, ents, avoid, guest=guest, team_off=team_off) is None:
                        hosted |= set(_hosts(states, ents))
                        status[g] = "sampled"
                        taken.append(g)
                        taken.sort(key=order.__getitem__)
                        break
                    sel.skipped[g] = f"R-SAMPLE: its place went to rank {order[f] + 1}, which could take its day and teams (draw order)"
                    sel.skipped_zh[g] = f"按抽签顺序，其检查日期与队伍让给抽签序号{order[f] + 1}的企业（R-SAMPLE）"
                    heapq.heappush(pending, order[g])
                    break
                try:
                    restore_placed(gst, gp, hosts)
                    hosted |= set(hosts)
                except RuntimeError:  # its seat went otherwise while the better firm was tried: it is left out, and says so
                    status[g] = "capacity"
                    taken.remove(g)
                    sel.skipped[g] = "R-SAMPLE: its day could not be kept after a better-ranked firm was tried there"
                    sel.skipped_zh[g] = "为抽签序号在前的企业尝试其检查日期后，原安排未能恢复（R-SAMPLE）"
                    break
        if not moved or tries <= 0 or not taken:
            return


def _hosts(states: dict[str, PartState], entries: list[Entry]) -> dict[str, PartState]:
    """The district hosting each of these agency-visits that is a guest (another district's city-team day), by key."""
    return {e.key: st for e in entries for st in states.values() if e.key in st.guests}


def _unrecused(st: PartState, p: Placed, enterprise_id: str) -> bool:
    """Whether k of the officers of placement `p`'s team present on its day may go to `enterprise_id` (R-RECUSE). Not
    only those staffing it now: the exact staffing (`TeamFlow.try_add`) may re-staff the seat (foreign44 w6: rank 94
    never tried rank 113's day, whose staffing then held an officer recused from it, while the pair the draw named
    was free to go, and the checker found it so)."""
    flow = st.flows[p.teams[p.entry.agencies[0]]]
    return sum(bool(flow.available[o][p.day]) and enterprise_id not in flow.recused.get(o, ()) for o in flow.officers) >= st.rules.k


def make_visits(states: dict[str, PartState]) -> list[Visit]:
    """R-JOINT: the agency-visits of one row (`Entry.joint_key`) on one day are one row; ids per district, in (day,
    enterprise, row) order."""
    out: list[Visit] = []
    for d in sorted(states):
        rows: dict[tuple[int, str, str], list[Placed]] = defaultdict(list)
        for p in states[d].placed.values():
            rows[(p.day, p.entry.enterprise_id, p.entry.joint_key)].append(p)
        for n, (key, ps) in enumerate(sorted(rows.items()), start=1):
            out.append(Visit(f"V{d}{n:05d}", key[0], sorted(ps, key=lambda p: p.entry.agencies)))
    out.sort(key=lambda v: (v.day, v.parts[0].entry.enterprise_id, v.visit_id))
    return out




def city_flow(tid: str, parts: list[TeamFlow], budgets: dict[str, int]) -> TeamFlow:
    """One city-level team's seats in every district as one flow, for its draw: each officer present on the days of any
    district (a city team works in one district a day, so the districts' days do not overlap), with the year's budget,
    and the staffing every district holds now (feasible: the districts' shares sum to no more than the budgets)."""
    officers = list(dict.fromkeys(o for f in parts for o in f.officers))
    available = {o: np.logical_or.reduce([f.available[o] for f in parts if o in f.available]) for o in officers}
    recused: dict[str, set[str]] = defaultdict(set)
    for f in parts:
        for o, es in f.recused.items():
            recused[o] |= es
    merged = TeamFlow(tid, officers, available, {o: budgets.get(o, sum(f.budget.get(o, 0) for f in parts)) for o in officers},
                      dict(recused), parts[0].per_day)
    for f in parts:
        for k, seat in f.seats.items():
            merged.seats[k] = seat
            merged._book(k, f.assign.get(k, []))
    return merged


def draw_officers(states: dict[str, PartState], visits: list[Visit], seed: str, budgets: dict[str, int] | None = None,
                  split: CitySplit | None = None) -> dict[str, dict[str, Drawn]]:
    """R-OFFICER-DRAW for every on-site agency-visit, team by team (scheduler/staffing.py).

    A city-level officer's annual budget is split among districts so that districts solve apart; the draw must not skip
    them for a district share that is spent while their year's budget is not. So a city-level team is drawn once over
    all its districts' seats in (day, visit_id) order, against its officers' year budgets (`city_flow`). The earlier
    draw, district by district against what the other districts held, did not settle: a later district's draw freed a
    unit an earlier one had been refused, and 13 visits of an independently made bureau (foreign31, b11) broke the
    rule after three passes. What each district holds after the draw is written into `split` (officer_draw.json
    `city_team_days`) for the auditor."""
    vid_of = {p.entry.key: v.visit_id for v in visits for p in v.parts}
    out: dict[str, dict[str, Drawn]] = defaultdict(dict)

    def record(d: str, key: str, rec: DrawRecord, tid: str) -> None:
        st = states[d]
        p = st.placed[key] if key in st.placed else st.guests[key]  # a guest's seat drawn with its host's (guests.py)
        p.officers = {p.entry.agencies[0]: rec["taken"]}  # the record's own list (fresh per draw, read only): no copy
        out[vid_of[key]][p.entry.agencies[0]] = Drawn(tid, rec["considered"], rec["skipped"], rec["taken"])

    def order_of(flow: TeamFlow) -> list[tuple[str, str]]:
        return sorted(((k, vid_of[k]) for k in flow.seats), key=lambda kv: (flow.seats[kv[0]].day, kv[1]))

    city = budgets is not None and split is not None
    for d in sorted(states):
        for tid, flow in sorted(states[d].flows.items()):
            if city and tid in split:  # type: ignore[operator]
                continue
            order = order_of(flow)
            if order:
                for key, rec in flow.draw(order, seed).items():
                    record(d, key, rec, tid)
            flow.forget_graph()  # all 440 teams' graphs at once lifted the province's main process over 1 GB (issue 12)
    if city:
        assert budgets is not None and split is not None
        for tid in sorted(split):
            parts = [(d, states[d].flows[tid]) for d in sorted(states) if tid in states[d].flows]
            if not parts:
                continue
            merged = city_flow(tid, [f for _, f in parts], budgets)
            order = order_of(merged)
            got = merged.draw(order, seed) if order else {}
            merged.forget_graph()
            for d, f in parts:
                held: dict[str, int] = defaultdict(int)
                for key in f.seats:
                    if key in got:
                        record(d, key, got[key], tid)
                        for o in got[key]["taken"]:
                            held[o] += 1
                if d in split[tid]:
                    split[tid][d]["budgets"] = {o: held[o] for o in f.officers}
    for d in sorted(states):
        st = states[d]
        # remote checks: one officer, the first in draw order with room that day (remote checks use no budget)
        used: dict[tuple[str, int], int] = defaultdict(int)
        remote = sorted((p for p in st.placed.values() if p.entry.mode == "remote"), key=lambda p: (p.day, vid_of[p.entry.key]))
        for p in remote:
            a = p.entry.agencies[0]
            f = st.flows[p.teams[a]]
            vid = vid_of[p.entry.key]
            ok = [o for o in f.officers if f.available[o][p.day] and p.entry.enterprise_id not in f.recused.get(o, ())
                  and used[(o, p.day)] < st.rules.remote_per_officer_day]
            ok.sort(key=lambda o: officer_key(seed, vid, o))
            if ok:
                p.officers = {a: [ok[0]]}
            used[(p.officers[a][0], p.day)] += 1
            out[vid][a] = Drawn(p.teams[a], ok[:1], [], p.officers[a])
    return dict(out)


def settle_status(req: Requirements, states: dict[str, PartState], status: dict[str, str]) -> dict[str, str]:
    """selection.csv's basis: sampled/capacity/not_drawn from the walk; mandatory; exempt; else the basis placed."""
    for e in req.entries:
        if e.basis == "mandatory":
            status.setdefault(e.enterprise_id, "mandatory")
    for eid in req.exempt:
        status[eid] = "exempt"
    placed_basis: dict[str, set[str]] = defaultdict(set)
    for s in states.values():
        for p in s.placed.values():
            placed_basis[p.entry.enterprise_id].add(p.entry.basis)
    for eid, bases in placed_basis.items():
        if status.get(eid) in (None, "not_drawn", "capacity", "exempt"):
            for b in ("mandatory", "sampled", "follow_up", "triggered"):
                if b in bases:
                    status[eid] = b
                    break
    for eid, st in list(status.items()):
        if st == "mandatory" and "mandatory" not in placed_basis.get(eid, set()):
            # its required visits unmet (plan.json's shortfalls say why); a follow-up or trigger visit placed all the
            # same makes it selected, and selection.csv's basis is then that visit's (plan.md: selected ⇔ a visit)
            status[eid] = next((b for b in ("follow_up", "triggered") if b in placed_basis.get(eid, set())), "capacity")
    return status


__all__ = ["PLANNED", "PartResult", "Plan", "PlanOptions", "Visit", "make_plan"]
