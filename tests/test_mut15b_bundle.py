"""Mutation survivors of this session's bundle changes: a file meant as a table but named otherwise (reader.near_miss),
a workbook whose sheets are named by habit (reader.raw_tables), references into a register with no rows (one line,
crosscheck.cross_check). The spec's example bundle, copied per test."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from test_bad_input import at, only_problems

from bundle.problems import Collector
from bundle.reader import Sources, collect_sources, near_miss, raw_tables

MISNAMED = ("文件名应为 {}（文件名区分大小写），该文件未被读取", "the file should be named {} (names are case-sensitive): it was not read")


@pytest.mark.parametrize(("name", "meant"), [("TEAMS.CSV", "teams.csv"), ("Officers.csv", "officers.csv"), ("Calendar.csv", "calendar.csv"),
                                             ("Credit_Grades.csv", "credit_grades.csv")])
def test_near_miss_names_the_file_meant(name: str, meant: str) -> None:
    out = Collector()
    near_miss(name, out)
    assert [(p.file, p.row, p.column, p.message_zh, p.message_en) for p in out.problems] == [
        (name, 0, "-", MISNAMED[0].format(meant), MISNAMED[1].format(meant))]


@pytest.mark.parametrize("name", ["teams.csv", "notes.txt", "teams.csv.bak", "TEAMS.TXT", "~$teams.csv", "calendar.CSV",
                                  "registers.xlsx", "csv"])
def test_near_miss_is_silent_on_a_file_read_or_not_meant_as_a_table(name: str) -> None:
    out = Collector()
    near_miss(name, out)
    assert out.problems == []


@pytest.mark.parametrize(("name", "meant"), [("team.csv", "teams.csv"), ("Policy.json", "policy.json"), ("triggers (1).csv", "triggers.csv")])
def test_near_miss_names_an_unknown_table_and_the_bundle_file_it_resembles(name: str, meant: str) -> None:
    """walk44 G1: any CSV or JSON a bundle does not name is an error, with the closest bundle file name (these were silent)."""
    out = Collector()
    near_miss(name, out)
    assert [(p.file, p.row, p.column) for p in out.problems] == [(name, 0, "-")]
    assert meant in out.problems[0].message_zh and meant in out.problems[0].message_en


def test_a_folder_and_a_zip_name_the_misnamed_file(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "Teams.csv").write_bytes(b"x")
    (folder / "teams.csv").write_bytes(b"y")  # a file of the right name beside it is read
    (folder / "ENTERPRISES.CSV").mkdir()  # a folder is not a file
    out = Collector()
    src = collect_sources(folder, out)
    assert sorted(src.files) == ["teams.csv"] and [p.file for p in out.problems] == ["Teams.csv"]

    z = tmp_path / "b.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("x/OFFICERS.csv", "a")
        zf.writestr("agencies.csv", "b")
        zf.writestr("readme.txt", "c")
    out = Collector()
    src = collect_sources(z, out)
    assert sorted(src.files) == ["agencies.csv"] and [(p.file, p.message_en) for p in out.problems] == [
        ("OFFICERS.csv", MISNAMED[1].format("officers.csv"))]


# ---- a workbook's sheets named by habit ----------------------------------------------------------------------------------------

def _book(bundle_copy: Path, tmp_path: Path, renames: dict[str, str], drop: tuple[str, ...] = ()) -> Sources:
    import openpyxl

    from bundle.workbook import csv_folder_to_workbook

    book = csv_folder_to_workbook(bundle_copy, tmp_path / "registers.xlsx")
    wb = openpyxl.load_workbook(book)
    for old, new in renames.items():
        wb[old].title = new
    for name in drop:
        del wb[name]
    wb.save(book)
    return Sources(files={"registers.xlsx": book.read_bytes()})


def _said(out: Collector) -> list[tuple[str, str]]:
    return [(p.message_zh, p.message_en) for p in out.problems if p.file == "registers.xlsx" and p.row == 0 and "sheet" in p.message_en]


def test_sheets_named_by_habit_are_named_with_the_sheets_missing(bundle_copy: Path, tmp_path: Path) -> None:
    out = Collector()
    tables, _ = raw_tables(_book(bundle_copy, tmp_path, {"officers": "Sheet1", "teams": "人员"}), out)
    assert "officers" not in tables and "teams" not in tables and "agencies" in tables
    # each sheet named, with the table its header fits (walk45 G1), not one workbook-wide line
    said = {p.file: p for p in out.problems if p.row == 0}
    assert "should it be named officers" in said["registers.xlsx[Sheet1]"].message_en
    assert "工作表名是否应为 teams（或 执法队伍）" in said["registers.xlsx[人员]"].message_zh
    assert _said(out) == []


def test_an_extra_sheet_with_nothing_missing_or_a_missing_sheet_with_no_extra_is_not_this_problem(bundle_copy: Path, tmp_path: Path) -> None:
    out = Collector()
    tables, _ = raw_tables(_book(bundle_copy, tmp_path, {"recusals": "备注"}), out)  # an optional register renamed: nothing required missing
    assert "recusals" not in tables and _said(out) == []
    out = Collector()
    tables, _ = raw_tables(_book(bundle_copy, tmp_path, {}, drop=("officers",)), out)
    assert "officers" not in tables and _said(out) == []


# ---- references into a register with no rows ------------------------------------------------------------------------------------

def _rows(path: Path, col: str) -> int:
    return sum(1 for r in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))) if r[col] != "")


def test_references_into_an_empty_register_are_one_line_with_their_count(bundle_copy: Path) -> None:
    n_unavail, n_recusal = _rows(bundle_copy / "unavailability.csv", "officer_id"), _rows(bundle_copy / "recusals.csv", "officer_id")
    assert n_unavail and n_recusal
    header = (bundle_copy / "officers.csv").read_text(encoding="utf-8").splitlines()[0]
    (bundle_copy / "officers.csv").write_text(header + "\n", encoding="utf-8")
    problems = only_problems(bundle_copy)
    p = at(problems, "unavailability.csv", 0, "officer_id")
    assert (p.message_zh, p.message_en) == (f"{n_unavail} 行引用 officers.csv，但 officers.csv 缺失或没有数据行",
                                            f"{n_unavail} row(s) refer to officers.csv, which is missing or has no rows")
    p = at(problems, "recusals.csv", 0, "officer_id")
    assert p.message_en == f"{n_recusal} row(s) refer to officers.csv, which is missing or has no rows"
    assert not [q for q in problems if q.file in ("unavailability.csv", "recusals.csv") and q.column == "officer_id" and q.row > 0]
    # recusals' enterprise_id still refers to a register with rows: checked row by row as before, and said nothing of here
    assert not [q for q in problems if q.column == "enterprise_id" and "missing or has no rows" in q.message_en]


def test_no_line_where_no_row_refers_to_the_empty_register(bundle_copy: Path) -> None:
    for name in ("unavailability.csv", "recusals.csv"):
        header = (bundle_copy / name).read_text(encoding="utf-8").splitlines()[0]
        (bundle_copy / name).write_text(header + "\n", encoding="utf-8")
    header = (bundle_copy / "officers.csv").read_text(encoding="utf-8").splitlines()[0]
    (bundle_copy / "officers.csv").write_text(header + "\n", encoding="utf-8")
    # a register with no rows that nothing refers to: no line about references; the one problem is officers.csv's own
    # (a required register with its header only, hunt26)
    got = only_problems(bundle_copy)
    assert [(p.file, p.row) for p in got] == [("officers.csv", 2)], [str(p) for p in got]
    assert "header but no rows" in got[0].message_en


def test_a_blank_reference_is_not_counted_among_the_rows_referring(bundle_copy: Path) -> None:
    from conftest import set_cell

    n = _rows(bundle_copy / "unavailability.csv", "officer_id")
    set_cell(bundle_copy, "unavailability.csv", 2, "officer_id", "")
    header = (bundle_copy / "officers.csv").read_text(encoding="utf-8").splitlines()[0]
    (bundle_copy / "officers.csv").write_text(header + "\n", encoding="utf-8")
    p = at(only_problems(bundle_copy), "unavailability.csv", 0, "officer_id", "missing or has no rows")
    assert p.message_en.startswith(f"{n - 1} row(s) refer to officers.csv")
