"""Mutation survivors (mut17) of the band's past test with its second bar (risk/score.py past_evidence: a mean loss
beyond BAND_REPEATED_LOSS over two periods or more drops the band whatever its standard error, `rule` "repeated") and
of the checker's reading of it (checker/rules.py _band_claim, its own REPEATED_LOSS). Stand-in pasts as in
tests/test_risk.py (_Past, no model trained); the figures checked against the periods' own AUCs.

None left alive when mut17 ran (past_evidence 181 mutants, _band_claim 71)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

import risk.score
from checker.rules import _band_claim
from risk.model import PastPeriod, mean_se
from risk.score import imposed_asof, one_period_se, past_evidence
from risk.tiers import keep_in_band

T = (0.2, 0.3, 0.4)


class _Strict:
    """RiskModel.out_of_time's stand-in that checks what it is asked: the training frame itself, its outcomes and its
    `cutoff` dates; its periods' scores without trend differ from theirs (a trend effect to measure)."""

    def __init__(self, periods: list[PastPeriod]):
        self.periods = periods
        self.asked: list[tuple[Any, Any, Any]] = []

    def out_of_time(self, X: pd.DataFrame, y: np.ndarray, dates: pd.Series) -> list[PastPeriod]:
        self.asked.append((X, y, dates))
        return self.periods


def _case(periods: list[tuple[bool | None, int]], n: int = 200, seed: int = 0, one_class_first: bool = False
          ) -> tuple[_Strict, pd.DataFrame, np.ndarray]:
    """tests/test_risk.py's _band_case with the number of graded-D inspections per period given: (True: they are
    violations, the band helps; False: clean, it hurts; None: nobody graded, k graded anyway; k). one_class_first: a
    first period whose inspections are all clean (no AUC: it takes no part), its k firms graded too."""
    rng = np.random.default_rng(seed)
    rows: list[PastPeriod] = []
    ys, Xs, start = [], [], 0
    spec = ([("clean", 20)] if one_class_first else []) + list(periods)
    for pos, k in spec:
        y = np.zeros(n, dtype=int) if pos == "clean" else (rng.random(n) < 0.2).astype(int)
        graded = (np.arange(k) if pos == "clean" else np.flatnonzero(y == (1 if pos else 0))[:k])
        p = np.clip(0.1 + 0.2 * y + rng.normal(0, 0.05, n), 0.01, 0.39)
        g = np.zeros(n)
        g[graded] = 1
        Xs.append(pd.DataFrame({"dishonest_in_force": 0.0, "grade_none": 1 - g, "grade_at_least_B": g, "grade_at_least_C": g,
                                "grade_at_least_D": g, "cutoff": pd.Timestamp("2026-01-01") + pd.Timedelta(days=len(rows))}))
        without = np.clip(p + rng.normal(0, 0.08, n), 0.0, 1.0)  # the scores as they would be without the trends
        rows.append(PastPeriod(np.arange(start, start + n), p, without))
        ys.append(y)
        start += n
    return _Strict(rows), pd.concat(Xs, ignore_index=True), np.concatenate(ys)


def _expected(model: _Strict, Xt: pd.DataFrame, y: np.ndarray) -> tuple[list[float], list[float], list[tuple[Any, ...]]]:
    """The periods' band and trend AUC differences, computed here (periods with one outcome left out)."""
    tier, source = imposed_asof(Xt)
    band, trend, judged = [], [], []
    for per in model.periods:
        yt = y[per.rows]
        if yt.min() == yt.max():
            continue
        own = np.round(per.p, 6)
        trend.append(roc_auc_score(yt, own) - roc_auc_score(yt, per.p_without_trend))
        if np.isin(source[per.rows], ("grade", "dishonest")).sum() >= 10:
            held = keep_in_band(own, tier[per.rows], source[per.rows], T)
            judged.append((yt, held, own))
            band.append(roc_auc_score(yt, held) - roc_auc_score(yt, own))
    return band, trend, judged


def _claim_agrees(band: dict[str, Any]) -> None:
    held = {"raised": 1, "lowered": 0} if band["kept"] else {"raised": 0, "lowered": 0}
    assert _band_claim({"risk_model": {"band": band, "held_to_band": held}}) == [], band


# ---- past_evidence --------------------------------------------------------------------------------------------------------


