"""The scheduler lease (spec §6.1, §5.10, A14): one row that lets one process run the scheduler.

Every operation is one conditional statement on the `DATABASE_URL` database, so two processes
(or hosts) racing for the lease cannot both win: the database decides which row count is 1. The
instants are the database's (`storage.db_clock`): a host whose clock is minutes off neither takes
a live lease nor is kept from an expired one. How long the lease is surely ours is kept on this
process's monotonic clock, which no clock step moves.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from cronjobs.models import SchedulerLease
from cronjobs.storage.db_clock import database_utc
from cronjobs.storage.engines import writer

LEASE_NAME = "scheduler"


def lease_seconds(poll_seconds: int) -> int:
    """Return the lease TTL: max(30, 3 × SCHEDULER_POLL_SECONDS) seconds (A14)."""
    return max(30, 3 * poll_seconds)


def new_holder_id() -> str:
    """Return a process identity unique across hosts: `<hostname>:<pid>:<uuid4>`."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4()}"


@dataclass(frozen=True, slots=True)
class LeaseRow:
    """The lease as stored."""

    holder: str
    acquired_at: datetime
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class Grant:
    """A lease this process took or renewed, and until when it is surely ours."""

    # time.monotonic() before which the lease is ours: the call's start plus the TTL, never
    # later than the database's expiry, which it computed after the call started.
    valid_until: float

    def valid(self) -> bool:
        """Tell whether the lease is still surely ours."""
        return time.monotonic() < self.valid_until


class Lease:
    """This process's side of the lease: acquire, renew, release, read."""

    def __init__(self, engine: Engine, holder: str, ttl_seconds: float) -> None:
        self._engine = writer(engine)
        # Reading the row needs no write lock: on SQLite (WAL) it never waits for a writer.
        self._reader = engine
        self.holder = holder
        self.ttl_seconds = ttl_seconds

    def acquire(self) -> Grant | None:
        """Take the lease if it is free, expired or ours; return the grant, or None."""
        started = time.monotonic()
        now, expires = database_utc(), database_utc(self.ttl_seconds)
        taken = (
            update(SchedulerLease)
            .where(SchedulerLease.name == LEASE_NAME)
            .where((SchedulerLease.expires_at < now) | (SchedulerLease.holder == self.holder))
            .values(holder=self.holder, acquired_at=now, expires_at=expires)
        )
        with self._engine.begin() as connection:
            if connection.execute(taken).rowcount == 1:
                return self._granted(started)
            exists = connection.scalar(
                select(SchedulerLease.name).where(SchedulerLease.name == LEASE_NAME)
            )
            if exists is not None:
                return None
        try:
            with self._engine.begin() as connection:
                connection.execute(
                    insert(SchedulerLease).values(
                        name=LEASE_NAME, holder=self.holder, acquired_at=now, expires_at=expires
                    )
                )
        except IntegrityError:
            return None  # another process inserted it first
        return self._granted(started)

    def renew(self) -> Grant | None:
        """Extend the lease while we hold it; None means it is lost."""
        started = time.monotonic()
        renewal = (
            update(SchedulerLease)
            .where(SchedulerLease.name == LEASE_NAME, SchedulerLease.holder == self.holder)
            .values(expires_at=database_utc(self.ttl_seconds))
        )
        with self._engine.begin() as connection:
            renewed = connection.execute(renewal).rowcount == 1
        return self._granted(started) if renewed else None

    def release(self) -> None:
        """Give the lease up at once (clean shutdown)."""
        with self._engine.begin() as connection:
            connection.execute(
                delete(SchedulerLease).where(
                    SchedulerLease.name == LEASE_NAME, SchedulerLease.holder == self.holder
                )
            )

    def current(self) -> LeaseRow | None:
        """Read the lease row, whoever holds it."""
        query = select(
            SchedulerLease.holder, SchedulerLease.acquired_at, SchedulerLease.expires_at
        ).where(SchedulerLease.name == LEASE_NAME)
        with self._reader.connect() as connection:
            row = connection.execute(query).one_or_none()
        return None if row is None else LeaseRow(*row)

    def _granted(self, started: float) -> Grant:
        return Grant(started + self.ttl_seconds)
