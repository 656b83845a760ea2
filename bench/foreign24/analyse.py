"""Per-family diagnostics of the product's scores on the kept bureaus (bench/foreign24/findings.md).

Reads only what the harness kept: DIR/bundle (the bureau's files), DIR/truth.csv and DIR/scores.csv (the product's
output, a black box). For each bureau: the rich-feature truth-fit (ceiling.py), a *learnable* ranker built without
the truth (trained on past inspection outcomes or a plain count, per family), and the family's key table.

Usage: python bench/foreign24/analyse.py KEEPDIR [n]
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ceiling import JAN1, ceiling, features, lift

CORE = ("420502", "420503", "420504", "420505")
MOUNTAIN = ("420525", "420526", "420527", "420528", "420529")
VIOL = ("violation", "serious")


def rho(a: np.ndarray, b: np.ndarray) -> float:
    return float(spearmanr(a, b).statistic)


def register_lr(bundle: Path, ids: pd.Index, interact: bool = False) -> np.ndarray:
    """LogisticRegression of past inspections' violation on register features only (as of nothing: the register
    does not change), scored for every firm; with ``interact``, zone × size terms too."""
    ent = pd.read_csv(bundle / "enterprises.csv", dtype=str).set_index("enterprise_id")
    X = pd.DataFrame(index=ent.index)
    for c in sorted(ent["sector"].unique()):
        X[f"s_{c}"] = (ent["sector"] == c).astype(float)
    for c in ("micro", "small", "medium", "large"):
        X[f"z_{c}"] = (ent["size"] == c).astype(float)
    age = (JAN1 - pd.to_datetime(ent["established_on"], errors="coerce")).dt.days / 365.25
    X["young"] = np.exp(-age.fillna(age.median()) / 2.5)
    X["log_emp"] = np.log1p(pd.to_numeric(ent["employees"], errors="coerce")).fillna(2.0)
    X["remote"] = (ent["remote_monitoring"] == "true").astype(float)
    if interact:
        zone = ent["district_code"].isin(CORE).astype(float) - ent["district_code"].isin(MOUNTAIN).astype(float)
        sizec = ent["size"].map({"micro": -1.5, "small": -0.5, "medium": 0.5, "large": 1.5})
        for c in ("core", "mountain"):
            X[c] = (zone == (1 if c == "core" else -1)).astype(float)
            X[f"{c}_x_size"] = X[c] * sizec
    insp = pd.read_csv(bundle / "inspections.csv", dtype=str)
    y = insp["outcome"].isin(VIOL).to_numpy(int)
    m = make_pipeline(StandardScaler(), LogisticRegression(C=0.3, max_iter=1000))
    m.fit(X.loc[insp["enterprise_id"]], y)
    return m.predict_proba(X.loc[ids])[:, 1]


def one(d: Path) -> dict:
    fam = d.name.split("-n")[0]
    truth = pd.read_csv(d / "truth.csv", dtype={"enterprise_id": str}).set_index("enterprise_id")
    sc = pd.read_csv(d / "scores.csv", dtype={"enterprise_id": str}).set_index("enterprise_id").loc[truth.index]
    p = truth["p_violation"].to_numpy()
    s = sc["risk_score"].to_numpy(float)
    X = features(d / "bundle").loc[truth.index]
    ent = pd.read_csv(d / "bundle" / "enterprises.csv", dtype=str).set_index("enterprise_id").loc[truth.index]
    row = {"bureau": d.name, "ours_lift": lift(s, p), "ours_rho": rho(s, p)}
    row["ceil_lift"], row["ceil_rho"] = ceiling(d)
    notes = []
    if fam == "small_scatter":
        lr = register_lr(d / "bundle", truth.index)
        row["learn_lift"], row["learn_rho"] = lift(lr, p), rho(lr, p)
        t = pd.DataFrame({"size": ent["size"], "truth": p, "ours": s}).groupby("size")[["truth", "ours"]].mean()
        notes.append("by size " + "; ".join(f"{k} {r.truth:.3f}/{r.ours:.3f}" for k, r in t.iterrows()))
        age = X["age"].fillna(10)
        t = pd.DataFrame({"young": age < 3, "truth": p, "ours": s}).groupby("young")[["truth", "ours"]].mean()
        notes.append("age<3 " + "; ".join(f"{k} {r.truth:.3f}/{r.ours:.3f}" for k, r in t.iterrows()))
        notes.append(f"rho(ours, register LR) {rho(s, lr):.2f}")
    elif fam == "long_memory":
        insp = pd.read_csv(d / "bundle" / "inspections.csv", dtype=str)
        insp["old"] = insp["inspected_on"] < "2024-01-01"
        v = insp[insp["outcome"].isin(VIOL)]
        old_only = set(v[v["old"]]["enterprise_id"]) - set(v[~v["old"]]["enterprise_id"])
        new_only = set(v[~v["old"]]["enterprise_id"]) - set(v[v["old"]]["enterprise_id"])
        clean = set(insp["enterprise_id"]) - set(v["enterprise_id"])
        for lab, grp in (("violation only 2021-23", old_only), ("violation only 2024-26", new_only),
                         ("inspected, never violated", clean)):
            k = truth.index.isin(list(grp))
            notes.append(f"{lab}: n {k.sum()} truth {p[k].mean():.3f} ours {s[k].mean():.3f}")
        lr = register_lr(d / "bundle", truth.index)
        # empirical-Bayes: register prior, updated by all six years of checks (beta prior of strength 4)
        a = 4.0
        post = (lr * a + X["n_viol"].to_numpy()) / (a + X["n_insp"].to_numpy())
        row["learn_lift"], row["learn_rho"] = lift(post, p), rho(post, p)
    elif fam == "tax_grade":
        g = X["grade"].map({0: "A", 1: "B", 2: "C", 3: "D"})
        t = pd.DataFrame({"g": g, "truth": p, "ours": s}).groupby("g")[["truth", "ours"]].mean()
        notes.append("by grade " + "; ".join(f"{k} {r.truth:.3f}/{r.ours:.3f}" for k, r in t.iterrows()))
        t = pd.DataFrame({"size": ent["size"], "truth": p, "ours": s}).groupby("size")[["truth", "ours"]].mean()
        notes.append("by size " + "; ".join(f"{k} {r.truth:.3f}/{r.ours:.3f}" for k, r in t.iterrows()))
        notes.append("tiers " + str(sc["tier"].value_counts().to_dict()) + " source "
                     + str(sc["tier_source"].value_counts().to_dict()))
        lr = register_lr(d / "bundle", truth.index)
        post = (lr * 4 + X["n_viol"].to_numpy()) / (4 + X["n_insp"].to_numpy())
        row["learn_lift"], row["learn_rho"] = lift(post, p), rho(post, p)
    elif fam == "mountain_core":
        zone = np.where(ent["district_code"].isin(CORE), "core",
                        np.where(ent["district_code"].isin(MOUNTAIN), "mountain", "plain"))
        t = pd.DataFrame({"zone": zone, "size": ent["size"], "truth": p, "ours": s}).groupby(
            ["zone", "size"])[["truth", "ours"]].mean()
        for z in ("core", "mountain"):
            notes.append(z + " " + "; ".join(f"{k} {t.loc[(z, k), 'truth']:.3f}/{t.loc[(z, k), 'ours']:.3f}"
                                             for k in ("micro", "small", "medium", "large")))
        lr = register_lr(d / "bundle", truth.index, interact=True)
        post = (lr * 4 + X["n_viol"].to_numpy()) / (4 + X["n_insp"].to_numpy())
        row["learn_lift"], row["learn_rho"] = lift(post, p), rho(post, p)
    elif fam == "fire_referrals":
        notes.append(f"rho(ours, complaints) {rho(s, X['t_complaint_all']):.2f}, rho(ours, referrals) "
                     f"{rho(s, X['t_referral_all']):.2f}; rho(truth, complaints) {rho(p, X['t_complaint_all']):.2f}, "
                     f"rho(truth, referrals) {rho(p, X['t_referral_all']):.2f}")
        trg = pd.read_csv(d / "bundle" / "triggers.csv", dtype=str)
        trg = trg[trg["kind"] == "referral"]
        age_d = (JAN1 - pd.to_datetime(trg["received_on"])).dt.days
        w = pd.Series(np.exp(-age_d.to_numpy() / 365.0), index=trg.index).groupby(trg["enterprise_id"]).sum()
        ref = w.reindex(truth.index).fillna(0).to_numpy()
        learn = ref + 0.3 * X["viol_rate"].to_numpy()
        row["learn_lift"], row["learn_rho"] = lift(learn, p), rho(learn, p)
    elif fam == "expired_records":
        notes.append(f"rho(ours, bad all) {rho(s, X['rec_bad_all']):.2f}, rho(ours, bad live) "
                     f"{rho(s, X['rec_bad_live']):.2f}; rho(truth, bad all) {rho(p, X['rec_bad_all']):.2f}, "
                     f"rho(truth, bad live) {rho(p, X['rec_bad_live']):.2f}")
        learn = X["rec_bad_all"].to_numpy() + 0.5 * X["rec_bad_live"].to_numpy() + 2 * X["viol_rate"].to_numpy()
        row["learn_lift"], row["learn_rho"] = lift(learn, p), rho(learn, p)
    row["notes"] = " | ".join(notes)
    return row


if __name__ == "__main__":
    keep = Path(sys.argv[1])
    n = sys.argv[2] if len(sys.argv) > 2 else ""
    rows = []
    for d in sorted(keep.iterdir()):
        if (d / "scores.csv").exists() and (not n or f"-n{n}-" in d.name):
            r = one(d)
            rows.append(r)
            print(f"{r['bureau']:30s} ours {r['ours_lift']:.2f}/{r['ours_rho']:.2f} ceiling {r['ceil_lift']:.2f}/"
                  f"{r['ceil_rho']:.2f} learnable {r.get('learn_lift', np.nan):.2f}/{r.get('learn_rho', np.nan):.2f}"
                  f"\n    {r['notes']}", flush=True)
    df = pd.DataFrame(rows)
    df["family"] = df["bureau"].str.split("-n").str[0]
    df["n"] = df["bureau"].str.extract(r"-n(\d+)-")[0]
    agg = df.groupby(["family", "n"])[["ours_lift", "ours_rho", "ceil_lift", "ceil_rho", "learn_lift",
                                       "learn_rho"]].mean().round(3)
    print("\n| family | n | ours lift | ours ρ | rich truth-fit lift | rich truth-fit ρ | learnable lift | learnable ρ |")
    print("|---|---|---|---|---|---|---|---|")
    for (fam, nn), r in agg.iterrows():
        print(f"| {fam} | {nn} | {r.ours_lift:.3f} | {r.ours_rho:.3f} | {r.ceil_lift:.3f} | {r.ceil_rho:.3f} | "
              f"{r.learn_lift:.3f} | {r.learn_rho:.3f} |")
