"""A city team's day in one district lends its free seats to another district's required visit (借调, R-PRIORITY).

Districts solve apart, so a city-level team works in one district a day (scheduler/resources.py `build_parts`). After
the parts are solved, a trigger, follow-up or mandatory visit may be left unmet in one district while the city team of
its agency has officers free on a day of its window that belongs to another district (bench/diag24: concrete_squeeze,
complaints due on the year's first working day in three districts while the city team made one visit that day). Such a
visit is booked as a *guest* of the district that holds the day (its host):

- the host's limits on that team-day decide (`PartState.team_rule`: R-AVAIL, R-SPREAD), and the host's exact staffing
  of the team (the same max-flow, `TeamFlow.try_add`, with the guest's enterprise for R-RECUSE);
- the visit's own district decides the enterprise's rules (`PartState.enterprise_rule`: R-JOINT, R-GAP, R-CAP-*),
  and keeps the visit as its own (visits.csv, its visit id, its row's district);
- the officers' draw (scheduler/plan.py `draw_officers`) draws the guest's seat with the host's seats of the team, in
  (day, visit_id) order, so R-OFFICER-DRAW holds across the two districts as it does within one.

R-PRIORITY's first two classes are guests before the sampled walk (`place_guests`, `give_way`): the seats lent are ones
the sampled walk would otherwise have been free to take (a lower class). The sampled walk's own visits are guests last,
in draw order, on seats no required visit took (`sampled_guest`). Officers' annual budgets are split among districts; a
guest may move an officer's unused share from a third district to the host (never a share the third district's own
staffing holds: `spare` only).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

import numpy as np

from scheduler.requirements import PLANNED, Entry
from scheduler.resources import CitySplit, k_together
from scheduler.solve import priority
from scheduler.staffing import TeamFlow
from scheduler.state import PartState, Placed

GUEST_FLOWS = 60  # exact staffing checks (max-flows) per unmet agency-visit, as `solve.REPAIR_FLOWS`
GUEST_FLOWS_TOTAL = 6000  # and in all (review24: 6 ms each on a 500-seat host; a province may leave thousands unmet)
# and per city team: one team's hopeless visits may not take the others' checks (foreign35 b4: hb's and um's 863 unmet
# visits took all 6,000 and placed one; ry's, each placed at its first check, were reached 9 times of 20)
GUEST_FLOWS_TEAM = GUEST_FLOWS_TOTAL // 4


def city_day_owners(states: dict[str, PartState], split: CitySplit) -> dict[str, np.ndarray]:
    """City team → per working day, the index in sorted(states) of the district holding that day (-1: none): where
    any of the team's officers is present in that district's share."""
    names = sorted(states)
    out: dict[str, np.ndarray] = {}
    for tid in split:
        for i, d in enumerate(names):
            flow = states[d].flows.get(tid)
            if flow is None:
                continue
            owner = out.setdefault(tid, np.full(states[d].n_days, -1, dtype=np.int64))
            here = np.any([flow.available[o] for o in flow.officers], axis=0) if flow.officers else np.zeros(len(owner), dtype=bool)
            owner[here & (owner < 0)] = i
    return out


def _guest_days(e: Entry, host_load: np.ndarray) -> list[int]:
    """Days to try: a trigger or follow-up those of its window, earliest first (its deadline); a mandatory visit those
    of its window, then every other day of the year, each the host team's least-loaded first (R-SPREAD), ties by day.
    A mandatory visit's window only spreads an enterprise's visits over the year (`requirements.visit_window`); R-GAP
    keeps them apart on whichever days they fall (`PartState.enterprise_rule`). foreign35 (b4): a tier-D firm's second
    visit of an agency stayed unmet, its window's days too close to the first, while the city team was free on
    4 January, more than R-GAP's days before the first."""
    if e.klass == 0:
        return list(range(e.window[0], e.window[1] + 1))
    days = np.arange(len(host_load))
    outside = (days < e.window[0]) | (days > e.window[1])
    return [int(d) for d in days[np.lexsort((days, host_load[days], outside))]]


RESTAFF_SHARES = 2  # other districts' shares re-staffed (a max-flow each) to free one unit of one officer's budget


# (share, officer) → that share's staffing before it was re-staffed to free the officer's unit, and the units other
# shares lent it that the new staffing sits: what `_give_back` needs to undo a re-staffing exactly
Restaffed = dict[tuple[str, str], tuple[dict[str, list[str]], list[tuple[str, str]]]]


