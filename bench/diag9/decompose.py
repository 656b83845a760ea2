"""Decompose the gap between the product's risk_score and the harness's plain LR (issue 9), per kept bureau.

Reads a folder kept by ``bench/foreign2/run.py --keep`` (one sub-folder per bureau: bundle/, truth.csv,
scores.csv written by the product's ``inspection score``) and scores each bureau several ways. Judging
(top-20% lift, Spearman against truth p_violation) is done here, with the harness's own definitions, and
imports nothing from risk/. The *variants* that need the product's features or candidates import them
(risk.features, risk.model): they are what is being taken apart.

Variants (columns of the output, each ``<name>_lift`` and ``<name>_rho``):

* ours        risk_score as published (scores.csv)
* model       model_score (scores.csv): the model's probability before the tier band (R-TIER hold)
* tier        the tier alone (A<B<C<D), ties shared (lift over tie groups, Spearman with ties)
* notrend     the fitted model's calibrated probability without the sector-trend offset
* lin, lin_hl: the linear candidates of the grid refitted on every row (the product's pipeline, FirmHistory
  included, uncalibrated: the sigmoid keeps order unless reversed); chosen_uncal: the kept candidate so refitted
* lin_free    the linear candidate without sign constraints
* lin_nofirm  the signed linear candidate without the FirmHistory shrunk rates
* lr          the harness's plain LR (bench/foreign2/run.py plain_lr), re-run here
* lr_any      the same with the label "any finding" (minor included)
* chosen_nodist the kept candidate refitted without the district one-hots (uncalibrated, no trend)
* ours_notrend, ours_nodist, ours_nodist_notrend: the published score with the trend offset, the district
  one-hots, or both removed, held to the band where the product kept it (ours_check: the same path unchanged)
* lrP         plain LR (StandardScaler + LogisticRegression()) on the product's feature frame (one-hot sector,
              size, district), its training rows, the product's scoring frame (records known to the plan year's end)
* lrP_jan     the same, scoring frame cut at 1 January (no plan-year triggers/records/grades), as the harness does
* lrP_nodist  lrP without the district one-hots
* lrP_any     lrP with label any finding

Usage: PYTHONPATH=<worktree> python bench/diag9/decompose.py --generator bench/foreign8 --keep DIR --out F.csv
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO / "bench" / "foreign2"))
import run as harness  # noqa: E402  (the harness: plain_lr, lr_features, use_generator)

VIOLATION = ("violation", "serious")
FINDING = ("minor", "violation", "serious")


# ---------------------------------------------------------------- judging (no risk/ import)

def top_lift(score: np.ndarray, truth: np.ndarray, share: float = 0.2) -> float:
    """The harness's definition: ties broken by order (stable)."""
    k = round(share * len(score))
    top = np.argsort(-score, kind="stable")[:k]
    return float(truth[top].sum() / truth.sum() / (k / len(score)))


def top_lift_ties(score: np.ndarray, truth: np.ndarray, share: float = 0.2) -> float:
    """Expected lift when ties are broken at random: the boundary tie group enters in proportion."""
    k = round(share * len(score))
    d = pd.DataFrame({"s": score, "t": truth}).groupby("s", sort=True)["t"].agg(["sum", "size"]).iloc[::-1]
    taken, got = 0, 0.0
    for s_sum, size in d.itertuples(index=False):
        if taken + size <= k:
            taken += size
            got += s_sum
        else:
            got += s_sum * (k - taken) / size
            break
    return float(got / truth.sum() / (k / len(score)))


def rho(score: np.ndarray, truth: np.ndarray) -> float:
    return float(spearmanr(score, truth).statistic)


# ---------------------------------------------------------------- variants

def _design(Xt: pd.DataFrame, X: pd.DataFrame, numeric: list[str], cats: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    both = pd.concat([Xt[numeric + cats], X[numeric + cats]], keys=["t", "s"])
    d = pd.get_dummies(both, columns=cats, dtype=float)
    return d.loc["t"], d.loc["s"]


def plain(Xt: pd.DataFrame, y: np.ndarray, X: pd.DataFrame) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    m = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)).fit(Xt, y)
    return m.predict_proba(X)[:, 1]


