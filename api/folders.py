"""Plan folders read once and kept (a `why` must answer in milliseconds) — and never served
unless their files are the ones recorded at generation (and, once approved, at approval)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.integrity import StoredFileError, digest, folder_problems, report
from api.models import Plan
from api.services import plan_dir
from api.settings import Settings
from scheduler.why import PlanFolder

Stamp = tuple[tuple[str, int, int], ...]


def _stamp(folder: Path, names: list[str]) -> Stamp | None:
    """Size and mtime of the recorded files: a cached folder is re-verified when any changes."""
    try:
        return tuple((n, (st := (folder / n).stat()).st_size, st.st_mtime_ns) for n in names)
    except OSError:
        return None


class Folders:
    def __init__(self, settings: Settings, engine: Engine | None = None, keep: int = 8):
        self.settings, self.engine, self.keep = settings, engine, keep
        self._cache: OrderedDict[int, tuple[Stamp | None, PlanFolder]] = OrderedDict()
        self._lock = threading.Lock()

    def _expected(self, plan_id: int) -> tuple[dict[str, str], list[str]]:
        """The recorded files' sha256, and problems with the record itself (approval digest)."""
        if self.engine is None:
            return {}, []
        with Session(self.engine) as s:
            p = s.get(Plan, plan_id)
            if p is None or not p.files_sha256:
                return {}, []  # plans from before the record (migration 0003) cannot be checked
            files, problems = dict(p.files_sha256), []
            if p.sha256 and digest(files) != p.sha256:
                problems.append("the recorded manifest no longer matches the plan's sha256")
            if p.approved_sha256 and p.approved_sha256 != p.sha256:
                problems.append("the plan's sha256 differs from the one approved")
            return files, problems

    def get(self, plan_id: int) -> PlanFolder:
        folder = plan_dir(self.settings, plan_id)
        expected, problems = self._expected(plan_id)
        stamp = _stamp(folder, sorted(expected)) if expected else None
        with self._lock:
            hit = self._cache.get(plan_id)
            if hit is not None and not problems and ((stamp is not None and hit[0] == stamp) if expected else folder.is_dir()):
                self._cache.move_to_end(plan_id)
                return hit[1]
        problems += folder_problems(folder, expected) if expected else ([] if folder.is_dir() else [f"plan folder {plan_id}/ missing"])
        if problems:
            with self._lock:
                self._cache.pop(plan_id, None)
            e = StoredFileError(f"plan {plan_id}", problems, plan_id=plan_id)
            if self.engine is not None:
                report(self.engine, e)
            raise e
        pf = PlanFolder(folder)
        with self._lock:
            self._cache[plan_id] = (stamp, pf)
            while len(self._cache) > self.keep:
                self._cache.popitem(last=False)
        return pf
