"""Stored files checked against their sha256 before use (完整性校验, issue 13).

Bundle files carry their sha256 in the database (BundleFile.sha256); a plan folder's files are
recorded at generation (Plan.files_sha256, Plan.sha256 = the digest of that manifest) and the
digest again at approval (Plan.approved_sha256). A mismatch is never served: it raises
StoredFileError, is logged with an error id and written to the audit log for admins
(`integrity.mismatch`), and the request answers 409 with the error id, never a 500."""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.models import AuditEvent, BundleFile

log = logging.getLogger("inspection.integrity")


class StoredFileError(Exception):
    """A stored file is missing or no longer what was recorded."""

    def __init__(self, what: str, problems: list[str], plan_id: int | None = None, bundle_id: int | None = None):
        self.what, self.problems, self.plan_id, self.bundle_id = what, problems, plan_id, bundle_id
        self.error_id = secrets.token_hex(4)
        self.reported = False  # report() logs and audits it once
        super().__init__(f"{what}: {'; '.join(problems[:5])}")

    @property
    def zh(self) -> str:
        return f"存储的文件缺失或被改动（{self.what}），已记录并通知管理员，编号 {self.error_id}"

    @property
    def en(self) -> str:
        return f"stored files are missing or altered ({self.what}); logged for an administrator, id {self.error_id}"


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def manifest(folder: Path) -> dict[str, str]:
    """sha256 of every file in a plan folder, by name."""
    return {p.name: sha256_file(p) for p in sorted(folder.iterdir()) if p.is_file()}


def digest(files: dict[str, str]) -> str:
    """One hash for a manifest (what approval records)."""
    return hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()


def folder_problems(folder: Path, expected: dict[str, str]) -> list[str]:
    if not folder.is_dir():
        return [f"{folder.name}/ missing"]
    out = []
    for name, sha in sorted(expected.items()):
        p = folder / name
        if not p.is_file():
            out.append(f"{name} missing")
        elif sha256_file(p) != sha:
            out.append(f"{name} sha256 differs")
    return out


def read_verified(folder: Path, names: tuple[str, ...], expected: dict[str, str]) -> tuple[dict[str, bytes], list[str]]:
    """Each named file read once, with what is wrong about it: missing, no sha256 recorded, or not the recorded bytes.
    The bytes returned are the ones checked (folder_problems re-reads; a caller serving the files must not)."""
    data: dict[str, bytes] = {}
    out = []
    for name in names:
        try:
            data[name] = (folder / name).read_bytes()
        except OSError:
            out.append(f"{name} missing")
            continue
        if name not in expected:
            out.append(f"{name}: no sha256 recorded")
        elif hashlib.sha256(data[name]).hexdigest() != expected[name]:
            out.append(f"{name} sha256 differs")
    return data, out


def verified_content(f: BundleFile) -> bytes:
    """A stored bundle file's bytes, only if they are still the recorded ones."""
    content = f.content if isinstance(f.content, bytes) else str(f.content).encode()  # a hand-edited row may come back as text
    if hashlib.sha256(content).hexdigest() != f.sha256:
        raise StoredFileError(f"bundle {f.bundle_id} {f.name}", [f"{f.name} sha256 differs from the recorded one"], bundle_id=f.bundle_id)
    return f.content


def report(engine: Engine, e: StoredFileError) -> None:
    """Server log and audit log (admins read /api/audit); the user gets only the error id."""
    if e.reported:
        return
    e.reported = True
    log.error("integrity %s: %s (error id %s)", e.what, "; ".join(e.problems), e.error_id)
    try:
        with Session(engine) as s:
            s.add(AuditEvent(action="integrity.mismatch", plan_id=e.plan_id, bundle_id=e.bundle_id,
                             detail={"what": e.what, "problems": e.problems[:50], "error_id": e.error_id}))
            s.commit()
    except Exception:  # the audit write must not hide the refusal itself
        log.exception("integrity: could not write the audit event")
