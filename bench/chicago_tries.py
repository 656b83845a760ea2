"""Every change tried on Chicago for issue 9, measured the way it was chosen (≈ 8 min on one core; `--only r4`: the fourth round, ≈ 7 min;
`--only r5`: the fifth round, named before it was run in bench/chicago_round5.md; `--only r6`: the sixth, bench/chicago_round6.md).

Each line is the kept configuration (risk/adapters/chicago.py) with one change, scored three ways:
- val: train 2011-09 … 2012, score 2013 (AUC, top-20% share, top-50% share) — where changes are chosen;
- cv: the kept candidate's mean AUC over the model's own rolling-origin half-years inside 2011-09 … 2013;
- test: train 2011-09 … 2013, score 2014 — reported, never chosen on.
"Δval ± se" is the paired bootstrap difference of the validation AUC against the kept line (the same
2013 rows resampled 200 times), likewise Δtest. Rule (docs/decisions.md): a change is kept when Δval
exceeds one se (rounds 3–4; from the fifth round on, two se) and cv does not fall; nothing is chosen on test.

    PYTHONPATH=$PWD python bench/chicago_tries.py [--only SUBSTRING]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.pipeline import make_pipeline as make_pipeline_
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, SplineTransformer, StandardScaler
from sklearn.tree import DecisionTreeRegressor

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import risk.model as risk_model  # noqa: E402
from risk.adapters import chicago  # noqa: E402
from risk.model import Candidate, FirmHistory, RiskModel, SignedLogistic, top_share  # noqa: E402

# beside the worktree; INSPECTION_SHARED overrides it (a worktree one level deeper, /work/wt/<name>)
DATA = Path(os.environ.get("INSPECTION_SHARED", ROOT.parent / "shared")) / "data" / "chicago" / "inspections.csv.gz"
DUPLICATES = ["orig_pastCritical", "orig_pastSerious", "orig_timeSinceLast_yrs_capped2", "first_canvass_in_data"]
CHAIN_PAIR = ("chain_crit_rate_eb", "chain_crit_before", "chain_insp_before")
# a business name's words → a kind of food (a plan-time trait of the name; tried, not kept)
KEYWORDS = {
    "pizza": r"PIZZ", "mexican": r"TAQUER|TACO|MEXIC|BURRITO|CARNIC", "chinese": r"CHINA|CHINESE|WOK|PANDA",
    "thai": r"THAI", "japanese": r"SUSHI|JAPAN|RAMEN", "grill": r"GRILL", "bakery": r"BAKER|PANADER|CAKE",
    "coffee": r"COFFEE|CAFE|STARBUCKS", "donut": r"DONUT|DUNKIN", "chicken": r"CHICKEN|WINGS|POPEYE",
    "burger": r"BURGER|MCDONALD|WENDY", "sandwich": r"SUBWAY|SANDWICH|DELI|POTBELLY", "grocery": r"GROCER|FOOD MART|MARKET",
    "liquor": r"LIQUOR|WINE", "school": r"SCHOOL|ACADEMY", "daycare": r"DAY ?CARE|CHILD|LEARNING", "bar": r"\bBAR\b|PUB\b|TAVERN",
    "seafood": r"FISH|SEAFOOD|SHRIMP", "hotel": r"HOTEL|MARRIOTT|HILTON|HYATT", "hospital": r"HOSPITAL|NURSING|REHAB",
}

Config = dict[str, object]


def kept(X: pd.DataFrame) -> Config:
    return {"X": X, "numeric": list(chicago.NUMERIC), "categorical": list(chicago.CATEGORICAL),
            "increasing": list(chicago.INCREASING), "firm_pairs": tuple(chicago.FIRM_PAIRS), "grid": None, "C": None,
            "start": None, "mix": None, "group": "facility_type_clean"}


def with_columns(cfg: Config, **cols: pd.Series | np.ndarray) -> pd.DataFrame:
    X = cfg["X"].copy()  # type: ignore[attr-defined]
    for k, v in cols.items():
        X[k] = np.asarray(v)
    return X


def prior_within(keys: pd.Series, dates: pd.Series, y: pd.Series | np.ndarray, days: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row: (Σ y, number of rows) over the rows with the same key dated in [date − days, date): strictly
    before the row's day, like `chicago.prior_counts`, but only the last `days` days (a window, not all-time)."""
    code = pd.factorize(keys)[0].astype(np.int64)
    t = (pd.to_datetime(dates) - pd.Timestamp("2000-01-01")).dt.days.to_numpy(np.int64)
    key = code * 100_000 + t  # one key's days stay apart from the next key's (t < 100,000)
    order = np.argsort(key, kind="stable")
    cum = np.concatenate([[0.0], np.cumsum(np.asarray(y, dtype=float)[order])])
    lo = np.searchsorted(key[order], key - days, "left")
    hi = np.searchsorted(key[order], key, "left")  # "left": rows of the same day are not read
    return cum[hi] - cum[lo], (hi - lo).astype(float)


