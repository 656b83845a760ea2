"""After a run of bench/foreign2/run.py with ``--keep DIR``: what the harness's table does not show, per kept bureau.

* the published ``risk_score`` against the product's own ``model_score`` (lift and Spearman against the truth), and
  how often they are equal (the official grade's band moves the score where they differ);
* the share of reasons saying the bureau's grades are "nearly a function" of the records (the product's own test);
* tiers: counts and the mean hidden p per tier;
* reasons whose "N of them serious" clause follows no violation clause (a dangling clause; bench/contradictions.py
  does not count it).

Usage: ``python bench/foreign12/afterlook.py /tmp/foreign12/keep``
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr


def lift(score: np.ndarray, truth: np.ndarray) -> float:
    k = round(0.2 * len(score))
    top = np.argsort(-score, kind="stable")[:k]
    return float(truth[top].sum() / truth.sum() / (k / len(score)))


def dangling(reason: str) -> bool:
    parts = [c.strip() for c in re.split(r"[;:]", reason)]
    return any(re.match(r"\d+ of them serious", c) and i > 0 and "violation" not in parts[i - 1]
               for i, c in enumerate(parts))


def main(keep: Path) -> None:
    for d in sorted(p for p in keep.iterdir() if (p / "scores.csv").exists()):
        s = pd.read_csv(d / "scores.csv", dtype={"enterprise_id": str}).merge(
            pd.read_csv(d / "truth.csv", dtype={"enterprise_id": str}), on="enterprise_id")
        r, m, p = (s[c].to_numpy(float) for c in ("risk_score", "model_score", "p_violation"))
        reasons = s["reason_en"].fillna("")
        tiers = s.groupby("tier")["p_violation"].agg(["size", "mean"])
        print(f"{d.name:32s} risk lift {lift(r, p):.3f} ρ {spearmanr(r, p).statistic:.3f} | model lift "
              f"{lift(m, p):.3f} ρ {spearmanr(m, p).statistic:.3f} | equal {np.mean(r == m):.2f} | 'nearly a "
              f"function' {reasons.str.contains('nearly a function').mean():.2f} | dangling "
              f"{int(reasons.map(dangling).sum())} | tiers "
              + " ".join(f"{t}:{int(n)}@{mu:.3f}" for t, (n, mu) in tiers.iterrows()))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
