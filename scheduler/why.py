"""`inspection why`: an enterprise's selection, draw rank, risk and every visit with the
rules that fixed it — from the plan folder alone."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TypedDict

import pandas as pd


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
    model_score: float | None  # the model's own score (scores.csv); differs where an imposed tier held risk_score in its band
    tier_source: str | None  # R-TIER: dishonest, grade, model or fallback (scores.csv; None for a folder without it)
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
        path = self.path / "scores.csv"  # written since issue 9's fourth round: older folders lack it
        self.scores = (pd.read_csv(path, dtype=str, keep_default_na=False).set_index("enterprise_id") if path.exists()
                       else pd.DataFrame(columns=["tier_source", "model_score"]))

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
        return {"enterprise_id": enterprise_id, "tier": tier, "risk_score": float(s["risk_score"]),
                "model_score": float(own["model_score"]) if own is not None else None,
                "tier_source": str(own["tier_source"]) if own is not None else None, "selected": s["selected"] == "true",
                "basis": s["basis"], "draw_rank": int(s["draw_rank"]) if s["draw_rank"] else None,
                "places": self.meta.get("places", {}).get(tier), "reason_zh": s["reason_zh"], "reason_en": s["reason_en"],
                "risk_factors": self.factors.get(enterprise_id, []), "visits": visits, "shortfalls": shortfalls}


def _published(score: float) -> str:
    """selection.csv's 6-decimal risk_score as a percent with every decimal it has: a graded-C firm held just under
    tier D's floor (R-TIER, risk.tiers.keep_in_band) reads 39.9999%, not "40.0%", which is tier D's. The same format
    as risk.score's reasons, written here again on purpose: importing risk would pull scikit-learn into `inspection
    why` (0.2 s → 1.1 s of imports, measured)."""
    return f"{score * 100:.4f}".rstrip("0").rstrip(".") + "%"


def factor_effect(contribution: float, method: str | None) -> tuple[str, str]:
    """A factor's contribution in words a planner can read aloud (R-EXPLAIN): the model's contributions are log-odds
    (the score's log-odds with the factor against without it, risk.model.RiskModel.contributions), so e^c is the
    factor by which it multiplies the odds of a violation 违法几率; the fallback's are points of its points score."""
    if method == "fallback":
        return f"{contribution:+g}分", f"{contribution:+g} points"
    ratio = f"{math.exp(contribution):.2f}"
    return f"违法几率×{ratio}", f"odds of a violation ×{ratio}"


# where a tier came from (R-TIER), as `inspection why` says it
TIER_SOURCE = {"dishonest": "严重失信名单 serious-dishonesty list", "grade": "信用风险分类结果 official credit grade",
               "model": "风险模型 risk model", "fallback": "计分法 points score (fallback)"}


def render(w: Why) -> str:
    source = w.get("tier_source")
    # the model's own score only where the band moved it: elsewhere it is the published one
    own = w.get("model_score")
    moved = f"（模型评分 model score {_published(own)}）" if own is not None and own != w["risk_score"] else ""
    lines = [f"{w['enterprise_id']}  {w['tier']}级 tier {w['tier']}"
             + (f"（{TIER_SOURCE.get(source, source)}）" if source else "")
             + f" · 风险评分 risk score {_published(w['risk_score'])}{moved} · "
             f"{'已选中 selected' if w['selected'] else '未选中 not selected'} ({w['basis']})"
             # the tier's places beside the rank, not after a slash ("16 / 2" read as a fraction)
             + (f" · 抽签序号 draw rank {w['draw_rank']}（{w['tier']}级名额{w['places']}个 tier {w['tier']} has {w['places']} places）"
                if w["draw_rank"] else ""),
             f"  {w['reason_zh']}", f"  {w['reason_en']}"]
    for v in w["visits"]:
        lines.append(f"  {v['date']} {v['visit_id']} {v['mode']} {v['basis']} {'+'.join(v['agencies'])} "
                     f"(lead {v['lead_agency_id']}; {', '.join(f'{a}: {t}' for a, t in v['teams'].items())})")
        for r in v["rules"]:
            lines.append(f"      {r['zh']}（{r['rule']}） / {r['en']} ({r['rule']})")
    for s in w["shortfalls"]:
        lines.append(f"  未满足 shortfall ({s['rule']}): {s['binding']}")
    return "\n".join(lines)
