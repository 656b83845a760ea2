"""The CP-SAT model of one part, one small function per rule family, named by rule id.

Variables: `y[entry, day]` = the entry falls on that working day (only the entry's
candidate days exist); `placed[entry]` = it falls on some day. Officers are not in the
model: each team-day's capacity already counts who is present and certified (R-CERT,
R-AVAIL), and `PartState.staff_entry` names the officers afterwards.
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
    teams: dict[str, dict[str, str]]  # entry key → agency → team
    cand: dict[str, list[int]]
    y: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)
    placed: dict[str, cp_model.IntVar] = field(default_factory=dict)
    by_slice_day: dict[tuple[str, int], list[tuple[Entry, cp_model.IntVar]]] = field(default_factory=lambda: defaultdict(list))
    penalties: list[cp_model.IntVar] = field(default_factory=list)
    x: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)  # officer-month on-site visits
    weight: cp_model.LinearExprT = 0


def candidate_days(e: Entry, n: int, salt: str) -> list[int]:
    """At most n working days of the entry's window, evenly spread from a per-entry offset (spreads load, R-SPREAD)."""
    lo, hi = e.window
    size = hi - lo + 1
    if size <= n:
        return list(range(lo, hi + 1))
    stride = size / n
    offset = int.from_bytes(hashlib.sha256(f"{salt}|{e.key}".encode()).digest()[:4], "big") / 2**32 * stride
    return sorted({lo + int(offset + i * stride) for i in range(n)})


def r_workday(pm: PartModel) -> None:
    """R-WORKDAY / R-TRIGGER / R-FOLLOW: an entry only on the working days of its window, at most once."""
    m = pm.model
    for e in pm.entries:
        lits = []
        for d in pm.cand[e.key]:
            v = m.new_bool_var(f"y[{e.key}@{d}]")
            pm.y[(e.key, d)] = v
            lits.append(v)
            for a in e.agencies:
                pm.by_slice_day[(pm.teams[e.key][a], d)].append((e, v))
        p = m.new_bool_var(f"placed[{e.key}]")
        m.add(sum(lits) == p)
        pm.placed[e.key] = p


def r_avail(pm: PartModel) -> None:
    """R-AVAIL (with R-CERT, R-PAIR folded into the capacities): per team-day on-site, remote and all
    visits within what its present, certified officers and max_visits_per_day allow; per team-year
    within what their budgets staff."""
    m, st = pm.model, pm.state
    for (tid, d), items in pm.by_slice_day.items():
        s = st.slices[tid]
        on = [v for e, v in items if e.mode == "onsite"]
        rem = [v for e, v in items if e.mode == "remote"]
        if len(on) > s.onsite_cap[d]:
            m.add(sum(on) <= int(s.onsite_cap[d]))
        if len(rem) > s.remote_cap[d]:
            m.add(sum(rem) <= int(s.remote_cap[d]))
        if len(items) > s.day_cap:
            m.add(sum(v for _, v in items) <= s.day_cap)
    per_year: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    for e in pm.entries:
        if e.mode == "onsite":
            for a in e.agencies:
                per_year[pm.teams[e.key][a]].append(pm.placed[e.key])
    for tid, lits in per_year.items():
        if len(lits) > st.slices[tid].annual_onsite:
            m.add(sum(lits) <= st.slices[tid].annual_onsite)


def r_avail_officers(pm: PartModel) -> None:
    """R-AVAIL per officer, month by month: each team's on-site visits of a month need k officer-visits
    (R-PAIR) from its officers, none beyond 2 a day present and certified (R-CERT), none beyond their
    annual budget. A month-level flow: exact on budgets, while the team-day caps keep each day honest."""
    m, st, k = pm.model, pm.state, pm.state.rules.k
    month = st.month
    monthly: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    for (tid, d), items in pm.by_slice_day.items():
        monthly[(tid, int(month[d]))] += [v for e, v in items if e.mode == "onsite"]
    for tid, s in st.slices.items():
        flows: dict[str, list[cp_model.IntVar]] = defaultdict(list)
        for mo in range(12):
            lits = monthly.get((tid, mo))
            if not lits:
                continue
            xs = []
            for o in s.officers:
                days_here = int(st.staff.available[o][month == mo].sum())
                cap = min(st.rules.per_officer_day * days_here, st.staff.budget[o])
                if cap > 0:
                    x = m.new_int_var(0, cap, f"x[{o},{mo}]")
                    pm.x[(o, mo)] = x
                    xs.append(x)
                    flows[o].append(x)
            m.add(k * sum(lits) <= sum(xs))
        for o, xs in flows.items():
            if len(xs) > 1:
                m.add(sum(xs) <= st.staff.budget[o])


def r_spread(pm: PartModel) -> None:
    """R-SPREAD: planned (mandatory, sampled) on-site visits leave reserve_capacity_ratio of each team-week free."""
    m, st = pm.model, pm.state
    weekly: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    for (tid, d), items in pm.by_slice_day.items():
        weekly[(tid, int(st.week[d]))] += [v for e, v in items if e.mode == "onsite" and e.basis in PLANNED]
    for key, lits in weekly.items():
        if len(lits) > st.week_cap[key]:
            m.add(sum(lits) <= st.week_cap[key])


