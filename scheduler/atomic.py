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


class TargetRefused(ValueError):
    """`out` exists and is not a plan folder: replacing it would delete it (a file, the bundle itself, a folder of other things)."""

    def __init__(self, out: Path):
        self.out = out
        what_zh, what_en = ("文件", "a file") if not out.is_dir() else ("不含 plan.json 或 visits.csv 的非空文件夹", "a non-empty folder without plan.json or visits.csv")
        self.zh = f"{out} 是{what_zh}，不是计划文件夹：不会覆盖（删除）它，请换一个 --out"
        self.en = f"{out} is {what_en}, not a plan folder: it is never replaced (deleted); choose another --out"
        super().__init__(f"{self.zh} / {self.en}")


def check_target(out: Path) -> None:
    """Raise TargetRefused unless `out` is absent, an empty folder, or an earlier plan folder (it holds plan.json or visits.csv)."""
    if not os.path.lexists(out):
        return
    if out.is_dir() and (not any(out.iterdir()) or (out / "plan.json").is_file() or (out / "visits.csv").is_file()):
        return
    raise TargetRefused(out)


def write_atomically(write: Callable[[Path], Any], out: Path, check: Callable[[Path], None] = check_target) -> Path:
    """Call `write(folder)` on a fresh folder beside `out` (same file system, so the rename is atomic),
    then put it in `out`'s place. An existing `out` is replaced only once the new folder is complete, and only
    when `check` lets it (a plan's: an empty folder or an earlier plan, check_target; never a file or another folder)."""
    out = Path(out)
    check(out)
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


__all__ = ["TargetRefused", "check_target", "write_atomically", "write_plan_atomically"]
