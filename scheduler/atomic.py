"""A plan folder appears whole or not at all (不写半成品): written into a temporary folder beside the
target, then renamed onto it. A run that fails — while solving, or halfway through writing —
leaves the target absent, or as it was."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any


def write_atomically(write: Callable[[Path], Any], out: Path) -> Path:
    """Call `write(folder)` on a fresh folder beside `out` (same file system, so the rename is atomic),
    then put it in `out`'s place. An existing `out` is replaced only once the new folder is complete."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.writing-", dir=out.parent))
    aside: Path | None = None
    try:
        write(tmp)
        if out.exists():
            # the old folder moves aside, the new one takes its name, then the old is removed
            aside = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent)) / out.name
            os.rename(out, aside)
        os.rename(tmp, out)
    except BaseException:
        if aside is not None and aside.exists() and not out.exists():
            os.rename(aside, out)  # put the old plan back: the target is unchanged
        shutil.rmtree(tmp, ignore_errors=True)
        if aside is not None:
            shutil.rmtree(aside.parent, ignore_errors=True)
        raise
    if aside is not None:
        shutil.rmtree(aside.parent, ignore_errors=True)
    return out


def write_plan_atomically(plan: Any, out: Path) -> Path:
    """scheduler.output.write_plan, whole or not at all."""
    from scheduler.output import write_plan

    return write_atomically(lambda folder: write_plan(plan, folder), out)


__all__ = ["write_atomically", "write_plan_atomically"]
