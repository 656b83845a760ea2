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


PLAN_CASE = """
import time, json, resource
from pathlib import Path
from scenarios import generate
from bundle import load_bundle
from risk import score_bundle
from scheduler.plan import make_plan, PlanOptions
from scheduler.output import write_plan
from checker import check_plan
out = Path({out!r})
bundle = out / "bundle"
if not bundle.exists():
    generate({preset!r}, out, seed=1, officers_scale={scale!r})
b = load_bundle(bundle)
scores = score_bundle(b)
for engine in ("greedy", "cp-sat"):
    t = time.perf_counter()
    p = make_plan(b, PlanOptions(use_solver=engine == "cp-sat", processes=2), scores=scores)
    wall = time.perf_counter() - t
    folder = write_plan(p, out / ("plan-" + engine))
    meta = json.loads((folder / "plan.json").read_text())
    violations = check_plan(b, folder)
    sv = meta["solver"]
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    print(json.dumps({{engine: {{"wall_s": round(wall, 1), "plan_s": sv["wall_seconds"], "final": sv["final_objective"],
        "model_obj": sv["objective"], "bound": sv["best_bound"], "greedy": sv["greedy_objective"],
        "sampled": sv["sampled_enterprises"], "shortfalls": len(meta["shortfalls"]),
        "required_short": sum(1 for s in meta["shortfalls"] if s["kind"] in ("mandatory", "triggered", "follow_up")),
        "joint": meta["joint_rate"], "violations": len(violations), "visits": meta["counts"]["visits"]["total"],
        "months": list(meta["counts"]["month"].values()), "child_peak_mb": kids, "timings": sv["timings"]}}}}))
"""


def plans(work: Path, cases: list[tuple[str, str, float]]) -> None:
    print("\n## Scheduler: greedy vs CP-SAT (2 processes x 1 worker)")
    print(f"{'case':14} {'engine':7} {'wall s':>7} {'visits':>7} {'objective':>13} {'model bound':>13} {'vs bound':>9} "
          f"{'sampled':>8} {'short':>6} {'req.short':>9} {'joint':>6} {'viol':>5} {'main MB':>8} {'part MB':>8}")
    for name, preset, scale in cases:
        f = child(PLAN_CASE.format(out=str(work / name), preset=preset, scale=scale))
        for engine in ("greedy", "cp-sat"):
            r = f[engine]
            gap = (r["bound"] - r["model_obj"]) / r["bound"] if r["bound"] else 0.0
            joint = f"{r['joint']:.1%}" if r["joint"] is not None else "-"
            print(f"{name:14} {engine:7} {r['wall_s']:>7} {r['visits']:>7} {r['final']:>13,} {r['bound']:>13,.0f} {gap:>9.3%} "
                  f"{r['sampled']:>8} {r['shortfalls']:>6} {r['required_short']:>9} {joint:>6} {r['violations']:>5} "
                  f"{f['peak_mb']:>8} {r['child_peak_mb']:>8}")
        g, c = f["greedy"], f["cp-sat"]
        more = (c["sampled"] - g["sampled"]) / max(1, g["sampled"])
        print(f"{'':14} cp-sat vs greedy: sampled enterprises {more:+.1%}, required shortfalls {c['required_short']} vs "
              f"{g['required_short']}; visits by month {c['months']}; phases {c['timings']}")


WHY_CASE = """
import json, random, socket, threading, time, io, zipfile
from pathlib import Path
import httpx, uvicorn
from sqlmodel import Session
from scenarios import generate
from api.app import create_app
from api.settings import Settings
from api.security import create_user
from api.jobs import Jobs
from api.services import create_plan, store_upload
from api.models import SelectionRow
from sqlmodel import select
work = Path({work!r})
bundle = work / "bundle"
if not bundle.exists():
    generate("city", work, seed=1)
app = create_app(Settings(database_url="sqlite:///" + str(work / "why.db"), data_dir=work / "data", plan_processes=2))
with Session(app.state.engine) as s:
    u = create_user(s, "bench", "viewer", "b3nch-password")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for p in sorted(bundle.iterdir()):
            zf.write(p, p.name)
    up = store_upload(s, u, "city.zip", buf.getvalue())
    plan_id = create_plan(s, u, up.id).id
    t = time.perf_counter()
    Jobs(app.state.engine, app.state.settings).run(plan_id)
    job_s = time.perf_counter() - t
    ids = [r for r in s.exec(select(SelectionRow.enterprise_id).where(SelectionRow.plan_id == plan_id))]
sock = socket.socket(); sock.bind(("127.0.0.1", 0)); port = sock.getsockname()[1]; sock.close()
srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
threading.Thread(target=srv.run, daemon=True).start()
while not srv.started:
    time.sleep(0.05)
base = f"http://127.0.0.1:{{port}}"
with httpx.Client(base_url=base, timeout=30) as c:
    tok = c.post("/api/auth/token", data={{"username": "bench", "password": "b3nch-password"}}).json()["access_token"]
    h = {{"Authorization": "Bearer " + tok}}
    c.get(f"/api/plans/{{plan_id}}/enterprises/{{ids[0]}}/why", headers=h)  # the first read loads the folder
    rnd = random.Random(0)
    times = []
    for _ in range(400):
        eid = rnd.choice(ids)
        t = time.perf_counter()
        r = c.get(f"/api/plans/{{plan_id}}/enterprises/{{eid}}/why", headers=h)
        times.append(time.perf_counter() - t)
        assert r.status_code == 200
srv.should_exit = True
times.sort()
print(json.dumps({{"job_s": round(job_s, 1), "n": len(times), "p50_ms": round(1000 * times[len(times) // 2], 1),
                  "p95_ms": round(1000 * times[int(len(times) * 0.95)], 1), "max_ms": round(1000 * times[-1], 1)}}))
"""


def why(work: Path) -> None:
    print("\n## Service: GET /api/plans/{id}/enterprises/{eid}/why on the city plan (uvicorn, loopback, 400 requests)")
    f = child(WHY_CASE.format(work=str(work / "why-city")))
    print(f"plan job {f['job_s']} s; why p50 {f['p50_ms']} ms, p95 {f['p95_ms']} ms, max {f['max_ms']} ms (target p95 <= 50 ms)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="foundation,plan,why")
    ap.add_argument("--skip-province", action="store_true")
    args = ap.parse_args()
    only = set(args.only.split(","))
    presets = ["demo", "city"] + ([] if args.skip_province else ["province"])
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        if "foundation" in only:
            foundation(work, presets)
        if "plan" in only:
            cases = [("demo", "demo", 1.0), ("city", "city", 1.0), ("city-tight", "city", 0.5)]
            if not args.skip_province:
                cases.append(("province", "province", 1.0))
            plans(work, cases)
        if "why" in only:
            why(work)
    print(f"\nbench done in {time.perf_counter() - started:.0f} s; this machine: {resource.getpagesize()}-byte pages, "
          f"{__import__('os').cpu_count()} cores")


if __name__ == "__main__":
    main()
