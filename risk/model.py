"""The violation-risk model, built from scikit-learn parts.

- Each firm's own record is shrunk toward its group (`FirmHistory`, empirical Bayes:
  a beta-binomial prior per sector, its strength by the method of moments), so one past
  finding neither vanishes nor dominates.
- Gradient boosting (`HistGradientBoostingClassifier`) with monotone constraints: a
  risk-raising feature (a past violation or finding, an unrectified one, a bad credit
  record, the serious-dishonesty list, a worse official grade, a complaint) can never
  lower the score, so no explanation can say it does.
- Selection by rolling-origin validation (`GridSearchCV` over origins that roll by half
  a year across the last two years, each fold trained only on what came before it), with
  no cliff: each candidate's weight in the published model rises from 0 to 1 as its paired
  gain over the simplest candidate goes from one to three standard errors
  (`evidence_weights`); where neither is clear the scores are their weighted mean.
- Calibration by `CalibratedClassifierCV(method="sigmoid", ensemble=False)` over a
  `PredefinedSplit` of the years (out-of-year predictions), then one fit on every row; a
  sigmoid that would reverse the model's order is not used (`keep_order`).

`RiskModel` works on any feature frame whose columns it is told, so the same code fits a
bundle's history and Chicago's public outcomes. `random_state` everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import GridSearchCV, PredefinedSplit
from sklearn.pipeline import Pipeline
from sklearn.pipeline import make_pipeline as make_pipeline_
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, OrdinalEncoder, StandardScaler
from threadpoolctl import threadpool_limits

# candidates, simplest first: linear with signed coefficients, additive boosting (a monotone GAM), then interactions
# the linear candidate twice, every row equal and then recent rows weighted more (drift): the rolling-origin
# rule keeps the weighting only where it wins out of time
GRID: list[dict[str, list[object]]] = [{"model__kind": ["linear"], "model__half_life": [None, 1.0]},
                                       {"model__kind": ["boost1", "boost3"]}]
KIND_WORDS = {"linear": "sign-constrained logistic", "boost1": "monotone boosting, depth 1", "boost3": "monotone boosting, depth 3",
              "blend1": "signed logistic + monotone boosting depth 1, averaged",
              "blend3": "signed logistic + monotone boosting depth 3, averaged"}


KIND_ZH = {"linear": "符号约束逻辑回归", "boost1": "单调梯度提升（深度1）", "boost3": "单调梯度提升（深度3）",
           "blend1": "符号约束逻辑回归与单调梯度提升（深度1）的平均", "blend3": "符号约束逻辑回归与单调梯度提升（深度3）的平均"}
CANDIDATE = re.compile(r"(?P<words>.*?)(?:, recent rows weighted \(half-life (?P<hl>[^ )]+) y\))?")
MIX_WORDS, MIX_ZH = "weighted by evidence: ", "按验证证据加权："  # a mix of candidates (evidence_weights), parts joined by "; "
MIX_PART = re.compile(r"(?P<words>.*) \((?P<w><?\d+)%\)")


def _one_zh(words: str) -> str | None:
    m = CANDIDATE.fullmatch(words)
    kind = {w: k for k, w in KIND_WORDS.items()}.get(m["words"]) if m else None
    if m is None or kind is None:
        return None
    return KIND_ZH[kind] + (f"，近期记录加权（半衰期{m['hl']}年）" if m["hl"] else "")


def candidate_zh(words: str) -> str:
    """candidate_words' English in Chinese (the report, the plan page); words it does not know are given as they are."""
    if words.startswith(MIX_WORDS):
        parts = [MIX_PART.fullmatch(w) for w in words[len(MIX_WORDS):].split("; ")]
        zh = [(_one_zh(m["words"]), m["w"]) if m else (None, "") for m in parts]
        if all(z is not None for z, _ in zh):
            return MIX_ZH + "；".join(f"{z}（{w}%）" for z, w in zh)
        return words
    return _one_zh(words) or words


def _share(w: float) -> str:
    """A part's weight in words: a part in the mix never reads "0%" (mut20: 0.4% did)."""
    return "<1%" if round(100 * w) == 0 else f"{round(100 * w)}%"


def candidate_words(params: dict[str, object]) -> str:
    """A candidate of the grid, or the evidence-weighted mix of several, in words (the report's validation table, the
    model card, the plan page)."""
    kind = str(params["model__kind"])
    if kind == "mix":
        parts = params["model__mix"]
        assert isinstance(parts, tuple)
        return MIX_WORDS + "; ".join(f"{candidate_words({'model__kind': k, 'model__half_life': hl})} ({_share(w)})"
                                     for k, hl, w in parts)
    words = KIND_WORDS.get(kind, kind)
    hl = params.get("model__half_life")
    return f"{words}, recent rows weighted (half-life {hl} y)" if hl is not None else words
