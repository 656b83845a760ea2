"""Plan folders read once and kept (a `why` must answer in milliseconds) — and never served
unless their files are the ones recorded at generation (and, once approved, at approval)."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.integrity import StoredFileError, digest, folder_problems, report
from api.models import Plan
from api.services import plan_dir, plan_folder
from api.settings import Settings
from scheduler.why import PlanFolder

Stamp = tuple[tuple[str, int, int], ...]
RECORD_SECONDS = 5.0  # the plan's record (manifest, approved digest) is read again at most this often


def _stamp(folder: Path, names: list[str]) -> Stamp | None:
    """Size and mtime of the recorded files: a cached folder is verified again when any changes."""
    try:
        return tuple((n, (st := (folder / n).stat()).st_size, st.st_mtime_ns) for n in names)
    except OSError:
        return None


@dataclass
class Record:
    files: dict[str, str]  # name -> sha256 at generation; empty for plans from before migration 0003
    problems: list[str]  # the record against itself: manifest vs plan sha256 vs approved sha256
    read_at: float


@dataclass
class Entry:
    stamp: Stamp | None
    folder: PlanFolder
    record: Record


class Folders:
    def __init__(self, settings: Settings, engine: Engine | None = None, keep: int = 8):
        self.settings, self.engine, self.keep = settings, engine, keep
        self._cache: OrderedDict[int, Entry] = OrderedDict()
        self._lock = threading.Lock()

    def _record(self, plan_id: int) -> Record:
        if self.engine is None:
            return Record({}, [], time.monotonic())
        with Session(self.engine) as s:
            p = s.get(Plan, plan_id)
            if p is None or not p.files_sha256:
                return Record({}, [], time.monotonic())
            files, problems = dict(p.files_sha256), []
            if p.sha256 and digest(files) != p.sha256:
                problems.append("the recorded manifest no longer matches the plan's sha256")
            if p.approved_sha256 and p.approved_sha256 != p.sha256:
                problems.append("the plan's sha256 differs from the one approved")
            return Record(files, problems, time.monotonic())

    def get(self, plan_id: int) -> PlanFolder:
        """The plan's folder, verified: from the cache while its files' size and mtime are unchanged,
        else every file's sha256 against the record. StoredFileError (reported) otherwise."""
        folder = plan_dir(self.settings, plan_id)
        if not folder.is_dir() and self.engine is not None:  # laid out again from the database (round 30)
            with Session(self.engine) as s:
                plan_folder(s, self.settings, plan_id)
        with self._lock:
            hit = self._cache.get(plan_id)
        record = hit.record if hit is not None and time.monotonic() - hit.record.read_at < RECORD_SECONDS else self._record(plan_id)
        stamp = _stamp(folder, sorted(record.files)) if record.files else None
        if hit is not None and not record.problems and ((stamp is not None and hit.stamp == stamp) if record.files else folder.is_dir()):
            with self._lock:
                hit.record = record
                self._cache.move_to_end(plan_id)
            return hit.folder
        problems = list(record.problems)
        if record.files:
            problems += folder_problems(folder, record.files)
        elif not folder.is_dir():
            problems.append(f"plan folder {plan_id}/ missing")
        if problems:
            with self._lock:
                self._cache.pop(plan_id, None)
            e = StoredFileError(f"plan {plan_id}", problems, plan_id=plan_id)
            if self.engine is not None:
                report(self.engine, e)
            raise e
        pf = PlanFolder(folder)
        with self._lock:
            self._cache[plan_id] = Entry(stamp, pf, record)
            while len(self._cache) > self.keep:
                self._cache.popitem(last=False)
        return pf
