"""Uploads (上传检查包), validated off the event loop in a worker process with a memory limit
(RLIMIT_AS) and a time limit (its process group is killed), behind caps from settings.

Before a byte is parsed the worker reads what the archive declares: members' sizes and
compression ratios, a workbook's sheet count and each sheet's `<dimension>` (an xlsx
declaring `A1:XFD1048576` would make openpyxl pad every row to 16,384 cells). CSV tables
are counted (rows, columns) with the C csv reader before the validator builds frames.
Only the bundle's own files (bundle.md: the tables' CSVs, `policy.json`, one workbook)
are kept; anything else in a zip (a `pad.json`) is neither read nor stored.
A refusal names the cap (its setting) in Chinese and English; nothing is stored."""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import multiprocessing
import multiprocessing.forkserver
import os
import re
import signal
import tempfile
import threading
import time
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, NamedTuple

from sqlmodel import Session, col, select

from api.models import BundleFile, BundleUpload, User, row_id
from api.settings import Settings
from bundle.problems import BundleInvalid, Collector, Problem, sort_key
from bundle.reader import NOT_A_WORKBOOK, csv_error_words, encrypted_words, is_bundle_file, looks_utf16, near_miss, unzip_words

log = logging.getLogger("inspection.uploads")
MB = 2**20
RATIO_FLOOR = MB  # members smaller than this may compress as well as they like
MAX_MEMBERS = 2000  # zip members listed at all (a zip of a million empty entries is refused by count)
CHUNK = 1 << 20


class UploadBusy(Exception):
    """Too many validations running: come back in `retry_after` seconds (503)."""

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__("upload validation busy")


class UploadTooLarge(Exception):
    """The upload as sent is over max_upload_mb (413)."""


class UploadWorkerFailed(Exception):
    """The validating process ended without an answer and not by a signal (a Python error before its own handler,
    an import that failed): the server's fault, not the upload's (500); the server's log has the cause."""

    def __init__(self, exitcode: int | None):
        self.exitcode = exitcode
        super().__init__(f"validation worker failed (exit {exitcode})")


# ---- the caps, checked in the worker ----------------------------------------------------
@dataclass
class Caps:
    decompressed: int
    ratio: int
    rows: int
    columns: int
    sheets: int
    problems: int

    @classmethod
    def of(cls, s: Settings) -> Caps:
        return cls(s.upload_max_decompressed_mb * MB, s.upload_max_ratio, s.upload_max_rows, s.upload_max_columns,
                   s.upload_max_sheets, s.upload_max_problems)


@dataclass
class Budget:
    """Decompressed bytes still allowed, shared by every member (a workbook's members too)."""

    left: int
    cap_mb: int

    def take(self, n: int, label: str, out: Collector) -> bool:
        self.left -= n
        if self.left < 0:
            out.add(label, 0, "-", f"解压后超过上限 {self.cap_mb} MB（upload_max_decompressed_mb）",
                    f"over {self.cap_mb} MB decompressed (cap upload_max_decompressed_mb)")
            return False
        return True


def _ratio_ok(info: zipfile.ZipInfo, label: str, caps: Caps, out: Collector) -> bool:
    if info.file_size > RATIO_FLOOR and info.file_size > caps.ratio * max(info.compress_size, 1):
        out.add(label, 0, "-", f"压缩比超过上限 {caps.ratio}:1（upload_max_ratio），疑似压缩炸弹",
                f"compression ratio over {caps.ratio}:1 (cap upload_max_ratio): looks like a zip bomb")
        return False
    return True


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget, label: str, out: Collector) -> bytes | None:
    """A member's bytes, read in chunks against the budget (declared sizes can lie)."""
    if not budget.take(info.file_size, label, out):
        return None
    buf = io.BytesIO()
    with zf.open(info) as f:
        while chunk := f.read(CHUNK):
            buf.write(chunk)
            if buf.tell() > info.file_size:  # zipfile stops at the declared size; kept as a second wall
                out.add(label, 0, "-", "压缩包成员大小与声明不符", "a member is larger than it declares")
                return None
    return buf.getvalue()


