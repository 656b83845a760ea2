"""A linear stand-in for the risk model, for tests of the reasons' arithmetic (tests/test_mut14_survivors.py,
tests/test_mut19_referrals.py): what `RiskModel.contributions` reads of a model is its probability per row, and with a
linear log-odds each contribution is an exact difference of weights."""

from __future__ import annotations

import numpy as np
import pandas as pd


class Linear:
    """log-odds = Σ weight · column + Σ the effect of each category column's value (weights small: no clipping)."""

    def __init__(self, weights: dict[str, float], categories: dict[str, dict[str, float]] | None = None) -> None:
        self.weights, self.categories = weights, categories or {}

    def _p(self, part: pd.DataFrame) -> np.ndarray:
        z = sum(w * part[c].to_numpy(dtype=float) for c, w in self.weights.items())
        z = z + sum(part[c].map(effects).to_numpy(dtype=float) for c, effects in self.categories.items())
        return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))
