"""Parsing one cell of a given kind: the value, or why it is not one (中文, English)."""

from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from bundle import creditcode
from bundle.schema import CODE_OF_LABEL, Column, Kind, allowed


class Bad(NamedTuple):
    """Why a cell is not a value of its kind."""

    zh: str
    en: str
    cause: str = ""  # what rows alike share, where their messages differ by the value they quote: a column of dates in
    # Excel's 2021/1/24 is one cause (walk45 G8); empty: the message itself is the cause


# ASCII digits only: `\d` also matches full-width ２ and other scripts' digits, which passed a district code 14０403 that
# no team's district equals (a tier-D firm planned for no team: hunt26) and int() would read silently
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# a year-first date in another notation: what Excel shows (and saves to CSV) in a Chinese locale, 2027/7/12, or typed
# 2027.7.12 / 2027年7月12日
_OTHER_DATE = re.compile(r"^([0-9]{4})(?:/|\.|年)([0-9]{1,2})(?:/|\.|月)([0-9]{1,2})日?$")
# a date cell Excel shows in General format, or a CSV exported from such a column: the day's serial number (43525 is
# 2019-03-01, counted from 1899-12-30 in Excel's 1900 system). Five digits: 1927-05-18 … 2173-10-14
_SERIAL = re.compile(r"^[0-9]{5}(\.[0-9]+)?$")
EXCEL_EPOCH = dt.date(1899, 12, 30)
_DISTRICT = re.compile(r"^[1-8][0-9]{5}$")
_INT = re.compile(r"^[+-]?[0-9]+(\.0+)?$")
# characters an .xlsx cannot hold: C0 controls but tab, line feed and carriage return (openpyxl's ILLEGAL_CHARACTERS_RE,
# which raises), and the noncharacters U+FFFE, U+FFFF (which openpyxl writes, into a workbook nothing can open: review26).
# A name with U+0007 from a legacy export was taken, and every Excel export of the plan failed afterwards (hunt26)
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")  # the same in a UTF-8 file's bytes
# The dates a bundle may hold. pandas keeps dates as nanoseconds (1677-09-21 … 2262-04-11); a register's
# "长期有效" sentinel 9999-12-31 or a typo like 0202-05-01 would otherwise end the load in a traceback.
FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2199, 12, 31)
TRUE = frozenset({"true", "1", "yes", "y", "是"})
FALSE = frozenset({"false", "0", "no", "n", "否"})


@lru_cache(maxsize=65536)
def parse_date(text: str) -> dt.date | Bad:
    if not _DATE.match(text):
        if unicodedata.normalize("NFKC", text) != text:
            return Bad(f"日期应使用半角数字和连字符 YYYY-MM-DD，实际 {text!r}（含全角字符）",
                       f"date must be ISO YYYY-MM-DD in ASCII digits, got {text!r} (full-width characters)", "date-full-width")
        other = _OTHER_DATE.match(text)
        if other:  # walk28: a column Excel re-saved as 2027/7/12 gave 138 problems and no hint why
            try:
                iso = dt.date(*map(int, other.groups())).isoformat()
            except ValueError:
                iso = None
            if iso is not None:
                return Bad(f"日期格式应为 YYYY-MM-DD，实际 {text!r}，应写作 {iso}（Excel 按本机格式保存日期：请将该列设为文本或"
                           "自定义格式 yyyy-mm-dd 后再保存）",
                           f"date must be ISO YYYY-MM-DD, got {text!r}: write {iso} (Excel saves dates in the machine's format: "
                           "format the column as text or as yyyy-mm-dd before saving)", "date-notation")
        if _SERIAL.match(text):  # walk45 G7: "实际 '43525'" did not say why
            iso = (EXCEL_EPOCH + dt.timedelta(days=int(float(text)))).isoformat()
            return Bad(f"日期格式应为 YYYY-MM-DD，实际 {text!r}：这是 Excel 日期序列号（即 {iso}），请将该列设为日期或文本格式后重新保存，"
                       f"或写作 {iso}",
                       f"date must be ISO YYYY-MM-DD, got {text!r}: an Excel date serial number (that is {iso}); format the column "
                       f"as a date or as text and save again, or write {iso}", "date-serial")
        return Bad(f"日期格式应为 YYYY-MM-DD，实际 {text!r}", f"date must be ISO YYYY-MM-DD, got {text!r}")
    try:
        d = dt.date.fromisoformat(text)
    except ValueError:
        return Bad(f"不存在的日期 {text}", f"no such date {text}")
    if not FIRST_DATE <= d <= LAST_DATE:
        return Bad(f"日期 {text} 超出支持范围 {FIRST_DATE}–{LAST_DATE}（“长期有效”请填写实际到期日）",
                   f"date {text} is outside the supported range {FIRST_DATE}–{LAST_DATE} (for 'no expiry' give the actual date)")
    return d


