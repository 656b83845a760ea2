"""Scheduler worlds it was not tuned on (issue 8): each class's coverage against the capacity bound, triggers placed,
checker violations, greedy vs CP-SAT, wall time.

    python bench/worlds.py [--presets tiny,demo] [--time-limit 3] [--out DIR]

Worlds, each made from `inspection scenario` output by editing the bundle's CSVs:
- `<preset>`: as generated;
- `<preset>-tight`: every officer's annual_visit_budget drawn from 8–40 (seeded);
- `<preset>-scarce`: as tight, and one agency keeps 2 certified officers in each of its teams (the rest move to
  auxiliary roles: they stay in the register, count for nothing);
- `<preset>-dishonest`: ten tier-candidates get a serious_dishonest record dated in the plan year (R-TIER).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    return rows[0], rows[1:]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def tighten(bundle: Path, seed: int, scarce: str | None) -> None:
    rng = random.Random(seed)
    h, rows = _rows(bundle / "officers.csv")
    b, team, role = h.index("annual_visit_budget"), h.index("team_id"), h.index("role")
    kept: dict[str, int] = {}
    for r in rows:
        r[b] = str(rng.randint(8, 40))
        if scarce and r[team].startswith(scarce + "-") and r[role] == "enforcement":
            kept[r[team]] = kept.get(r[team], 0) + 1
            if kept[r[team]] > 2:
                r[role] = "auxiliary"
    _write(bundle / "officers.csv", h, rows)


def dishonest(bundle: Path, year: int, n: int = 10) -> list[str]:
    h, ents = _rows(bundle / "enterprises.csv")
    ids = [r[h.index("enterprise_id")] for r in ents][5 : 5 + n]
    h2, recs = _rows(bundle / "credit_records.csv")
    for i, eid in enumerate(ids):
        row = dict.fromkeys(h2, "")
        row.update({"enterprise_id": eid, "kind": "serious_dishonest", "recorded_on": f"{year}-01-{10 + i:02d}",
                    "expires_on": f"{year + 2}-12-31"})
        if "record_id" in h2:
            row["record_id"] = f"SD-TEST-{i}"
        recs.append([row[c] for c in h2])
    _write(bundle / "credit_records.csv", h2, recs)
    return ids


def run_world(name: str, bundle_dir: Path, out: Path, time_limit: float) -> dict[str, object]:
    import pandas as pd

    from bundle import load_bundle
    from scheduler.check import check_plan
    from scheduler.output import write_plan
    from scheduler.plan import PlanOptions, make_plan

    b = load_bundle(bundle_dir)
    row: dict[str, object] = {"world": name}
    for engine, solver in (("greedy", False), ("cp-sat", True)):
        t0 = time.perf_counter()
        plan = make_plan(b, PlanOptions(time_limit=time_limit, use_solver=solver, processes=1))
        dest = write_plan(plan, out / f"{name}-{engine}")
        wall = time.perf_counter() - t0
        meta = json.loads((dest / "plan.json").read_text())
        cov = meta["bound"]["coverage"]
        sel = pd.read_csv(dest / "selection.csv", dtype=str, keep_default_na=False)
        order_ok = True
        for tier in plan.req.pools:
            s = sel[(sel.tier == tier) & (sel.draw_rank != "")].copy()
            s["r"] = s.draw_rank.astype(int)
            taken = s[s.basis == "sampled"].r
            last = taken.max() if len(taken) else 0
            # strict draw order: everyone ranked before the last selected is selected or was skipped for capacity
            order_ok &= bool(s[(s.r < last)].basis.isin(["sampled", "capacity", "triggered", "follow_up", "mandatory"]).all())
        viol = check_plan(b, dest)
        owed_tf = cov["trigger_follow_up"]["owed"]
        row[engine] = {"wall_s": round(wall, 1), "violations": len(viol), "trig_fu": f"{cov['trigger_follow_up']['placed']}/{cov['trigger_follow_up']['bound']} (owed {owed_tf})",
                       "mandatory_share_of_bound": cov["mandatory"]["share_of_bound"], "mandatory": f"{cov['mandatory']['placed']}/{cov['mandatory']['bound']} (owed {cov['mandatory']['owed']})",
                       "sampled": f"{cov['sampled']['placed']}/{cov['sampled']['bound']}", "draw_order_ok": order_ok,
                       "placement_loss": meta["solver"]["placement_loss"], "shortfalls": len(meta["shortfalls"]),
                       "first_violations": [str(v) for v in viol[:3]]}
    return row


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--presets", default="tiny,demo")
    ap.add_argument("--time-limit", type=float, default=3.0)
    ap.add_argument("--out", type=Path, default=Path("/tmp/sched-worlds"))
    ap.add_argument("--seed", type=int, default=11)
    a = ap.parse_args()
    from scenarios import generate

    a.out.mkdir(parents=True, exist_ok=True)
    for preset in a.presets.split(","):
        base = a.out / preset
        if not (base / "bundle").exists():
            generate(preset, base, seed=a.seed)
        worlds = {preset: None, f"{preset}-tight": ("tight", None), f"{preset}-scarce": ("tight", "gas"), f"{preset}-dishonest": ("dishonest", None)}
        for name, how in worlds.items():
            bdir = a.out / name / "bundle"
            if how is not None:
                shutil.rmtree(a.out / name, ignore_errors=True)
                shutil.copytree(base / "bundle", bdir)
                if how[0] == "tight":
                    tighten(bdir, a.seed, how[1])
                else:
                    year = json.loads((bdir / "policy.json").read_text()).get("year", 2027)
                    dishonest(bdir, int(year))
            else:
                bdir = base / "bundle"
            print(json.dumps(run_world(name, bdir, a.out / "plans", a.time_limit), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
