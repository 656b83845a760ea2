"""Where the main process's memory goes, phase by phase: `make_plan` on a bundle (Dask, 2 workers, as bench/scale.py's
dask2 run) with its phase functions wrapped and a thread reading the process's own resident size every 20 ms. Prints,
per phase, the resident size on entry and the highest seen while it ran (its callees included), then the writing of
the plan folder. bench/scale.py samples every 0.25 s from outside and gives the figure issue 12 is judged by; this one
says which phase to look at when that figure moves (twenty-sixth round: the draw and the writing, not a bisection).

Usage: python bench/memory_phases.py BUNDLE_DIR OUT_DIR [--time-limit 3]
"""

from __future__ import annotations

import argparse
import functools
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

PHASES = ("score_bundle", "build_requirements", "staff", "team_pair_days", "open_windows", "day_bound", "transport",
          "build_parts", "solve_parts", "restore", "place_guests", "walk_sampled", "make_visits", "draw_officers",
          "settle_status")


class Probe:
    """The current phase and, per phase, the resident size on entry and the highest seen."""

    def __init__(self) -> None:
        self.me = psutil.Process()
        self.phase = "start"
        self.entry: dict[str, int] = {}
        self.peak: dict[str, int] = {}
        self.order: list[str] = []

    def enter(self, name: str) -> str:
        before, self.phase = self.phase, name
        if name not in self.entry:
            self.order.append(name)
            self.entry[name] = self.me.memory_info().rss
        return before

    def sample(self) -> None:
        while True:
            rss = self.me.memory_info().rss
            self.peak[self.phase] = max(self.peak.get(self.phase, 0), rss)
            time.sleep(0.02)

    def wrap(self, module: Any, name: str) -> None:
        f: Callable[..., Any] = getattr(module, name)

        @functools.wraps(f)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            before = self.enter(name)
            try:
                return f(*args, **kwargs)
            finally:
                self.peak[name] = max(self.peak.get(name, 0), self.me.memory_info().rss)
                self.phase = before  # back to the caller's phase (make_plan's own work between the steps)

        setattr(module, name, wrapped)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("bundle", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--time-limit", type=float, default=3.0)
    args = ap.parse_args()
    probe = Probe()
    threading.Thread(target=probe.sample, daemon=True).start()
    import scheduler.plan as plan
    from bundle import load_bundle
    from scheduler.atomic import write_plan_atomically

    for name in PHASES:
        probe.wrap(plan, name)
    probe.enter("load_bundle")
    b = load_bundle(args.bundle)
    b.files = {}  # as `inspection plan` does
    probe.enter("make_plan")
    p = plan.make_plan(b, plan.PlanOptions(time_limit=args.time_limit, processes=2, engine="dask", release_history=True))
    probe.enter("write_plan")
    write_plan_atomically(p, args.out)
    probe.enter("end")
    time.sleep(0.1)
    print(f"{'phase':20} {'entry MB':>9} {'peak MB':>8}")
    for name in probe.order:
        print(f"{name:20} {probe.entry[name] / 2**20:9.0f} {probe.peak.get(name, 0) / 2**20:8.0f}")
    print(f"highest: {max(probe.peak.values()) / 2**20:.0f} MB; timings {p.timings}")


if __name__ == "__main__":  # Dask's spawned workers import this module again: only the parent plans
    main()
