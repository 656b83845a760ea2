"""Writing a plan folder exactly per plan.md: visits.csv, selection.csv, plan.json
(+ explain.json: the team and the rules behind every visit, for `why`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from scheduler.plan import Plan, Visit
from scheduler.reasons import BESIDES, first_day_notice, iter_selection_reasons, shortfalls, visit_rules

VISIT_COLUMNS = ["visit_id", "date", "enterprise_id", "district_code", "mode", "lead_agency_id", "agency_ids", "item_ids",
                 "officer_ids", "basis", "trigger_id", "tier"]
SELECTION_COLUMNS = ["enterprise_id", "tier", "risk_score", "selected", "basis", "draw_rank", "visits_planned", "reason_zh", "reason_en"]


def _csv(rows: list[list[object]], header: list[str]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def lead_agency(own: dict[str, str], agencies: tuple[str, ...], items: tuple[str, ...]) -> str:
    """The agency with the most items on the visit leads (ties: the smaller id)."""
    count = Counter(own[i] for i in items)
    return sorted(agencies, key=lambda a: (-count[a], a))[0]


def visit_days(plan: Plan) -> dict[tuple[str, str, str], list[int]]:
    """(enterprise, basis, agency) → the days of that agency's planned on-site visits there, in order (R-GAP's
    explanation: the gap is one agency's, to its previous visit; foreign31 F6 read rq's visit as "273 days after the
    first", counted from zj's)."""
    out: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for v in plan.visits:
        for p in v.parts:
            e = p.entry
            if e.mode == "onsite":
                for a in e.agencies:
                    out[(e.enterprise_id, e.basis, a)].append(v.day)
    for days in out.values():
        days.sort()
    return dict(out)


def visit_row(v: Visit, days: list[dt.date], own: dict[str, str]) -> list[object]:
    """One row of visits.csv (plan.md)."""
    e = v.entry
    agencies = tuple(sorted(e.agencies))
    officers = [o for a in agencies for o in sorted(v.officers.get(a, []))]
    return [v.visit_id, days[v.day].isoformat(), e.enterprise_id, e.district, e.mode, lead_agency(own, agencies, e.items),
            ";".join(agencies), ";".join(sorted(e.items)), ";".join(officers), e.basis, e.trigger_id, e.tier]


def visit_explain(plan: Plan, v: Visit, names: dict[str, str], days: dict[tuple[str, str, str], list[int]]) -> dict[str, object]:
    """One visit's member of explain.json: its teams, the rules behind it, its agency-visits' keys."""
    agencies = tuple(sorted(v.entry.agencies))
    return {"teams": {a: v.teams[a] for a in agencies}, "rules": visit_rules(plan, v, names, days),
            "keys": [p.entry.key for p in v.parts]}


def visit_rows(plan: Plan) -> tuple[list[list[object]], dict[str, dict[str, object]]]:
    """Every row of visits.csv and explain.json's members at once (small plans, tests; write_plan streams them)."""
    days = plan.bundle.workdays
    own = dict(zip(plan.bundle.items.item_id, plan.bundle.items.agency_id, strict=True))
    names = dict(zip(plan.bundle.agencies.agency_id, plan.bundle.agencies.name, strict=True))
    by_agency = visit_days(plan)
    rows = [visit_row(v, days, own) for v in plan.visits]
    explain = {v.visit_id: visit_explain(plan, v, names, by_agency) for v in plan.visits}
    return rows, explain


def id_order(scores: pd.DataFrame) -> list[int]:
    """The score frame's row positions in enterprise-id order: selection.csv's and scores.csv's row order."""
    return sorted(range(len(scores)), key=scores.enterprise_id.to_numpy().__getitem__)


def iter_selection_rows(plan: Plan, visits_per: Counter[str], besides: Mapping[str, Counter[str]] | None = None) -> Iterator[list[object]]:
    """selection.csv's rows in enterprise-id order, one at a time; `besides`: VisitTally.besides."""
    s = plan.scores.frame
    tier, score = s.tier.to_numpy(), s.risk_score.to_numpy()
    order = id_order(s)
    for i, (eid, (zh, en)) in zip(order, iter_selection_reasons(plan, visits_per, order, besides), strict=True):
        basis = plan.status.get(eid, "not_drawn")
        n = visits_per[eid]
        rank = plan.req.ranks.get(eid, "")
        yield [eid, tier[i], f"{score[i]:.6f}", "true" if n else "false", basis, rank, n, zh, en]


