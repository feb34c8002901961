"""The login attempts every gateway on a database counts together (D23), in `login_attempts`.

An attempt is recorded *before* the login runs and counted by every later attempt at once, so
requests sent in parallel cannot slip past the limit while the first ones are still hashing
passwords; once the answer is known the attempt is kept (a failed login), or deleted (anything
else). A count is full when `limit` rows of its username or address lie within the window; the
attempt is then refused, nothing kept, and told when the oldest of those rows leaves the window.
Each call is one short transaction on a sync engine: callers on an event loop run it in a thread.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Connection, Engine, delete, insert, select, text, update

from cronjobs.models import login_attempts
from cronjobs.models.login_attempt import ADDRESS_LENGTH
from cronjobs.storage import mysql
from cronjobs.storage.engines import writer

# Rows older than the window are deleted by the first attempt after this many seconds, so the
# table holds about one window of failures whatever the traffic.
PRUNE_EVERY_SECONDS = 10.0
# PostgreSQL transaction locks on (class, key) pairs: this class is the throttle's, keyed by a
# username or an address.
LOCK_CLASS = 0x6C6F67  # "log"
TAKE_TURNS = text("SELECT pg_advisory_xact_lock(:class_id, :key)")


@dataclass(frozen=True, slots=True)
class ThrottleLimits:
    """How many failed logins one window allows per username and per client address."""

    user_failures: int = 10
    address_failures: int = 100
    window_seconds: float = 900.0


@dataclass(frozen=True, slots=True)
class Refused:
    """An attempt the throttle turned away, and when the window lets the next one through."""

    retry_after: int  # whole seconds, at least 1


def username_key(identifier: str) -> str:
    """Return how an identifier is stored: its SHA-256 (people type passwords into it)."""
    return hashlib.sha256(identifier.encode("utf-8", "surrogatepass")).hexdigest()


class LoginAttempts:
    """This process's side of the shared attempt counts: admit, settle, prune."""

    def __init__(
        self,
        engine: Engine,
        limits: ThrottleLimits,
        prune_every_seconds: float = PRUNE_EVERY_SECONDS,
    ) -> None:
        self._engine = writer(engine)
        self.limits = limits
        self.window = timedelta(seconds=limits.window_seconds)
        self.prune_every = timedelta(seconds=prune_every_seconds)
        self._next_prune = datetime.min

    def admit(self, identifier: str | None, address: str | None, now: datetime) -> int | Refused:
        """Record an attempt and return its id, or refuse it when a count is already full.

        `identifier` is the username or e-mail the login names (None: it names none, only the
        address counts); `address` the client's (None: unknown, only the username counts).
        """
        key = None if identifier is None else username_key(identifier)
        address = None if address is None else address[:ADDRESS_LENGTH]
        with self._engine.begin() as connection:
            _take_turns(connection, key, address)
            if now >= self._next_prune:
                self._prune(connection, now)
            inserted = connection.execute(
                insert(login_attempts).values(username_key=key, address=address, attempted_at=now)
            ).inserted_primary_key
            assert inserted is not None  # a one-row insert always reports its key
            attempt = int(inserted[0])
            columns = login_attempts.c
            waits = [
                self._wait(connection, column == value, limit, attempt, now)
                for column, value, limit in (
                    (columns.username_key, key, self.limits.user_failures),
                    (columns.address, address, self.limits.address_failures),
                )
                if value is not None
            ]
            refusals = [wait for wait in waits if wait is not None]
            if not refusals:
                return attempt
            connection.execute(delete(login_attempts).where(columns.id == attempt))
        return Refused(max(1, math.ceil(max(refusals))))

    def _wait(
        self,
        connection: Connection,
        same_caller: ColumnElement[bool],
        limit: int,
        attempt: int,
        now: datetime,
    ) -> float | None:
        # The limit-th most recent other attempt within the window: while it counts, the count is
        # full; the seconds until it leaves the window, or None when there is no such attempt.
        columns = login_attempts.c
        blocking = connection.scalar(
            select(columns.attempted_at)
            .where(same_caller, columns.id != attempt, columns.attempted_at > now - self.window)
            .order_by(columns.attempted_at.desc())
            .limit(1)
            .offset(limit - 1)
        )
        return None if blocking is None else (blocking + self.window - now).total_seconds()

    def succeeded(self, attempt: int, identifier: str) -> None:
        """Forget an attempt that logged in, and reset its username's count (not its address's).

        Only attempts admitted before it are reset: the client may already have sent the next.
        """
        columns = login_attempts.c
        with self._engine.begin() as connection:
            connection.execute(delete(login_attempts).where(columns.id == attempt))
            connection.execute(
                update(login_attempts)
                .where(columns.username_key == username_key(identifier), columns.id < attempt)
                .values(username_key=None)
            )

    def withdraw(self, attempt: int) -> None:
        """Forget an attempt that was no failed login (a 400, an error, a dropped request)."""
        with self._engine.begin() as connection:
            connection.execute(delete(login_attempts).where(login_attempts.c.id == attempt))

    def prune(self, now: datetime) -> int:
        """Delete the attempts the window has left behind; return how many."""
        with self._engine.begin() as connection:
            return self._prune(connection, now)

    def _prune(self, connection: Connection, now: datetime) -> int:
        self._next_prune = now + self.prune_every
        expired = login_attempts.c.attempted_at <= now - self.window
        return int(connection.execute(delete(login_attempts).where(expired)).rowcount)


def _take_turns(connection: Connection, key: str | None, address: str | None) -> None:
    # SQLite's write transactions (BEGIN IMMEDIATE) already run one at a time. Under
    # PostgreSQL's READ COMMITTED, two attempts in parallel could each miss the other's
    # uncommitted row and both pass the limit; a lock on the username, then on the address
    # (always in this order, so no two transactions wait for each other), makes them take turns.
    # MySQL's READ COMMITTED has the same gap, and its named locks the same cure.
    postgres = connection.dialect.name == "postgresql"
    if not postgres and not mysql.is_mysql(connection.dialect.name):
        return
    for name in (f"user {key}" if key else None, f"address {address}" if address else None):
        if name is not None:
            digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).digest()
            if not postgres:
                mysql.hold_named_lock(connection, f"login {digest.hex()}")
                continue
            number = int.from_bytes(digest[:4], "big", signed=True)
            connection.execute(TAKE_TURNS, {"class_id": LOCK_CLASS, "key": number})
