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


# ---- G1: a workbook's sheet under a near-miss name ----------------------------------------------------------------------
def _workbook(tiny_dir: Path, tmp_path: Path, renames: dict[str, str] | None = None, name: str = "registers.xlsx") -> Path:
    import openpyxl

    from bundle.workbook import csv_folder_to_workbook

    book = csv_folder_to_workbook(tiny_dir / "bundle", tmp_path / name)
    wb = openpyxl.load_workbook(book)  # saved again as Excel does: each sheet with its stored size (<dimension>)
    for old, new in (renames or {}).items():  # by way of another name: openpyxl makes "Calendar" beside "calendar" "Calendar1"
        wb[old].title = f"_{new}"
        wb[f"_{new}"].title = new
    wb.save(book)
    return book


SHEET_RENAMES = {"unavailability": "请假", "triggers": "triggers (2)", "recusals": "recusal", "calendar": "Calendar"}


def test_a_sheet_under_a_near_miss_name_is_refused_naming_it_and_its_table(tiny_dir: Path, tmp_path: Path) -> None:
    book = _workbook(tiny_dir, tmp_path, SHEET_RENAMES)
    problems = _problems(book)
    by_file = {p.file: p for p in problems if p.row == 0}
    for table, sheet in SHEET_RENAMES.items():
        p = by_file.get(f"registers.xlsx[{sheet}]")
        assert p is not None, [str(q) for q in problems]
        assert table in p.message_zh and table in p.message_en, p
        assert "未被读取" in p.message_zh and "not read" in p.message_en, p


def test_an_empty_or_hidden_extra_sheet_is_still_left_out_and_the_bundle_reads(tiny_dir: Path, tmp_path: Path) -> None:
    import openpyxl

    book = _workbook(tiny_dir, tmp_path)
    wb = openpyxl.load_workbook(book)
    wb.create_sheet("Sheet2")  # Excel's empty leftover
    lists = wb.create_sheet("下拉选项")  # a template's drop-down lists, hidden
    lists.append(["建筑施工", "燃气经营"])
    lists.sheet_state = "hidden"
    wb.save(book)
    b = load_bundle(book)
    assert len(b.triggers) == len(_rows(tiny_dir / "bundle" / "triggers.csv")) - 1


def test_a_workbook_with_a_near_miss_sheet_is_refused_by_the_upload_and_nothing_is_stored(tiny_dir: Path, tmp_path: Path) -> None:
    from sqlmodel import Session

    from api.services import count_rows
    from tests.api_helpers import make_client, token

    client = make_client(f"sqlite:///{tmp_path / 'g1.db'}", tmp_path / "data")
    h = token(client, "planner")
    with Session(client.app.state.engine) as s:
        before = count_rows(s)
    book = _workbook(tiny_dir, tmp_path, {"unavailability": "请假"})
    r = client.post("/api/bundles", headers=h, files={"file": ("registers.xlsx", book.read_bytes(), "application/octet-stream")})
    assert r.status_code == 422, r.text
    errors = {e["file"]: e for e in r.json()["errors"]}
    assert "unavailability" in errors["registers.xlsx[请假]"]["message_zh"], r.json()
    with Session(client.app.state.engine) as s:
        assert count_rows(s) == before


# ---- G9: the spec's own Chinese names as sheet names --------------------------------------------------------------------
BUNDLE_MD = Path(os.environ.get("INSPECTION_SHARED", ROOT.parent / "shared")) / "spec" / "bundle.md"


def test_the_chinese_sheet_names_are_the_ones_bundle_md_gives() -> None:
    """Only names bundle.md itself gives beside a file's heading: none is made up (unavailability.csv has none)."""
    from bundle.reader import SHEET_ZH

    text = BUNDLE_MD.read_text(encoding="utf-8")
    for table, zh in SHEET_ZH.items():
        assert any(line.startswith(f"## {table}.csv (") and line.endswith(f") {zh}") for line in text.splitlines()), (table, zh)
    assert "unavailability" not in SHEET_ZH


