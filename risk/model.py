"""The violation-risk model: two candidates compared on time, the better one calibrated.

`RiskModel` is a scikit-learn estimator (`fit`, `predict_proba`) over any feature frame
whose numeric and categorical columns are named, so the same code fits a bundle's own
history and Chicago's public outcomes. No global state; `random_state` everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

CANDIDATES = ("logistic", "boosting")


def make_pipeline(kind: str, numeric: list[str], categorical: list[str], random_state: int) -> Pipeline:
    if kind == "logistic":
        pre = ColumnTransformer(
            [("num", StandardScaler(), numeric),
             ("cat", OneHotEncoder(handle_unknown="ignore", min_frequency=20, sparse_output=False), categorical)],
            verbose_feature_names_out=False,
        )
        est = LogisticRegression(C=0.3, max_iter=2000, random_state=random_state)
    elif kind == "boosting":
        pre = ColumnTransformer(
            [("num", "passthrough", numeric),
             ("cat", OneHotEncoder(handle_unknown="ignore", min_frequency=20, sparse_output=False), categorical)],
            verbose_feature_names_out=False,
        )
        est = HistGradientBoostingClassifier(
            learning_rate=0.05, max_iter=300, max_leaf_nodes=15, min_samples_leaf=40, l2_regularization=1.0,
            early_stopping=True, validation_fraction=0.15, n_iter_no_change=20, random_state=random_state,
        )
    else:
        raise ValueError(kind)
    return Pipeline([("pre", pre), ("model", est)])


def top_share(y: np.ndarray, p: np.ndarray, frac: float) -> float:
    """Share of all positives found in the top `frac` by score (ties broken by order)."""
    k = int(np.ceil(frac * len(p)))
    order = np.argsort(-p, kind="stable")
    return float(y[order[:k]].sum() / max(1, y.sum()))


@dataclass
class Validation:
    """How a candidate did on the latest period, trained on the earlier ones."""

    kind: str
    auc: float
    log_loss: float
    brier: float
    top20: float
    top50: float
    n_train: int
    n_valid: int

    def as_dict(self) -> dict[str, float | int | str]:
        return dict(self.__dict__)


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


@dataclass
class RiskModel(BaseEstimator, ClassifierMixin):
    """Compare the candidates on time (train earlier, validate latest), keep the better
    by validation AUC, Platt-calibrate it on the validation period (which also absorbs
    the base-rate drift), then refit it on all rows."""

    numeric: list[str] = field(default_factory=list)
    categorical: list[str] = field(default_factory=list)
    random_state: int = 0
    candidates: tuple[str, ...] = CANDIDATES

    def fit(self, X: pd.DataFrame, y: np.ndarray, periods: np.ndarray) -> RiskModel:
        """`periods` orders the rows in time (e.g. the year of each inspection)."""
        y = np.asarray(y, dtype=int)
        periods = np.asarray(periods)
        last = periods.max()
        train, valid = periods < last, periods == last
        if train.sum() == 0 or len(np.unique(y[train])) < 2 or len(np.unique(y[valid])) < 2:
            raise ValueError("need two periods with both outcomes to validate on time")
        self.validation_: list[Validation] = []
        valid_scores: dict[str, np.ndarray] = {}
        for kind in self.candidates:
            pipe = make_pipeline(kind, self.numeric, self.categorical, self.random_state).fit(X[train], y[train])
            p = pipe.predict_proba(X[valid])[:, 1]
            valid_scores[kind] = p
            self.validation_.append(Validation(
                kind, float(roc_auc_score(y[valid], p)), float(log_loss(y[valid], p)), float(brier_score_loss(y[valid], p)),
                top_share(y[valid], p, 0.2), top_share(y[valid], p, 0.5), int(train.sum()), int(valid.sum())))
        best = max(self.validation_, key=lambda v: (round(v.auc, 3), -v.log_loss))
        self.kind_ = best.kind
        # Platt scaling on the out-of-time period: p = σ(a·logit(raw) + b)
        platt = LogisticRegression(C=1e6, max_iter=1000).fit(_logit(valid_scores[best.kind])[:, None], y[valid])
        self.calibration_ = (float(platt.coef_[0, 0]), float(platt.intercept_[0]))
        # out-of-time predictions of the chosen candidate, for the report's calibration and drift
        self.valid_mask_ = valid
        self.valid_proba_ = platt.predict_proba(_logit(valid_scores[best.kind])[:, None])[:, 1]
        self.pipeline_ = make_pipeline(best.kind, self.numeric, self.categorical, self.random_state).fit(X, y)
        # the "typical enterprise" that linear contributions are measured from
        self.train_mean_ = np.asarray(self.pipeline_.named_steps["pre"].transform(X)).mean(axis=0)
        self.classes_ = np.array([0, 1])
        return self

    def raw_logit(self, X: pd.DataFrame) -> np.ndarray:
        return _logit(self.pipeline_.predict_proba(X)[:, 1])

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        a, b = self.calibration_
        p = 1 / (1 + np.exp(-(a * self.raw_logit(X) + b)))
        return np.column_stack([1 - p, p])

    def contributions(self, X: pd.DataFrame) -> pd.DataFrame:
        """Signed contribution of each input column to the calibrated log-odds, per row.

        Logistic: coefficient × standardized value (one-hot columns: coefficient × (x − mean)),
        summed back to the input column. Boosting: TreeSHAP values from `shap`.
        Both are scaled by the calibration slope, so they add up (with a constant) to the score's log-odds.
        """
        pre, model = self.pipeline_.named_steps["pre"], self.pipeline_.named_steps["model"]
        Xt = pre.transform(X)
        names = list(pre.get_feature_names_out())
        if self.kind_ == "logistic":
            contrib = (np.asarray(Xt) - self.train_mean_) * model.coef_[0]
        else:
            import shap

            contrib = np.asarray(shap.TreeExplainer(model).shap_values(Xt))
            if contrib.ndim == 3:
                contrib = contrib[..., 1]
        source = [_source_column(n, self.categorical) for n in names]
        df = pd.DataFrame(contrib * self.calibration_[0], columns=names, index=X.index)
        return df.T.groupby(source, sort=False).sum().T


def _source_column(name: str, categorical: list[str]) -> str:
    for c in categorical:
        if name.startswith(c + "_"):
            return c
    return name
