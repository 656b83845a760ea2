"""Scores, tiers (R-TIER) and their reasons for every enterprise of a bundle."""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NotRequired, TypedDict

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from bundle import Bundle
from risk.fallback import fallback_scores
from risk.features import (
    CATEGORICAL,
    LABEL,
    NUMERIC,
    REFERRALS,
    REFERRALS_IN,
    REQUESTS,
    REQUESTS_IN,
    RISK_LOWERING,
    RISK_RAISING,
    UNKNOWN_WHEN,
    _count,
    _events_before,
    history_of,
    plan_cutoff,
    scoring_frame,
    training_frame,
    unknown_column,
    unrectified,
)
from risk.model import SE_RULE, RiskModel, RowValue, mean_se
from risk.reasons import phrase
from risk.tiers import IMPOSED, keep_in_band, legal_tier, model_tier, percent_beside, percent_exact, tier_band

MIN_LABELLED = 200  # fewer labelled inspections than this: the points fallback, flagged
TIER_SOURCES = ("dishonest", "grade", "model", "fallback")
# each firm's own rate of findings, shrunk toward its sector's (empirical Bayes, risk/model.py FirmHistory)
FIRM_PAIRS = (("firm_violation_rate", "n_violations", "n_inspections"), ("firm_finding_rate", "n_findings", "n_inspections"))
GRADE_COLUMNS = ("grade_at_least_B", "grade_at_least_C", "grade_at_least_D")
# a tier the model sets for this share of the firms it tiers, or more, is named in the card, the report and the plan page:
# tier_thresholds are absolute probabilities (the bureau's policy, R-TIER), and a bureau whose violation rate lies far
# below them gets nearly every firm in A, so the tiers no longer separate its firms (foreign11's iot_false_alarms: 92–
# 99.8% in A; foreign12's tower_crane_fleet: 88–94%). Not changed for it: the planner decides, with the figures
CROWDED_TIER = 0.8
CROWDED_MIN_FIRMS = 50  # fewer model-tiered firms than this: too few to call a tier crowded
SORT_CHUNK = 20_000  # rows whose contributions are sorted at once (an index array of rows × features each time)
# a factor that moves the score's log-odds by less than this is no reason: shown to 2 decimals it read "(+0.00)", listed
# as raising the risk (found walking the why page)
MIN_REASON = 0.005
LEAN_REASONS = 3  # factors named the way a score leans
AGAINST_REASONS = 2  # and the other way, after them
# the same count over the past year and over all the history: where they are equal every such record lies in the past
# year, and naming both reads as two records (foreign14: one registration filing read "1 complaint(s) or other
# trigger(s) … on record; 1 … in the past year"); the clause names the first of the two met only
SAME_COUNT = {"triggers_365d": "triggers_all", "violations_365d": "n_violations", "findings_365d": "n_findings"}
SAME_COUNT |= {v: k for k, v in SAME_COUNT.items()}

__all__ = ["MIN_LABELLED", "Factor", "Scores", "model_tier", "score_bundle"]


@dataclass(frozen=True, slots=True)
class Factor:
    """One reason for a score: a feature, its signed contribution (log-odds or points), in words."""

    feature: str
    contribution: float
    zh: str
    en: str

    def as_json(self) -> dict[str, object]:
        """factors.json's record (feature, contribution, zh, en)."""
        return {"feature": self.feature, "contribution": self.contribution, "zh": self.zh, "en": self.en}


class FactorTable(Mapping[str, list[Factor]]):
    """Each enterprise's reasons, read as `table[enterprise_id]` → its list of `Factor`s, held as compact columns (a
    feature index, the contribution, an index into the distinct phrases; stdlib `array`s) and made into objects only
    when read: a province's 530,000 Factor objects in 200,000 lists were ≈ 60 MB of the main process."""

    def __init__(self, names: list[str]):
        self.names = names
        self._name_id = {n: i for i, n in enumerate(names)}
        self._pos: dict[str, int] = {}
        self._start = array("q", [0])  # enterprise k's factors are rows _start[k] … _start[k + 1] - 1
        self._feature = array("h")
        self._contribution = array("d")  # float64: the very value of Factor.contribution
        self._word = array("i")
        self._words: list[tuple[str, str]] = []
        self._word_id: dict[tuple[str, str], int] = {}

    def add(self, enterprise_id: str, factors: list[Factor]) -> None:
        self._pos[enterprise_id] = len(self._start) - 1
        for f in factors:
            self._feature.append(self._name_id[f.feature])
            self._contribution.append(f.contribution)
            words = (f.zh, f.en)
            if words not in self._word_id:
                self._word_id[words] = len(self._words)
                self._words.append(words)
            self._word.append(self._word_id[words])
        self._start.append(len(self._feature))

    def __getitem__(self, enterprise_id: str) -> list[Factor]:
        k = self._pos[enterprise_id]
        return [Factor(self.names[self._feature[j]], self._contribution[j], *self._words[self._word[j]])
                for j in range(self._start[k], self._start[k + 1])]

    def __iter__(self) -> Iterator[str]:
        return iter(self._pos)

    def __len__(self) -> int:
        return len(self._pos)


