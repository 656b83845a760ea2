"""Read the kept bureaus of bench/foreign20 (scores.csv, truth.csv, bundle) and print what findings.md quotes.

Only the product's published output and the bundle are read, plus the truth; no product code.
Usage: python bench/foreign20/kept.py /tmp/foreign20/keep
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

VIOL = ("violation", "serious")


def rho(a: pd.Series | np.ndarray, b: pd.Series | np.ndarray) -> float:
    return float(spearmanr(a, b).statistic)


def lift(score: np.ndarray, truth: np.ndarray, share: float = 0.2) -> float:
    k = round(share * len(score))
    top = np.argsort(-score, kind="stable")[:k]
    return float(truth[top].sum() / truth.sum() / (k / len(score)))


def one(folder: Path) -> dict:
    s = pd.read_csv(folder / "scores.csv", dtype={"enterprise_id": str})
    t = pd.read_csv(folder / "truth.csv", dtype={"enterprise_id": str})
    b = folder / "bundle"
    ent = pd.read_csv(b / "enterprises.csv", dtype=str)
    d = t.merge(s, on="enterprise_id").merge(ent[["enterprise_id", "size", "district_code"]], on="enterprise_id")
    p = d["p_violation"].to_numpy()
    out: dict = {"bureau": folder.name, "ours_rho": rho(d["risk_score"], p), "model_rho": rho(d["model_score"], p),
                 "ours_lift": lift(d["risk_score"].to_numpy(), p), "model_lift": lift(d["model_score"].to_numpy(), p),
                 "clamped": float((d["risk_score"] != d["model_score"]).mean())}
    g = b / "credit_grades.csv"
    if g.exists():
        gr = pd.read_csv(g, dtype=str).sort_values("rated_on").groupby("enterprise_id")["grade"].last()
        gv = d["enterprise_id"].map(gr).map({"A": 0, "B": 1, "C": 2, "D": 3}).fillna(1.5)
        out["grade_rho"] = rho(gv, p)
    top10 = p >= np.quantile(p, 0.9)
    out["top10_in_A"] = float((d.loc[top10, "tier"] == "A").mean())
    out["top10_in_D"] = float((d.loc[top10, "tier"] == "D").mean())
    for tier in "ABCD":
        m = d["tier"] == tier
        out[f"n_{tier}"] = int(m.sum())
        out[f"p_{tier}"] = float(d.loc[m, "p_violation"].mean()) if m.any() else float("nan")
    sz = d.groupby("size")[["p_violation", "risk_score"]].mean()
    out["size_p"] = "/".join(f"{sz.loc[k, 'p_violation']:.3f}" for k in ("micro", "small", "medium", "large")
                             if k in sz.index)
    out["size_score"] = "/".join(f"{sz.loc[k, 'risk_score']:.3f}" for k in ("micro", "small", "medium", "large")
                                 if k in sz.index)
    dist = d.groupby("district_code")[["p_violation", "risk_score"]].mean()
    out["district_rho"] = rho(dist["p_violation"], dist["risk_score"])
    trg = pd.read_csv(b / "triggers.csv", dtype=str)
    for kind in ("complaint", "referral", "data_monitoring", "enterprise_request"):
        c = trg[(trg["kind"] == kind) & (trg["received_on"] >= "2026-01-01")].groupby("enterprise_id").size()
        has = d["enterprise_id"].isin(c.index)
        out[f"{kind}_truth_ratio"] = float(d.loc[has, "p_violation"].mean() / d.loc[~has, "p_violation"].mean())
        out[f"{kind}_score_ratio"] = float(d.loc[has, "risk_score"].mean() / d.loc[~has, "risk_score"].mean())
    return out


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/foreign20/keep")
    rows = [one(f) for f in sorted(root.iterdir()) if (f / "scores.csv").exists()]
    df = pd.DataFrame(rows).set_index("bureau")
    pd.set_option("display.width", 250, "display.max_columns", 60, "display.max_colwidth", 40)
    print(df.round(3).T.to_string())


if __name__ == "__main__":
    main()
