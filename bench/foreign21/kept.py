"""Read the kept foreign21 bureaus (bundle, truth.csv, the product's published scores.csv) and say what drives the gap.

    python bench/foreign21/kept.py [--keep /tmp/foreign21/keep] [--n 2000]

Per bureau: the product (ours) and plain LR (the harness's own, bench/foreign2/run.py) against the truth; what the
tiers hold (mean truth per tier, where the riskiest tenth of firms sit, how the tier was set); and, for the features
each family's story names, Spearman with the truth beside Spearman with our score (a feature that the truth and our
score read with opposite signs is what hurts). Reads only published files; never the product's code.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "foreign2"))
import run  # noqa: E402  the harness: plain LR exactly as judged

run.use_generator(HERE)
SIZE = {"micro": 0, "small": 1, "medium": 2, "large": 3}


def rho(x, y) -> float:
    x = np.asarray(x, float)
    return float(spearmanr(x, y).statistic) if np.std(x) > 0 else float("nan")


def features(b: Path, ids: pd.Series) -> pd.DataFrame:
    ent = pd.read_csv(b / "enterprises.csv", dtype=str).set_index("enterprise_id").reindex(ids)
    ins = pd.read_csv(b / "inspections.csv", dtype=str)
    rec = pd.read_csv(b / "credit_records.csv", dtype=str)
    trg = pd.read_csv(b / "triggers.csv", dtype=str)

    def cnt(df: pd.DataFrame, mask=None) -> np.ndarray:
        d = df if mask is None else df[mask]
        return d.groupby("enterprise_id").size().reindex(ids).fillna(0).to_numpy()

    n_ins = cnt(ins)
    X = pd.DataFrame(index=range(len(ids)))
    X["size"] = ent["size"].map(SIZE).to_numpy()
    X["monitored"] = (ent["remote_monitoring"] == "true").to_numpy(float)
    X["n_insp"] = n_ins
    X["n_viol"] = cnt(ins, ins.outcome.isin(["violation", "serious"]))
    X["viol_rate"] = X["n_viol"] / np.maximum(n_ins, 1)
    X["n_minor"] = cnt(ins, ins.outcome == "minor")
    for k in ("complaint", "referral", "data_monitoring", "enterprise_request"):
        X[k] = cnt(trg, trg.kind == k)
        X[k + "_26h2"] = cnt(trg, (trg.kind == k) & (trg.received_on >= "2026-07-01"))
    X["complaint_per_size"] = X["complaint"] / (1 + X["size"]) ** 2
    for k in ("bad", "serious_dishonest", "good", "commendation", "repair"):
        X["rec_" + k] = cnt(rec, rec.kind == k)
    X["rec_jan2027"] = cnt(rec, rec.recorded_on >= "2027-01-01")
    g = b / "credit_grades.csv"
    if g.exists():
        gr = pd.read_csv(g, dtype=str).sort_values("rated_on").groupby("enterprise_id").grade.last()
        X["grade"] = gr.reindex(ids).map({"A": 0, "B": 1, "C": 2, "D": 3}).fillna(1.5).to_numpy()
    return X


def one(d: Path) -> dict:
    t = pd.read_csv(d / "truth.csv", dtype={"enterprise_id": str})
    s = pd.read_csv(d / "scores.csv", dtype={"enterprise_id": str}).set_index("enterprise_id").reindex(
        t["enterprise_id"]).reset_index()
    p = t["p_violation"].to_numpy()
    ours = s["risk_score"].to_numpy(float)
    lr = run.plain_lr(d / "bundle", t["enterprise_id"])
    top10 = p >= np.quantile(p, 0.9)
    out = {"bureau": d.name, "ours_rho": rho(ours, p), "lr_rho": rho(lr, p), "ours_lift": run.top_lift(ours, p),
           "lr_lift": run.top_lift(lr, p), "model_rho": rho(s["model_score"], p),
           "adjusted": int((s["risk_score"] != s["model_score"]).sum()),
           "top10_in_A": float((s["tier"][top10] == "A").mean()), "top10_in_D": float((s["tier"][top10] == "D").mean())}
    for tier in "ABCD":
        m = (s["tier"] == tier).to_numpy()
        out[f"n_{tier}"], out[f"p_{tier}"] = int(m.sum()), float(p[m].mean()) if m.any() else float("nan")
    out["tier_source"] = ";".join(f"{k}={v}" for k, v in s["tier_source"].value_counts().items())
    X = features(d / "bundle", t["enterprise_id"])
    out["feat"] = {c: (rho(X[c], p), rho(X[c], ours), rho(X[c], lr)) for c in X}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep", type=Path, default=Path("/tmp/foreign21/keep"))
    ap.add_argument("--n", default="2000")
    a = ap.parse_args()
    rows = [one(d) for d in sorted(a.keep.glob(f"*-n{a.n}-s*")) if (d / "scores.csv").exists()]
    print("| bureau | ours ρ | LR ρ | ours lift | LR lift | model_score ρ | risk≠model | top-10% truth in A | in D "
          "| n A/B/C/D | mean truth A/B/C/D | tier source |")
    print("|" + "---|" * 12)
    for r in rows:
        print(f"| {r['bureau']} | {r['ours_rho']:.3f} | {r['lr_rho']:.3f} | {r['ours_lift']:.3f} | {r['lr_lift']:.3f} "
              f"| {r['model_rho']:.3f} | {r['adjusted']} | {r['top10_in_A']:.0%} | {r['top10_in_D']:.0%} "
              f"| {r['n_A']}/{r['n_B']}/{r['n_C']}/{r['n_D']} "
              f"| {r['p_A']:.3f}/{r['p_B']:.3f}/{r['p_C']:.3f}/{r['p_D']:.3f} | {r['tier_source']} |")
    print("\nSpearman of each feature with truth / ours / LR (features of the story):")
    for r in rows:
        print(f"\n{r['bureau']}: " + "; ".join(f"{c} {a:+.2f}/{b:+.2f}/{c2:+.2f}" for c, (a, b, c2) in r["feat"].items()
                                               if not np.isnan(a)))


if __name__ == "__main__":
    main()
