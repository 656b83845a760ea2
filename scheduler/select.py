"""Which entries go to the solver, and with which teams (R-TEAM), against each team's
yearly capacity: required entries always; sampled enterprises in draw order until the
tier's places are filled, skipping (basis `capacity`) those no eligible team can take."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from scheduler.requirements import PLANNED, TIER_LEVEL, Entry, Requirements
from scheduler.resources import Part


@dataclass
class Selection:
    entries: dict[str, list[Entry]]  # district → entries for its solver
    teams: dict[str, dict[str, str]]  # entry key → agency → team_id
    sampled: dict[str, list[str]]  # tier → enterprises sent to the solver, in draw order
    skipped: dict[str, str]  # enterprise → why it could not be taken (capacity)
    by_enterprise: dict[str, list[Entry]] = field(default_factory=dict)
    shortfalls: list[dict[str, object]] = field(default_factory=list)


class Ledger:
    """Remaining on-site visits per team slice: planned ones keep the R-SPREAD reserve free."""

    def __init__(self, parts: dict[str, Part], reserve: float):
        self.parts = parts
        self.left: dict[tuple[str, str], float] = {}
        self.planned_left: dict[tuple[str, str], float] = {}
        for d, p in parts.items():
            for slices in p.slices.values():
                for s in slices:
                    self.left[(d, s.team_id)] = s.annual_onsite
                    self.planned_left[(d, s.team_id)] = s.annual_onsite * (1 - reserve)

    def best_team(self, district: str, agency: str, planned: bool) -> str | None:
        slices = self.parts[district].slices.get(agency, []) if district in self.parts else []
        if not slices:
            return None
        book = self.planned_left if planned else self.left
        return max(slices, key=lambda s: (book[(district, s.team_id)], s.team_id)).team_id

    def take(self, district: str, team: str, n: int, planned: bool) -> None:
        self.left[(district, team)] -= n
        if planned:
            self.planned_left[(district, team)] -= n


def _assign(entries: list[Entry], ledger: Ledger, planned: bool, shortfalls: list[dict[str, object]]) -> list[tuple[Entry, dict[str, str]]]:
    """Teams for each agency of each entry; an agency with no team that may work here is a shortfall (R-TEAM)."""
    out = []
    for e in entries:
        teams, kept = {}, []
        for a in e.agencies:
            t = ledger.best_team(e.district, a, planned)
            if t is None:
                shortfalls.append({"kind": e.basis, "id": e.trigger_id or e.enterprise_id, "rule": "R-TEAM",
                                   "binding": f"district {e.district}, agency {a}: no team of {a} may work here"})
            else:
                teams[a] = t
                kept.append(a)
        if not kept:
            continue
        if len(kept) < len(e.agencies):
            e.agencies = tuple(kept)
        out.append((e, teams))
    return out


def select(req: Requirements, parts: dict[str, Part], reserve: float) -> Selection:
    ledger = Ledger(parts, reserve)
    by_ent: dict[str, list[Entry]] = defaultdict(list)  # sampled entries only: taken all or nothing
    for e in req.entries:
        if e.basis == "sampled":
            by_ent[e.enterprise_id].append(e)
    sel = Selection(defaultdict(list), {}, {}, {}, dict(by_ent), list(req.shortfalls))
    required = sorted((e for e in req.entries if e.basis not in ("sampled",)),
                      key=lambda e: (("triggered", "follow_up", "mandatory").index(e.basis), e.key))
    for e, teams in _assign(required, ledger, False, sel.shortfalls):
        if e.mode == "onsite":
            for t in teams.values():
                ledger.take(e.district, t, 1, e.basis in PLANNED)
        sel.entries[e.district].append(e)
        sel.teams[e.key] = teams
    for tier in sorted(req.pools, key=lambda t: -TIER_LEVEL[t]):
        taken: list[str] = []
        for eid in req.pools[tier]:
            if len(taken) >= req.places[tier]:
                break
            why = try_take(sel, ledger, by_ent[eid])
            if why:
                sel.skipped[eid] = why
            else:
                taken.append(eid)
        sel.sampled[tier] = taken
    return sel


def try_take(sel: Selection, ledger: Ledger, entries: list[Entry]) -> str | None:
    """Take a sampled enterprise if every one of its agencies has a team with room; else say which does not."""
    need: dict[tuple[str, str], int] = defaultdict(int)
    teams_of: dict[str, dict[str, str]] = {}
    for e in entries:
        teams: dict[str, str] = {}
        for a in e.agencies:
            t = ledger.best_team(e.district, a, True)
            if t is None:
                return f"district {e.district}: no team of agency {a} may work there (R-TEAM)"
            teams[a] = t
            if e.mode == "onsite":
                need[(e.district, t)] += 1
        teams_of[e.key] = teams
    for (d, t), n in sorted(need.items()):
        if ledger.planned_left[(d, t)] < n:
            return f"team {t} fully booked: {max(0, int(ledger.planned_left[(d, t)]))} on-site visits left for planned checks (R-AVAIL)"
    for (d, t), n in need.items():
        ledger.take(d, t, n, True)
    for e in entries:
        sel.entries[e.district].append(e)
        sel.teams[e.key] = teams_of[e.key]
    return None
