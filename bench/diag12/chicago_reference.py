"""Chicago, twelfth round: what issue 9's numbers would need — reference lines, **reported only, never kept**.

The kept adapter (risk/adapters/chicago.py) scores with plan-time columns only and stays at 2014 AUC 0.635 / top-20%
0.306 / top-50% 0.673 against the targets 0.645 / 0.33 / 0.68. Here the same model is given, one group at a time,
the columns the adapter leaves out because a year's plan cannot know them, to see whether the targets sit within
plan-time information or need one of them:

- ``wx3d``: the weather of the three days before the visit (``wx3d_*``; the file's weather stops 2014-10-31, so
  November–December 2014 get the training years' median);
- ``sanitarian``: ``sanitarian_cluster``, which group of inspectors went (README: leave it out of any plan-time model);
- ``ward``: the ward, geography (the adapter's docstring: geography carries the old inspector assignment).

Validation (train 2011-09 … 2012, score 2013) and test (train 2011-09 … 2013, score 2014), as bench/chicago.py.

    python bench/diag12/chicago_reference.py
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402

from risk.adapters import chicago  # noqa: E402
from risk.model import RiskModel, top_share  # noqa: E402

WEATHER = ["wx3d_temperatureMax", "wx3d_precipIntensity", "wx3d_windSpeed", "wx3d_humidity"]
EXTRA: dict[str, tuple[list[str], list[str]]] = {
    "kept (plan-time only)": ([], []),
    "+ wx3d weather": (WEATHER, []),
    "+ sanitarian_cluster": ([], ["sanitarian_cluster"]),
    "+ ward": ([], ["ward"]),
    "+ wx3d + sanitarian_cluster": (WEATHER, ["sanitarian_cluster"]),
}


@cache
def table() -> pd.DataFrame:
    return chicago.load(Path(os.environ.get("INSPECTION_SHARED", ROOT.parent / "shared")) / "data/chicago/inspections.csv.gz")


def run(numeric: list[str], categorical: list[str], split: str) -> tuple[float, float, float]:
    df = table()
    start, stop, year = chicago.SPLITS[split]
    train = ((df["inspection_date"] >= start) & (df["inspection_date"] < stop)).to_numpy()
    test = (df["inspection_date"].dt.year == year).to_numpy()
    X = chicago.features(df)
    for c in numeric:
        v = df[c].astype(float)
        X[c] = v.fillna(float(v[train].median()))
    for c in categorical:
        X[c] = df[c].astype(str).fillna("none")
    y = df["y_critical_found"].to_numpy(dtype=int)
    m = RiskModel(numeric=[*chicago.NUMERIC, *numeric], categorical=[*chicago.CATEGORICAL, *categorical],
                  increasing=chicago.INCREASING, firm_pairs=chicago.FIRM_PAIRS, group="facility_type_clean",
                  random_state=0).fit(X[train], y[train], df.loc[train, "inspection_date"])
    p = m.predict_proba(X[test])[:, 1]
    return float(roc_auc_score(y[test], p)), top_share(y[test], p, 0.2), top_share(y[test], p, 0.5)


def main() -> None:
    print("| columns | validation 2013 (AUC / top-20% / top-50%) | test 2014 (AUC / top-20% / top-50%) | 2014 meets 0.645 / 0.33 / 0.68 |")
    print("|---|---|---|---|")
    for name, (num, cat) in EXTRA.items():
        v, t = run(num, cat, "validation"), run(num, cat, "test")
        meets = "yes" if t[0] >= 0.645 and t[1] >= 0.33 and t[2] >= 0.68 else "no"
        print(f"| {name} | {' / '.join(f'{x:.3f}' for x in v)} | {' / '.join(f'{x:.3f}' for x in t)} | {meets} |", flush=True)


if __name__ == "__main__":
    main()
