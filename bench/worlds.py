"""`make bench` (part 2): the scheduler on the stress worlds, against an independent bound.

For each preset × world: generate (`inspection scenario --world`), plan with `inspection
plan` at its defaults and with `--greedy`, check both with checker/, and print per class —
triggers + follow-ups, mandatory, sampled (agency-visits) — owed / placed / the bound
(checker/bound.py: pair-feasible team capacity, transport max flow, classes in R-PRIORITY
order; plan.json's own `bound` is shown beside it when the scheduler writes one), coverage
as a share of the bound for CP-SAT and for the greedy, whether sampled places were filled
in draw order, checker violations and wall time.

Usage: python bench/worlds.py [--presets demo,city] [--worlds all] [--city-worlds base,tight,mixed] [--seed 1] [--scale 0.5]
Wall times are of one machine shared with other work: noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bundle import load_bundle  # noqa: E402
from checker import check_plan  # noqa: E402
from checker.bound import CLASSES, capacity_bound, trigger_days  # noqa: E402
from checker.facts import Context  # noqa: E402
from scenarios.worlds import WORLDS  # noqa: E402

CLI = [sys.executable, "-m", "inspection.cli"]
SHORT = {"required": "trig+fu", "mandatory": "mandatory", "sampled": "sampled"}


def run(args: list[str]) -> float:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    t = time.perf_counter()
    r = subprocess.run(CLI + args, capture_output=True, text=True, cwd=ROOT, env=env, check=False)
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}")
    return time.perf_counter() - t


def case(work: Path, preset: str, world: str, seed: int, scale: float) -> dict[str, object]:
    out = work / f"{preset}-{world}-{scale:g}"
    gen = ["scenario", "--preset", preset, "--out", str(out), "--seed", str(seed), "--officers-scale", str(scale)]
    gen += [] if world == "base" else ["--world", world]
    run(gen)
    return measure(out, out / "bundle", f"{preset}{'' if scale == 1 else f'x{scale:g}'}/{world}")


def measure(out: Path, bundle: Path, label: str, engines: tuple[str, ...] = ("plan", "greedy")) -> dict[str, object]:
    """Plan `bundle` into out/<engine> (CP-SAT at its defaults; `greedy` with --greedy), check each with checker/ and
    measure it against checker/bound.py. bench/foreign_plans.py calls it on bundles made by other generators."""
    wall = run(["plan", str(bundle), "--out", str(out / "plan")])
    if "greedy" in engines:
        run(["plan", str(bundle), "--out", str(out / "greedy"), "--greedy"])
    b = load_bundle(bundle)
    figures: dict[str, object] = {"case": label, "wall": wall}
    for engine in engines:
        folder = out / engine
        t = time.perf_counter()
        found = check_plan(b, folder)
        check_s = time.perf_counter() - t
        ctx = Context(b, folder)
        bd = capacity_bound(ctx)
        td = trigger_days(ctx, bd.team_capacity)  # the day-aware bound on triggers + follow-ups
        meta = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
        figures[engine] = {"bound": bd, "days": td, "violations": Counter(v.rule for v in found), "check_s": check_s,
                           "in_order": not any(v.rule == "R-SAMPLE" and v.invariant == 6 for v in found),
                           # the scheduler's own bound per class (scheduler/bound.py), beside the checker's
                           "plan_bound": {c: v["bound"] for c, v in (meta.get("bound") or {}).get("classes", {}).items()},
                           "loss": meta["solver"].get("placement_loss")}  # model's placed − staffed, per class summed
    return figures


def pct(x: float | None) -> str:
    return "   -" if x is None else f"{x:6.1%}"


def print_case(f: dict[str, object]) -> None:
    p, g = f["plan"], f["greedy"]  # type: ignore[index]
    bd, gb = p["bound"], g["bound"]  # type: ignore[index]
    cells = []
    for c in CLASSES:
        cells.append(f"{bd.owed[c]:>6} {bd.placed.get(c, 0):>6} {bd.bound[c]:>6} {pct(bd.share(c))} {pct(gb.share(c))}")
    viol = p["violations"]  # type: ignore[index]
    vtext = ",".join(f"{r}:{n}" for r, n in sorted(viol.items())) or "0"
    td = p["days"]  # type: ignore[index]
    cells.append(f"{td['placed']:>5}/{td['bound']:<5} ({len(td['no_day'])} no day)")
    print(f"{f['case']:24} {' | '.join(cells)} | {bd.triggers_placed:>3}/{bd.triggers_owed:<3} "
          f"{'yes' if p['in_order'] else 'NO':>5} {f['wall']:>7.1f} {p['check_s']:>6.2f}  {vtext}"  # type: ignore[index]
          + f"  loss {p['loss']}"  # type: ignore[index]
          + (f"  plan.json bound {p['plan_bound']}" if p["plan_bound"] else ""))  # type: ignore[index]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--presets", default="demo,city")
    ap.add_argument("--worlds", default="all", help="worlds for every preset but city (comma list, or all)")
    ap.add_argument("--city-worlds", default="base,tight,mixed")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scale", type=float, default=0.5, help="officers_scale of the non-city presets (0.5: capacity binds)")
    args = ap.parse_args()
    worlds = ["base", *WORLDS] if args.worlds == "all" else args.worlds.split(",")
    print("## Stress worlds: coverage against an independent capacity bound (agency-visits; checker/bound.py)")
    print("trig+fu placed/day bound: triggers and follow-ups placed / checker/bound.py trigger_days (day-aware), "
          "and how many have no day at all with k officers present, certified and not recused")
    print("per class: owed, placed (CP-SAT defaults), bound, placed/bound, greedy placed/bound")
    head = " | ".join(f"{SHORT[c]:>9}: owed placed  bound  cover greedy" for c in CLASSES)
    print(f"{'preset/world':24} {head} | trig+fu placed/day bound | trig  order  wall s check s  checker violations, placement loss")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-worlds-") as tmp:
        for preset in args.presets.split(","):
            for world in (args.city_worlds.split(",") if preset == "city" else worlds):
                print_case(case(Path(tmp), preset, world, args.seed, 1.0 if preset == "city" else args.scale))
                sys.stdout.flush()
    print(f"worlds done in {time.perf_counter() - started:.0f} s (2 cores shared with other work: wall times are noisy)")


if __name__ == "__main__":
    main()