def _restaffed_unit(states: dict[str, PartState], tid: str, host: str, o: str, spent: list[int],
                    restaffed: Restaffed | None = None) -> str | None:
    """A unit of `o`'s budget freed in another district's share of city team `tid`: one of o's seats there re-staffed to
    another officer of the team (the share's max-flow decides; `TeamFlow.solve`). foreign35 (b1, b4): a tier-D visit
    stayed unmet with two officers of the city team each a visit under budget at the year's end — one officer's spare
    units sat in districts where the other's share was spent, so no pair had budget in any one share, while the
    officers' draw, which sees the whole team, spread them. The officer taking the seat may have its spare unit in a
    third district's share: the share re-staffed is lent one unit of each other officer spare only elsewhere
    (`_pooled`), and gives back what its new staffing does not use (foreign35 H3, b2: the scarce gas team's third
    officer kept 9 units while the other two were spent and 61 tier-D gas visits went unmet). Shares are tried those
    with the most to spare (their own and lent) first. Returns the district, or None; `spent[0]` counts the
    max-flows, none once it reaches `spent[1]` (the caller's budget of exact checks). A re-staffing kept is recorded
    in `restaffed`, for `_give_back` to undo if the guest is not booked (review35: a lent unit stayed in the re-staffed
    share, and give_way could not put back the mandatory visit whose officers had lent it)."""
    if spent[0] >= spent[1]:
        return None  # nothing below is counted: no work where no check may follow (review35: 78 ms a day at 12 shares)
    lenders = _lenders(states, tid, host)
    tries = []
    for d in sorted(states):
        f = states[d].flows.get(tid)
        if d == host or f is None or f.year_count.get(o, 0) <= 0 or f.budget.get(o, 0) <= 0:
            continue
        lent = _pooled(states, tid, (host, d), o, lenders)  # a failed try restores every budget: still valid when tried
        others = sum(max(0, f.budget[q] - f.year_count[q]) for q in f.officers if q != o) + len(lent)
        if others > 0:
            tries.append((-others, d, lent))
    for _, d, lent in sorted(tries, key=lambda t: t[:2])[:RESTAFF_SHARES]:
        if spent[0] >= spent[1]:
            break
        f = states[d].flows[tid]
        saved = {vid: list(os) for vid, os in f.assign.items()}
        for q, src in lent:
            states[src].flows[tid].budget[q] -= 1
            f.budget[q] += 1
        f.budget[o] -= 1
        spent[0] += 1
        got = f.solve({})
        if got is not None:
            f.adopt(got)  # every seat of the share still staffed, o's one fewer
        else:
            f.budget[o] += 1
        back = [(q, src) for q, src in lent if got is None or f.budget[q] > f.year_count[q]]
        for q, src in back:
            f.budget[q] -= 1
            states[src].flows[tid].budget[q] += 1
        if got is not None:
            if restaffed is not None:
                restaffed[(d, o)] = (saved, [x for x in lent if x not in back])
            return d
    return None


def hosted_guests(states: dict[str, PartState]) -> dict[str, str]:
    """Agency-visit → the district whose city-team day it took, for every guest a district hosts (those of the guests
    pass and of the sampled walk)."""
    return {key: d for d, st in states.items() for key in st.guests}


def _lenders(states: dict[str, PartState], tid: str, host: str) -> dict[str, list[tuple[int, str]]]:
    """Officer of city team `tid` → its two shares with the most budget to spare outside `host` (spare, district), most
    first: the share that lends `_pooled`'s unit (the second where the first is the share being re-staffed)."""
    out: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for d in sorted(states):
        g = states[d].flows.get(tid)
        if d == host or g is None:
            continue
        for q in g.officers:
            if g.budget[q] > g.year_count[q]:
                out[q] = sorted([*out[q], (g.budget[q] - g.year_count[q], d)], reverse=True)[:2]
    return out


def _pooled(states: dict[str, PartState], tid: str, skip: tuple[str, str], o: str,
            lenders: dict[str, list[tuple[int, str]]] | None = None) -> list[tuple[str, str]]:
    """(officer, district) for each officer of city team `tid` but `o` with no budget left in share `skip[1]` and some
    in another district's share (not `skip[0]`, the host): the share with the most to spare lends one unit."""
    f = states[skip[1]].flows[tid]
    by = _lenders(states, tid, skip[0]) if lenders is None else lenders
    out = []
    for q in f.officers:
        if q == o or f.budget[q] > f.year_count[q]:
            continue
        src = next((d for _, d in by.get(q, ()) if d != skip[1]), "")
        if src:
            out.append((q, src))
    return out


def _borrow(states: dict[str, PartState], tid: str, host: str, officers: list[str],
            spent: list[int] | None = None, need: int = 0, restaffed: Restaffed | None = None) -> list[tuple[str, str]]:
    """Give each of `officers` with no budget share left in `host` one unit of their unused share elsewhere (the part with
    the most to spare first), else — where `spent` = [exact checks used, the most allowed] — a unit freed by re-staffing
    another share (`_restaffed_unit`) while fewer than `need` of them have budget in `host` (review34: one per officer
    able, 36 max-flows for one day of a 40-officer team); returns (part, officer) moved, to be given back if the guest
    is not placed."""
    moved = []
    flow = states[host].flows[tid]
    for o in officers:
        if flow.budget[o] > flow.year_count[o]:
            continue
        spare = [(states[d].flows[tid].budget[o] - states[d].flows[tid].year_count[o], d) for d in sorted(states)
                 if d != host and tid in states[d].flows and o in states[d].flows[tid].budget]
        left, d = max(spare, default=(0, ""))
        if left > 0:
            states[d].flows[tid].budget[o] -= 1
        elif spent is not None and sum(flow.budget[q] > flow.year_count[q] for q in officers) < need:
            d = _restaffed_unit(states, tid, host, o, spent, restaffed) or ""  # the re-staffed share has given its unit already
        else:
            d = ""
        if d:
            flow.budget[o] += 1
            moved.append((d, o))
    return moved


