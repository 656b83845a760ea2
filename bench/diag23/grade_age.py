"""Diagnostic (not a judge; twenty-second round): does a grade's age (the plan year's first day − rated_on) tell where
the band costs? Reads bench/diag22/band_curve.csv (120 seen held-out bureaus, one fit each: lift with the band dropped,
lift_0.0, and held whole, lift_1.0) and each bureau's credit_grades.csv from the kept folders (bench/unseen_seeds.py,
foreign24/25 keep). No fit is made.

    python bench/diag23/grade_age.py > bench/diag23/grade_age.txt
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from scipy.stats import spearmanr

CURVE = Path(__file__).resolve().parents[1] / "diag22" / "band_curve.csv"
KEEPS = {"s20": "/tmp/s20/keep_s3", "s21": "/tmp/s21/keep_s4", "s22": "/tmp/s22/keep_s5",
         "foreign24": "/tmp/foreign24/keep", "foreign25": "/tmp/foreign25/keep"}
BINS = [(-1.0, 0.25), (0.25, 0.75), (0.75, 1.25), (1.25, 3.0)]


def grade_ages(bundle: Path) -> dict[str, float]:
    """Age in years of each graded firm's latest grade at the plan year's first day (empty without grades)."""
    if not (bundle / "credit_grades.csv").exists():
        return {"n_graded": 0}
    year = json.loads((bundle / "policy.json").read_text())["year"]
    g = pd.read_csv(bundle / "credit_grades.csv", dtype=str)
    g["rated_on"] = pd.to_datetime(g["rated_on"])
    latest = g.sort_values("rated_on").groupby("enterprise_id").tail(1)
    age = (pd.Timestamp(f"{year}-01-01") - latest["rated_on"]).dt.days / 365.25
    return {"n_graded": len(latest), "age_med": age.median(), "age_min": age.min(), "age_max": age.max(),
            "fresh1y": (age <= 1).mean(), "ratings_per_firm": g.groupby("enterprise_id").size().mean(),
            "distinct_days": g["rated_on"].nunique()}


if __name__ == "__main__":
    curve = pd.read_csv(CURVE)
    df = pd.DataFrame([{**r, **grade_ages(Path(KEEPS[r["keep"]]) / r["bureau"] / "bundle")} for r in curve.to_dict("records")])
    df["drop_gain"] = df["lift_0.0"] - df["lift_1.0"]
    pd.set_option("display.width", 250)
    pd.set_option("display.max_rows", 200)
    cols = ["keep", "bureau", "z_se", "drop_gain", "n_graded", "age_med", "age_min", "age_max", "fresh1y", "ratings_per_firm",
            "distinct_days"]
    print(df[cols].round(3).to_string())
    g = df[df["n_graded"] > 0]
    rho = spearmanr(g["age_med"], g["drop_gain"]).statistic
    print(f"bureaus with grades {len(g)}: Spearman(age_med, drop_gain) = {rho:.3f}")
    print("one rating day per bureau (age_min == age_max):", int((g["age_min"] == g["age_max"]).sum()), "of", len(g))
    for lo, hi in BINS:
        s = g[(g["age_med"] > lo) & (g["age_med"] <= hi)]
        print(f"age ({lo}, {hi}] y: n {len(s)}, drop gain mean {s['drop_gain'].mean():+.3f} median {s['drop_gain'].median():+.3f},"
              f" share > +0.1: {(s['drop_gain'] > 0.1).mean():.2f}, share < -0.1: {(s['drop_gain'] < -0.1).mean():.2f}")
