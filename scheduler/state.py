"""A part's plan as it is built: team loads, agency-visits per enterprise, and each team's exact
staffing (scheduler/staffing.py).

The greedy baseline, the loading of the model's days and the sampled walk all place
agency-visits through `PartState.place`, which asks the same rules the CP-SAT model encodes
(`fits`) and then whether the team can still staff every seat booked (`TeamFlow.try_add`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from scheduler.requirements import PLANNED, Entry
from scheduler.resources import Part, Staff, TeamSlice, spread_cap, week_of
from scheduler.staffing import TeamFlow


@dataclass(frozen=True)
class Rules:
    """The policy values placement needs (picklable, small)."""

    k: int  # officers_per_agency_on_visit (R-PAIR)
    per_officer_day: int
    remote_per_officer_day: int
    gap_entries: int  # min_days_between_visits
    gap_repeat: int  # min_days_between_repeat_visits
    reserve: float  # reserve_capacity_ratio (R-SPREAD)
    max_entries: int
    max_agency: int


@dataclass(slots=True)  # one per agency-visit placed (≈ 400,000 at a province): no __dict__ each
class Placed:
    entry: Entry
    day: int  # workday index
    teams: dict[str, str]  # agency → team_id
    officers: dict[str, list[str]] = field(default_factory=dict)


def gap_needed(a: Entry, b: Entry, rules: Rules) -> int:
    """R-GAP between two planned agency-visits of one enterprise (0: none needed). R-EXEMPT: others need none.
    Two agency-visits of one group on one day are one joint entry (R-JOINT): the caller lets them share the day."""
    if a.basis not in PLANNED or b.basis not in PLANNED:
        return 0
    if set(a.agencies) & set(b.agencies):
        return rules.gap_repeat
    if a.mode == "onsite" and b.mode == "onsite":
        return rules.gap_entries
    return 0


def too_close(a: Entry, da: int, b: Entry, db: int, ordinal: np.ndarray, rules: Rules) -> str | None:
    """The rule two agency-visits of one enterprise on days da, db would break, if any."""
    if a.mode == "onsite" and b.mode == "onsite" and da == db:
        if a.joint_key != b.joint_key:
            return "R-JOINT"  # same day: one joint visit, or not allowed at all
        # one row carries an agency once: two visits of one agency never share a day, whatever the gap (0 allowed)
        return "R-GAP" if set(a.agencies) & set(b.agencies) else None
    g = gap_needed(a, b, rules)
    if g and abs(int(ordinal[da]) - int(ordinal[db])) < g:
        return "R-GAP"
    return None


class PartState:
    def __init__(self, part: Part, staff: Staff, rules: Rules, workdays: list[dt.date]):
        self.part, self.staff, self.rules = part, staff, rules
        self.ordinal = np.array([d.toordinal() for d in workdays])
        self.month = np.array([d.month - 1 for d in workdays])
        self.week = week_of(workdays)
        self.slices: dict[str, TeamSlice] = {s.team_id: s for ss in part.slices.values() for s in ss}
        self.n_days = len(workdays)
        z = lambda: np.zeros(self.n_days, dtype=np.int64)  # noqa: E731
        self.onsite: dict[str, np.ndarray] = defaultdict(z)  # team → on-site visits booked per working day
        self.remote: dict[str, np.ndarray] = defaultdict(z)  # team → remote checks booked per working day
        self.planned_week: dict[tuple[str, int], int] = defaultdict(int)
        self.week_cap: dict[tuple[str, int], int] = {}
        for tid, s in self.slices.items():
            for w in np.unique(self.week):
                given = s.week_cap.get(int(w)) if s.week_cap is not None else None
                self.week_cap[(tid, int(w))] = spread_cap(int(s.onsite_cap[self.week == w].sum()), rules.reserve) if given is None else given
        self.year_onsite: dict[str, int] = defaultdict(int)
        self.by_enterprise: dict[str, list[Placed]] = defaultdict(list)
        self.placed: dict[str, Placed] = {}
        self.flows = {tid: TeamFlow(tid, list(s.officers), {o: staff.available[o] for o in s.officers},
                                    {o: staff.budget[o] for o in s.officers}, staff.recused, rules.per_officer_day)
                      for tid, s in self.slices.items()}
        self.remote_day: dict[tuple[str, int], int] = defaultdict(int)
        self.month_days = np.maximum(1, np.bincount(self.month, minlength=12))
        # another part's agency-visits this part's city-team days host (scheduler/guests.py): seats in `flows`, not placed here
        self.guests: dict[str, Placed] = {}
        # the greedy's second order (solve.greedy): days with most officers present who still have budget first
        self.perishable_first = False
        # R-SPREAD's weekly reserve is SOFT and yields to R-PRIORITY: once every required visit has had its try within
        # it, a mandatory one still unmet may take the reserve (`open_reserve`)
        self.reserve_yields = False
        # …and to a drawn firm the reserve alone keeps out, while the walk tries it once more (R-SAMPLE's draw order,
        # HARD: `_place_each`); never to a sampled visit that has another day
        self.reserve_draw = False
        # rule → (team, day) tries it refused, in the last `place_anywhere` that placed nothing: a refusal's words
        # name the weekly reserve where it refused a day the rest did not (foreign45 F2)
        self.last_refused: dict[str, int] = {}

    def teams_for(self, e: Entry) -> list[str]:
        """R-TEAM: every team of the entry's agency that may work in this part (district and city-level)."""
        return [s.team_id for s in self.part.slices.get(e.agencies[0], [])]

    # -- the rules, for one agency-visit on one day with one team ------------------------------
    def fits(self, e: Entry, d: int, tid: str, annual: bool = True) -> str | None:
        """None if agency-visit `e` may go on workday `d` with team `tid`; else the rule id that forbids it. Without
        `annual`, the slice's pair-feasible year is not asked (budget moved in from elsewhere: the exact staffing decides)."""
        if not e.window[0] <= d <= e.window[1]:
            return "R-TRIGGER" if e.basis == "triggered" else "R-WORKDAY"
        return self.team_rule(e, d, tid, annual) or self.enterprise_rule(e, d)

    def team_rule(self, e: Entry, d: int, tid: str, annual: bool = True) -> str | None:
        """The team's limits on day `d` (R-AVAIL, R-SPREAD): what a part hosting another part's visit checks (guests,
        without the slice's `annual` pair-feasible capacity: a guest may bring budget from elsewhere, and the exact
        staffing decides)."""
        s = self.slices[tid]
        if self.onsite[tid][d] + self.remote[tid][d] >= s.day_cap:
            return "R-AVAIL"
        if e.mode == "onsite":
            if self.onsite[tid][d] >= s.onsite_cap[d] or (annual and self.year_onsite[tid] >= s.annual_onsite):
                return "R-AVAIL"
            if e.basis in PLANNED and not (self.reserve_yields and (e.basis == "mandatory" or self.reserve_draw)) \
                    and self.planned_week[(tid, int(self.week[d]))] >= self.week_cap[(tid, int(self.week[d]))]:
                return "R-SPREAD"
        elif self.remote[tid][d] >= s.remote_cap[d]:
            return "R-AVAIL"
        return None

    def enterprise_rule(self, e: Entry, d: int) -> str | None:
        """The enterprise's limits on day `d`: one entry a day (R-JOINT), gaps (R-GAP), caps (R-CAP-AGENCY, R-CAP-ENTRY)."""
        days = set()
        same_agency = 0
        for p in self.by_enterprise[e.enterprise_id]:
            rule = too_close(e, d, p.entry, p.day, self.ordinal, self.rules)
            if rule:
                return rule
            if p.entry.basis in PLANNED and p.entry.mode == "onsite":
                days.add(p.day)
                same_agency += p.entry.agencies == e.agencies
        if e.basis in PLANNED and e.mode == "onsite":
            if same_agency >= self.rules.max_agency:
                return "R-CAP-AGENCY"
            if d not in days and len(days) >= self.rules.max_entries:
                return "R-CAP-ENTRY"
        return None

    def staffable(self, e: Entry, d: int, tid: str, exact: bool = True) -> bool:
        """Book the seats with the team's exact staffing (on site) or one officer with room (remote)."""
        if e.mode == "onsite":
            return self.flows[tid].try_add(e.key, d, e.enterprise_id, self.rules.k, exact)
        f = self.flows[tid]
        return any(f.available[o][d] and e.enterprise_id not in f.recused.get(o, ())
                   and self.remote_day[(o, d)] < self.rules.remote_per_officer_day for o in f.officers)

    def place(self, e: Entry, d: int, tid: str, exact: bool = True, annual: bool = True) -> str | None:
        """Place one agency-visit if every rule allows it and the team can staff it; else the binding rule."""
        self.not_placed(e)  # before the staffing books its seats (review41 #4: `try_add` moved them, then `add` refused)
        rule = self.fits(e, d, tid, annual)
        if rule:
            return rule
        if not self.staffable(e, d, tid, exact):
            return "R-PAIR"
        self.add(e, d, tid)
        return None

    def not_placed(self, e: Entry) -> None:
        """Refuse a second booking of an agency-visit already placed. It would count the visit twice in every limit and
        leave a seat no `remove` frees: a caller's bug, never a lawful state (every caller filters on what is unplaced;
        this keeps it so). No rule refused it for a trigger, a follow-up or a remote check (mut44)."""
        if e.key in self.placed:
            raise ValueError(f"agency-visit {e.key} is already placed on workday {self.placed[e.key].day}")

    def add(self, e: Entry, d: int, tid: str) -> Placed:
        self.not_placed(e)
        p = Placed(e, d, {e.agencies[0]: tid})
        if e.mode == "onsite":
            self.onsite[tid][d] += 1
            self.year_onsite[tid] += 1
            if e.basis in PLANNED:
                self.planned_week[(tid, int(self.week[d]))] += 1
        else:
            self.remote[tid][d] += 1
            self._remote_pick(p)
        self.by_enterprise[e.enterprise_id].append(p)
        self.placed[e.key] = p
        return p

    def move_team(self, p: Placed, tid: str, annual: bool = True) -> bool:
        """Give an on-site agency-visit another eligible team on its own day, if that team's limits and exact staffing
        allow it (the day, the enterprise's rules and the other seats stay as they are): frees a seat of its team that
        day for a visit that only that team can make (scheduler/guests.py: a city team's day held by this district)."""
        e, d = p.entry, p.day
        a = e.agencies[0]
        old = p.teams[a]
        if e.mode != "onsite" or tid == old or self.team_rule(e, d, tid, annual) or not self.flows[tid].try_add(e.key, d, e.enterprise_id, self.rules.k):
            return False
        self.flows[old].remove(e.key)
        for t, n in ((old, -1), (tid, 1)):
            self.onsite[t][d] += n
            self.year_onsite[t] += n
            if e.basis in PLANNED:
                self.planned_week[(t, int(self.week[d]))] += n
        p.teams = {a: tid}
        return True

    def _remote_pick(self, p: Placed) -> None:
        """A remote check needs one officer with room that day (remote checks use no on-site budget)."""
        tid = p.teams[p.entry.agencies[0]]
        f = self.flows[tid]
        for o in f.officers:
            if f.available[o][p.day] and p.entry.enterprise_id not in f.recused.get(o, ()) and self.remote_day[(o, p.day)] < self.rules.remote_per_officer_day:
                self.remote_day[(o, p.day)] += 1
                p.officers = {p.entry.agencies[0]: [o]}
                return

    def remove(self, p: Placed) -> None:
        e, d = p.entry, p.day
        tid = p.teams[e.agencies[0]]
        if e.mode == "onsite":
            self.onsite[tid][d] -= 1
            self.year_onsite[tid] -= 1
            if e.basis in PLANNED:
                self.planned_week[(tid, int(self.week[d]))] -= 1
            self.flows[tid].remove(e.key)
        else:
            self.remote[tid][d] -= 1
            for o in p.officers.get(e.agencies[0], []):
                self.remote_day[(o, d)] -= 1
        self.by_enterprise[e.enterprise_id].remove(p)
        del self.placed[e.key]

    # -- day order for the greedy placements -------------------------------------------------------
    def day_order(self, e: Entry, days: list[int], tid: str) -> list[int]:
        """A day an agency of the same group already comes first (R-JOINT), then the least-loaded team-day and month
        (R-SPREAD), then a per-entry rotation."""
        if not days:
            return days
        joint = {p.day for p in self.by_enterprise[e.enterprise_id] if p.entry.group == e.group}
        d = np.asarray(days)
        start = int.from_bytes(hashlib.sha256(e.group.encode()).digest()[:4], "big") % len(days)
        rot = (np.arange(len(days)) - start) % len(days)
        load = self.onsite[tid] + self.remote[tid]
        per_month = np.round(np.bincount(self.month, weights=load, minlength=12) / self.month_days, 3)
        not_joint = np.array([x not in joint for x in days]) if joint else np.ones(len(days), dtype=bool)
        if self.perishable_first:
            # officers whose certificate or presence ends early give their budget only on their days: fill those first
            order = np.lexsort((rot, per_month[self.month[d]], load[d], -self.with_budget(tid)[d], not_joint))
        else:
            order = np.lexsort((rot, per_month[self.month[d]], load[d], not_joint))
        return [int(x) for x in d[order]]

    def with_budget(self, tid: str) -> np.ndarray:
        """Per working day, the team's officers present and certified that day with annual budget left."""
        f = self.flows[tid]
        left = [o for o in f.officers if f.budget[o] > f.year_count[o]]
        if not left:
            return np.zeros(self.n_days, dtype=np.int64)
        return np.asarray(np.sum([f.available[o] for o in left], axis=0, dtype=np.int64))

    def place_anywhere(self, e: Entry, days: list[int], annual: bool = True, team_off: dict[str, set[int]] | None = None) -> str | None:
        """Try each eligible team (most room first) on each of these days but those `team_off` keeps from a team
        (R-PRIORITY); None when placed, else the rule that bound most."""
        why: dict[str, int] = defaultdict(int)
        self.last_refused = {}
        teams = sorted(self.teams_for(e), key=lambda t: (-(self.slices[t].annual_onsite - self.year_onsite[t]), t))
        if not teams:
            return "R-TEAM"
        retry: list[tuple[int, str]] = []
        for tid in teams:
            if e.mode == "onsite" and self.flows[tid].spare() < self.rules.k:
                why["R-AVAIL"] += 1
                continue
            off = (team_off or {}).get(tid)
            mine = [d for d in days if d not in off] if off else days
            if len(mine) < len(days):
                why["R-PRIORITY"] += len(days) - len(mine)
            for d in self.day_order(e, mine, tid):
                rule = self.place(e, d, tid, exact=False, annual=annual)
                if rule is None:
                    return None
                if rule == "R-PAIR":
                    retry.append((d, tid))
                why[rule] += 1
        # no officer with room on any allowed day: re-staff the team exactly (a max-flow) for a few of them
        for d, tid in retry[:EXACT_TRIES]:
            if self.place(e, d, tid, annual=annual) is None:
                return None
        self.last_refused = dict(why)
        return max(why, key=lambda r: (why[r], r)) if why else "R-WORKDAY"


EXACT_TRIES = 3  # days per agency-visit on which the team's staffing is re-solved exactly before giving up
