"""Which of the harness LR's feature groups carry its lead over the product's feature set: the harness's plain LR
refitted with one group left out, judged against truth (top-20% lift, Spearman). Nothing from risk/.
Usage: python bench/diag9/lr_groups.py --generator bench/foreign9 --keep DIR --only hot_streets-n6000"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from decompose import harness, plain, rho, top_lift

GROUPS = {"sector": "sector_", "size": "size_", "grade": "grade_", "records": "rec_", "triggers": "trig_",
          "history": "n_", "age": "age_years", "employees": "log_employees", "remote": "remote"}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--generator", type=Path, required=True)
    ap.add_argument("--keep", type=Path, required=True)
    ap.add_argument("--only", default="")
    a = ap.parse_args()
    harness.use_generator(a.generator.resolve())
    for folder in sorted(a.keep.iterdir()):
        if a.only and not any(o in folder.name for o in a.only.split(",")):
            continue
        bundle = folder / "bundle"
        truth = pd.read_csv(folder / "truth.csv", dtype={"enterprise_id": str})
        p = truth["p_violation"].to_numpy()
        insp = pd.read_csv(bundle / "inspections.csv", dtype=str)
        q = pd.DataFrame({"enterprise_id": insp["enterprise_id"], "at": pd.to_datetime(insp["inspected_on"])})
        y = insp["outcome"].isin(harness.VIOLATION).to_numpy(int)
        Xtr = harness.lr_features(bundle, q)
        Xs = harness.lr_features(bundle, pd.DataFrame({"enterprise_id": truth["enterprise_id"],
                                                       "at": pd.Timestamp(f"{harness.PLAN_YEAR}-01-01")}))
        full = plain(Xtr, y, Xs)
        line = [f"{folder.name}: all {top_lift(full, p):.3f}/{rho(full, p):.3f}"]
        for g, pre in GROUPS.items():
            cols = [c for c in Xtr if not c.startswith(pre)]
            s = plain(Xtr[cols], y, Xs[cols])
            line.append(f"-{g} {top_lift(s, p):.3f}/{rho(s, p):.3f}")
        print(" | ".join(line), flush=True)



if __name__ == "__main__":
    main()