def parse_bool(text: str) -> bool | Bad:
    t = text.lower()
    if t in TRUE:
        return True
    if t in FALSE:
        return False
    return Bad(f"应为 true 或 false，实际 {text!r}", f"must be true or false, got {text!r}")


def control_character(text: str) -> Bad | None:
    """Why a cell holding a control character is refused (named by its code point: it is invisible), or None."""
    m = CONTROL.search(text)
    if m is None:
        return None
    code = f"U+{ord(m.group()):04X}"
    return Bad(f"单元格含不可见的控制字符 {code}（常见于旧系统导出）：请删除后重新上传",
               f"the cell holds the invisible control character {code} (legacy exports leave them): remove it and upload again")


def parse_cell(col: Column, text: str) -> object:
    """The typed value of a non-empty cell, or `Bad`."""
    k = col.kind
    if k is Kind.TEXT:
        return text
    if k is Kind.DATE:
        return parse_date(text)
    if k is Kind.BOOL:
        return parse_bool(text)
    if k is Kind.ENUM:
        code = CODE_OF_LABEL.get(text, text)  # 建筑施工 → construction (bundle.md)
        if code in col.choices:
            return code
        zh, en = allowed(col.choices)
        return Bad(f"取值 {text!r} 不在允许范围：{zh}", f"{text!r} is not one of {en}")
    if k is Kind.CREDIT_CODE:
        why = creditcode.problem(text)
        return Bad(*why) if why else text
    if k is Kind.DISTRICT:
        if _DISTRICT.match(text):
            return text
        return Bad(f"行政区划代码应为6位半角数字，实际 {text!r}", f"district code must be 6 digits (ASCII 0-9), got {text!r}")
    if k is Kind.INT:
        if not _INT.match(text):
            return Bad(f"应为整数（半角数字），实际 {text!r}", f"must be a whole number in ASCII digits, got {text!r}")
        whole = text.split(".")[0]
        if len(whole.lstrip("+-")) > 18:  # beyond int64 (pandas' Int64) and any count a register holds
            return Bad(f"数值过大：{whole[:24]}{'…' if len(whole) > 24 else ''}", f"number too large: {whole[:24]}{'…' if len(whole) > 24 else ''}")
        return _ranged(col, int(whole))
    if k is Kind.FLOAT:
        try:
            v = float(text)
        except ValueError:
            return Bad(f"应为数值，实际 {text!r}", f"must be a number, got {text!r}")
        if v != v:
            return Bad("应为数值，实际 NaN", "must be a number, got NaN")
        return _ranged(col, v)
    if k is Kind.LIST:
        return list_cell(text, col.choices)
    raise AssertionError(k)


@lru_cache(maxsize=1 << 16)
def list_cell(text: str, choices: tuple[str, ...]) -> tuple[str, ...] | Bad:
    """A `;`-separated cell as a tuple. Cached, and each part interned: a province's inspections.csv names its two
    officers on each of 394,000 rows, 1.18 million fresh tuples and strings (68 MB) when each row had its own."""
    # the full-width ；of a Chinese keyboard is the same separator (、 and commas are not: an officer id may hold one,
    # so bundle.crosscheck refuses them only in an id officers.csv does not know)
    text = text.replace("；", ";")
    parts = tuple(sys.intern(CODE_OF_LABEL.get(p.strip(), p.strip()) if choices else p.strip()) for p in text.split(";") if p.strip())
    if choices:
        bad = [p for p in parts if p not in choices]
        if bad:
            zh, en = allowed(choices)
            return Bad(f"{'、'.join(bad)} 不在允许范围：{zh}", f"{', '.join(bad)} not among {en}")
    return parts


def _ranged(col: Column, v: float) -> object:
    if col.low is not None and v < col.low:
        return Bad(f"应不小于 {col.low:g}，实际 {v:g}", f"must be at least {col.low:g}, got {v:g}")
    if col.high is not None and v > col.high:
        return Bad(f"应不大于 {col.high:g}，实际 {v:g}", f"must be at most {col.high:g}, got {v:g}")
    return v


def empty_value(col: Column) -> object:
    if col.kind is Kind.LIST:
        return ()
    if col.kind in (Kind.TEXT, Kind.CREDIT_CODE, Kind.DISTRICT, Kind.ENUM):
        return ""
    return None
