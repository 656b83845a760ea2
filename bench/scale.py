"""`make bench` (scale): the province on each engine — wall, peak memory of the main process and of
each worker, the speed-up of 2 Dask workers over 1, and whether the plans' bytes agree.

Each run is a fresh child process under `/usr/bin/time -v` (when installed), sampled every 0.25 s
with psutil so that the main process and every worker get their own peak RSS; Dask's workers also
report their own ru_maxrss through the client. The machine's load average is printed with each run:
wall times on a shared machine are only comparable at equal load.

Usage: python bench/scale.py [--preset province] [--runs dask2,dask1,pool] [--time-limit 3]
                             [--work DIR] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]

RUN = """
import json, sys, time
from pathlib import Path
from bundle import load_bundle
from scheduler.plan import PlanOptions, make_plan
from scheduler.atomic import write_plan_atomically
from scheduler import engine as E

def main():
    t0 = time.perf_counter()
    b = load_bundle({bundle!r})
    b.files = {{}}  # as `inspection plan` does: the bytes are hashed (input_sha256), a plan never reads them again
    load_s = time.perf_counter() - t0
    p = make_plan(b, PlanOptions(time_limit={time_limit!r}, processes={workers!r}, engine={engine!r}, release_history=True))
    write_plan_atomically(p, Path({out!r}))
    print("RESULT " + json.dumps({{"load_s": round(load_s, 1), "timings": p.timings, "total_s": round(time.perf_counter() - t0, 1),
                                   "parts": [{{"district": f["district"], "entries": f["entries"], "wall_s": t["wall_s"], "cpu_s": t["cpu_s"], "pid": t["pid"]}}
                                             for f, t in zip(p.parts, E.LAST_REPORT["tasks"], strict=True)],
                                   "engine_report": {{k: v for k, v in E.LAST_REPORT.items() if k != "tasks"}}}}))

if __name__ == "__main__":  # Dask's spawned workers import this module again: only the parent plans
    main()