class _Column:
    """A frame's column read one cell at a time as the Python value `to_dict(orient="records")` gives."""

    __slots__ = ("native", "values")

    def __init__(self, s: pd.Series):
        self.native = s.dtype.kind in "biuf" and isinstance(s.dtype, np.dtype)  # numpy scalars → bool, int, float
        self.values = s.to_numpy() if self.native else s.array  # else pandas' own scalars (Timestamp, NA, str)

    def __getitem__(self, i: int) -> object:
        v = self.values[i]
        return v.item() if self.native else v


class _Row:
    """One enterprise's feature values, read from the frame's columns when asked (`top_factors` asks for 3–6 of them):
    not a dict per enterprise (the province's 200,000 dicts of 40 values were 0.3 GB)."""

    __slots__ = ("columns", "i")

    def __init__(self, columns: dict[str, _Column], i: int):
        self.columns, self.i = columns, i

    def get(self, key: str, default: object = None) -> object:
        col = self.columns.get(key)
        return default if col is None else col[self.i]


class BandEvidence(TypedDict):
    """Whether scores are held to the band of a tier the records impose (risk.tiers.keep_in_band), judged on the past
    inspections the model selection was judged on (past_evidence)."""

    kept: bool
    auc_gain: float | None  # mean over the validation periods of AUC(held to the band) − AUC(the model's own)
    se: float | None  # its standard error: over the periods, or over the one period's inspections (`se_from`)
    periods: int
    imposed_rows: int  # validation inspections whose tier the records imposed at their date
    se_from: str | None  # "periods" (two or more judged), "inspections" (one: a paired bootstrap), None (none judged)
    # how much of the latest official grades the records at their rating day explain (`grade_explained`), where measured
    grade_explained: NotRequired[float]
    reason: NotRequired[str]  # "grade_explained" where that figure dropped the band (the past test not consulted)
    # which bar of the past test dropped it: "se" (a loss beyond SE_RULE standard errors and BAND_MIN_LOSS), "repeated"
    # (two or more periods, a mean loss beyond BAND_REPEATED_LOSS)
    rule: NotRequired[str]


class TrendEvidence(TypedDict):
    """The sector trends' out-of-time effect (past_evidence): AUC with them minus without, over the periods."""

    auc_gain: float | None
    se: float | None
    periods: int


class CrowdedTier(TypedDict):
    """One tier holding most of the firms whose tier the model (or the points fallback) sets 分级集中."""

    tier: str
    share: float  # of the model-tiered firms, 4 decimals
    firms: int  # model-tiered firms
    mean_score: float  # their mean model score, 4 decimals


def crowded_tier(tier: np.ndarray, source: np.ndarray, model_p: np.ndarray) -> CrowdedTier | None:
    """The tier holding at least CROWDED_TIER of the firms whose tier the scores set (source model or fallback, not a
    grade or the list), with their count and mean score; None where no tier does or fewer than CROWDED_MIN_FIRMS are
    model-tiered."""
    scored = np.isin(source, ("model", "fallback"))
    n = int(scored.sum())
    if n < CROWDED_MIN_FIRMS:
        return None
    tiers, counts = np.unique(np.asarray(tier)[scored], return_counts=True)
    top = int(np.argmax(counts))
    share = counts[top] / n
    if share < CROWDED_TIER:
        return None
    return {"tier": str(tiers[top]), "share": round(float(share), 4), "firms": n,
            "mean_score": round(float(np.mean(np.asarray(model_p)[scored])), 4)}


class ModelCard(TypedDict, total=False):
    """The risk model's card (plan.json `risk_model`, risk/report.md): what was fitted, how it was chosen, tier shares."""

    labelled_inspections: int
    violation_rate: float | None
    label: str  # outcomes counted as a violation, "+"-joined
    cutoff: str
    min_labelled: int
    fallback_reason: str
    fallback_reason_zh: str
    method: str  # "model" or "fallback"
    chosen: str
    validation: list[dict[str, object]]  # one row per candidate (RiskModel.validation)
    params: dict[str, object]
    tier_shares: dict[str, float]
    tier_sources: dict[str, int]
    band: BandEvidence
    trend_check: TrendEvidence
    unlearnt: list[dict[str, object]]  # unlearnt_records: records the plan year holds but no training row had
    crowded_tier: CrowdedTier  # only where one tier holds CROWDED_TIER of the firms the model tiers (crowded_tier)
    held_to_band: dict[str, int]  # scores moved into their imposed tier's band (risk.tiers.keep_in_band): raised, lowered
    thresholds: list[float]
    sector_trends: list[dict[str, object]]  # GroupTrend per sector: slope, shrunk slope, offset (log-odds), rows
    calibration_reversed: float | None  # the sigmoid's slope `keep_order` refused (it reversed the order); None: kept
    truth: dict[str, float]  # risk/report.py only: figures against a scenario's hidden truth
    truth_model_score: dict[str, float]  # risk/report.py only: the same for the model's own score, before the band


@dataclass
class Scores:
    frame: pd.DataFrame  # enterprise_id, risk_score (published), model_score, tier, tier_source, reason_zh, reason_en
    factors: Mapping[str, list[Factor]]  # a FactorTable (compact) from score_bundle
    card: ModelCard = field(default_factory=lambda: ModelCard())
    model: RiskModel | None = None
    features: pd.DataFrame | None = None