LOG_COUNTS = True
LINEAR_C = 1.0  # as LogisticRegression's default
SE_RULE = 2.0  # a more complex candidate must win by more than this many standard errors
# evidence_weights' ramp: a candidate's weight rises from 0 at SE_RULE − 1 standard errors of paired gain over the simplest
# to 1 at SE_RULE + 1 — centred on the old bar, where the published model used to jump from one candidate to the other
EVIDENCE_RAMP = (SE_RULE - 1.0, SE_RULE + 1.0)
MIN_LEAF = 40  # rows per leaf
LEARNING_RATE = 0.08
MAX_ITER = 250
EARLY_STOP = True
SMALL = 50_000  # below this many rows one OpenMP thread is faster (and fairer on a shared machine)
SEARCH_ROWS = 30_000
# the scores stand for this many years after the last training row (GroupTrend extrapolates each group's trend to it):
# 0, the plan's cut-off (1 January), where every feature is read. Measured (bench/risk_worlds.py --trend-horizon): the
# middle of the plan year (0.5) moves drift as far (+0.026 Spearman) but costs sparse 0.008 of lift, past the rule
# written before the run; the further a noisy slope is carried, the more of its noise is carried with it
TREND_HORIZON = 0.0
TREND_MIN_GROUPS = 3  # fewer groups than this: no between-group spread to shrink toward, so no trend
# calibration and the final fit use at most FIT_ROWS rows: a province's 150,000 made the fit's design matrix (with 99
# district columns) the main process's peak, 1.09 GB (issue 12: ≤ 1 GB); at 80,000 it is 0.92 GB, with top-20% lift
# 1.818 → 1.827 and Spearman 0.717 → 0.705 against the province's hidden truth. Bureaus below it (a city: 40,000
# labelled inspections) are untouched.
FIT_ROWS = 80_000


def top_share(y: np.ndarray, p: np.ndarray, frac: float) -> float:
    """Share of all positives found in the top `frac` by score (ties broken by order)."""
    k = int(np.ceil(frac * len(p)))
    order = np.argsort(-p, kind="stable")
    return float(y[order[:k]].sum() / max(1, y.sum()))


class FirmHistory(BaseEstimator, TransformerMixin):
    """Empirical-Bayes rate of a firm's own findings 个体历史, shrunk toward its group.

    For each (successes column, trials column) pair: rate = (k + m·r_g) / (n + m), where r_g is
    the group's pooled rate and m the prior strength, both learnt in `fit` from the training
    rows only (a beta-binomial by the method of moments). Adds one column per pair, keeps the rest.
    """

    def __init__(self, pairs: tuple[tuple[str, str, str], ...] = (), group: str | None = None):
        self.pairs = pairs  # (new column, successes, trials)
        self.group = group

    def fit(self, X: pd.DataFrame, y: object = None) -> FirmHistory:
        self.prior_: dict[str, tuple[dict[object, float], float, float]] = {}
        for name, k_col, n_col in self.pairs:
            k, n = X[k_col].to_numpy(float), X[n_col].to_numpy(float)
            pooled = k.sum() / max(n.sum(), 1.0)
            groups: dict[object, float] = {}
            if self.group is not None:
                g = pd.DataFrame({"g": X[self.group].to_numpy(), "k": k, "n": n}).groupby("g")[["k", "n"]].sum()
                # a group's rate is itself shrunk toward the pooled rate (by 50 trials)
                groups = ((g["k"] + 50 * pooled) / (g["n"] + 50)).to_dict()
            seen = n > 0
            m = 10.0
            if seen.sum() > 30 and 0 < pooled < 1:
                r = k[seen] / n[seen]
                spread = r.var() - np.mean(pooled * (1 - pooled) / n[seen])  # between-firm variance
                if spread > 1e-6:
                    rho = spread / (pooled * (1 - pooled))
                    m = float(np.clip((1 - rho) / rho, 1.0, 100.0))
            self.prior_[name] = (groups, pooled, m)
        return self

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        X = X.copy()
        for name, k_col, n_col in self.pairs:
            groups, pooled, m = self.prior_[name]
            r = X[self.group].map(groups).fillna(pooled).to_numpy(float) if self.group is not None else pooled
            X[name] = (X[k_col].to_numpy(float) + m * r) / (X[n_col].to_numpy(float) + m)
        return X

    def get_feature_names_out(self, input_features: Sequence[str] | np.ndarray | None = None) -> np.ndarray:
        # `is None`, not truthiness: sklearn passes an ndarray of names, whose truth value is ambiguous
        before = [] if input_features is None else list(input_features)
        return np.asarray([*before, *(p[0] for p in self.pairs)], dtype=object)


