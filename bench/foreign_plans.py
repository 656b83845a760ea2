"""The scheduler on bureaus other generators made (not our scenario worlds): plan each bundle with `inspection plan` at
its defaults, check it with checker/, and print, per bundle, what R-PRIORITY owes per class against the checker's
independent bound (checker/bound.py), the shortfalls by rule, and the checker's violations.

The held-out generators (bench/foreign*/generate.py, bench/unseen_seeds.py) were written from bundle.md alone for the
risk model; their bundles carry agencies, teams, officers, calendars, recusals and triggers too, so they are worlds
the scheduler was never tuned to either.

    python bench/foreign_plans.py /tmp/foreign26/keep [more folders …] [--only n2000] [--out bench/diag23/foreign_plans.csv]

Each folder holds bureaus `<name>/bundle/`. Wall times are of one machine shared with other work: noisy.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from worlds import CLASSES, measure


def bureaus(folders: list[Path], only: str | None) -> list[Path]:
    out = []
    for f in folders:
        out += [d for d in sorted(f.iterdir()) if (d / "bundle").is_dir() and (only is None or only in d.name)]
    return out


def row(label: str, figures: dict[str, object], plan: Path) -> dict[str, object]:
    p = figures["plan"]
    bd, td = p["bound"], p["days"]  # type: ignore[index]
    meta = json.loads((plan / "plan.json").read_text(encoding="utf-8"))
    by_rule = Counter(f"{s.get('kind')}:{s.get('rule')}" for s in meta.get("shortfalls", []) if s.get("kind") != "capacity")
    r: dict[str, object] = {"bureau": label, "wall_s": round(float(figures["wall"]), 1),  # type: ignore[arg-type]
                            "violations": ",".join(f"{k}:{n}" for k, n in sorted(p["violations"].items())) or "0",  # type: ignore[index]
                            "in_order": p["in_order"], "placement_loss": p["loss"],  # type: ignore[index]
                            "trig_fu_placed": td["placed"], "trig_fu_day_bound": td["bound"], "trig_fu_no_day": len(td["no_day"]),
                            "triggers_placed": bd.triggers_placed, "triggers_owed": bd.triggers_owed,
                            "shortfalls": ";".join(f"{k}={n}" for k, n in sorted(by_rule.items()))}
    for c in CLASSES:
        r[f"{c}_owed"], r[f"{c}_placed"], r[f"{c}_bound"] = bd.owed[c], bd.placed.get(c, 0), bd.bound[c]
    return r


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--only", help="keep bureaus whose folder name contains this (e.g. n2000)")
    ap.add_argument("--out", type=Path)
    a = ap.parse_args()
    rows = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-foreign-plans-") as tmp:
        for d in bureaus(a.folders, a.only):
            label = f"{d.parent.parent.name}/{d.name}"
            out = Path(tmp) / label.replace("/", "_")
            r = row(label, measure(out, d / "bundle", label, engines=("plan",)), out / "plan")
            rows.append(r)
            gap = int(r["trig_fu_day_bound"]) - int(r["trig_fu_placed"])  # type: ignore[call-overload]
            print(f"{label:60} trig+fu {r['trig_fu_placed']}/{r['trig_fu_day_bound']} (gap {gap})  mandatory "
                  f"{r['mandatory_placed']}/{r['mandatory_owed']} (bound {r['mandatory_bound']})  sampled {r['sampled_placed']}/"
                  f"{r['sampled_owed']}  order {'yes' if r['in_order'] else 'NO'}  violations {r['violations']}  "
                  f"{r['wall_s']} s  {r['shortfalls']}", flush=True)
    if a.out and rows:
        with a.out.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    print(f"{len(rows)} bureaus in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