def test_past_evidence_publishes_the_periods_own_figures() -> None:
    """Two judged periods, one losing and one winning (within noise, beyond BAND_REPEATED_LOSS): dropped by the
    "repeated" bar; auc_gain and se are the periods' mean and standard error rounded to 6 places, from the periods;
    the trends' figures likewise (their own difference). A first period with one outcome only takes no part in either,
    yet the periods after it do; out_of_time is asked about the training frame, its outcomes and its cutoffs."""
    model, Xt, y = _case([(False, 20), (True, 20)], one_class_first=True)
    band, trend = past_evidence(model, Xt, list(y), T)  # type: ignore[arg-type]
    gains, trends, _ = _expected(model, Xt, y)
    assert len(gains) == 2 and len(trends) == 2
    mean, se = (round(x, 6) for x in mean_se(gains))
    assert -2 * se < mean < -risk.score.BAND_REPEATED_LOSS, (mean, se)  # the second bar's case
    assert band == {"kept": False, "auc_gain": mean, "se": se, "periods": 2, "imposed_rows": 40, "se_from": "periods",
                    "rule": "repeated"}
    tm, ts = (round(x, 6) for x in mean_se(trends))
    assert trend == {"auc_gain": tm, "se": ts, "periods": 2} and tm != 0
    ((X, yy, dates),) = model.asked
    assert X is Xt and np.array_equal(yy, y) and dates.equals(Xt["cutoff"])
    _claim_agrees(band)  # type: ignore[arg-type]


def test_past_evidence_one_period_its_se_from_its_inspections(monkeypatch: pytest.MonkeyPatch) -> None:
    """One judged period: its own difference and the bootstrap standard error of its inspections, rounded; the trend
    of one period is not measured. (Fewer resamples than the product's, for speed: the same for both.)"""
    monkeypatch.setattr(risk.score, "BAND_BOOTSTRAP", 40)
    model, Xt, y = _case([(False, 20)], seed=4)
    band, trend = past_evidence(model, Xt, y, T)  # type: ignore[arg-type]
    gains, _, judged = _expected(model, Xt, y)
    se = round(one_period_se(*judged[0]), 6)
    assert band["auc_gain"] == round(gains[0], 6) and band["se"] == se and band["se_from"] == "inspections"
    assert band["periods"] == 1 and band["imposed_rows"] == 20
    assert band["kept"] is (not band["auc_gain"] < -max(2 * se, 0.005))  # type: ignore[operator]
    assert trend == {"auc_gain": None, "se": None, "periods": 1}


def test_past_evidence_a_standard_error_that_is_no_number_judges_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """One judged period whose bootstrap gave no standard error (every draw one outcome: NaN): nothing is judged, the
    band is kept, and plan.json gets no NaN (json.dumps would write `NaN`, which strict JSON readers refuse); the
    checker reads the card as a kept band with nothing judged."""
    import json

    monkeypatch.setattr(risk.score, "one_period_se", lambda *a, **k: float("nan"))
    band, trend = past_evidence(*_case([(False, 20)], seed=4), T)  # type: ignore[arg-type]
    assert band["kept"] is True and band["auc_gain"] is None and band["se"] is None and band["se_from"] is None, band
    assert band["periods"] == 1 and trend == {"auc_gain": None, "se": None, "periods": 1}
    json.dumps(band, allow_nan=False)
    _claim_agrees(band)  # type: ignore[arg-type]


def test_past_evidence_judges_a_period_from_ten_imposed_tiers(monkeypatch: pytest.MonkeyPatch) -> None:
    """BAND_MIN_IMPOSED (10): a period with ten imposed tiers is judged; one with nine is not, though its nine count
    among the imposed rows."""
    monkeypatch.setattr(risk.score, "BAND_BOOTSTRAP", 40)
    ten, _ = past_evidence(*_case([(False, 10), (False, 10)], seed=5), T)  # type: ignore[arg-type]
    assert ten["periods"] == 2 and ten["imposed_rows"] == 20 and ten["auc_gain"] is not None
    nine, _ = past_evidence(*_case([(False, 9), (False, 10)], seed=5), T)  # type: ignore[arg-type]
    assert nine["periods"] == 1 and nine["imposed_rows"] == 19 and nine["se_from"] == "inspections"


