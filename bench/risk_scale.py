"""Scoring at scale (issue 12): CPU seconds of `score_bundle` on a generated bureau, one process.

CPU from `time.process_time()` around `risk.score.score_bundle` (the target: a province in ≤ 60 s);
wall time is printed too but is only comparable at equal load on a shared machine.

Usage: python bench/risk_scale.py [--preset province] [--seed 1] [--work DIR] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bundle import load_bundle  # noqa: E402
from risk.score import score_bundle  # noqa: E402
from scenarios import generate  # noqa: E402


def main(argv: list[str] | None = None) -> dict[str, float]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--preset", default="province")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", default=None, help="folder to keep (and reuse) the generated bureau")
    ap.add_argument("--profile", action="store_true", help="print the 30 costliest calls (cProfile, cumulative)")
    a = ap.parse_args(argv)
    work = Path(a.work or tempfile.mkdtemp(prefix=f"risk-{a.preset}-"))
    if not (work / "bundle").exists():
        generate(a.preset, work, seed=a.seed)
    b = load_bundle(work / "bundle")
    prof = cProfile.Profile() if a.profile else None
    load = os.getloadavg()[0]
    t0, w0 = time.process_time(), time.perf_counter()
    if prof:
        prof.enable()
    s = score_bundle(b, random_state=0)
    if prof:
        prof.disable()
    r = {"cpu_s": round(time.process_time() - t0, 1), "wall_s": round(time.perf_counter() - w0, 1), "load": round(load, 1),
         "labelled": s.card["labelled_inspections"], "enterprises": len(s.frame)}
    print(f"{a.preset} seed {a.seed}: score_bundle {r['cpu_s']} s CPU, {r['wall_s']} s wall (load {r['load']}), "
          f"{r['enterprises']} enterprises, {r['labelled']} labelled inspections, chosen: {s.card.get('chosen')}")
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
    return r


if __name__ == "__main__":
    main()
