"""Worlds that stress capacity 压力情景: transformations of a generated bundle, applied on
top of any preset by `inspection scenario --world NAME`.

Each world rewrites some of the bundle's CSV files in place and keeps it valid (bundle.md):
the scheduler meets what a real bureau may upload, not what our generator happens to
make. Same bundle, world and seed → same files.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

# Budget range of the `tight` world: binding annual_visit_budget (issue 8 measured 8–25 and 8–40).
TIGHT_BUDGETS = (8, 40)
# City-level teams with unequal budgets: a pair of 30 and 12 staffs 12 visits, not 21 (notes/capacity-bound.md).
CITY_BUDGETS = (30, 12)
DISTRICT_BUDGETS_CITY_UNEQUAL = (12, 30)
SCARCE_CERTIFIED_PER_TEAM = 2  # the scarce agency keeps one pair per team
URGENT_TRIGGER_SHARE = 0.03  # enterprises with a trigger in the plan year, in the `urgent` world
URGENT_SHARE = 0.6  # of those, urgent
DISHONEST_IN_YEAR_SHARE = 0.02
CERT_EXPIRY_SHARE = 0.3
LEAVE_SHARE = 0.25
LEAVE_DAYS = (30, 90)


class Tables:
    """The bundle's CSV files as string frames; `save` writes back only those changed."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._frames: dict[str, pd.DataFrame] = {}
        self.changed: set[str] = set()
        self.policy_year = int(pd.read_json(folder / "policy.json", typ="series")["year"])

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._frames:
            path = self.folder / f"{name}.csv"
            self._frames[name] = pd.read_csv(path, dtype=str, keep_default_na=False) if path.exists() else pd.DataFrame()
        return self._frames[name]

    def __setitem__(self, name: str, df: pd.DataFrame) -> None:
        self._frames[name] = df
        self.changed.add(name)

    def save(self) -> None:
        for name in sorted(self.changed):
            self._frames[name].to_csv(self.folder / f"{name}.csv", index=False, lineterminator="\n")


def _enforcement(t: Tables) -> pd.Series:
    return t["officers"].role == "enforcement"


def tight(t: Tables, rng: np.random.Generator) -> None:
    """Every enforcement officer's annual_visit_budget drawn from 8–40: budgets, not days, bind."""
    off = t["officers"].copy()
    enf = _enforcement(t)
    off.loc[enf, "annual_visit_budget"] = rng.integers(TIGHT_BUDGETS[0], TIGHT_BUDGETS[1] + 1, int(enf.sum())).astype(str)
    t["officers"] = off


def busiest_agency(t: Tables) -> str:
    """The agency whose items apply to most enterprises (ties: the smaller id): where scarcity hurts most."""
    sectors = t["enterprises"].sector.value_counts()
    owed: dict[str, int] = {}
    for a in sorted(set(t["items"].agency_id)):
        secs = set(";".join(t["items"].sectors[t["items"].agency_id == a]).split(";"))
        owed[a] = int(sum(sectors.get(s, 0) for s in secs))
    return sorted(owed, key=lambda a: (-owed[a], a))[0]


def scarce(t: Tables, rng: np.random.Generator) -> None:
    """The busiest agency keeps a single certified pair per team; its other enforcement officers become auxiliaries
    (执法辅助人员, who never count for R-PAIR)."""
    off = t["officers"].copy()
    teams = t["teams"]
    mine = set(teams.team_id[teams.agency_id == busiest_agency(t)])
    for team in sorted(mine):
        idx = off.index[(off.team_id == team) & (off.role == "enforcement")]
        for i in idx[SCARCE_CERTIFIED_PER_TEAM:]:
            off.loc[i, ["role", "certificate_no", "certificate_expires_on", "annual_visit_budget"]] = ["auxiliary", "", "", ""]
    t["officers"] = off


def city_unequal(t: Tables, rng: np.random.Generator) -> None:
    """City-level teams (code ending 00) get half the district teams' officers, with budgets alternating 30 and 12;
    district officers keep 12–30. Seconding in pairs by id would count 30+12 as 21 visits."""
    off = t["officers"].copy()
    teams = t["teams"]
    city = teams[teams.district_code.str.endswith("00")]
    enf = off.role == "enforcement"
    off.loc[enf, "annual_visit_budget"] = rng.integers(DISTRICT_BUDGETS_CITY_UNEQUAL[0], DISTRICT_BUDGETS_CITY_UNEQUAL[1] + 1,
                                                       int(enf.sum())).astype(str)
    for ct, agency, code in zip(city.team_id, city.agency_id, city.district_code, strict=True):
        local = teams.team_id[(teams.agency_id == agency) & (teams.district_code.str[:4] == code[:4]) & (teams.team_id != ct)]
        for lt in sorted(local):
            idx = off.index[(off.team_id == lt) & enf]
            off.loc[idx[2::2], "team_id"] = ct  # every second officer beyond the first pair moves up to the city team
        idx = off.index[(off.team_id == ct) & enf]
        off.loc[idx, "annual_visit_budget"] = [str(CITY_BUDGETS[k % 2]) for k in range(len(idx))]
    t["officers"] = off