def check_csv(label: str, data: bytes, caps: Caps, out: Collector) -> bool:
    """Rows and columns within caps, cells within the csv module's limit. Commas, quotes and
    newlines are ASCII in UTF-8 and GBK alike, so latin-1 gives the structure without decoding."""
    if looks_utf16(data):
        return True  # UTF-16: the validator names the encoding
    rows = 0
    try:
        for rec in csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding="latin-1", newline="")):
            rows += 1
            if len(rec) > caps.columns:
                out.add(label, rows, "-", f"列数 {len(rec)} 超过上限 {caps.columns}（upload_max_columns）",
                        f"{len(rec)} columns, over the cap of {caps.columns} (upload_max_columns)")
                return False
            if rows > caps.rows + 1:
                out.add(label, 0, "-", f"行数超过上限 {caps.rows}（upload_max_rows）", f"more than {caps.rows} rows (cap upload_max_rows)")
                return False
    except csv.Error as e:
        zh, en = csv_error_words(str(e))
        out.add(label, rows + 1, "-", f"CSV 格式错误：{zh}", f"malformed CSV: {en}")
        return False
    return True


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*\bref=\"([^\"]+)\"")
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"[^>]*?\b(?:\w+:)?id=\"([^\"]+)\"")
_REL = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*?\bId=\"([^\"]+)\"[^>]*?\bTarget=\"([^\"]+)\"|"
                  rb"<(?:\w+:)?Relationship\b[^>]*?\bTarget=\"([^\"]+)\"[^>]*?\bId=\"([^\"]+)\"")
_CELL = re.compile(r"^\$?([A-Z]{1,3})?\$?(\d+)?$")


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def declared_size(ref: str) -> tuple[int, int] | None:
    """(rows, columns) a `<dimension ref="A1:XFD1048576">` declares; None if unreadable."""
    parts = ref.strip().upper().split(":")
    cells = [_CELL.match(p) for p in parts]
    if not parts or not all(cells):
        return None
    cols = [_col_number(m.group(1)) for m in cells if m and m.group(1)]
    rows = [int(m.group(2)) for m in cells if m and m.group(2)]
    return (max(rows) - min(rows) + 1 if rows else 1), (max(cols) - min(cols) + 1 if cols else 1)


def _head(zf: zipfile.ZipFile, name: str, n: int) -> bytes:
    with zf.open(name) as f:
        return f.read(n)


