"""What the plan must hold: the lottery, then every entry the rules ask for.

An `Entry` is one future row of visits.csv: a joint on-site entry of every agency that
must enter (R-JOINT), a remote check (R-REMOTE), a follow-up (R-FOLLOW) or a triggered
visit (R-TRIGGER), with the working days it may fall on.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

import pandas as pd

from bundle import Bundle, CalendarGap
from scheduler.lottery import draw_ranks, places

REQUIRED = ("triggered", "follow_up", "mandatory")
PLANNED = ("mandatory", "sampled")
# working days: a window shorter than this is named by its days in a shortfall (reasons.resource_text), and an unmet
# trigger in one whose days are all booked holds back only those days from the sampled walk (plan.day_held)
SHORT_WINDOW = 20
TIER_LEVEL = {"A": 1, "B": 2, "C": 3, "D": 4}
# the rules behind every planned entry: one list each, shared by all entries (read, never changed)
PLANNED_RULES = ["R-SAMPLE", "R-ITEM"]
PLANNED_REMOTE_RULES = [*PLANNED_RULES, "R-REMOTE"]


@dataclass(slots=True)  # no __dict__ per entry: a province has ≈ 340,000 of them
class Entry:
    key: str  # stable and unique: sorts the same on every run
    enterprise_id: str
    district: str
    basis: str  # mandatory | sampled | triggered | follow_up
    mode: str  # onsite | remote
    agencies: tuple[str, ...]
    items: tuple[str, ...]
    tier: str
    window: tuple[int, int]  # first and last workday index allowed (inclusive)
    index: int = 0  # which of the enterprise's planned visits (0 = first)
    trigger_id: str = ""
    draw_rank: int = 0
    rules: list[str] = field(default_factory=list)  # rule ids that shaped it, for `why`
    group: str = ""  # agency-visits of one group on one day merge into one joint row (R-JOINT)
    # planned on-site agency-visits of one basis share one row a day whatever their visit index (empty: `group`'s):
    # the entry cap counts days, and a row carries no index, so agency a's second visit may join agency b's first
    # (foreign35 M1: held apart, a tier-D firm's third agency took a day of its own and its second visit had none)
    row: str = ""

    @property
    def joint_key(self) -> str:
        """R-JOINT: the agency-visits of one enterprise on one day with this key are one row (进一次门、查多项事)."""
        return self.row or self.group

    @property
    def klass(self) -> int:
        """R-PRIORITY class: 0 triggered and follow-up, 1 mandatory, 2 sampled."""
        return CLASS[self.basis]


CLASS = {"triggered": 0, "follow_up": 0, "mandatory": 1, "sampled": 2}


@dataclass
class Requirements:
    entries: list[Entry]
    ranks: dict[str, int]  # enterprise_id → draw_rank (sampled tiers only)
    places: dict[str, int]  # tier → places
    pools: dict[str, list[str]]  # tier → enterprise ids in draw order
    applicable: dict[str, dict[str, tuple[str, ...]]]  # enterprise → agency → its items that apply
    exempt: set[str]
    shortfalls: list[dict[str, object]]
    trigger_info: dict[str, dict[str, object]]
    # triggers whose window closed before the plan year: history, not owed by this plan (trigger id → its deadline);
    # counted in plan.json so that none vanishes without a word (foreign31 F3)
    before_year: dict[str, str] = field(default_factory=dict)


def applicable_items(bundle: Bundle) -> dict[str, dict[str, tuple[str, ...]]]:
    """R-ITEM: for each enterprise, each agency whose published list has items for its sector."""
    by_sector: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for item, agency, sectors in zip(bundle.items.item_id, bundle.items.agency_id, bundle.items.sectors, strict=True):
        for s in sectors:
            by_sector[s][agency].append(item)
    # one (read-only) dict per sector, shared by its enterprises: not 200,000 equal dicts at a province
    per_sector = {s: {a: tuple(sorted(v)) for a, v in sorted(by.items())} for s, by in by_sector.items()}
    none: dict[str, tuple[str, ...]] = {}
    return {eid: per_sector.get(sector, none)
            for eid, sector in zip(bundle.enterprises.enterprise_id, bundle.enterprises.sector, strict=True)}


def remote_agencies(bundle: Bundle, tier: str, monitored: bool, agency_items: dict[str, tuple[str, ...]]) -> set[str]:
    """R-REMOTE: agencies whose every applicable item may be checked without entering."""
    if not monitored or tier in bundle.policy.onsite_required_tiers:
        return set()
    return {a for a, items in agency_items.items() if all(i in bundle.remote_items for i in items)}


@cache
def _one(agency: str) -> tuple[str, ...]:
    """(agency,): one tuple per agency, shared by its entries."""
    return (agency,)


@cache
def visit_window(n_workdays: int, visits: int, k: int) -> tuple[int, int]:
    """The workdays (first, last) of an enterprise's visit k of `visits` (R-GAP does the rest): one tuple per distinct
    window, shared by the ≈ 340,000 entries of a province rather than one each."""
    if visits == 1:
        return (0, n_workdays - 1)
    return (k * n_workdays // (visits + 1), (k + 2) * n_workdays // (visits + 1) - 1)


def planned_entries(bundle: Bundle, eid: str, district: str, tier: str, basis: str, monitored: bool,
                    agency_items: dict[str, tuple[str, ...]], rank: int, shortfalls: list[dict[str, object]]) -> list[Entry]:
    pol = bundle.policy
    n_workdays = len(bundle.workdays)
    visits = pol.tiers[tier].visits
    rules = PLANNED_RULES
    if visits > pol.max_visits_per_agency_per_enterprise:
        # in both languages, as every other shortfall (foreign43 F8: English alone)
        shortfalls.append(_shortfall(eid, "R-CAP-AGENCY", f"tier {tier} asks {visits} visits per agency, the cap is "
                                     f"{pol.max_visits_per_agency_per_enterprise}", "policy",
                                     f"{tier}级每个执法主体应检{visits}次，超过每主体年度上限{pol.max_visits_per_agency_per_enterprise}次"))
        visits = pol.max_visits_per_agency_per_enterprise
    if visits > pol.max_entries_per_enterprise:
        shortfalls.append(_shortfall(eid, "R-CAP-ENTRY", f"tier {tier} asks {visits} entries, the cap is "
                                     f"{pol.max_entries_per_enterprise}", "policy",
                                     f"{tier}级应入企{visits}次，超过每企业年度入企上限{pol.max_entries_per_enterprise}次"))
        visits = pol.max_entries_per_enterprise
    remote = remote_agencies(bundle, tier, monitored, agency_items)
    onsite = tuple(a for a in agency_items if a not in remote)
    out: list[Entry] = []
    remote_rules = PLANNED_REMOTE_RULES
    row = f"{eid}|{basis}"  # one string a firm, shared by its entries (a province holds ≈ 340,000)
    for k in range(visits):
        # two visits: the first in the first part of the year, the second in the later part (R-GAP does the rest)
        window = visit_window(n_workdays, visits, k)
        group = f"{eid}|{basis}|{k}"
        # each agency's visit is its own decision (R-PRIORITY): agencies that fall on one day merge (R-JOINT)
        for a in onsite:
            out.append(Entry(f"{group}|onsite|{a}", eid, district, basis, "onsite", _one(a), agency_items[a], tier, window, k,
                             draw_rank=rank, rules=rules, group=group, row=row))
        for a in sorted(remote):
            out.append(Entry(f"{group}|remote|{a}", eid, district, basis, "remote", _one(a), agency_items[a], tier,
                             window, k, draw_rank=rank, rules=remote_rules, group=f"{group}|remote|{a}"))
    return out


def _shortfall(who: str, rule: str, resource: str, kind: str, zh: str = "", agency: str = "") -> dict[str, object]:
    """A requirement no plan can meet, found before solving (R-EXPLAIN): Chinese first where given."""
    out: dict[str, object] = {"kind": kind, "id": who, "rule": rule, "found": "before solving", "binding": resource}
    if zh:
        out["binding_zh"] = zh
    if agency:
        out["agency"] = agency
    return out


def build_requirements(bundle: Bundle, scores: pd.DataFrame) -> Requirements:
    """Every entry the rules ask for, sampled ones in draw order (selection happens later, against capacity)."""
    pol = bundle.policy
    E = bundle.enterprises
    where = dict(zip(E.enterprise_id, zip(E.district_code, E.remote_monitoring, strict=True), strict=True))
    score = dict(zip(scores.enterprise_id, scores.risk_score, strict=True))
    s = scores.set_index("enterprise_id")
    applicable = applicable_items(bundle)
    exempt = {e for e, a in applicable.items() if not a}
    shortfalls: list[dict[str, object]] = []
    entries: list[Entry] = []
    ranks: dict[str, int] = {}
    pools: dict[str, list[str]] = {}
    tier_places: dict[str, int] = {}
    for tier in ("D", "C", "B", "A"):
        members = sorted(e for e in s.index[s["tier"] == tier] if e not in exempt)
        spec = pol.tiers[tier]
        if spec.sample_ratio >= 1:
            tier_places[tier] = len(members)
            for eid in members:
                entries += planned_entries(bundle, eid, where[eid][0], tier, "mandatory",
                                           bool(where[eid][1]), applicable[eid], 0, shortfalls)
            continue
        r = draw_ranks(pol.seed, tier, [(e, float(score[e])) for e in members], pol.min_lottery_weight,
                       pol.sampling == "uniform_lottery")
        ranks.update(r)
        order = sorted(members, key=r.__getitem__)
        pools[tier] = order
        tier_places[tier] = places(spec.sample_ratio, len(order))
        for eid in order:
            entries += planned_entries(bundle, eid, where[eid][0], tier, "sampled",
                                       bool(where[eid][1]), applicable[eid], r[eid], shortfalls)
    tiers = dict(zip(scores.enterprise_id, scores.tier, strict=True))
    entries += follow_ups(bundle, tiers, applicable, shortfalls)
    before: dict[str, str] = {}
    trig, info = trigger_entries(bundle, tiers, applicable, shortfalls, before)
    entries += trig
    return Requirements(entries, ranks, tier_places, pools, applicable, exempt, shortfalls, info, before)


def follow_ups(bundle: Bundle, tiers: dict[str, str], applicable: dict[str, dict[str, tuple[str, ...]]],
               shortfalls: list[dict[str, object]]) -> list[Entry]:
    """R-FOLLOW: an unrectified violation found last year → a follow-up by that agency, early in the year."""
    last_year = bundle.unrectified_last_year()
    district = bundle.enterprises.set_index("enterprise_id").district_code
    n = len(bundle.workdays)
    hi = min(bundle.policy.follow_up_within_workdays, n) - 1
    # a re-check before the finding's deadline (整改期限) finds nothing due (walk42 F1: a violation of December, due in
    # February, had its follow-up on 3 January): the window opens the day after the latest deadline, where the history
    # gives one (the optional `rectify_by`, written by history.csv)
    start = bundle.follow_up_from()
    out = []
    for eid, agency in sorted(set(zip(last_year.enterprise_id, last_year.agency_id, strict=True))):
        d = start.get((eid, agency))
        lo = bisect.bisect_left(bundle.workdays, d) if d is not None else 0
        items = applicable[eid].get(agency)
        if not items:
            shortfalls.append(_shortfall(eid, "R-ITEM", f"agency {agency} has no published item for this enterprise's sector", "follow_up",
                                         f"{agency}：检查事项清单中没有适用于该企业行业的事项，无法复查", agency))
            continue
        if d is not None and lo >= n:  # due after the plan year's last working day: a re-check this year finds nothing due
            due = d - dt.timedelta(days=1)
            shortfalls.append(_shortfall(eid, "R-FOLLOW", f"no day of its window in the plan year: rectification due {due}, "
                                         "after it; re-checked next year", "follow_up",
                                         f"复查窗口不在本年度：整改期限 {due} 在计划年度之后，下一年度复查", agency))
            continue
        # its first `follow_up_within_workdays` working days from the day it may start (review42 #5: (lo, max(lo, hi))
        # left one day to a deadline in June)
        out.append(Entry(f"{eid}|follow_up|{agency}", eid, district[eid], "follow_up", "onsite", (agency,), items,
                         tiers[eid], (lo, min(n - 1, lo + hi)), rules=["R-FOLLOW", "R-EXEMPT", "R-ITEM"],
                         group=f"{eid}|follow_up"))
    return out


def trigger_entries(bundle: Bundle, tiers: dict[str, str], applicable: dict[str, dict[str, tuple[str, ...]]],
                    shortfalls: list[dict[str, object]], before: dict[str, str] | None = None
                    ) -> tuple[list[Entry], dict[str, dict[str, object]]]:
    """R-TRIGGER: within N working days of receipt (fewer if urgent), on the plan year's calendar. A trigger whose
    window closed before the plan year is history (triggers.csv may hold past years: docs/decisions.md), not owed:
    it goes to `before` (id → deadline), not to the shortfalls."""
    pol, cal = bundle.policy, bundle.calendar
    days = bundle.workdays
    index = {d: i for i, d in enumerate(days)}
    start, end = dt.date(bundle.year, 1, 1), dt.date(bundle.year, 12, 31)
    district = bundle.enterprises.set_index("enterprise_id").district_code
    out, info = [], {}
    for t in bundle.triggers.sort_values(["received_on", "trigger_id"]).itertuples(index=False):
        received = t.received_on.date()
        n = pol.urgent_within_workdays if t.urgent else pol.trigger_within_workdays
        try:
            deadline = cal.add_workdays(received, n)
        except CalendarGap:
            deadline = end
        if deadline < start:
            if before is not None:
                before[t.trigger_id] = str(deadline)
            continue  # history: its window closed before the plan year
        info[t.trigger_id] = {"enterprise_id": t.enterprise_id, "agency_id": t.agency_id, "received_on": str(received),
                              "deadline": str(deadline), "urgent": bool(t.urgent), "within_workdays": n}
        items = applicable[t.enterprise_id].get(t.agency_id)
        if not items:
            shortfalls.append(_shortfall(t.trigger_id, "R-ITEM", f"agency {t.agency_id} has no published item for this sector", "triggered",
                                         f"{t.agency_id}：检查事项清单中没有适用于该企业行业的事项", t.agency_id))
            continue
        lo = next((i for i, d in enumerate(days) if d >= max(received, start)), len(days))
        hi = max((i for d, i in index.items() if d <= min(deadline, end)), default=-1)
        if lo > hi:
            shortfalls.append(_shortfall(t.trigger_id, "R-TRIGGER", f"no working day between {received} and {deadline}", "triggered",
                                         f"{t.agency_id}：线索受理日{received}至期限{deadline}之间没有工作日", t.agency_id))
            continue
        out.append(Entry(f"{t.enterprise_id}|triggered|{t.trigger_id}", t.enterprise_id, district[t.enterprise_id], "triggered",
                         "onsite", (t.agency_id,), items, tiers[t.enterprise_id], (lo, hi), trigger_id=t.trigger_id,
                         rules=["R-TRIGGER", "R-BASIS", "R-EXEMPT", "R-ITEM"],
                         group=f"{t.enterprise_id}|triggered|{t.trigger_id}"))
    return out, info
