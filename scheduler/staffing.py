"""Who can staff what, exactly (R-PAIR, R-CERT, R-RECUSE, R-AVAIL), and the officers' draw (R-OFFICER-DRAW).

One `TeamFlow` per team of a part keeps a *tentative* staffing of every seat booked so far:
an on-site visit needs `k` different certified officers of the team; an officer sits at most
`max_visits_per_officer_per_day` times a day and `annual_visit_budget` times a year, only on
days present and certified, never at an enterprise they are recused from. Whether a set of
seats can be staffed is a max-flow (officer → officer-day → visit → sink, arc officer-day →
visit of capacity 1, so no officer fills two seats of one visit): exact, so a visit booked
here can always be given officers later, and a visit refused here could not be staffed by
any naming (placement loss 0 by construction).

The officers' draw (双随机's second draw) then walks the visits in (day, visit_id) order and
takes, among the officers eligible that day, the first in HMAC-SHA256(seed,
"officer|{visit_id}|{officer_id}") order whose taking still leaves every later seat
staffable (checked by the same max-flow), skipping only those that would not.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import max_flow


def officer_key(seed: str, visit_id: str, officer_id: str) -> bytes:
    """R-OFFICER-DRAW: an officer's place in a visit's draw (smaller first)."""
    return hmac.new(seed.encode("utf-8"), f"officer|{visit_id}|{officer_id}".encode(), hashlib.sha256).digest()


@dataclass
class Seat:
    vid: str  # a stable id of the agency-visit (entry key) or, when drawing, the visit_id
    day: int
    enterprise: str
    need: int


@dataclass
class TeamFlow:
    """The on-site seats of one team in one part and a staffing of them that keeps every officer's limits."""

    team: str
    officers: list[str]
    available: dict[str, np.ndarray]
    budget: dict[str, int]
    recused: dict[str, set[str]]
    per_day: int
    seats: dict[str, Seat] = field(default_factory=dict)
    assign: dict[str, list[str]] = field(default_factory=dict)
    day_count: dict[tuple[str, int], int] = field(default_factory=lambda: defaultdict(int))
    year_count: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    flows_solved: int = 0

    # -- bookkeeping ----------------------------------------------------------------------------
    def _book(self, vid: str, officers: list[str]) -> None:
        d = self.seats[vid].day
        for o in officers:
            self.day_count[(o, d)] += 1
            self.year_count[o] += 1
        self.assign[vid] = list(officers)

    def _unbook(self, vid: str) -> None:
        d = self.seats[vid].day
        for o in self.assign.pop(vid, []):
            self.day_count[(o, d)] -= 1
            self.year_count[o] -= 1

    def may_sit(self, o: str, seat: Seat) -> bool:
        """R-CERT/R-AVAIL (present and certified that day) and R-RECUSE, before any load."""
        return bool(self.available[o][seat.day]) and seat.enterprise not in self.recused.get(o, ())

    def room(self, o: str, d: int) -> bool:
        return self.day_count[(o, d)] < self.per_day and self.year_count[o] < self.budget[o]

    def spare(self) -> int:
        return sum(max(0, self.budget[o] - self.year_count[o]) for o in self.officers)

    # -- adding and removing seats ----------------------------------------------------------------
    def try_add(self, vid: str, day: int, enterprise: str, need: int, exact: bool = True) -> bool:
        """Book a visit's seats if the team can still staff every seat booked plus these. With `exact`, a max-flow
        re-staffs everything when no officer with room is left on that day; without it only the quick path is tried."""
        seat = Seat(vid, day, enterprise, need)
        self.seats[vid] = seat
        ok = [o for o in self.officers if self.may_sit(o, seat) and self.room(o, day)]
        if len(ok) >= need:
            # cheap path: officers with room; those with most budget left go first (keeps budgets usable)
            ok.sort(key=lambda o: (-(self.budget[o] - self.year_count[o]), o))
            self._book(vid, ok[:need])
            return True
        # necessary for any staffing: budget left in total, and enough officers present, certified, not recused
        if not exact or self.spare() < need or sum(1 for o in self.officers if self.may_sit(o, seat)) < need:
            del self.seats[vid]
            return False
        got = self.solve({})
        if got is None:
            del self.seats[vid]
            return False
        self.adopt(got)
        return True

    def remove(self, vid: str) -> None:
        if vid in self.seats:
            self._unbook(vid)
            del self.seats[vid]

    def adopt(self, assignment: dict[str, list[str]]) -> None:
        for vid in list(self.assign):
            self._unbook(vid)
        for vid, os in assignment.items():
            self._book(vid, os)

    # -- the exact check ----------------------------------------------------------------------------
    def solve(self, fixed: dict[str, list[str]], seats: list[str] | None = None) -> dict[str, list[str]] | None:
        """A staffing of every seat (officers in `fixed` stay where they are), or None if there is none."""
        keys = sorted(self.seats) if seats is None else seats
        self.flows_solved += 1
        used_year: dict[str, int] = defaultdict(int)
        used_day: dict[tuple[str, int], int] = defaultdict(int)
        for vid, os in fixed.items():
            for o in os:
                used_year[o] += 1
                used_day[(o, self.seats[vid].day)] += 1
        idx = {o: i for i, o in enumerate(self.officers)}
        n_off = len(self.officers)
        node_of_od: dict[tuple[int, int], int] = {}
        tails: list[int] = []
        heads: list[int] = []
        caps: list[int] = []
        source, sink = 0, 1
        nxt = 2 + n_off
        need_total = 0
        seat_arcs: list[tuple[int, str, str]] = []  # arc index, visit, officer
        for vid in keys:
            s = self.seats[vid]
            have = fixed.get(vid, [])
            need = s.need - len(have)
            if need <= 0:
                continue
            vnode = nxt
            nxt += 1
            tails.append(vnode)
            heads.append(sink)
            caps.append(need)
            need_total += need
            for o in self.officers:
                if o in have or not self.may_sit(o, s):
                    continue
                key = (idx[o], s.day)
                if key not in node_of_od:
                    node_of_od[key] = nxt
                    nxt += 1
                seat_arcs.append((len(tails), vid, o))
                tails.append(node_of_od[key])
                heads.append(vnode)
                caps.append(1)
        for (i, d), node in node_of_od.items():
            o = self.officers[i]
            tails.append(2 + i)
            heads.append(node)
            caps.append(max(0, self.per_day - used_day[(o, d)]))
        for i, o in enumerate(self.officers):
            tails.append(source)
            heads.append(2 + i)
            caps.append(max(0, self.budget[o] - used_year[o]))
        if need_total == 0:
            return {vid: list(os) for vid, os in fixed.items()}
        mf = max_flow.SimpleMaxFlow()
        mf.add_arcs_with_capacity(np.array(tails, dtype=np.int64), np.array(heads, dtype=np.int64), np.array(caps, dtype=np.int64))
        if n_off == 0 or mf.solve(source, sink) != mf.OPTIMAL or mf.optimal_flow() < need_total:
            return None
        flows = mf.flows(np.array([a for a, _, _ in seat_arcs], dtype=np.int64))
        out: dict[str, list[str]] = {vid: list(os) for vid, os in fixed.items()}
        for (_, vid, o), f in zip(seat_arcs, flows, strict=True):
            if f > 0:
                out.setdefault(vid, []).append(o)
        return out

    def unstaffable(self) -> list[str]:
        """Seats a max-flow cannot fill (used when a model's days are loaded in bulk): the visits short of officers."""
        got = self.solve({})
        if got is not None:
            self.adopt(got)
            return []
        short = []
        # drop nothing here; the caller removes visits (lowest priority first) and asks again
        for vid, s in self.seats.items():
            if len([o for o in self.officers if self.may_sit(o, s)]) < s.need:
                short.append(vid)
        return short

    # -- R-OFFICER-DRAW ---------------------------------------------------------------------------------
    def draw(self, order: list[tuple[str, str]], seed: str) -> dict[str, dict[str, object]]:
        """Name officers visit by visit. `order`: (seat id, visit_id) in (day, visit_id) order.
        Returns per seat: the eligible officers considered, in draw order, those skipped (needed later) and those taken."""
        got = self.solve({})
        if got is None:
            raise RuntimeError(f"team {self.team}: booked seats cannot be staffed")  # TeamFlow never books such seats
        F = {vid: list(os) for vid, os in got.items()}
        f_year: dict[str, int] = defaultdict(int)
        f_day: dict[tuple[str, int], int] = defaultdict(int)
        for vid, os in F.items():
            for o in os:
                f_year[o] += 1
                f_day[(o, self.seats[vid].day)] += 1
        done_year: dict[str, int] = defaultdict(int)
        done_day: dict[tuple[str, int], int] = defaultdict(int)
        fixed: dict[str, list[str]] = {}
        out: dict[str, dict[str, object]] = {}
        for sid, visit_id in order:
            s = self.seats[sid]
            d = s.day
            eligible = [o for o in self.officers if self.may_sit(o, s) and done_day[(o, d)] < self.per_day and done_year[o] < self.budget[o]]
            eligible.sort(key=lambda o: officer_key(seed, visit_id, o))
            taken: list[str] = []
            skipped: list[str] = []
            for o in eligible:
                if len(taken) == s.need:
                    break
                if o in F[sid]:
                    taken.append(o)
                    continue
                if f_year[o] < self.budget[o] and f_day[(o, d)] < self.per_day:
                    # swap with an officer the tentative staffing had on this visit and not yet taken: both stay within limits
                    p = next(x for x in reversed(F[sid]) if x not in taken)
                    F[sid][F[sid].index(p)] = o
                    f_year[p] -= 1
                    f_day[(p, d)] -= 1
                    f_year[o] += 1
                    f_day[(o, d)] += 1
                    taken.append(o)
                    continue
                trial = dict(fixed)
                trial[sid] = [*taken, o]
                res = self.solve(trial)
                if res is None:
                    skipped.append(o)  # taking o would leave a later visit unstaffed
                    continue
                F = {vid: list(os) for vid, os in res.items()}
                f_year = defaultdict(int)
                f_day = defaultdict(int)
                for vid, os in F.items():
                    for x in os:
                        f_year[x] += 1
                        f_day[(x, self.seats[vid].day)] += 1
                taken.append(o)
            if len(taken) < s.need:
                raise RuntimeError(f"team {self.team}: visit {visit_id} lost its officers in the draw")
            # keep the tentative staffing consistent with what was taken
            F[sid] = list(taken)
            fixed[sid] = list(taken)
            for o in taken:
                done_year[o] += 1
                done_day[(o, d)] += 1
            out[sid] = {"considered": eligible[: len(taken) + len(skipped)], "skipped": skipped, "taken": taken}
        return out
