"""A bundle folder as one Excel workbook (one sheet per file), the form bureaus keep."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import TYPE_CHECKING

from bundle.cells import parse_date
from bundle.schema import SPECS, Kind

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet


def _typed(kind: Kind | None, text: str) -> object:
    """The cell as Excel would hold it: real dates, numbers and booleans."""
    if text == "" or kind is None:
        return text or None
    if kind is Kind.DATE:
        d = parse_date(text)
        return dt.datetime.combine(d, dt.time()) if isinstance(d, dt.date) else text
    if kind is Kind.INT and text.lstrip("-").isdigit():
        return int(text)
    if kind is Kind.FLOAT:
        try:
            return float(text)
        except ValueError:
            return text
    if kind is Kind.BOOL and text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP CSV injection: such a text would become a formula


def _text_safe(ws: WriteOnlyWorksheet, value: object) -> object:
    """A text that starts like a formula is written as text (a name like '=HYPERLINK(…)' stays a name)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        from openpyxl.cell import WriteOnlyCell

        c = WriteOnlyCell(ws, value=value)
        c.data_type = "s"
        return c
    return value


def csv_folder_to_workbook(folder: Path, xlsx: Path) -> Path:
    """Write every bundle CSV of `folder` as a sheet of `xlsx` (policy.json stays a file)."""
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    for name, spec in SPECS.items():
        path = folder / f"{name}.csv"
        if not path.exists():
            continue
        kinds = {c.name: c.kind for c in spec.columns}
        ws = wb.create_sheet(name)
        reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
        header = next(reader)
        ws.append(header)
        for rec in reader:
            ws.append([_text_safe(ws, _typed(kinds.get(h), v)) for h, v in zip(header, rec, strict=False)])
    wb.save(xlsx)
    return xlsx