def check_workbook(label: str, data: bytes, caps: Caps, budget: Budget, out: Collector) -> bool:
    """Sheets, declared dimensions, members' sizes and ratios — read before openpyxl loads anything."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError):
        # one problem, the cause, and nothing read after it (web40: six "required file missing" came first, and the cause
        # sixth, in openpyxl's English: "File is not a zip file")
        out.add(label, 0, "-", "不是有效的 Excel 工作簿（文件已损坏，或不是 .xlsx 格式）",
                f"{NOT_A_WORKBOOK} (damaged, or not in the .xlsx format)")
        return False
    parts = {i.filename for i in infos}
    if "[Content_Types].xml" not in parts or not any(n.startswith("xl/") for n in parts):
        # a zip renamed .xlsx (of CSV files, say; or a .docx): no spreadsheet's parts
        out.add(label, 0, "-", "不是有效的 Excel 工作簿（是压缩包，但没有工作簿的组成部分；CSV 文件的压缩包请以 .zip 上传）",
                f"{NOT_A_WORKBOOK} (a zip without a workbook's parts; upload a zip of CSV files as .zip)")
        return False
    if len(infos) > MAX_MEMBERS:
        out.add(label, 0, "-", f"工作簿内部文件过多（{len(infos)}）", f"the workbook holds too many parts ({len(infos)})")
        return False
    ok = budget.take(sum(i.file_size for i in infos), label, out)
    ok = all([_ratio_ok(i, label, caps, out) for i in infos]) and ok
    if not ok:
        return False
    names = {i.filename for i in infos}
    titles: dict[str, str] = {}  # part name -> sheet title
    if "xl/workbook.xml" in names and "xl/_rels/workbook.xml.rels" in names:
        rels = {}
        for m in _REL.finditer(_head(zf, "xl/_rels/workbook.xml.rels", MB)):
            rid, target = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
            t = target.decode("utf-8", "replace").lstrip("/")
            rels[rid] = t if t.startswith("xl/") else "xl/" + t
        for m in _SHEET.finditer(_head(zf, "xl/workbook.xml", MB)):
            part = rels.get(m.group(2))
            if part:
                titles[part] = m.group(1).decode("utf-8", "replace")
    sheets = sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    if len(sheets) > caps.sheets or len(titles) > caps.sheets:
        n = max(len(sheets), len(titles))
        out.add(label, 0, "-", f"工作表 {n} 个，超过上限 {caps.sheets}（upload_max_sheets）",
                f"{n} sheets, over the cap of {caps.sheets} (upload_max_sheets)")
        return False
    for part in sheets:
        where = f"{label}[{titles.get(part, part)}]"
        dim = _DIMENSION.search(_head(zf, part, 64 * 1024))
        if dim is None:
            continue  # no dimension: openpyxl reads the rows that exist, and the row count is checked after
        ref = dim.group(1).decode("ascii", "replace")
        size = declared_size(ref)
        if size is None:
            continue
        rows, cols = size
        if rows > caps.rows + 1 or cols > caps.columns:
            out.add(where, 0, "-",
                    f"工作表声明的范围 {ref}（{rows} 行 × {cols} 列）超过上限 {caps.rows} 行（upload_max_rows）或 {caps.columns} 列（upload_max_columns）",
                    f"the sheet declares {ref} ({rows} rows × {cols} columns), over the caps of {caps.rows} rows (upload_max_rows) or {caps.columns} columns (upload_max_columns)")
            ok = False
    return ok


def gather(path: Path, filename: str, caps: Caps, out: Collector) -> tuple[dict[str, bytes], list[str]]:
    """The bundle's own files from an upload (within caps), and the names left out."""
    suffix = Path(filename).suffix.lower()
    budget = Budget(caps.decompressed, caps.decompressed // MB)
    name = Path(filename).name or "upload" + suffix
    if suffix == ".xlsx":
        book = path.read_bytes()
        return ({name: book} if check_workbook(name, book, caps, budget, out) else {}), []
    if suffix != ".zip":
        out.add(name, 0, "-", "请上传 .zip（CSV 文件）或 .xlsx 工作簿", "upload a .zip of CSV files or an .xlsx workbook")
        return {}, []
    try:
        zf = zipfile.ZipFile(path)
        infos = [i for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, ValueError):
        out.add(name, 0, "-", "不是有效的 zip 文件", "not a valid zip file")
        return {}, []
    if len(infos) > MAX_MEMBERS:
        out.add(name, 0, "-", f"压缩包内文件过多（{len(infos)}）", f"too many files in the zip ({len(infos)})")
        return {}, []
    if locked := encrypted_words(infos):
        out.add(name, 0, "-", *locked)  # once for the upload, not once per file with zipfile's words (walk44 G14)
        return {}, []
    files: dict[str, bytes] = {}
    ignored: list[str] = []
    for info in infos:
        base = Path(info.filename).name  # never a path: no zip slip
        if not is_bundle_file(base):
            ignored.append(info.filename[:200])
            near_miss(base, out)  # TEAMS.CSV: said, not only "teams.csv is missing" (walk15)
            continue
        label = base
        if base in files:
            out.add(label, 0, "-", "压缩包中有同名文件（在不同文件夹中）", "the zip holds two files of this name (in different folders)")
            continue
        if not _ratio_ok(info, label, caps, out):
            continue
        try:
            data = _read_member(zf, info, budget, label, out)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError, zlib.error) as e:  # RuntimeError: password-protected
            out.add(label, 0, "-", *unzip_words(e))
            continue
        if data is None:
            if budget.left < 0:
                break
            continue
        ok = check_csv(label, data, caps, out) if base.lower().endswith(".csv") else True
        if base.lower().endswith(".xlsx"):
            ok = check_workbook(label, data, caps, budget, out)
        if ok:
            files[base] = data
    return files, ignored


def cap_problems(problems: list[Problem], caps: Caps, filename: str) -> list[Problem]:
    ps = sorted(problems, key=sort_key)
    if len(ps) <= caps.problems:
        return ps
    more = len(ps) - caps.problems
    return [*ps[: caps.problems], Problem(filename, 0, "-", f"另有 {more} 个问题未列出（上限 upload_max_problems={caps.problems}）",
                                          f"{more} more problems not listed (cap upload_max_problems={caps.problems})")]


def _dicts(problems: list[Problem]) -> list[dict[str, object]]:
    return [p.as_dict() for p in problems]


