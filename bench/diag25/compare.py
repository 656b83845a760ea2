"""Compare two bench/foreign_plans.py CSVs per bureau (rows matched by family-seed name, whatever folder prefix).

    python bench/diag25/compare.py BEFORE.csv [MORE_BEFORE.csv …] --after AFTER.csv

Later before files replace earlier rows of the same bureau (a re-run of some bureaus on newer code)."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

COLS = ("trig_fu_placed", "mandatory_placed", "sampled_placed", "violations")


def rows(path: Path) -> dict[str, dict[str, str]]:
    return {r["bureau"].split("/")[-1]: r for r in csv.DictReader(path.open(encoding="utf-8"))}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("before", nargs="+", type=Path)
    ap.add_argument("--after", type=Path, required=True)
    a = ap.parse_args()
    before: dict[str, dict[str, str]] = {}
    for p in a.before:
        before.update(rows(p))
    after = rows(a.after)
    tot = {c: [0, 0] for c in (*COLS, "trig_fu_day_bound", "mandatory_bound")}
    for name in sorted(after):
        b, x = before.get(name), after[name]
        if b is None:
            print(f"{name}: no before row")
            continue
        for c in tot:
            tot[c][0] += int(b[c])
            tot[c][1] += int(x[c])
        diff = [f"{c} {b[c]} -> {x[c]}" for c in COLS if b[c] != x[c]]
        if diff:
            print(f"{name:40s} " + "; ".join(diff) + f"   (mandatory bound {x['mandatory_bound']}, trig+fu day bound {x['trig_fu_day_bound']})")
    print(f"{len(after)} bureaus; totals before -> after: " + "; ".join(f"{c} {v[0]:,} -> {v[1]:,}" for c, v in tot.items()))


if __name__ == "__main__":
    main()
