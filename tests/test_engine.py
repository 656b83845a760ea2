"""The engines that solve the parts (scheduler/engine.py): same bytes in this process, on a Dask
LocalCluster and on a cluster of separate `dask scheduler` / `dask worker` processes; a worker
killed mid-solve costs one retried task, not the run; a failed run writes no plan."""

from __future__ import annotations

import functools
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from engine_helpers import slow_solve
from typer.testing import CliRunner

from bundle import load_bundle
from risk import score_bundle
from scheduler import solve
from scheduler.atomic import write_atomically, write_plan_atomically
from scheduler.engine import DaskEngine, InProcess, ProcessPool, engine_for
from scheduler.plan import PlanOptions, make_plan

ROOT = Path(__file__).resolve().parents[1]
PLAN_FILES = ("visits.csv", "selection.csv")
TIME_LIMIT = 0.5  # deterministic seconds: the tiny parts solve in well under a second each

def _square(x: int) -> int:
    time.sleep(0.05 * (x % 3))  # finish out of order
    return x * x


def test_results_come_back_in_task_order_whatever_finishes_first() -> None:
    seen: list[int] = []
    tasks = list(range(7))
    order = [6, 0, 5, 1, 4, 2, 3]
    for engine in (InProcess(), ProcessPool(2, "fork")):
        seen.clear()
        assert engine.map(_square, tasks, seen.append, order) == [x * x for x in tasks]
        assert sorted(seen) == [x * x for x in tasks]  # every result reported once, as it finished
    with pytest.raises(ValueError):
        InProcess().map(_square, tasks, order=[0, 0, 1])


def test_engine_names() -> None:
    assert isinstance(engine_for(None, 1), InProcess)
    assert isinstance(engine_for(None, 2), ProcessPool)
    local = engine_for("dask", 3)
    assert isinstance(local, DaskEngine) and local.address is None and local.workers == 3
    remote = engine_for("tcp://127.0.0.1:8786")
    assert isinstance(remote, DaskEngine) and remote.address == "tcp://127.0.0.1:8786"
    with pytest.raises(ValueError, match="unknown engine"):
        engine_for("spark")


@pytest.fixture(scope="module")
def tiny(tiny_dir: Path):  # type: ignore[no-untyped-def]
    b = load_bundle(tiny_dir / "bundle")
    return b, score_bundle(b)


def _plan(tiny, out: Path, engine: str | None, processes: int = 2) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    b, scores = tiny
    plan = make_plan(b, PlanOptions(time_limit=TIME_LIMIT, processes=processes, engine=engine), scores=scores)
    write_plan_atomically(plan, out)
    return {name: (out / name).read_bytes() for name in PLAN_FILES}


