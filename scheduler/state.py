"""A part's plan as it is built: loads, entries per enterprise, officers' days.

The greedy baseline, the repair after officer assignment and the top-up all place
entries through `PartState.fits`, which asks the same rules the CP-SAT model encodes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from scheduler.requirements import PLANNED, Entry
from scheduler.resources import Part, Staff, TeamSlice


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


@dataclass
class Placed:
    entry: Entry
    day: int  # workday index
    teams: dict[str, str]  # agency → team_id
    officers: dict[str, list[str]] = field(default_factory=dict)


def gap_needed(a: Entry, b: Entry, rules: Rules) -> int:
    """R-GAP between two planned entries of one enterprise (0: no gap needed). R-EXEMPT: others need none."""
    if a.basis not in PLANNED or b.basis not in PLANNED:
        return 0
    if set(a.agencies) & set(b.agencies):
        return rules.gap_repeat
    if a.mode == "onsite" and b.mode == "onsite":
        return rules.gap_entries
    return 0


class PartState:
    def __init__(self, part: Part, staff: Staff, rules: Rules, workdays: list[dt.date]):
        self.part, self.staff, self.rules = part, staff, rules
        self.ordinal = np.array([d.toordinal() for d in workdays])
        self.month = np.array([d.month - 1 for d in workdays])
        self.week = np.array([d.isocalendar()[1] + 53 * (d.isocalendar()[0] - workdays[0].year) for d in workdays])
        self.slices: dict[str, TeamSlice] = {s.team_id: s for ss in part.slices.values() for s in ss}
        self.n_days = len(workdays)
        z = lambda: np.zeros(self.n_days, dtype=np.int64)  # noqa: E731
        self.onsite = defaultdict(z)
        self.remote = defaultdict(z)
        self.planned_week: dict[tuple[str, int], int] = defaultdict(int)
        self.week_cap: dict[tuple[str, int], int] = {}
        for tid, s in self.slices.items():
            for w in np.unique(self.week):
                self.week_cap[(tid, int(w))] = int((1 - rules.reserve) * s.onsite_cap[self.week == w].sum())
        self.year_onsite: dict[str, int] = defaultdict(int)
        self.by_enterprise: dict[str, list[Placed]] = defaultdict(list)
        self.placed: dict[str, Placed] = {}
        self.officer_day: dict[tuple[str, int], int] = defaultdict(int)
        self.officer_remote_day: dict[tuple[str, int], int] = defaultdict(int)
        self.officer_year: dict[str, int] = defaultdict(int)
        self.officer_month: dict[tuple[str, int], int] = defaultdict(int)
        # the model's month-level flow (officer, month) → visits, when there is one: staffing follows it
        self.quota: dict[tuple[str, int], int] = {}
        last = len(workdays)
        self.month_end = np.array([next((j for j in range(i, last) if self.month[j] != self.month[i]), last) for i in range(last)])

    # -- the rules, for one entry on one day ---------------------------------------------
    def fits(self, e: Entry, d: int, teams: dict[str, str]) -> str | None:
        """None if entry `e` may go on workday `d` with these teams; else the rule id that forbids it."""
        if not e.window[0] <= d <= e.window[1]:
            return "R-TRIGGER" if e.basis == "triggered" else "R-WORKDAY"
        for a in e.agencies:
            s = self.slices[teams[a]]
            if self.onsite[s.team_id][d] + self.remote[s.team_id][d] >= s.day_cap:
                return "R-AVAIL"
            if e.mode == "onsite":
                if self.onsite[s.team_id][d] >= s.onsite_cap[d] or self.year_onsite[s.team_id] >= s.annual_onsite:
                    return "R-AVAIL"
                if e.basis in PLANNED and self.planned_week[(s.team_id, int(self.week[d]))] >= self.week_cap[(s.team_id, int(self.week[d]))]:
                    return "R-SPREAD"
            elif self.remote[s.team_id][d] >= s.remote_cap[d]:
                return "R-AVAIL"
        for p in self.by_enterprise[e.enterprise_id]:
            if e.mode == "onsite" and p.entry.mode == "onsite" and p.day == d:
                return "R-JOINT"
            g = gap_needed(e, p.entry, self.rules)
            if g and abs(int(self.ordinal[d]) - int(self.ordinal[p.day])) < g:
                return "R-GAP"
        return None

    def add(self, e: Entry, d: int, teams: dict[str, str]) -> Placed:
        p = Placed(e, d, dict(teams))
        for a in e.agencies:
            tid = teams[a]
            if e.mode == "onsite":
                self.onsite[tid][d] += 1
                self.year_onsite[tid] += 1
                if e.basis in PLANNED:
                    self.planned_week[(tid, int(self.week[d]))] += 1
            else:
                self.remote[tid][d] += 1
        self.by_enterprise[e.enterprise_id].append(p)
        self.placed[e.key] = p
        return p

    def remove(self, p: Placed) -> None:
        e, d = p.entry, p.day
        for a in e.agencies:
            tid = p.teams[a]
            if e.mode == "onsite":
                self.onsite[tid][d] -= 1
                self.year_onsite[tid] -= 1
                if e.basis in PLANNED:
                    self.planned_week[(tid, int(self.week[d]))] -= 1
            else:
                self.remote[tid][d] -= 1
            for o in p.officers.get(a, []):
                if e.mode == "onsite":
                    self.officer_day[(o, d)] -= 1
                    self.officer_year[o] -= 1
                    self.officer_month[(o, int(self.month[d]))] -= 1
                else:
                    self.officer_remote_day[(o, d)] -= 1
        self.by_enterprise[e.enterprise_id].remove(p)
        del self.placed[e.key]

    # -- officers (R-PAIR, R-CERT, R-RECUSE, R-AVAIL, R-ROTATE) ------------------------------
    def pick_officers(self, e: Entry, d: int, tid: str) -> list[str] | None:
        st, need = self.staff, (self.rules.k if e.mode == "onsite" else 1)
        ok = []
        for o in self.slices[tid].officers:
            if not st.available[o][d] or e.enterprise_id in st.recused.get(o, ()):
                continue
            if e.mode == "onsite":
                if self.officer_day[(o, d)] >= self.rules.per_officer_day or self.officer_year[o] >= st.budget[o]:
                    continue
                m = int(self.month[d])
                if self.quota:
                    # follow the model's monthly flow: within this month's share, who has most left per day left first
                    left = self.quota.get((o, m), 0) - self.officer_month[(o, m)]
                    if left <= 0:
                        continue
                    days_left = max(1, int(st.available[o][d : self.month_end[d]].sum()))
                    load = -left / days_left
                else:
                    # who has the most budget left for the days they have left goes first: budgets get used
                    # before their holders' working days run out
                    left_days = max(1, int(st.available[o][d:].sum()))
                    load = -(st.budget[o] - self.officer_year[o]) / left_days
            else:
                if self.officer_remote_day[(o, d)] >= self.rules.remote_per_officer_day:
                    continue
                load = self.officer_remote_day[(o, d)] / 100
            ok.append((e.enterprise_id in st.last_year.get(o, ()), load, o))
        if len(ok) < need:
            return None
        return [o for _, _, o in sorted(ok)[:need]]

    def has_budget(self, tid: str) -> bool:
        """At least k officers of the slice still have on-site visits left in their year."""
        left = sum(1 for o in self.slices[tid].officers if self.officer_year[o] < self.staff.budget[o])
        return left >= self.rules.k

    def staff_entry(self, p: Placed) -> bool:
        """Give every agency of a placed entry its officers, or nothing at all."""
        chosen = {}
        for a in p.entry.agencies:
            got = self.pick_officers(p.entry, p.day, p.teams[a])
            if got is None:
                return False
            chosen[a] = got
        self.book(p, chosen)
        return True

    def book(self, p: Placed, officers: dict[str, list[str]]) -> None:
        """Record who goes on a placed entry."""
        for os in officers.values():
            for o in os:
                if p.entry.mode == "onsite":
                    self.officer_day[(o, p.day)] += 1
                    self.officer_year[o] += 1
                    self.officer_month[(o, int(self.month[p.day]))] += 1
                else:
                    self.officer_remote_day[(o, p.day)] += 1
        p.officers = officers

    def place_staffed(self, e: Entry, teams: dict[str, str], days: list[int]) -> Placed | str:
        """Try the days in order; the first that fits and can be staffed wins. Else the rule that bound most."""
        why: dict[str, int] = defaultdict(int)
        if e.mode == "onsite" and not all(self.has_budget(teams[a]) for a in e.agencies):
            return "R-AVAIL"
        for d in days:
            rule = self.fits(e, d, teams)
            if rule:
                why[rule] += 1
                continue
            if any(self.pick_officers(e, d, teams[a]) is None for a in e.agencies):
                why["R-PAIR"] += 1
                continue
            p = self.add(e, d, teams)
            if self.staff_entry(p):
                return p
            self.remove(p)
            why["R-PAIR"] += 1
        return max(why, key=lambda r: (why[r], r)) if why else "R-WORKDAY"
