"""diag10: does the band (scores held to the official grade's tier band) cost where the grade is a function of records
the model already reads? A diagnosis for the next round, no product change.

Per kept held-out bureau (bench/foreign2/run.py --keep dirs: bundle/, scores.csv, truth.csv): how much of the latest
official grade a shallow tree explains (5-fold cross-validated Spearman of predicted vs actual grade) from what the
bundle held at the grade's rating day — credit records in force by kind, past inspection outcomes, triggers — and
what the band did to the published score against the hidden truth (top-20% lift and Spearman of risk_score minus
those of model_score; zero where the product did not hold the scores). Imports nothing from the product.

    python bench/diag10/grade_explained.py DIR [DIR ...] --out bench/diag10/grade_explained.csv
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr
from sklearn.model_selection import cross_val_predict
from sklearn.tree import DecisionTreeRegressor

GRADE = {"A": 0, "B": 1, "C": 2, "D": 3}


def lift(score: np.ndarray, truth: np.ndarray) -> float:
    k = int(np.ceil(0.2 * len(score)))
    top = np.argsort(-score, kind="stable")[:k]
    return float(truth[top].sum() / truth.sum() / 0.2)


def as_of(b: Path, firms: pd.Series, day: pd.Series) -> pd.DataFrame:
    """What the bundle held on each firm's rating day: records in force by kind, past outcomes, triggers."""
    out = pd.DataFrame(index=firms.index)
    when = pd.to_datetime(day)
    cr = b / "credit_records.csv"
    if cr.exists():
        r = pd.read_csv(cr, dtype=str)
        r["recorded_on"] = pd.to_datetime(r["recorded_on"])
        r["expires_on"] = pd.to_datetime(r.get("expires_on"), errors="coerce")
        m = pd.DataFrame({"enterprise_id": firms, "when": when}).merge(r, on="enterprise_id", how="left")
        live = (m["recorded_on"] <= m["when"]) & (m["expires_on"].isna() | (m["expires_on"] >= m["when"]))
        for kind in ("bad", "good", "commendation", "serious_dishonest", "repair"):
            c = m[live & (m["kind"] == kind)].groupby("enterprise_id").size()
            out[f"rec_{kind}"] = firms.map(c).fillna(0).to_numpy()
    ins = b / "inspections.csv"
    if ins.exists():
        i = pd.read_csv(ins, dtype=str)
        i["inspected_on"] = pd.to_datetime(i["inspected_on"])
        m = pd.DataFrame({"enterprise_id": firms, "when": when}).merge(i, on="enterprise_id", how="left")
        past = m["inspected_on"] < m["when"]
        out["insp_n"] = firms.map(m[past].groupby("enterprise_id").size()).fillna(0).to_numpy()
        for o in ("minor", "violation", "serious"):
            out[f"insp_{o}"] = firms.map(m[past & (m["outcome"] == o)].groupby("enterprise_id").size()).fillna(0).to_numpy()
        if "rectified" in m:
            bad = past & m["outcome"].isin(["violation", "serious"]) & (m["rectified"].str.lower().isin(["false", "0", "no"]))
            out["insp_unrectified"] = firms.map(m[bad].groupby("enterprise_id").size()).fillna(0).to_numpy()
    tr = b / "triggers.csv"
    if tr.exists():
        t = pd.read_csv(tr, dtype=str)
        t["received_on"] = pd.to_datetime(t["received_on"])
        m = pd.DataFrame({"enterprise_id": firms, "when": when}).merge(t, on="enterprise_id", how="left")
        out["triggers"] = firms.map(m[m["received_on"] < m["when"]].groupby("enterprise_id").size()).fillna(0).to_numpy()
    return out


def bureau(d: Path) -> dict[str, object]:
    b = d / "bundle"
    row: dict[str, object] = {"bureau": d.name}
    s = pd.read_csv(d / "scores.csv", dtype={"enterprise_id": str}).merge(pd.read_csv(d / "truth.csv", dtype={"enterprise_id": str}),
                                                                      on="enterprise_id")
    truth = s["p_violation"].to_numpy(float)
    for col in ("risk_score", "model_score"):
        row[f"{col}_lift"] = lift(s[col].to_numpy(float), truth)
        row[f"{col}_rho"] = float(spearmanr(s[col], truth).statistic)
    row["band_held"] = bool((s["risk_score"] - s["model_score"]).abs().max() > 1e-6)
    row["band_lift"] = row["risk_score_lift"] - row["model_score_lift"]  # type: ignore[operator]
    row["band_rho"] = row["risk_score_rho"] - row["model_score_rho"]  # type: ignore[operator]
    g = b / "credit_grades.csv"
    if not g.exists():
        return row
    gr = pd.read_csv(g, dtype=str).sort_values("rated_on").drop_duplicates("enterprise_id", keep="last")
    gr = gr[gr["grade"].isin(GRADE)].reset_index(drop=True)
    row["graded"] = len(gr)
    y = gr["grade"].map(GRADE).to_numpy(float)
    X = as_of(b, gr["enterprise_id"], gr["rated_on"])
    if len(np.unique(y)) > 1 and len(gr) >= 50:
        pred = cross_val_predict(DecisionTreeRegressor(max_depth=4, min_samples_leaf=20, random_state=0), X, y, cv=5)
        row["grade_explained_rho"] = float(spearmanr(pred, y).statistic)
        gt = gr.merge(s[["enterprise_id", "p_violation"]], on="enterprise_id")
        row["grade_truth_rho"] = float(spearmanr(gt["grade"].map(GRADE), gt["p_violation"]).statistic)
    return row


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    rows = [bureau(k) for d in a.dirs for k in sorted(d.iterdir()) if (k / "scores.csv").exists()]
    df = pd.DataFrame(rows)
    df.to_csv(a.out, index=False, float_format="%.4f")
    held = df[df["band_held"]]
    print(df.round(3).to_string())
    print(f"\nheld in {len(held)} of {len(df)}; corr(grade_explained_rho, band_lift) over held: "
          f"{held['grade_explained_rho'].corr(held['band_lift']):.3f}; corr(grade_truth_rho, band_lift): "
          f"{held['grade_truth_rho'].corr(held['band_lift']):.3f}")