def counts(visits: pd.DataFrame) -> dict[str, dict[str, int]]:
    def c(series: pd.Series) -> dict[str, int]:
        return {str(k): int(v) for k, v in sorted(series.value_counts().items())}

    agencies = visits.agency_ids.str.split(";").explode() if len(visits) else pd.Series(dtype=object)
    return {"mode": c(visits["mode"]), "basis": c(visits["basis"]), "tier": c(visits["tier"]), "agency": c(agencies),
            "month": c(visits["date"].str[:7]), "visits": {"total": len(visits)}}


def joint_rate(visits: pd.DataFrame) -> float | None:
    """R-MERGE: of enterprises visited on site by ≥ 2 agencies, the share that had a joint visit with ≥ 2 of them."""
    on = visits[visits["mode"] == "onsite"]
    if on.empty:
        return None
    agencies = on.assign(a=on.agency_ids.str.split(";")).explode("a").groupby("enterprise_id")["a"].nunique()
    multi = set(agencies[agencies >= 2].index)
    if not multi:
        return None
    joint = set(on[on.agency_ids.str.contains(";")].enterprise_id)
    return len(multi & joint) / len(multi)


def coverage(plan: Plan) -> dict[str, object]:
    """Each class's on-site agency-visits: owed, the transport bound, placed, and placed as a share of the bound."""
    placed = {"trigger_follow_up": 0, "mandatory": 0, "sampled": 0}
    names = ("trigger_follow_up", "mandatory", "sampled")
    for p in plan.placed:
        if p.entry.mode == "onsite":
            placed[names[p.entry.klass]] += 1
    classes = {}
    for c in names:
        b = plan.bound.bound.get(c, 0) if plan.bound else 0
        classes[c] = {"owed": plan.bound.owed.get(c, 0) if plan.bound else 0, "bound": b, "placed": placed[c],
                      "share_of_bound": round(placed[c] / b, 4) if b else None}
    if plan.bound and plan.bound.trigger_days:  # the day-aware bound on class 0 beside what was placed
        td = plan.bound.trigger_days
        classes["trigger_days"] = {"owed": td["owed"], "bound": td["bound"], "placed": placed["trigger_follow_up"],
                                   "share_of_bound": round(placed["trigger_follow_up"] / td["bound"], 4) if td["bound"] else None}
    model_objective = 0
    model_bound = 0.0
    for f in plan.parts:
        stages = f.get("stages") or {}
        if stages:
            for s in stages.values():
                model_objective += int(s["objective"])
                model_bound += float(s["bound"])
        else:
            pl = f.get("placed") or {}
            n = int(pl.get("trigger_follow_up", 0)) + int(pl.get("mandatory", 0))
            model_objective += n
            model_bound += n
    return {"classes": classes, "model_objective": model_objective, "model_bound": model_bound}


class VisitTally:
    """What plan.json says of visits.csv — `counts` and `joint_rate` — and the visits per enterprise, added up row by
    row while the rows are written: no frame of every visit is built (the province has ≈ 400,000 rows)."""

    MULTI = ""  # an enterprise seen on site with two or more agencies

    def __init__(self) -> None:
        self.by: dict[str, Counter[str]] = {k: Counter() for k in ("mode", "basis", "tier", "agency", "month")}
        self.total = 0
        self.per_enterprise: Counter[str] = Counter()
        # an enterprise's follow-ups and trigger visits apart (walk43 G13: a tier-D firm's reason read "计划3次（R-SAMPLE）"
        # where R-SAMPLE owed 2 and the third was R-FOLLOW's): only the few enterprises that have one are kept
        self.besides: dict[str, Counter[str]] = {}
        self.onsite_agency: dict[str, str] = {}  # enterprise → its one on-site agency so far, or MULTI
        self.joint: set[str] = set()  # enterprises with an on-site row of ≥ 2 agencies (R-MERGE)

    def add(self, row: list[object]) -> None:
        _, date, eid, _, mode, _, agency_ids, *_ = row
        basis, tier = row[9], row[11]
        agencies = str(agency_ids).split(";")
        self.total += 1
        self.per_enterprise[str(eid)] += 1
        if basis in BESIDES:
            self.besides.setdefault(str(eid), Counter())[str(basis)] += 1
        for k, v in (("mode", mode), ("basis", basis), ("tier", tier), ("month", str(date)[:7])):
            self.by[k][str(v)] += 1
        self.by["agency"].update(agencies)
        if mode == "onsite":
            seen = self.onsite_agency.get(str(eid))
            if len(agencies) > 1:
                self.joint.add(str(eid))
            if len(set(agencies)) > 1 or (seen is not None and seen != agencies[0]):
                self.onsite_agency[str(eid)] = self.MULTI
            elif seen is None:
                self.onsite_agency[str(eid)] = agencies[0]

    def counts(self) -> dict[str, dict[str, int]]:
        """As `counts(visits)`: each column's values, sorted, with their counts."""
        out: dict[str, dict[str, int]] = {k: dict(sorted(self.by[k].items())) for k in ("mode", "basis", "tier", "agency", "month")}
        return {**out, "visits": {"total": self.total}}

    def joint_rate(self) -> float | None:
        """As `joint_rate(visits)` (R-MERGE)."""
        multi = {e for e, a in self.onsite_agency.items() if a == self.MULTI}
        return len(multi & self.joint) / len(multi) if multi else None


