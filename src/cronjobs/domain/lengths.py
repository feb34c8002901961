"""Column lengths as a validation rule: an over-long value is a 400, never a database error.

SQLite ignores `VARCHAR(n)`; PostgreSQL refuses the row. Checking every pending row against its
columns before each flush gives both engines, and both stacks, the same clean answer.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Session

from cronjobs.domain.errors import InvalidInput


def too_long(field: str, limit: int) -> InvalidInput:
    """Return the 400 for a value longer than its column allows."""
    return InvalidInput("Invalid payload", f'"{field}" must be at most {limit} characters.')


def check_lengths(session: Session, _context: Any, _instances: Any) -> None:
    """Refuse to flush a new or changed row holding a string longer than its column."""
    for row in (*session.new, *session.dirty):
        mapper = inspect(row).mapper
        for column in mapper.columns:
            limit = getattr(column.type, "length", None)
            if not isinstance(column.type, String) or limit is None:
                continue
            value = getattr(row, mapper.get_property_by_column(column).key, None)
            if isinstance(value, str) and len(value) > limit:
                raise too_long(column.name, limit)


def install_length_checks() -> None:
    """Check lengths before every flush of every session (idempotent)."""
    if not event.contains(Session, "before_flush", check_lengths):
        event.listen(Session, "before_flush", check_lengths)
