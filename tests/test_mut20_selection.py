"""mut20: the evidence-weighted selection (risk/model.py: evidence_weights, dominant, mixed_params, the words of a
candidate and of a mix, the `mix` candidate) on hand-made cross-validation results and tiny frames, for the cases
the prereg20 tests left open (mutation testing, mut20): GridSearchCV's other score keys, exactly two comparable folds,
a candidate without evidence before one with it, shares past 1, the exact parameters the published pipeline is set
to, and words the code does not know. No bundle is scored; the one fit is of two signed logistics on 240 rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.pipeline import Pipeline

from risk.model import (
    EVIDENCE_RAMP,
    Candidate,
    _fold_scores,
    candidate_words,
    candidate_zh,
    dominant,
    evidence_weights,
    mixed_params,
)

LO, HI = EVIDENCE_RAMP


def results(*folds: list[float]) -> dict[str, np.ndarray]:
    """GridSearchCV's per-fold test scores: one `splitK_test_score` per fold, one entry per candidate."""
    return {f"split{k}_test_score": np.array(f, dtype=float) for k, f in enumerate(folds)}


def gains(*zs: float) -> dict[str, np.ndarray]:
    """Three folds where candidate j (after the simplest) gains exactly zs[j-1] standard errors: gains 1−a, 1, 1+a
    (hundredths), a = √3 / z (mean 1, se a/√3)."""
    a = [np.sqrt(3) / z for z in zs]
    return results(*[[0.5, *[0.5 + 0.01 * (1 + s * x) for x in a]] for s in (-1, 0, 1)])


def share(z: float) -> float:
    return float(np.clip((z - LO) / (HI - LO), 0.0, 1.0))


def test_only_the_per_fold_test_scores_are_folds() -> None:
    """GridSearchCV's cv_results_ also holds the mean, the spread, the rank and (return_train_score) the training
    scores of every candidate: none of them is a validation period."""
    folds = results([0.60, 0.65], [0.62, 0.66], [0.58, 0.64], [0.61, 0.655])
    full = {**folds,
            "mean_test_score": np.array([0.6025, 0.65125]), "std_test_score": np.array([0.015, 0.007]),
            "rank_test_score": np.array([2, 1], dtype=np.int32),
            **{f"split{k}_train_score": np.array([0.9, 0.99]) for k in range(4)},
            "mean_train_score": np.array([0.9, 0.99]), "mean_fit_time": np.array([0.1, 2.0]),
            "params": np.array([{"model__kind": "linear"}, {"model__kind": "boost3"}], dtype=object)}
    assert _fold_scores(full).shape == (2, 4)
    assert _fold_scores(full).tolist() == [[0.60, 0.62, 0.58, 0.61], [0.65, 0.66, 0.64, 0.655]]
    # the training scores (0.9 against 0.99 on every split) would make any candidate a clear winner
    close = results([0.60, 0.63], [0.62, 0.61], [0.58, 0.60], [0.61, 0.60])
    noisy = {**close, **{f"split{k}_train_score": np.array([0.9, 0.99]) for k in range(4)},
             "mean_test_score": np.array([0.6025, 0.61]), "std_test_score": np.array([0.01, 0.01])}
    assert evidence_weights(noisy).tolist() == [1.0, 0.0]


def test_two_comparable_folds_are_evidence_enough() -> None:
    """The docstring's bar is "fewer than two comparable folds": two folds, both won clearly, are evidence."""
    two = results([0.60, 0.65], [0.62, 0.66])  # gains 0.05, 0.04: z = 9
    assert evidence_weights(two).tolist() == [0.0, 1.0]
    # one fold lost to a missing score leaves two: still evidence
    assert evidence_weights(results([0.60, 0.65], [0.62, 0.66], [0.6, np.nan])).tolist() == [0.0, 1.0]


def test_a_candidate_without_evidence_does_not_stop_the_next_from_counting() -> None:
    """The middle candidate has one comparable fold (no evidence); the last wins clearly on all three."""
    w = evidence_weights(results([0.60, np.nan, 0.65], [0.62, np.nan, 0.66], [0.58, 0.9, 0.64]))
    assert w.tolist() == [0.0, 0.0, 1.0]
    assert dominant(results([0.60, np.nan, 0.65], [0.62, np.nan, 0.66], [0.58, 0.9, 0.64])) == 2


def test_each_share_stops_at_one_before_the_shares_are_scaled() -> None:
    """Two clear winners, one far past the ramp's top (z = 10) and one just past it (z = 4), are equal: each share is
    capped at 1 before the shares summing past 1 are scaled."""
    w = evidence_weights(gains(4.0, 10.0))
    assert w.tolist() == pytest.approx([0.0, 0.5, 0.5])


