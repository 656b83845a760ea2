"""bench/prereg16.md, the offline estimate that motivated it (seen bureaus only): each kept bureau's main scores.csv
re-ordered inside every moved group by `model_score` (an order-keeping strip of width W at the band's edge) against
main's clipped `risk_score` and the model's own score, judged against truth.csv.

    python bench/diag16/strip_estimate.py /tmp/foreign17/keep [W]
"""

import glob
import os
import sys

import numpy as np
import pandas as pd
from scipy.stats import spearmanr


def lift_rho(score: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    k = int(np.ceil(0.2 * len(score)))
    top = np.argsort(-score, kind="stable")[:k]
    return float(truth[top].sum() / truth.sum() / 0.2), float(spearmanr(score, truth).statistic)


W = float(sys.argv[2]) if len(sys.argv) > 2 else 0.001
tot = np.zeros(4)
for d in sorted(glob.glob(sys.argv[1] + "/*")):
    m = pd.read_csv(d + "/scores.csv").merge(pd.read_csv(d + "/truth.csv"), on="enterprise_id")
    tr, r, p = m.p_violation.to_numpy(), m.risk_score.to_numpy(), m.model_score.to_numpy()
    moved = np.abs(r - p) > 1e-6
    if not moved.any():
        continue
    q = r.copy()
    up, dn = moved & (p < r), moved & (p > r)
    q[up] = r[up] + W * p[up] / r[up]
    q[dn] = r[dn] - W * (1 - p[dn]) / (1 - r[dn])
    q = np.round(q, 6)
    a, b, c = lift_rho(r, tr), lift_rho(q, tr), lift_rho(p, tr)
    print(f"{os.path.basename(d):32s} moved {moved.sum():5d} clip {a[0]:.3f}/{a[1]:.3f}  strip {b[0]:.3f}/{b[1]:.3f}  "
          f"model {c[0]:.3f}/{c[1]:.3f}")
    tot += [b[0] - a[0], b[1] - a[1], c[0] - a[0], c[1] - a[1]]
print(f"sum strip-clip lift {tot[0]:.4f} rho {tot[1]:.4f} | model-clip lift {tot[2]:.4f} rho {tot[3]:.4f}")
