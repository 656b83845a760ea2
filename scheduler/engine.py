"""Where the parts are solved (求解引擎): in this process, in a pool of local processes, or on a
Dask cluster (dask.distributed) that may span machines.

Every engine runs independent, picklable tasks — one district's `PartJob`, which carries only
that part's officers, teams and entries, never the whole bundle — and reports each result as it
finishes (the progress bar), but returns them in the order of the input, so the plan never
depends on which worker was faster. A part's solve is deterministic by itself (CP-SAT with a
deterministic time limit, one search worker, a fixed seed), so every engine gives the same bytes.

An engine is named by a string, the one field `PlanOptions.engine`:
  None or "pool"   a pool of `processes` local processes (the default; 1 process: in this process)
  "inprocess"      in this process, one part after another
  "dask"           a `LocalCluster` of `processes` workers × 1 thread, started and stopped per run
  "tcp://host:port"  an existing Dask scheduler (`dask scheduler` + `dask worker`s that can import
                   this package); the client connects, submits and disconnects
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import as_completed as pool_completed
from itertools import islice
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # dask is imported only when the Dask engine runs
    from distributed import Client, Future, LocalCluster

RETRIES = 2  # a part whose task raised (e.g. its worker ran out of memory) is tried this many more times
LAST_REPORT: dict[str, Any] = {}  # the report of the last run in this process (bench/scale.py reads it)


class Engine(ABC):
    """Runs `fn` over independent tasks. Subclasses only say how tasks reach a worker."""

    name = "engine"

    def __init__(self) -> None:
        self.report: dict[str, Any] = {}  # what the last run measured (worker peak memory…), for benchmarks

    @abstractmethod
    def completed(self, fn: Callable[[Any], Any], tasks: Sequence[Any], order: Sequence[int]) -> Iterator[tuple[int, Any]]:
        """(index, result) pairs as tasks finish, submitted in `order`."""

    def map(self, fn: Callable[[Any], Any], tasks: Sequence[Any], progress: Callable[[Any], None] | None = None,
            order: Sequence[int] | None = None) -> list[Any]:
        """fn over every task; `progress(result)` as each finishes; the results in the tasks' order."""
        order = list(range(len(tasks))) if order is None else list(order)
        if sorted(order) != list(range(len(tasks))):
            raise ValueError("order must be a permutation of the task indices")
        results: list[Any] = [None] * len(tasks)
        done = [False] * len(tasks)
        times: list[dict[str, Any]] = []
        for i, (r, cpu, wall, pid) in self.completed(_Timed(fn), tasks, order):
            results[i], done[i] = r, True
            times.append({"task": i, "cpu_s": cpu, "wall_s": wall, "pid": pid})
            if progress:
                progress(r)
        if not all(done):  # an engine that lost a task must not hand back a plan with a hole in it
            raise RuntimeError(f"{self.name}: {done.count(False)} task(s) returned no result")
        self.report["tasks"] = sorted(times, key=lambda t: t["task"])
        LAST_REPORT.clear()
        LAST_REPORT.update(self.report)
        return results


class _Timed:
    """`fn` and what it cost where it ran: CPU seconds of the worker (its only busy thread), wall seconds and the
    process id. CPU seconds stay comparable on a loaded machine, where wall seconds do not."""

    def __init__(self, fn: Callable[[Any], Any]):
        self.fn = fn
        self.__name__ = getattr(fn, "__name__", "task")

    def __call__(self, task: Any) -> tuple[Any, float, float, int]:
        c0, w0 = time.process_time(), time.perf_counter()
        r = self.fn(task)
        return r, round(time.process_time() - c0, 3), round(time.perf_counter() - w0, 3), os.getpid()


class InProcess(Engine):
    """One task after another in this process (tests, debugging, a single core)."""

    name = "inprocess"

    def completed(self, fn: Callable[[Any], Any], tasks: Sequence[Any], order: Sequence[int]) -> Iterator[tuple[int, Any]]:
        for i in order:
            yield i, fn(tasks[i])
        self.report = {"engine": self.name, "main_peak_mb": _own_peak_mb()}