def asof_encoding(cat: pd.Series, dates: pd.Series, y: pd.Series, m: float = 30.0) -> np.ndarray:
    """A category's critical rate as of the row's date (its rows dated strictly before), shrunk toward the
    table's rate as of the same date by `m` rows (empirical Bayes), as log-odds against that rate: a rise of
    the base rate (10% → 15%) moves every category alike and not the encoding."""
    k, n = chicago.prior_counts(cat.astype(str), dates, y)
    gk, gn = chicago.prior_counts(pd.Series("all", index=cat.index), dates, y)
    g = (gk + 1.0) / (gn + 10.0)
    r = (k + m * g) / (n + m)
    return np.log(r / (1 - r)) - np.log(g / (1 - g))


def _times(x: np.ndarray, s: float = 1.0) -> np.ndarray:
    return np.asarray(x, dtype=float) * s


RESID_LR, RESID_DEPTH, RESID_LEAF = 0.05, 2, 200  # r5-2's residual trees, fixed before the run


class Candidate5(Candidate):
    """r5: the kept candidates plus three knobs. `C`: the signed logistic's L2 strength (None: risk/model.py's
    LINEAR_C); `cat_scale`: the one-hot columns multiplied by it before the penalty (0.5: 4× the penalty on their
    coefficients); kind `resid`: the signed logistic, then `trees` monotone regression trees fitted by Newton steps
    on the log-loss from its log-odds, on its own design (log-scaled numbers, one-hot categories). With the
    defaults and kind `linear` it is the kept candidate, column for column."""

    def __init__(self, kind: str = "linear", numeric: tuple[str, ...] = (), categorical: tuple[str, ...] = (),
                 increasing: tuple[str, ...] = (), decreasing: tuple[str, ...] = (), random_state: int = 0,
                 half_life: float | None = None, C: float | None = None, cat_scale: float = 1.0, trees: int = 100):
        super().__init__(kind, numeric, categorical, increasing, decreasing, random_state, half_life)
        self.C = C
        self.cat_scale = cat_scale
        self.trees = trees

    def _linear(self) -> Pipeline:
        scale = make_pipeline_(FunctionTransformer(risk_model._signed_log1p, feature_names_out="one-to-one"), StandardScaler())
        onehot = OneHotEncoder(handle_unknown="ignore", min_frequency=20, sparse_output=False)
        cat = onehot if self.cat_scale == 1.0 else make_pipeline_(
            onehot, FunctionTransformer(_times, kw_args={"s": self.cat_scale}, feature_names_out="one-to-one"))
        pre = ColumnTransformer([("num", scale, list(self.numeric)), ("cat", cat, list(self.categorical))],
                                verbose_feature_names_out=False).set_output(transform="pandas")
        C = risk_model.LINEAR_C if self.C is None else float(self.C)
        return Pipeline([("pre", pre), ("est", SignedLogistic(tuple(self.increasing), tuple(self.decreasing), C))])

    def _build(self) -> Pipeline:
        return self._linear() if self.kind in ("linear", "resid") else super()._build()

    def fit(self, X: pd.DataFrame, y: np.ndarray, sample_weight: np.ndarray | None = None,
            dates: np.ndarray | None = None) -> Candidate5:
        if self.kind != "resid":
            return super().fit(X, y, sample_weight, dates)
        lin = self._linear().fit(X, y, est__sample_weight=sample_weight)
        Z = lin[:-1].transform(X)
        A, yy = Z.to_numpy(dtype=float), np.asarray(y, dtype=float)
        f = lin[-1].decision_function(Z)
        inc = set(self.increasing)
        cst = [1 if c in inc else 0 for c in Z.columns]
        self.trees_ = []
        for _ in range(self.trees):
            p = 1 / (1 + np.exp(-f))
            h = np.clip(p * (1 - p), 1e-6, None)
            tree = DecisionTreeRegressor(max_depth=RESID_DEPTH, min_samples_leaf=RESID_LEAF, monotonic_cst=cst,
                                         random_state=self.random_state).fit(A, (yy - p) / h, sample_weight=h)
            f = f + RESID_LR * tree.predict(A)
            self.trees_.append(tree)
        self.pipeline_ = lin
        self.classes_ = np.array([0, 1])
        return self

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        if self.kind != "resid":
            return super().predict_proba(X)
        Z = self.pipeline_[:-1].transform(X)
        A = Z.to_numpy(dtype=float)
        f = self.pipeline_[-1].decision_function(Z) + RESID_LR * sum(t.predict(A) for t in self.trees_)
        p = 1 / (1 + np.exp(-f))
        return np.column_stack([1 - p, p])