def _team_spare(states: dict[str, PartState], tid: str, officers: list[str]) -> int:
    """Units of annual budget `officers` of city team `tid` have left over every district's share."""
    return sum(max(0, f.budget[o] - f.year_count[o]) for st in states.values() if (f := st.flows.get(tid)) is not None
               for o in officers if o in f.budget)


def _give_back(states: dict[str, PartState], tid: str, host: str, moved: list[tuple[str, str]],
               restaffed: Restaffed | None = None) -> None:
    """Units `_borrow` moved to `host` go back, the last first. A unit a re-staffing freed (in `restaffed`) undoes it:
    the unit, then the share's staffing as before, then the units lent to it (review33b: staffing before units)."""
    for d, o in reversed(moved):
        states[d].flows[tid].budget[o] += 1
        states[host].flows[tid].budget[o] -= 1
        if restaffed and (d, o) in restaffed:
            saved, lent = restaffed.pop((d, o))
            f = states[d].flows[tid]
            f.adopt(saved)
            for q, src in lent:
                f.budget[q] -= 1
                states[src].flows[tid].budget[q] += 1


def borrow_for_sampled(states: dict[str, PartState], split: CitySplit, entries: list[Entry]) -> list[tuple[str, str, str]]:
    """The sampled walk's city-team budget (foreign33 F1): a city team's officers' budgets are shared out among its
    districts before solving, so a drawn enterprise found no officer with budget left in its district's share while
    the team's year had some in another's (b_triggers: rank 4 of tier C left out, 30 places free, the team 18 of 20
    visits used). Each on-site entry's city teams in its district get one unit for each officer whose share there is
    spent, from another district's unused share (`_borrow`). Returns (team, part, officer) moved: `return_unused`
    gives back what the placement did not use. The caller asks only where no required visit of the agency is held
    back in the city (R-PRIORITY: what the sampled visit spends, a requirement could otherwise have used)."""
    host = entries[0].district
    st = states[host]
    moved: list[tuple[str, str, str]] = []
    for e in entries:
        if e.mode != "onsite":
            continue
        for tid in st.teams_for(e):
            if tid in split:
                flow = st.flows[tid]
                short = [o for o in flow.officers if flow.budget[o] <= flow.year_count[o]]
                moved += [(tid, d, o) for d, o in _borrow(states, tid, host, short)]
    return moved


def return_unused(states: dict[str, PartState], host: str, moved: list[tuple[str, str, str]], placed: bool) -> None:
    """Give back to their districts the units `borrow_for_sampled` moved: all of them where nothing was placed, else
    those the host's staffing does not use."""
    for tid, d, o in moved:
        flow = states[host].flows[tid]
        if not placed or flow.budget[o] > flow.year_count[o]:
            _give_back(states, tid, host, [(d, o)])


def _make_room(host: PartState, tid: str, keys: Iterable[str]) -> Placed | None:
    """Free a seat of the city team on the host's day by giving one of the host's own visits that day (`keys`) another of
    its eligible teams (its district's own, `PartState.move_team`): the part chose among its teams without knowing that
    a visit elsewhere had no other (tests/test_guests.py: two of a district's complaints on the city team, its own team
    idle). Returns the visit moved, to be moved back (`_move_back`) if the guest is not booked after all."""
    for key in sorted(k for k in keys if k in host.placed):
        p = host.placed[key]
        for other in host.teams_for(p.entry):
            if other != tid and host.move_team(p, other):
                return p
    return None


def _move_back(host: PartState, p: Placed | None, tid: str) -> None:
    """Undo `_make_room` where the guest it made room for was not booked: nothing of the host's plan changes for a guest
    that is not there (review24). Its seat on `tid` was freed by the move and nothing took it, so it fits again."""
    # the slice's pair-feasible year (`annual`) is not asked: a guest booked earlier may have filled it (annual=False),
    # and the seat this visit held is free again
    if p is not None and not host.move_team(p, tid, annual=False):
        raise RuntimeError(f"{p.entry.key}: the move made for a guest could not be undone")


def _unmet(required: dict[str, list[Entry]], unplaced: dict[str, str]) -> Iterator[Entry]:
    """On-site agency-visits of R-PRIORITY's first two classes left unmet, in priority order (class, window, key)."""
    yield from sorted((e for es in required.values() for e in es if e.key in unplaced and e.mode == "onsite" and e.klass < 2),
                      key=priority)


