"""Timestamp formats of spec §1.5, one function per format."""

from __future__ import annotations

from datetime import UTC, datetime


def naive_iso(value: datetime | None) -> str | None:
    """Format a stored naive UTC datetime as naive ISO (users, jobs, categories, …)."""
    return value.isoformat() if value is not None else None


def utc_offset_iso(value: datetime | None) -> str | None:
    """Format a stored naive UTC datetime with `+00:00` (notifications)."""
    return value.replace(tzinfo=UTC).isoformat() if value is not None else None


def millis_z(value: datetime | None) -> str | None:
    """Format a stored naive UTC datetime with milliseconds and `Z` (executions)."""
    if value is None:
        return None
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"
