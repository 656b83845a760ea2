"""One enterprise's own limits, searched exactly: how many of its planned on-site agency-visits fit on given days under
R-CAP-ENTRY (entries a year), R-GAP (days between entries; between visits of one agency), R-JOINT (one day, one row)
and R-CAP-AGENCY (visits of one agency a year), and on which days (一户一策的排期搜索).

Two callers ask it (review44 #1, #2): `regroup_firms` when its two greedy ways fail to place a firm's visits on the
days its teams have room now (agencies present in periods that only partly overlap: hb on days 0–150, um on 100–199;
hb0 on 0, hb1 with um0 on 100, um1 on 190 is the arrangement a day-by-day order misses), and `held_by_firm`, which calls
an unmet visit held by its firm only where no arrangement of the firm's visits over the days its teams could go at all
fits every visit it has placed and that one too. A firm owes at most its agencies × R-CAP-AGENCY visits (≈ 12), so the model
is tiny: a few hundred literals, solved in milliseconds."""
from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from itertools import combinations

import numpy as np
from ortools.sat.python import cp_model

from scheduler.requirements import Entry
from scheduler.state import Rules

FIRM_SECONDS = 1.0  # deterministic seconds per firm: far above what ≤ 12 visits over a year's days need (ms)


def most_arranged(entries: list[Entry], days: Mapping[str, Iterable[int]], ordinal: np.ndarray, rules: Rules,
                  entries_left: int, agency_left: dict[str, int] | None = None, must: Container[str] = frozenset(),
                  optimize: bool = True) -> dict[str, int]:
    """The largest set of `entries` (one enterprise's planned on-site agency-visits) that fit, each on one of its
    `days[key]` (working-day indices), under the firm's own limits: at most `entries_left` distinct days (R-CAP-ENTRY,
    a joint visit one entry), same-day visits only of one row and of different agencies (R-JOINT), entries on different
    days `gap_entries` apart and one agency's visits `gap_repeat` apart (R-GAP), at most `agency_left[a]` visits of
    agency a (R-CAP-AGENCY; default the policy's cap). Ties: the fewest entries (joint visits preferred), then the
    earliest days. Every key in `must` is placed, or nothing is ({}); without `optimize`, the first arrangement found
    (a feasibility question: every entry in `must`, answered in milliseconds). Key → day of the arrangement found ({}
    where none fits)."""
    m = cp_model.CpModel()
    ords = {int(ordinal[d]): int(d) for d in range(len(ordinal))}
    es = [e for e in entries if list(days.get(e.key, ()))]
    if not es or entries_left <= 0 or any(e.key in must and e not in es for e in entries):
        return {}
    on: dict[str, cp_model.IntVar] = {}
    when: dict[str, cp_model.IntVar] = {}
    for e in es:
        values = sorted({int(ordinal[d]) for d in days[e.key]})
        on[e.key] = m.new_bool_var(f"on[{e.key}]")
        when[e.key] = m.new_int_var_from_domain(cp_model.Domain.from_values(values), f"when[{e.key}]")
    for e in es:
        if e.key in must:
            m.add(on[e.key] == 1)
    cap = agency_left or {}
    for a in sorted({a for e in es for a in e.agencies}):
        mine = [on[e.key] for e in es if a in e.agencies]
        m.add(sum(mine) <= cap.get(a, rules.max_agency))  # R-CAP-AGENCY
    same: dict[tuple[str, str], cp_model.IntVar] = {}
    for x, y in combinations(es, 2):
        both: list[cp_model.LiteralT] = [on[x.key], on[y.key]]
        shared = bool(set(x.agencies) & set(y.agencies))
        gap = max(1, rules.gap_repeat if shared else rules.gap_entries)
        before = m.new_bool_var(f"before[{x.key},{y.key}]")
        if not shared and x.joint_key == y.joint_key:  # R-JOINT: one row on one day is one entry
            s = m.new_bool_var(f"same[{x.key},{y.key}]")
            m.add_implication(s, on[x.key])
            m.add_implication(s, on[y.key])
            m.add(when[x.key] == when[y.key]).only_enforce_if(s)
            same[(x.key, y.key)] = s
            apart: list[cp_model.LiteralT] = [*both, ~s]
        else:
            apart = list(both)
        m.add(when[y.key] - when[x.key] >= gap).only_enforce_if([*apart, before])  # R-GAP
        m.add(when[x.key] - when[y.key] >= gap).only_enforce_if([*apart, ~before])
    # an entry is a day: a visit opens one unless an earlier visit of the list shares its day
    opens = []
    for i, e in enumerate(es):
        o = m.new_bool_var(f"opens[{e.key}]")
        m.add(o + sum(same[(b.key, e.key)] for b in es[:i] if (b.key, e.key) in same) >= on[e.key])
        opens.append(o)
    m.add(sum(opens) <= entries_left)  # R-CAP-ENTRY
    n, span = len(es), max(ords) - min(ords) + 1 if ords else 1
    # most visits first; then fewest entries; then earliest (a day's weight below one entry's)
    if optimize:
        m.maximize(sum(on.values()) * (n + 1) * n * span - sum(opens) * n * span - sum(when[e.key] - min(ords) for e in es))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_deterministic_time = FIRM_SECONDS
    if solver.solve(m) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return {}  # `must` cannot all fit (INFEASIBLE), or nothing found in the time
    return {e.key: ords[solver.value(when[e.key])] for e in es if solver.value(on[e.key])}
