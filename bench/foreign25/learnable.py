"""What a bureau could have had from the bundle alone (bench/foreign25/findings.md): a few hand-made rankers per
family, built from bundle files dated before 1 January 2027 without the truth, then judged against truth.csv.

Usage: python bench/foreign25/learnable.py KEEPDIR  (the harness's --keep folder: FAMILY-nN-sS/bundle, truth.csv)
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

VIOL = ("violation", "serious")
JAN1 = pd.Timestamp("2027-01-01")


def lift(s: np.ndarray, p: np.ndarray) -> float:
    k = round(0.2 * len(s))
    return float(p[np.argsort(-s, kind="stable")[:k]].sum() / p.sum() / 0.2)


def load(b: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    ent = pd.read_csv(b / "enterprises.csv", dtype=str)
    ins = pd.read_csv(b / "inspections.csv", dtype=str, parse_dates=["inspected_on"])
    rec = pd.read_csv(b / "credit_records.csv", dtype=str, parse_dates=["recorded_on", "expires_on"])
    trg = pd.read_csv(b / "triggers.csv", dtype=str, parse_dates=["received_on"])
    return ent, ins, rec, trg


def count(ids: pd.Series, df: pd.DataFrame) -> np.ndarray:
    return df.groupby("enterprise_id").size().reindex(ids).fillna(0).to_numpy(float)


def shrunk(ent: pd.DataFrame, ins: pd.DataFrame, w_minor: float = 0.0, k: float = 2.0,
           since: pd.Timestamp | None = None) -> np.ndarray:
    """Empirical-Bayes rate: (violations + w_minor·minors + k·sector rate) / (checks + k)."""
    i = ins if since is None else ins[ins["inspected_on"] >= since]
    i = i.assign(y=i["outcome"].isin(VIOL).astype(float) + w_minor * (i["outcome"] == "minor"))
    i = i.merge(ent[["enterprise_id", "sector"]], on="enterprise_id")
    prior = i.groupby("sector")["y"].mean().reindex(ent["sector"]).fillna(i["y"].mean()).to_numpy()
    g = i.groupby("enterprise_id")["y"].agg(["sum", "size"]).reindex(ent["enterprise_id"]).fillna(0)
    return (g["sum"].to_numpy() + k * prior) / (g["size"].to_numpy() + k)


def gbm_place(ent: pd.DataFrame, ins: pd.DataFrame) -> np.ndarray:
    """A boosted classifier on inspection labels with place (lat, lon, district) and sector as features."""
    X = pd.DataFrame({"lat": pd.to_numeric(ent["lat"], errors="coerce"),
                      "lon": pd.to_numeric(ent["lon"], errors="coerce"),
                      "district": ent["district_code"].astype(int),
                      "sector": ent["sector"].astype("category").cat.codes})
    X.index = ent["enterprise_id"]
    tr = ins.merge(X, left_on="enterprise_id", right_index=True)
    m = HistGradientBoostingClassifier(max_iter=150, learning_rate=0.05, max_depth=3, min_samples_leaf=20,
                                       categorical_features=[2, 3], random_state=0)
    m.fit(tr[X.columns], tr["outcome"].isin(VIOL))
    return m.predict_proba(X)[:, 1]


def firm_features(ent: pd.DataFrame, ins: pd.DataFrame, rec: pd.DataFrame, trg: pd.DataFrame,
                  cut: pd.Timestamp) -> pd.DataFrame:
    """One row per firm from what is dated before ``cut``: categories, history counts (all-time and last year)."""
    ids = ent["enterprise_id"]
    X = pd.get_dummies(ent[["sector", "size", "district_code"]].astype(str)).astype(float)
    X["log_emp"] = np.log1p(pd.to_numeric(ent["employees"], errors="coerce").fillna(10))
    i, r, g = ins[ins["inspected_on"] < cut], rec[rec["recorded_on"] < cut], trg[trg["received_on"] < cut]
    last = cut - pd.Timedelta(days=365)
    X["checks"] = count(ids, i)
    X["viol"] = count(ids, i[i["outcome"].isin(VIOL)])
    X["minor"] = count(ids, i[i["outcome"] == "minor"])
    X["viol_1y"] = count(ids, i[i["outcome"].isin(VIOL) & (i["inspected_on"] >= last)])
    X["minor_1y"] = count(ids, i[(i["outcome"] == "minor") & (i["inspected_on"] >= last)])
    X["unrect"] = count(ids, i[i["rectified"] == "false"])
    for kind in ("bad", "serious_dishonest", "good", "commendation", "repair"):
        X[f"rec_{kind}"] = count(ids, r[r["kind"] == kind])
    for kind in ("complaint", "referral", "data_monitoring", "enterprise_request"):
        X[f"trg_{kind}"] = count(ids, g[g["kind"] == kind])
        X[f"trg_{kind}_1y"] = count(ids, g[(g["kind"] == kind) & (g["received_on"] >= last)])
    return X


def year_ahead(ent: pd.DataFrame, ins: pd.DataFrame, rec: pd.DataFrame, trg: pd.DataFrame) -> np.ndarray:
    """Logistic regression trained one year back: features before 2026-01-01 → any violation in 2026's checks;
    then scored on features before 2027-01-01 (the plan year's cut-off)."""
    cut = pd.Timestamp("2026-01-01")
    X = firm_features(ent, ins, rec, trg, cut)
    y26 = ins[ins["inspected_on"] >= cut].groupby("enterprise_id")["outcome"].agg(lambda o: o.isin(VIOL).any())
    seen = ent["enterprise_id"].isin(y26.index).to_numpy()
    y = y26.reindex(ent["enterprise_id"][seen]).to_numpy(bool)
    m = make_pipeline(StandardScaler(), LogisticRegression(C=0.1, max_iter=2000))
    m.fit(X[seen], y)
    return m.predict_proba(firm_features(ent, ins, rec, trg, JAN1)[X.columns])[:, 1]


def rankers(fam: str, b: Path) -> dict[str, np.ndarray]:
    ent, ins, rec, trg = load(b)
    ids = ent["enterprise_id"]
    out = {"EB violation rate": shrunk(ent, ins), "year-ahead LR (all files)": year_ahead(ent, ins, rec, trg)}
    bad = rec[rec["kind"].isin(["bad", "serious_dishonest"])]
    in_force = bad[bad["expires_on"].isna() | (bad["expires_on"] >= JAN1)]
    out["bad records, all time"] = count(ids, bad)
    out["bad records in force"] = count(ids, in_force)
    if fam == "minor_warnings":
        out["EB (violation + 0.5·minor)"] = shrunk(ent, ins, w_minor=0.5)
    if fam == "honour_shopping":
        honours = rec[rec["kind"].isin(["good", "commendation"])]
        assoc = honours[honours["note"].str.contains("协会")]
        out["all-time bad − 0.5·住建 good"] = count(ids, bad) - 0.5 * count(ids, honours[~honours.index.isin(
            assoc.index)])
        out["association honours (misleads)"] = count(ids, assoc)
    if fam == "lake_sand":
        out["boosted: place × sector"] = gbm_place(ent, ins)
    if fam == "ebike_charging":
        out["EB rate since 2026-06"] = shrunk(ent, ins, since=pd.Timestamp("2026-06-01"), k=1.0)
        recent = trg[(trg["kind"] == "complaint") & (trg["received_on"] >= pd.Timestamp("2026-05-01"))]
        out["complaints since 2026-05"] = count(ids, recent) + 0.01 * shrunk(ent, ins)
    if fam == "satellite_survey":
        flags = count(ids, trg[trg["kind"] == "data_monitoring"])
        zf = ins[(ins["agency_id"] == "jj-zf") & (ins["inspected_on"] >= pd.Timestamp("2026-08-01"))]
        cleared = zf[zf["outcome"].isin(VIOL) & (zf["rectified"] == "true")]["enterprise_id"].unique()
        out["satellite flags (count)"] = flags
        out["flags, cleared ones ×0.2"] = flags * np.where(ids.isin(cleared), 0.2, 1.0) + shrunk(ent, ins)
    return out


def main() -> None:
    keep = Path(sys.argv[1])
    rows = []
    for d in sorted(keep.iterdir()):
        if not (d / "truth.csv").exists():
            continue
        fam, n, seed = d.name.rsplit("-", 2)
        t = pd.read_csv(d / "truth.csv", dtype={"enterprise_id": str})
        ent = pd.read_csv(d / "bundle" / "enterprises.csv", dtype=str)
        p = t.set_index("enterprise_id")["p_violation"].reindex(ent["enterprise_id"]).to_numpy()
        for name, s in rankers(fam, d / "bundle").items():
            rows.append((fam, n, seed, name, lift(s, p), float(spearmanr(s, p).statistic)))
    res = pd.DataFrame(rows, columns=["family", "n", "seed", "ranker", "lift", "rho"])
    agg = res.groupby(["family", "n", "ranker"], sort=False)[["lift", "rho"]].mean().round(3).reset_index()
    print(agg.to_string(index=False))


if __name__ == "__main__":
    main()
