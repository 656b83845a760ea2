"""Bad input a planner makes by accident (hunt26, a fresh-eyes hunt through every entry point): each refused with its
file:row:column in Chinese and English, never a traceback or a 500, and nothing stored; each test fails on the code
before the fix."""

from __future__ import annotations

import base64
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import read_rows, set_cell, write_rows
from test_bad_input import at, only_problems

from bundle import load_bundle


def _names(bundle: Path) -> tuple[list[str], list[list[str]]]:
    return read_rows(bundle / "enterprises.csv")


# -- control characters ---------------------------------------------------------------------------------------------
def test_a_control_character_in_a_cell_is_refused_naming_its_code_point(bundle_copy: Path) -> None:
    """U+0007 in a name (a legacy export) was taken, and every Excel export of the plan failed after approval."""
    header, rows = _names(bundle_copy)
    rows[2][header.index("name")] += "\x07"
    rows[4][header.index("address")] = "长治\x0b某路"
    write_rows(bundle_copy / "enterprises.csv", header, rows)
    problems = only_problems(bundle_copy)
    assert "U+0007" in at(problems, "enterprises.csv", 4, "name", "control character").message_zh
    assert "U+000B" in at(problems, "enterprises.csv", 6, "address", "control character").message_en


def test_line_breaks_and_tabs_inside_a_cell_are_not_control_characters(bundle_copy: Path) -> None:
    """An address typed on two lines (quoted) and a tab are text an .xlsx holds: nothing to refuse."""
    header, rows = _names(bundle_copy)
    rows[1][header.index("address")] = "长治市\n某路1号"
    rows[2][header.index("address")] = "长治市\t某路2号"
    write_rows(bundle_copy / "enterprises.csv", header, rows)
    assert "\n" in load_bundle(bundle_copy).enterprises["address"].iloc[1]


def test_a_control_character_in_an_ignored_column_or_a_header_is_refused_too(bundle_copy: Path) -> None:
    """Extra columns are kept with the bundle (bundle.md), so they reach exports as well."""
    header, rows = _names(bundle_copy)
    header = [*header, "备注\x01"]
    rows = [[*r, "x\x1fy" if i == 0 else ""] for i, r in enumerate(rows)]
    write_rows(bundle_copy / "enterprises.csv", header, rows)
    problems = only_problems(bundle_copy)
    at(problems, "enterprises.csv", 1, "备注\x01", "control character")
    at(problems, "enterprises.csv", 2, "备注\x01", "control character")


def test_a_stray_nul_byte_is_a_control_character_in_its_row_not_utf16(bundle_copy: Path) -> None:
    p = bundle_copy / "agencies.csv"
    lines = p.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b",", b"\x00,", 1)
    p.write_bytes(b"\n".join(lines))
    problems = only_problems(bundle_copy)
    assert not any("UTF-16" in x.message_en for x in problems)
    assert "U+0000" in at(problems, "agencies.csv", 3, "agency_id", "control character").message_en


def test_exports_show_a_stored_control_character_instead_of_failing() -> None:
    """What reached the store another way (an older upload, an in-year text) is written as U+FFFD, not a 500."""
    from api.export import problems_xlsx, xlsx_row

    assert xlsx_row(["a\x07b", 3, None, "ok\n"]) == ["a\ufffdb", 3, None, "ok\n"]
    book = problems_xlsx([{"file": "enterprises.csv", "row": 2, "column": "name", "message_zh": "名称\x07", "message_en": "n\x07"}],
                         {("enterprises.csv", 2): "长治\x07公司"})
    rows = list(openpyxl.load_workbook(io.BytesIO(book))["问题清单"].iter_rows(min_row=4, values_only=True))
    assert rows[0][4] == "长治\ufffd公司" and rows[0][5] == "名称\ufffd"