def place_guests(states: dict[str, PartState], required: dict[str, list[Entry]], unplaced: dict[str, str],
                 split: CitySplit, holds: Callable[[Entry], bool] | None = None, flows: int | None = None) -> dict[str, str]:
    """Book unmet required on-site agency-visits on city-team days held by other districts (module docstring).
    Removes each one placed from `unplaced`; returns agency-visit key → host district.

    R-PRIORITY between the two classes (review24: a mandatory guest spent the officers' budget that its own district's
    unmet complaints needed, 18 checker violations): a visit may also take its own district's city-team days with
    budget moved from another district's share (its part could not: the share there was spent), and no
    mandatory visit is a guest of a city where an unmet trigger or follow-up of its agency still `holds` (one a plan
    could meet: not impossible, not held by its window's days alone; by default every unmet one)."""
    names = sorted(states)
    owners = city_day_owners(states, split)
    agency_of = {tid: s.agency for st in states.values() for tid, s in st.slices.items() if tid in owners}
    out: dict[str, str] = {}
    seats_on: dict[tuple[str, str], dict[int, list[str]]] = {}  # (host, team) → day → its seats (a province: thousands a team)
    blocked: set[tuple[str, str]] | None = None  # (city, agency) with an unmet first-class visit: no mandatory guest there
    flows_total = GUEST_FLOWS_TOTAL if flows is None else flows  # exact staffing checks in all (give_way asks for a few per try)
    team_left: dict[str, int] = defaultdict(lambda: GUEST_FLOWS_TEAM if flows is None else flows_total)

    def on_day(host: str, tid: str, day: int) -> list[str]:
        idx = seats_on.get((host, tid))
        if idx is None:
            idx = seats_on[(host, tid)] = defaultdict(list)
            for k, seat in states[host].flows[tid].seats.items():
                idx[seat.day].append(k)
        return idx.get(day, [])

    for e in list(_unmet(required, unplaced)):
        own = states.get(e.district)
        if own is None or flows_total <= 0:
            continue
        if e.klass == 1:
            if blocked is None:
                blocked = {(x.district[:4], x.agencies[0]) for x in _unmet(required, unplaced) if x.klass == 0 and (holds is None or holds(x))}
            if (e.district[:4], e.agencies[0]) in blocked:
                continue
        # R-TEAM: a city-level team of the visit's agency works in every district of its city
        teams = [t for t in sorted(owners) if agency_of.get(t) == e.agencies[0] and any(d[:4] == e.district[:4] for d in split[t])]
        flows_left = GUEST_FLOWS
        for tid in teams:
            # a team whose officers have fewer units of budget left, over every district's share, than the visit's k
            # seats is tried only where room is made on a full day (moving a host's visit to its own team gives its
            # officers' units back: review34); elsewhere borrowing moves units, it makes none, so no check is spent
            # (foreign35 b4: 565 unmet visits of spent teams took the pass's whole budget of checks, and a tier-D visit
            # the city team had budget and days for was never tried)
            f0 = next(st.flows[tid] for st in states.values() if tid in st.flows)  # every share has the team's officers
            short = _team_spare(states, tid, [o for o in f0.officers if e.enterprise_id not in f0.recused.get(o, ())]) < own.rules.k
            load = np.zeros(own.n_days, dtype=np.int64)
            for i, d in enumerate(names):
                if e.klass == 1 and tid in states[d].onsite:
                    load += np.where(owners[tid] == i, states[d].onsite[tid], 0)
            for day in _guest_days(e, load):
                i = int(owners[tid][day])
                # its own district's day too, with budget from elsewhere (above): the part solved on its own share, and
                # its model may not have had that day among a visit's candidates (foreign31 b06: a tier-D visit left
                # unmet with the city team idle on a day the firm already had an entry)
                if i < 0 or min(flows_left, flows_total, team_left[tid]) <= 0:
                    continue
                host = states[names[i]]
                if own.enterprise_rule(e, day):
                    continue
                flow = host.flows[tid]
                able = [o for o in flow.officers if flow.available[o][day] and e.enterprise_id not in flow.recused.get(o, ())]
                if len(able) < own.rules.k:
                    continue  # before any room is made: no pair of the team may go that day (R-PAIR, R-RECUSE)
                room = None
                rule = host.team_rule(e, day, tid, annual=False)
                if rule:
                    # a full team-day (R-AVAIL) may be freed by moving one of the host's visits; a week's reserve not
                    # (R-SPREAD). Moving costs an exact staffing check.
                    if rule != "R-AVAIL":
                        continue  # a week's reserve (R-SPREAD) is read, not solved: it costs no check
                    flows_left, flows_total, team_left[tid] = flows_left - 1, flows_total - 1, team_left[tid] - 1
                    room = _make_room(host, tid, on_day(names[i], tid, day))
                    if room is None:
                        continue
                    for k in [k for k in seats_on if k[0] == names[i]]:
                        del seats_on[k]  # a host's visit changed team: its teams' indexes are stale
                    if host.team_rule(e, day, tid, annual=False):
                        _move_back(host, room, tid)
                        continue
                elif short:
                    continue
                # re-staff other shares only where the team's officers not recused have budget left somewhere for the
                # visit's k seats (`short`: a spent team's days spend no max-flow). Not only the officers able that day:
                # a re-staffed seat turns a unit of an officer away that day into one of an officer able (mut39: a
                # complaint stayed unmet while officer 3, away that day, had a spare unit in the share holding
                # officer 1's seat)
                spent = None if short else [0, min(flows_left, flows_total, team_left[tid]) - 1]
                restaffed: Restaffed = {}
                moved = _borrow(states, tid, names[i], able, spent, own.rules.k, restaffed)
                cost = 1 + (spent[0] if spent else 0)
                flows_left, flows_total, team_left[tid] = flows_left - cost, flows_total - cost, team_left[tid] - cost
                if not flow.try_add(e.key, day, e.enterprise_id, own.rules.k):
                    _give_back(states, tid, names[i], moved, restaffed)
                    _move_back(host, room, tid)
                    continue
                # what the staffing does not use goes back to the district it came from (review24: four units moved for
                # two seats left the donor's own later visit without officers)
                _give_back(states, tid, names[i], [(d, o) for d, o in moved if flow.budget[o] > flow.year_count[o]])
                seats_on.pop((names[i], tid), None)
                _book(own, host, e, day, tid)
                del unplaced[e.key]
                out[e.key] = names[i]
                break
            if e.key in out:
                break
    return out