def test_a_workbook_with_the_specs_chinese_sheet_names_loads_as_its_csvs(tiny_dir: Path, tmp_path: Path) -> None:
    from bundle.reader import SHEET_ZH

    book = _workbook(tiny_dir, tmp_path, SHEET_ZH)
    b, ref = load_bundle(book), load_bundle(tiny_dir / "bundle")
    for name, frame in ref.frames.items():
        assert frame.drop(columns="_row").equals(b.frames[name].drop(columns="_row")), name
    assert len(b.recusals) and len(b.frames["calendar"]) == 365
    # its problems name the sheet as the planner did
    rows = _rows(tiny_dir / "bundle" / "teams.csv")
    import openpyxl

    wb = openpyxl.load_workbook(book)
    wb["执法队伍"].append(rows[1])
    wb.save(book)
    assert any(p.file == "registers.xlsx[执法队伍]" and "team_id 重复" in p.message_zh for p in _problems(book))


def test_chinese_sheet_names_not_in_bundle_md_are_refused_without_a_calendar_line(tiny_dir: Path, tmp_path: Path) -> None:
    """walk45's T1: 检查事项清单 (bundle.md: 行政检查事项清单), 投诉举报, 请假 are named with their tables; the calendar was read,
    so no "no working-day calendar: add calendar.csv"."""
    from bundle.reader import SHEET_ZH

    names = {**SHEET_ZH, "items": "检查事项清单", "triggers": "投诉举报", "unavailability": "请假"}
    problems = _problems(_workbook(tiny_dir, tmp_path, names))
    said = {p.file: p for p in problems}
    assert "items（或 行政检查事项清单）" in said["registers.xlsx[检查事项清单]"].message_zh
    assert "triggers" in said["registers.xlsx[投诉举报]"].message_zh and "unavailability" in said["registers.xlsx[请假]"].message_zh
    assert not any("calendar" in p.message_en or "工作日历" in p.message_zh for p in problems), [str(p) for p in problems]


def test_a_calendar_sheet_under_another_name_is_said_once_not_as_a_missing_calendar(tiny_dir: Path, tmp_path: Path) -> None:
    problems = _problems(_workbook(tiny_dir, tmp_path, {"calendar": "日历"}))
    assert [p.file for p in problems] == ["registers.xlsx[日历]"], [str(p) for p in problems]
    assert "calendar（或 工作日）" in problems[0].message_zh


# ---- G3: a workbook whose stored sheet size is stale ---------------------------------------------------------------------
def _with_dimension(book: Path, refs: dict[str, str], out: Path) -> Path:
    """The workbook with the `<dimension ref>` of the named sheets (every sheet for "*") replaced, as a system export writes it."""
    import re
    import zipfile

    with zipfile.ZipFile(book) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
        names = re.findall(rb'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', parts["xl/workbook.xml"])
        rels = {}
        for rel in re.findall(rb"<Relationship [^>]+>", parts["xl/_rels/workbook.xml.rels"]):
            rid = re.search(rb'Id="([^"]+)"', rel)
            target = re.search(rb'Target="/?(?:xl/)?([^"]+)"', rel)
            assert rid and target
            rels[rid[1]] = target[1]
    for name, rid in names:
        sheet = name.decode("utf-8")
        ref = refs.get(sheet, refs.get("*"))
        if ref is None:
            continue
        member = "xl/" + rels[rid].decode()
        new = re.sub(rb'<dimension ref="[^"]+"', f'<dimension ref="{ref}"'.encode(), parts[member])
        assert f'<dimension ref="{ref}"'.encode() in new, member
        parts[member] = new
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, data in parts.items():
            zf.writestr(n, data)
    return out


@pytest.mark.parametrize("refs", [{"unavailability": "A1:D10", "recusals": "A1:C2"}, {"*": "A1"}, {"enterprises": "A1:B20"}],
                         ids=["short", "A1", "narrow"])
