import sys
from pathlib import Path

import numpy as np
import pandas as pd

import risk.score as rs
from bundle import load_bundle

b = load_bundle(Path("/tmp/review11/demo/bundle"))
ents = b.enterprises["enterprise_id"].to_numpy()
orig = b.credit_grades.copy()
dates = pd.to_datetime(orig["rated_on"]).unique()
rng_all = np.random.default_rng(0)
shares = [
    (0.97, 0.0, 0.0, 0.03),
    (0.9, 0.0, 0.1, 0.0),
    (0.7, 0.2, 0.08, 0.02),
    (0.85, 0.1, 0.04, 0.01),
    (0.5, 0.3, 0.15, 0.05),
    (0.25, 0.25, 0.25, 0.25),
    (0.94, 0.02, 0.02, 0.02),
]
res = {5: [], 20: []}
rows = []
for seed in range(int(sys.argv[1])):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(50, 301))
    sh = shares[seed % len(shares)]
    pick = rng.choice(ents, n, replace=False)
    g = rng.choice(list("ABCD"), n, p=sh)
    # random rating days over the last 3 years (or all one day, as in the demo)
    if seed % 2:
        days = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 1000, n), unit="D")
    else:
        days = pd.Timestamp("2026-10-31") + pd.to_timedelta(np.zeros(n, dtype=int), unit="D")
    b.credit_grades = pd.DataFrame({"enterprise_id": pick, "grade": g, "rated_on": days})
    for leaf in (5, 20):
        rs.GRADE_TREE_MIN_LEAF = leaf
        v = rs.grade_explained(b)
        res[leaf].append(np.nan if v is None else v)
    rows.append((seed, n, sh[0], res[5][-1], res[20][-1]))
for leaf in (5, 20):
    a = np.array(res[leaf])
    a = a[~np.isnan(a)]
    print(
        leaf,
        "n",
        len(a),
        "max",
        a.max(),
        "q50",
        np.median(a),
        "q95",
        np.quantile(a, 0.95),
        "q99",
        np.quantile(a, 0.99),
        ">=0.9",
        (a >= 0.9).sum(),
        ">=0.5",
        (a >= 0.5).sum(),
        ">=0.3",
        (a >= 0.3).sum(),
    )
df = pd.DataFrame(rows, columns=["seed", "n", "shareA", "leaf5", "leaf20"])
df.to_csv("/tmp/review11/falsedrop.csv", index=False)
print(df.sort_values("leaf5").tail(5))
