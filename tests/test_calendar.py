"""R-WORKDAY / R-DEADLINE against the State Council's published schedules."""

from __future__ import annotations

import datetime as dt

import pytest

from bundle import CalendarGap, WorkCalendar

D = dt.date


@pytest.mark.parametrize(
    ("start", "n", "expect"),
    [
        (D(2025, 9, 30), 5, D(2025, 10, 14)),  # 国庆中秋 8 days off; Sat 10-11 is a make-up workday
        (D(2026, 2, 10), 10, D(2026, 3, 2)),  # across the Spring Festival
        (D(2025, 12, 30), 3, D(2026, 1, 5)),  # across a year end and 元旦
        (D(2025, 10, 10), 1, D(2025, 10, 11)),  # a Saturday that is a workday
    ],
)
def test_working_days_after(start: dt.date, n: int, expect: dt.date) -> None:
    assert WorkCalendar().add_workdays(start, n) == expect


@pytest.mark.parametrize("year", [2025, 2026])
def test_working_days_in_year(year: int) -> None:
    assert len(WorkCalendar().workdays(year)) == 248


def test_unknown_year_is_never_guessed() -> None:
    with pytest.raises(CalendarGap, match=r"calendar\.csv"):
        WorkCalendar().workdays(2027)
    with pytest.raises(CalendarGap):
        WorkCalendar().add_workdays(D(2026, 12, 28), 10)


def test_overrides_win_over_the_library() -> None:
    cal = WorkCalendar({D(2026, 3, 9): False, D(2026, 3, 8): True})  # a Monday off, a Sunday on
    assert not cal.is_workday(D(2026, 3, 9))
    assert cal.is_workday(D(2026, 3, 8))
    assert cal.add_workdays(D(2026, 3, 6), 1) == D(2026, 3, 8)
    assert cal.add_workdays(D(2026, 3, 6), 2) == D(2026, 3, 10)