class RiskModel5(RiskModel):
    """The same RiskModel, its candidate Candidate5 (r5 tries only)."""

    def _pipeline(self) -> Pipeline:
        derived = [p[0] for p in self.firm_pairs]
        return Pipeline([("history", FirmHistory(self.firm_pairs, self.group)),
                         ("model", Candidate5("linear", tuple([*self.numeric, *derived]), tuple(self.categorical),
                                              tuple([*self.increasing, *derived]), tuple(self.decreasing), self.random_state))])


def best_mean(cv_results: dict[str, np.ndarray]) -> int:
    """`refit` for r5-4: the candidate with the best mean fold AUC (a tuning parameter's grid, not a ladder of models)."""
    return int(np.nanargmax(cv_results["mean_test_score"]))


def decayed(keys: pd.Series, dates: pd.Series, y: pd.Series, half_life: float) -> tuple[np.ndarray, np.ndarray]:
    """Per row: (Σ y_j·2^(−Δt_j/h), Σ 2^(−Δt_j/h)) over the rows j of the same key dated on days strictly before
    the row's (Δt in years): the key's own sequence, recent rows weighing more."""
    t = ((pd.to_datetime(dates) - pd.Timestamp("2000-01-01")).dt.days.to_numpy(dtype=float)) / 365.25
    yv = np.asarray(y, dtype=float)
    k, n = np.zeros(len(t)), np.zeros(len(t))
    for idx in pd.Series(np.arange(len(t))).groupby(pd.factorize(keys)[0]).indices.values():
        if len(idx) < 2:
            continue
        gap = t[idx][:, None] - t[idx][None, :]
        w = np.where(gap > 0, np.power(0.5, np.where(gap > 0, gap, 0.0) / half_life), 0.0)
        k[idx], n[idx] = w @ yv[idx], w.sum(axis=1)
    return k, n


