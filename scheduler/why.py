"""`inspection why`: an enterprise's selection, draw rank, risk and every visit with the
rules that fixed it — from the plan folder alone."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TypedDict

import pandas as pd

from risk.tiers import percent_beside, percent_exact


class WhyVisit(TypedDict):
    """One visit of the enterprise, with the rules that fixed it (explain.json)."""

    visit_id: str
    date: str
    mode: str
    basis: str
    agencies: list[str]
    lead_agency_id: str
    items: list[str]
    teams: dict[str, str]  # agency → team
    trigger_id: str
    rules: list[dict[str, str]]  # {"rule", "zh", "en"}


class Why(TypedDict):
    """`inspection why`'s answer for one enterprise (its --json output)."""

    enterprise_id: str
    tier: str
    risk_score: float
    model_score: float | None  # the model's own score, the points score under the fallback (scores.csv); differs where an imposed tier held risk_score in its band
    tier_source: str | None  # R-TIER: dishonest, grade, model or fallback (scores.csv; None for a folder without it)
    score_method: str | None  # plan.json risk_model.method: "model", or "fallback" (model_score is then the points score)
    selected: bool
    basis: str
    draw_rank: int | None
    places: int | None
    reason_zh: str
    reason_en: str
    risk_factors: list[dict[str, object]]
    visits: list[WhyVisit]
    shortfalls: list[dict[str, str]]  # plan.json shortfalls naming this enterprise


