"""A test-only task for the engine tests: the real part solve after a pause long enough to kill
its worker in. A module of its own so that `dask worker` processes can import it by name."""

from __future__ import annotations

import os
import time
from pathlib import Path

from scheduler import solve


def slow_solve(job: solve.PartJob, marks: str, seconds: float) -> solve.PartResult:
    """Leave a mark naming the part and this process, sleep, then solve for real."""
    Path(marks, f"{job.part.district}.{os.getpid()}.{time.time_ns()}").touch()
    time.sleep(seconds)
    return solve.solve_part(job)