def r_spread_months(pm: PartModel) -> None:
    """R-SPREAD (soft): each team's visits spread over the months; every visit above its even monthly share costs 1
    (less than any entry is worth, so it never drops one)."""
    m, st = pm.model, pm.state
    month = st.month
    share = np.bincount(month, minlength=12) / len(month)
    monthly: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    wanted: dict[str, int] = defaultdict(int)
    for (tid, d), items in pm.by_slice_day.items():
        monthly[(tid, int(month[d]))] += [v for _, v in items]
    for e in pm.entries:
        for a in e.agencies:
            wanted[pm.teams[e.key][a]] += 1
    for (tid, mo), lits in sorted(monthly.items()):
        target = int(np.ceil(wanted[tid] * share[mo] * 1.1))
        if len(lits) > target:
            over = m.new_int_var(0, len(lits), f"over[{tid},{mo}]")
            m.add(sum(lits) - target <= over)
            pm.penalties.append(over)


def _by_enterprise(pm: PartModel) -> dict[str, list[Entry]]:
    out: dict[str, list[Entry]] = defaultdict(list)
    for e in pm.entries:
        out[e.enterprise_id].append(e)
    return out


def r_joint(pm: PartModel) -> None:
    """R-JOINT: agencies at one enterprise on one day are one joint visit, so at most one on-site entry a day."""
    m = pm.model
    for entries in _by_enterprise(pm).values():
        onsite = [e for e in entries if e.mode == "onsite"]
        if len(onsite) < 2:
            continue
        days: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for e in onsite:
            for d in pm.cand[e.key]:
                days[d].append(pm.y[(e.key, d)])
        for lits in days.values():
            if len(lits) > 1:
                m.add_at_most_one(lits)


def r_gap(pm: PartModel) -> None:
    """R-GAP: planned entries on different days ≥ min_days_between_visits apart; visits of one agency ≥
    min_days_between_repeat_visits. R-EXEMPT: triggered and follow-up visits need no gap."""
    m, st = pm.model, pm.state
    for entries in _by_enterprise(pm).values():
        for i, a in enumerate(entries):
            for b in entries[i + 1 :]:
                g = gap_needed(a, b, st.rules)
                if not g:
                    continue
                for da in pm.cand[a.key]:
                    for db in pm.cand[b.key]:
                        if abs(int(st.ordinal[da]) - int(st.ordinal[db])) < g:
                            m.add_bool_or([pm.y[(a.key, da)].Not(), pm.y[(b.key, db)].Not()])


def r_cap(pm: PartModel) -> None:
    """R-CAP-ENTRY / R-CAP-AGENCY: planned entries per enterprise, planned on-site visits per agency."""
    m, rules = pm.model, pm.state.rules
    for entries in _by_enterprise(pm).values():
        planned = [e for e in entries if e.basis in PLANNED and e.mode == "onsite"]
        if len(planned) > rules.max_entries:
            m.add(sum(pm.placed[e.key] for e in planned) <= rules.max_entries)
        per_agency: dict[str, list[cp_model.IntVar]] = defaultdict(list)
        for e in planned:
            for a in e.agencies:
                per_agency[a].append(pm.placed[e.key])
        for lits in per_agency.values():
            if len(lits) > rules.max_agency:
                m.add(sum(lits) <= rules.max_agency)


def objective(pm: PartModel) -> None:
    """Required entries first, then sampled by tier and draw order (weights set in requirements).
    The spread penalties are a second stage (solve.py): the first maximizes this alone, so its bound is a bound."""
    pm.weight = sum(e.weight * pm.placed[e.key] for e in pm.entries)
    pm.model.maximize(pm.weight)


RULE_FUNCTIONS = (r_workday, r_avail, r_avail_officers, r_spread, r_spread_months, r_joint, r_gap, r_cap, objective)


def hint(pm: PartModel, plan: PartState) -> None:
    """Warm start from a staffed plan (feasible by construction: its officers exist)."""
    m, month = pm.model, pm.state.month
    on = {key: p.day for key, p in plan.placed.items()}
    for (key, d), v in pm.y.items():
        m.add_hint(v, int(on.get(key) == d))
    used: dict[tuple[str, int], int] = defaultdict(int)
    for p in plan.placed.values():
        if p.entry.mode == "onsite" and pm.cand.get(p.entry.key) and p.day in pm.cand[p.entry.key]:
            for os in p.officers.values():
                for o in os:
                    used[(o, int(month[p.day]))] += 1
    for key, x in pm.x.items():
        m.add_hint(x, used.get(key, 0))


def build(state: PartState, entries: list[Entry], teams: dict[str, dict[str, str]], n_cand: int, salt: str) -> PartModel:
    pm = PartModel(cp_model.CpModel(), state, entries, teams, {e.key: candidate_days(e, n_cand, salt) for e in entries})
    for f in RULE_FUNCTIONS:
        f(pm)
    return pm