# -- full-width digits -------------------------------------------------------------------------------------------------
def test_a_full_width_digit_in_a_district_code_is_refused(bundle_copy: Path) -> None:
    """`\\d` matched ０, so 14０403 passed and the firm fell to no team's district (a tier-D firm unvisited)."""
    code = read_rows(bundle_copy / "enterprises.csv")[1][0][2]
    set_cell(bundle_copy, "enterprises.csv", 2, "district_code", code[:2] + chr(ord(code[2]) + 0xFEE0) + code[3:])
    at(only_problems(bundle_copy), "enterprises.csv", 2, "district_code", "6 digits")


@pytest.mark.parametrize(("column", "value", "says"), [("established_on", "２０１７-０３-２４", "full-width"),
                                                       ("employees", "５７", "whole number")])
def test_full_width_dates_and_numbers_are_refused_as_such(bundle_copy: Path, column: str, value: str, says: str) -> None:
    set_cell(bundle_copy, "enterprises.csv", 3, column, value)
    at(only_problems(bundle_copy), "enterprises.csv", 3, column, says)


# -- empty registers, cascades, duplicates -------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["enterprises", "agencies", "items", "teams", "officers"])
def test_a_required_register_with_its_header_only_is_refused(bundle_copy: Path, name: str) -> None:
    """A plan of 0 visits and 0 shortfalls was made, checked and approved from an empty officers.csv."""
    p = bundle_copy / f"{name}.csv"
    p.write_text(p.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    at(only_problems(bundle_copy), f"{name}.csv", 2, "-", "header but no rows")


def test_an_optional_register_with_its_header_only_is_fine(bundle_copy: Path) -> None:
    p = bundle_copy / "triggers.csv"
    p.write_text(p.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert load_bundle(bundle_copy).triggers.empty


def test_a_renamed_key_column_is_one_problem_first_not_hundreds_of_false_ones(bundle_copy: Path) -> None:
    """enterprise_id renamed 统一社会信用代码: every row's key empty, so 'duplicate' and 'not in enterprises.csv' buried it."""
    header, rows = _names(bundle_copy)
    header[header.index("enterprise_id")] = "统一社会信用代码"
    write_rows(bundle_copy / "enterprises.csv", header, rows)
    problems = only_problems(bundle_copy)
    assert not [p for p in problems if "duplicate" in p.message_en or "is not in enterprises.csv" in p.message_en]
    assert (problems[0].file, problems[0].row, problems[0].column) == ("enterprises.csv", 1, "enterprise_id")


def test_header_problems_of_any_file_come_before_row_problems() -> None:
    from bundle.problems import BundleInvalid, Problem

    e = BundleInvalid([Problem("agencies.csv", 3, "name", "甲", "a"), Problem("teams.csv", 1, "team_id", "乙", "b"),
                       Problem("agencies.csv", 0, "-", "丙", "c"), Problem("agencies.csv", 2, "name", "丁", "d")])
    assert [(p.file, p.row) for p in e.problems] == [("agencies.csv", 0), ("teams.csv", 1), ("agencies.csv", 2), ("agencies.csv", 3)]


def test_two_unparseable_dates_in_a_key_are_not_a_duplicate_nat(bundle_copy: Path) -> None:
    p = bundle_copy / "calendar.csv"
    header, rows = read_rows(p)
    rows[0][header.index("date")] = "2027/1/1"
    rows[1][header.index("date")] = "2027/1/2"
    write_rows(p, header, rows)
    problems = only_problems(bundle_copy)
    at(problems, "calendar.csv", 2, "date", "YYYY-MM-DD")
    assert not [x for x in problems if "NaT" in x.message_en or "duplicate" in x.message_en], [str(x) for x in problems]


def test_the_default_year_is_never_read_from_an_excel_serial_number(bundle_copy: Path) -> None:
    """Without policy.json, a calendar of serials (46388 …) made the plan year 4639."""
    (bundle_copy / "policy.json").unlink()
    p = bundle_copy / "calendar.csv"
    header, rows = read_rows(p)
    for i, r in enumerate(rows):
        r[header.index("date")] = str(46388 + i)
    write_rows(p, header, rows)
    problems = only_problems(bundle_copy)
    # the serials are five digits; a year of four read off their first characters ("for 4639") is what must not appear
    assert not [x for x in problems if re.search(r"(?<!\d)46[34]\d(?!\d)", x.message_en)], [str(x) for x in problems][:5]
    at(problems, "calendar.csv", 2, "date", "YYYY-MM-DD")


# -- encodings ---------------------------------------------------------------------------------------------------------------
def test_a_gb18030_file_with_a_character_gbk_lacks_is_read(bundle_copy: Path) -> None:
    header, rows = _names(bundle_copy)
    rows[5][header.index("name")] = "长治䶮记有限公司"
    p = bundle_copy / "enterprises.csv"
    write_rows(p, header, rows)
    p.write_bytes(p.read_text(encoding="utf-8").encode("gb18030"))
    assert "长治䶮记有限公司" in set(load_bundle(bundle_copy).enterprises["name"])


def test_bytes_no_encoding_reads_name_their_row_and_not_a_missing_file(bundle_copy: Path) -> None:
    p = bundle_copy / "agencies.csv"
    lines = p.read_bytes().split(b"\r\n")  # the example's line ends
    lines[2] += b"\x80\xff"
    p.write_bytes(b"\r\n".join(lines))
    problems = only_problems(bundle_copy)
    # a whole-file problem (sorted with the others: review26) filed at its row and cell (foreign44 F6), its words naming the row
    assert "row 3, byte 0x80" in at(problems, "agencies.csv", 3, "name", "neither UTF-8 nor GBK").message_en
    assert not [x for x in problems if x.file == "agencies.csv" and "missing" in x.message_en]
    # nor do the files referring to it say it is "missing or has no rows" (review26)
    assert not [x for x in problems if "agencies.csv, which is missing" in x.message_en], [str(x) for x in problems]


def test_a_workbook_saved_under_a_csv_name_is_said_to_be_one(bundle_copy: Path, tmp_path: Path) -> None:
    from bundle.workbook import csv_folder_to_workbook

    book = csv_folder_to_workbook(bundle_copy, tmp_path / "b.xlsx")
    (bundle_copy / "agencies.csv").write_bytes(book.read_bytes())
    problems = only_problems(bundle_copy)
    at(problems, "agencies.csv", 0, "-", "Excel workbook")
    assert not [x for x in problems if "UTF-16" in x.message_en or x.message_en.startswith("required file agencies.csv")]


# -- lists, folders ----------------------------------------------------------------------------------------------------------
def test_officer_ids_joined_by_a_chinese_comma_are_refused_and_a_full_width_semicolon_is_read(bundle_copy: Path) -> None:
    """Refused where the joined id is not an officer of officers.csv (an id holding a comma is taken: review26)."""
    p = bundle_copy / "inspections.csv"
    header, rows = read_rows(p)
    i = header.index("officer_ids")
    first, second = rows[0][i].split(";")[:2]
    rows[0][i] = f"{first}、{second}"
    rows[1][i] = "；".join(rows[1][i].split(";"))
    write_rows(p, header, rows)
    problems = only_problems(bundle_copy)
    at(problems, "inspections.csv", 2, "officer_ids", "separated by ';'")
    assert not [x for x in problems if x.row == 3]
    rows[0][i] = f"{first};{second}"
    write_rows(p, header, rows)
    assert load_bundle(bundle_copy).inspections["officer_ids"].iloc[1] == tuple(read_rows(bundle_copy / "inspections.csv")[1][1][i].split("；"))


def test_a_bundle_one_folder_down_is_pointed_to(tmp_path: Path, bundle_copy: Path) -> None:
    outer = tmp_path / "unzipped"
    outer.mkdir()
    shutil.move(str(bundle_copy), outer / "长治2027")
    problems = only_problems(outer)
    assert len(problems) == 1 and "长治2027" in problems[0].message_zh and "subfolder" in problems[0].message_en


# -- the web page's problem list --------------------------------------------------------------------------------------------
def test_the_problem_workbook_names_the_firm_of_the_row_in_a_gbk_file_with_blank_lines(bundle_copy: Path, tmp_path: Path) -> None:
    """csv.DictReader skipped blank lines (and read GBK as UTF-8 'replace'): the row's problem was labelled with the next
    firm's name. A control character in a problem's text made the page a 500."""
    from api_helpers import make_client

    header, rows = _names(bundle_copy)
    rows[8][header.index("sector")] = "mining"
    rows[3][header.index("name")] += "\x07"
    text = "\n".join([",".join(header), *(",".join(r) + ("\n" if k == 4 else "") for k, r in enumerate(rows))]) + "\n"
    (bundle_copy / "enterprises.csv").write_bytes(text.encode("gb18030"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for f in sorted(bundle_copy.iterdir()):
            zf.write(f, f.name)
    client = make_client(f"sqlite:///{tmp_path / 'w.db'}", tmp_path / "data")
    with client:
        from test_flow import page_login, rows_now

        page_login(client, "planner", "planner-pass")
        before = rows_now(client)
        r = client.post("/upload", files={"file": ("bad.zip", buf.getvalue(), "application/zip")})
        assert r.status_code == 422, r.text[-500:]
        assert rows_now(client) == before
    link = re.search(r'id="errors-xlsx" href="data:[^;]+;base64,([^"]+)"', r.text)
    assert link
    got = {(x[1], x[2], x[3]): x[4] for x in openpyxl.load_workbook(io.BytesIO(base64.b64decode(link.group(1))))["问题清单"]
           .iter_rows(min_row=4, values_only=True)}
    # the blank line after the fifth record moves every later record one spreadsheet row down
    assert got[("enterprises.csv", 11, "sector")] == rows[8][header.index("name")]
    assert got[("enterprises.csv", 5, "name")] == rows[3][header.index("name")].replace("\x07", "\ufffd")


# -- in-year forms ----------------------------------------------------------------------------------------------------------
def test_in_year_forms_strip_texts_and_read_chinese_labels() -> None:
    from api.routers.visits import LeaveIn, RecordIn, TriggerIn

    t = TriggerIn(trigger_id="  ", enterprise_id=" 长治泰物有限公司0\u3000", agency_id="hb ", received_on="2027-03-01 ", kind="投诉举报")
    assert (t.trigger_id, t.enterprise_id, t.agency_id, t.received_on, t.kind) == ("", "长治泰物有限公司0", "hb", "2027-03-01", "complaint")
    assert LeaveIn(officer_id="um-140403-000\u3000", start_on="2027-04-01").officer_id == "um-140403-000"
    r = RecordIn(date="2027-03-01", officer_ids=[" a", "b\u3000"], outcomes={" i1": "违法违规", "i2": "minor "})
    assert r.officer_ids == ["a", "b"] and r.outcomes == {"i1": "violation", "i2": "minor"}
    # another column's label stays what was typed, so the refusal quotes it (其他 is a sector; 执法人员 a role)
    assert RecordIn(date="2027-03-01", officer_ids=["a"], outcomes={"i1": "其他"}).outcomes == {"i1": "其他"}
    assert TriggerIn(enterprise_id="E", agency_id="hb", received_on="2027-03-01", kind="执法人员").kind == "执法人员"
    assert TriggerIn(enterprise_id="E", agency_id="hb", received_on="2027-03-01", kind="企业申请").kind == "enterprise_request"


# -- export-history -----------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("state", ["[]", "null", '{"visits": 5}', '{"visits": [1, 2]}'])
def test_export_history_refuses_a_state_of_another_shape(bundle_copy: Path, tmp_path: Path, state: str) -> None:
    from typer.testing import CliRunner

    from inspection.cli import app

    f = tmp_path / "state.json"
    f.write_text(state, encoding="utf-8")
    r = CliRunner().invoke(app, ["export-history", str(bundle_copy), "--state", str(f), "--out", str(tmp_path / "h")])
    assert r.exit_code == 2, r.output
    assert "cannot read the year's state" in r.output or "not a year's state" in r.output
    assert not (tmp_path / "h").exists()


def test_export_history_refuses_another_bureaus_state(bundle_copy: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from inspection.cli import app

    f = tmp_path / "state.json"
    f.write_text(json.dumps({"visits": [{"visit_id": "V1", "enterprise_id": "91110000000000000X", "date": "2027-03-01"}]}), encoding="utf-8")
    r = CliRunner().invoke(app, ["export-history", str(bundle_copy), "--state", str(f), "--out", str(tmp_path / "h")])
    assert r.exit_code == 2, r.output
    assert "91110000000000000X" in r.output and "another" in r.output
    assert not (tmp_path / "h").exists()


def test_a_workbook_bundles_reference_problem_names_the_sheet(bundle_copy: Path, tmp_path: Path) -> None:
    """In a workbook the target is a sheet, not a file the planner does not have: registers.xlsx[enterprises]."""
    from bundle.workbook import csv_folder_to_workbook

    set_cell(bundle_copy, "credit_records.csv", 2, "enterprise_id", "91110000MA0000000X")
    folder = tmp_path / "wb"
    folder.mkdir()
    csv_folder_to_workbook(bundle_copy, folder / "registers.xlsx")
    p = at(only_problems(folder), "registers.xlsx[credit_records]", 2, "enterprise_id", "is not in registers.xlsx[enterprises]")
    assert "registers.xlsx[enterprises] 中不存在" in p.message_zh


@pytest.mark.parametrize("typed", ["911404031234567000", "9.11404E+17", "91140403123456"])
def test_a_credit_code_excel_made_a_number_says_so(typed: str) -> None:
    from bundle.creditcode import problem

    why = problem(typed)
    assert why is not None and "15" in why[0] and "format the column as text" in why[1]


def test_a_wrong_check_digit_typed_as_text_gets_no_excel_hint() -> None:
    from bundle.creditcode import check_digit, problem

    good = "91140403MA0L12345" + check_digit("91140403MA0L12345")
    assert problem(good) is None
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    why = problem(wrong)
    assert why is not None and "Excel" not in why[1]


# -- mutation gaps of the above (mut29: bundle/reader.py, cells.py, creditcode.py against this file and test_review26) --
def test_the_row_of_a_byte_counts_csv_records_from_one() -> None:
    """A bad first byte is on row 1; a byte after 'a' on row 1 still; a file whose lines end in CR alone (old Mac Excel)
    counts them as csv does."""
    from bundle.reader import _row_of

    assert _row_of(b"\x80", 0) == 1 and _row_of(b"a\x80", 1) == 1
    assert _row_of(b"h\rr\r\x80", 4) == 3 and _row_of(b"h\r\nr\r\n\x80", 6) == 3


def test_an_encoding_refusal_words_nothing_beyond_the_row_and_byte() -> None:
    from bundle.problems import Collector
    from bundle.reader import csv_codec

    out = Collector()
    assert csv_codec("agencies.csv", b"agency_id,name\nhb,\x80\xff\n", out) is None
    (p,) = out.problems
    assert p.message_en == "file is neither UTF-8 nor GBK/GB18030 (row 2, byte 0x80 at offset 18): save as UTF-8 CSV"
    assert p.message_zh == "文件编码既不是 UTF-8 也不是 GBK/GB18030（第2行，第18字节 0x80）：请另存为 UTF-8 CSV"


def test_the_excel_hint_goes_only_to_codes_excel_could_have_made_and_in_each_language() -> None:
    from bundle.creditcode import check_digit, problem

    full = "911404031234567" + "89"
    digits = full + ("0" if check_digit(full) != "0" else "1")  # 18 digits, not ending 000, wrong check digit
    assert "Excel" not in problem(digits)[1]  # type: ignore[index]
    assert "Excel" not in problem("91140403MA0L1")[1]  # type: ignore[index]  # short, but not all digits
    zh, en = problem("911404031234567000")  # type: ignore[misc]
    assert zh.startswith("统一社会信用代码") and zh.endswith("请将该列设为文本后重新录入）") and "typed" not in zh
    assert en.startswith("credit code") and en.endswith("type it again)") and "Excel 只" not in en