def lr_harness_label(bundle: Path, ids: pd.Series, label: tuple[str, ...]) -> np.ndarray:
    insp = pd.read_csv(bundle / "inspections.csv", dtype=str)
    q = pd.DataFrame({"enterprise_id": insp["enterprise_id"], "at": pd.to_datetime(insp["inspected_on"])})
    y = insp["outcome"].isin(label).to_numpy(int)
    Xtr = harness.lr_features(bundle, q)
    sq = pd.DataFrame({"enterprise_id": ids.to_numpy(), "at": pd.Timestamp(f"{harness.PLAN_YEAR}-01-01")})
    return plain(Xtr, y, harness.lr_features(bundle, sq))


def variants(folder: Path) -> dict[str, object]:
    from sklearn.base import clone
    from sklearn.pipeline import Pipeline

    from bundle import load_bundle
    from risk.features import CATEGORICAL, NUMERIC, feature_frame, plan_cutoff, scoring_frame, training_frame
    from risk.model import Candidate, FirmHistory
    from risk.score import FIRM_PAIRS, fit_model, past_evidence

    bundle_dir = folder / "bundle"
    truth = pd.read_csv(folder / "truth.csv", dtype={"enterprise_id": str})
    scores = pd.read_csv(folder / "scores.csv", dtype={"enterprise_id": str})
    df = truth.merge(scores, on="enterprise_id", how="left")
    p = df["p_violation"].to_numpy()
    ids = df["enterprise_id"]
    out: dict[str, np.ndarray] = {"ours": df["risk_score"].to_numpy(float), "model": df["model_score"].to_numpy(float)}
    tier_rank = df["tier"].map({"A": 0, "B": 1, "C": 2, "D": 3}).to_numpy(float)
    out["tier"] = tier_rank
    info: dict[str, object] = {
        "imposed_share": float(df["tier_source"].isin(["grade", "dishonest"]).mean()),
        "moved_share": float((df["risk_score"].round(6) != df["model_score"].round(6)).mean()),
    }
    out["lr"] = harness.plain_lr(bundle_dir, ids)
    out["lr_any"] = lr_harness_label(bundle_dir, ids, FINDING)

    b = load_bundle(bundle_dir)
    X = scoring_frame(b).set_index("enterprise_id").loc[ids].reset_index()
    Xt, y = training_frame(b, VIOLATION)
    _, y_any = training_frame(b, FINDING)
    num, cat = list(NUMERIC), list(CATEGORICAL)
    Dt, D = _design(Xt, X, num, cat)
    out["lrP"] = plain(Dt, y, D)
    out["lrP_any"] = plain(Dt, y_any, D)
    Xj = feature_frame(b, pd.DataFrame({"enterprise_id": ids, "cutoff": plan_cutoff(b)}))
    _, Dj = _design(Xt, Xj, num, cat)
    out["lrP_jan"] = plain(Dt, y, Dj)
    Dt2, D2 = _design(Xt, X, num, ["sector", "size"])
    out["lrP_nodist"] = plain(Dt2, y, D2)

    try:
        model = fit_model(Xt, y, 0, plan_cutoff(b))
    except ValueError as e:  # one year of history (foreign9's new_bureau): the product published its points fallback
        info["chosen"] = f"fallback ({e})"
        return _judged(info, out, p)
    info["chosen"] = model.kind_
    info["reversed"] = model.reversed_slope_
    info["trend_tau"] = None if model.trend_ is None else round(model.trend_.tau_, 4)
    p_full = model.predict_proba(X)[:, 1]
    info["model_matches"] = float(np.abs(np.round(p_full, 6) - out["model"]).max())
    band, _ = past_evidence(model, Xt, y, b.policy.tier_thresholds)
    info.update({f"band_{k}": v for k, v in band.items()})
    graded = X["grade_none"].to_numpy() == 0
    info["graded_share"] = float(graded.mean())
    info["train_graded_share"] = float((Xt["grade_none"].to_numpy() == 0).mean())
    g = X["grade"].map({"A": 0, "B": 1, "C": 2, "D": 3}).to_numpy(float)
    info["grade_rho_graded"] = rho(g[graded], p[graded]) if graded.sum() > 10 else None
    out["notrend"] = model.calibrated_.predict_proba(X)[:, 1]
    base = model._pipeline()
    dates = Xt["cutoff"].to_numpy()
    for name, params in (("lin", {"model__kind": "linear", "model__half_life": None}),
                         ("lin_hl", {"model__kind": "linear", "model__half_life": 1.0}),
                         ("chosen_uncal", model.best_params_)):  # boost1/boost3 refits dropped for time (shared machine)
        pipe = clone(base).set_params(**params).fit(Xt, y, model__dates=dates)
        out[name] = pipe.predict_proba(X)[:, 1]
    nodist = clone(base).set_params(**model.best_params_, model__categorical=("sector", "size"))
    out["chosen_nodist"] = nodist.fit(Xt, y, model__dates=dates).predict_proba(X)[:, 1]
    # the published score with one factor removed, the band applied as the product did (kept or not); chosen_nodist
    # is uncalibrated, so its band clip is approximate (its in-sample mean matches the training rate)
    from risk.tiers import keep_in_band

    def published(q: np.ndarray) -> np.ndarray:
        if not band["kept"]:
            return q
        return keep_in_band(q, df["tier"].to_numpy(), df["tier_source"].to_numpy(), b.policy.tier_thresholds)

    lg = np.log(np.clip(out["chosen_nodist"], 1e-6, 1 - 1e-6) / np.clip(1 - out["chosen_nodist"], 1e-6, 1))
    offset = model.trend_.offset(X["sector"]) if model.trend_ is not None else 0.0
    out["ours_check"] = published(p_full)
    out["ours_notrend"] = published(out["notrend"])
    out["ours_nodist"] = published(1 / (1 + np.exp(-(lg + offset))))
    out["ours_nodist_notrend"] = published(out["chosen_nodist"])
    derived = [pp[0] for pp in FIRM_PAIRS]
    free = Pipeline([("history", FirmHistory(FIRM_PAIRS, "sector")),
                     ("model", Candidate("linear", tuple(num + derived), tuple(cat), (), (), 0))])
    out["lin_free"] = free.fit(Xt, y).predict_proba(X)[:, 1]
    nofirm = Candidate("linear", tuple(num), tuple(cat), tuple(model.increasing), tuple(model.decreasing), 0)
    out["lin_nofirm"] = nofirm.fit(Xt, y).predict_proba(X)[:, 1]

    return _judged(info, out, p)