class GroupTrend:
    """Each group's trend 行业趋势外推, carried forward to the plan year, shrunk by empirical Bayes.

    The model learns a sector's level as an average over the training years; where a sector's violations rise or
    fall year on year, that average lags the plan year. After the fit, per group and year of the training rows:
    the residual r = logit(observed violation rate) − logit(the model's mean prediction) (each +½, so an empty cell
    stays finite), with variance 1/(O+½) + 1/(n−O+½); per group, the weighted least-squares slope of r over the
    rows' dates (in years) and its variance. The slopes are shrunk toward 0 by the spread between groups (τ² by the
    method of moments: the slopes' variance minus their mean sampling variance, at least 0): a bureau whose sectors
    do not move gets τ² = 0 and no offset at all. A group's offset is its shrunk slope times the distance from its
    training rows' mean date to `horizon` (years after the date the scores stand for, RiskModel.fit's `scored_at`). Groups seen in fewer than three years, and
    every group where fewer than `min_groups` have a slope, get 0. Tests: test_group_trend_*."""

    def __init__(self, horizon: float = TREND_HORIZON, min_groups: int = TREND_MIN_GROUPS):
        self.horizon = horizon
        self.min_groups = min_groups

    def fit(self, groups: np.ndarray, years: np.ndarray, y: np.ndarray, p: np.ndarray) -> GroupTrend:
        """`years`: each row's date in years relative to the date the scores stand for (negative); `p`: the
        model's predicted probability for the row; `y`: its outcome."""
        d = pd.DataFrame({"g": np.asarray(groups), "x": np.asarray(years, dtype=float), "o": np.asarray(y, dtype=float),
                          "e": np.asarray(p, dtype=float)})
        d["yr"] = np.floor(d["x"]).astype(int)
        cells = d.groupby(["g", "yr"]).agg(o=("o", "sum"), e=("e", "sum"), n=("o", "size"), x=("x", "mean")).reset_index()
        cells["r"] = _logit_count(cells["o"], cells["n"]) - _logit_count(cells["e"], cells["n"])
        cells["w"] = 1 / (1 / (cells["o"] + 0.5) + 1 / (cells["n"] - cells["o"] + 0.5))
        mean_x = d.groupby("g")["x"].mean()  # each group's mean training date (years from the scores' date)
        rows = []
        for g, c in cells.groupby("g"):
            if len(c) < 3:
                continue
            xm = np.average(c["x"], weights=c["w"])
            sxx = float(np.sum(c["w"] * (c["x"] - xm) ** 2))
            if sxx <= 0:
                continue
            slope = float(np.sum(c["w"] * (c["x"] - xm) * (c["r"] - np.average(c["r"], weights=c["w"]))) / sxx)
            rows.append((g, slope, 1 / sxx, float(mean_x[g]), int(c["n"].sum())))
        t = pd.DataFrame(rows, columns=["group", "slope", "slope_var", "mean_years", "rows"])
        tau2 = max(0.0, float(t["slope"].var(ddof=1) - t["slope_var"].mean())) if len(t) >= self.min_groups else 0.0
        t["shrunk_slope"] = t["slope"] * tau2 / (tau2 + t["slope_var"]) if len(t) else []
        t["offset"] = t["shrunk_slope"] * (self.horizon - t["mean_years"]) if len(t) else []
        self.tau_ = float(np.sqrt(tau2))
        self.table_ = t
        self.offsets_ = dict(zip(t["group"], t["offset"], strict=True))
        return self

    def offset(self, groups: pd.Series | np.ndarray) -> np.ndarray:
        """Each row's log-odds offset (0 for a group without one)."""
        return pd.Series(np.asarray(groups)).map(self.offsets_).fillna(0.0).to_numpy(dtype=float)


def _logit_count(k: pd.Series, n: pd.Series) -> pd.Series:
    return np.log((k + 0.5) / (n - k + 0.5))


