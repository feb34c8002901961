"""Time as the service sees it: the scheduler timezone, "today" there, and UTC now (§1.5)."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

log = logging.getLogger(__name__)


@cache
def scheduler_zone(name: str) -> tzinfo:
    """Return the zone named by SCHEDULER_TIMEZONE; an invalid name means UTC (logged once)."""
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        log.warning("SCHEDULER_TIMEZONE %r is not a valid timezone; using UTC", name)
        return UTC


def utcnow() -> datetime:
    """Return the current UTC time as a naive wall-clock value, as stored (§5)."""
    return datetime.now(UTC).replace(tzinfo=None)


def today(zone: tzinfo) -> date:
    """Return today's date in the scheduler timezone: the "today" of every end_date rule."""
    return datetime.now(zone).date()
