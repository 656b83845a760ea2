"""openpyxl workbooks made with their sheets explicit (openpyxl types `Workbook.active` as optional)."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet


def first_sheet(wb: Workbook) -> Worksheet:
    """The worksheet a new Workbook() starts with (openpyxl types `active` as optional, and as a chartsheet too)."""
    ws = wb.active
    if not isinstance(ws, Worksheet):
        raise RuntimeError(f"a new workbook should start with one worksheet, got {type(ws).__name__}")
    return ws


def empty_workbook() -> Workbook:
    """A workbook with no sheets yet: the callers create each sheet by name."""
    wb = Workbook()
    wb.remove(first_sheet(wb))
    return wb
