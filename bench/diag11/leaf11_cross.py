"""Rule 2 of bench/prereg11b.md, step 1: grade_explained at leaf 20 (main) and 5 (branch) for every kept bundle; the
bureaus whose verdict (>= 0.9) differs are the only ones whose scores can change."""

import sys
from pathlib import Path

import pandas as pd

import risk.score as rs

rows = []
for keep in sys.argv[1:]:
    for d in sorted(Path(keep).iterdir()):
        if not (d / "bundle").is_dir():
            continue
        from bundle import load_bundle

        b = load_bundle(d / "bundle")
        out = {"keep": keep, "bureau": d.name}
        for leaf in (20, 5):
            rs.GRADE_TREE_MIN_LEAF = leaf
            out[f"ge{leaf}"] = rs.grade_explained(b)
        rows.append(out)
df = pd.DataFrame(rows)
ge = lambda c: df[c].fillna(-1) >= rs.GRADE_EXPLAINED  # noqa: E731
df["crosses"] = ge("ge20") != ge("ge5")
print(df.to_string(index=False))
print("crossing:", int(df.crosses.sum()), "of", len(df))