def _book(own: PartState, host: PartState, e: Entry, day: int, tid: str) -> Placed:
    """Book agency-visit `e`, its seats already in `host`'s staffing of `tid` (`TeamFlow.try_add`): on its own
    district's day an ordinary placement, drawn with its seats; else a guest of the host, counted on the host's team-day
    and week (R-AVAIL, R-SPREAD) and kept by its own district (visits.csv, R-JOINT, R-GAP, R-CAP-*)."""
    if host is own:
        return own.add(e, day, tid)
    own.not_placed(e)
    host.onsite[tid][day] += 1
    host.year_onsite[tid] += 1
    if e.basis in PLANNED:
        host.planned_week[(tid, int(host.week[day]))] += 1
    p = Placed(e, day, {e.agencies[0]: tid})
    own.by_enterprise[e.enterprise_id].append(p)
    own.placed[e.key] = p
    host.guests[e.key] = p
    return p


def _unbook(own: PartState, host: PartState, p: Placed) -> None:
    """`_book`'s guest undone, its seat out of the host's staffing."""
    e, day = p.entry, p.day
    tid = p.teams[e.agencies[0]]
    host.onsite[tid][day] -= 1
    host.year_onsite[tid] -= 1
    if e.basis in PLANNED:
        host.planned_week[(tid, int(host.week[day]))] -= 1
    host.flows[tid].remove(e.key)
    own.by_enterprise[e.enterprise_id].remove(p)
    del own.placed[e.key]
    del host.guests[e.key]


SAMPLED_GUEST_FLOWS = 1000  # exact staffing checks (max-flows) the sampled walk's guests may spend, in all


def team_agencies(states: dict[str, PartState]) -> dict[str, str]:
    """Team → its agency, over every district's slices."""
    return {tid: s.agency for st in states.values() for tid, s in st.slices.items()}