def in_year_dishonest(t: Tables, rng: np.random.Generator) -> None:
    """`serious_dishonest` records dated inside the plan year (R-TIER: they count, a January cut-off would miss them);
    a third repaired later, a third expiring inside the year (still counting), and old listings that expired."""
    ent = t["enterprises"].enterprise_id.to_numpy()
    y = t.policy_year
    n = max(3, round(DISHONEST_IN_YEAR_SHARE * len(ent)))
    who = rng.choice(ent, size=min(n, len(ent)), replace=False)
    rows = []
    for k, eid in enumerate(sorted(who)):
        on = dt.date(y, 1, 2) + dt.timedelta(days=int(rng.integers(0, 150)))
        kind = k % 3
        expires = (on + dt.timedelta(days=int(rng.integers(20, 120)))).isoformat() if kind == 1 else ""
        rows.append((eid, on.isoformat(), "serious_dishonest", expires, "列入严重失信主体名单"))
        if kind == 2:
            rows.append((eid, (on + dt.timedelta(days=int(rng.integers(10, 90)))).isoformat(), "repair", "", "信用修复"))
    for eid in sorted(rng.choice(ent, size=min(n, len(ent)), replace=False)):  # listed and expired before the year
        rows.append((eid, f"{y - 2}-03-01", "serious_dishonest", f"{y - 1}-12-31", "已过期"))
    cr = t["credit_records"]
    extra = pd.DataFrame(rows, columns=["enterprise_id", "recorded_on", "kind", "expires_on", "note"])
    t["credit_records"] = pd.concat([cr, extra], ignore_index=True).fillna("")


def urgent(t: Tables, rng: np.random.Generator) -> None:
    """Many triggers received in the plan year, most urgent (3 working days)."""
    ent, items = t["enterprises"], t["items"]
    by_sector: dict[str, list[str]] = {}
    for a, secs in zip(items.agency_id, items.sectors, strict=True):
        for s in secs.split(";"):
            by_sector.setdefault(s, [])
            if a not in by_sector[s]:
                by_sector[s].append(a)
    y = t.policy_year
    pick = np.flatnonzero(rng.random(len(ent)) < URGENT_TRIGGER_SHARE)
    rows = []
    for k, i in enumerate(pick):
        agencies = by_sector.get(ent.sector.iat[i])
        if not agencies:
            continue
        on = dt.date(y, 1, 4) + dt.timedelta(days=int(rng.integers(0, 330)))
        rows.append((f"TU{k:06d}", ent.enterprise_id.iat[i], agencies[int(rng.integers(0, len(agencies)))], on.isoformat(),
                     ["complaint", "referral", "data_monitoring", "enterprise_request"][int(rng.integers(0, 4))],
                     "true" if rng.random() < URGENT_SHARE else "false"))
    extra = pd.DataFrame(rows, columns=["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"])
    t["triggers"] = pd.concat([t["triggers"], extra], ignore_index=True).fillna("")


def cert_expiry(t: Tables, rng: np.random.Generator) -> None:
    """A third of the certificates run out between March and September (R-CERT: the officer stops counting that day)."""
    off = t["officers"].copy()
    idx = off.index[_enforcement(t)]
    hit = idx[rng.random(len(idx)) < CERT_EXPIRY_SHARE]
    y = t.policy_year
    off.loc[hit, "certificate_expires_on"] = [(dt.date(y, 3, 1) + dt.timedelta(days=int(d))).isoformat()
                                              for d in rng.integers(0, 200, len(hit))]
    t["officers"] = off


def leave(t: Tables, rng: np.random.Generator) -> None:
    """A quarter of the officers away for 30–90 days (maternity, secondment, long training)."""
    off = t["officers"]
    y = t.policy_year
    who = off.officer_id[rng.random(len(off)) < LEAVE_SHARE]
    rows = []
    for oid in who:
        start = dt.date(y, 1, 1) + dt.timedelta(days=int(rng.integers(0, 300)))
        end = min(start + dt.timedelta(days=int(rng.integers(LEAVE_DAYS[0], LEAVE_DAYS[1] + 1))), dt.date(y, 12, 31))
        rows.append((oid, start.isoformat(), end.isoformat(), "leave"))
    extra = pd.DataFrame(rows, columns=["officer_id", "start_on", "end_on", "reason"])
    t["unavailability"] = pd.concat([t["unavailability"], extra], ignore_index=True).fillna("")


def mixed(t: Tables, rng: np.random.Generator) -> None:
    """Tight budgets, in-year listings, urgent triggers, expiring certificates and long leaves at once."""
    for world in (tight, in_year_dishonest, urgent, cert_expiry, leave):
        world(t, rng)


WORLDS: dict[str, Callable[[Tables, np.random.Generator], None]] = {
    "tight": tight, "scarce": scarce, "city-unequal": city_unequal, "in-year-dishonest": in_year_dishonest,
    "urgent": urgent, "cert-expiry": cert_expiry, "leave": leave, "mixed": mixed,
}


def apply_world(name: str, bundle: Path, seed: int = 1) -> Path:
    """Rewrite the bundle folder as world `name`; the draws depend only on the world's name and the seed."""
    if name not in WORLDS:
        raise KeyError(f"unknown world {name}: {', '.join(WORLDS)}")
    t = Tables(Path(bundle))
    WORLDS[name](t, np.random.default_rng([seed, zlib.crc32(name.encode())]))
    t.save()
    return Path(bundle)
