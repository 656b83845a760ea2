"""The service's day 业务日期: one source for every "today" (the year board, the seed's reveal, closing a year)."""

from __future__ import annotations

import datetime as dt
import os


def today() -> dt.date:
    """The service's day; INSPECTION_TODAY=YYYY-MM-DD pins it (demos and tests of a future plan year)."""
    v = os.environ.get("INSPECTION_TODAY")
    return dt.date.fromisoformat(v) if v else dt.date.today()


def business_now() -> dt.datetime:
    """The moment of a business act (an approval, a publication, the year's close): the real UTC time of day, on the
    service's day where INSPECTION_TODAY pins it — a demo's timeline read 2026 beside a board of 2027 (walk14). Tokens,
    locks and the audit trail's `at` keep the real clock (api.models.now); each audit event carries the service day as
    `on` (api.services.audit, prod22)."""
    real = dt.datetime.now(dt.UTC)
    v = os.environ.get("INSPECTION_TODAY")
    return dt.datetime.combine(dt.date.fromisoformat(v), real.timetz()) if v else real