def sampled_guest(states: dict[str, PartState], split: CitySplit, owners: dict[str, np.ndarray], e: Entry, days: list[int],
                  avoid: dict[tuple[str, str], set[int]], spent: list[int],
                  agency_of: dict[str, str] | None = None) -> Callable[[], None] | None:
    """R-SAMPLE (foreign35 H1): a drawn enterprise's on-site agency-visit that its own district's days of a city team
    cannot take is a guest on one of `days` the team holds in another district (`place_guests`' booking; the class it
    was drawn in is the last, so the seats it takes are free ones). b2: ranks 891 and 953 of tier A were left out as
    "capacity" (ry: no day with officers able to go) while ranks 985 and 1001 were sampled; the city team ry-140100
    held 6 of the year's 247 days in their district, all full, and sat 2–9 of its officers' 60 visits each on the 241
    days it held elsewhere. Only spare budget moves (`_borrow` without re-staffing), never a day `avoid` keeps for an
    unmet trigger of the agency in its city (R-PRIORITY), never a host's visit moved. `spent` = [exact checks
    used, the most allowed]. `agency_of`: `team_agencies(states)`, which a walk computes once. Returns the undo (a later agency-visit of the enterprise may fail: R-SAMPLE places all or
    none), or None."""
    if e.mode != "onsite" or not split:
        return None
    own = states[e.district]
    names = sorted(states)
    k = own.rules.k
    # the days an unmet trigger of the agency anywhere in the city keeps (review35: a trigger of B whose window's days B's
    # teams could not take held back B's days only; a firm of C took the city team's seat on A's day that it could use)
    kept_days = set().union(*(ds for (d, a), ds in avoid.items() if a == e.agencies[0] and d[:4] == e.district[:4]))
    # R-TEAM: the agency's city teams that work in its city, those with no share of days in its district too
    # (foreign37b b4: the city um team, split to one district only, was never tried for the others' drawn firms, and
    # ranks 3, 5 and 15 of tier C were skipped while it sat 98 of its 180 visits unused)
    mine = [t for t in own.teams_for(e) if t in split]
    for tid in [t for t in dict.fromkeys([*mine, *_city_teams(split, agency_of or team_agencies(states), e)]) if t in owners]:
        f0 = own.flows.get(tid) or next(st.flows[tid] for st in states.values() if tid in st.flows)
        if _team_spare(states, tid, [o for o in f0.officers if e.enterprise_id not in f0.recused.get(o, ())]) < k:
            continue  # borrowing moves units, it makes none
        owner = owners[tid]
        load = {d: int(states[names[owner[d]]].onsite[tid][d]) for d in days if owner[d] >= 0 and names[owner[d]] != e.district}
        for day in sorted(load, key=lambda d: (load[d], d)):
            if spent[0] >= spent[1]:
                return None
            hname = names[owner[day]]
            host = states[hname]
            if day in kept_days or own.enterprise_rule(e, day) or host.team_rule(e, day, tid, annual=False):
                continue
            flow = host.flows[tid]
            able = [o for o in flow.officers if flow.available[o][day] and e.enterprise_id not in flow.recused.get(o, ())]
            if len(able) < k:
                continue
            moved = _borrow(states, tid, hname, able)
            saved = {vid: list(os) for vid, os in flow.assign.items()}
            spent[0] += 1
            if not flow.try_add(e.key, day, e.enterprise_id, k):
                _give_back(states, tid, hname, moved)
                continue
            unused = [(d, o) for d, o in moved if flow.budget[o] > flow.year_count[o]]
            kept = [x for x in moved if x not in unused]  # before the give-back: a unit given back reads as used (review35)
            _give_back(states, tid, hname, unused)
            p = _book(own, host, e, day, tid)

            def undo(p: Placed = p, host: PartState = host, flow: TeamFlow = flow, hname: str = hname, tid: str = tid,
                     saved: dict[str, list[str]] = saved, kept: list[tuple[str, str]] = kept) -> None:
                _unbook(own, host, p)
                flow.adopt(saved)  # the staffing as before the guest, then the units it used go back (review33b)
                _give_back(states, tid, hname, kept)
            return undo
    return None


GIVE_WAY_TRIES = 12  # mandatory visits tried as the place of one unmet trigger or follow-up
GIVE_WAY_TOTAL = 300  # and in all: a province may leave thousands unmet that nothing could place
GIVE_WAY_FLOWS = 8  # exact staffing checks (max-flows) of the guests' pass per try: ≤ 300 × (8 + EXACT_TRIES) in all


def _city_teams(split: CitySplit, agency_of: dict[str, str], e: Entry) -> list[str]:
    """R-TEAM: the city-level teams of `e`'s agency that work in its city (they may hold no day in its district)."""
    return city_teams(split, agency_of, e.agencies[0], e.district)


def city_teams(split: CitySplit, agency_of: dict[str, str], agency: str, district: str) -> list[str]:
    """R-TEAM: the city-level teams of `agency` that work in `district`'s city (they may hold no day in the district)."""
    return [t for t in split if agency_of.get(t) == agency and any(d[:4] == district[:4] for d in split[t])]


def city_served(states: dict[str, PartState], required: dict[str, list[Entry]], unplaced: dict[str, str], split: CitySplit,
                elsewhere: dict[str, list[str]]) -> list[str]:
    """R-TEAM reads the city: a required visit its part left unmet "R-TEAM" (no team of its agency in the district's
    part: none of its own and no share of a city team's days) that a city team of its city could go to in its window
    is unmet for want of that team's days, not impossible: the guests may place it, and it holds its district's
    sampled visits of the agency back (R-PRIORITY; review39b #3: read as impossible, the walk's new R-TEAM guests took
    the city team's last seat it could have had). Relabelled R-AVAIL, the teams in `elsewhere`; the keys returned."""
    agency_of = team_agencies(states)
    out = []
    for e in [x for x in _unmet(required, unplaced) if unplaced[x.key].startswith("R-TEAM")]:
        own = states.get(e.district)
        # a mandatory visit's part of the year is a preference (`mandatory_in_year`; review40 #4): a city team able to
        # go only outside it still serves it, and the guests try it over the year (`_guest_days`)
        probe = replace(e, window=(0, own.n_days - 1)) if own is not None and e.basis == "mandatory" else e
        able = [t for t in _city_teams(split, agency_of, e) if own is not None and _able(states, t, probe, own.rules.k)]
        if able:
            unplaced[e.key] = "R-AVAIL"
            elsewhere[e.key] = able
            out.append(e.key)
    return out


