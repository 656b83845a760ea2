"""What the bundle files carry about the truth, beyond the harness's plain features (bench/foreign24).

For each kept bureau (``OUTDIR/bundle`` + ``OUTDIR/truth.csv``) build as-of-1-January features from the bundle alone —
the register (district one-hot, lat/lon, age, size, sector, headcount), history counts by outcome over all years
and the last 365 days, credit records by kind *including expired ones*, triggers by kind, the latest grade — and fit
a 2-fold cross-fitted gradient-boosted regression of logit(p_violation) on them (uses the truth: a ceiling-ish
reference, not a ranker). Also a plain ranker without the truth: a logistic regression of past violation outcomes
on the register alone is not attempted here; see findings.md.

Usage: python bench/foreign24/ceiling.py DIR [DIR ...]   (each DIR holds bundle/ and truth.csv)
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.model_selection import KFold

JAN1 = pd.Timestamp("2027-01-01")
SIZES = ("micro", "small", "medium", "large")
VIOL = ("violation", "serious")


def features(bundle: Path) -> pd.DataFrame:
    ent = pd.read_csv(bundle / "enterprises.csv", dtype=str)
    X = pd.DataFrame(index=ent["enterprise_id"])
    for c in sorted(ent["district_code"].unique()):
        X[f"d_{c}"] = (ent["district_code"] == c).to_numpy(float)
    for c in sorted(ent["sector"].unique()):
        X[f"s_{c}"] = (ent["sector"] == c).to_numpy(float)
    X["size"] = ent["size"].map({s: k for k, s in enumerate(SIZES)}).to_numpy(float)
    X["log_emp"] = np.log1p(pd.to_numeric(ent["employees"], errors="coerce")).to_numpy()
    X["age"] = ((JAN1 - pd.to_datetime(ent["established_on"], errors="coerce")).dt.days / 365.25).to_numpy()
    X["lat"] = pd.to_numeric(ent["lat"], errors="coerce").to_numpy()
    X["lon"] = pd.to_numeric(ent["lon"], errors="coerce").to_numpy()
    X["remote"] = (ent["remote_monitoring"].str.lower() == "true").to_numpy(float)

    def add(counts: pd.DataFrame) -> None:
        for c in counts:
            X[c] = counts[c].reindex(X.index).fillna(0.0).to_numpy()

    insp = pd.read_csv(bundle / "inspections.csv", dtype=str)
    insp["d"] = pd.to_datetime(insp["inspected_on"])
    insp["viol"] = insp["outcome"].isin(VIOL)
    recent = insp["d"] >= JAN1 - pd.Timedelta(days=365)
    g = insp.groupby("enterprise_id")
    add(pd.DataFrame({"n_insp": g.size(), "n_viol": g["viol"].sum(),
                      "n_minor": g["outcome"].apply(lambda s: (s == "minor").sum()),
                      "n_unfixed": insp[insp["viol"] & (insp["rectified"] == "false")].groupby("enterprise_id").size(),
                      "n_insp_365": insp[recent].groupby("enterprise_id").size(),
                      "n_viol_365": insp[recent & insp["viol"]].groupby("enterprise_id").size()}))
    X["viol_rate"] = (X["n_viol"] + 0.1) / (X["n_insp"] + 1.0)
    rec = pd.read_csv(bundle / "credit_records.csv", dtype=str)
    rec["d"] = pd.to_datetime(rec["recorded_on"])
    exp = pd.to_datetime(rec["expires_on"], errors="coerce")
    live = exp.isna() | (exp >= JAN1)
    for k in ("bad", "serious_dishonest", "good", "commendation", "repair"):
        add(pd.DataFrame({f"rec_{k}_all": rec[rec["kind"] == k].groupby("enterprise_id").size(),
                          f"rec_{k}_live": rec[(rec["kind"] == k) & live].groupby("enterprise_id").size()}))
    trg = pd.read_csv(bundle / "triggers.csv", dtype=str)
    trg["d"] = pd.to_datetime(trg["received_on"])
    r365 = trg["d"] >= JAN1 - pd.Timedelta(days=365)
    for k in ("complaint", "referral", "data_monitoring", "enterprise_request"):
        add(pd.DataFrame({f"t_{k}_all": trg[trg["kind"] == k].groupby("enterprise_id").size(),
                          f"t_{k}_365": trg[(trg["kind"] == k) & r365].groupby("enterprise_id").size(),
                          f"t_{k}_urgent": trg[(trg["kind"] == k) & (trg["urgent"] == "true")]
                          .groupby("enterprise_id").size()}))
    gfile = bundle / "credit_grades.csv"
    if gfile.exists():
        gr = pd.read_csv(gfile, dtype=str).sort_values("rated_on").groupby("enterprise_id").last()["grade"]
        X["grade"] = gr.reindex(X.index).map({"A": 0, "B": 1, "C": 2, "D": 3}).to_numpy(float)
    return X


def lift(score: np.ndarray, p: np.ndarray) -> float:
    k = round(0.2 * len(p))
    top = np.argsort(-score, kind="stable")[:k]
    return float(p[top].sum() / p.sum() / 0.2)


def ceiling(out: Path, seed: int = 0) -> tuple[float, float]:
    truth = pd.read_csv(out / "truth.csv", dtype={"enterprise_id": str}).set_index("enterprise_id")
    X = features(out / "bundle").loc[truth.index]
    p = truth["p_violation"].to_numpy()
    y = np.log(p / (1 - p))
    pred = np.empty(len(p))
    for tr, te in KFold(2, shuffle=True, random_state=seed).split(X):
        m = HistGradientBoostingRegressor(max_iter=300, learning_rate=0.05, random_state=seed)
        pred[te] = m.fit(X.iloc[tr], y[tr]).predict(X.iloc[te])
    return lift(pred, p), float(spearmanr(pred, p).statistic)


if __name__ == "__main__":
    for d in sys.argv[1:]:
        li, rho = ceiling(Path(d))
        print(f"{Path(d).name:32s} rich-feature truth-fit lift {li:.3f} rho {rho:.3f}", flush=True)