def _judged(info: dict[str, object], out: dict[str, np.ndarray], p: np.ndarray) -> dict[str, object]:
    row: dict[str, object] = dict(info)
    for k, s in out.items():
        row[f"{k}_lift"] = top_lift_ties(s, p) if k == "tier" else top_lift(s, p)
        row[f"{k}_rho"] = rho(s, p)
    return row


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--generator", type=Path, required=True)
    ap.add_argument("--keep", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--only", default="")
    a = ap.parse_args()
    harness.use_generator(a.generator.resolve())
    rows = []
    # the families where the plain LR won in bench/foreign8, foreign9's results_main.md first (time on a shared machine)
    first = ("big_firm_bias", "district_merger", "credit_backlog", "sector_recode", "team_habit", "hot_streets")
    for folder in sorted(a.keep.iterdir(), key=lambda p: (p.name.rsplit("-", 2)[0] not in first, p.name)):
        if not (folder / "scores.csv").exists() or (a.only and not any(o in folder.name for o in a.only.split(","))):
            continue
        t0 = time.perf_counter()
        fam, n, s = folder.name.rsplit("-", 2)
        r = {"family": fam, "n": int(n[1:]), "seed": int(s[1:]), **variants(folder)}
        rows.append(r)
        print(f"{folder.name}: ours {r['ours_lift']:.3f}/{r['ours_rho']:.3f} model {r['model_lift']:.3f}/"
              f"{r['model_rho']:.3f} lr {r['lr_lift']:.3f}/{r['lr_rho']:.3f} lrP {r['lrP_lift']:.3f}/{r['lrP_rho']:.3f}"
              f" chosen {r['chosen']} ({time.perf_counter() - t0:.0f}s)", flush=True)
        pd.DataFrame(rows).to_csv(a.out, index=False)


if __name__ == "__main__":
    main()