def test_past_evidence_bars_at_their_edges(monkeypatch: pytest.MonkeyPatch) -> None:
    """A mean loss exactly at either bar is not beyond it: kept (and no `rule`)."""
    lose, _ = past_evidence(*_case([(False, 20)] * 4), T)  # type: ignore[arg-type]
    assert lose["kept"] is False and lose["rule"] == "se" and 2 * lose["se"] < -lose["auc_gain"]  # type: ignore[operator]
    monkeypatch.setattr(risk.score, "BAND_REPEATED_LOSS", 1.0)
    monkeypatch.setattr(risk.score, "BAND_MIN_LOSS", -lose["auc_gain"])  # type: ignore[operator]
    at, _ = past_evidence(*_case([(False, 20)] * 4), T)  # type: ignore[arg-type]
    assert at["kept"] is True and "rule" not in at and at["auc_gain"] == lose["auc_gain"]
    monkeypatch.undo()
    two, _ = past_evidence(*_case([(False, 20), (True, 20)]), T)  # type: ignore[arg-type]
    assert two["kept"] is False and two["rule"] == "repeated"
    monkeypatch.setattr(risk.score, "BAND_REPEATED_LOSS", -two["auc_gain"])  # type: ignore[operator]
    at, _ = past_evidence(*_case([(False, 20), (True, 20)]), T)  # type: ignore[arg-type]
    assert at["kept"] is True and "rule" not in at and at["se_from"] == "periods"
    _claim_agrees(at)  # type: ignore[arg-type]


def test_past_evidence_grade_explained_at_its_bar() -> None:
    """At GRADE_EXPLAINED the band is dropped for grade_explained, the past not judged (its imposed rows still
    counted); below it the figure is kept beside the past test's verdict; unmeasured, no figure."""
    case = _case([(True, 20)] * 2, seed=6)
    at, _ = past_evidence(*case, T, risk.score.GRADE_EXPLAINED)  # type: ignore[arg-type]
    assert at == {"kept": False, "auc_gain": None, "se": None, "periods": 0, "imposed_rows": 40, "se_from": None,
                  "grade_explained": risk.score.GRADE_EXPLAINED, "reason": "grade_explained"}
    below, _ = past_evidence(*case, T, 0.5)  # type: ignore[arg-type]
    assert below["kept"] is True and below["grade_explained"] == 0.5 and below["periods"] == 2 and "reason" not in below
    unmeasured, _ = past_evidence(*case, T)  # type: ignore[arg-type]
    assert "grade_explained" not in unmeasured and {k: v for k, v in below.items() if k != "grade_explained"} == unmeasured


def test_past_evidence_reads_the_scores_as_published_to_six_places() -> None:
    """A period's scores are read as plan.json publishes them, rounded to 6 places: two scores 3e-7 apart are one
    score there (a tie, AUC 0.5), though the unrounded scores without the trends rank the violations first (AUC 1)."""
    y = np.array([0] * 10 + [1] * 10)
    p = 0.2 + 3e-7 * y
    periods = [PastPeriod(np.arange(20), p, p), PastPeriod(np.arange(20, 40), p, p)]
    Xt = pd.DataFrame({"dishonest_in_force": 0.0, "grade_none": np.ones(40), "grade_at_least_B": 0.0, "grade_at_least_C": 0.0,
                       "grade_at_least_D": 0.0, "cutoff": pd.Timestamp("2026-01-01")})
    band, trend = past_evidence(_Strict(periods), Xt, np.concatenate([y, y]), T)  # type: ignore[arg-type]
    assert trend == {"auc_gain": -0.5, "se": 0.0, "periods": 2}
    assert band == {"kept": True, "auc_gain": None, "se": None, "periods": 0, "imposed_rows": 0, "se_from": None}


# ---- _band_claim ----------------------------------------------------------------------------------------------------------


def _claim(gain: object, se: object, periods: object, se_from: object = "periods") -> list[str]:
    return _band_claim({"risk_model": {"band": {"kept": False, "auc_gain": gain, "se": se, "periods": periods,
                                                "se_from": se_from},
                                       "held_to_band": {"raised": 0, "lowered": 0}}})


def test_band_claim_repeated_bar_at_two_periods_and_its_edge() -> None:
    """Two periods are enough for the second bar; a loss within 2 SE and within REPEATED_LOSS is no evidence; the
    second bar is the checker's own figure (0.015), not the product's constant."""
    import checker.rules

    assert _claim(-0.0151, 0.05, 2) == [] and _claim(-0.02, 0.011, 2) == []
    assert _claim(-0.0149, 0.05, 2) != [] and _claim(-0.015, 0.05, 3) != [] and _claim(-0.01, 0.006, 2) != []
    assert _claim(-0.0151, 0.05, 1, "inspections") != []  # one period: the standard-error bar only
    assert checker.rules.REPEATED_LOSS == 0.015 and checker.rules.MIN_DIFFERENCE == 0.005
    # either bar alone suffices: beyond 2 SE and 0.005 though within 0.015 (se bar), within 2 SE beyond 0.015 (repeated)
    assert _claim(-0.012, 0.005, 2) == [] and _claim(-0.012, 0.005, 1, "inspections") == []
    assert _claim(-0.016, 0.5, 2) == []
