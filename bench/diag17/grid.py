"""bench/prereg17.md: band-decision rules judged offline on the seen bureaus (bench/diag17/band_table.py's output).

A rule: drop the band where at least two periods were judged and the mean past AUC gain is below -max(k·se, m); else
main's bar (below -max(2·se, 0.005)); grade_explained drops stay. Printed per (k, m): the worst change of a world's mean
lift or Spearman over our 64 bureaus, and Σ Δ lift / Σ Δ Spearman over the held-out bureaus, against main's bar.

    python bench/diag17/grid.py > bench/diag17/grid.txt
"""

import numpy as np
import pandas as pd

ours = pd.read_csv("bench/diag17/band_ours.csv")
held_out = pd.read_csv("bench/diag17/band_f17_19.csv")
ours["world"] = ours["bureau"].str.rsplit("-n", n=1).str[0]


def apply(d: pd.DataFrame, k: float, m: float) -> tuple[np.ndarray, np.ndarray]:
    judged = d["auc_gain"].notna()
    dropped = ((d["reason"] == "grade_explained") | (judged & (d["auc_gain"] < -np.maximum(2 * d["se"], 0.005)))
               | (judged & (d["periods"] >= 2) & (d["auc_gain"] < -np.maximum(k * d["se"], m))))
    return (np.where(dropped, d["own_lift"], d["held_lift"]), np.where(dropped, d["own_rho"], d["held_rho"]))


main_ours, main_out = apply(ours, 2, 0.005), apply(held_out, 2, 0.005)
for k in (0, 0.5, 1, 1.5, 2):
    for m in (0.005, 0.01, 0.012, 0.015, 0.02):
        lift, rho = apply(ours, k, m)
        by_world = pd.DataFrame({"w": ours["world"], "dl": lift - main_ours[0], "dr": rho - main_ours[1]}).groupby("w").mean()
        out_lift, out_rho = apply(held_out, k, m)
        dl, dr = out_lift - main_out[0], out_rho - main_out[1]
        per = pd.DataFrame({"g": held_out["generator"], "dl": dl, "dr": dr}).groupby("g").sum()
        print(f"k={k} m={m}: ours worst {min(by_world.dl.min(), by_world.dr.min()):+.4f}; held-out Σ Δ lift {dl.sum():+.3f} "
              f"Σ Δ ρ {dr.sum():+.3f}; changed {int(((dl != 0) | (dr != 0)).sum())};",
              " ".join(f"{g}:{a:+.2f}/{b:+.2f}" for g, (a, b) in per.iterrows()))
