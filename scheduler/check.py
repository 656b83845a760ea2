"""`inspection check BUNDLE PLAN`: every invariant of plan.md, re-verified from the plan's
files and the bundle alone — nothing from the solver's memory."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from bundle import Bundle
from scheduler.lottery import draw_ranks, places

VISIT_COLUMNS = ["visit_id", "date", "enterprise_id", "district_code", "mode", "lead_agency_id", "agency_ids", "item_ids",
                 "officer_ids", "basis", "trigger_id", "tier"]
SELECTION_COLUMNS = ["enterprise_id", "tier", "risk_score", "selected", "basis", "draw_rank", "visits_planned", "reason_zh", "reason_en"]
PLANNED = ("mandatory", "sampled")


@dataclass(frozen=True)
class Violation:
    invariant: int  # plan.md's numbering (0: the files themselves)
    rule: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"[{self.invariant}] {self.rule} {self.where}: {self.message}"


def _split(s: str) -> list[str]:
    return [x for x in str(s).split(";") if x]


def read_plan(plan_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame, dict]:  # type: ignore[type-arg]
    v = pd.read_csv(plan_dir / "visits.csv", dtype=str, keep_default_na=False)
    s = pd.read_csv(plan_dir / "selection.csv", dtype=str, keep_default_na=False)
    meta = json.loads((plan_dir / "plan.json").read_text(encoding="utf-8"))
    return v, s, meta


def check_plan(bundle: Bundle, plan_dir: Path) -> list[Violation]:
    v, s, meta = read_plan(plan_dir)
    out: list[Violation] = []

    def bad(inv: int, rule: str, where: str, msg: str) -> None:
        out.append(Violation(inv, rule, where, msg))

    if list(v.columns) != VISIT_COLUMNS:
        bad(0, "plan.md", "visits.csv", f"columns are {list(v.columns)}")
        return out
    if list(s.columns) != SELECTION_COLUMNS:
        bad(0, "plan.md", "selection.csv", f"columns are {list(s.columns)}")
        return out
    pol = bundle.policy
    if meta.get("year") != pol.year or meta.get("seed") != pol.seed:
        bad(0, "R-AUDIT", "plan.json", "year or seed differ from the bundle's policy")
    if meta.get("input_sha256") != bundle.input_sha256:
        bad(0, "R-AUDIT", "plan.json", "input_sha256 is not this bundle's")
    if v.visit_id.duplicated().any():
        bad(0, "plan.md", "visits.csv", "visit_id not unique")
    _visits(bundle, v, bad)
    _caps_and_gaps(bundle, v, bad)
    _coverage(bundle, v, s, meta, bad)
    _selection(bundle, v, s, bad)
    del pol
    return out


def _visits(b: Bundle, v: pd.DataFrame, bad) -> None:  # type: ignore[no-untyped-def]
    """Invariants 1–3 and 8, and R-ITEM / R-BASIS, visit by visit."""
    pol = b.policy
    work = set(b.workdays)
    E = b.enterprises
    ent = {e: (d, sec, bool(m)) for e, d, sec, m in zip(E.enterprise_id, E.district_code, E.sector, E.remote_monitoring, strict=True)}
    offs = b.officers
    off = {o: (t, r, x.date() if not pd.isna(x) else None) for o, t, r, x in zip(offs.officer_id, offs.team_id, offs.role, offs.certificate_expires_on, strict=True)}
    teams = {t: (a, d, int(m)) for t, a, d, m in zip(b.teams.team_id, b.teams.agency_id, b.teams.district_code, b.teams.max_visits_per_day, strict=True)}
    items = {i: (a, set(secs), bool(r)) for i, a, secs, r in zip(b.items.item_id, b.items.agency_id, b.items.sectors, b.items.remote_allowed, strict=True)}
    away = defaultdict(list)
    for o, a, z in zip(b.unavailability.officer_id, b.unavailability.start_on, b.unavailability.end_on, strict=True):
        away[o].append((a.date(), z.date()))
    recused = set(zip(b.recusals.officer_id, b.recusals.enterprise_id, strict=True))
    triggers = dict(zip(b.triggers.trigger_id, b.triggers.enterprise_id, strict=True))
    onsite_day: dict[tuple[str, str], int] = defaultdict(int)
    remote_day: dict[tuple[str, str], int] = defaultdict(int)
    onsite_year: dict[str, int] = defaultdict(int)
    team_day: dict[tuple[str, str], int] = defaultdict(int)
    for r in v.itertuples(index=False):
        w = r.visit_id
        day = dt.date.fromisoformat(r.date)
        if day not in work:
            bad(1, "R-WORKDAY", w, f"{r.date} is not a working day")
        if r.enterprise_id not in ent:
            bad(0, "plan.md", w, f"unknown enterprise {r.enterprise_id}")
            continue
        district, sector, monitored = ent[r.enterprise_id]
        if r.district_code != district:
            bad(0, "plan.md", w, "district_code is not the enterprise's")
        agencies = _split(r.agency_ids)
        if r.lead_agency_id not in agencies:
            bad(0, "plan.md", w, "lead agency does not take part")
        if r.mode not in ("onsite", "remote"):
            bad(0, "plan.md", w, f"mode {r.mode}")
        if r.basis not in ("mandatory", "sampled", "triggered", "follow_up"):
            bad(0, "R-BASIS", w, f"basis {r.basis!r} is no lawful basis")
        if r.basis == "triggered" and triggers.get(r.trigger_id) != r.enterprise_id:
            bad(0, "R-BASIS", w, f"trigger {r.trigger_id!r} is not this enterprise's")
        its = _split(r.item_ids)
        for i in its:
            if i not in items or items[i][0] not in agencies or sector not in items[i][1]:
                bad(0, "R-ITEM", w, f"item {i} is not on a visiting agency's list for sector {sector}")
        # 8. R-REMOTE
        if (r.mode == "onsite" and r.basis in PLANNED and r.tier not in pol.onsite_required_tiers and monitored
                and its and all(items[i][2] for i in its if i in items)):
            bad(8, "R-REMOTE", w, "every item could be checked remotely")
        # 1–3: officers
        by_agency: dict[str, list[str]] = defaultdict(list)
        for o in _split(r.officer_ids):
            if o not in off:
                bad(1, "R-PAIR", w, f"unknown officer {o}")
                continue
            by_agency[teams[off[o][0]][0]].append(o)
            if any(a <= day <= z for a, z in away[o]):
                bad(1, "R-AVAIL", w, f"{o} is away on {day}")
            if (o, r.enterprise_id) in recused:
                bad(1, "R-RECUSE", w, f"{o} is recused from {r.enterprise_id}")
            if r.mode == "onsite":
                onsite_day[(o, r.date)] += 1
                onsite_year[o] += 1
            else:
                remote_day[(o, r.date)] += 1
        need = pol.officers_per_agency_on_visit if r.mode == "onsite" else 1
        for a in agencies:
            os = by_agency.get(a, [])
            certified = [o for o in os if off[o][1] == "enforcement" and off[o][2] is not None and off[o][2] >= day]
            if len(certified) < need:
                bad(1, "R-PAIR" if r.mode == "onsite" else "R-CERT", w,
                    f"agency {a}: {len(certified)} certified officers on {day}, {need} needed")
            team_ids = {off[o][0] for o in os}
            if len(team_ids) > 1:
                bad(2, "R-TEAM", w, f"agency {a} sends officers of several teams {sorted(team_ids)}")
            for t in team_ids:
                code = teams[t][1]
                if not (code == district or (code.endswith("00") and code[:4] == district[:4])):
                    bad(2, "R-TEAM", w, f"team {t} may not work in district {district}")
                team_day[(t, r.date)] += 1
        for a in by_agency:
            if a not in agencies:
                bad(2, "R-TEAM", w, f"officers of agency {a}, which is not on the visit")
    for (o, d), n in onsite_day.items():
        if n > pol.max_visits_per_officer_per_day:
            bad(3, "R-AVAIL", o, f"{n} on-site visits on {d}")
    for (o, d), n in remote_day.items():
        if n > pol.max_remote_checks_per_officer_per_day:
            bad(3, "R-AVAIL", o, f"{n} remote checks on {d}")
    budget = b.officers.set_index("officer_id").annual_visit_budget
    for o, n in onsite_year.items():
        cap = pol.max_visits_per_officer_per_year if pd.isna(budget.get(o)) else int(budget[o])
        if n > cap:
            bad(3, "R-AVAIL", o, f"{n} on-site visits in the year, budget {cap}")
    for (t, d), n in team_day.items():
        if n > teams[t][2]:
            bad(3, "R-AVAIL", t, f"{n} visits on {d}, max_visits_per_day {teams[t][2]}")


def _caps_and_gaps(b: Bundle, v: pd.DataFrame, bad) -> None:  # type: ignore[no-untyped-def]
    """Invariant 4: R-CAP-AGENCY, R-CAP-ENTRY, R-GAP, R-JOINT; R-EXEMPT for triggered and follow-up."""
    pol = b.policy
    onsite_days: dict[str, list[str]] = defaultdict(list)
    planned: dict[str, list[tuple[str, str, list[str]]]] = defaultdict(list)
    for eid, date, mode, basis, agencies in zip(v.enterprise_id, v.date, v["mode"], v.basis, v.agency_ids, strict=True):
        if mode == "onsite":
            onsite_days[eid].append(date)
        if basis in PLANNED:
            planned[eid].append((date, mode, _split(agencies)))
    for eid, ds in onsite_days.items():
        for d, n in Counter(ds).items():
            if n > 1:
                bad(4, "R-JOINT", eid, f"{n} on-site rows on {d}: same-day visits must be one joint row")
    for eid, rows in planned.items():
        entry_days = sorted({d for d, mode, _ in rows if mode == "onsite"})
        if len(entry_days) > pol.max_entries_per_enterprise:
            bad(4, "R-CAP-ENTRY", eid, f"entered on {len(entry_days)} days")
        per_agency: Counter[str] = Counter(a for _, mode, ags in rows if mode == "onsite" for a in ags)
        for a, n in per_agency.items():
            if n > pol.max_visits_per_agency_per_enterprise:
                bad(4, "R-CAP-AGENCY", eid, f"agency {a}: {n} planned on-site visits")
        days = [dt.date.fromisoformat(x) for x in entry_days]
        for x, y in itertools.pairwise(days):
            if (y - x).days < pol.min_days_between_visits:
                bad(4, "R-GAP", eid, f"planned entries {x} and {y} are {(y - x).days} days apart")
        for i, (d1, _, a1) in enumerate(rows):
            for d2, _, a2 in rows[i + 1 :]:
                if d1 != d2 and set(a1) & set(a2):
                    gap = abs((dt.date.fromisoformat(d1) - dt.date.fromisoformat(d2)).days)
                    if gap < pol.min_days_between_repeat_visits:
                        bad(4, "R-GAP", eid, f"one agency's visits {d1} and {d2} are {gap} days apart")


def _coverage(b: Bundle, v: pd.DataFrame, s: pd.DataFrame, meta: dict, bad) -> None:  # type: ignore[no-untyped-def,type-arg]
    """Invariant 5: items covered `visits` times; triggers within their window; follow-ups; else a shortfall."""
    pol = b.policy
    named = {str(x.get("id")) for x in meta.get("shortfalls", [])}
    sector_of = dict(zip(b.enterprises.enterprise_id, b.enterprises.sector, strict=True))
    applies: dict[str, set[str]] = defaultdict(set)
    for i, _a, secs in zip(b.items.item_id, b.items.agency_id, b.items.sectors, strict=True):
        for sec in secs:
            applies[sec].add(i)
    cover: dict[tuple[str, str, str], int] = defaultdict(int)
    for r in v.itertuples(index=False):
        for i in _split(r.item_ids):
            cover[(r.enterprise_id, r.basis, i)] += 1
    for r in s[s.basis.isin(PLANNED)].itertuples(index=False):
        need = pol.tiers[r.tier].visits
        for i in sorted(applies[sector_of[r.enterprise_id]]):
            if cover[(r.enterprise_id, r.basis, i)] < need and r.enterprise_id not in named:
                bad(5, "R-SAMPLE", r.enterprise_id, f"item {i} covered {cover[(r.enterprise_id, r.basis, i)]} of {need} times, no shortfall")
    cal = b.calendar
    start = dt.date(b.year, 1, 1)
    trig = v[v.basis == "triggered"]
    trig_days: dict[tuple[str, str], list[str]] = defaultdict(list)
    for tid, ags, d in zip(trig.trigger_id, trig.agency_ids, trig.date, strict=True):
        for a in _split(ags):
            trig_days[(tid, a)].append(d)
    for t in b.triggers.itertuples(index=False):
        n = pol.urgent_within_workdays if t.urgent else pol.trigger_within_workdays
        received = t.received_on.date()
        try:
            deadline = cal.add_workdays(received, n)
        except LookupError:
            deadline = dt.date(b.year, 12, 31)
        if deadline < start:
            continue
        ok = [d for d in trig_days.get((t.trigger_id, t.agency_id), []) if received <= dt.date.fromisoformat(d) <= deadline]
        if not ok and t.trigger_id not in named:
            bad(5, "R-TRIGGER", t.trigger_id, f"not visited by {t.agency_id} between {received} and {deadline}, no shortfall")
    ins = b.inspections
    last = ins[(ins.inspected_on.dt.year == b.year - 1) & ins.outcome.isin(["violation", "serious"]) & (ins.rectified == False)]  # noqa: E712
    fu = v[v.basis == "follow_up"]
    followed = {(e, a) for e, ags in zip(fu.enterprise_id, fu.agency_ids, strict=True) for a in _split(ags)}
    for eid, agency in sorted(set(zip(last.enterprise_id, last.agency_id, strict=True))):
        if (eid, agency) not in followed and eid not in named:
            bad(5, "R-FOLLOW", eid, f"no follow-up by {agency}, no shortfall")


def _selection(b: Bundle, v: pd.DataFrame, s: pd.DataFrame, bad) -> None:  # type: ignore[no-untyped-def]
    """Invariants 6, 9, 10 and selection.csv's own consistency."""
    pol = b.policy
    if set(s.enterprise_id) != set(b.enterprises.enterprise_id) or s.enterprise_id.duplicated().any():
        bad(0, "plan.md", "selection.csv", "must hold every enterprise of the bundle exactly once")
    n_visits = v.enterprise_id.value_counts()
    for r in s.itertuples(index=False):
        n = int(n_visits.get(r.enterprise_id, 0))
        if str(n) != r.visits_planned or (r.selected == "true") != (n > 0):
            bad(0, "plan.md", r.enterprise_id, f"selected/visits_planned disagree with visits.csv ({n} visits)")
        if not r.reason_zh or not r.reason_en:
            bad(0, "R-EXPLAIN", r.enterprise_id, "no reason")
    # 9. R-TIER
    start = pd.Timestamp(dt.date(b.year, 1, 1))
    cr = b.credit_records
    cr = cr[cr.recorded_on < start]
    repaired = cr[cr.kind == "repair"].groupby("enterprise_id").recorded_on.max()
    sd = cr[(cr.kind == "serious_dishonest") & (cr.expires_on.isna() | (cr.expires_on >= start))]
    dishonest = {e for e, d in zip(sd.enterprise_id, sd.recorded_on, strict=True) if not (e in repaired.index and repaired[e] >= d)}
    grade = b.latest_grades().grade
    tier = s.set_index("enterprise_id").tier
    for eid in s.enterprise_id:
        want = "D" if eid in dishonest else grade.get(eid)
        if want is not None and tier[eid] != want:
            bad(9, "R-TIER", eid, f"tier {tier[eid]}, the rules give {want}")
    # 10 and 6: the lottery
    for t, spec in pol.tiers.items():
        if spec.sample_ratio >= 1:
            continue
        pool = s[(s.tier == t) & (s.basis != "exempt")]
        ranks = draw_ranks(pol.seed, t, [(e, float(x)) for e, x in zip(pool.enterprise_id, pool.risk_score, strict=True)],
                           pol.min_lottery_weight, pol.sampling == "uniform_lottery")
        for eid, r in zip(pool.enterprise_id, pool.draw_rank, strict=True):
            if str(ranks[eid]) != r:
                bad(10, "R-SAMPLE", eid, f"draw_rank {r}, the lottery gives {ranks[eid]}")
        sampled = pool[pool.basis == "sampled"]
        if len(sampled) > places(spec.sample_ratio, len(pool)):
            bad(10, "R-SAMPLE", f"tier {t}", f"{len(sampled)} sampled, {places(spec.sample_ratio, len(pool))} places")
        if len(sampled):
            worst = max(int(x) for x in sampled.draw_rank)
            skipped = pool[(pool.basis == "not_drawn") & (pool.draw_rank.astype(int) < worst)]
            for eid in skipped.enterprise_id:
                bad(6, "R-SAMPLE", eid, f"left out as not drawn although rank {worst} was selected")
