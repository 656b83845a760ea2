"""The service's day 业务日期: one source for every "today" (the year board, the seed's reveal, closing a year)."""

from __future__ import annotations

import datetime as dt
import os


def today() -> dt.date:
    """The service's day; INSPECTION_TODAY=YYYY-MM-DD pins it (demos and tests of a future plan year)."""
    v = os.environ.get("INSPECTION_TODAY")
    return dt.date.fromisoformat(v) if v else dt.date.today()