def _json_object(f: TextIO, items: Iterable[tuple[str, object]], **dumps: Any) -> None:
    """Write a JSON object one member at a time, byte for byte as `json.dumps(dict(items), **dumps)` (default
    separators), so a file of 400,000 members is never one string in memory."""
    f.write("{")
    for n, (k, v) in enumerate(items):
        f.write((", " if n else "") + json.dumps(k, ensure_ascii=False) + ": " + json.dumps(v, **dumps))
    f.write("}")


def guest_counts(plan: Plan) -> dict[str, int]:
    """Agency-visits booked on a city team's day held by another district, or on their own district's with budget
    moved from another's (scheduler/guests.py), per class: required ones by the guests pass, drawn ones by the sampled
    walk (`sampled_guest`)."""
    klass = Counter(p.entry.klass for p in plan.placed if p.entry.key in plan.guests)
    return {"trigger_follow_up": klass[0], "mandatory": klass[1], "sampled": klass[2]}


def write_plan(plan: Plan, out: Path) -> Path:
    """The plan folder, streamed: visits.csv row by row (tallying what plan.json counts), selection.csv enterprise by
    enterprise, explain.json, officer_draw.json and factors.json member by member, scores.csv row by row. The bytes are those of building each
    file whole; the memory is not (the province's main process peaked 0.8 GB higher writing them whole)."""
    out.mkdir(parents=True, exist_ok=True)
    days = plan.bundle.workdays
    own = dict(zip(plan.bundle.items.item_id, plan.bundle.items.agency_id, strict=True))
    names = dict(zip(plan.bundle.agencies.agency_id, plan.bundle.agencies.name, strict=True))
    tally = VisitTally()
    with open(out / "visits.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(VISIT_COLUMNS)
        for v in plan.visits:
            row = visit_row(v, days, own)
            tally.add(row)
            w.writerow(row)
    per = tally.per_enterprise
    with open(out / "selection.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(SELECTION_COLUMNS)
        w.writerows(iter_selection_rows(plan, per, tally.besides))
    parts = plan.parts
    status = sorted({str(f["status"]) for f in parts})
    cover = coverage(plan)
    objective = cover["model_objective"]
    bound = cover["model_bound"]
    doc = {
        "year": plan.bundle.year, "seed": plan.bundle.policy.seed, "input_sha256": plan.bundle.input_sha256,
        # no visit before it (a plan made during its year, from the service's day: PlanOptions.first_day); None: the
        # whole year. The same bundle, seed and first_day give the same plan (`inspection plan --first-day`)
        "first_day": plan.options.first_day.isoformat() if plan.options.first_day else None,
        "policy": plan.bundle.policy.as_json(),
        "solver": {"status": "/".join(status) or "EMPTY", "objective": objective, "best_bound": bound,
                   "best_bound_means": "sum over parts of the CP-SAT bound of stage 1 (triggers and follow-ups) plus stage 2 "
                                       "(mandatory agency-visits) of the part models solved (candidate days, monthly officer flow); "
                                       "where a stage was not solved because the greedy placed all the model could, its count",
                   "placement_loss": sum(int(f.get("placement_loss", 0)) for f in parts),
                   "placement_loss_by_class": {c: sum(int(dict(f.get("placement_loss_by_class") or {}).get(c, 0)) for f in parts)
                                               for c in ("trigger_follow_up", "mandatory")},
                   "sampled_enterprises": sum(1 for b in plan.status.values() if b == "sampled"),
                   "final_objective": len(plan.placed),  # agency-visits placed, every class
                   "greedy_objective": sum(sum(dict(f.get("greedy") or {}).values()) for f in parts),  # required, greedy alone
                   "wall_seconds": plan.wall_seconds, "workers": plan.options.processes, "engine": "cp-sat" if plan.options.use_solver else "greedy",
                   "deterministic_time_limit": plan.options.time_limit, "parts": parts, "topped_up": plan.topped_up, "timings": plan.timings,
                   # planned agency-visits whose part of the year had no day with officers able to go: their window became the year (scheduler.plan.open_windows)
                   "windows_opened": len(plan.opened),
                   # required agency-visits booked on a city team's day held by another district (scheduler/guests.py), per class
                   "guests": guest_counts(plan),
                   # mandatory agency-visits that gave their place to an unmet trigger or follow-up and were not placed again
                   # (scheduler/guests.py give_way)
                   "gave_way": sum(1 for k in plan.gave_way if k in plan.unplaced)},
        "counts": tally.counts(), "joint_rate": tally.joint_rate(),
        "bound": {**(plan.bound.as_json() if plan.bound else {}), "coverage": cover["classes"]},
        "places": plan.req.places, "shortfalls": shortfalls(plan),
        "triggers": plan.req.trigger_info,
        # R-TRIGGER: triggers.csv's rows whose window closed before the plan year (history, not owed by this plan)
        "triggers_before_year": {"count": len(plan.req.before_year), "deadlines": dict(sorted(plan.req.before_year.items()))},
        "risk_model": {k: v for k, v in plan.scores.card.items() if k in ("method", "chosen", "labelled_inspections", "thresholds", "tier_shares",
                                                                                 "held_to_band", "band", "unlearnt", "crowded_tier")},
        "notices": [str(w) for w in plan.bundle.warnings] + ([str(first_day_notice(plan.options.first_day))] if plan.options.first_day else []),
    }
    with open(out / "plan.json", "w", encoding="utf-8") as f:
        # json.dump writes as it encodes: the province's 20,000 shortfalls as one string and its chunks cost 70 MB
        json.dump(doc, f, ensure_ascii=False, indent=1, default=str)
        f.write("\n")
    draw = {"rule": "R-OFFICER-DRAW", "message": "officer|{visit_id}|{officer_id}", "key": "seed (UTF-8)", "digest": "HMAC-SHA256",
            "order": "smaller digest first, among officers of the team who may go that day: present, certified through the day, "
                     "not recused, under the day cap and under their year budget (a city-level team drawn once over all its "
                     "districts, on its days in each, below: the days and what each district holds), counting the visits "
                     "before in (date, visit_id) order; skipped only where taking them would leave a later visit unstaffed",
            "city_team_days": plan.city_split}
    with open(out / "officer_draw.json", "w", encoding="utf-8") as f:
        # sort_keys puts "visits" after every other key: the head as one dict, then the visits streamed
        f.write(json.dumps(draw, ensure_ascii=False, sort_keys=True)[:-1] + (", " if draw else "") + '"visits": ')
        _json_object(f, ((vid, {a: r.as_json() for a, r in plan.draws[vid].items()}) for vid in sorted(plan.draws)),
                     ensure_ascii=False, sort_keys=True)
        f.write("}\n")
    by_agency = visit_days(plan)
    with open(out / "explain.json", "w", encoding="utf-8") as f:
        _json_object(f, ((v.visit_id, visit_explain(plan, v, names, by_agency)) for v in sorted(plan.visits, key=lambda v: v.visit_id)),
                     ensure_ascii=False, sort_keys=True)
        f.write("\n")
    with open(out / "factors.json", "w", encoding="utf-8") as f:
        _json_object(f, ((eid, [fa.as_json() for fa in plan.scores.factors[eid]]) for eid in sorted(plan.scores.factors)), ensure_ascii=False)
        f.write("\n")
    with open(out / "scores.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(iter_score_rows(plan))
    return out


SCORE_COLUMNS = ["enterprise_id", "tier_source", "model_score"]


def iter_score_rows(plan: Plan) -> Iterator[list[str]]:
    """scores.csv (ours, beside plan.md's files; internal like factors.json): where each tier came from (R-TIER:
    `dishonest`, `grade`, `model` or `fallback`) and the model's own score before an imposed tier held the published
    risk_score in its band (risk.tiers.keep_in_band), header first, rows in selection.csv's enterprise-id order."""
    s = plan.scores.frame
    eid, source, model = s.enterprise_id.to_numpy(), s.tier_source.to_numpy(), s.model_score.to_numpy()
    yield SCORE_COLUMNS
    for i in id_order(s):
        yield [str(eid[i]), str(source[i]), f"{model[i]:.6f}"]