STARTED = {"started": True}  # the worker's first word: it was started and imported, so the fault is not the server's


def validate_in_child(path: str, filename: str, outdir: str, caps: Caps, memory_bytes: int, conn: Any) -> None:
    """The worker: its own process group, an address-space limit, then caps, then load_bundle.
    Sends one dict; writes the kept files to `outdir`."""
    import resource

    with suppress(OSError):
        os.setpgid(0, 0)
    conn.send(STARTED)  # this code runs: a death from here on is the upload's (memory), one before it the server's
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    label = Path(filename).name or "upload"
    try:
        out = Collector()
        files, ignored = gather(Path(path), filename, caps, out)
        if out.problems:
            conn.send({"problems": _dicts(cap_problems(out.problems, caps, label))})
            return
        folder = Path(outdir)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        files_kept = set(files)
        del files
        from api.clock import today
        from bundle import load_bundle

        try:
            b = load_bundle(folder, today())
        except BundleInvalid as e:
            # a workbook that cannot be opened is the cause, alone: the tables it holds are not "missing" (web40 W6)
            cause = [p for p in e.problems if p.row == 0 and p.file in files_kept and p.message_en.startswith(NOT_A_WORKBOOK)]
            conn.send({"problems": _dicts(cap_problems(cause or e.problems, caps, label))})
            return
        if any(len(df) > caps.rows for df in b.frames.values()):  # sheets without a <dimension>
            big = max(b.frames, key=lambda k: len(b.frames[k]))
            conn.send({"problems": _dicts([Problem(big, 0, "-", f"行数超过上限 {caps.rows}（upload_max_rows）",
                                                   f"more than {caps.rows} rows (cap upload_max_rows)")])})
            return
        conn.send({"year": b.year, "input_sha256": b.input_sha256, "counts": {n: len(df) for n, df in sorted(b.frames.items())},
                   "files": sorted(b.files), "ignored": ignored})
    except MemoryError:
        conn.send({"problems": _dicts([Problem(label, 0, "-", f"校验所需内存超过上限 {memory_bytes // MB} MB（upload_worker_mb）",
                                               f"validation needs more than {memory_bytes // MB} MB (cap upload_worker_mb)")])})
    except Exception as e:  # the validator must not crash on anything; the type says enough, no paths
        conn.send({"problems": _dicts([Problem(label, 0, "-", f"无法读取该文件（{type(e).__name__}）",
                                               f"cannot read the file ({type(e).__name__})")])})


_ctx_lock = threading.Lock()
_ctx: Any = None


def _context() -> Any:
    """forkserver: a clean single-threaded parent for the workers, with the validator preloaded
    (forking the threaded server itself is unsafe; spawning would import pandas each time), running."""
    global _ctx
    with _ctx_lock:
        if _ctx is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["bundle.loader", "openpyxl", "api.uploads"])
            _ctx = ctx
        # Python 3.11's forkserver is `python -c …`, which puts the working directory first on sys.path and does not
        # take the parent's: an api.py where the service was started shadowed the package, and every upload died
        # (foreign36). PYTHONSAFEPATH (-P) keeps the directory off, for the forkserver alone; checked before every
        # worker, since multiprocessing starts a forkserver that died again without it (review36)
        with _environ(PYTHONSAFEPATH="1"):
            multiprocessing.forkserver.ensure_running()
        return _ctx


