"""The service's day 业务日期: one source for every "today" (the year board, the seed's reveal, closing a year), and
the one time zone the service's days and displayed times are in.

The zone is the bureau's, not the host's (ops30): on a server kept in UTC, `date.today()` was yesterday from 00:00
to 08:00 Beijing time, so an officer recording that morning's visit was refused "cannot record a future date", and
every time shown was UTC with no zone said. INSPECTION_TIMEZONE (an IANA name; default Asia/Shanghai) sets it.
Moments are stored in UTC (api.models.now, business_now) and shown in the zone (`local`)."""

from __future__ import annotations

import datetime as dt
import os
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "Asia/Shanghai"


class UnknownTimezone(ValueError):
    def __init__(self, name: str):
        self.zh = f"INSPECTION_TIMEZONE={name!r} 不是时区名（例如 Asia/Shanghai）"
        self.en = f"INSPECTION_TIMEZONE={name!r} is not a time zone name (e.g. Asia/Shanghai)"
        super().__init__(f"{self.zh} / {self.en}")


@cache
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UnknownTimezone(name) from None


def zone() -> ZoneInfo:
    """The service's time zone (INSPECTION_TIMEZONE, default Asia/Shanghai); UnknownTimezone for a name tzdata lacks."""
    return _zone(os.environ.get("INSPECTION_TIMEZONE") or DEFAULT_TIMEZONE)


def today() -> dt.date:
    """The service's day; INSPECTION_TODAY=YYYY-MM-DD pins it (demos and tests of a future plan year)."""
    v = os.environ.get("INSPECTION_TODAY")
    return dt.date.fromisoformat(v) if v else dt.datetime.now(zone()).date()


def business_now() -> dt.datetime:
    """The moment of a business act (an approval, a publication, the year's close), in UTC: the real time, or, where
    INSPECTION_TODAY pins the service's day, the real time of day in the service's zone on that day — a demo's
    timeline read 2026 beside a board of 2027 (walk14). Tokens, locks and the audit trail's `at` keep the real clock
    (api.models.now); each audit event carries the service day as `on` (api.services.audit, prod22)."""
    real = dt.datetime.now(dt.UTC)
    v = os.environ.get("INSPECTION_TODAY")
    if not v:
        return real
    wall = real.astimezone(zone())
    return dt.datetime.combine(dt.date.fromisoformat(v), wall.time(), tzinfo=zone()).astimezone(dt.UTC)


def local(at: dt.datetime) -> dt.datetime:
    """A stored moment in the service's zone, for display. SQLite gives stored moments back without their zone: they
    were stored in UTC."""
    return (at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)).astimezone(zone())
