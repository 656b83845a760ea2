"""Three districts of one city, a city team hb-140400 of 4 officers; each district holds one of its days.
A=140402 holds day 0, B=140403 day 1, C=140404 day 2 (tests/tiny_part.py parts)."""
from __future__ import annotations

import dataclasses

from tiny_part import RULES, entry, part

from scheduler.state import PartState

CITY = "hb-140400"
NAMES = ("140402", "140403", "140404")
O = [f"{CITY}-{i}" for i in range(4)]  # noqa: E741 (the officers, as in the review's reproducers)


def city3(away: dict[str, dict[str, list[int]]] | None = None, n_days: int = 3, owner_days: dict[str, list[int]] | None = None,
          own_team_away: bool = True):
    owner_days = owner_days or {NAMES[0]: [0], NAMES[1]: [1], NAMES[2]: [2]}
    states, split = {}, {CITY: {}}
    for name in NAMES:
        own = owner_days[name]
        aw = {o: [d for d in range(n_days) if d not in own] for o in O}
        for o, ds in (away or {}).get(name, {}).items():
            aw[o] = sorted(set(aw[o]) | set(ds))
        if own_team_away:
            aw.update({f"hb-{name}-0": list(range(n_days)), f"hb-{name}-1": list(range(n_days))})
        p, s, days = part(n_days, {f"hb-{name}": ("hb", 2, 2), CITY: ("hb", 4, 2)}, away=aw)
        p = dataclasses.replace(p, district=name)
        states[name] = PartState(p, s, RULES, days)
        split[CITY][name] = {"days": [days[d].isoformat() for d in own], "budgets": {}}
    return states, split


def ent(key, window, district, basis="mandatory", enterprise=None, mode="onsite", index=0, agency="hb"):
    return dataclasses.replace(entry(key, window, agency=agency, basis=basis, enterprise=enterprise or f"F{key}", mode=mode, index=index), district=district)


def set_budgets(states, district, values):
    f = states[district].flows[CITY]
    for o, b in zip(O, values, strict=True):
        f.budget[o] = b


def budgets(states):
    return {d: [st.flows[CITY].budget[o] for o in O] for d, st in states.items()}


def check_consistent(states):
    """Every share: year_count == what assign holds; no officer over budget in any share."""
    bad = []
    for d, st in states.items():
        for tid, f in st.flows.items():
            yc = {}
            for os in f.assign.values():
                for o in os:
                    yc[o] = yc.get(o, 0) + 1
            for o in f.officers:
                if yc.get(o, 0) != f.year_count.get(o, 0):
                    bad.append((d, tid, o, "year_count", yc.get(o, 0), f.year_count.get(o, 0)))
                if f.year_count.get(o, 0) > f.budget[o]:
                    bad.append((d, tid, o, "over budget", f.year_count[o], f.budget[o]))
            if set(f.assign) != set(f.seats):
                bad.append((d, tid, "assign/seats", sorted(set(f.assign) ^ set(f.seats))))
    return bad