class ProcessPool(Engine):
    """A pool of local processes, 1 task each at a time (the notes measured 2 processes × 1 CP-SAT worker
    beating 1 × 2). `start` is the multiprocessing start method: "fork" from the CLI, "spawn" inside a
    threaded server."""

    name = "pool"

    def __init__(self, processes: int = 2, start: str = "fork"):
        super().__init__()
        self.processes, self.start = processes, start

    def completed(self, fn: Callable[[Any], Any], tasks: Sequence[Any], order: Sequence[int]) -> Iterator[tuple[int, Any]]:
        with ProcessPoolExecutor(max_workers=self.processes, mp_context=multiprocessing.get_context(self.start)) as pool:
            futures = {pool.submit(fn, tasks[i]): i for i in order}
            for f in pool_completed(futures):
                yield futures[f], f.result()
        self.report = {"engine": self.name, "main_peak_mb": _own_peak_mb(),
                       "children_peak_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)}


class DaskEngine(Engine):
    """dask.distributed: a LocalCluster of `workers` processes × 1 thread, or the scheduler at `address`.

    A task carries its part's data inside it (not `scatter`ed): the scheduler can then resend it when
    a worker dies mid-solve, and the retried task gives the same bytes. Only `window` tasks are in
    flight at once (largest parts first, the next submitted as one finishes), so neither the scheduler
    nor the client holds every part's serialised copy at the same time."""

    name = "dask"

    def __init__(self, address: str | None = None, workers: int = 2, retries: int = RETRIES, window: int | None = None,
                 memory_limit: str | None = None, connect_timeout: float = 30.0):
        super().__init__()
        self.address, self.workers, self.retries, self.window = address, workers, retries, window
        self.connect_timeout = connect_timeout
        self.memory_limit = memory_limit  # per LocalCluster worker; None: Dask's default share of the machine

    def _client(self) -> tuple[Client, LocalCluster | None]:
        from distributed import Client, LocalCluster

        if self.address:
            try:
                return Client(self.address, set_as_default=False, timeout=self.connect_timeout), None
            except (OSError, TimeoutError) as e:
                raise ConnectionError(f"无法连接 Dask 调度器 {self.address} / cannot reach the Dask scheduler at {self.address}: {e}") from e
        cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None, silence_logs=40,
                               **({"memory_limit": self.memory_limit} if self.memory_limit else {}))
        return Client(cluster, set_as_default=False), cluster

    def completed(self, fn: Callable[[Any], Any], tasks: Sequence[Any], order: Sequence[int]) -> Iterator[tuple[int, Any]]:
        from distributed import as_completed

        if not order:
            return
        client, cluster = self._client()
        try:
            threads = max(1, sum(client.nthreads().values()))
            window = self.window or 2 * threads
            run = uuid.uuid4().hex[:8]  # keys unique per run: a shared cluster may hold another run's
            pending = iter(order)
            index: dict[Hashable, int] = {}  # Dask future key → task index

            def submit(i: int) -> Future:
                f = client.submit(fn, tasks[i], key=f"{getattr(fn, '__name__', 'task')}-{run}-{i}", pure=False, retries=self.retries)
                index[f.key] = i
                return f

            stream = as_completed([submit(i) for i in islice(pending, window)], loop=client.loop)
            for f in stream:
                result = f.result()
                i = index.pop(f.key)
                f.release()
                nxt = next(pending, None)
                if nxt is not None:
                    stream.add(submit(nxt))
                yield i, result
            self.report = {"engine": self.name, "address": self.address or "LocalCluster", "threads": threads,
                           "main_peak_mb": _own_peak_mb(), "workers_peak_mb": _workers_peak_mb(client)}
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


def _own_peak_mb() -> int:
    """This process's peak resident memory. VmHWM where Linux has it: ru_maxrss survives exec, so a
    worker spawned by a 1 GB parent would report the parent's 1 GB as its own."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _workers_peak_mb(client: Client) -> dict[str, int]:
    """Each worker process's own peak RSS, asked of the workers through Dask (`Client.run`)."""
    try:
        return {addr: int(v) for addr, v in sorted(client.run(_own_peak_mb).items())}
    except Exception:  # a report, never a reason to fail a finished run
        return {}


def engine_for(spec: str | None, processes: int = 2, start: str = "fork") -> Engine:
    """The engine a `PlanOptions.engine` string names (see the module's docstring)."""
    if spec in (None, "", "pool"):
        return InProcess() if processes <= 1 else ProcessPool(processes, start)
    if spec == "inprocess":
        return InProcess()
    if spec in ("dask", "local"):
        return DaskEngine(workers=max(1, processes))
    if "://" in spec:
        return DaskEngine(address=spec)
    raise ValueError(f"未知的求解引擎 {spec!r} / unknown engine {spec!r}: pool, inprocess, dask or tcp://host:port")


__all__ = ["DaskEngine", "Engine", "InProcess", "ProcessPool", "engine_for"]
