"""The CP-SAT model of one part's required agency-visits, one small function per rule family, named by rule id.

Variables: `y[key, day]` = the agency-visit falls on that working day (only candidate days
on which some eligible team has `k` present, certified, non-recused officers exist);
`t[key, day, team]` = and that team goes (R-TEAM: the model chooses among every eligible
team, district or city-level); `placed[key]`; `g[group, day]` = the enterprise is entered
that day by that group (agency-visits of one group on one day are one joint row, R-JOINT).
Officers appear as a month-level flow `x[officer, month]` (R-PAIR/R-AVAIL); the exact
naming is a max-flow afterwards (scheduler/staffing.py), which refuses nothing the flow
cannot staff, so what it drops is measured as placement loss.

Objectives are stages (R-PRIORITY, solve.py): triggers and follow-ups; then mandatory
agency-visits; then joint visits and monthly spread. Each keeps the previous optimum.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from scheduler.requirements import PLANNED, Entry
from scheduler.state import PartState, gap_needed


@dataclass
class PartModel:
    model: cp_model.CpModel
    state: PartState  # empty: only its capacities and calendars are read
    entries: list[Entry]
    cand: dict[str, list[int]]
    y: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)
    t: dict[tuple[str, int, str], cp_model.IntVar] = field(default_factory=dict)
    placed: dict[str, cp_model.IntVar] = field(default_factory=dict)
    g: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)
    g_by_group: dict[str, list[cp_model.IntVar]] = field(default_factory=lambda: defaultdict(list))
    by_slice_day: dict[tuple[str, int], list[tuple[Entry, cp_model.IntVar]]] = field(default_factory=lambda: defaultdict(list))
    penalties: list[cp_model.IntVar] = field(default_factory=list)
    x: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)  # officer-month on-site visits
    impossible: dict[str, str] = field(default_factory=dict)  # key → why no day/team can ever take it (before solving)
    stage: dict[int, cp_model.LinearExprT] = field(default_factory=dict)  # R-PRIORITY class → placed agency-visits


def candidate_days(e: Entry, n: int, salt: str) -> list[int]:
    """At most n working days of the window, evenly spread from an offset per group: the agencies of one
    group share their candidate days, so they can meet (R-JOINT)."""
    lo, hi = e.window
    size = hi - lo + 1
    if size <= n:
        return list(range(lo, hi + 1))
    stride = size / n
    offset = int.from_bytes(hashlib.sha256(f"{salt}|{e.group or e.key}".encode()).digest()[:4], "big") / 2**32 * stride
    return sorted({lo + int(offset + i * stride) for i in range(n)})


def can_staff(st: PartState, e: Entry, d: int, tid: str, budgets: bool = True) -> bool:
    """Some k (1 remote) officers of the team are present, certified, not recused and (with `budgets`, on site: a
    remote check uses no budget) within their annual budget that day (R-PAIR, R-RECUSE, R-AVAIL)."""
    need = st.rules.k if e.mode == "onsite" else 1
    f = st.flows[tid]
    spend = budgets and e.mode == "onsite"
    n = 0
    for o in f.officers:
        if f.available[o][d] and e.enterprise_id not in f.recused.get(o, ()) and (f.budget[o] > 0 or not spend):
            n += 1
            if n >= need:
                return True
    return False


def r_team_workday(pm: PartModel) -> None:
    """R-WORKDAY / R-TRIGGER / R-FOLLOW / R-TEAM / R-RECUSE: an agency-visit only on working days of its window,
    at most once, with one eligible team that has enough officers who may go. What has no such day is impossible."""
    m, st = pm.model, pm.state
    for e in pm.entries:
        lits = []
        teams = st.teams_for(e)
        if not teams:
            pm.impossible[e.key] = "R-TEAM"
            continue
        def ok_teams(d: int, e: Entry = e, teams: list[str] = teams) -> list[str]:
            return [tid for tid in teams if (st.slices[tid].onsite_cap[d] if e.mode == "onsite" else st.slices[tid].remote_cap[d]) > 0
                    and can_staff(st, e, d, tid)]

        options = {d: ok_teams(d) for d in pm.cand[e.key]}
        if not any(options.values()):
            # none of the spread candidates has officers who may go: take the window's days that have some
            window = [d for d in range(e.window[0], e.window[1] + 1) if ok_teams(d)]
            step = max(1, len(window) // max(1, len(pm.cand[e.key])))
            pm.cand[e.key] = window[::step][: max(1, len(pm.cand[e.key]))]
            options = {d: ok_teams(d) for d in pm.cand[e.key]}
        for d, ok in options.items():
            if not ok:
                continue
            v = m.new_bool_var(f"y[{e.key}@{d}]")
            pm.y[(e.key, d)] = v
            lits.append(v)
            if len(ok) == 1:
                pm.t[(e.key, d, ok[0])] = v
                pm.by_slice_day[(ok[0], d)].append((e, v))
            else:
                tv = [m.new_bool_var(f"t[{e.key}@{d}:{tid}]") for tid in ok]
                m.add(sum(tv) == v)
                for tid, w in zip(ok, tv, strict=True):
                    pm.t[(e.key, d, tid)] = w
                    pm.by_slice_day[(tid, d)].append((e, w))
        if not lits:
            pm.impossible[e.key] = impossible_cause(st, e)
            continue
        p = m.new_bool_var(f"placed[{e.key}]")
        m.add(sum(lits) == p)
        pm.placed[e.key] = p


def no_day(st: PartState, e: Entry) -> bool:
    """No working day of `e`'s window has an eligible team with capacity that day and enough officers who may go
    (`can_staff`): no plan of this part could place it (the model gives it no variable)."""
    teams = st.teams_for(e)
    for d in range(e.window[0], e.window[1] + 1):
        for tid in teams:
            s = st.slices[tid]
            if (s.onsite_cap[d] if e.mode == "onsite" else s.remote_cap[d]) > 0 and can_staff(st, e, d, tid):
                return False
    return True


def impossible_cause(st: PartState, e: Entry) -> str:
    """Why `no_day`: no eligible team (R-TEAM); no working day of the window with enough officers present and certified
    (R-CERT: the part's tag, which the shortfall's words split into certificates and leave, scheduler/reasons.py
    `officer_cause`); their annual budgets nil (R-AVAIL); or recused (R-RECUSE). The rule a planner would have to
    change."""
    teams = st.teams_for(e)
    if not teams:
        return "R-TEAM"
    days = range(e.window[0], e.window[1] + 1)
    if not days:
        return "R-WORKDAY"
    if not any(can_staff_any(st, e, d) for d in days):
        return "R-CERT"
    if any(can_staff(st, e, d, tid, budgets=False) for d in days for tid in teams):
        return "R-AVAIL"
    return "R-RECUSE"


def can_staff_any(st: PartState, e: Entry, d: int) -> bool:
    """Ignoring recusals: some team has enough officers present that day."""
    need = st.rules.k if e.mode == "onsite" else 1
    return any(sum(1 for o in st.flows[t].officers if st.flows[t].available[o][d]) >= need for t in st.teams_for(e))


def r_avail(pm: PartModel) -> None:
    """R-AVAIL (with R-CERT, R-PAIR folded into the capacities): per team-day on-site, remote and all
    visits within what its present, certified officers and max_visits_per_day allow; per team-year
    within its pair-feasible capacity (scheduler/bound.py)."""
    m, st = pm.model, pm.state
    per_year: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    for (tid, d), items in pm.by_slice_day.items():
        s = st.slices[tid]
        on = [v for e, v in items if e.mode == "onsite"]
        rem = [v for e, v in items if e.mode == "remote"]
        per_year[tid] += on
        if len(on) > s.onsite_cap[d]:
            m.add(sum(on) <= int(s.onsite_cap[d]))
        if len(rem) > s.remote_cap[d]:
            m.add(sum(rem) <= int(s.remote_cap[d]))
        if len(items) > s.day_cap:
            m.add(sum(v for _, v in items) <= s.day_cap)
    for tid, lits in per_year.items():
        if len(lits) > st.slices[tid].annual_onsite:
            m.add(sum(lits) <= st.slices[tid].annual_onsite)


def r_pair_officers(pm: PartModel) -> None:
    """R-PAIR / R-AVAIL per officer, month by month: a team's n on-site visits of a month need k·n officer-visits,
    each officer giving at most n of them (never two seats of one visit), at most Σ over the days they are present
    and certified of min(day cap, the team's visits that day), and at most their annual budget over the year.
    Pair-feasible capacity, month by month, day-aware per officer."""
    m, st, k = pm.model, pm.state, pm.state.rules.k
    month = st.month
    monthly: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    caps: dict[str, dict[str, int]] = {}
    # seats one officer can fill on a team-day: min(day cap, visits that day), shared by every officer present then
    seats_day: dict[tuple[str, int], cp_model.LinearExprT] = {}
    for (tid, d), items in pm.by_slice_day.items():
        on = [v for e, v in items if e.mode == "onsite"]
        monthly[(tid, int(month[d]))] += on
        if not on:
            continue
        if len(on) <= st.rules.per_officer_day:
            seats_day[(tid, d)] = sum(on)
        else:
            w = m.new_int_var(0, st.rules.per_officer_day, f"w[{tid},{d}]")
            m.add(w <= sum(on))
            seats_day[(tid, d)] = w
    for tid in st.slices:
        f = st.flows[tid]
        flows: dict[str, list[cp_model.IntVar]] = defaultdict(list)
        team_days: dict[int, list[int]] = defaultdict(list)  # month → the team's days with on-site variables
        for t, d in sorted(seats_day):
            if t == tid:
                team_days[int(month[d])].append(d)
        for mo in range(12):
            lits = monthly.get((tid, mo))
            if not lits:
                continue
            n = m.new_int_var(0, len(lits), f"n[{tid},{mo}]")
            m.add(n == sum(lits))
            xs = []
            caps[tid] = caps.get(tid, {})
            for o in f.officers:
                days_here = int(f.available[o][month == mo].sum())
                cap = min(st.rules.per_officer_day * days_here, f.budget[o], len(lits))
                if cap > 0:
                    x = m.new_int_var(0, cap, f"x[{o},{mo}]")
                    m.add(x <= n)
                    # only on the days of the month the officer is present and certified (the month-level flow alone
                    # let an officer away on the visits' days count towards them: placement loss, issue 8)
                    here = [d for d in team_days[mo] if f.available[o][d]]
                    if len(here) < len(team_days[mo]) or any(isinstance(seats_day[(tid, d)], cp_model.IntVar) for d in here):
                        m.add(x <= sum(seats_day[(tid, d)] for d in here))
                    pm.x[(o, mo)] = x
                    xs.append(x)
                    flows[o].append(x)
                    caps[tid][o] = caps[tid].get(o, 0) + cap
            m.add(k * n <= sum(xs))
        for o, xs in flows.items():
            if len(xs) > 1 and caps[tid][o] > f.budget[o]:
                m.add(sum(xs) <= f.budget[o])


def r_spread(pm: PartModel) -> None:
    """R-SPREAD: planned (mandatory, sampled) on-site visits leave reserve_capacity_ratio of each team-week free."""
    m, st = pm.model, pm.state
    if st.rules.reserve <= 0:
        return  # no reserve: the team-day caps (r_avail) already say it all
    weekly: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    for (tid, d), items in pm.by_slice_day.items():
        weekly[(tid, int(st.week[d]))] += [v for e, v in items if e.mode == "onsite" and e.basis in PLANNED]
    for key, lits in weekly.items():
        if len(lits) > st.week_cap[key]:
            m.add(sum(lits) <= st.week_cap[key])


def _by_enterprise(pm: PartModel) -> dict[str, list[Entry]]:
    out: dict[str, list[Entry]] = defaultdict(list)
    for e in pm.entries:
        if e.key in pm.placed:
            out[e.enterprise_id].append(e)
    return out


def r_joint(pm: PartModel) -> None:
    """R-JOINT: agency-visits of one row (`Entry.joint_key`: a planned basis, or one trigger's group) on one day are one
    joint entry `g[row, day]`; an enterprise has at most one on-site entry a day (two rows never share a day)."""
    m = pm.model
    for entries in _by_enterprise(pm).values():
        per_day: dict[int, dict[str, list[cp_model.IntVar]]] = defaultdict(lambda: defaultdict(list))
        for e in entries:
            if e.mode != "onsite":
                continue
            for d in pm.cand[e.key]:
                if (e.key, d) in pm.y:
                    per_day[d][e.joint_key].append(pm.y[(e.key, d)])
        for d, groups in per_day.items():
            gs = []
            for grp, lits in sorted(groups.items()):
                if len(lits) == 1:
                    gv = lits[0]
                else:
                    gv = m.new_bool_var(f"g[{grp}@{d}]")
                    for v in lits:
                        m.add_implication(v, gv)
                    m.add(gv <= sum(lits))
                pm.g[(grp, d)] = gv
                pm.g_by_group[grp].append(gv)
                gs.append(gv)
            if len(gs) > 1:
                m.add_at_most_one(gs)


def r_gap(pm: PartModel) -> None:
    """R-GAP: planned agency-visits on different days ≥ min_days_between_visits apart; of one agency ≥
    min_days_between_repeat_visits. One row (`Entry.joint_key`), same day: one joint visit of several agencies.
    R-EXEMPT: triggers and follow-ups need none."""
    m, st = pm.model, pm.state
    for entries in _by_enterprise(pm).values():
        for i, a in enumerate(entries):
            for b in entries[i + 1 :]:
                joint = a.joint_key == b.joint_key and a.mode == b.mode == "onsite"
                same_agency = bool(set(a.agencies) & set(b.agencies))
                # one row carries an agency once: two of its visits in one row never share a day, even with no gap
                g = max(gap_needed(a, b, st.rules), int(joint and same_agency))
                if not g:
                    continue
                for da in pm.cand[a.key]:
                    if (a.key, da) not in pm.y:
                        continue
                    for db in pm.cand[b.key]:
                        if (b.key, db) not in pm.y:
                            continue
                        if da == db and joint and not same_agency:
                            continue  # one joint visit
                        if abs(int(st.ordinal[da]) - int(st.ordinal[db])) < g:
                            m.add_bool_or([pm.y[(a.key, da)].Not(), pm.y[(b.key, db)].Not()])


def r_cap(pm: PartModel) -> None:
    """R-CAP-AGENCY: planned on-site visits per agency and enterprise; R-CAP-ENTRY: planned entry days per enterprise."""
    m, rules = pm.model, pm.state.rules
    for entries in _by_enterprise(pm).values():
        planned = [e for e in entries if e.basis in PLANNED and e.mode == "onsite"]
        per_agency: dict[str, list[cp_model.IntVar]] = defaultdict(list)
        for e in planned:
            per_agency[e.agencies[0]].append(pm.placed[e.key])
        for lits in per_agency.values():
            if len(lits) > rules.max_agency:
                m.add(sum(lits) <= rules.max_agency)
        groups = {e.joint_key for e in planned}
        entry_days = [v for grp in sorted(groups) for v in pm.g_by_group.get(grp, [])]
        if len(entry_days) > rules.max_entries and len(planned) > rules.max_entries:
            m.add(sum(entry_days) <= rules.max_entries)


def r_spread_months(pm: PartModel) -> None:
    """R-SPREAD (soft, last stage): each team's visits above its even monthly share (+10%) are counted."""
    m, st = pm.model, pm.state
    month = st.month
    share = np.bincount(month, minlength=12) / len(month)
    monthly: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    for (tid, d), items in pm.by_slice_day.items():
        monthly[(tid, int(month[d]))] += [v for _, v in items]
    wanted: dict[str, int] = defaultdict(int)
    for (tid, _), lits in monthly.items():
        wanted[tid] += len(lits)
    for (tid, mo), lits in sorted(monthly.items()):
        target = int(np.ceil(wanted[tid] / 8 * share[mo] * 1.1))  # candidates ≈ 8 per visit
        if len(lits) > target:
            over = m.new_int_var(0, len(lits), f"over[{tid},{mo}]")
            m.add(sum(lits) - target <= over)
            pm.penalties.append(over)


def stages(pm: PartModel) -> None:
    """R-PRIORITY: what each stage maximizes (solve.py runs them in order, each keeping the one before)."""
    for c in (0, 1):
        pm.stage[c] = sum(pm.placed[e.key] for e in pm.entries if e.klass == c and e.key in pm.placed)


def joint_score(pm: PartModel) -> cp_model.LinearExprT:
    """R-MERGE: agency-visits placed minus entry-days used: each agency that joins another on its day scores 1."""
    onsite = [pm.placed[e.key] for e in pm.entries if e.mode == "onsite" and e.key in pm.placed]
    return sum(onsite) - sum(pm.g.values())


RULE_FUNCTIONS = (r_team_workday, r_avail, r_pair_officers, r_spread, r_joint, r_gap, r_cap, r_spread_months, stages)


def hint(pm: PartModel, plan: PartState) -> None:
    """Warm start from a staffed plan (feasible by construction)."""
    m = pm.model
    on = {key: (p.day, next(iter(p.teams.values()))) for key, p in plan.placed.items()}
    for (key, d), v in pm.y.items():
        m.add_hint(v, int(key in on and on[key][0] == d))
    for (key, d, tid), v in pm.t.items():
        if (key, d) in pm.y and pm.y[(key, d)] is not v:
            m.add_hint(v, int(on.get(key) == (d, tid)))
    groups = {(p.entry.joint_key, p.day) for p in plan.placed.values() if p.entry.mode == "onsite"}
    ys = {id(v) for v in pm.y.values()}
    for (grp, d), v in pm.g.items():
        if id(v) not in ys:
            m.add_hint(v, int((grp, d) in groups))
    month = pm.state.month
    used: dict[tuple[str, int], int] = defaultdict(int)
    for f in plan.flows.values():
        for key, os in f.assign.items():
            for o in os:
                used[(o, int(month[f.seats[key].day]))] += 1
    for officer_month, x in pm.x.items():
        m.add_hint(x, used.get(officer_month, 0))


def build(state: PartState, entries: list[Entry], n_cand: int, salt: str, extra: dict[str, int] | None = None) -> PartModel:
    """The part model; `extra` adds one more candidate day per agency-visit (the greedy's, so its hint is complete)."""
    cand = {e.key: candidate_days(e, n_cand, salt) for e in entries}
    for key, d in (extra or {}).items():
        if key in cand and d not in cand[key]:
            cand[key] = sorted([*cand[key], d])
    pm = PartModel(cp_model.CpModel(), state, entries, cand)
    for f in RULE_FUNCTIONS:
        f(pm)
    return pm