def _able(states: dict[str, PartState], tid: str, e: Entry, k: int) -> bool:
    """Whether team `tid` could serve `e` at all: k of its officers present and certified together on a day of `e`'s
    window (R-CERT, R-AVAIL), in any district's share of its days, and not recused from `e`'s enterprise (R-RECUSE). A
    visit of a team that cannot go in the window frees nothing `e` can use (foreign31 b01: a city team whose second
    certificate lapsed in March)."""
    flows = [st.flows[tid] for st in states.values() if tid in st.flows]
    officers = [o for o in flows[0].officers if e.enterprise_id not in flows[0].recused.get(o, ())] if flows else []
    return k_together([f.available for f in flows], officers, e.window, k)


def _restore(st: PartState, p: Placed, host: PartState | None = None) -> None:
    """Book `p` again exactly where it was: nothing took its seat (the trigger it was removed for was not placed); a
    guest (`host`: the district whose team-day it sat on) as a guest again."""
    e, tid = p.entry, p.teams[p.entry.agencies[0]]
    where = host or st
    if not where.flows[tid].try_add(e.key, p.day, e.enterprise_id, st.rules.k):
        raise RuntimeError(f"{e.key}: the mandatory visit removed for a trigger could not be put back")
    _book(st, where, e, p.day, tid)


def restore_placed(st: PartState, placed: list[Placed], hosts: dict[str, PartState] | None = None) -> None:
    """Book these placements of one firm again where they were (`_restore`; a guest in its host, `hosts` by key), all
    or none: one whose seat is gone (the staffing went otherwise meanwhile) takes the others back out, and the firm is
    left unplaced (its status is the caller's)."""
    done: list[Placed] = []
    hosts = hosts or {}
    try:
        for p in placed:
            _restore(st, p, hosts.get(p.entry.key))
            done.append(p)
    except RuntimeError:
        for p in done:
            host = hosts.get(p.entry.key)
            _unbook(st, host, st.placed[p.entry.key]) if host is not None and host is not st else st.remove(p)
        raise


