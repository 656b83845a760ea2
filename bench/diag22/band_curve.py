"""Diagnostic (not a judge): on seen held-out bureaus, the published score's lift and Spearman as a function of the
band's weight w (w · its place in the band + (1 − w) · the model's own), from one fit per bureau, beside the past
test's figures (z against each bar). Which z the band starts to cost at, on bureaus no change is judged by.

    PYTHONPATH=/work/wt/band22 python bench/diag22/band_curve.py --keep /tmp/foreign24/keep ... --out bench/diag22/band_curve.csv
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "foreign2"))
from run import spearman, top_lift

from bundle.loader import load_bundle
from risk.score import BAND_MIN_LOSS, BAND_REPEATED_LOSS, score_bundle
from risk.tiers import keep_in_band

WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep", action="append", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    rows = []
    for keep in a.keep:
        for d in sorted(p for p in keep.iterdir() if (p / "bundle").is_dir()):
            b = load_bundle(d / "bundle")
            s = score_bundle(b)
            truth = pd.read_csv(d / "truth.csv", dtype={"enterprise_id": str})
            # in truth.csv's order, as the harness judges (ties broken by that order)
            f = truth[["enterprise_id", "p_violation"]].merge(s.frame, on="enterprise_id", how="left")
            t = f["p_violation"].to_numpy(float)
            own = f["model_score"].to_numpy(float)
            held = keep_in_band(own, f["tier"].to_numpy(), f["tier_source"].to_numpy(), b.policy.tier_thresholds)
            band = s.card["band"]
            gain, se, periods = band.get("auc_gain"), band.get("se"), band.get("periods", 0)
            z_se = None if gain is None else -gain / max(se, BAND_MIN_LOSS / 2)
            z_rep = None if gain is None or periods < 2 else -gain / (BAND_REPEATED_LOSS / 2)
            row = {"keep": keep.parent.name, "bureau": d.name, "auc_gain": gain, "se": se, "periods": periods,
                   "z_se": z_se, "z_rep": z_rep, "reason": band.get("reason"), "grade_explained": band.get("grade_explained"),
                   "weight": band.get("weight"), "imposed": int(np.isin(f["tier_source"], ("grade", "dishonest")).sum())}
            for w in WEIGHTS:
                p = np.round(w * held + (1 - w) * own, 6)
                row[f"lift_{w}"], row[f"rho_{w}"] = round(top_lift(p, t), 4), round(spearman(p, t), 4)
            rows.append(row)
            print(row, flush=True)
            pd.DataFrame(rows).to_csv(a.out, index=False)
