"""The points-based fallback 计分法: used when history is too thin to learn from.

Every point is visible: the score is the sum of the rows below, so a planner can
recompute it by hand. Flagged as `fallback` wherever it is used.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SECTOR_POINTS = {"construction": 10, "gas": 10, "ready_mix": 8, "real_estate": 6, "municipal": 5, "testing": 4,
                 "property_mgmt": 3, "supervision": 2, "survey_design": 0, "other": 0}
SIZE_POINTS = {"micro": 6, "small": 4, "medium": 2, "large": 0}
BASE_POINTS = 8


def point_table(X: pd.DataFrame) -> pd.DataFrame:
    """Points per factor and enterprise (columns named like the model's features)."""
    return pd.DataFrame({
        "n_unrectified": 20 * np.minimum(X["n_unrectified"], 2),
        "n_violations": 8 * np.minimum(X["n_violations"], 3),
        "violations_365d": 6 * np.minimum(X["violations_365d"], 2),
        "bad_in_force": 6 * np.minimum(X["bad_in_force"], 3),
        "dishonest_in_force": 25 * X["dishonest_in_force"],
        # allegations only: a firm's own request is no risk point (its words name allegations alone: risk.reasons)
        "triggers_365d": 5 * np.minimum(X["triggers_365d"] - X["requests_365d"], 3),
        "sector": X["sector"].map(SECTOR_POINTS).fillna(0),
        "size": X["size"].map(SIZE_POINTS).fillna(0),
        "age_years": np.where(X["age_years"] < 3, 6, 0),
        "good_in_force": -6 * np.minimum(X["good_in_force"], 1),
        "remote_monitoring": -4 * X["remote_monitoring"],
    }, index=X.index).astype(float)


def fallback_scores(X: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Probability-like score = points / 100 (clipped to 0.02–0.95), and the points as contributions."""
    pts = point_table(X)
    score = np.clip((BASE_POINTS + pts.sum(axis=1).to_numpy()) / 100.0, 0.02, 0.95)
    return score, pts