def give_way(states: dict[str, PartState], required: dict[str, list[Entry]], unplaced: dict[str, str], split: CitySplit,
             guests: dict[str, str], elsewhere: dict[str, list[str]] | None = None) -> dict[str, str]:
    """R-PRIORITY across a city's districts (foreign31 F2, 让位): a trigger or follow-up left unmet after the guests takes
    the place of a mandatory visit of its agency, made by a team that may work in its district, wherever that visit is.

    Districts solve apart and each solves its own classes in order; but a city team's budget is shared out before, so
    a district's mandatory visit could use the city officers' budget or day that another district's complaint needed
    (b01: a complaint in 140502 unmet while the city team made a mandatory visit in 140521 inside its window). Each
    unmet first-class visit — every one, those its part called impossible too (review31) — tries the mandatory visits
    whose officers could go in its window (`_able`), those inside its window first (the same day, team and officers), then the others (their budget):
    the mandatory visit is removed; if the trigger is then placed (its own part: `place_anywhere`; another district's
    city-team day: `place_guests`) the mandatory visit is unmet (R-PRIORITY), else it is booked back where it was.
    Guests are not taken from: their host's share already lent them. A trigger that fits without the room (a free seat)
    leaves the mandatory visit where it was. A trigger still unmet that its part called impossible (R-CERT, R-RECUSE:
    the part sees only its share of a city team's days) while a city team could go in its window is relabelled
    R-AVAIL and listed in `elsewhere` (key → those teams). A trigger booked on another district's day is
    added to `guests`. A mandatory visit that gave way is placed again where the classes before it leave room (its own
    part's days, then as a guest) once no unmet first-class visit of its agency in its city could still use it. Returns
    mandatory key → the key of the visit it gave way to (still there if it was placed again)."""
    out: dict[str, str] = {}
    elsewhere = {} if elsewhere is None else elsewhere
    hosted = {k for st in states.values() for k in st.guests}
    # (agency, team) → its mandatory visits, by day: a province's city team makes thousands, so each trigger looks only
    # at those inside its window (bisect) and the year's latest few
    taken: dict[tuple[str, str], list[tuple[int, str, str]]] = defaultdict(list)  # (day, key, district)
    for d, st in sorted(states.items()):
        for key, p in st.placed.items():
            if p.entry.basis == "mandatory" and p.entry.mode == "onsite" and key not in hosted:
                taken[(p.entry.agencies[0], p.teams[p.entry.agencies[0]])].append((p.day, key, d))
    for v in taken.values():
        v.sort()
    agency_of = team_agencies(states)
    total = GIVE_WAY_TOTAL
    for e in [x for x in _unmet(required, unplaced) if x.klass == 0]:
        own = states.get(e.district)
        if total <= 0:
            break
        if own is None:
            continue
        a, (lo, hi) = e.agencies[0], e.window
        # R-TEAM: its district's teams, and the city teams of its agency (which may hold no day in its district)
        teams = set(own.teams_for(e)) | set(_city_teams(split, agency_of, e))
        inside: list[tuple[int, str, str, str]] = []
        latest: list[tuple[int, str, str, str]] = []
        n = GIVE_WAY_TRIES
        for t in sorted(teams):
            visits = taken.get((a, t), [])
            if not visits or not _able(states, t, e, own.rules.k):
                continue
            i, j = bisect_left(visits, (lo, "")), bisect_right(visits, (hi, "\uffff"))
            # a follow-up's window is most of the year: only the first few inside, and the last few outside (no copies
            # of a city team's thousands of visits per trigger)
            inside += [(day, key, d, t) for day, key, d in visits[i:min(j, i + n)]]
            after = len(visits) - j
            tail = visits[len(visits) - min(n, after):] if after else []
            latest += [(day, key, d, t) for day, key, d in visits[max(0, i - (n - len(tail))):i] + tail]
        # inside the window first (the same day, team and officers), nearest its start; then the year's latest (budget)
        pool = sorted(inside, key=lambda x: (x[0] - lo, x[1])) + sorted(latest, key=lambda x: (-x[0], x[1]))
        for day, key, d, t in pool[:n]:
            st = states[d]
            victim = st.placed.get(key)
            if victim is None or victim.day != day or total <= 0:
                continue
            total -= 1
            st.remove(victim)
            ok = own.place_anywhere(e, list(range(lo, hi + 1))) is None
            if not ok:
                booked = place_guests(states, {e.district: [e]}, {e.key: unplaced[e.key]}, split, flows=GIVE_WAY_FLOWS)
                guests.update(booked)
                ok = bool(booked)
            if not ok:
                _restore(st, victim)
                continue
            del unplaced[e.key]
            # the trigger may have fitted without the room (a seat left free, or room an earlier give-way made): then
            # the mandatory visit goes back where it was, and nothing gave way (review31)
            # back on its day by the day's rules alone, not its window's: a guest may have been booked outside it
            # (`_guest_days`; review34: `place` refused such a visit "R-WORKDAY", and it counted as having given way)
            back = victim.entry
            if not (st.team_rule(back, day, t) or st.enterprise_rule(back, day)) and st.staffable(back, day, t):
                st.add(back, day, t)
                break
            taken[(a, t)].remove((day, key, d))
            unplaced[key] = "R-PRIORITY"
            out[key] = e.key
            break
    # a trigger its part found no officers for (R-CERT, R-RECUSE: the part sees only its share of a city team's days)
    # that a city team could go to in its window, on days other districts hold: capacity, not impossible (review31)
    for e in [x for x in _unmet(required, unplaced) if x.klass == 0 and unplaced[x.key].startswith(("R-CERT", "R-RECUSE"))]:
        own = states.get(e.district)
        if own is None:
            continue
        able = [t for t in _city_teams(split, agency_of, e) if _able(states, t, e, own.rules.k)]
        if able:
            unplaced[e.key] = "R-AVAIL"
            elsewhere[e.key] = able
    if out:
        _place_again(states, required, unplaced, split, guests, out)
    return out


def _place_again(states: dict[str, PartState], required: dict[str, list[Entry]], unplaced: dict[str, str], split: CitySplit,
                 guests: dict[str, str], gave: dict[str, str]) -> None:
    """The mandatory visits that gave way, on what is left (`give_way`): never while an unmet trigger or follow-up of
    their agency in their city could still use it (R-PRIORITY) — one that some team of its district or city could go to
    in its window (`_able`); one that no team could serve (every officer recused, away or uncertified) holds nothing."""
    agency_of = {tid: s.agency for st in states.values() for tid, s in st.slices.items()}

    def could_go(x: Entry) -> bool:
        own = states.get(x.district)
        if own is None:
            return False
        teams = set(own.teams_for(x)) | set(_city_teams(split, agency_of, x))
        return any(_able(states, t, x, own.rules.k) for t in sorted(teams))

    blocked = {(x.district[:4], x.agencies[0]) for x in _unmet(required, unplaced)
               if x.klass == 0 and could_go(x)}
    by_key = {e.key: e for es in required.values() for e in es if e.key in gave}
    again: dict[str, list[Entry]] = defaultdict(list)
    for key in sorted(gave):
        e = by_key[key]
        if (e.district[:4], e.agencies[0]) in blocked:
            continue
        if states[e.district].place_anywhere(e, list(range(e.window[0], e.window[1] + 1))) is None:
            del unplaced[key]
        else:
            again[e.district].append(e)
    if again:
        guests.update(place_guests(states, dict(again), unplaced, split))
