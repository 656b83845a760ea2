"""`inspection why`: an enterprise's selection, draw rank, risk and every visit with the
rules that fixed it — from the plan folder alone."""

from __future__ import annotations

import json
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
        return {"enterprise_id": enterprise_id, "tier": tier, "risk_score": float(s["risk_score"]), "selected": s["selected"] == "true",
                "basis": s["basis"], "draw_rank": int(s["draw_rank"]) if s["draw_rank"] else None,
                "places": self.meta.get("places", {}).get(tier), "reason_zh": s["reason_zh"], "reason_en": s["reason_en"],
                "risk_factors": self.factors.get(enterprise_id, []), "visits": visits, "shortfalls": shortfalls}


def _published(score: float) -> str:
    """selection.csv's 6-decimal risk_score as a percent with every decimal it has: a graded-C firm held just under
    tier D's floor (R-TIER, risk.tiers.keep_in_band) reads 39.9999%, not "40.0%", which is tier D's. The same format
    as risk.score's reasons, written here again on purpose: importing risk would pull scikit-learn into `inspection
    why` (0.2 s → 1.1 s of imports, measured)."""
    return f"{score * 100:.4f}".rstrip("0").rstrip(".") + "%"


def render(w: Why) -> str:
    lines = [f"{w['enterprise_id']}  {w['tier']}级 tier {w['tier']} · 风险评分 risk score {_published(w['risk_score'])} · "
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