class SignedLogistic(BaseEstimator, ClassifierMixin):
    """L2 logistic regression whose coefficients have fixed signs 系数符号约束: ≥ 0 on `increasing`
    columns, ≤ 0 on `decreasing`, free elsewhere (scipy's L-BFGS-B with bounds; sklearn's own
    LogisticRegression takes no bounds). Same objective as LogisticRegression(C): ½‖w‖² + C·Σ log-loss."""

    def __init__(self, increasing: tuple[str, ...] = (), decreasing: tuple[str, ...] = (), C: float = 1.0):
        self.increasing = increasing
        self.decreasing = decreasing
        self.C = C

    def fit(self, X: pd.DataFrame, y: np.ndarray, sample_weight: np.ndarray | None = None) -> SignedLogistic:
        from scipy.optimize import minimize

        A = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        sw = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        names = list(X.columns)
        inc, dec = set(self.increasing), set(self.decreasing)
        bounds = [(0.0, None) if c in inc else (None, 0.0) if c in dec else (None, None) for c in names] + [(None, None)]

        def loss(wb: np.ndarray) -> tuple[float, np.ndarray]:
            w, b = wb[:-1], wb[-1]
            z = A @ w + b
            # log(1 + e^z) − y·z, stably; its gradient (σ(z) − y)
            ll = sw * (np.logaddexp(0.0, z) - y * z)
            g = sw * (1 / (1 + np.exp(-z)) - y)
            return 0.5 * w @ w + self.C * ll.sum(), np.append(w + self.C * (A.T @ g), self.C * g.sum())

        prior = np.clip(y.mean(), 1e-3, 1 - 1e-3)
        x0 = np.append(np.zeros(A.shape[1]), np.log(prior / (1 - prior)))
        res = minimize(loss, x0, jac=True, method="L-BFGS-B", bounds=bounds, options={"maxiter": 2000})
        self.coef_, self.intercept_ = res.x[:-1], float(res.x[-1])
        self.feature_names_in_ = np.asarray(names, dtype=object)
        self.classes_ = np.array([0, 1])
        return self

    def decision_function(self, X: pd.DataFrame) -> np.ndarray:
        return np.asarray(X, dtype=float) @ self.coef_ + self.intercept_

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        p = 1 / (1 + np.exp(-self.decision_function(X)))
        return np.column_stack([1 - p, p])

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return (self.decision_function(X) > 0).astype(int)


class Candidate(ClassifierMixin, BaseEstimator):
    """One candidate of the selection, by `kind`: `linear` (sign-constrained logistic on standardized
    numbers and one-hot categories) or `boost1`/`boost3` (monotone gradient boosting of that depth)."""

    def __init__(self, kind: str = "linear", numeric: tuple[str, ...] = (), categorical: tuple[str, ...] = (),
                 increasing: tuple[str, ...] = (), decreasing: tuple[str, ...] = (), random_state: int = 0,
                 half_life: float | None = None, mix: tuple[tuple[str, float | None, float], ...] = ()):
        self.kind = kind
        self.numeric = numeric
        self.categorical = categorical
        self.increasing = increasing
        self.decreasing = decreasing
        self.random_state = random_state
        self.half_life = half_life  # years: a training row's weight halves with each year before the latest row
        self.mix = mix  # kind "mix": (kind, half_life, weight) of each part; the probability is their weighted mean

    def _build(self) -> Pipeline:
        num, cat = list(self.numeric), list(self.categorical)
        if self.kind == "linear":
            # log1p keeps order (so a coefficient's sign still says "never lowers") and tames long counts
            scale = make_pipeline_(FunctionTransformer(_signed_log1p, feature_names_out="one-to-one"), StandardScaler()) if LOG_COUNTS \
                else StandardScaler()
            pre = ColumnTransformer(
                [("num", scale, num),
                 ("cat", OneHotEncoder(handle_unknown="ignore", min_frequency=20, sparse_output=False), cat)],
                verbose_feature_names_out=False,
            ).set_output(transform="pandas")
            return Pipeline([("pre", pre), ("est", SignedLogistic(tuple(self.increasing), tuple(self.decreasing), LINEAR_C))])
        if not self.kind.startswith("boost"):
            raise ValueError(f"unknown candidate {self.kind!r}")
        pre = ColumnTransformer(
            [("num", "passthrough", num),
             ("cat", OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan, encoded_missing_value=np.nan), cat)],
            verbose_feature_names_out=False,
        ).set_output(transform="pandas")
        cst = {c: 1 for c in self.increasing} | {c: -1 for c in self.decreasing}
        est = HistGradientBoostingClassifier(
            learning_rate=LEARNING_RATE, max_iter=MAX_ITER, max_depth=int(self.kind[5:]), min_samples_leaf=MIN_LEAF,
            l2_regularization=1.0, categorical_features=cat or None, monotonic_cst=cst or None,
            early_stopping=EARLY_STOP, validation_fraction=0.15, n_iter_no_change=15, random_state=self.random_state,
        )
        return Pipeline([("pre", pre), ("est", est)])

    def fit(self, X: pd.DataFrame, y: np.ndarray, sample_weight: np.ndarray | None = None,
            dates: np.ndarray | None = None) -> Candidate:
        """`dates`: when each row's outcome was observed; with a `half_life`, recent rows weigh more."""
        self.classes_ = np.array([0, 1])
        if self._averaged():
            # each part fitted as it was validated (its own half-life); each keeps the signs, so their weighted mean does
            self.parts_ = [(w, Candidate(k, self.numeric, self.categorical, self.increasing, self.decreasing, self.random_state,
                                         hl).fit(X, y, sample_weight, dates)) for k, hl, w in self._parts()]
            return self
        w = sample_weight
        if self.half_life is not None and dates is not None:
            d = pd.to_datetime(pd.Series(np.asarray(dates)))
            recency = np.power(0.5, (d.max() - d).dt.days.to_numpy(dtype=float) / 365.25 / self.half_life)
            w = recency if w is None else np.asarray(w, dtype=float) * recency
        self.pipeline_ = self._build().fit(X, y, est__sample_weight=w)
        return self

    def _averaged(self) -> bool:
        return self.kind == "mix" or self.kind.startswith("blend")

    def _parts(self) -> tuple[tuple[str, float | None, float], ...]:
        """The candidates a mean is made of, (kind, half-life, weight): the evidence's `mix`, or a blend's signed
        logistic and boosting of its depth, half and half (its recency weighting, if any, for both)."""
        if self.kind == "mix":
            return self.mix
        return (("linear", self.half_life, 0.5), ("boost" + self.kind[5:], self.half_life, 0.5))

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        if self._averaged():
            p = sum(w * part.predict_proba(X)[:, 1] for w, part in self.parts_)
            return np.column_stack([1 - p, p])
        return self.pipeline_.predict_proba(X)

    def decision_function(self, X: pd.DataFrame) -> np.ndarray:
        p = self.predict_proba(X)[:, 1]
        return _logit(p)

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)