def test_shares_between_one_and_two_are_scaled_and_the_simplest_has_none() -> None:
    """Two candidates each three quarters along the ramp: the shares sum to 1.5, so each has half; never a negative
    weight, and the weights sum to 1."""
    z = LO + 0.75 * (HI - LO)
    w = evidence_weights(gains(z, z))
    assert w.tolist() == pytest.approx([0.0, 0.5, 0.5])
    assert (w >= 0).all() and w.sum() == pytest.approx(1.0)


def test_the_simplest_holds_the_rest() -> None:
    """Below a total of 1 the simplest holds 1 − the others' shares: the weights sum to 1."""
    for zs in [(LO + 0.5,), ((LO + HI) / 2,), (LO + 0.5, LO + 1.0), (LO - 0.5, HI - 0.5)]:
        w = evidence_weights(gains(*zs))
        expected = [share(z) for z in zs]
        assert w.tolist() == pytest.approx([1.0 - sum(expected), *expected]), zs
        assert w.sum() == pytest.approx(1.0)
    assert evidence_weights(gains((LO + HI) / 2)).tolist() == pytest.approx([0.5, 0.5])


def test_dominant_is_the_candidate_with_the_largest_weight_ties_to_the_simpler() -> None:
    assert dominant(results([0.60, 0.65], [0.62, 0.66], [0.58, 0.64], [0.61, 0.655])) == 1
    assert dominant(gains(LO + 0.5, HI + 1.0)) == 2  # the clear winner, not the partly weighted one
    assert dominant(gains((LO + HI) / 2)) == 0  # half and half: the simpler
    assert dominant(gains(HI + 1.0, HI + 2.0)) == 1  # both past the ramp, equal weights: the simpler of the two


def test_mixed_params_are_the_published_pipelines_own_parameters() -> None:
    """Each part keeps its own half-life; a candidate with no weight is left out; the keys are the pipeline's."""
    params = [{"model__kind": "linear", "model__half_life": None}, {"model__kind": "linear", "model__half_life": 1.0},
              {"model__kind": "boost1"}, {"model__kind": "boost3"}]
    got = mixed_params(params, np.array([0.5, 0.3, 0.0, 0.2]))
    assert got == {"model__kind": "mix", "model__half_life": None,
                   "model__mix": (("linear", None, 0.5), ("linear", 1.0, 0.3), ("boost3", None, 0.2))}
    assert all(type(w) is float for _, _, w in got["model__mix"])  # type: ignore[union-attr]
    # a candidate that holds all the weight is published alone, as it was validated (its half-life too)
    assert mixed_params(params, np.array([0.0, 1.0, 0.0, 0.0])) == params[1]
    # weights that do not match the candidates are an error, not a silently shorter mix
    with pytest.raises(ValueError):
        mixed_params(params, np.array([0.5, 0.5]))
    with pytest.raises(ValueError):
        mixed_params(params[:2], np.array([0.5, 0.3, 0.2]))


def test_the_published_pipeline_takes_the_mix_and_scores_its_weighted_mean() -> None:
    """RiskModel._best_pipeline: clone(pipeline).set_params(**mixed_params(...)); every key must be one the pipeline
    has, and the fitted mix is Σ weight × each part fitted with its own half-life."""
    rng = np.random.default_rng(3)
    n = 120
    X = pd.DataFrame({"x": rng.normal(size=2 * n)})
    dates = np.concatenate([np.full(n, np.datetime64("2023-06-01")), np.full(n, np.datetime64("2025-06-01"))])
    y = (rng.random(2 * n) < 1 / (1 + np.exp(-np.where(np.arange(2 * n) < n, 1.5, -1.5) * X["x"]))).astype(int)
    params = [{"model__kind": "linear", "model__half_life": None}, {"model__kind": "linear", "model__half_life": 0.5}]
    best = mixed_params(params, np.array([0.25, 0.75]))
    pipe = Pipeline([("model", Candidate("linear", numeric=("x",)))]).set_params(**best)
    model = pipe.named_steps["model"]
    assert model.kind == "mix" and model.half_life is None
    pipe.fit(X, y, model__dates=dates)
    parts = [Candidate("linear", numeric=("x",), half_life=hl).fit(X, y, dates=dates).predict_proba(X)[:, 1]
             for hl in (None, 0.5)]
    assert not np.allclose(parts[0], parts[1])  # the half-life reached its part
    p = pipe.predict_proba(X)
    assert np.allclose(p[:, 1], 0.25 * parts[0] + 0.75 * parts[1]) and np.allclose(p[:, 0], 1 - p[:, 1])
    assert [w for w, _ in model.parts_] == [0.25, 0.75]
    assert [part.half_life for _, part in model.parts_] == [None, 0.5]


