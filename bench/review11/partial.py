import sys
from pathlib import Path

import numpy as np
import pandas as pd

import risk.score as rs
from bundle import load_bundle

b = load_bundle(Path("/tmp/review11/demo/bundle"))
ents = b.enterprises["enterprise_id"].to_numpy()
day = pd.Timestamp("2026-10-31")
allg = pd.DataFrame({"enterprise_id": ents, "rated_on": [day] * len(ents)})
X = rs.grade_inputs(b, allg)
mech = np.where((X.insp_serious >= 1) | (X.rec_serious_dishonest >= 1), 3, np.where((X.insp_violation >= 1) | (X.rec_bad >= 1), 2, 0))
print("mechanical shares over 600:", np.bincount(mech, minlength=4))
out = []
for q in (0.0, 0.03, 0.05, 0.1, 0.2):
    for seed in range(int(sys.argv[1])):
        rng = np.random.default_rng(seed)
        n = int(rng.integers(50, 301))
        idx = rng.choice(len(ents), n, replace=False)
        g = mech[idx].copy()
        flip = (g == 0) & (rng.random(n) < q)  # B: random among the clean firms, not a function of the records
        g[flip] = 1
        b.credit_grades = pd.DataFrame({"enterprise_id": ents[idx], "grade": np.array(list("ABCD"))[g], "rated_on": [day] * n})
        r = {}
        for leaf in (5, 20):
            rs.GRADE_TREE_MIN_LEAF = leaf
            r[leaf] = rs.grade_explained(b)
        out.append((q, seed, n, int(flip.sum()), r[5], r[20]))
d = pd.DataFrame(out, columns=["q", "seed", "n", "nB", "leaf5", "leaf20"]).dropna()
d.to_csv("/tmp/review11/partial.csv", index=False)
for q, x in d.groupby("q"):
    print(
        q,
        len(x),
        f"leaf5 median {x.leaf5.median():.3f} q05 {x.leaf5.quantile(0.05):.3f} >=0.9 {(x.leaf5 >= 0.9).sum()}",
        f"| leaf20 median {x.leaf20.median():.3f} >=0.9 {(x.leaf20 >= 0.9).sum()}",
    )
