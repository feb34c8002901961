"""Text the database cannot hold is a 400, never a database error (D1).

- Length: SQLite ignores `VARCHAR(n)`; PostgreSQL refuses the row. Every pending row is checked
  against its columns before each flush.
- NUL characters: PostgreSQL refuses any text holding `\x00`, in a stored value as much as in a
  lookup (`GET /api/jobs/a%00b`). Every statement's parameters are checked on every engine, so
  both engines, and both stacks, give the same answer.

Whoever opens an engine for the service passes `install_text_checks` to `storage.engines`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, String, event, inspect
from sqlalchemy.orm import Session

from cronjobs.domain.errors import InvalidInput


def too_long(field: str, limit: int) -> InvalidInput:
    """Return the 400 for a value longer than its column allows."""
    return InvalidInput("Invalid payload", f'"{field}" must be at most {limit} characters.')


def over_long(row: object) -> InvalidInput | None:
    """Return the 400 for the first string of a mapped row longer than its column, if any."""
    mapper = inspect(row).mapper
    for column in mapper.columns:
        limit = getattr(column.type, "length", None)
        if not isinstance(column.type, String) or limit is None:
            continue
        value = getattr(row, mapper.get_property_by_column(column).key, None)
        if isinstance(value, str) and len(value) > limit:
            return too_long(column.name, limit)
    return None


def check_lengths(session: Session, _context: Any, _instances: Any) -> None:
    """Refuse to flush a new or changed row holding a string longer than its column."""
    for row in (*session.new, *session.dirty):
        problem = over_long(row)
        if problem is not None:
            raise problem


NUL_MESSAGE = "Text must not contain NUL characters."


def _strings(parameters: Any) -> Iterator[str]:
    # Parameters come as a dict, a tuple, or (executemany, insertmanyvalues) a list of either.
    pending = [parameters]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)


def refuse_nul_parameters(
    _connection: Any,
    _cursor: Any,
    _statement: str,
    parameters: Any,
    _context: Any,
    _executemany: bool,
) -> None:
    """Refuse a statement whose string parameters hold a NUL character."""
    if any("\x00" in value for value in _strings(parameters)):
        raise InvalidInput("Invalid payload", NUL_MESSAGE)


def install_text_checks(engine: Engine) -> None:
    """Check lengths before every flush of every session, and NUL text on `engine`'s statements."""
    # The length check is an event of the Session class, so the first engine installs it for all.
    if not event.contains(Session, "before_flush", check_lengths):
        event.listen(Session, "before_flush", check_lengths)
    event.listen(engine, "before_cursor_execute", refuse_nul_parameters)
