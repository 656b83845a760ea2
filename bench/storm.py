"""`make bench` (issue 13): the service under hostile uploads, a login storm and 50 readers.

A real server (uvicorn, a subprocess on 127.0.0.1, its own SQLite database in a temp folder)
with the default caps. Throughout each case another user's GET is timed (p95, max), and the
server's memory is sampled: the resident memory of the server and every process under it
(upload workers, plan jobs) summed, the peak reported. Loopback only; every loop is bounded.

The server keeps idle connections 75 s (`--timeout-keep-alive 75`, as behind a proxy): with
uvicorn's 5 s a reader reusing a connection the server just closed counts a ReadError.
Usage: python bench/storm.py [--seconds 60] [--readers 50]
Targets: during a hostile upload or a 100-login storm, another user's GET p95 <= 2 s and server
memory <= 1 GB; 50 concurrent readers for 60 s: 0 errors, p95 <= 1 s (on 2 cores)."""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
USERS = (("planner", "planner", "bench-planner-pass"), ("viewer", "viewer", "bench-viewer-pass"), ("reader", "viewer", "bench-reader-pass"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_rss_mb(root: int) -> float:
    """Resident memory of `root` and all its descendants (from /proc), in MB."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            fields = Path(f"/proc/{d}/stat").read_text().rsplit(")", 1)[1].split()
            parents[int(d)] = int(fields[1])
            rss[int(d)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    seen = set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        total += rss.get(p, 0)
        todo += [c for c, pp in parents.items() if pp == p]
    return total / 2**20


class Sampler:
    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0.0, threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss_mb(self.pid))
            self._stop.wait(0.2)

    def __enter__(self) -> Sampler:
        self.peak = 0.0
        self._stop.clear()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._t.join()


class Probe:
    """Another user's GET every 0.1 s while a case runs."""

    def __init__(self, base: str, headers: dict[str, str], path: str):
        self.base, self.headers, self.path = base, headers, path
        self.times: list[float] = []
        self.errors = 0
        self._stop = threading.Event()

    def _run(self) -> None:
        with httpx.Client(base_url=self.base, headers=self.headers, timeout=60) as c:
            while not self._stop.is_set():
                t = time.perf_counter()
                try:
                    ok = c.get(self.path).status_code == 200
                except httpx.HTTPError:
                    ok = False
                self.times.append(time.perf_counter() - t)
                self.errors += not ok
                self._stop.wait(0.1)

    def __enter__(self) -> Probe:
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._t.join()


def p95(xs: list[float]) -> float:
    if not xs:
        return float("nan")
    s = sorted(xs)
    return s[min(len(s) - 1, int(0.95 * len(s)))]


def zipped(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for n, d in files.items():
            zf.writestr(n, d)
    return buf.getvalue()


def hostile_uploads(bundle: Path) -> dict[str, tuple[str, bytes]]:
    """The audit's uploads, in small: a 16 MiB CSV in a ~0.1 MB zip, an xlsx declaring
    A1:XFD1048576, the bundle with a 210 MB pad.json (zipped: tiny; not kept), and a large
    real-looking enterprises.csv (900,000 distinct rows, ~90 MB, 7 MB zipped) that passes the
    size, ratio and row caps and is validated until the worker's memory cap stops it."""

    import openpyxl

    row = b"91140400MA0000000X,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
    out = {"bomb16": ("bomb16.zip", zipped({"enterprises.csv": b"enterprise_id,name\n" + row * (16 * 2**20 // len(row))}))}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "enterprises"
    ws.append(["enterprise_id", "name"])
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(buf)
    parts = {i.filename: src.read(i) for i in src.infolist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/"))
    parts[sheet] = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:XFD1048576"', parts[sheet])
    out["xfd"] = ("huge.xlsx", zipped(parts))
    files = {p.name: p.read_bytes() for p in sorted(bundle.iterdir())}
    files["pad.json"] = b"{" + b" " * (210 * 2**20) + b"}"
    out["pad"] = ("pad.zip", zipped(files))
    # a large real-looking CSV, every row distinct (does not compress away): rows cap not reached
    lines = [b"enterprise_id,name,district_code,sector,size,address,legal_rep,registered_on,status,agency_ids"]
    lines += [b"9114%014d,\xe6\x9f\x90\xe5\x85\xac\xe5\x8f\xb8%d,140403,construction,small,addr %d,rep,2020-01-01,active,hb" % (i, i, i)
              for i in range(900_000)]
    big = b"\n".join(lines)
    out["big_csv"] = ("big.zip", zipped({**{k: v for k, v in files.items() if k != "pad.json" and k != "enterprises.csv"},
                                         "enterprises.csv": big}))
    return out


async def readers(base: str, headers: dict[str, str], paths: list[str], n: int, seconds: float) -> tuple[list[float], dict[str, int], int]:
    times: list[float] = []
    errors: dict[str, int] = {}
    end = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60, limits=limits) as c:

        async def one(i: int) -> None:
            k = i
            while time.perf_counter() < end:
                t = time.perf_counter()
                try:
                    code = str((await c.get(paths[k % len(paths)])).status_code)
                except httpx.HTTPError as e:
                    code = type(e).__name__
                times.append(time.perf_counter() - t)
                if code != "200":
                    errors[code] = errors.get(code, 0) + 1
                k += 1

        await asyncio.gather(*(one(i) for i in range(n)))
    return times, errors, len(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--readers", type=int, default=50)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from sqlmodel import Session

    from api.db import make_engine, migrate
    from api.security import create_user
    from scenarios import generate

    work = Path(tempfile.mkdtemp(prefix="storm-"))
    url = f"sqlite:///{work / 'storm.db'}"
    migrate(url)
    with Session(make_engine(url)) as s:
        for name, role, pw in USERS:
            create_user(s, name, role, pw, demo=True)
    bundle = generate("tiny", work / "tiny", seed=3)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DATABASE_URL": url, "INSPECTION_DATA_DIR": str(work / "data"), "INSPECTION_PLAN_TIME_LIMIT": "2",
           "INSPECTION_PLAN_PROCESSES": "1", "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1", "--port", str(port),
                               "--log-level", "error", "--timeout-keep-alive", "75"], env=env, start_new_session=True, cwd=ROOT)
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/login", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        tok = {u: {"Authorization": "Bearer " + httpx.post(base + "/api/auth/token", data={"username": u, "password": p},
                                                           timeout=60).json()["access_token"]} for u, _, p in USERS}
        r = httpx.post(base + "/api/bundles", headers=tok["planner"], timeout=300,
                       files={"file": ("tiny.zip", zipped({p.name: p.read_bytes() for p in sorted(bundle.iterdir())}), "application/zip")})
        bundle_id = r.json()["id"]
        pid = httpx.post(base + "/api/plans", headers=tok["planner"], json={"bundle_id": bundle_id}).json()["id"]
        for _ in range(1200):
            if httpx.get(f"{base}/api/plans/{pid}", headers=tok["viewer"]).json()["status"] in ("done", "failed", "cancelled"):
                break
            time.sleep(0.5)
        visits = httpx.get(f"{base}/api/plans/{pid}/visits?limit=20", headers=tok["viewer"]).json()["items"]
        probe_path = f"/api/plans/{pid}/visits?limit=100"
        print("## Storm: another user's GET during hostile input (server on 127.0.0.1; 2 shared cores, noisy)")
        print(f"{'case':28} {'answer (cap)':>32} {'answer s':>9} {'GET p95 s':>10} {'GET max s':>10} {'GETs':>5} {'errors':>6} {'server peak MB':>15}")
        cases = hostile_uploads(bundle)
        for key, (name, data) in cases.items():
            with Sampler(server.pid) as mem, Probe(base, tok["viewer"], probe_path) as pr:
                t = time.perf_counter()
                try:
                    r = httpx.post(base + "/api/bundles", headers=tok["planner"], files={"file": (name, data, "application/octet-stream")}, timeout=900)
                    cap = re.search(r"(upload_\w+|max_upload_mb)", str((r.json().get("errors") or [{}])[0].get("message_en", ""))) if r.status_code == 422 else None
                    answer = f"{r.status_code} {cap.group(1) if cap else ''}"
                except httpx.HTTPError as e:
                    answer = type(e).__name__
                dt = time.perf_counter() - t
                time.sleep(0.5)
            print(f"upload {key + f' ({len(data) / 2**20:.1f} MB)':21} {answer:>32} {dt:9.1f} {p95(pr.times):10.2f} {max(pr.times):10.2f} "
                  f"{len(pr.times):5} {pr.errors:6} {mem.peak:15.0f}")

        def wrong(i: int) -> int:
            user = "planner" if i % 2 else f"nobody{i}"
            try:
                return httpx.post(base + "/api/auth/token", data={"username": user, "password": f"wrong-{i}"}, timeout=120).status_code
            except httpx.HTTPError:
                return -1

        with Sampler(server.pid) as mem, Probe(base, tok["viewer"], probe_path) as pr, ThreadPoolExecutor(100) as pool:
            t = time.perf_counter()
            codes = list(pool.map(wrong, range(100)))
            dt = time.perf_counter() - t
        summary = " ".join(f"{c}x{codes.count(c)}" for c in sorted(set(codes)))
        print(f"{'login storm (100 at once)':28} {summary:>32} {dt:9.1f} {p95(pr.times):10.2f} {max(pr.times):10.2f} {len(pr.times):5} "
              f"{pr.errors:6} {mem.peak:15.0f}")
        paths = [f"/api/plans/{pid}", "/api/plans", probe_path] + [f"/api/plans/{pid}/enterprises/{v['enterprise_id']}/why" for v in visits[:5]]
        with Sampler(server.pid) as mem:
            times, errors, n = asyncio.run(readers(base, tok["reader"], paths, args.readers, args.seconds))
        print()
        print(f"## {args.readers} concurrent readers for {args.seconds:.0f} s (GET plan, list, visits page, why)")
        print(f"requests {n}, errors {sum(errors.values())} {errors or ''}, p50 {sorted(times)[len(times) // 2]:.3f} s, p95 {p95(times):.3f} s, max {max(times):.2f} s, "
              f"{n / args.seconds:.0f} req/s, server peak {mem.peak:.0f} MB")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
