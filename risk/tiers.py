"""R-TIER 信用风险分类, read from the records themselves — never from a model feature.

rules.md R-TIER and plan.md invariant 9: a `serious_dishonest` record 严重失信 forces tier
D whatever its date (the bundle is known when the plan is made, so one dated in January
of the plan year counts), unless its `expires_on` is before the plan year or a `repair`
信用修复 of the same enterprise is recorded on or after it; otherwise the latest official
grade 信用风险分类结果; otherwise the model's tier.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from bundle import Bundle


def dishonest_listed(bundle: Bundle) -> set[str]:
    """Enterprises whose serious-dishonesty listing counts for the plan year (R-TIER)."""
    cr = bundle.credit_records
    start = pd.Timestamp(dt.date(bundle.year, 1, 1))
    sd = cr[(cr["kind"] == "serious_dishonest") & (cr["expires_on"].isna() | (cr["expires_on"] >= start))]
    last_repair = cr[cr["kind"] == "repair"].groupby("enterprise_id")["recorded_on"].max()
    repaired_on = pd.to_datetime(sd["enterprise_id"].map(last_repair.to_dict()))
    counts = repaired_on.isna() | (repaired_on < sd["recorded_on"])
    return set(sd.loc[counts, "enterprise_id"])


def model_tier(p: np.ndarray, thresholds: tuple[float, float, float]) -> np.ndarray:
    """Probability → A (below the first threshold) … D (at or above the third)."""
    return np.array(list("ABCD"))[np.searchsorted(np.asarray(thresholds), p, side="right")]


def legal_tier(bundle: Bundle, enterprise_ids: pd.Series, p: np.ndarray, source_if_scored: str) -> tuple[np.ndarray, np.ndarray]:
    """R-TIER for each enterprise: (tier, source) with source `dishonest`, `grade` or `source_if_scored`."""
    ids = pd.Series(np.asarray(enterprise_ids))
    tier = model_tier(np.asarray(p), bundle.policy.tier_thresholds).astype(object)
    source = np.full(len(ids), source_if_scored, dtype=object)
    official = ids.map(bundle.latest_grades()["grade"])
    graded = official.notna().to_numpy()
    tier[graded] = official[graded].to_numpy()
    source[graded] = "grade"
    listed = ids.isin(dishonest_listed(bundle)).to_numpy()
    tier[listed] = "D"
    source[listed] = "dishonest"
    return tier.astype(str), source


# the last published value below a threshold: risk_score is published to 6 decimals (selection.csv)
STEP = 1e-6
IMPOSED = ("grade", "dishonest")  # tier sources that the records give, not the score


def _first_published_at_or_above(c: float) -> float:
    """The first value on the 6-decimal grid that `model_tier` puts at or above `c` (a float comparison, as it makes)."""
    k = math.ceil(c / STEP)
    # c / STEP may carry float noise just above a whole number (0.29 / 1e-6 = 290000.00000000006): then the grid value
    # below is the answer; never the one above (checked over every grid value of [0, 1] and its float neighbours)
    below = round((k - 1) * STEP, 6)
    return below if below >= c else round(k * STEP, 6)


def tier_band(tier: str, thresholds: tuple[float, float, float]) -> tuple[float, float]:
    """The probabilities a tier stands for 分级区间 under the policy's `tier_thresholds`: the very
    bands `model_tier` cuts (A below the first threshold … D at or above the third), both ends included."""
    # on the 6-decimal grid: the first published value at or above a threshold, the last one below the next
    cuts = [_first_published_at_or_above(c) for c in (0.0, *thresholds, 1.0 + STEP)]
    k = "ABCD".index(tier)
    return cuts[k], round(cuts[k + 1] - STEP, 6)


# the strip at a band's edge where the scores the band moves are placed in the model's order 区间边缘保序带: a tenth of a
# percentage point, 1,000 steps of the published 6-decimal grid, so that moved scores a thousandth of the floor apart
# stay apart, while the published value still reads as the floor (or ceiling) in whole percent (bench/prereg16.md)
BAND_EDGE = 0.001


def keep_in_band(p: np.ndarray, tier: np.ndarray, source: np.ndarray, thresholds: tuple[float, float, float]) -> np.ndarray:
    """R-TIER and the score agree: where the records impose the tier (an official grade, the
    serious-dishonesty list), the model's probability is held inside that tier's band — a score below the
    band's floor `lo` is placed at the foot of the band, `lo + w·p/lo`, one above its ceiling `hi` at its top,
    `hi − w + w·(p − hi)/(1 − hi)` (`w` = BAND_EDGE, at most half the band), unchanged when already inside.
    Elsewhere the tier is cut from the score itself, so it is inside already.

    Why: the official grade is the strongest evidence a bureau holds, but the model can learn its weight
    only from inspections dated after the rating (few: we refuse to carry a grade back to the inspections
    it may be derived from, risk/MODEL_CARD.md). The policy's thresholds say what each tier means as a
    probability; a firm the law puts in tier D is not published as "10%" (issue 9's "tier D · model score
    10%"). Within a tier the model's order is kept among the moved scores (区间内保持模型排序; a moved score
    may only pass an unmoved one within `w` of the edge): until the sixteenth round they were clipped to
    the edge and tied there — foreign17's 893 graded-B firms of one bureau all weighed 0.2, its top 20% was
    cut among 389 tied C firms in file order, and the lottery (R-SAMPLE, which compares scores inside one
    tier) could not weigh by risk among them."""
    out = np.asarray(p, dtype=float).copy()
    tier, source = np.asarray(tier), np.asarray(source)
    for t in "ABCD":
        lo, hi = tier_band(t, thresholds)
        w = min(BAND_EDGE, (hi - lo) / 2)
        m = (tier == t) & np.isin(source, IMPOSED)
        below, above = m & (out < lo), m & (out > hi)
        out[below] = lo + w * out[below] / lo  # lo > 0 wherever a score can lie below it
        out[above] = hi - w + w * (out[above] - hi) / (1 - hi)  # hi < 1 wherever a score can lie above it
        out[m] = np.clip(np.round(out[m], 6), lo, hi)
    return out


# ---- scores in words: on the published 6-decimal grid, never read across a threshold -------------------------
def percent_beside(x: float, *beside: float) -> str:
    """A share as a planner reads it: a whole percent, or as many decimals (up to 4) as it takes to stay on
    each of `beside`'s sides (a model score of 39.96% is not printed "40%" as being below tier D's floor of 40%,
    nor a tier-B score of 29.75% "30%" beside tier C's floor of 30%)."""
    for d in range(5):
        v = round(x * 100, d)
        if all((v / 100 < b) == (x < b) for b in beside):
            break
    return f"{v:.{d}f}%"


def percent_exact(x: float) -> str:
    """A published score or a threshold with every decimal it has on the 6-decimal grid: 20%, 25.5%, 39.9999%
    (the reasons, `inspection why` and the why page: risk.tiers imports no scikit-learn)."""
    return f"{x * 100:.4f}".rstrip("0").rstrip(".") + "%"
