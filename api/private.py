"""The data directory's files are the service's alone (walk44 G8): a plan folder holds plan.json with the lottery's
seed, secret until the year ends (R-PUBLISH), and a bundle folder the enterprises' register. Every folder the service
writes there is 0700 and every file 0600, whatever the process's umask — a folder generated, laid out again from the
database after a restore, or a bundle's."""

from __future__ import annotations

import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """`path` and its missing parents created 0700; `path` itself made 0700 if it existed."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    os.chmod(path, DIR_MODE)
    return path


def write_private(path: Path, data: bytes) -> None:
    """`data` into `path`, created 0600 (never readable by others, not even for a moment)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "wb") as f:
        os.fchmod(f.fileno(), FILE_MODE)  # an existing file keeps its mode through O_CREAT
        f.write(data)


def make_private(folder: Path) -> Path:
    """A folder written by others' code (scheduler.atomic): it and everything in it made 0700/0600."""
    os.chmod(folder, DIR_MODE)
    for root, dirs, files in os.walk(folder):
        for d in dirs:
            os.chmod(Path(root) / d, DIR_MODE)
        for f in files:
            os.chmod(Path(root) / f, FILE_MODE)
    return folder


def disk_full(e: BaseException | None) -> bool:
    """Whether an error (or one it was raised from) is a full disk or quota: OSError ENOSPC / EDQUOT, SQLite's "database
    or disk is full", PostgreSQL's disk_full (53100) — said as such, not as "internal error" or "OSError" (walk44 G13)."""
    import errno

    seen = 0
    while e is not None and seen < 5:
        if isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        orig = getattr(e, "orig", None)
        if orig is not None and (getattr(orig, "sqlstate", None) == "53100" or "database or disk is full" in str(orig)):
            return True
        e, seen = e.__cause__ or e.__context__, seen + 1
    return False


DISK_FULL = ("服务器磁盘空间不足（数据目录 INSPECTION_DATA_DIR、临时目录或数据库所在磁盘），请管理员清理或扩容",
             "the server's disk is full (the data directory INSPECTION_DATA_DIR, the temporary directory or the database's): "
             "an administrator must free space")
