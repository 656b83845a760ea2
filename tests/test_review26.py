"""review26: findings on abbe55e/0d00aa9 (hunt26). Each test states the behaviour the contract asks for and FAILS on 0d00aa9.

    cd /tmp/review26 && nice -n 10 .venv/bin/python -m pytest -q -p no:cacheprovider repro/test_review26.py
(uses tests/conftest.py's bundle_copy fixture: run with --rootdir tests or copy next to it; see the conftest line below)
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from conftest import read_rows, write_rows
from test_bad_input import at, only_problems

from bundle import load_bundle
from bundle.problems import BundleInvalid


# 1. Big5 (Taiwan/HK software, or a mis-set export) was refused by 2d9cafe ("neither UTF-8 nor GBK") whenever it held
#    one of 1,293 Big5 characters GBK lacks — among them the full-width ，、；： and U+3000 of nearly every address.
#    GB18030 maps all 13,710 Big5 pairs (to mojibake and Private Use characters), so the file is now taken silently.
def test_a_big5_file_is_still_refused_not_taken_as_mojibake(bundle_copy: Path) -> None:
    p = bundle_copy / "enterprises.csv"
    header, rows = read_rows(p)
    for k, r in enumerate(rows):
        r[header.index("name")] = f"臺灣營造股份有限公司{k}"
        r[header.index("address")] = "臺北市信義路五段，七號"
    write_rows(p, header, rows)
    p.write_bytes(p.read_text(encoding="utf-8").encode("big5"))
    try:
        b = load_bundle(bundle_copy)
    except BundleInvalid as e:
        assert any("GBK" in x.message_en for x in e.problems)
        return
    names = list(b.enterprises["name"])
    pytest.fail(f"a Big5 file was accepted; names read as {names[:2]}, addresses {list(b.enterprises['address'])[:1]}")


# 2. U+FFFE / U+FFFF (valid UTF-8 EF BF BE/BF) are as impossible in an .xlsx as U+0007, but neither
#    bundle.cells.CONTROL nor openpyxl's ILLEGAL_CHARACTERS_RE has them: openpyxl writes them without an error and the
#    workbook it writes cannot be opened (by openpyxl, nor by Excel). The CSV bundle is valid, its workbook form is not,
#    and every .xlsx export of the plan (api.export.xlsx_row) is a corrupt file.
@pytest.mark.parametrize("ch", ["\uffff", "\ufffe"])
def test_a_noncharacter_is_refused_like_a_control_character(bundle_copy: Path, ch: str) -> None:
    p = bundle_copy / "enterprises.csv"
    header, rows = read_rows(p)
    rows[2][header.index("name")] += ch
    write_rows(p, header, rows)
    problems = only_problems(bundle_copy)  # fails: the bundle loads
    at(problems, "enterprises.csv", 4, "name")


@pytest.mark.parametrize("ch", ["\uffff", "\ufffe"])
def test_an_export_of_a_stored_noncharacter_opens(ch: str) -> None:
    from api.export import problems_xlsx

    book = problems_xlsx([{"file": "enterprises.csv", "row": 2, "column": "name", "message_zh": "名称", "message_en": "n"}],
                         {("enterprises.csv", 2): "长治" + ch + "公司"})
    openpyxl.load_workbook(io.BytesIO(book))  # fails: ParseError not well-formed (invalid token)


# 3. bundle.md: lists are ';'-separated; an officer_id is text. officers.csv takes an id holding a comma or 、, and
#    inspections.csv may no longer name it (2d9cafe: accepted). The same is true of next year's inspections.csv that
#    `inspection export-history` writes from this bundle's own officers.
def test_an_officer_id_the_register_accepts_can_be_named_in_the_history(bundle_copy: Path) -> None:
    ih, irows = read_rows(bundle_copy / "inspections.csv")
    old = irows[0][ih.index("officer_ids")].split(";")[0]
    new = old + ",1"
    for f, cols in (("officers.csv", ["officer_id"]), ("inspections.csv", ["officer_ids"]), ("recusals.csv", ["officer_id"]),
                    ("unavailability.csv", ["officer_id"])):
        h, rows = read_rows(bundle_copy / f)
        for r in rows:
            for c in cols:
                r[h.index(c)] = ";".join(new if x == old else x for x in r[h.index(c)].split(";"))
        write_rows(bundle_copy / f, h, rows)
    b = load_bundle(bundle_copy)  # fails: inspections.csv:2:officer_ids: list items are separated by ';', not ','
    assert new in set(b.officers["officer_id"])


# 4. The encoding error's "row" is the line number (data.count(b"\n")), not the spreadsheet row the rest of the loader
#    counts (csv records): an address on two lines above it shifts it.
def test_the_encoding_error_names_the_spreadsheet_row(bundle_copy: Path) -> None:
    p = bundle_copy / "enterprises.csv"
    header, rows = read_rows(p)
    rows[0][header.index("address")] = "长治市\n某路1号"  # row 2 spans two lines
    write_rows(p, header, rows)
    data = p.read_bytes().split(b"\n")
    data[4] += b"\x80\xff"  # line 5 = spreadsheet row 4
    p.write_bytes(b"\n".join(data))
    # a whole-file problem (sorted so: finding 5 below), filed at spreadsheet row 4 and its cell (foreign44 F6), its words
    # naming the row (said "row 5" before)
    assert "(row 4," in at(only_problems(bundle_copy), "enterprises.csv", 4, "remote_monitoring", "neither UTF-8").message_en


# 5. An undecodable file is a whole-file problem, but it is now filed at a row > 1 and so sorted after every other file's
#    row problems: behind 500 of them the page's cap (upload_max_problems) cuts it, while its consequence ("N rows refer to
#    teams.csv, which is missing or has no rows", row 0) stays on top.
def test_an_undecodable_file_sorts_with_the_whole_file_problems(bundle_copy: Path) -> None:
    p = bundle_copy / "enterprises.csv"
    header, rows = read_rows(p)
    for r in rows:
        r[header.index("size")] = "huge"
    write_rows(p, header, rows)
    t = bundle_copy / "teams.csv"
    t.write_bytes(t.read_bytes() + b"x\x80\xff,hb,140403,4\n")
    problems = only_problems(bundle_copy)
    pos = next(k for k, x in enumerate(problems) if x.file == "teams.csv" and "neither UTF-8" in x.message_en)
    first_row_problem = next(k for k, x in enumerate(problems) if x.row > 1 and k != pos)  # it is filed at its row (foreign44 F6)
    assert pos < first_row_problem, [str(x) for x in problems[: pos + 1]][-3:]


# 6. Excel's "CSV UTF-8" starts with a BOM, and UnicodeDecodeError.start of "utf-8-sig" counts from after it: the offset,
#    the byte quoted and (for a bad byte in a line's first three) the row are 3 bytes early. Here: a stray 0xA0 (Latin-1
#    no-break space) opening row 4 is reported as "row 3, byte 0x65 at offset 325" (the 'e' of row 3's "true").
def test_the_encoding_error_of_a_bom_file_names_the_bad_byte_and_its_row(bundle_copy: Path) -> None:
    p = bundle_copy / "enterprises.csv"
    lines = p.read_bytes().split(b"\n")
    lines[3] = b"\xa0" + lines[3]
    p.write_bytes(b"\xef\xbb\xbf" + b"\n".join(lines))
    bad = at(only_problems(bundle_copy), "enterprises.csv", 4, "enterprise_id", "neither UTF-8")  # said "row 3", byte 0x65, before
    assert "(row 4, byte 0xa0" in bad.message_en, bad


# 7. looks_utf16 wants a NUL in every fourth byte of the first 4 KiB; UTF-16 without a BOM of a mostly Chinese file has
#    fewer (agencies.csv of the spec's example: 32 of 138 bytes). 2d9cafe said "looks like UTF-16"; 0d00aa9 decodes it
#    as GB18030 and says "control character U+0000" in columns named 'a\x00g\x00e\x00…', and "required column missing".
def test_a_chinese_utf16_file_without_a_bom_is_still_said_to_be_utf16(bundle_copy: Path) -> None:
    p = bundle_copy / "agencies.csv"
    p.write_bytes(p.read_text(encoding="utf-8").encode("utf-16-le"))
    problems = [x for x in only_problems(bundle_copy) if x.file == "agencies.csv"]
    assert any("UTF-16" in x.message_en for x in problems), [str(x) for x in problems]
    assert not any("\x00" in x.column for x in problems)