@pytest.fixture(scope="module")
def in_process(tiny, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    files = _plan(tiny, tmp_path_factory.mktemp("inprocess"), "inprocess")
    assert files["visits.csv"].count(b"\n") > 10  # a real plan, not an empty one that trivially matches
    return files


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """`dask scheduler` and two `dask worker`s as separate processes on loopback, free ports from the OS."""
    work = tmp_path_factory.mktemp("cluster")
    dask_cli = Path(sys.executable).with_name("dask")
    # the workers import this worktree's packages, and engine_helpers from tests/, by name
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests"), os.environ.get("PYTHONPATH", "")])}
    sched_file = work / "scheduler.json"
    procs = [subprocess.Popen([str(dask_cli), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                               "--scheduler-file", str(sched_file)], env=env, cwd=work,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        for _ in range(300):
            if sched_file.exists() and sched_file.stat().st_size:
                break
            time.sleep(0.1)
        address = json.loads(sched_file.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        for n in range(2):
            procs.append(subprocess.Popen([str(dask_cli), "worker", address, "--nthreads", "1", "--host", "127.0.0.1",
                                           "--no-dashboard", "--name", f"w{n}", "--local-directory", str(work / f"w{n}")],
                                          env=env, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        from distributed import Client

        with Client(address, set_as_default=False, timeout=60) as c:
            c.wait_for_workers(2, timeout=60)
            pids = c.run(os.getpid)
        assert len(pids) == 2 and not set(pids.values()) & {p.pid for p in procs}  # workers run in their own processes
        yield {"address": address, "procs": procs}
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in reversed(procs):
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def test_same_bytes_on_a_local_cluster(tiny, in_process: dict[str, bytes], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert _plan(tiny, tmp_path / "plan", "dask") == in_process


def test_same_bytes_on_separate_scheduler_and_worker_processes(tiny, in_process: dict[str, bytes], tmp_path: Path,  # type: ignore[no-untyped-def]
                                                               cluster: dict[str, object]) -> None:
    assert _plan(tiny, tmp_path / "plan", str(cluster["address"])) == in_process


def test_a_worker_killed_mid_solve_costs_one_retried_task(tiny, in_process: dict[str, bytes], tmp_path: Path,  # type: ignore[no-untyped-def]
                                                          cluster: dict[str, object], monkeypatch: pytest.MonkeyPatch) -> None:
    marks = tmp_path / "marks"
    marks.mkdir()
    monkeypatch.setattr(solve, "solve_part", functools.partial(slow_solve, marks=str(marks), seconds=4.0))
    killed: list[int] = []

    def kill_the_first_worker_that_starts() -> None:
        for _ in range(600):
            started = list(marks.iterdir())  # a task that left its mark is asleep inside its worker: mid-solve
            if started:
                pid = int(started[0].name.split(".")[1])
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                return
            time.sleep(0.05)

    killer = threading.Thread(target=kill_the_first_worker_that_starts)
    killer.start()
    files = _plan(tiny, tmp_path / "plan", str(cluster["address"]))
    killer.join()
    assert len(killed) == 1
    attempts = [p.name.split(".")[0] for p in marks.iterdir()]
    districts = set(attempts)
    assert len(attempts) == len(districts) + 1  # exactly one task ran twice: the killed one
    assert files == in_process


def test_a_failed_run_writes_no_plan(tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from inspection.cli import app

    def broken(job: solve.PartJob) -> solve.PartResult:
        raise RuntimeError(f"part {job.part.district} failed")

    monkeypatch.setattr(solve, "solve_part", broken)
    out = tmp_path / "plan"
    r = CliRunner().invoke(app, ["plan", str(tiny_dir / "bundle"), "--out", str(out), "--processes", "1", "--time-limit", "0.2"])
    assert r.exit_code != 0 and isinstance(r.exception, RuntimeError)
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_a_plan_folder_is_replaced_whole_or_not_at_all(tmp_path: Path) -> None:
    out = tmp_path / "plan"
    write_atomically(lambda d: [(d / n).write_text("old " + n) for n in PLAN_FILES], out)
    before = {n: (out / n).read_bytes() for n in PLAN_FILES}

    def half_written(d: Path) -> None:
        (d / "visits.csv").write_text("new")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomically(half_written, out)
    assert {n: (out / n).read_bytes() for n in PLAN_FILES} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan"]  # no temporary folder left behind
    write_atomically(lambda d: (d / "visits.csv").write_text("new"), out)
    assert sorted(p.name for p in out.iterdir()) == ["visits.csv"] and (out / "visits.csv").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan"]


def test_cli_dask_flag_and_address(tiny_dir: Path, tmp_path: Path, in_process: dict[str, bytes], cluster: dict[str, object]) -> None:
    from inspection.cli import app

    out = tmp_path / "plan"
    r = CliRunner().invoke(app, ["plan", str(tiny_dir / "bundle"), "--out", str(out), "--time-limit", str(TIME_LIMIT),
                                 "--dask", str(cluster["address"])])
    assert r.exit_code == 0, r.output
    assert {n: (out / n).read_bytes() for n in PLAN_FILES} == in_process
    r = CliRunner().invoke(app, ["plan", str(tiny_dir / "bundle"), "--out", str(out), "tcp://127.0.0.1:1"])
    assert r.exit_code == 2 and "--dask" in r.output


def test_the_service_reads_its_dask_scheduler_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from api.settings import Settings

    monkeypatch.delenv("INSPECTION_DASK_SCHEDULER", raising=False)
    assert Settings().dask_scheduler is None  # by default the service keeps its local processes
    monkeypatch.setenv("INSPECTION_DASK_SCHEDULER", "tcp://127.0.0.1:8786")
    assert Settings().dask_scheduler == "tcp://127.0.0.1:8786"
    assert isinstance(engine_for(Settings().dask_scheduler), DaskEngine)


def test_an_unreachable_scheduler_is_named(tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nobody listens on: bound, never listening
        s.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{s.getsockname()[1]}"
        with pytest.raises(ConnectionError, match="cannot reach the Dask scheduler at " + address):
            DaskEngine(address, connect_timeout=1.0).map(_square, [1, 2])