class PlanFolder:
    """A plan folder read once; answers many `why` questions (the API keeps one per plan)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.visits = pd.read_csv(self.path / "visits.csv", dtype=str, keep_default_na=False)
        self.selection = pd.read_csv(self.path / "selection.csv", dtype=str, keep_default_na=False).set_index("enterprise_id")
        self.meta = json.loads((self.path / "plan.json").read_text(encoding="utf-8"))
        self.explain = json.loads((self.path / "explain.json").read_text(encoding="utf-8"))
        self.by_enterprise = {k: g for k, g in self.visits.groupby("enterprise_id")}
        path = self.path / "factors.json"
        self.factors = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        self.scores = _scores(self.path / "scores.csv")

    def why(self, enterprise_id: str) -> Why | None:
        if enterprise_id not in self.selection.index:
            return None
        s = self.selection.loc[enterprise_id]
        visits: list[WhyVisit] = []
        for r in self.by_enterprise.get(enterprise_id, pd.DataFrame()).itertuples(index=False):
            ex = self.explain.get(r.visit_id, {})
            visits.append({"visit_id": r.visit_id, "date": r.date, "mode": r.mode, "basis": r.basis, "agencies": r.agency_ids.split(";"),
                           "lead_agency_id": r.lead_agency_id, "items": r.item_ids.split(";"), "teams": ex.get("teams", {}),
                           "trigger_id": r.trigger_id, "rules": ex.get("rules", [])})
        shortfalls = [x for x in self.meta.get("shortfalls", []) if x.get("id") == enterprise_id]
        tier = s["tier"]
        own = self.scores.loc[enterprise_id] if enterprise_id in self.scores.index else None
        model_score = _number(own["model_score"]) if own is not None else None
        method = (self.meta.get("risk_model") or {}).get("method")
        # each factor with its effect in words (factor_effect), the same for `inspection why --json` and the API
        factors = [{**f, **dict(zip(("effect_zh", "effect_en"), factor_effect(float(f["contribution"]), method, model_score), strict=True))}
                   for f in self.factors.get(enterprise_id, [])]
        return {"enterprise_id": enterprise_id, "tier": tier, "risk_score": float(s["risk_score"]), "model_score": model_score,
                "tier_source": (str(own["tier_source"]) or None) if own is not None else None,
                "score_method": method, "selected": s["selected"] == "true",
                "basis": s["basis"], "draw_rank": int(s["draw_rank"]) if s["draw_rank"] else None,
                "places": self.meta.get("places", {}).get(tier), "reason_zh": s["reason_zh"], "reason_en": s["reason_en"],
                "risk_factors": factors, "visits": visits, "shortfalls": shortfalls}


def _scores(path: Path) -> pd.DataFrame:
    """scores.csv by enterprise_id (written since issue 9's fourth round). A folder without it, or with one that is not
    ours (a column missing, an id twice: hand-edited), answers without it — `model_score` and `tier_source` None —
    rather than failing the whole why answer."""
    empty = pd.DataFrame(columns=["tier_source", "model_score"])
    if not path.exists():
        return empty
    try:
        f = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError):
        return empty
    if not {"enterprise_id", "tier_source", "model_score"} <= set(f.columns) or f["enterprise_id"].duplicated().any():
        return empty
    return f.set_index("enterprise_id")


def _number(text: str) -> float | None:
    """A number of scores.csv, or None where a hand-edited file holds none: the why answer goes on without it."""
    try:
        x = float(text)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def factor_effect(contribution: float, method: str | None, score: float | None = None) -> tuple[str, str]:
    """A factor's contribution in words a planner can read aloud (R-EXPLAIN). The fallback's are points of its points
    score. The model's are log-odds: the calibrated score's log-odds with the factor against those with the factor at
    its reference (no such record, grade B, the commonest sector…), all else equal (risk.model.RiskModel.contributions).
    With the model's own `score` (scores.csv) that is said as the score without the factor, logistic(logit(score) − c):
    a leader reads "24% without it" where "odds ×1.27" read as a chance multiplied (几率 is "chance" in everyday
    Chinese; at 29% odds ×1.27 is chance ×1.19). Without the score (a folder from before scores.csv), the odds ratio e^c,
    named as such."""
    if method == "fallback":
        return f"{contribution:+g}分", f"{contribution:+g} points"
    if score is None:
        ratio = math.exp(contribution)
        shown = next(f"{ratio:.{d}f}" for d in (2, 3, 4, 6) if f"{ratio:.{d}f}" != f"{1:.{d}f}")  # never "×1.00"
        return f"比值比{shown}", f"odds ratio {shown}"
    p = min(max(score, 1e-6), 1 - 1e-6)  # as risk.model's logit clips
    without = 1 / (1 + math.exp(contribution - math.log(p / (1 - p))))
    return f"不计此项为{percent_beside(without, score)}", f"{percent_beside(without, score)} without it"


def factor_note(method: str | None, score: float | None) -> tuple[str, str]:
    """The one line above the factors saying what the bracket holds (factor_effect's unit)."""
    if method == "fallback":
        return "括号内为该因素在计分法中加减的分数（1分即评分的1个百分点）。", \
            "In brackets: the points the factor adds or takes in the points score (1 point is 1 percentage point of the score)."
    if score is None:
        return "括号内为比值比：该因素使违法与不违法之比（odds）变为原来的几倍（大于1提高风险，小于1降低风险）。", \
            "In brackets: the odds ratio, how many times the factor multiplies the odds of a violation (above 1 raises, below 1 lowers)."
    return (f"括号内为其他情况不变、不计该因素（无此记录，或按B级、常见行业等一般情形计）时的模型评分；计入全部因素的模型评分为"
            f"{percent_exact(score)}。",
            f"In brackets: the model score without the factor (no such record, or grade B, the commonest sector…), all else "
            f"equal; with every factor the model score is {percent_exact(score)}.")


# where a tier came from (R-TIER), as `inspection why` says it
TIER_SOURCE = {"dishonest": "严重失信名单 serious-dishonesty list", "grade": "信用风险分类结果 official credit grade",
               "model": "风险模型 risk model", "fallback": "计分法 points score (fallback)"}


def render(w: Why) -> str:
    source = w.get("tier_source")
    # the model's own score only where the band moved it: elsewhere it is the published one
    own = w.get("model_score")
    what = "计分法评分 points score" if w.get("score_method") == "fallback" else "模型评分 model score"  # no model under the fallback
    moved = f"（{what} {percent_exact(own)}）" if own is not None and own != w["risk_score"] else ""
    lines = [f"{w['enterprise_id']}  {w['tier']}级 tier {w['tier']}"
             + (f"（{TIER_SOURCE.get(source, source)}）" if source else "")
             + f" · 风险评分 risk score {percent_exact(w['risk_score'])}{moved} · "
             f"{'已选中 selected' if w['selected'] else '未选中 not selected'} ({w['basis']})"
             # the tier's places beside the rank, not after a slash ("16 / 2" read as a fraction)
             + (f" · 抽签序号 draw rank {w['draw_rank']}（{w['tier']}级名额{w['places']}个 tier {w['tier']} has {w['places']} places）"
                if w["draw_rank"] else ""),
             f"  {w['reason_zh']}", f"  {w['reason_en']}"]
    if w["risk_factors"]:
        note_zh, note_en = factor_note(w.get("score_method"), own)
        lines.append(f"  风险因素 risk factors — {note_zh} {note_en}")
        # which way each pushes, as the reason's two clauses say (a factor list holds both ways since the twelfth round)
        lines += [f"    {'↑ 提高 raising' if isinstance(c := f['contribution'], int | float) and c > 0 else '↓ 降低 lowering'}: "
                  f"{f['zh']}（{f.get('effect_zh', '')}） / {f['en']} ({f.get('effect_en', '')})" for f in w["risk_factors"]]
    for v in w["visits"]:
        lines.append(f"  {v['date']} {v['visit_id']} {v['mode']} {v['basis']} {'+'.join(v['agencies'])} "
                     f"(lead {v['lead_agency_id']}; {', '.join(f'{a}: {t}' for a, t in v['teams'].items())})")
        for r in v["rules"]:
            lines.append(f"      {r['zh']}（{r['rule']}） / {r['en']} ({r['rule']})")
    for s in w["shortfalls"]:
        lines.append(f"  未满足 shortfall ({s['rule']}): {s['binding']}")
    return "\n".join(lines)