def variants(df: pd.DataFrame) -> dict[str, Callable[[Config], Config]]:
    d = df["inspection_date"]
    name = df["dba_name"].astype(str).str.upper().str.replace(r"[^A-Z ]", "", regex=True).str.strip()
    whole_chain = np.log(name.map(df.groupby(name)["establishment_id"].nunique()).to_numpy(dtype=float))
    dup = {c: df[c].fillna(0).astype(float) for c in DUPLICATES}
    order = df.sort_values(["establishment_id", "inspection_date"], kind="stable").index

    def lag(s: pd.Series, k: int = 1) -> pd.Series:
        """The value at the establishment's k-th previous canvass in the table."""
        return s.loc[order].groupby(df.loc[order, "establishment_id"]).shift(k).reindex(df.index)

    conditions = (df["y_result"] == "Pass w/ Conditions").astype(float)
    cum_cond, _ = chicago.prior_counts(df["establishment_id"].astype(str), d, conditions)
    days = df["days_since_last_canvass"].fillna(3650)
    within_year = sum(((d - lag(d, k)).dt.days < 365).fillna(False).to_numpy() for k in range(1, 6))
    risk = df["city_risk_category"].str.extract(r"Risk (\d)")[0].astype(float).fillna(1)
    restaurant = (df["facility_type_clean"] == "Restaurant").astype(float).to_numpy()
    early = (d < "2013-01-01").to_numpy()
    kw = pd.Series("none", index=df.index)
    for k, pat in reversed(KEYWORDS.items()):
        kw[df["dba_name"].astype(str).str.upper().str.contains(pat, regex=True)] = k

    def edit(extra_num: list[str] = (), drop_num: list[str] = (), extra_inc: list[str] = (), extra_cat: list[str] = (),
             drop_cat: list[str] = (), pairs: tuple | None = None, **cols: object) -> Callable[[Config], Config]:
        def f(cfg: Config) -> Config:
            out = dict(cfg)
            out["X"] = with_columns(cfg, **cols)  # type: ignore[arg-type]
            out["numeric"] = [c for c in [*cfg["numeric"], *extra_num] if c not in drop_num]  # type: ignore[misc]
            out["increasing"] = [c for c in [*cfg["increasing"], *extra_inc] if c in out["numeric"]]  # type: ignore[misc]
            out["categorical"] = [c for c in [*cfg["categorical"], *extra_cat] if c not in drop_cat]  # type: ignore[misc]
            if pairs is not None:
                out["firm_pairs"] = pairs
            return out
        return f

    def spline(cols: list[str]) -> Callable[[Config], Config]:
        def f(cfg: Config) -> Config:
            X, new = cfg["X"].copy(), []  # type: ignore[attr-defined]
            for c in cols:
                lo, hi = X.loc[early, c].quantile([0.01, 0.99])  # knots from the validation's training years
                B = SplineTransformer(n_knots=4, degree=2, knots=np.linspace(lo, hi, 4)[:, None]).fit_transform(X[[c]].clip(lo, hi))
                for j in range(B.shape[1]):
                    X[f"{c}_s{j}"] = B[:, j]
                    new.append(f"{c}_s{j}")
            return {**cfg, "X": X, "numeric": [c for c in cfg["numeric"] if c not in cols] + new}  # type: ignore[union-attr]
        return f

    def mix(kind: str, w: float) -> Callable[[Config], Config]:
        return lambda cfg: {**cfg, "mix": (kind, w)}

    heat = [c for c in chicago.NUMERIC if c.startswith("heat_")]
    est = df["establishment_id"].astype(str)
    fail = (df["y_result"] == "Fail").astype(float)
    win_crit_fail, win_n = {}, {}
    for w in (365, 730):
        win_crit_fail[f"crit_{w}"], win_n[f"n_{w}"] = prior_within(est, d, df["y_critical_found"], w)
        win_crit_fail[f"fail_{w}"], _ = prior_within(est, d, fail, w)
    last_result = lag(df["y_result"]).fillna("none").astype(str)
    te = {f"te_{c}": asof_encoding(df[c].fillna("none").astype(str).str.strip().str.title(), d, df["y_critical_found"])
          for c in ("license_description", "facility_type")}
    table_years = ((d - pd.Timestamp("2011-09-01")).dt.days / 365.25).to_numpy()
    X_never = df["days_since_last_canvass"].isna().to_numpy(dtype=float)
    since_band = pd.cut(df["days_since_last_canvass"], [0, 90, 180, 365, np.inf], labels=["<=90", "90-180", "180-365", ">365"])
    since_band = since_band.astype(str).where(df["days_since_last_canvass"].notna(), "never")
    any_finding = ((df["y_critical_count"].fillna(0) > 0) | (df["y_serious_count"].fillna(0) > 0)).astype(float)
    any_k, _ = chicago.prior_counts(est, d, any_finding)
    chain = chicago.chain_key(df["dba_name"])
    chain_any = chicago.prior_counts(chain, d, any_finding)[0] - chicago.prior_counts(chain + "#" + est, d, any_finding)[0]
    # the establishment's own critical share shrunk toward its chain's other establishments' share (itself shrunk toward
    # the table's as-of rate): a hierarchy establishment → chain → city, all dated strictly before
    ck = chicago.prior_counts(chain, d, df["y_critical_found"])
    ok = chicago.prior_counts(chain + "#" + est, d, df["y_critical_found"])
    gk, gn = chicago.prior_counts(pd.Series("all", index=df.index), d, df["y_critical_found"])
    g = (gk + 1.0) / (gn + 10.0)
    chain_rate = (ck[0] - ok[0] + 10 * g) / (ck[1] - ok[1] + 10)
    own_to_chain = (ok[0] + 10 * chain_rate) / (ok[1] + 10) - g  # above or below the city as of the date
    ftype = df["facility_type"].fillna("none").astype(str).str.strip().str.title()
    common = ftype.where(ftype.isin(ftype[d < "2013-01-01"].value_counts().index[:6]), "other")  # from the validation's training years
    season_x_type = ((d.dt.month % 12) // 3).astype(str) + "#" + common
    minor_k, minor_n = chicago.prior_counts(est, d, df["y_minor_count"].fillna(0))
    no_chain = tuple(p for p in chicago.FIRM_PAIRS if p != CHAIN_PAIR)
    month = d.dt.to_period("M")
    # fifth round (bench/chicago_round5.md, named before the run)
    dec, dec_pairs = {}, []
    for h in (0.5, 1.0, 2.0):
        tag = f"{h:g}".replace(".", "")
        dec[f"dec_k_{tag}"], dec[f"dec_n_{tag}"] = decayed(est, d, df["y_critical_found"], h)
        dec_pairs.append((f"dec_rate_{tag}_eb", f"dec_k_{tag}", f"dec_n_{tag}"))
    kind = ftype.where(ftype.isin(["Restaurant", "School", "Grocery Store"]), "other")
    kind = kind.where(~ftype.str.contains("Daycare"), "Daycare")
    share = df["cum_prior_insp_with_critical"].fillna(0) / df["n_prior_canvass"].clip(lower=1)
    by_kind = {}
    for g in ("Restaurant", "School", "Grocery Store", "Daycare", "other"):
        tag = g.lower().replace(" ", "_")
        by_kind[f"share_x_{tag}"] = share * (kind == g)
        by_kind[f"prevcrit_x_{tag}"] = df["prev_critical_count"].fillna(0) * (kind == g)
    noncanvass = {"any_reinsp": (df["reinspections_prior_365d"] > 0).astype(float),
                  "complaints2": (df["complaint_insp_prior_365d"] >= 2).astype(float)}
    default_grid = [dict(g) for g in risk_model.GRID]

    def r5(**cfg_changes: object) -> Callable[[Config], Config]:
        return lambda cfg: {**cfg, "model5": True, **cfg_changes}
    return {
        # this round's kept changes, each taken back
        "before this round (all four below taken back)": edit(extra_num=DUPLICATES, extra_inc=["orig_pastCritical", "orig_pastSerious"],
                                                              drop_num=["chain_insp_before"], drop_cat=["facility_type"], pairs=no_chain,
                                                              log_chain_size=whole_chain, **dup),
        "back: the four exact duplicates": edit(extra_num=DUPLICATES, extra_inc=["orig_pastCritical", "orig_pastSerious"], **dup),
        "back: no raw facility_type": edit(drop_cat=["facility_type"]),
        "back: no chain history": edit(drop_num=["chain_insp_before"], pairs=no_chain),
        "back: chain size over the whole table": edit(log_chain_size=whole_chain),
        # fourth round (r4), each on top of the kept line
        "r4 windows: critical / fail in 365 and 730 d": edit(extra_num=list(win_crit_fail), extra_inc=list(win_crit_fail), **win_crit_fail),
        "r4 windows: critical / fail / canvasses in 365 and 730 d": edit(extra_num=[*win_crit_fail, *win_n], extra_inc=list(win_crit_fail),
                                                                          **win_crit_fail, **win_n),
        "r4 last canvass result (Pass / w/ Conditions / Fail / none)": edit(extra_cat=["last_result"], last_result=last_result),
        "r4 as-of encoding of licence and facility type, beside one-hot": edit(extra_num=list(te), **te),
        "r4 as-of encoding of licence and facility type, no one-hot": edit(extra_num=list(te), drop_cat=["license_description", "facility_type"], **te),
        "r4 never_before × years of table history": edit(extra_num=["never_x_table"], never_x_table=X_never * table_years),
        "r4 history × trend (crit rate, prev critical × years of table)": edit(
            extra_num=["crit_x_trend", "prev_x_trend"], extra_inc=["crit_x_trend", "prev_x_trend"],
            crit_x_trend=df["cum_prior_insp_with_critical"].fillna(0) * table_years, prev_x_trend=df["prev_critical_count"].fillna(0) * table_years),
        "r4 weekday of the visit": edit(extra_cat=["weekday"], weekday=d.dt.day_of_week.astype(str)),
        "r4 minor findings per past canvass": edit(extra_num=["minor_per"], extra_inc=["minor_per"], minor_per=minor_k / np.maximum(minor_n, 1)),
        "r4 never_before × log licence age (censored history or new)": edit(
            extra_num=["never_x_licage"], never_x_licage=X_never * np.log1p(df["license_age_years"].clip(lower=0).fillna(0))),
        "r4 licence younger than a year": edit(extra_num=["new_licence"], new_licence=(df["license_age_years"].fillna(99) < 1).astype(float)),
        "r4 critical rate × years since the last canvass": edit(
            extra_num=["crit_x_stale"], crit_x_stale=df["cum_prior_insp_with_critical"].fillna(0) / (df["n_prior_canvass"] + 1)
            * df["days_since_last_canvass"].fillna(0) / 365.25),
        "r4 name changed since the last canvass (new owner?)": edit(
            extra_num=["renamed"], renamed=((lag(name) != name) & lag(name).notna()).astype(float)),
        "r4 training from 2011-12 (first three months left out)": lambda cfg: {**cfg, "start": "2011-12-01"},
        "r4 no other_lic_* (may postdate the visit)": edit(drop_num=[c for c in chicago.NUMERIC if c.startswith("other_lic_")]),
        **{f"r4 mix: (1 − w)·kept + w·boosting depth {k}, w = {w}": mix(f"boost{k}", w) for k in (1, 3) for w in (0.1, 0.2, 0.3)},
        "back (r4): no licence age bands": edit(drop_cat=["licence_band"]),
        "r4 licence younger than a year, and weekday": edit(extra_num=["new_licence"], extra_cat=["weekday"], weekday=d.dt.day_of_week.astype(str),
                                                           new_licence=(df["license_age_years"].fillna(99) < 1).astype(float)),
        "r4 new licence issued (ISSUE and younger than a year)": edit(
            extra_num=["new_issue"], new_issue=((df["license_age_years"].fillna(99) < 1) & (df["license_application_type"] == "ISSUE")).astype(float)),
        "r4 never_before × city risk category": edit(extra_cat=["never_x_risk"],
                                                    never_x_risk=df["city_risk_category"].astype(str) + pd.Series(X_never, index=df.index).astype(str)),
        "r4 incorporated name (LLC / INC / CORP)": edit(extra_num=["incorporated"], incorporated=df["dba_name"].astype(str).str.upper()
                                                       .str.contains(r"\b(?:LLC|INC|CORP|LTD|CO)\b", regex=True).astype(float)),
        "r4 drop cum_prior_critical (≈ cum_prior_insp_with_critical)": edit(drop_num=["cum_prior_critical"]),
        "r4 drop the previous canvass's counts (prev_*), keep the cumulative": edit(
            drop_num=["prev_critical_count", "prev_serious_count", "prev_minor_count", "prev_fail"]),
        "r4 drop the cumulative counts (cum_prior_*), keep prev_* and the rates": edit(
            drop_num=["cum_prior_critical", "cum_prior_serious", "cum_prior_fail", "cum_prior_insp_with_critical"]),
        "r4 drop the unshrunk crit_rate (crit_rate_eb stays)": edit(drop_num=["crit_rate"]),
        "r4 drop complaint_insp_prior_365d (the all-time count stays)": edit(drop_num=["complaint_insp_prior_365d"]),
        "r4 drop n_prior_canvass": edit(drop_num=["n_prior_canvass"]),
        "r4 days since the last canvass in bands (≤90, 90–180, 180–365, >365 d, never), beside the log": edit(
            extra_cat=["since_band"], since_band=since_band),
        "r4 days since the last canvass in bands, instead of the log": edit(extra_cat=["since_band"], drop_num=["days_since_last_canvass"],
                                                                           since_band=since_band),
        "r4 critical findings per past canvass, shrunk (a count, beside the share)": edit(
            extra_num=["cum_crit_n"], pairs=(*chicago.FIRM_PAIRS, ("crit_count_eb", "cum_crit_n", "n_prior_canvass")),
            cum_crit_n=df["cum_prior_critical"].fillna(0)),
        "r4 share of past canvasses with a critical or serious finding, shrunk": edit(
            extra_num=["cum_any"], pairs=(*chicago.FIRM_PAIRS, ("any_rate_eb", "cum_any", "n_prior_canvass")), cum_any=any_k),
        "r4 the chain's critical or serious findings, shrunk": edit(
            extra_num=["chain_any"], pairs=(*chicago.FIRM_PAIRS, ("chain_any_eb", "chain_any", "chain_insp_before")), chain_any=chain_any),
        "r4 own rate shrunk toward the chain's (as of the date)": edit(extra_num=["own_to_chain"], extra_inc=["own_to_chain"],
                                                                                     own_to_chain=own_to_chain),
        "r4 firm rates shrunk toward the raw facility_type, not Restaurant/Other": lambda cfg: {**cfg, "group": "facility_type"},
        "r4 firm rates shrunk toward the city's risk category": lambda cfg: {**cfg, "group": "city_risk_category"},
        "r4 month × Restaurant/Other": edit(extra_cat=["month_x_type"], month_x_type=d.dt.month.astype(str) + df["facility_type_clean"].astype(str)),
        "r4 season × raw facility type (its 6 commonest)": edit(extra_cat=["season_x_type"], season_x_type=season_x_type),
        "back (r4): the month instead of the season": edit(extra_cat=["month"], drop_cat=["season"], month=d.dt.month.astype(str)),
        # sensitivity of the two kept changes to their edges (reported, not chosen on)
        **{f"r4 sensitivity: re-canvass flag at {k} d instead of 90": edit(extra_num=["recanvass"],
                                                                          recanvass=(df["days_since_last_canvass"] <= k).astype(float))
           for k in (60, 120)},
        **{f"r4 sensitivity: licence bands at {e} years": edit(licence_band=pd.cut(df["license_age_years"], [-np.inf, *e, np.inf], right=False)
                                                              .astype(str).where(df["license_age_years"].notna(), "none"))
           for e in ((1, 5), (2, 5, 10), (1, 3, 10, 20))},
        "r4 calendar quarter instead of the season (its sensitivity)": edit(extra_cat=["quarter"], drop_cat=["season"],
                                                                                 quarter=d.dt.quarter.astype(str)),
        "r4 month beside the season": edit(extra_cat=["month"], month=d.dt.month.astype(str)),
        "r4 re-canvass flag (≤ 90 d since the last)": edit(extra_num=["recanvass"], recanvass=(df["days_since_last_canvass"] <= 90).astype(float)),
        # fifth round (r5), each on top of the kept line; named before the run in bench/chicago_round5.md
        # sixth round (bench/chicago_round6.md): a time fixed effect, so the censored histories stop carrying the calendar
        "r6-1 calendar year as a category": edit(extra_cat=["visit_year"], visit_year=d.dt.year.astype(str)),
        "r6-2 half-year as a category": edit(extra_cat=["visit_half"], visit_half=d.dt.year.astype(str) + "H" + ((d.dt.month > 6) + 1).astype(str)),
        "r5 kept line through Candidate5 (must equal the kept line)": r5(),
        "r5-1 own sequence decayed at 0.5 / 1 / 2 y, shrunk rates": lambda cfg: edit(pairs=(*cfg["firm_pairs"], *dec_pairs), **dec)(cfg),
        "r5-2 residual boosting on the signed logistic (forced)": r5(grid=[{"model__kind": ["resid"]}]),
        "r5-3 facility type group × past critical (share, prev)": edit(extra_num=list(by_kind), extra_inc=list(by_kind), **by_kind),
        "r5-4 C ∈ {0.03, 0.1, 0.3, 1} chosen on the folds": r5(grid=[{"model__kind": ["linear"], "model__C": [0.03, 0.1, 0.3, 1.0]}],
                                                              refit=best_mean),
        "r5-5 one-hot categories × 0.5 (4× their penalty)": r5(grid=[{**default_grid[0], "model__cat_scale": [0.5]}, *default_grid[1:]]),
        "r5-6 reinspections risk-raising, any-reinspection, ≥2 complaints": edit(
            extra_num=list(noncanvass), extra_inc=["reinspections_prior_365d", *noncanvass], **noncanvass),
        "r5-7 residual boosting as a grid candidate (2-se rule)": r5(grid=[*default_grid, {"model__kind": ["resid"]}]),
        # tried, not kept
        "name keyword (kind of food)": edit(extra_cat=["kw"], kw=kw),
        "previous Pass w/ Conditions, their count": edit(extra_num=["prev_cond", "cum_cond"], extra_inc=["prev_cond", "cum_cond"],
                                                         prev_cond=lag(conditions).fillna(0), cum_cond=cum_cond),
        "last critical/fail decayed by days since": edit(extra_num=["recent_crit", "recent_fail"], extra_inc=["recent_crit", "recent_fail"],
                                                         recent_crit=df["prev_critical_count"].fillna(0) * np.exp(-days / 365),
                                                         recent_fail=df["prev_fail"].fillna(0) * np.exp(-days / 365)),
        "gap between the last two canvasses; canvasses in 365 d": edit(extra_num=["gap2", "n365"], n365=within_year,
                                                                      gap2=(lag(d) - lag(d, 2)).dt.days.fillna(0)),
        "overdue: days since last / the risk class's interval": edit(
            extra_num=["overdue"], overdue=(df["days_since_last_canvass"] / risk.map({1: 182.0, 2: 365.0, 3: 730.0})).fillna(0).clip(upper=10)),
        "canvasses per year in the table": edit(
            extra_num=["per_year"], per_year=df["n_prior_canvass"] / ((d - pd.Timestamp("2011-09-01")).dt.days / 365.25).clip(lower=0.25)),
        "complaints per licence year": edit(extra_num=["compl_rate"], compl_rate=df["complaint_insp_prior_all"] / df["license_age_years"].clip(lower=1).fillna(1)),
        "history × restaurant": edit(extra_num=["crit_x_rest", "prev_x_rest"], extra_inc=["crit_x_rest", "prev_x_rest"],
                                     crit_x_rest=df["cum_prior_insp_with_critical"].fillna(0) * restaurant,
                                     prev_x_rest=df["prev_critical_count"].fillna(0) * restaurant),
        "no heat columns": edit(drop_num=heat),
        "heat as rank within its month": edit(**{c: df[c].groupby(month).rank(pct=True).fillna(0.5) for c in heat}),
        "spline on licence age": spline(["license_age_years"]),
        "spline on the heat columns": spline(heat),
        "C = 0.1 in the signed logistic": lambda cfg: {**cfg, "C": 0.1},
        "C = 0.3 in the signed logistic": lambda cfg: {**cfg, "C": 0.3},
        "recency weighting forced (half-life 1 y)": lambda cfg: {**cfg, "grid": [{"model__kind": ["linear"], "model__half_life": [1.0]}]},
        "blend: signed logistic + boosting depth 1": lambda cfg: {**cfg, "grid": [{"model__kind": ["blend1"]}]},
        "blend: signed logistic + boosting depth 3": lambda cfg: {**cfg, "grid": [{"model__kind": ["blend3"]}]},
        "monotone boosting depth 1 alone": lambda cfg: {**cfg, "grid": [{"model__kind": ["boost1"]}]},
    }


def fit_score(cfg: Config, df: pd.DataFrame, split: str) -> tuple[np.ndarray, np.ndarray, float]:
    start, stop, year = chicago.SPLITS[split]
    start = cfg.get("start") or start  # a later first training day (the censored months left out)
    d = df["inspection_date"]
    train, test = ((d >= start) & (d < stop)).to_numpy(), (d.dt.year == year).to_numpy()
    y = df["y_critical_found"].to_numpy(dtype=int)
    extra = {"grid": cfg["grid"]} if cfg["grid"] is not None else {}
    cls = RiskModel5 if cfg.get("model5") else RiskModel
    m = cls(numeric=cfg["numeric"], categorical=cfg["categorical"], increasing=cfg["increasing"],  # type: ignore[arg-type]
            firm_pairs=cfg["firm_pairs"], group=cfg.get("group", "facility_type_clean"), random_state=0, **extra)  # type: ignore[arg-type]
    saved, saved_weights = risk_model.LINEAR_C, risk_model.evidence_weights
    try:
        if cfg["C"] is not None:
            risk_model.LINEAR_C = float(cfg["C"])  # type: ignore[arg-type]
        if cfg.get("refit") is not None:
            # the try's own refit picks one candidate, which then holds all the weight (no evidence mix)
            refit = cfg["refit"]
            risk_model.evidence_weights = lambda r: np.eye(len(r["params"]))[refit(r)]  # type: ignore[assignment,operator]
        X = cfg["X"]
        m.fit(X[train], y[train], d[train])  # type: ignore[index]
        p = m.predict_proba(X[test])[:, 1]  # type: ignore[index]
    finally:
        risk_model.LINEAR_C, risk_model.evidence_weights = saved, saved_weights
    cv = float(m.search_.cv_results_["mean_test_score"][m.search_.best_index_])
    if cfg.get("model5"):
        print(f"    [{split}: kept {m.best_params_}]", flush=True)
    if cfg.get("mix"):
        # (kind, w): the calibrated probabilities mixed with another candidate's, (1 − w)·p + w·p_kind, a fixed weight;
        # no rolling-origin AUC of the mixture is computed (nan)
        kind, w = cfg["mix"]  # type: ignore[misc]
        other, _, _ = fit_score({**cfg, "mix": None, "grid": [{"model__kind": [kind]}]}, df, split)
        p, cv = (1 - w) * p + w * other, float("nan")
    return p, y[test], cv


def paired_se(y: np.ndarray, a: np.ndarray, b: np.ndarray, n: int = 200) -> tuple[float, float]:
    rng = np.random.default_rng(0)
    diffs = []
    for _ in range(n):
        i = rng.integers(0, len(y), len(y))
        diffs.append(roc_auc_score(y[i], b[i]) - roc_auc_score(y[i], a[i]))
    return roc_auc_score(y, b) - roc_auc_score(y, a), float(np.std(diffs))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="", help="run only the variants whose name contains this")
    args = ap.parse_args()
    df = chicago.load(DATA)
    base = kept(chicago.features(df))
    runs = {"kept (risk/adapters/chicago.py)": base} | {k: f(base) for k, f in variants(df).items() if args.only in k}
    ref: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    print(f"{'change':55s} {'val AUC/top20/top50':>20s} {'cv':>6s} {'test AUC/top20/top50':>21s}  Δval ± se       Δtest ± se")
    for label, cfg in runs.items():
        res = {s: fit_score(cfg, df, s) for s in ("validation", "test")}
        line = f"{label[:55]:55s}"
        for s in ("validation", "test"):
            p, y, _ = res[s]
            line += f" {roc_auc_score(y, p):.4f}/{top_share(y, p, 0.2):.3f}/{top_share(y, p, 0.5):.3f}"
            if s == "validation":
                line += f" {res['test'][2]:.4f}"  # the rolling-origin AUC of the 2011-09 … 2013 fit
        if not ref:
            ref = {s: (res[s][0], res[s][1]) for s in res}
        else:
            for s in ("validation", "test"):
                dv, se = paired_se(ref[s][1], ref[s][0], res[s][0])
                line += f"  {dv:+.4f} ± {se:.4f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
