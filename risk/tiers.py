"""R-TIER 信用风险分类, read from the records themselves — never from a model feature.

rules.md R-TIER and plan.md invariant 9: a `serious_dishonest` record 严重失信 forces tier
D whatever its date (the bundle is known when the plan is made, so one dated in January
of the plan year counts), unless its `expires_on` is before the plan year or a `repair`
信用修复 of the same enterprise is recorded on or after it; otherwise the latest official
grade 信用风险分类结果; otherwise the model's tier.
"""

from __future__ import annotations

import datetime as dt

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
