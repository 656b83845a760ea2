"""Writing a plan folder exactly per plan.md: visits.csv, selection.csv, plan.json
(+ explain.json: the team and the rules behind every visit, for `why`)."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pandas as pd

from scheduler.plan import Plan
from scheduler.reasons import selection_reasons, shortfalls, visit_rules

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


def visit_rows(plan: Plan) -> tuple[list[list[object]], dict[str, dict[str, object]]]:
    days = plan.bundle.workdays
    own = dict(zip(plan.bundle.items.item_id, plan.bundle.items.agency_id, strict=True))
    names = dict(zip(plan.bundle.agencies.agency_id, plan.bundle.agencies.name, strict=True))
    first_day: dict[tuple[str, str], int] = {}
    for v in plan.visits:
        e = v.parts[0].entry
        if e.index == 0 and e.mode == "onsite":
            first_day.setdefault((e.enterprise_id, e.basis), v.day)
    rows: list[list[object]] = []
    explain: dict[str, dict[str, object]] = {}
    for v in plan.visits:
        e = v.entry
        agencies = tuple(sorted(e.agencies))
        officers = [o for a in agencies for o in sorted(v.officers.get(a, []))]
        rows.append([v.visit_id, days[v.day].isoformat(), e.enterprise_id, e.district, e.mode, lead_agency(own, agencies, e.items),
                     ";".join(agencies), ";".join(sorted(e.items)), ";".join(officers), e.basis, e.trigger_id, e.tier])
        explain[v.visit_id] = {"teams": {a: v.teams[a] for a in agencies}, "rules": visit_rules(plan, v, names, first_day),
                               "keys": [p.entry.key for p in v.parts]}
    return rows, explain


def selection_rows(plan: Plan, visits_per: Counter[str]) -> list[list[object]]:
    s = plan.scores.frame
    reasons = selection_reasons(plan, visits_per)
    rows = []
    for eid, tier, score in zip(s.enterprise_id, s.tier, s.risk_score, strict=True):
        basis = plan.status.get(eid, "not_drawn")
        n = visits_per[eid]
        rank = plan.req.ranks.get(eid, "")
        zh, en = reasons[eid]
        rows.append([eid, tier, f"{score:.6f}", "true" if n else "false", basis, rank, n, zh, en])
    return sorted(rows, key=lambda r: r[0])


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


def write_plan(plan: Plan, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    rows, explain = visit_rows(plan)
    vtext = _csv(rows, VISIT_COLUMNS)
    visits = pd.DataFrame(rows, columns=VISIT_COLUMNS)
    per = Counter(visits.enterprise_id)
    stext = _csv(selection_rows(plan, per), SELECTION_COLUMNS)
    parts = plan.parts
    status = sorted({str(f["status"]) for f in parts})
    cover = coverage(plan)
    objective = cover["model_objective"]
    bound = cover["model_bound"]
    doc = {
        "year": plan.bundle.year, "seed": plan.bundle.policy.seed, "input_sha256": plan.bundle.input_sha256,
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
                   "deterministic_time_limit": plan.options.time_limit, "parts": parts, "topped_up": plan.topped_up, "timings": plan.timings},
        "counts": counts(visits), "joint_rate": joint_rate(visits),
        "bound": {**(plan.bound.as_json() if plan.bound else {}), "coverage": cover["classes"]},
        "places": plan.req.places, "shortfalls": shortfalls(plan),
        "triggers": plan.req.trigger_info,
        "risk_model": {k: v for k, v in plan.scores.card.items() if k in ("method", "chosen", "labelled_inspections", "thresholds", "tier_shares")},
        "notices": [str(w) for w in plan.bundle.warnings],
    }
    (out / "visits.csv").write_text(vtext, encoding="utf-8")
    (out / "selection.csv").write_text(stext, encoding="utf-8")
    (out / "plan.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
    draw = {"rule": "R-OFFICER-DRAW", "message": "officer|{visit_id}|{officer_id}", "key": "seed (UTF-8)", "digest": "HMAC-SHA256",
            "order": "smaller digest first, among officers of the team who may go that day: present, certified through the day, "
                     "not recused, under the day cap and under their budget (for a city-level team: the days and budget share "
                     "given to the district, below), counting the visits before in (date, visit_id) order",
            "city_team_days": plan.city_split, "visits": plan.draws}
    (out / "officer_draw.json").write_text(json.dumps(draw, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    (out / "explain.json").write_text(json.dumps(explain, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    factors = {eid: [f.__dict__ for f in fs] for eid, fs in sorted(plan.scores.factors.items())}
    (out / "factors.json").write_text(json.dumps(factors, ensure_ascii=False) + "\n", encoding="utf-8")
    return out