@contextmanager
def _environ(**values: str) -> Iterator[None]:
    """These environment variables set for what runs inside, then as they were."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


# signals a process gets from a fault of its own code, not from the kernel's out-of-memory killer (SIGKILL) or from
# an abort on a failed allocation (SIGABRT)
CRASH_SIGNALS = frozenset({signal.SIGSEGV, signal.SIGBUS, signal.SIGILL, signal.SIGFPE})


def _signal_name(exitcode: int) -> str:
    return signal.Signals(-exitcode).name


def worker_died(label: str, started: bool, exitcode: int | None, settings: Settings) -> Exception:
    """What a validating process that ended without an answer means. One that had `started` validating died of the
    upload: its memory cap (RLIMIT_AS: a MemoryError where no handler could answer, C code that met the limit, the
    kernel's out-of-memory killer), a refusal naming the cap (422). One that never started failed before any of the
    upload was read: the server's fault (foreign36: an import error was reported as memory, sending an admin to raise
    `upload_worker_mb` for nothing). One killed after it by a signal the memory cap does not send (SIGSEGV, SIGBUS,
    SIGILL, SIGFPE: C code that read bad memory, which a cap met without a check can cause, and a reader's own fault
    too) names the signal and both causes, rather than only memory (review36)."""
    crash = _signal_name(exitcode) if started and exitcode is not None and -exitcode in CRASH_SIGNALS else None
    if crash is not None:
        return refuse(label, f"校验进程读取该文件时异常终止（{crash}）：可能超出内存上限 {settings.upload_worker_mb} MB（upload_worker_mb），"
                             "也可能是读取库的缺陷（原因见服务日志）；未保存任何内容",
                      f"the validation stopped with {crash} while reading the file: it may have run out of its "
                      f"{settings.upload_worker_mb} MB (cap upload_worker_mb), or a reader failed (see the server's log); nothing stored")
    if started:
        return refuse(label, f"校验进程超出内存上限 {settings.upload_worker_mb} MB（upload_worker_mb）而终止",
                      f"the validation ran out of its {settings.upload_worker_mb} MB (cap upload_worker_mb) and stopped")
    return UploadWorkerFailed(exitcode)


def _kill_group(p: Any) -> None:
    with suppress(ProcessLookupError, PermissionError, TypeError):
        os.killpg(p.pid, signal.SIGKILL)
    if p.is_alive():
        p.kill()
    p.join(5)


@dataclass
class Validated:
    year: int
    input_sha256: str
    counts: dict[str, int]
    files: dict[str, bytes] = field(repr=False)
    ignored: list[str]


def refuse(label: str, zh: str, en: str) -> BundleInvalid:
    return BundleInvalid([Problem(label, 0, "-", zh, en)])


def validate_upload(settings: Settings, filename: str, src: Path) -> Validated:
    """Run the worker on the upload at `src`; BundleInvalid with every problem (capped), or the result."""
    caps = Caps.of(settings)
    label = Path(filename).name or "upload"
    ctx = _context()
    with tempfile.TemporaryDirectory(prefix="upload-") as tmp:
        recv, send = ctx.Pipe(duplex=False)
        p = ctx.Process(target=validate_in_child, args=(str(src), filename, tmp, caps, settings.upload_worker_mb * MB, send), daemon=True)
        p.start()
        send.close()
        result: dict[str, Any] | None = None
        started = False
        deadline = time.monotonic() + settings.upload_worker_seconds
        try:
            while recv.poll(max(0.0, deadline - time.monotonic())):
                result = recv.recv()
                if result != STARTED:
                    break
                started, result = True, None
            else:
                _kill_group(p)
                log.warning("upload %s: validation over %.0f s, worker killed", label, settings.upload_worker_seconds)
                raise refuse(label, f"校验超过时限 {settings.upload_worker_seconds:.0f} 秒（upload_worker_seconds），已停止",
                             f"validation took longer than {settings.upload_worker_seconds:.0f} s (cap upload_worker_seconds) and was stopped")
        except EOFError:
            result = None
        finally:
            recv.close()
            p.join(5)
            if p.is_alive():
                _kill_group(p)
        if result is None:  # the worker died: the kernel refused it memory, it was killed, or it failed
            log.warning("upload %s: validation worker died (exit %s)", label, p.exitcode)
            raise worker_died(label, started, p.exitcode, settings)
        if "problems" in result:
            raise BundleInvalid([Problem(**p) for p in result["problems"]], ordered=True)  # the child sorted and capped them
        files = {n: (Path(tmp) / n).read_bytes() for n in result["files"]}
    return Validated(result["year"], result["input_sha256"], result["counts"], files, result["ignored"])


# ---- the gate and the store ----------------------------------------------------------------
class UploadGate:
    """At most `upload_workers` validations at once; one per user. Waiting is bounded so that
    uploads never hold the server's threads for long."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._slots = threading.BoundedSemaphore(max(1, settings.upload_workers))
        self._users: set[int] = set()
        self._lock = threading.Lock()

    @contextmanager
    def slot(self, user_id: int) -> Iterator[None]:
        with self._lock:
            if user_id in self._users:
                raise UploadBusy(5)
            self._users.add(user_id)
        try:
            if not self._slots.acquire(timeout=self.settings.upload_wait_seconds):
                raise UploadBusy(int(self.settings.upload_wait_seconds))
            try:
                yield
            finally:
                self._slots.release()
        finally:
            with self._lock:
                self._users.discard(user_id)


