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
from typing import TypedDict

import numpy as np
from ortools.graph.python import max_flow


def officer_key(seed: str, visit_id: str, officer_id: str) -> bytes:
    """R-OFFICER-DRAW: an officer's place in a visit's draw (smaller first)."""
    return hmac.new(seed.encode("utf-8"), f"officer|{visit_id}|{officer_id}".encode(), hashlib.sha256).digest()


@dataclass(slots=True)  # one per on-site agency-visit: no __dict__ each
class Seat:
    vid: str  # a stable id of the agency-visit (entry key) or, when drawing, the visit_id
    day: int
    enterprise: str
    need: int


class DrawRecord(TypedDict):
    """R-OFFICER-DRAW for one agency-visit (officer_draw.json `visits`): officers in HMAC order as considered,
    those skipped (taking them would leave a later visit unstaffed) and those taken."""

    considered: list[str]
    skipped: list[str]
    taken: list[str]


@dataclass(frozen=True)
class SeatGraph:
    """The static part of a team's max-flow over its current seats (availability and recusals), cached by `TeamFlow.graph`."""

    keys: list[str]  # seat ids, sorted
    pos: dict[str, int]  # seat id → its index in keys
    idx: dict[str, int]  # officer → its row
    n_days: int
    oi: np.ndarray  # officer index of each may-sit arc
    si: np.ndarray  # seat index of each may-sit arc
    uo: np.ndarray  # officer of each officer-day node
    ud: np.ndarray  # day of each officer-day node
    tails: np.ndarray
    heads: np.ndarray


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
    version: int = 0  # bumped whenever the seats change (invalidates the cached graph)

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
        # .get, not the defaultdict's [ ]: reading it stored a 0 for every (officer, day) asked, 417,000 of them and
        # 40 MB at a province, kept to the end of the plan
        return self.day_count.get((o, d), 0) < self.per_day and self.year_count[o] < self.budget[o]

    def spare(self) -> int:
        return sum(max(0, self.budget[o] - self.year_count[o]) for o in self.officers)

    # -- adding and removing seats ----------------------------------------------------------------
    def try_add(self, vid: str, day: int, enterprise: str, need: int, exact: bool = True) -> bool:
        """Book a visit's seats if the team can still staff every seat booked plus these. With `exact`, a max-flow
        re-staffs everything when no officer with room is left on that day; without it only the quick path is tried."""
        seat = Seat(vid, day, enterprise, need)
        self.seats[vid] = seat
        self.version += 1
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
            self.version += 1

    def adopt(self, assignment: dict[str, list[str]]) -> None:
        for vid in list(self.assign):
            self._unbook(vid)
        for vid, os in assignment.items():
            self._book(vid, os)

    # -- the exact check ----------------------------------------------------------------------------
    def solve(self, fixed: dict[str, list[str]], seats: list[str] | None = None,
              used: tuple[dict[str, int], dict[tuple[str, int], int]] | None = None) -> dict[str, list[str]] | None:
        """A staffing of every seat (or of `seats`; officers in `fixed` stay where they are), or None if there is none.
        Max-flow (`solve_open` over the cached graph): source → officer (budget left) → officer-day (day cap left) →
        seat (1: never two seats of one visit; 0 if absent, uncertified or recused) → sink (officers still needed)."""
        if not (self.seats if seats is None else seats):
            return {}
        if not self.officers:
            return None
        g = self.graph()
        need = np.zeros(len(g.keys), dtype=np.int64)
        for v in (g.keys if seats is None else seats):
            need[g.pos[v]] = max(0, self.seats[v].need - len(fixed.get(v, ())))
        used_year = np.zeros(len(self.officers), dtype=np.int64)
        used_day = np.zeros((len(self.officers), g.n_days), dtype=np.int64)
        forbid: list[tuple[int, int]] = []
        for vid, os in fixed.items():
            for o in os:
                used_year[g.idx[o]] += 1
                used_day[g.idx[o], self.seats[vid].day] += 1
                forbid.append((g.idx[o], g.pos[vid]))  # already on this seat: not a second time
        if used is not None:  # officer-visits already committed outside these seats
            for o, n in used[0].items():
                used_year[g.idx[o]] += n
            for (o, dd), n in used[1].items():
                used_day[g.idx[o], dd] += n
        got = self.solve_open(need, used_year, used_day, forbid)
        if got is None:
            return None
        out: dict[str, list[str]] = {vid: list(os) for vid, os in fixed.items()}
        for vid, os in got.items():
            out.setdefault(vid, []).extend(os)
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

    def forget_graph(self) -> None:
        """Drop the cached seat graph; `graph` builds it again when next asked. A team's graph is only reused within
        one step (a greedy, the draw of its seats), and a province's 440 graphs together hold 60–70 MB."""
        for name in ("_graph", "_graph_sig"):
            vars(self).pop(name, None)

    def graph(self) -> SeatGraph:
        """The static part of the team's max-flow over its current seats (availability and recusals), built once."""
        sig = (self.version, len(self.seats))
        cached: SeatGraph | None = getattr(self, "_graph", None)
        if getattr(self, "_graph_sig", None) == sig and cached is not None:
            return cached
        keys = sorted(self.seats)
        n_off = len(self.officers)
        idx = {o: i for i, o in enumerate(self.officers)}
        n_days = len(next(iter(self.available.values())))
        A = np.array([self.available[o] for o in self.officers], dtype=bool).reshape(n_off, n_days)
        day = np.array([self.seats[v].day for v in keys], dtype=np.int64)
        M = A[:, day].copy()
        seats_of: dict[str, list[int]] = defaultdict(list)
        for k, v in enumerate(keys):
            seats_of[self.seats[v].enterprise].append(k)
        for o in self.officers:
            for e in self.recused.get(o, ()):
                if e in seats_of:
                    M[idx[o], seats_of[e]] = False
        n_seats = len(keys)
        off_node = 2 + np.arange(n_off)
        seat_node = 2 + n_off + np.arange(n_seats)
        od_base = 2 + n_off + n_seats
        oi, si = np.nonzero(M)
        od = od_base + oi * n_days + day[si]
        uod = np.unique(oi * n_days + day[si])
        uo, ud = uod // n_days, uod % n_days
        tails = np.concatenate([np.zeros(n_off, dtype=np.int64), off_node[uo], od, seat_node]).astype(np.int64)
        heads = np.concatenate([off_node, od_base + uod, seat_node[si], np.full(n_seats, 1)]).astype(np.int64)
        g = SeatGraph(keys=keys, pos={v: k for k, v in enumerate(keys)}, idx=idx, n_days=n_days, oi=oi, si=si, uo=uo,
                      ud=ud, tails=tails, heads=heads)
        self._graph, self._graph_sig = g, sig
        return g

    def solve_open(self, need: np.ndarray, used_year: np.ndarray, used_day: np.ndarray, forbid: list[tuple[int, int]]) -> dict[str, list[str]] | None:
        """The max-flow of `solve` over the cached graph: `need` per seat (0 = closed), officer-visits already used,
        and (officer, seat) pairs that may not be used (officers already on a partly filled seat)."""
        g = self.graph()
        self.flows_solved += 1
        oi, si, uo, ud = g.oi, g.si, g.uo, g.ud
        total = int(need.sum())
        if total == 0:
            return {}
        seat_caps = (need[si] > 0).astype(np.int64)
        if forbid:
            bad = np.zeros(len(oi), dtype=bool)
            for o, k in forbid:
                bad |= (oi == o) & (si == k)
            seat_caps[bad] = 0
        # budgets are read now, not cached with the graph: the draw changes city officers' budgets after the graph of
        # the same seats was built (a stale copy lost a visit its officers in the province's draw)
        budget = np.array([self.budget[o] for o in self.officers], dtype=np.int64)
        caps = np.concatenate([np.maximum(0, budget - used_year), np.maximum(0, self.per_day - used_day[uo, ud]),
                               seat_caps, need]).astype(np.int64)
        mf = max_flow.SimpleMaxFlow()
        mf.add_arcs_with_capacity(g.tails, g.heads, caps)
        if mf.solve(0, 1) != mf.OPTIMAL or mf.optimal_flow() < total:
            return None
        first = len(self.officers) + len(uo)
        flows = mf.flows(np.arange(first, first + len(oi), dtype=np.int64))
        out: dict[str, list[str]] = {}
        keys = g.keys
        for arc in np.flatnonzero(flows > 0):
            out.setdefault(keys[si[arc]], []).append(self.officers[oi[arc]])
        return out

    # -- R-OFFICER-DRAW ---------------------------------------------------------------------------------
    def draw(self, order: list[tuple[str, str]], seed: str) -> dict[str, DrawRecord]:
        """Name officers visit by visit. `order`: (seat id, visit_id) in (day, visit_id) order.
        Returns per seat: the eligible officers considered, in draw order, those skipped (needed later) and those taken.

        A tentative staffing F of the open seats is kept; the drawn officer is taken at once when F has them on this
        visit, or has room for them (swap), or room can be made by moving them off one later seat to an officer with
        room there (a two-step augmenting path); otherwise a max-flow over every open seat decides (skip if none)."""
        got = self.solve({})
        if got is None:
            raise RuntimeError(f"team {self.team}: booked seats cannot be staffed")  # TeamFlow never books such seats
        F: dict[str, list[str]] = {}
        f_year: dict[str, int] = defaultdict(int)
        f_day: dict[tuple[str, int], int] = defaultdict(int)
        by_off: dict[str, set[str]] = defaultdict(set)

        def load(assign: dict[str, list[str]]) -> None:
            for vid, os in assign.items():
                F[vid] = list(os)
                for o in os:
                    f_year[o] += 1
                    f_day[(o, self.seats[vid].day)] += 1
                    by_off[o].add(vid)

        load(got)
        done_year: dict[str, int] = defaultdict(int)
        done_day: dict[tuple[str, int], int] = defaultdict(int)
        closed: set[str] = set()

        def move(o: str, vid: str, q: str) -> None:
            dd = self.seats[vid].day
            F[vid][F[vid].index(o)] = q
            f_year[o] -= 1
            f_day[(o, dd)] -= 1
            by_off[o].discard(vid)
            f_year[q] += 1
            f_day[(q, dd)] += 1
            by_off[q].add(vid)

        def move_out(o: str, here: str, day: int | None) -> bool:
            """Free one of o's later seats (on `day` if given) by handing it to an officer with room there."""
            spare = [q for q in self.officers if q != o and f_year[q] < self.budget[q]]
            if not spare:
                return False
            for vid in sorted(by_off[o]):
                if vid == here or vid in closed:
                    continue
                st = self.seats[vid]
                if day is not None and st.day != day:
                    continue
                for q in spare:
                    if f_day[(q, st.day)] < self.per_day and q not in F[vid] and self.may_sit(q, st):
                        move(o, vid, q)
                        return True
            return False

        def exchange(o: str, here: str, taken: list[str]) -> bool:
            """o takes the seat of p (on this visit, not yet taken) and p takes one of o's later seats: counts
            unchanged for o; p keeps its year count and needs room on that seat's day (unless it is this day)."""
            d0 = self.seats[here].day
            for p in [x for x in F[here] if x not in taken]:
                for vid in sorted(by_off[o]):
                    if vid == here or vid in closed or p in F[vid]:
                        continue
                    st = self.seats[vid]
                    if not self.may_sit(p, st) or (st.day != d0 and f_day[(p, st.day)] >= self.per_day):
                        continue
                    if st.day != d0 and f_day[(o, d0)] >= self.per_day:
                        continue  # o would gain a seat on this day without losing one
                    move(o, vid, p)
                    move(p, here, o)
                    return True
            return False

        g0 = self.graph()
        gidx, gpos = g0.idx, g0.pos
        done_y = np.zeros(len(self.officers), dtype=np.int64)
        done_d = np.zeros((len(self.officers), g0.n_days), dtype=np.int64)
        open_need = np.zeros(len(g0.keys), dtype=np.int64)
        for sid, _ in order:
            open_need[gpos[sid]] = self.seats[sid].need
        out: dict[str, DrawRecord] = {}
        for pos, (sid, visit_id) in enumerate(order):
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
                room = f_day[(o, d)] < self.per_day or move_out(o, sid, d)
                room = room and (f_year[o] < self.budget[o] or move_out(o, sid, None))
                if room:
                    # swap with an officer F had on this visit and not yet taken: both stay within limits
                    p = next(x for x in reversed(F[sid]) if x not in taken)
                    move(p, sid, o)
                    taken.append(o)
                    continue
                if exchange(o, sid, taken):
                    taken.append(o)
                    continue
                g = self.graph()
                idx = g.idx
                need = open_need.copy()
                here = g.pos[sid]
                need[here] = s.need - len(taken) - 1
                uy, udy = done_y.copy(), done_d.copy()
                for x in [*taken, o]:
                    uy[idx[x]] += 1
                    udy[idx[x], d] += 1
                res = self.solve_open(need, uy, udy, [(idx[x], here) for x in [*taken, o]])
                if res is None:
                    skipped.append(o)  # taking o would leave a later visit unstaffed
                    continue
                res[sid] = [*taken, o, *res.get(sid, [])]
                open_seats = [k for k, _ in order[pos:]]
                for vid in open_seats:
                    for x in F.pop(vid, []):
                        f_year[x] -= 1
                        f_day[(x, self.seats[vid].day)] -= 1
                        by_off[x].discard(vid)
                load(res)
                taken.append(o)
            if len(taken) < s.need:
                raise RuntimeError(f"team {self.team}: visit {visit_id} lost its officers in the draw")
            for x in F[sid]:
                by_off[x].discard(sid)
            closed.add(sid)
            for o in taken:
                done_year[o] += 1
                done_day[(o, d)] += 1
                done_y[gidx[o]] += 1
                done_d[gidx[o], d] += 1
            open_need[gpos[sid]] = 0
            out[sid] = {"considered": eligible[: len(taken) + len(skipped)], "skipped": skipped, "taken": taken}
        return out
