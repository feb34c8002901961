"""Query-string rules shared by the list endpoints: integers (§1.7) and date ranges (§1.6).

Both stacks hand the domain a `QueryArgs`, never their own multi-valued mapping, so a repeated
parameter (`?page=2&page=3`) means the same on both: the first value, as Flask's `args.get` did.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from cronjobs.domain.errors import InvalidInput

TRUTHY_FLAGS = frozenset({"1", "true", "yes", "y", "on"})


class QueryArgs(Mapping[str, str]):
    """A query string as the legacy service read it: each parameter's first value."""

    __slots__ = ("_first",)

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        first: dict[str, str] = {}
        for name, value in pairs:
            first.setdefault(name, value)
        self._first = first

    def __getitem__(self, name: str) -> str:
        return self._first[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._first)

    def __len__(self) -> int:
        return len(self._first)

    def __repr__(self) -> str:
        return f"QueryArgs({self._first!r})"


def int_param(raw: str | None, default: int) -> int:
    """Parse a base-10 integer the way Python's `int()` does; anything else is the default."""
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        return default


def flag_param(raw: str | None) -> bool:
    """Tell whether a flag such as `include_inactive` or `dry_run` is on (1, true, yes, y, on)."""
    return (raw or "").strip().lower() in TRUTHY_FLAGS


@dataclass(frozen=True, slots=True)
class DateRange:
    """A `from` (inclusive) / `to` (exclusive) window in naive UTC; None means unbounded."""

    start: datetime | None = None
    end: datetime | None = None


def _bound(raw: str, expose_details: bool) -> tuple[datetime, bool]:
    text = raw.strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            day = date.fromisoformat(text)
        except ValueError:
            pass
        else:
            return datetime(day.year, day.month, day.day), True
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if parsed.tzinfo is not None:
            parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, OverflowError):  # overflow: no UTC datetime for 0001-01-01T00:00+01:00
        raise _invalid_date(expose_details) from None
    return parsed, len(text) == 10


def _invalid_date(expose_details: bool) -> InvalidInput:
    message = "Invalid date format. Use YYYY-MM-DD or ISO datetime."
    return InvalidInput("Invalid date", message if expose_details else "Invalid date")


def date_range(raw_from: str | None, raw_to: str | None, *, expose_details: bool) -> DateRange:
    """Parse the `from`/`to` pair of §1.6, failing with its 400s."""
    start = end = None
    if raw_from and raw_from.strip():
        start, _ = _bound(raw_from, expose_details)
    if raw_to and raw_to.strip():
        end, date_only = _bound(raw_to, expose_details)
        if date_only:
            try:
                end += timedelta(days=1)  # a date-only `to` includes that whole day
            except OverflowError:  # 9999-12-31 has no next day: an error, never a 500 (D1)
                raise _invalid_date(expose_details) from None
    if start is not None and end is not None and start >= end:
        raise InvalidInput("Invalid date range", '"from" must be earlier than "to".')
    return DateRange(start, end)
