"""Why does the product lose to the plain LR on some worlds? (issue 9) · 诊断.

On bureaus kept by ``run.py --keep DIR`` (each folder holds bundle/, truth.csv and the
product's scores.csv), print per bureau: how far the product's risk_score follows the
official grade (Spearman with the latest grade, A=0 … D=3, none=-1), how informative
that grade is about the truth, and the plain LR's lift with and without the grade
features. Read from the bundle files and the product's output only.

``python bench/foreign2/diagnose.py DIR``
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
from generate import PLAN_YEAR
from run import VIOLATION, lr_features, top_lift


def lr_lift(bundle: Path, ids: pd.Series, p: np.ndarray, drop_grade: bool) -> float:
    insp = pd.read_csv(bundle / "inspections.csv", dtype=str)
    q = pd.DataFrame({"enterprise_id": insp["enterprise_id"],
                      "at": pd.to_datetime(insp["inspected_on"])})
    Xtr = lr_features(bundle, q)
    Xs = lr_features(bundle, pd.DataFrame({"enterprise_id": ids.to_numpy(),
                                           "at": pd.Timestamp(f"{PLAN_YEAR}-01-01")}))
    if drop_grade:
        cols = [c for c in Xtr if not c.startswith("grade_")]
        Xtr, Xs = Xtr[cols], Xs[cols]
    m = make_pipeline(StandardScaler(), LogisticRegression())
    m.fit(Xtr, insp["outcome"].isin(VIOLATION).to_numpy(int))
    return top_lift(m.predict_proba(Xs)[:, 1], p)


def main() -> None:
    root = Path(sys.argv[1])
    print("| bureau | ρ(ours, grade) | ρ(grade, truth) | LR lift | LR lift without grade |")
    print("|---|---|---|---|---|")
    for d in sorted(p for p in root.iterdir() if (p / "scores.csv").exists()):
        b = d / "bundle"
        truth = pd.read_csv(d / "truth.csv", dtype={"enterprise_id": str})
        s = pd.read_csv(d / "scores.csv", dtype={"enterprise_id": str})
        df = truth.merge(s[["enterprise_id", "risk_score"]], on="enterprise_id")
        g = pd.read_csv(b / "credit_grades.csv", dtype=str).sort_values("rated_on")
        latest = g.groupby("enterprise_id")["grade"].last()
        go = df["enterprise_id"].map(latest).map({"A": 0, "B": 1, "C": 2, "D": 3}).fillna(-1)
        p = df["p_violation"].to_numpy()
        rho_g = spearmanr(df["risk_score"], go).statistic if go.nunique() > 1 else float("nan")
        rho_gt = spearmanr(go, p).statistic if go.nunique() > 1 else float("nan")
        print(f"| {d.name} | {rho_g:.3f} | {rho_gt:.3f} | "
              f"{lr_lift(b, df['enterprise_id'], p, False):.3f} | "
              f"{lr_lift(b, df['enterprise_id'], p, True):.3f} |", flush=True)


if __name__ == "__main__":
    main()
