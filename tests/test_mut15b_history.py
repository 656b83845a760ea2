"""Mutation survivors of this session's history changes (execution/history.py): credit_findings.csv read as of a day,
export_history as of the year's last day. A hand-made year, no solve."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from execution.history import export_history, finding_rows, history_rows, year_end
from tests.test_mut15_history import _read, _year


def test_year_end_is_the_plan_years_last_day() -> None:
    y = _year()
    assert year_end(y) == dt.date(2027, 12, 31)


def test_finding_rows_as_of_a_day_leave_a_finding_due_later_blank() -> None:
    """Z's hb finding is due 31 August: read on 30 August it is not known to be unrectified (blank); on 31 August or
    later it is false; put right, it is true whatever the day; without as_of it is false."""
    y = _year()
    assert [r["rectified"] for r in finding_rows(y)] == ["false"]
    assert [r["rectified"] for r in finding_rows(y, dt.date(2027, 8, 30))] == [""]
    assert [r["rectified"] for r in finding_rows(y, dt.date(2027, 8, 31))] == ["false"]
    assert [r["rectified"] for r in finding_rows(y, dt.date(2027, 9, 1))] == ["false"]
    y.milestones["Z"] = {"rectified": "2027-07-01"}
    assert [r["rectified"] for r in finding_rows(y, dt.date(2027, 8, 30))] == ["true"]
    assert [r["rectified"] for r in finding_rows(y)] == ["true"]


def test_finding_rows_as_of_a_day_for_a_finding_without_a_deadline() -> None:
    y = _year()
    y.records["Z"] = dataclasses.replace(y.records["Z"], rectify_by=None)
    assert [(r["rectify_by"], r["rectified"]) for r in finding_rows(y, dt.date(2027, 1, 1))] == [("", "false")]


def test_export_history_reads_the_year_as_of_its_last_day(tmp_path: Path) -> None:
    y = _year()
    y.records["Z"] = dataclasses.replace(y.records["Z"], rectify_by=dt.date(2028, 1, 20))  # due after the year's end
    export_history(y, tmp_path / "a")
    assert [r["rectified"] for r in _read(tmp_path / "a" / "credit_findings.csv")[1]] == [""]
    got = [r for r in _read(tmp_path / "a" / "inspections.csv")[1] if r["inspection_id"].startswith("2027-Z")]
    # hb's serious, um's minor, both due after 31 December: the violation not put right is false (R-FOLLOW, walk42 F1),
    # the minor finding unknown
    assert [r["rectified"] for r in got] == ["false", ""]
    assert _read(tmp_path / "a" / "inspections.csv")[1] == history_rows(y, dt.date(2027, 12, 31))
    export_history(y, tmp_path / "b", as_of=dt.date(2028, 1, 21))
    assert [r["rectified"] for r in _read(tmp_path / "b" / "credit_findings.csv")[1]] == ["false"]
    assert _read(tmp_path / "b" / "inspections.csv")[1] == history_rows(y, dt.date(2028, 1, 21))
    y.records["Z"] = dataclasses.replace(y.records["Z"], rectify_by=dt.date(2027, 12, 31))  # due on the last day: false by then
    export_history(y, tmp_path / "c")
    assert [r["rectified"] for r in _read(tmp_path / "c" / "credit_findings.csv")[1]] == ["false"]
