"""walk45 (a district bureau's planner and leader, with data from real systems, bench/walk45/report.md): a duplicated key
in any table (G2), a workbook's sheets under near-miss names (G1, G9), a workbook's stale stored size (G3), an Excel date
serial (G7), a header typo (G10), one cause in many rows (G8), an undecodable byte's row and a missing sheet's name
(foreign44 F6)."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bundle import load_bundle
from bundle.problems import BundleInvalid, Problem
from bundle.schema import SPECS

ROOT = Path(__file__).resolve().parents[1]


def _copy(tiny_dir: Path, tmp_path: Path, name: str = "b") -> Path:
    folder = tmp_path / name
    shutil.copytree(tiny_dir / "bundle", folder)
    return folder


def _problems(path: Path) -> list[Problem]:
    with pytest.raises(BundleInvalid) as e:
        load_bundle(path)
    return e.value.problems


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


# ---- G2: a duplicated key in any table ------------------------------------------------------------------------------
KEYED = sorted(name for name, spec in SPECS.items() if spec.key)


@pytest.mark.parametrize("table", KEYED)
def test_a_duplicated_row_of_any_keyed_table_is_a_problem_naming_file_row_and_key(tiny_dir: Path, tmp_path: Path, table: str) -> None:
    folder = _copy(tiny_dir, tmp_path)
    path = folder / f"{table}.csv"
    rows = _rows(path)
    rows.append(rows[1])  # the register's first row typed again under the others
    _write_rows(path, rows)
    key = SPECS[table].key
    found = [p for p in _problems(folder) if p.file == f"{table}.csv" and p.row == len(rows) and p.column == key[-1]]
    assert len(found) == 1, found
    p = found[0]
    assert f"{'+'.join(key)} 重复" in p.message_zh and "（首次出现在第2行）" in p.message_zh, p
    assert "duplicate" in p.message_en and "(first at row 2)" in p.message_en, p
    assert "00:00:00" not in p.message_zh  # a date key as the planner typed it


def test_a_team_given_twice_with_other_values_is_refused_not_a_traceback(tiny_dir: Path, tmp_path: Path) -> None:
    """The crash of walk45 G2 (pandas' InvalidIndexError in the officers' check): the same team_id, here with another agency."""
    folder = _copy(tiny_dir, tmp_path)
    path = folder / "teams.csv"
    rows = _rows(path)
    twin = list(rows[1])
    twin[1] = "um" if twin[1] != "um" else "hb"
    rows.append(twin)
    _write_rows(path, rows)
    problems = _problems(folder)
    assert [str(p) for p in problems] == [
        f"teams.csv:{len(rows)}:team_id: team_id 重复：{twin[0]}（首次出现在第2行） / duplicate team_id {twin[0]} (first at row 2)"]
    # and the CLI says it as such, without a traceback
    r = subprocess.run([sys.executable, "-m", "inspection.cli", "validate", str(folder)], capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=tmp_path, timeout=120)
    said = r.stdout + r.stderr
    assert r.returncode == 2 and "Traceback" not in said and "InvalidIndexError" not in said, said
    assert "team_id 重复" in said, said
