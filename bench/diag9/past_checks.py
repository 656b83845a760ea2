"""Would the bureau's own past have seen what the truth shows? Per kept bureau, on the product's rolling-origin
periods (risk.model.rolling_origin over the training rows' dates):

* district: out-of-time AUC of the kept candidate with the district one-hots minus without, per period; mean and SE
  (the 2-SE rule the selection uses);
* trend: the card's own trend_check (risk.score.past_evidence: AUC with the sector trends minus without).

It only reads the past (no truth): what a pre-registered rule could use. Output one CSV row per bureau.
Usage: PYTHONPATH=<worktree> python bench/diag9/past_checks.py --keep DIR --out F.csv
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import roc_auc_score


def one(folder: Path) -> dict[str, object]:
    from bundle import load_bundle
    from risk.features import plan_cutoff, training_frame
    from risk.model import mean_se, rolling_origin
    from risk.score import fit_model, past_evidence

    b = load_bundle(folder / "bundle")
    Xt, y = training_frame(b)
    try:
        model = fit_model(Xt, y, 0, plan_cutoff(b))
    except ValueError:
        return {}
    _, trend = past_evidence(model, Xt, y, b.policy.tier_thresholds)
    dates = Xt["cutoff"].to_numpy()
    gains = []
    for tr, te in rolling_origin(Xt["cutoff"]):
        if len(np.unique(y[tr])) < 2 or len(np.unique(y[te])) < 2:
            continue
        auc = {}
        for name, cats in (("with", ("sector", "size", "district")), ("without", ("sector", "size"))):
            pipe = clone(model._pipeline()).set_params(**model.best_params_, model__categorical=cats)
            pipe.fit(Xt.iloc[tr], y[tr], model__dates=dates[tr])
            auc[name] = roc_auc_score(y[te], pipe.predict_proba(Xt.iloc[te])[:, 1])
        gains.append(auc["with"] - auc["without"])
    m, se = mean_se(gains) if len(gains) >= 2 else (np.nan, np.nan)
    return {"district_auc_gain": m, "district_se": se, "district_periods": len(gains),
            "district_last_period_gain": gains[-1] if gains else np.nan,
            "trend_auc_gain": trend["auc_gain"], "trend_se": trend["se"], "trend_periods": trend["periods"]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    rows = []
    for folder in sorted(a.keep.iterdir()):
        if not (folder / "scores.csv").exists():
            continue
        fam, n, s = folder.name.rsplit("-", 2)
        rows.append({"family": fam, "n": int(n[1:]), "seed": int(s[1:]), **one(folder)})
        print(rows[-1], flush=True)
        pd.DataFrame(rows).to_csv(a.out, index=False)


if __name__ == "__main__":
    main()
