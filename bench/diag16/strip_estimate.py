import sys, glob, os
import numpy as np, pandas as pd
from scipy.stats import spearmanr
def ls(score, truth):
    k = int(np.ceil(0.2*len(score))); top = np.argsort(-score, kind="stable")[:k]
    return truth[top].sum()/truth.sum()/0.2, spearmanr(score, truth).statistic
W = float(sys.argv[2]) if len(sys.argv) > 2 else 0.001
tot = np.zeros(4)
for d in sorted(glob.glob(sys.argv[1] + "/*")):
    s = pd.read_csv(d + "/scores.csv"); t = pd.read_csv(d + "/truth.csv")
    m = s.merge(t, on="enterprise_id"); tr = m.p_violation.to_numpy()
    r, p = m.risk_score.to_numpy(), m.model_score.to_numpy()
    moved = np.abs(r - p) > 1e-6
    if not moved.any(): continue
    q = r.copy()
    up = moved & (p < r); dn = moved & (p > r)
    q[up] = r[up] + W * p[up] / r[up]
    q[dn] = r[dn] - W * (1 - p[dn]) / (1 - r[dn])
    q = np.round(q, 6)
    a, b, c = ls(r, tr), ls(q, tr), ls(p, tr)
    print(f"{os.path.basename(d):32s} moved {moved.sum():5d} clip {a[0]:.3f}/{a[1]:.3f}  strip {b[0]:.3f}/{b[1]:.3f}  model {c[0]:.3f}/{c[1]:.3f}")
    tot += [b[0]-a[0], b[1]-a[1], c[0]-a[0], c[1]-a[1]]
print("sum strip-clip lift %.4f rho %.4f | model-clip lift %.4f rho %.4f" % tuple(tot))
