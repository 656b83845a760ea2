"""The validating worker's death, told apart (foreign36 #1; api/uploads.py). A worker that started validating and died
ran out of its memory cap (422 naming upload_worker_mb); one that never started is the server's fault (500, "see the
server's log"), never blamed on memory. And a stray api.py in the directory the service starts from no longer shadows
the package in the forkserver (Python 3.11's `python -c` put the working directory first on its path)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from api_helpers import make_client, token, zip_folder
from conftest import ROOT

from api import uploads
from api.settings import Settings
from bundle import BundleInvalid


def test_a_worker_that_started_died_of_memory_one_that_did_not_is_the_servers() -> None:
    s = Settings(upload_worker_mb=321)
    died = uploads.worker_died("b.zip", True, 1, s)
    assert isinstance(died, BundleInvalid) and "321 MB" in str(died.problems[0].message_en) and "upload_worker_mb" in died.problems[0].message_zh
    assert isinstance(uploads.worker_died("b.zip", True, -9, s), BundleInvalid)
    failed = uploads.worker_died("b.zip", False, 1, s)
    assert isinstance(failed, uploads.UploadWorkerFailed) and failed.exitcode == 1


def test_a_failed_worker_answers_500_in_both_languages_and_stores_nothing(tmp_path: Path, tiny_dir: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    client = make_client(f"sqlite:///{tmp_path / 'w.db'}", tmp_path / "data")
    h = token(client, "planner")

    def fails(settings: Settings, filename: str, src: Path) -> uploads.Validated:
        raise uploads.UploadWorkerFailed(1)

    monkeypatch.setattr(uploads, "validate_upload", fails)
    r = client.post("/api/bundles", headers=h, files={"file": ("tiny.zip", zip_folder(tiny_dir / "bundle"), "application/zip")})
    assert r.status_code == 500, r.text
    body = r.json()
    assert "校验进程异常退出（退出码 1）" in body["message_zh"] and "the validation process failed (exit 1)" in body["message_en"]
    assert "upload_worker_mb" not in r.text


def test_an_api_py_where_the_service_starts_does_not_break_uploads(tmp_path: Path, tiny_dir: Path) -> None:
    """foreign36's reproducer: `api.py` (and `bundle.py`) in the working directory; the service itself imports the
    package (its console script's path), the forkserver must too."""
    work, runner = tmp_path / "work", tmp_path / "runner"
    work.mkdir()
    runner.mkdir()
    (work / "api.py").write_text("# a planner's own script\n")
    (work / "bundle.py").write_text("raise SystemExit('the wrong bundle')\n")
    src = tmp_path / "tiny.zip"
    src.write_bytes(zip_folder(tiny_dir / "bundle"))
    # a script elsewhere, as the console script is: its own folder, not the working directory, leads its path
    (runner / "run.py").write_text(
        "import pathlib, sys\nsys.path.insert(1, sys.argv[1])\nfrom api.settings import Settings\nfrom api.uploads import validate_upload\n"
        "if __name__ == '__main__':\n"
        "    v = validate_upload(Settings(), 'tiny.zip', pathlib.Path(sys.argv[2]))\n    print(v.year, v.counts['enterprises'])\n")
    r = subprocess.run([sys.executable, str(runner / "run.py"), str(ROOT), str(src)], cwd=work, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    year, n = r.stdout.split()
    assert year == "2027" and int(n) > 0