def test_a_stale_stored_sheet_size_loses_no_row_nor_column(tiny_dir: Path, tmp_path: Path, refs: dict[str, str]) -> None:
    book = _with_dimension(_workbook(tiny_dir, tmp_path), refs, tmp_path / "stale.xlsx")
    b, ref = load_bundle(book), load_bundle(tiny_dir / "bundle")
    for name, frame in ref.frames.items():
        assert frame.drop(columns="_row").equals(b.frames[name].drop(columns="_row")), name
        assert list(frame["_row"]) == list(b.frames[name]["_row"]), name
    assert len(b.unavailability) > 9


# ---- G7: an Excel date serial ----------------------------------------------------------------------------------------------
def test_an_excel_date_serial_is_said_to_be_one_with_its_date(tiny_dir: Path, tmp_path: Path) -> None:
    import openpyxl

    from bundle.cells import Bad, parse_date

    bad = parse_date("43525")
    assert isinstance(bad, Bad) and "Excel 日期序列号" in bad.zh and "2019-03-01" in bad.zh, bad
    assert "Excel date serial" in bad.en and "2019-03-01" in bad.en, bad
    assert "2019-03-01" in parse_date("43525.5").zh  # a date with a time of day
    for text in ("2019", "201903", "1234"):  # a year, a month, a number: not said to be a serial
        got = parse_date(text)
        assert isinstance(got, Bad) and "Excel" not in got.zh, (text, got)
    # in a workbook: a cell in General format holding the number
    book = _workbook(tiny_dir, tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb["enterprises"]
    col = [c.value for c in ws[1]].index("established_on") + 1
    ws.cell(row=3, column=col).value = 43525
    ws.cell(row=3, column=col).number_format = "General"
    wb.save(book)
    found = [p for p in _problems(book) if p.file == "registers.xlsx[enterprises]" and p.row == 3 and p.column == "established_on"]
    assert len(found) == 1 and "即 2019-03-01" in found[0].message_zh, [str(p) for p in found]


# ---- G10: a header typo -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("typed", "meant"), [("distirct_code", "district_code"), ("District Code", "district_code"),
                                              ("enterprise-id", "enterprise_id")])
def test_a_missing_columns_near_miss_in_the_header_is_named(tiny_dir: Path, tmp_path: Path, typed: str, meant: str) -> None:
    folder = _copy(tiny_dir, tmp_path)
    path = folder / "enterprises.csv"
    rows = _rows(path)
    rows[0][rows[0].index(meant)] = typed
    _write_rows(path, rows)
    found = [p for p in _problems(folder) if p.file == "enterprises.csv" and p.row == 1 and p.column == meant]
    assert len(found) == 1, found
    assert f"缺少必需列 {meant}" in found[0].message_zh and f"未识别的列 {typed}，是否应为 {meant}？" in found[0].message_zh, found[0]
    assert f"unrecognised column {typed}: should it be {meant}?" in found[0].message_en, found[0]


def test_an_unrelated_extra_column_is_not_offered_for_a_missing_one(tiny_dir: Path, tmp_path: Path) -> None:
    folder = _copy(tiny_dir, tmp_path)
    path = folder / "enterprises.csv"
    rows = _rows(path)
    rows[0][rows[0].index("district_code")] = "备注"
    _write_rows(path, rows)
    found = [p for p in _problems(folder) if p.file == "enterprises.csv" and p.row == 1 and p.column == "district_code"]
    assert [p.message_zh for p in found] == ["缺少必需列 district_code"]


# ---- G8: one cause in many rows --------------------------------------------------------------------------------------------
def test_a_column_of_excel_dates_is_one_problem_with_the_count_and_the_first_rows(tiny_dir: Path, tmp_path: Path) -> None:
    folder = _copy(tiny_dir, tmp_path)
    path = folder / "enterprises.csv"
    rows = _rows(path)
    i = rows[0].index("established_on")
    dated = [n for n, r in enumerate(rows[1:], start=2) if r[i]]
    for r in rows[1:]:
        if r[i]:
            y, m, d = r[i].split("-")
            r[i] = f"{y}/{int(m)}/{int(d)}"  # as Excel (zh-CN) saves a date column
    _write_rows(path, rows)
    problems = [p for p in _problems(folder) if p.file == "enterprises.csv" and p.column == "established_on"]
    assert len(problems) == 1, [str(p) for p in problems][:8]
    p = problems[0]
    assert p.row == dated[0] and "应写作" in p.message_zh, p
    assert f"此列同样的问题共 {len(dated)} 行：第{'、'.join(map(str, dated[:5]))}行等" in p.message_zh, p
    assert f"the same problem in {len(dated)} rows of this column: rows {', '.join(map(str, dated[:5]))}" in p.message_en, p


