"""The Chinese working-day calendar 工作日 (R-WORKDAY, R-DEADLINE).

`chinesecalendar` knows the State Council's holiday notices up to its release,
调休 make-up workdays included; `calendar.csv` overrides it date by date. A date that
neither knows is never guessed: asking for it raises `CalendarGap`.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping

import chinese_calendar


class CalendarGap(LookupError):
    """A date that neither calendar.csv nor the calendar library covers."""

    def __init__(self, missing: list[dt.date]):
        self.missing = missing
        first, last = missing[0], missing[-1]
        super().__init__(
            f"工作日历缺少 {first}…{last} 共{len(missing)}天：请在 calendar.csv 中补充该年的调休安排 / "
            f"no working-day calendar for {first}…{last} ({len(missing)} days): add calendar.csv with that year's schedule"
        )


def _library_workday(day: dt.date) -> bool | None:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


def year_days(year: int) -> list[dt.date]:
    start = dt.date(year, 1, 1)
    return [start + dt.timedelta(days=i) for i in range((dt.date(year + 1, 1, 1) - start).days)]


class WorkCalendar:
    """Working days of the plan year and of the days around it."""

    def __init__(self, overrides: Mapping[dt.date, bool] | None = None):
        self._overrides = dict(overrides or {})
        self._cache: dict[int, list[dt.date]] = {}

    def is_workday(self, day: dt.date) -> bool:
        known = self._overrides.get(day)
        if known is None:
            known = _library_workday(day)
        if known is None:
            raise CalendarGap([day])
        return known

    def missing(self, days: Iterable[dt.date]) -> list[dt.date]:
        """Dates neither source knows (empty when the range is fully covered)."""
        return [d for d in days if d not in self._overrides and _library_workday(d) is None]

    def require_year(self, year: int) -> None:
        gap = self.missing(year_days(year))
        if gap:
            raise CalendarGap(gap)

    def workdays(self, year: int) -> list[dt.date]:
        """Every working day of `year`, in order (raises CalendarGap if the year is not covered)."""
        if year not in self._cache:
            self.require_year(year)
            self._cache[year] = [d for d in year_days(year) if self.is_workday(d)]
        return self._cache[year]

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start` (start itself not counted): 受理后N个工作日.

        Walks through year ends; a year the calendar does not cover raises CalendarGap.
        """
        if n < 1:
            raise ValueError("n must be ≥ 1")
        year = start.year
        days = self.workdays(year)
        i = bisect.bisect_right(days, start)
        while i + n - 1 >= len(days):
            n -= len(days) - i
            year += 1
            days = self.workdays(year)
            i = 0
        return days[i + n - 1]

    def workday_index(self, year: int) -> dict[dt.date, int]:
        return {d: i for i, d in enumerate(self.workdays(year))}


def freeze_end(cal: WorkCalendar, last_workday: dt.date, day: dt.date, n: int) -> dt.date:
    """The last day of R-INSERT's freeze: `n` working days from `day` (the day itself not counted), `day` where n is 0.
    Within the plan year's last working days it runs past 31 December, which a calendar without next year cannot count
    (a CalendarGap was a 500 on every insertion from about 24 December): every day left in the year is frozen then, so
    the year's last working day stands for it. One source for the running year (execution.Year.freeze_until) and for a
    plan made during its year (api.services.first_plannable)."""
    try:
        return cal.add_workdays(day, n) if n > 0 else day
    except CalendarGap:
        return max(day, last_workday)