def fit_model(Xt: pd.DataFrame, y: np.ndarray, random_state: int, scored_at: pd.Timestamp | None = None) -> RiskModel:
    model = RiskModel(numeric=list(NUMERIC), categorical=list(CATEGORICAL), increasing=list(RISK_RAISING),
                      decreasing=list(RISK_LOWERING), firm_pairs=FIRM_PAIRS, group="sector", random_state=random_state,
                      trend_group="sector")
    return model.fit(Xt, y, Xt["cutoff"], scored_at)


def imposed_asof(X: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """R-TIER on a past inspection as of its own date, from its as-of columns: the dishonesty list in force → D, else
    the official grade in force; (tier, source), tier "" and source "model" where the records imposed none. For judging
    the band on the past only: the plan's own tiers are read from the records (risk.tiers.legal_tier)."""
    listed = X["dishonest_in_force"].to_numpy() >= 1
    graded = X["grade_none"].to_numpy() == 0
    grade = np.select([X["grade_at_least_D"].to_numpy() == 1, X["grade_at_least_C"].to_numpy() == 1,
                       X["grade_at_least_B"].to_numpy() == 1], ["D", "C", "B"], "A")
    tier = np.where(listed, "D", np.where(graded, grade, ""))
    source = np.where(listed, "dishonest", np.where(graded, "grade", "model"))
    return tier, source


# a validation period judges the band only with this many inspections whose tier the records imposed at their date
BAND_MIN_IMPOSED = 10
# an AUC loss smaller than this, however steady, does not drop the band: dropping it moves every imposed firm's
# published score (a tier-D firm shown at 5%) for a difference no planner would notice (a review's point, not fitted)
BAND_MIN_LOSS = 0.005
# a mean AUC loss over two or more judged periods beyond this drops the band whatever its standard error (bench/prereg17.md):
# a mean loss over several periods, not a loss in each of them (the periods may differ in sign: review17); the periods'
# SE (0.0001–0.054 on the held-out bureaus) kept bands that cost up to 1.28 of lift. Three times BAND_MIN_LOSS: our own
# worlds' largest such loss where the band helps is 0.0104
BAND_REPEATED_LOSS = 0.015
# resamples of the one judged period's inspections for its standard error (a paired bootstrap, past_evidence)
BAND_BOOTSTRAP = 200


def one_period_se(y: np.ndarray, held: np.ndarray, own: np.ndarray, random_state: int = 0) -> float:
    """The standard error of AUC(held) − AUC(own) over one period's inspections: a paired bootstrap (scipy's
    `bootstrap`, the same inspections drawn for both scores); a draw with one outcome only takes no part."""
    from scipy.stats import bootstrap

    def difference(yy: np.ndarray, hh: np.ndarray, oo: np.ndarray) -> float:
        return float(roc_auc_score(yy, hh) - roc_auc_score(yy, oo)) if 0 < yy.sum() < len(yy) else np.nan

    res = bootstrap((y, held, own), difference, paired=True, vectorized=False, n_resamples=BAND_BOOTSTRAP,
                    method="percentile", random_state=random_state)
    return float(np.nanstd(res.bootstrap_distribution, ddof=1))


# the band is dropped where the latest official grades are at least this much a function of the records the model reads
# at their rating day (cross-validated Spearman, `grade_explained`): such a grade carries nothing the model lacks
# (bench/prereg10b.md; read off bench/diag10/grade_explained.csv: 0.965–1.000 where the band cost 0.16–0.35 of lift)
GRADE_EXPLAINED = 0.9
GRADE_EXPLAINED_MIN_FIRMS = 50  # fewer graded firms than this: not measured, the band decided by the past test alone
# the tree's leaf minimum: small enough that a rare grade (22 C and 4 D firms of 2,000) can have a leaf of its own —
# at 20 a training fold could not isolate them and a grade that is an exact function of the records measured 0.70
# (bench/prereg11b.md); the cross-validated predictions, not the leaf size, keep a tree from fitting noise
GRADE_TREE_MIN_LEAF = 5
GRADE_CODE = {"A": 0, "B": 1, "C": 2, "D": 3}
RECORD_KINDS = ("bad", "good", "commendation", "serious_dishonest", "repair")
OUTCOMES = ("minor", "violation", "serious")


def grade_inputs(bundle: Bundle, graded: pd.DataFrame) -> pd.DataFrame:
    """What the bundle held on each graded firm's rating day (`graded`: enterprise_id, rated_on), read as of it with
    the feature reader's own joins (risk.features): credit records in force by kind (recorded on or before the day,
    not expired before it), past inspections by outcome (strictly before it) and triggers received before it."""
    n = len(graded)
    q = pd.DataFrame({"q": np.arange(n), "enterprise_id": graded["enterprise_id"].to_numpy(),
                      "cutoff": pd.to_datetime(graded["rated_on"]).to_numpy()})
    q["known"] = q["cutoff"] + pd.Timedelta(days=1)  # a record dated on the rating day is in force on it
    out = pd.DataFrame(index=q.index)
    cr = _events_before(q, bundle.credit_records[["enterprise_id", "recorded_on", "kind", "expires_on"]], "recorded_on", "known")
    live = cr["expires_on"].isna() | (cr["expires_on"] >= cr["cutoff"])
    for kind in RECORD_KINDS:
        out[f"rec_{kind}"] = _count(cr, live & (cr["kind"] == kind), n)
    h = _events_before(q, history_of(bundle), "inspected_on")
    out["insp_n"] = _count(h, None, n)
    for outcome in OUTCOMES:
        out[f"insp_{outcome}"] = _count(h, h["outcome"] == outcome, n)
    out["insp_unrectified"] = _count(h, unrectified(h), n)
    t = _events_before(q, bundle.triggers[["enterprise_id", "received_on"]], "received_on")
    out["triggers"] = _count(t, None, n)
    return out


def grade_explained(bundle: Bundle) -> float | None:
    """How much of each graded firm's latest official grade (A..D as 0..3) the records the bundle held at its rating
    day reproduce (`grade_inputs`): the Spearman of a shallow tree's 5-fold cross-validated predictions (folds in
    rating-date order) against the grades, to 4 decimals. None where fewer than GRADE_EXPLAINED_MIN_FIRMS firms are
    graded or all share one grade. Measured at plan time from the bundle alone, without any truth."""
    from scipy.stats import spearmanr
    from sklearn.model_selection import cross_val_predict
    from sklearn.tree import DecisionTreeRegressor

    g = bundle.latest_grades().reset_index()
    # one grade a firm, so the keys are unique and the order is fixed (pandas ignores `kind` on a two-key sort)
    g = g[g["grade"].isin(GRADE_CODE)].sort_values(["rated_on", "enterprise_id"]).reset_index(drop=True)
    y = g["grade"].map(GRADE_CODE).to_numpy(dtype=float)
    if len(g) < GRADE_EXPLAINED_MIN_FIRMS or len(np.unique(y)) < 2:
        return None
    tree = DecisionTreeRegressor(max_depth=4, min_samples_leaf=GRADE_TREE_MIN_LEAF, random_state=0)
    X = grade_inputs(bundle, g)
    # inputs that do not vary explain nothing; the folds' trees would each predict their own training mean, and those
    # means, differing by fold, would give a spurious (negative) Spearman (review11: −0.18 for 80 firms with no record)
    if (X.nunique(dropna=False) <= 1).all():
        return 0.0
    pred = cross_val_predict(tree, X, y, cv=5)
    if np.ptp(pred) == 0:  # no split anywhere: the records explain nothing of the grade
        return 0.0
    return round(float(spearmanr(pred, y).statistic), 4)


def past_evidence(model: RiskModel, Xt: pd.DataFrame, y: np.ndarray, thresholds: tuple[float, float, float],
                  explained: float | None = None) -> tuple[BandEvidence, TrendEvidence]:
    """What the bureau's own past says of the band and of the sector trends, on the rolling-origin validation periods
    of the selection, each period's scores made as they would have been published then (RiskModel.out_of_time:
    trained on the rows before it, calibrated, trends carried to its first day).

    The band (risk.tiers.keep_in_band) trusts the official grade over the model wherever they disagree: right where
    grades track the truth, wrong where they are stale or derived from last year's inspections alone (an independent
    generator's bureaus, bench/foreign: there it cost up to 0.28 of Spearman). Per period with at least
    BAND_MIN_IMPOSED inspections whose tier the records imposed at their date (`imposed_asof`): the AUC of the scores
    held to those tiers' bands minus the AUC as they are. The band is the default (a score that agrees with the legal
    tier); it is dropped where its mean loss exceeds both SE_RULE standard errors of the periods' differences (the rule
    that chooses the model) and BAND_MIN_LOSS, or, over two periods or more, BAND_REPEATED_LOSS whatever its standard
    error (a mean loss over several periods, bench/prereg17.md). Periods without such inspections do not take part. Where one period
    alone has them — a grade rated once, within the last half-year, is the common case — its difference is judged by
    the standard-error bar alone, with a paired bootstrap standard error over its inspections (`one_period_se`; it cannot see how
    periods differ, only how inspections do); where none has them, the band is kept.

    Before that past test: where the grades are a function of the records the model reads (`explained`, from
    `grade_explained`, at least GRADE_EXPLAINED), the band is dropped (reason "grade_explained") and the past test is
    not consulted: such a grade carries nothing the model lacks, and holding the scores to it replaces the model's
    learned weights of those records with the platform's fixed ones (bench/prereg10b.md).

    The trends are not chosen here (a rule written before their bench run kept them); their out-of-time effect is
    measured the same way and reported."""
    tier, source = imposed_asof(Xt)
    y = np.asarray(y)
    by_grade = explained is not None and explained >= GRADE_EXPLAINED
    trend_gains, imposed = [], 0
    judged: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # per judged period: outcomes, held, own
    for period in model.out_of_time(Xt, y, Xt["cutoff"]):
        yt = y[period.rows]
        if len(np.unique(yt)) < 2:
            continue
        own = np.round(period.p, 6)
        trend_gains.append(roc_auc_score(yt, own) - roc_auc_score(yt, period.p_without_trend))
        n = int(np.isin(source[period.rows], IMPOSED).sum())
        imposed += n
        if n >= BAND_MIN_IMPOSED and not by_grade:
            held = keep_in_band(own, tier[period.rows], source[period.rows], thresholds)
            judged.append((yt, held, own))
    band_gains = [roc_auc_score(yt, held) - roc_auc_score(yt, own) for yt, held, own in judged]
    band: BandEvidence = {"kept": True, "auc_gain": None, "se": None, "periods": len(band_gains), "imposed_rows": imposed,
                          "se_from": None}
    if explained is not None:
        band["grade_explained"] = explained
    if by_grade:
        band["kept"], band["reason"] = False, "grade_explained"
    elif band_gains:
        # decided on the figures as published (plan.json), so that the checker, reading them, reaches the same verdict
        if len(band_gains) >= 2:
            mean, se = (round(x, 6) for x in mean_se(band_gains))
            band["se_from"] = "periods"
        else:
            mean, se = round(band_gains[0], 6), round(one_period_se(*judged[0]), 6)
            band["se_from"] = "inspections"
        if not np.isfinite(se):
            # every resample of the one period held one outcome: nothing judged, the band kept, and no NaN published
            # in plan.json (which no strict JSON reader takes; review22)
            band["se_from"] = None
        else:
            band["auc_gain"], band["se"] = mean, se
            if mean < -max(SE_RULE * se, BAND_MIN_LOSS):
                band["kept"], band["rule"] = False, "se"
            elif len(band_gains) >= 2 and mean < -BAND_REPEATED_LOSS:
                band["kept"], band["rule"] = False, "repeated"
    trend: TrendEvidence = {"auc_gain": None, "se": None, "periods": len(trend_gains)}
    if len(trend_gains) >= 2:
        trend["auc_gain"], trend["se"] = (round(x, 6) for x in mean_se(trend_gains))
    return band, trend


# records a firm may have at scoring whose weight the model learns only from training rows that had them
RECORD_COLUMNS = {"triggers": "triggers_all", "requests": "requests_all", "referrals": "referrals_all", "grade": "grade_none", "dishonest": "dishonest_in_force",
                  "bad_records": "bad_in_force", "good_records": "good_in_force"}
# why a bureau's scores are the points fallback, in Chinese beside fit_model's English (the report's Chinese line)
FALLBACK_ZH = {"need two years with both outcomes to validate on time": "历史检查不足两年（或某年没有违法与合规两类结果），无法按时间验证模型",
               "need two validation periods with both outcomes": "可用于验证的时期不足两个（或某期没有违法与合规两类结果）"}


def unlearnt_records(Xt: pd.DataFrame, X: pd.DataFrame) -> list[dict[str, object]]:
    """Records some enterprise holds as of the plan (X) that no past inspection had at its date (Xt): the model
    could learn no weight for them, so they move no score. The commonest case: a bundle whose triggers.csv holds only
    the complaints on the desk in January, none from the years before (then a trigger still makes its visit, R-TRIGGER,
    but weighs nothing in the score). Told in the card and the report so a planner is not left to guess."""
    def holds(frame: pd.DataFrame, col: str) -> pd.Series:
        return (frame[col] == 0) if col == "grade_none" else (frame[col] > 0)  # grade_none is 0 where a grade is held

    out: list[dict[str, object]] = []
    for name, col in RECORD_COLUMNS.items():
        has_now = holds(X, col)
        if has_now.any() and not holds(Xt, col).any():
            out.append({"record": name, "enterprises": int(has_now.sum())})
    return out


def explanation_factors(Xt: pd.DataFrame) -> dict[str, dict[str, object]]:
    """What each reason is measured against: the clean value of a risk-raising record (so it can
    never read as lowering the risk), grade B for a graded firm, the commonest sector and size,
    the typical age and head count."""
    ref: dict[str, dict[str, object]] = {f: {f: 0.0} for f in (*RISK_RAISING, *RISK_LOWERING) if f not in GRADE_COLUMNS}
    ref["grade"] = {"grade_none": 0.0, "grade_at_least_B": 1.0, "grade_at_least_C": 0.0, "grade_at_least_D": 0.0,
                    "_only_where": ("grade_none", 0.0)}
    ref["sector"] = {"sector": Xt["sector"].mode().iat[0]}
    ref["size"] = {"size": Xt["size"].mode().iat[0]}
    ref["district"] = {"district": Xt["district"].mode().iat[0]}
    ref["age_years"] = {"age_years": float(Xt["age_years"].median())}
    ref["log_employees"] = {"log_employees": float(Xt["log_employees"].median())}
    ref["remote_monitoring"] = {"remote_monitoring": 0.0}
    # a firm's own requests are counted twice by the model (in the trigger counts, and alone: bench/prereg13b.md), so
    # a reason measures each part whole (review13: the same 7 filings read "raising: 7 triggers" and "lowering: 7
    # requests"): the trigger factor against the same firm with its allegations taken away (its count down to its
    # requests), the requests as one factor against the same firm that asked nothing (every count less its requests).
    # One factor over both windows: their learnt weights carry no promised sign and may point opposite ways, and two
    # factors read "lowering: 5 requests on record; raising: 2 requests in the past year" (foreign16: 7,755 of 96,000)
    ref["requests"] = {}
    for trig, req in REQUESTS_IN.items():
        ref[trig] = {trig: RowValue(req)}
        ref["requests"] |= {req: 0.0, trig: RowValue(trig, minus=req)}
    # the referrals a trigger count holds, counted again on their own (bench/prereg18.md), are part of that count's factor:
    # measured with it (the same firm without its allegations has no referral either) and named in its clause, so one
    # referral is not read as two records, "近一年…线索1件；累计…转办交办1件" (review18: 51 of the demo's 600 reasons)
    for trig, ref_col in REFERRALS_IN.items():
        ref.pop(ref_col)
        ref[trig][ref_col] = 0.0
    return ref


def top_factors(values: dict[str, object] | _Row, names: list[str], contrib: np.ndarray, upward: bool, k: int = LEAN_REASONS,
                order: np.ndarray | None = None, words_cache: dict[tuple[str, str], tuple[str, str]] | None = None,
                named: Sequence[Factor] = ()) -> list[Factor]:
    """The k strongest contributions pushing the score up (or down), those that can be put in words
    (`order`: the columns already sorted that way, for speed)."""
    out: list[Factor] = []
    for j in order if order is not None else np.argsort(-contrib if upward else contrib, kind="stable"):
        c = float(contrib[j])
        if (c > 0) != upward or abs(c) < MIN_REASON:
            break
        feat = names[j]
        if feat in UNKNOWN_WHEN and values.get(unknown_column(feat)):
            continue  # the register left it blank: a filled-in value is not the firm's
        twin = SAME_COUNT.get(feat)
        if twin is not None and any(f.feature == twin for f in (*named, *out)) and values.get(twin) == values.get(feat):
            continue  # the same records counted over another window: already named, in this clause or the other (SAME_COUNT)
        value = values.get(feat)
        if feat == "requests":  # one factor, both windows' counts (explanation_factors)
            value = (values.get("requests_all"), values.get("requests_365d"))
        elif feat in REQUESTS_IN:  # the allegations alone: the requests among them are worded apart (explanation_factors)
            # and the referrals among the allegations, named in the same clause (REFERRALS_IN)
            value = (float(value or 0) - float(values.get(REQUESTS_IN[feat]) or 0),  # type: ignore[arg-type]
                     float(values.get(REFERRALS_IN[feat]) or 0))  # type: ignore[arg-type]
        words = phrase(feat, value, c)  # every factor group is a column of the frame (the grade's too)
        if words:
            if words_cache is not None:  # one object per distinct phrase ("无有效期内的不良信用记录" on 100k enterprises)
                words = words_cache.setdefault(words, words)
            out.append(Factor(feat, round(c, 4), *words))
        if len(out) == k:
            break
    return out


def _band_words(tier: str, thresholds: tuple[float, float, float]) -> tuple[str, str]:
    """The probabilities a tier stands for 分级区间, in words, from the policy's `tier_thresholds`."""
    k = "ABCD".index(tier)
    lo, hi = (0.0, *thresholds)[k], (*thresholds, 1.0)[k]
    if k == 0:
        return f"低于{percent_exact(hi)}", f"below {percent_exact(hi)}"
    if k == 3:
        return f"{percent_exact(lo)}及以上", f"{percent_exact(lo)} and above"
    return f"{percent_exact(lo)}至{percent_exact(hi)}", f"{percent_exact(lo)} to {percent_exact(hi)}"


def _cap(text: str) -> str:
    """The first letter up (str.capitalize would lower the rest: "tier D" → "tier d")."""
    return text[:1].upper() + text[1:]


# why the band was dropped, in a graded firm's reason where its score lies outside its tier's band: by the past test,
# or (band.reason "grade_explained") because the grades are a function of the records the model reads
BAND_DROPPED_WORDS = {
    None: ("本局以往检查中按区间调整评分反而降低排序准确度，故公布模型评分",
           "in this bureau's past inspections, holding scores to the band ranked violations worse, so the model's score is published"),
    "grade_explained": ("本局信用分级几乎可由评定日的信用记录和检查记录推出，模型已读取这些记录，按区间调整评分不增加信息，故公布模型评分",
                        "this bureau's grades are nearly a function of the credit and inspection records the model reads at their "
                        "rating day, so holding scores to the band adds nothing and the model's score is published"),
}


def _sentence(tier: str, source: str, p: float, factors: list[Factor], upward: bool, grade_note: str,
              model_p: float | None = None, thresholds: tuple[float, float, float] | None = None,
              points: bool = False, band_kept: bool = True, band_reason: str | None = None,
              against: Sequence[Factor] = ()) -> tuple[str, str]:
    """The reason a planner reads aloud. `p` is the published score; `model_p` the model's own probability (or, with
    `points`, the fallback's points score) where the tier's band moved it (risk.tiers.keep_in_band): the sentence
    then says both, and the band, from `thresholds` (policy `tier_thresholds`). Where the band was dropped (`band_kept`
    false, past_evidence; `band_reason` its card's reason) and the score lies outside the imposed tier's band, it says
    so and why (BAND_DROPPED_WORDS). `factors` push the score the way `upward` says; `against`, the strongest the
    other way, follow in their own clause (a firm's past violations are named even where its district and head
    count pull harder the other way)."""
    if not factors and against:  # nothing to name the way the score leans: the other way leads
        factors, against, upward = list(against), (), not upward
    # the score as printed stays on its side of every threshold (R-TIER): a tier-B 29.75% is "29.8%", not "30%"
    shown = percent_beside(p, *(thresholds or ()))
    zh_f = "；".join(f.zh for f in factors)
    en_f = "; ".join(f.en for f in factors)
    lead_zh = {"dishonest": "列入严重失信主体名单且在有效期内，定为D级（R-TIER）",
               "grade": f"采用信用风险分类结果{grade_note}{tier}级（R-TIER）",
               "model": f"模型预测违法概率{shown}，定为{tier}级（R-TIER）",
               "fallback": f"历史数据不足，按计分法评分{shown}（fallback），定为{tier}级（R-TIER）"}[source]
    lead_en = {"dishonest": "a serious-dishonesty listing is in force, so tier D (R-TIER)",
               "grade": f"official credit grade {tier} applies (R-TIER)",
               "model": f"model violation probability {shown}, tier {tier} (R-TIER)",
               "fallback": f"too little history: points score {shown} (fallback), tier {tier} (R-TIER)"}[source]
    if source in ("grade", "dishonest"):
        # under the fallback there is no model: the score beside an imposed tier is the points score (risk/fallback.py)
        what_zh, what_en = ("计分法评分", "points score (fallback)") if points else ("模型评分", "model score")
        if model_p is not None and thresholds is not None and round(model_p, 6) != round(p, 6):
            band_zh, band_en = _band_words(tier, thresholds)
            own = percent_beside(model_p, *thresholds)  # on its side of every threshold: 29.996% beside tier D is not "30%"
            # placed at the band's edge in the model's order (risk.tiers.keep_in_band): the value printed is the published one
            if p > model_p:  # raised to the foot of the band
                score_zh = f"{what_zh}{own}，低于{tier}级对应区间（{band_zh}），计入区间底部：{percent_exact(p)}（上调者之间保持原有先后）"
                score_en = (f"{what_en} {own}, below tier {tier}'s band ({band_en}), so placed at the foot of the band: {percent_exact(p)} "
                            "(raised scores keep their order)")
            else:  # lowered to the top of the band, under the next tier's floor
                score_zh = f"{what_zh}{own}，高于{tier}级对应区间（{band_zh}），计入区间顶部：{percent_exact(p)}（下调者之间保持原有先后）"
                score_en = (f"{what_en} {own}, above tier {tier}'s band ({band_en}), so placed at the top of the band: {percent_exact(p)} "
                            "(lowered scores keep their order)")
        else:
            score_zh, score_en = f"{what_zh}{shown}", f"{what_en} {shown}"
            lo, hi = tier_band(tier, thresholds) if thresholds is not None else (0.0, 1.0)
            if not band_kept and thresholds is not None and not lo <= p <= hi:
                band_zh, band_en = _band_words(tier, thresholds)
                why_zh, why_en = BAND_DROPPED_WORDS[band_reason]
                score_zh += f"，不在{tier}级对应区间（{band_zh}）：{why_zh}"
                score_en += f", outside tier {tier}'s band ({band_en}): {why_en}"
        if not factors:
            return f"{lead_zh}。{score_zh}。", f"{_cap(lead_en)}. {_cap(score_en)}."
    if not factors:
        return lead_zh + "。", _cap(lead_en) + "."
    word_zh, other_zh = ("风险较高的因素", "风险较低的因素")[::1 if upward else -1]
    word_en, other_en = ("raising the risk", "lowering the risk")[::1 if upward else -1]
    if source in ("grade", "dishonest"):
        word_zh, word_en = f"{score_zh}，{word_zh}", f"{score_en}; {word_en}"  # one sentence (R-EXPLAIN: one or two)
    if against:
        zh_f += f"；{other_zh}：" + "；".join(f.zh for f in against)
        en_f += f"; {other_en}: " + "; ".join(f.en for f in against)
    return f"{lead_zh}。{word_zh}：{zh_f}。", f"{_cap(lead_en)}. {_cap(word_en)}: {en_f}."


def score_bundle(bundle: Bundle, random_state: int = 0, force_fallback: bool = False, label: tuple[str, ...] = LABEL) -> Scores:
    """Fit once on the bundle's own history, score every enterprise (in chunks), tier by R-TIER, explain."""
    # the training rows first and the frame to score after the fit: at a province each is 120–180 MB, and the fit's
    # calibration peaks higher than anything else, so the two never live together there (issue 12: main process ≤ 1 GB)
    Xt, y = training_frame(bundle, label)
    card: ModelCard = {"labelled_inspections": len(y), "violation_rate": float(y.mean()) if len(y) else None,
                       "label": "+".join(label),
                       "cutoff": str(bundle.year) + "-01-01", "min_labelled": MIN_LABELLED}
    model: RiskModel | None = None
    if not force_fallback and len(y) >= MIN_LABELLED:
        try:
            model = fit_model(Xt, y, random_state, plan_cutoff(bundle))
        except ValueError as e:  # one year only, or one class in a period
            card["fallback_reason"] = str(e)
            card["fallback_reason_zh"] = FALLBACK_ZH.get(str(e), f"模型无法训练（{e}）")
    X = scoring_frame(bundle)
    if model is not None:
        p = model.predict_proba(X)[:, 1]
        contrib = model.contributions(X, explanation_factors(Xt))
        card["method"] = "model"
        card["chosen"] = model.kind_
        card["validation"] = model.validation()
        card["params"] = model.best_params_
        card["calibration_reversed"] = model.reversed_slope_
        if model.trend_ is not None:
            card["sector_trends"] = [{k: (round(v, 4) if isinstance(v, float) else v) for k, v in r.items()}
                                    for r in model.trend_.table_.to_dict(orient="records")]
    else:
        p, contrib = fallback_scores(X)
        card["method"] = "fallback"
        card["chosen"] = "points"
        asked = force_fallback and len(y) >= MIN_LABELLED  # not "237 labelled inspections, fewer than 200" (review27)
        card.setdefault("fallback_reason", "the points score was asked for (force_fallback)" if asked
                        else f"{len(y)} labelled inspections, fewer than {MIN_LABELLED}")
        card.setdefault("fallback_reason_zh", "按要求使用评分表打分（force_fallback）" if asked
                        else f"可用于训练的历史检查{len(y)}次，少于{MIN_LABELLED}次")
    p = np.round(p, 6)  # exactly as published in selection.csv; the lottery uses this value
    tier, source = legal_tier(bundle, X["enterprise_id"], p, "model" if model is not None else "fallback")
    model_p = p  # the model's own probability, which the reasons explain
    thresholds = bundle.policy.tier_thresholds
    # R-TIER: where the records impose the tier, the published score stays inside that tier's band — unless the
    # bureau's own past shows the band ranks violations worse than the model (past_evidence); under the fallback
    # there is no out-of-time prediction to judge it by, and the points score is held to the band
    band: BandEvidence = {"kept": True, "auc_gain": None, "se": None, "periods": 0, "imposed_rows": 0, "se_from": None}
    if model is not None:
        band, card["trend_check"] = past_evidence(model, Xt, y, thresholds, grade_explained(bundle))
    card["band"] = band
    if band["kept"]:
        p = np.round(keep_in_band(model_p, tier, source, thresholds), 6)
    unlearnt = unlearnt_records(Xt, X) if model is not None else None
    del Xt, y  # the last reader of the training rows: the reasons below hold 200,000 pairs of sentences at a province
    rated_on = bundle.latest_grades()["rated_on"]
    names = list(contrib.columns)
    factors = FactorTable(names)
    zh, en = [], []
    C = contrib.to_numpy(dtype=float)
    # the way each score leans: the sign of its contributions' sum, the yardstick its factors are measured on (against
    # explanation_factors' clean reference firm). Against the mean of the latest training rows instead, a firm with two
    # unrectified violations (+0.81) scored below that mean read "lowering the risk: district; head count" (foreign13)
    ups = C.sum(axis=1) >= 0  # the points fallback too: its points are its contributions (review12: 83 of 600 led "lowering")
    # each column as the Python values `to_dict(orient="records")` gives (the phrases print them), read per row
    columns = {c: _Column(X[c]) for c in dict.fromkeys([*names, "grade", *REQUESTS, *REFERRALS, *map(unknown_column, UNKNOWN_WHEN)]) if c in X.columns}
    words: dict[tuple[str, str], tuple[str, str]] = {}
    for i, eid in enumerate(X["enterprise_id"]):
        if i % SORT_CHUNK == 0:
            # the chunk's rows' columns by contribution, strongest first in its own direction and in the other (two
            # vectorized stable sorts: reversing the first would reverse its ties too, and the fallback's points tie often:
            # review12, a bad credit record tied with size and age went unnamed)
            lean = np.where(ups[i:i + SORT_CHUNK, None], -C[i:i + SORT_CHUNK], C[i:i + SORT_CHUNK])
            order, other = np.argsort(lean, axis=1, kind="stable"), np.argsort(-lean, axis=1, kind="stable")
        up = bool(ups[i])
        row = _Row(columns, i)
        fs = top_factors(row, names, C[i], up, order=order[i % SORT_CHUNK], words_cache=words)
        # the strongest the other way too; they lead where nothing could be named the way the score leans
        against = top_factors(row, names, C[i], not up, k=AGAINST_REASONS if fs else LEAN_REASONS, order=other[i % SORT_CHUNK],
                              words_cache=words, named=fs)
        factors.add(eid, fs + against)
        note = f"（{rated_on[eid].date()}）" if source[i] == "grade" else ""
        a, b = _sentence(tier[i], source[i], float(p[i]), fs, up, note, float(model_p[i]), thresholds, points=model is None,
                         band_kept=band["kept"], band_reason=band.get("reason"), against=against)
        zh.append(a)
        en.append(b)
    frame = pd.DataFrame({"enterprise_id": X["enterprise_id"], "risk_score": p, "model_score": model_p, "tier": tier,
                          "tier_source": source, "reason_zh": zh, "reason_en": en})
    card["tier_shares"] = {t: float((tier == t).mean()) for t in "ABCD"}
    card["tier_sources"] = {s: int((source == s).sum()) for s in TIER_SOURCES}
    crowded = crowded_tier(tier, source, model_p)
    if crowded is not None:
        card["crowded_tier"] = crowded
    card["held_to_band"] = {"raised": int((p > model_p).sum()), "lowered": int((p < model_p).sum())}
    card["thresholds"] = list(thresholds)
    if unlearnt is not None:
        card["unlearnt"] = unlearnt
    return Scores(frame, factors, card, model, X)