"""

RUNS = {  # name → (engine, workers)
    "dask2": ("dask", 2),
    "dask1": ("dask", 1),
    "pool": (None, 2),
}


def run_case(name: str, bundle: Path, out: Path, time_limit: float) -> dict[str, object]:
    engine, workers = RUNS[name]
    script = out.parent / f"run-{name}.py"
    script.write_text(RUN.format(bundle=str(bundle), out=str(out), time_limit=time_limit, workers=workers, engine=engine))
    gnu_time = shutil.which("time", path="/usr/bin")
    cmd = ([gnu_time, "-v"] if gnu_time else []) + [sys.executable, str(script)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    root = psutil.Process(proc.pid)
    peaks: dict[int, int] = {}
    kind: dict[int, str] = {}
    loads = []
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.Error:
            tree = []
        for q in tree:
            try:
                peaks[q.pid] = max(peaks.get(q.pid, 0), q.memory_info().rss)
                if q.pid not in kind:
                    line = " ".join(q.cmdline())
                    kind[q.pid] = ("time" if q.pid == proc.pid and gnu_time else "main" if str(script) in line
                                   else "worker" if "spawn_main" in line or "forkserver" in line else "other")
            except psutil.Error:
                pass
        loads.append(os.getloadavg()[0])
        time.sleep(0.25)
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{name} failed:\n{stderr[-3000:]}")
    result = json.loads(next(line[7:] for line in stdout.splitlines() if line.startswith("RESULT ")))
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    main_pids = [p for p, k in kind.items() if k == "main"]
    # forked pool children run the same script: the first process of the script is the main one
    main_pid = min(main_pids) if main_pids else proc.pid
    workers_mb = sorted((round(v / 2**20) for p, v in peaks.items() if p != main_pid and kind.get(p) != "time"), reverse=True)
    return {"name": name, "engine": engine or "pool", "workers": workers, "wall_s": round(wall, 1),
            "main_peak_mb": round(peaks.get(main_pid, 0) / 2**20), "children_peak_mb": workers_mb[:4],
            "gnu_time_max_rss_mb": round(int(m.group(1)) / 1024) if m else None,
            "load_avg": [round(load_before, 1), round(sum(loads) / max(1, len(loads)), 1)], **result}


def run_check(bundle: Path, plan: Path) -> dict[str, object]:
    """`inspection check` on one plan in a fresh process under `/usr/bin/time -v`: its peak memory (target ≤ 1 GB at the
    province), wall, user CPU and whether the plan keeps every invariant."""
    gnu_time = shutil.which("time", path="/usr/bin")
    cli = Path(sys.executable).with_name("inspection")
    cmd = ([gnu_time, "-v"] if gnu_time else []) + ([str(cli)] if cli.exists() else [sys.executable, "-m", "inspection.cli"]) + [
        "check", str(bundle), str(plan)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    u = re.search(r"User time \(seconds\): ([\d.]+)", proc.stderr)
    return {"wall_s": round(time.perf_counter() - t0, 1), "peak_mb": round(int(m.group(1)) / 1024) if m else None,
            "user_s": float(u.group(1)) if u else None, "clean": proc.returncode == 0, "exit": proc.returncode}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--preset", default="province")
    ap.add_argument("--runs", default="dask2,dask1,pool")
    ap.add_argument("--time-limit", type=float, default=3.0)
    ap.add_argument("--work", type=Path, default=None, help="keep the bundle and plans here (default: a temporary folder)")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    ap.add_argument("--no-check", action="store_true", help="skip `inspection check` on the first run's plan")
    args = ap.parse_args()
    tmp = None if args.work else tempfile.TemporaryDirectory(prefix="bench-scale-")
    work = args.work or Path(tmp.name)  # type: ignore[union-attr]
    work.mkdir(parents=True, exist_ok=True)
    bundle = work / args.preset / "bundle"
    if not bundle.exists():
        from scenarios import generate

        t = time.perf_counter()
        generate(args.preset, work / args.preset, seed=1)
        print(f"generated {args.preset} in {time.perf_counter() - t:.1f} s")
    print(f"## Scale: {args.preset} on each engine ({os.cpu_count()} cores; load average now {os.getloadavg()[0]:.1f})")
    print(f"{'run':6} {'wall s':>7} {'solve s':>8} {'load s':>7} {'main MB':>8} {'worker MB':>16} {'dask says MB':>16} {'load avg':>9}")
    figures = []
    for name in args.runs.split(","):
        f = run_case(name, bundle, work / f"plan-{name}", args.time_limit)
        figures.append(f)
        said = f["engine_report"].get("workers_peak_mb") or {}  # type: ignore[union-attr]
        print(f"{name:6} {f['wall_s']:>7} {f['timings']['solve']:>8} {f['load_s']:>7} {f['main_peak_mb']:>8} "  # type: ignore[index]
              f"{','.join(map(str, f['children_peak_mb'][:2])):>16} {','.join(map(str, said.values())):>16} "  # type: ignore[index]
              f"{f['load_avg'][1]:>9}", flush=True)  # type: ignore[index]
    by = {f["name"]: f for f in figures}
    if "dask1" in by and "dask2" in by:
        s1, s2 = by["dask1"]["timings"]["solve"], by["dask2"]["timings"]["solve"]  # type: ignore[index]
        print(f"speed-up of 2 Dask workers over 1 (solve phase): {s1 / s2:.2f}x (target >= 1.7x; noisy at load "
              f"{by['dask1']['load_avg'][1]} vs {by['dask2']['load_avg'][1]})")  # type: ignore[index]
    names = [f["name"] for f in figures]
    for file in ("visits.csv", "selection.csv"):
        digests = {n: (work / f"plan-{n}" / file).read_bytes() for n in names}
        same = len(set(digests.values())) == 1
        print(f"{file}: {'identical bytes' if same else 'DIFFERENT'} across {', '.join(names)}")
    for f in figures:
        cpu = sorted((p["cpu_s"] for p in f["parts"]), reverse=True)  # type: ignore[union-attr, index]
        busy = sum(p["wall_s"] for p in f["parts"]) / max(1e-9, float(f["timings"]["solve"]))  # type: ignore[union-attr, index, arg-type]
        per_worker: dict[int, float] = {}
        for p in f["parts"]:  # type: ignore[union-attr]
            per_worker[p["pid"]] = per_worker.get(p["pid"], 0.0) + p["cpu_s"]  # type: ignore[index]
        # CPU seconds do not depend on the machine's load: the speed-up the engine's split allows, overheads aside
        balance = sum(cpu) / max(per_worker.values())
        print(f"{f['name']}: per district CPU s ({len(cpu)}): max {cpu[0]}, median {cpu[len(cpu) // 2]}, sum {sum(cpu):.0f}; "
              f"workers kept busy {busy:.2f} of {f['workers']} (sum of task walls / solve wall); "
              f"CPU split over {len(per_worker)} worker process(es): speed-up {balance:.2f}x at most")
    if not args.no_check and figures:
        c = run_check(bundle, work / f"plan-{figures[0]['name']}")
        print(f"checker on plan-{figures[0]['name']}: peak {c['peak_mb']} MB (target <= 1024), wall {c['wall_s']} s, "
              f"user CPU {c['user_s']} s, {'clean' if c['clean'] else 'VIOLATIONS (exit ' + str(c['exit']) + ')'}")
        figures[0]["checker"] = c
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