def test_words_the_code_does_not_know_are_given_as_they_are() -> None:
    """candidate_zh: a candidate from an older plan, a kind outside the grid, a mix part without its share, text over
    two lines: returned unchanged, never an error (the plan page reads plan.json's risk_model.chosen)."""
    for words in ["logistic (C=1)", "monotone boosting, depth 2", "logistic (C=1), recent rows weighted (half-life 1.0 y)",
                  "sign-constrained logistic\nmonotone boosting, depth 1", "weighted by evidence: sign-constrained logistic",
                  "weighted by evidence: sign-constrained logistic (60%); monotone boosting, depth 3",
                  "weighted by evidence: logistic (C=1) (60%); monotone boosting, depth 3 (40%)"]:
        assert candidate_zh(words) == words
    # a kind the words do not know is named by its kind
    assert candidate_words({"model__kind": "boost2"}) == "boost2"
    assert candidate_words({"model__kind": "boost2", "model__half_life": 1.0}) == "boost2, recent rows weighted (half-life 1.0 y)"


class _Recorder(ClassifierMixin, BaseEstimator):
    """Stands in for a candidate's estimator: keeps the row weights its fit was given."""

    def fit(self, X: pd.DataFrame, y: np.ndarray, sample_weight: np.ndarray | None = None) -> _Recorder:
        self.sample_weight_ = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
        self.classes_ = np.array([0, 1])
        return self

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        return np.column_stack([np.full(len(X), 0.75), np.full(len(X), 0.25)])


@pytest.fixture()
def recorded(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Every Candidate's pipeline is one _Recorder; returns a function giving a fitted candidate's recorded weights."""
    monkeypatch.setattr(Candidate, "_build", lambda self: Pipeline([("est", _Recorder())]))
    return lambda c: c.pipeline_.named_steps["est"].sample_weight_


AGES = np.array([0, 100, 365, 730, 1000, 2922])  # days before the latest row
DATES = np.datetime64("2025-06-30") - AGES.astype("timedelta64[D]")
X6, Y6, SW = pd.DataFrame({"x": np.arange(6.0)}), np.array([0, 1, 0, 1, 0, 1]), np.array([1.0, 2.0, 0.5, 1.0, 3.0, 1.0])


def test_a_row_weighs_half_as_much_for_each_half_life_before_the_latest(recorded) -> None:  # type: ignore[no-untyped-def]
    """half_life (years): a row's weight is 0.5 ** (days before the latest row / 365.25 / half_life), times its own
    sample weight where it has one; without a half-life, or without dates, the sample weights pass unchanged."""
    for hl in (0.5, 1.0, 2.5):
        recency = 0.5 ** (AGES / 365.25 / hl)
        got = recorded(Candidate("linear", numeric=("x",), half_life=hl).fit(X6, Y6, dates=DATES))
        assert got == pytest.approx(recency, rel=1e-12, abs=0)
        got = recorded(Candidate("linear", numeric=("x",), half_life=hl).fit(X6, Y6, sample_weight=SW, dates=DATES))
        assert got == pytest.approx(SW * recency, rel=1e-12, abs=0)
    assert recorded(Candidate("linear", numeric=("x",)).fit(X6, Y6, sample_weight=SW, dates=DATES)).tolist() == SW.tolist()
    assert recorded(Candidate("linear", numeric=("x",), half_life=1.0).fit(X6, Y6, sample_weight=SW)).tolist() == SW.tolist()
    assert recorded(Candidate("linear", numeric=("x",)).fit(X6, Y6, dates=DATES)) is None


def test_each_part_of_a_mix_gets_the_sample_weights_and_its_own_recency(recorded) -> None:  # type: ignore[no-untyped-def]
    mix = Candidate("mix", numeric=("x",), mix=(("linear", None, 0.4), ("boost1", 1.0, 0.6)))
    mix.fit(X6, Y6, sample_weight=SW, dates=DATES)
    (w0, plain), (w1, recent) = mix.parts_
    assert (w0, plain.kind, plain.half_life, w1, recent.kind, recent.half_life) == (0.4, "linear", None, 0.6, "boost1", 1.0)
    assert recorded(plain).tolist() == SW.tolist()
    assert recorded(recent) == pytest.approx(SW * 0.5 ** (AGES / 365.25), rel=1e-12, abs=0)
    assert mix.predict_proba(X6).tolist() == [[0.75, 0.25]] * 6  # 0.4 × 0.25 + 0.6 × 0.25
