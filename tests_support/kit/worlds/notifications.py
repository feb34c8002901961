"""The notifications the §4.7 cases read: 45 for alice (`user`), 3 for olga (`other`).

Alice's notification n is created n hours after `BASE`, is read when n is a multiple of 3 (read
30 minutes later), and cycles through the four types; the first one links a job and a run. The
admin has none. Rows are written in one bulk insert; expected resources are rendered here,
independently of the service.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert

from cronjobs.models import Notification
from tests_support.kit.worlds.base import World
from tests_support.kit.worlds.executions import NIGHTLY, RUNS, insert_runs

BASE = datetime(2025, 6, 1)
TYPES = ("success", "error", "warning", "info")
MICROSECONDS = (0, 250_000, 999_999)


@dataclass(frozen=True, slots=True)
class Note:
    """One `notifications` row; `user` is the owner's world key."""

    id: str
    user: str
    title: str
    message: str
    type: str
    related_job_id: str | None
    related_execution_id: str | None
    is_read: bool
    read_at: datetime | None
    created_at: datetime


def _note(prefix: str, user: str, number: int) -> Note:
    created = BASE + timedelta(hours=number, microseconds=MICROSECONDS[number % 3])
    read = number % 3 == 0
    linked = prefix == "b1" and number == 0
    return Note(
        id=f"{prefix}000000-0000-4000-8000-{number:012d}", user=user, title=f"Notice {number}",
        message=f"Something happened ({number}).", type=TYPES[number % 4],
        related_job_id=NIGHTLY.id if linked else None,
        related_execution_id=RUNS[0].id if linked else None,
        is_read=read, read_at=created + timedelta(minutes=30) if read else None,
        created_at=created,
    )  # fmt: skip


ALICE = [_note("b1", "user", number) for number in range(45)]
OLGA = [_note("b2", "other", number) for number in range(3)]
NOTES = ALICE + OLGA
UNKNOWN_ID = "b9000000-0000-4000-8000-000000000000"


def seed(world: World) -> None:
    """Insert the linked job and run, then every note in one bulk statement."""
    insert_runs(world, [NIGHTLY], [RUNS[0]])
    rows = [
        {
            column.name: getattr(note, column.name)
            for column in fields(Note)
            if column.name != "user"
        }
        | {"user_id": world.ids[note.user]}
        for note in NOTES
    ]
    with world.engine.begin() as connection:
        connection.execute(insert(Notification), rows)


def _utc(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat() + "+00:00"


def resource(world: World, note: Note, **changes: Any) -> dict[str, Any]:
    """The `Notification` resource of a note, with `changes` applied."""
    values = {column.name: getattr(note, column.name) for column in fields(Note)}
    del values["user"]
    return (
        values
        | {
            "user_id": world.ids[note.user],
            "read_at": _utc(note.read_at),
            "created_at": _utc(note.created_at),
        }
        | changes
    )


def pick(
    notes: Iterable[Note] = ALICE,
    *,
    unread: bool = False,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[Note]:
    """Filter notes, newest first."""
    chosen = [
        note
        for note in notes
        if (not unread or not note.is_read)
        and (start is None or note.created_at >= start)
        and (end is None or note.created_at < end)
    ]
    return sorted(chosen, key=lambda note: note.created_at, reverse=True)


def listing(
    notes: list[Note],
    *,
    page: int = 1,
    per_page: int = 20,
    pages: int,
    start: str | None = None,
    end: str | None = None,
) -> Callable[[World], dict[str, Any]]:
    """The list body: one page of `notes`, the echoed effective values and the range."""
    first = (page - 1) * per_page
    return lambda world: {
        "notifications": [resource(world, note) for note in notes[first : first + per_page]],
        "total": len(notes),
        "page": page,
        "per_page": per_page,
        "total_pages": pages,
        "range": {"from": start, "to": end},
    }
