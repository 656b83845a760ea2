"""Scores, tiers (R-TIER) and their reasons for every enterprise of a bundle."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from bundle import Bundle
from risk.fallback import fallback_scores
from risk.features import CATEGORICAL, NUMERIC, scoring_frame, training_frame
from risk.model import RiskModel
from risk.reasons import phrase

MIN_LABELLED = 200  # fewer labelled inspections than this: the points fallback, flagged
TIER_SOURCES = ("dishonest", "grade", "model", "fallback")


@dataclass(frozen=True)
class Factor:
    """One reason for a score: a feature, its signed contribution (log-odds or points), in words."""

    feature: str
    contribution: float
    zh: str
    en: str


@dataclass
class Scores:
    frame: pd.DataFrame  # enterprise_id, risk_score, tier, tier_source, reason_zh, reason_en
    factors: dict[str, list[Factor]]
    card: dict[str, object] = field(default_factory=dict)
    model: RiskModel | None = None
    features: pd.DataFrame | None = None


def model_tier(p: np.ndarray, thresholds: tuple[float, float, float]) -> np.ndarray:
    """Probability → A (below the first threshold) … D (at or above the third)."""
    return np.array(list("ABCD"))[np.searchsorted(np.asarray(thresholds), p, side="right")]


def assign_tiers(bundle: Bundle, X: pd.DataFrame, p: np.ndarray, source_if_scored: str) -> tuple[np.ndarray, np.ndarray]:
    """R-TIER: serious_dishonest in force → D; else the latest official grade; else the score's tier."""
    official = X["enterprise_id"].map(bundle.latest_grades()["grade"])
    tier = model_tier(p, bundle.policy.tier_thresholds)
    source = np.full(len(X), source_if_scored, dtype=object)
    has_grade = official.notna().to_numpy()
    tier = np.where(has_grade, official.fillna("").to_numpy(), tier)
    source[has_grade] = "grade"
    dishonest = X["dishonest_in_force"].to_numpy() > 0
    tier = np.where(dishonest, "D", tier)
    source[dishonest] = "dishonest"
    return tier, source


def top_factors(values: dict[str, object], names: list[str], contrib: np.ndarray, upward: bool, k: int = 3) -> list[Factor]:
    """The k strongest contributions pushing the score up (or down), those that can be put in words."""
    out: list[Factor] = []
    for j in np.argsort(-contrib if upward else contrib, kind="stable"):
        c = float(contrib[j])
        if (c > 0) != upward or abs(c) < 1e-9:
            break
        feat = names[j]
        words = phrase(feat, values[feat], c)
        if words:
            out.append(Factor(feat, round(c, 4), *words))
        if len(out) == k:
            break
    return out


def _sentence(tier: str, source: str, p: float, factors: list[Factor], upward: bool, grade_note: str) -> tuple[str, str]:
    zh_f = "；".join(f.zh for f in factors)
    en_f = "; ".join(f.en for f in factors)
    lead_zh = {"dishonest": "列入严重失信主体名单且在有效期内，定为D级（R-TIER）",
               "grade": f"采用信用风险分类结果{grade_note}{tier}级（R-TIER）",
               "model": f"模型预测违法概率{p:.0%}，定为{tier}级（R-TIER）",
               "fallback": f"历史数据不足，按计分法评分{p:.0%}（fallback），定为{tier}级（R-TIER）"}[source]
    lead_en = {"dishonest": "a serious-dishonesty listing is in force, so tier D (R-TIER)",
               "grade": f"official credit grade {tier} applies (R-TIER)",
               "model": f"model violation probability {p:.0%}, tier {tier} (R-TIER)",
               "fallback": f"too little history: points score {p:.0%} (fallback), tier {tier} (R-TIER)"}[source]
    if not factors:
        return lead_zh + "。", lead_en[0].upper() + lead_en[1:] + "."
    word_zh = "风险较高的因素" if upward else "风险较低的因素"
    word_en = "raising the risk" if upward else "lowering the risk"
    if source in ("grade", "dishonest"):
        word_zh, word_en = f"模型评分{p:.0%}，{word_zh}", f"model score {p:.0%}, {word_en}"
    return f"{lead_zh}。{word_zh}：{zh_f}。", f"{lead_en[0].upper() + lead_en[1:]}. {word_en.capitalize()}: {en_f}."


def score_bundle(bundle: Bundle, random_state: int = 0, force_fallback: bool = False) -> Scores:
    X = scoring_frame(bundle)
    Xt, y = training_frame(bundle)
    periods = Xt["cutoff"].dt.year.to_numpy()
    card: dict[str, object] = {"labelled_inspections": len(y), "violation_rate": float(y.mean()) if len(y) else None,
                               "cutoff": str(bundle.year) + "-01-01", "min_labelled": MIN_LABELLED}
    model: RiskModel | None = None
    use_model = not force_fallback and len(y) >= MIN_LABELLED
    if use_model:
        try:
            model = RiskModel(numeric=list(NUMERIC), categorical=list(CATEGORICAL), random_state=random_state)
            model.fit(Xt, y, periods)
        except ValueError as e:  # one period only, or one class in a period
            card["fallback_reason"] = str(e)
            model, use_model = None, False
    if model is not None:
        p = model.predict_proba(X)[:, 1]
        contrib = model.contributions(X)
        card.update(method="model", chosen=model.kind_, calibration={"slope": model.calibration_[0], "intercept": model.calibration_[1]},
                    validation=[v.as_dict() for v in model.validation_])
        baseline = float(np.mean(model.predict_proba(Xt)[:, 1]))
    else:
        p, contrib = fallback_scores(X)
        card.update(method="fallback", chosen="points")
        card.setdefault("fallback_reason", f"{len(y)} labelled inspections, fewer than {MIN_LABELLED}")
        baseline = float(np.median(p))
    p = np.round(p, 6)  # exactly as published in selection.csv; the lottery uses this value
    tier, source = assign_tiers(bundle, X, p, "model" if model is not None else "fallback")
    rated_on = bundle.latest_grades()["rated_on"]
    factors: dict[str, list[Factor]] = {}
    zh, en = [], []
    names = list(contrib.columns)
    C = contrib.to_numpy(dtype=float)
    records = X[names].to_dict(orient="records")
    for i, eid in enumerate(X["enterprise_id"]):
        up = p[i] >= baseline
        fs = top_factors(records[i], names, C[i], up)
        factors[eid] = fs
        note = f"（{rated_on[eid].date()}）" if source[i] == "grade" else ""
        a, b = _sentence(tier[i], source[i], float(p[i]), fs, up, note)
        zh.append(a)
        en.append(b)
    frame = pd.DataFrame({"enterprise_id": X["enterprise_id"], "risk_score": p, "tier": tier, "tier_source": source,
                          "reason_zh": zh, "reason_en": en})
    card["tier_shares"] = {t: float((tier == t).mean()) for t in "ABCD"}
    card["tier_sources"] = {s: int((source == s).sum()) for s in TIER_SOURCES}
    card["thresholds"] = list(bundle.policy.tier_thresholds)
    return Scores(frame, factors, card, model, X)
