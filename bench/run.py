"""`make bench`: the speed and memory figures the issues set targets for.

Each case runs in a fresh child process so its peak memory (ru_maxrss) is its own.
Usage: python bench/run.py [--only foundation,plan,why] [--skip-province]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def child(code: str) -> dict[str, object]:
    """Run `code` in a fresh interpreter; it prints one JSON line of figures."""
    wrapper = code + "\nimport resource, json as _j\nprint('MAXRSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    r = subprocess.run([sys.executable, "-c", wrapper], capture_output=True, text=True, cwd=ROOT, check=False)
    if r.returncode != 0:
        raise SystemExit(f"bench case failed:\n{r.stderr[-3000:]}")
    figures: dict[str, object] = {}
    for line in r.stdout.splitlines():
        if line.startswith("{"):
            figures.update(json.loads(line))
        elif line.startswith("MAXRSS"):
            figures["peak_mb"] = round(int(line.split()[1]) / 1024)
    return figures


def foundation(work: Path, presets: list[str]) -> None:
    print("## Foundation: scenario generation and bundle validation")
    print(f"{'preset':10} {'generate s':>11} {'validate s':>11} {'enterprises':>12} {'inspections':>12} {'peak MB':>8}")
    for preset in presets:
        out = work / preset
        f = child(f"""
import time, json
from scenarios import generate
from bundle import load_bundle
t = time.perf_counter(); b = generate({preset!r}, {str(out)!r}, seed=1); g = time.perf_counter() - t
t = time.perf_counter(); x = load_bundle(b); v = time.perf_counter() - t
print(json.dumps({{"generate_s": round(g, 2), "validate_s": round(v, 2), "enterprises": len(x.enterprises), "inspections": len(x.inspections)}}))
""")
        print(f"{preset:10} {f['generate_s']:>11} {f['validate_s']:>11} {f['enterprises']:>12} {f['inspections']:>12} {f['peak_mb']:>8}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="foundation")
    ap.add_argument("--skip-province", action="store_true")
    args = ap.parse_args()
    only = set(args.only.split(","))
    presets = ["demo", "city"] + ([] if args.skip_province else ["province"])
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        if "foundation" in only:
            foundation(work, presets)
    print(f"\nbench done in {time.perf_counter() - started:.0f} s; this machine: {resource.getpagesize()}-byte pages, "
          f"{__import__('os').cpu_count()} cores")


if __name__ == "__main__":
    main()