def make_pipeline(numeric: list[str], categorical: list[str], increasing: list[str], decreasing: list[str],
                  firm_pairs: tuple[tuple[str, str, str], ...], group: str | None, random_state: int) -> Pipeline:
    """FirmHistory (shrunk firm rates, themselves never lowering the risk) → one candidate."""
    derived = [p[0] for p in firm_pairs]
    return Pipeline([("history", FirmHistory(firm_pairs, group)),
                     ("model", Candidate("linear", tuple([*numeric, *derived]), tuple(categorical), tuple([*increasing, *derived]),
                                         tuple(decreasing), random_state))])


def rolling_origin(dates: pd.Series, years: int = 2, months: int = 6) -> list[tuple[np.ndarray, np.ndarray]]:
    """Rolling-origin folds: the last `years` cut into `months`-long periods; each period is
    validated by a model trained on every row dated before it (never on a later one)."""
    d = pd.to_datetime(dates).reset_index(drop=True)
    end = d.max() + pd.Timedelta(days=1)
    origins = [end - pd.DateOffset(months=months * i) for i in range(years * 12 // months, 0, -1)]
    folds = []
    for start, stop in zip(origins, [*origins[1:], end], strict=True):
        train = np.flatnonzero(d < start)
        test = np.flatnonzero((d >= start) & (d < stop))
        if len(train) and len(test):
            folds.append((train, test))
    return folds


def _fold_scores(cv_results: dict[str, np.ndarray]) -> np.ndarray:
    """candidates × folds of GridSearchCV's per-fold test scores."""
    splits = sorted(k for k in cv_results if k.startswith("split") and k.endswith("_test_score"))
    return np.array([cv_results[k] for k in splits], dtype=float).T


def evidence_weights(cv_results: dict[str, np.ndarray]) -> np.ndarray:
    """Each candidate's weight in the published model 按验证证据加权 (candidates listed simplest first; the weights sum to 1).

    z = the paired per-fold gain of a candidate over the simplest, in standard errors; its share rises linearly from 0
    at EVIDENCE_RAMP[0] to 1 at EVIDENCE_RAMP[1]. Shares summing past 1 are scaled to 1 (the simplest then has none);
    otherwise the simplest holds the rest. So a candidate within one standard error of the simplest changes nothing
    (most bureaus publish the simplest alone, as before), a clear winner beyond three stands alone, and between them the
    scores move with the evidence instead of jumping at two standard errors — where 1e-17 in a few rows once moved a
    bureau's top-20% lift by 0.25 (bench/prereg19.md). Fewer than two comparable folds: no evidence, no share."""
    scores = _fold_scores(cv_results)
    lo, hi = EVIDENCE_RAMP
    share = np.zeros(len(scores))
    for j in range(1, len(scores)):
        diff = scores[j] - scores[0]
        diff = diff[~np.isnan(diff)]
        if len(diff) < 2:
            continue
        mean, se = mean_se(diff)
        share[j] = np.clip((mean / max(se, 1e-9) - lo) / (hi - lo), 0.0, 1.0)
    total = share.sum()
    if total >= 1.0:
        return share / total
    share[0] = 1.0 - total
    return share


def dominant(cv_results: dict[str, np.ndarray]) -> int:
    """`refit` for GridSearchCV: the candidate with the largest evidence weight (ties: the simpler)."""
    return int(np.argmax(evidence_weights(cv_results)))


def mixed_params(params: Sequence[dict[str, object]], weights: np.ndarray) -> dict[str, object]:
    """The published model's parameters: a candidate's own where it holds all the weight, else a "mix" of those with
    any (kind, half-life, weight)."""
    if weights.max() >= 1.0:
        return dict(params[int(np.argmax(weights))])
    parts = tuple((str(p["model__kind"]), p.get("model__half_life"), float(w)) for p, w in zip(params, weights, strict=True)
                  if w > 0)
    return {"model__kind": "mix", "model__half_life": None, "model__mix": parts}


@dataclass(frozen=True)
class PastPeriod:
    """One validation period's scores as they would have been published (RiskModel.out_of_time)."""

    rows: np.ndarray  # positions in the training frame
    p: np.ndarray  # calibrated, moved by the group trends
    p_without_trend: np.ndarray


def keep_order(calibrated: CalibratedClassifierCV) -> float | None:
    """A calibration may move the level of the model's probabilities, never reverse their order 校准不得颠倒排序.

    sklearn's sigmoid maps the model's log-odds f to expit(−(a·f + b)): it rises with f only when a < 0. Where the
    out-of-year predictions ranked the year they had not seen the wrong way round (sparse history: a few hundred rows,
    two years), the fit gives a ≥ 0, and every score — and every reason, whose direction is read off the calibrated
    probability — would be turned upside down: "lowering the risk: on the serious-dishonesty list" (foreign7's
    county_sparse bureaus: Spearman −0.10 against the truth, +0.20 for the model's own order). There the map is set to
    the identity on the log-odds (a = −1, b = 0): the model's own probability, fitted on every row, whose mean already
    matches the training rows' rate. Returns the reversing slope `a` that was replaced, None when the fit kept order."""
    reversed_a = None
    for c in calibrated.calibrated_classifiers_:
        for cal in c.calibrators:
            if cal.a_ >= 0:
                reversed_a = float(cal.a_)
                cal.a_, cal.b_ = -1.0, 0.0
    return reversed_a


def _chunked(predict: Callable[[pd.DataFrame], np.ndarray], X: pd.DataFrame, chunk: int = 50_000) -> np.ndarray:
    """`predict` (a frame → one probability per row) over X, `chunk` rows at a time."""
    parts = [np.asarray(predict(X.iloc[i:i + chunk])) for i in range(0, len(X), chunk)]
    return np.concatenate(parts) if parts else np.zeros(0)


def mean_se(x: Sequence[float] | np.ndarray) -> tuple[float, float]:
    """The mean of paired per-period differences (or scores) and its standard error, std(ddof=1)/√n: the 2-SE rule's
    two numbers (model selection, the report's validation table, the band's evidence)."""
    a = np.asarray(x, dtype=float)
    return float(a.mean()), float(a.std(ddof=1) / np.sqrt(len(a)))


class RowValue:
    """A reference value read from each row: `column` less `minus` (a firm's trigger count less its own requests:
    the same firm with its allegations, or its requests, taken away; risk.score.explanation_factors)."""

    def __init__(self, column: str, minus: str | None = None):
        self.column, self.minus = column, minus

    def of(self, frame: pd.DataFrame) -> np.ndarray:
        v = frame[self.column].to_numpy(dtype=float)
        return v - frame[self.minus].to_numpy(dtype=float) if self.minus else v


def _signed_log1p(x: np.ndarray) -> np.ndarray:
    """sign(x)·log(1 + |x|): increasing, so monotone promises survive it."""
    x = np.asarray(x, dtype=float)
    return np.sign(x) * np.log1p(np.abs(x))


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


@dataclass
class RiskModel(BaseEstimator, ClassifierMixin):
    """Select (rolling origin), calibrate (out-of-year), fit once; predict and explain in chunks."""

    numeric: list[str] = field(default_factory=list)
    categorical: list[str] = field(default_factory=list)
    increasing: list[str] = field(default_factory=list)  # never lowers the risk
    decreasing: list[str] = field(default_factory=list)  # never raises it
    firm_pairs: tuple[tuple[str, str, str], ...] = ()
    group: str | None = None
    random_state: int = 0
    trend_group: str | None = None  # a column whose levels' trends are carried to the plan year (GroupTrend)
    grid: list[dict[str, list[object]]] = field(default_factory=lambda: [dict(g) for g in GRID])

    def _pipeline(self) -> Pipeline:
        return make_pipeline(self.numeric, self.categorical, self.increasing, self.decreasing, self.firm_pairs, self.group,
                             self.random_state)

    def fit(self, X: pd.DataFrame, y: np.ndarray, dates: pd.Series, scored_at: pd.Timestamp | None = None) -> RiskModel:
        """`dates`: when each row's outcome was observed (its cut-off), for the time-ordered folds. `scored_at`: the
        date the scores stand for (a bureau's plan cut-off, 1 January of the plan year); the group trends are carried
        to it (default: the day after the last row)."""
        # one OpenMP/BLAS thread at every size: the fits are on at most FIT_ROWS rows, where threads saved no wall
        # time on the province (32 s either way) but cost CPU (37 s against 27 s) and made the scores depend on
        # the machine's thread count (BLAS sums in another order: up to 3e-5 apart)
        with threadpool_limits(1):
            return self._fit(X, y, dates, scored_at)

    def _fit(self, X: pd.DataFrame, y: np.ndarray, dates: pd.Series, scored_at: pd.Timestamp | None) -> RiskModel:
        y = np.asarray(y, dtype=int)
        X = X.reset_index(drop=True)
        dates = pd.to_datetime(pd.Series(np.asarray(dates))).reset_index(drop=True)
        years = dates.dt.year.to_numpy()
        if len(np.unique(years)) < 2 or len(np.unique(y)) < 2:
            raise ValueError("need two years with both outcomes to validate on time")
        # selection on a sample of rows (time order kept) so a province stays fast
        rng = np.random.default_rng(self.random_state)
        sample = np.sort(rng.choice(len(X), SEARCH_ROWS, replace=False)) if len(X) > SEARCH_ROWS else np.arange(len(X))
        folds = [(tr, te) for tr, te in rolling_origin(dates.iloc[sample])
                 if len(np.unique(y[sample][tr])) == 2 and len(np.unique(y[sample][te])) == 2]
        if len(folds) < 2:
            raise ValueError("need two validation periods with both outcomes")
        search = GridSearchCV(self._pipeline(), self.grid, scoring="roc_auc", cv=folds, refit=dominant,
                              n_jobs=1, error_score="raise")
        when = dates.to_numpy()
        search.fit(X.iloc[sample], y[sample], model__dates=when[sample])
        self.search_ = search
        self.sample_, self.folds_ = sample, folds  # for out_of_time: the very periods the selection was judged on
        self.weights_ = evidence_weights(search.cv_results_)
        self.best_params_ = mixed_params(search.cv_results_["params"], self.weights_)
        # calibration on out-of-year predictions (a partition by year), then one fit on every row
        # (on a province, on FIT_ROWS of them: a few dozen coefficients need no more)
        rows = np.sort(rng.choice(len(X), FIT_ROWS, replace=False)) if len(X) > FIT_ROWS else np.arange(len(X))
        self.calibrated_, self.reversed_slope_ = self._calibrate(X.iloc[rows], y[rows], when[rows])
        self.classes_ = np.array([0, 1])
        self.n_rows_ = len(rows)
        self.scored_at_ = pd.Timestamp(scored_at) if scored_at is not None else dates.max() + pd.Timedelta(days=1)
        self.trend_ = self._trend(self.calibrated_, X, y, when, self.scored_at_)
        return self

    def _best_pipeline(self) -> Pipeline:
        return clone(self._pipeline()).set_params(**self.best_params_)

    def _calibrate(self, X: pd.DataFrame, y: np.ndarray, when: np.ndarray) -> tuple[CalibratedClassifierCV, float | None]:
        """The kept candidate, calibrated by a sigmoid on out-of-year predictions (a PredefinedSplit by year; rows of
        a single year: 3 stratified folds), then refit on every row given; with the slope `keep_order` replaced (None
        where the sigmoid kept the model's order)."""
        years = pd.DatetimeIndex(when).year.to_numpy()
        fold_of_year = {yr: i for i, yr in enumerate(sorted(np.unique(years)))}
        split = PredefinedSplit(np.vectorize(fold_of_year.get)(years)) if len(fold_of_year) >= 2 else 3
        calibrated = CalibratedClassifierCV(self._best_pipeline(), method="sigmoid", cv=split, ensemble=False).fit(
            X, y, model__dates=when)
        return calibrated, keep_order(calibrated)

    def _trend(self, calibrated: CalibratedClassifierCV, X: pd.DataFrame, y: np.ndarray, when: np.ndarray,
               scored_at: pd.Timestamp) -> GroupTrend | None:
        """GroupTrend from every given row's calibrated prediction (in chunks), years counted from `scored_at`."""
        if self.trend_group is None:
            return None
        p_in = _chunked(lambda part: calibrated.predict_proba(part)[:, 1], X)
        years = (pd.DatetimeIndex(when) - scored_at).days.to_numpy(dtype=float) / 365.25
        return GroupTrend(TREND_HORIZON, TREND_MIN_GROUPS).fit(X[self.trend_group].to_numpy(), years, y, p_in)

    def _moved(self, p: np.ndarray, X: pd.DataFrame, trend: GroupTrend | None) -> np.ndarray:
        """A probability moved by its group's trend offset (unchanged without a trend)."""
        if trend is None or self.trend_group is None:
            return p
        return 1 / (1 + np.exp(-(_logit(p) + trend.offset(X[self.trend_group]))))

    def _p(self, X: pd.DataFrame) -> np.ndarray:
        """The calibrated probability, moved by the group's trend to the plan year where there is one."""
        return self._moved(self.calibrated_.predict_proba(X)[:, 1], X, self.trend_)

    def out_of_time(self, X: pd.DataFrame, y: np.ndarray, dates: pd.Series) -> list[PastPeriod]:
        """The published scores as they would have been on each rolling-origin validation period of the selection:
        the kept candidate trained only on the rows before the period (the selection's sample and folds), calibrated
        and given its group trends the way `fit` does, the trends carried to the period's first day. One PastPeriod
        per period: the rows (positions in X), the probabilities with and without the trend. X, y, dates as in `fit`."""
        X = X.reset_index(drop=True)
        y = np.asarray(y, dtype=int)
        when = pd.to_datetime(pd.Series(np.asarray(dates))).to_numpy()
        out = []
        with threadpool_limits(1):
            for tr, te in self.folds_:
                train, test = self.sample_[tr], self.sample_[te]
                cal, _ = self._calibrate(X.iloc[train], y[train], when[train])
                start = pd.Timestamp(when[test].min())
                trend = self._trend(cal, X.iloc[train], y[train], when[train], start)
                plain = cal.predict_proba(X.iloc[test])[:, 1]
                out.append(PastPeriod(test, self._moved(plain, X.iloc[test], trend), plain))
        return out

    def holdout(self, X: pd.DataFrame, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The kept candidate trained on every year but the last, predicting the last (for the report):
        (mask of the last year's rows, their predicted probabilities)."""
        X = X.reset_index(drop=True)
        years = pd.to_datetime(X["cutoff"]).dt.year.to_numpy()
        last = years == years.max()
        with threadpool_limits(1 if len(X) < SMALL else None):
            pipe = self._best_pipeline()
            pipe.fit(X[~last], np.asarray(y)[~last], model__dates=X["cutoff"].to_numpy()[~last])
            return last, pipe.predict_proba(X[last])[:, 1]

    @property
    def kind_(self) -> str:
        return candidate_words(self.best_params_)

    def validation(self) -> list[dict[str, object]]:
        r = self.search_.cv_results_
        folds = sorted(k for k in r if k.startswith("split") and k.endswith("_test_score"))
        return [{"candidate": candidate_words(p), "auc": float(r["mean_test_score"][i]),
                 "auc_se": mean_se([r[k][i] for k in folds])[1],
                 "folds": len(folds), "kept": bool(self.weights_[i] > 0), "weight": float(self.weights_[i])}
                for i, p in enumerate(r["params"])]

    def predict_proba(self, X: pd.DataFrame, chunk: int = 50_000) -> np.ndarray:
        p = _chunked(self._p, X, chunk)
        return np.column_stack([1 - p, p])

    def contributions(self, X: pd.DataFrame, factors: dict[str, dict[str, object]], chunk: int = 50_000) -> pd.DataFrame:
        """Per row and factor: the score's log-odds minus the log-odds with the factor's columns set to
        their reference values (a firm with no such record, a middle grade, a typical sector…), all
        else equal. A reference key "_only_where" = (column, value) limits a factor to those rows. A reference value
        may be a `RowValue`: read from each row itself (e.g. its trigger count less its own requests).

        With the monotone constraints a risk-raising factor's contribution is never negative (its
        reference is its clean value) and a risk-lowering one's never positive."""
        out = []
        for i in range(0, len(X), chunk):
            part = X.iloc[i:i + chunk]
            base = _logit(self._p(part))
            cols = {}
            for name, ref in factors.items():
                ref = dict(ref)
                where = ref.pop("_only_where", None)
                moved = np.zeros(len(part), dtype=bool)
                target = {col: v.of(part) if isinstance(v, RowValue) else v for col, v in ref.items()}
                for col, v in target.items():
                    moved |= part[col].to_numpy() != v
                if where is not None:
                    if not isinstance(where, tuple):
                        raise TypeError(f"factor {name}: _only_where must be a (column, value) pair, not {where!r}")
                    moved &= part[where[0]].to_numpy() == where[1]
                c = np.zeros(len(part))
                if moved.any():
                    alt = part[moved].copy()
                    for col, v in target.items():
                        alt[col] = v[moved] if isinstance(v, np.ndarray) else v
                    c[moved] = base[moved] - _logit(self._p(alt))
                cols[name] = c
            out.append(pd.DataFrame(cols, index=part.index))
        return pd.concat(out) if out else pd.DataFrame(columns=list(factors))
