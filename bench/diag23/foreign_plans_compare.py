"""Before / after the twenty-second round's scheduler changes on the held-out bureaus (bench/foreign_plans.py output).

    python bench/diag23/foreign_plans_compare.py bench/diag23/foreign_plans_before.csv bench/diag23/foreign_plans_after.csv
"""

from __future__ import annotations

import sys

import pandas as pd

COLS = {"trig_fu_placed": "trig+fu placed", "trig_fu_day_bound": "trig+fu day bound", "mandatory_placed": "mandatory placed",
        "mandatory_bound": "mandatory bound", "sampled_placed": "sampled placed", "sampled_owed": "sampled owed"}

if __name__ == "__main__":
    a, b = (pd.read_csv(p).set_index("bureau") for p in sys.argv[1:3])
    both = a.index.intersection(b.index)
    print(f"{len(both)} bureaus in both")
    for c, name in COLS.items():
        print(f"{name:20} before {int(a.loc[both, c].sum()):>7}  after {int(b.loc[both, c].sum()):>7}")
    for side, f in (("before", a), ("after", b)):
        gap = (f.loc[both, "trig_fu_day_bound"] - f.loc[both, "trig_fu_placed"]).clip(lower=0)
        print(f"{side}: triggers+follow-ups below the day-aware bound {int(gap.sum())} in {int((gap > 0).sum())} bureaus; "
              f"checker violations in {int((f.loc[both, 'violations'].astype(str) != '0').sum())} bureaus; "
              f"mandatory below its bound {int((f.loc[both, 'mandatory_bound'] - f.loc[both, 'mandatory_placed']).clip(lower=0).sum())}")
    d = b.loc[both] - a.loc[both][b.columns.intersection(a.columns)].select_dtypes("number")
    changed = d[(d[["trig_fu_placed", "mandatory_placed", "sampled_placed"]] != 0).any(axis=1)]
    print("bureaus that changed (after − before):")
    print(changed[["trig_fu_placed", "mandatory_placed", "sampled_placed"]].astype(int).to_string())