def spool(stream: IO[bytes], limit: int, dest: Path) -> str:
    """Copy the upload to `dest` in chunks, refusing past `limit` bytes; its sha256."""
    h = hashlib.sha256()
    n = 0
    with dest.open("wb") as f:
        while chunk := stream.read(CHUNK):
            n += len(chunk)
            if n > limit:
                raise UploadTooLarge()
            h.update(chunk)
            f.write(chunk)
    return h.hexdigest()


def store(session: Session, user: User, filename: str, sha256: str, v: Validated) -> BundleUpload:
    """One transaction: the upload, its kept files with their sha256, the audit event."""
    from api.services import audit

    up = BundleUpload(filename=filename[:255], sha256=sha256, input_sha256=v.input_sha256, year=v.year, counts=v.counts,
                      uploaded_by=row_id(user))
    session.add(up)
    session.flush()
    for name, content in sorted(v.files.items()):
        session.add(BundleFile(bundle_id=row_id(up), name=name, sha256=hashlib.sha256(content).hexdigest(), content=content))
    audit(session, user, "bundle.upload", bundle_id=up.id, filename=filename, sha256=sha256, counts=v.counts,
          ignored=v.ignored[:50])
    session.commit()
    session.refresh(up)
    return up


class Stored(NamedTuple):
    """What an upload came to: the bundle, and whether it was stored before (`existing`: nothing new was stored)."""

    upload: BundleUpload
    existing: bool


def stored_before(session: Session, settings: Settings, sha256: str, v: Validated) -> BundleUpload | None:
    """The first bundle stored from these very bytes that today's reading agrees with (web40 W8): the same content
    digest, plan year and row counts (a policy without a year reads as next year's: the same bytes are another year's
    bundle once the calendar turns; review41 #3), and its stored files still intact in the database and on disk — a
    damaged copy is never the answer, the upload is then stored anew, as re-uploading the file always mended it
    (review41 #2)."""
    from api.integrity import StoredFileError
    from api.services import bundle_folder

    rows = session.exec(select(BundleUpload).where(BundleUpload.sha256 == sha256).order_by(col(BundleUpload.id)))
    for b in rows:
        if (b.input_sha256, b.year, b.counts) != (v.input_sha256, v.year, v.counts):
            continue
        try:
            bundle_folder(session, settings, row_id(b))
        except StoredFileError:
            continue
        return b
    return None


def accept(session: Session, settings: Settings, gate: UploadGate | None, user: User, filename: str, stream: IO[bytes]) -> Stored:
    """The one path every upload takes (API, page, CLI): size, gate, worker, store.
    Raises UploadTooLarge, UploadBusy or BundleInvalid; nothing is stored then.

    The same file again (a double click, a planner unsure the first went through; web40 W8) is validated again — a
    file valid last month may not be today (a certificate's end, the calendar) — and then answers with the bundle
    stored before instead of a copy: the bundle list had one row per click, each with its own plans. The trail
    records the upload again (`bundle.upload.again`). Two different people sending one file at the same instant may
    still both be stored: nothing in the table is unique on the digest, by choice (a migration for a double click)."""
    gate = gate or UploadGate(settings)
    with tempfile.TemporaryDirectory(prefix="spool-") as tmp:
        src = Path(tmp) / ("upload" + Path(filename).suffix.lower()[:8])
        sha = spool(stream, settings.max_upload_mb * MB, src)
        with gate.slot(row_id(user)):
            v = validate_upload(settings, filename, src)
    same = stored_before(session, settings, sha, v)
    if same is not None:
        from api.services import audit

        audit(session, user, "bundle.upload.again", bundle_id=same.id, filename=filename, sha256=sha)
        session.commit()
        session.refresh(same)
        return Stored(same, True)
    return Stored(store(session, user, filename, sha, v), False)


def too_large(settings: Settings, filename: str) -> BundleInvalid:
    return refuse(Path(filename).name or "upload", f"文件超过 {settings.max_upload_mb} MB（max_upload_mb）",
                  f"the file is over {settings.max_upload_mb} MB (cap max_upload_mb)")