def test_a_few_alike_problems_are_still_told_row_by_row(tiny_dir: Path, tmp_path: Path) -> None:
    folder = _copy(tiny_dir, tmp_path)
    path = folder / "enterprises.csv"
    rows = _rows(path)
    i = rows[0].index("size")
    for r in rows[1:4]:
        r[i] = "巨型"
    _write_rows(path, rows)
    problems = [p for p in _problems(folder) if p.file == "enterprises.csv" and p.column == "size"]
    assert [p.row for p in problems] == [2, 3, 4] and not any("同样的问题" in p.message_zh for p in problems)


def test_a_missing_certificate_column_is_said_once_not_per_officer(tiny_dir: Path, tmp_path: Path) -> None:
    folder = _copy(tiny_dir, tmp_path)
    path = folder / "officers.csv"
    rows = _rows(path)
    i = rows[0].index("certificate_no")
    _write_rows(path, [r[:i] + r[i + 1:] for r in rows])
    problems = [p for p in _problems(folder) if p.file == "officers.csv"]
    assert [(p.row, p.column) for p in problems] == [(1, "certificate_no")], [str(p) for p in problems][:5]


def test_a_title_row_above_the_header_is_said_once(tiny_dir: Path, tmp_path: Path) -> None:
    import openpyxl

    book = _workbook(tiny_dir, tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb["enterprises"]
    ws.insert_rows(1)
    ws["A1"] = "长治市潞州区检查对象名录库（2026年12月导出）"
    ws.merge_cells("A1:K1")
    wb.save(book)
    problems = [p for p in _problems(book) if p.file == "registers.xlsx[enterprises]"]
    assert len(problems) == 1, [str(p) for p in problems][:5]
    assert problems[0].row == 1 and "第2行才是" in problems[0].message_zh and "标题行" in problems[0].message_zh, problems[0]
    assert "row 2 is" in problems[0].message_en


# ---- foreign44 F6: an undecodable byte at its row and cell; a missing sheet named as a sheet --------------------------------
def test_an_undecodable_byte_is_filed_at_its_row_and_cell_and_still_listed_first(tiny_dir: Path, tmp_path: Path) -> None:
    folder = _copy(tiny_dir, tmp_path)
    path = folder / "agencies.csv"
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b",", b",\x80\xff", 1)  # foreign44's b08: a 0x80 in row 3's name
    path.write_bytes(b"\n".join(lines))
    ent = folder / "enterprises.csv"  # and other files' row problems, which must not push it down a capped list
    rows = _rows(ent)
    for r in rows[1:]:
        r[rows[0].index("size")] = "huge"
    _write_rows(ent, rows)
    problems = _problems(folder)
    (bad,) = [p for p in problems if "neither UTF-8" in p.message_en]
    assert (bad.file, bad.row, bad.column) == ("agencies.csv", 3, "name"), bad
    assert "第3行" in bad.message_zh
    assert problems.index(bad) < min(k for k, p in enumerate(problems) if p.file == "enterprises.csv" and p.row > 1)


def test_a_workbook_without_a_required_sheet_names_the_sheet_not_a_csv(tiny_dir: Path, tmp_path: Path) -> None:
    import openpyxl

    book = _workbook(tiny_dir, tmp_path)
    wb = openpyxl.load_workbook(book)
    del wb["agencies"]
    wb.save(book)
    problems = _problems(book)
    assert not [str(p) for p in problems if "agencies.csv" in str(p)]
    missing = [p for p in problems if p.file == "registers.xlsx[agencies]" and p.row == 0]
    assert any("工作簿中没有必需的工作表 agencies（或 执法主体）" in p.message_zh and "no sheet agencies" in p.message_en for p in missing), \
        [str(p) for p in problems]
