"""Checks of run cases: what the service sent to the stub, and what it recorded (spec §6.4, §6.6).

Values the spec leaves to the implementation (exception text, A17) are matched with `Matches`;
expected values that depend on the world (the stub's URL) may be callables of it.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, create_engine, make_url, select, text

from cronjobs.models import Job, JobExecution, Notification
from cronjobs.storage.engines import sync_url
from cronjobs.storage.mysql import is_mysql
from tests_support.kit.case import NOTHING, Check, Matches, Reply, typed
from tests_support.kit.databases import innodb_transactions
from tests_support.kit.scenario import WORLD_USER_COUNT
from tests_support.kit.schedulers import ANYTHING
from tests_support.kit.servers.http_stub import Hook
from tests_support.kit.worlds.runs import JOB_ID, JOB_NAME, RunWorld

AUTO_PAUSED = "Job auto-paused (end date passed)"


def exception_text(prefix: str) -> Matches:
    """Match a message made of a fixed prefix and an exception's text (A17)."""
    return Matches(f"{prefix}<exc>", rf"{prefix}.+")


@dataclass(frozen=True)
class Sent:
    """A request the stub must have received: method, path, JSON body, headers."""

    method: str
    path: str
    json: Any = NOTHING  # NOTHING: the request had no body
    headers: dict[str, str] = field(default_factory=dict)  # must be sent with these values
    absent: tuple[str, ...] = ()  # header names that must not be sent

    def verify(self, received: Any) -> None:
        """Assert one received request."""
        assert (received.method, received.path) == (self.method, self.path), received
        if self.json is NOTHING:
            assert received.body == b"", received.body
        else:
            assert typed(received.json()) == typed(self.json), received.body
        for name, value in self.headers.items():
            assert received.headers.get(name.lower()) == value, (name, received.headers)
        for name in self.absent:
            assert name.lower() not in received.headers, (name, received.headers)


def sent(*expected: Sent) -> Check:
    """The stub received exactly these requests, in order."""

    def check(world: RunWorld, _reply: Reply) -> None:
        received = world.stub.requests
        assert len(received) == len(expected), [(r.method, r.path) for r in received]
        for want, got in zip(expected, received, strict=True):
            want.verify(got)

    return check


def _resolve(world: RunWorld, value: Any) -> Any:
    return value(world) if callable(value) else value


def execution(
    *,
    status: str,
    execution_type: str | None,
    target: Any,
    response_status: int | None,
    error_message: Any,
    output: Any,
    trigger_type: str = "manual",
) -> Check:
    """The job has exactly one execution, finished, with exactly these values (§5.3)."""

    def check(world: RunWorld, _reply: Reply) -> None:
        with world.session() as session:
            rows = session.scalars(select(JobExecution).where(JobExecution.job_id == JOB_ID)).all()
        assert len(rows) == 1, rows
        row = rows[0]
        assert {
            "status": row.status,
            "trigger_type": row.trigger_type,
            "execution_type": row.execution_type,
            "target": row.target,
            "response_status": row.response_status,
            "error_message": row.error_message,
            "output": row.output,
        } == {
            "status": status,
            "trigger_type": trigger_type,
            "execution_type": execution_type,
            "target": _resolve(world, target),
            "response_status": response_status,
            "error_message": error_message,
            "output": output,
        }
        assert row.completed_at is not None and row.completed_at >= row.started_at
        assert row.duration_seconds is not None and row.duration_seconds > 0
        expected = (row.completed_at - row.started_at).total_seconds()
        assert abs(row.duration_seconds - expected) < 1e-6

    return check


def broadcast(succeeded: bool, error: str | None = None) -> Check:
    """Every active user got "Job Completed" or "Job Failed" about the run (§6.6)."""

    def check(world: RunWorld, _reply: Reply) -> None:
        execution_id = world.row(JobExecution, job_id=JOB_ID).id
        with world.session() as session:
            rows = session.scalars(select(Notification)).all()
        assert len(rows) == WORLD_USER_COUNT
        assert {row.user_id for row in rows} == {user.id for user in world.users.values()}
        title, kind = ("Job Completed", "success") if succeeded else ("Job Failed", "error")
        text = (
            f'Job "{JOB_NAME}" completed successfully.'
            if succeeded
            else f'Job "{JOB_NAME}" failed: {error}'
        )
        for row in rows:
            assert (row.title, row.message, row.type) == (title, text, kind)
            assert (row.related_job_id, row.related_execution_id) == (JOB_ID, execution_id)

    return check


def owners_notified(*keys: str) -> Check:
    """The creator and the active admins (world keys) got the auto-pause warning (§6.6)."""

    def check(world: RunWorld, _reply: Reply) -> None:
        job = world.row(Job, id=JOB_ID)
        message = (
            f'Job "{JOB_NAME}" passed its end_date ({job.end_date.isoformat()} JST) '
            "and was auto-paused."
        )
        with world.session() as session:
            rows = session.scalars(select(Notification)).all()
        assert sorted(row.user_id for row in rows) == sorted(world.ids[key] for key in keys)
        for row in rows:
            assert (row.title, row.message, row.type) == (AUTO_PAUSED, message, "warning")
            assert (row.related_job_id, row.related_execution_id) == (JOB_ID, None)

    return check


def no_notification(world: RunWorld, _reply: Reply) -> None:
    """No notification row was stored (execute pauses an expired job silently, §4.4)."""
    assert world.count(Notification) == 0


def job_active(active: bool) -> Check:
    """The job's `is_active` is now `active`."""

    def check(world: RunWorld, _reply: Reply) -> None:
        assert world.row(Job, id=JOB_ID).is_active is active

    return check


def unscheduled(*job_ids: str) -> Check:
    """The scheduler was told to drop exactly these jobs, and nothing else (runs never schedule)."""

    def check(world: RunWorld, _reply: Reply) -> None:
        assert world.scheduler.calls == [("unschedule", job_id, ANYTHING) for job_id in job_ids]

    return check


def no_execution(world: RunWorld, _reply: Reply) -> None:
    """No execution row was stored."""
    assert world.count(JobExecution) == 0


def checks(*steps: Any) -> Check:
    """Run checks in order."""

    def check(world: Any, reply: Reply) -> None:
        for step in steps:
            step(world, reply)

    return check


def write_lock_free(database_url: str) -> bool:
    """Tell whether the service holds no transaction open right now.

    On SQLite: another connection can take the write lock. On PostgreSQL and MySQL: no other
    connection to the database is idle in a transaction.
    """
    backend = make_url(database_url).get_backend_name()
    if backend != "sqlite":
        idle_in_transaction = (
            _mysql_idle_in_transaction if is_mysql(backend) else _postgres_idle_in_transaction
        )
        engine = create_engine(sync_url(database_url))
        try:
            with engine.connect() as connection:
                return idle_in_transaction(connection) == 0
        finally:
            engine.dispose()
    path = make_url(database_url).database
    assert path, database_url
    with closing(sqlite3.connect(path, timeout=0.2, isolation_level=None)) as connection:
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return False
        connection.execute("ROLLBACK")
        return True


def _postgres_idle_in_transaction(connection: Connection) -> int:
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()"
    )
    return int(connection.scalar(query) or 0)


def _mysql_idle_in_transaction(connection: Connection) -> int:
    # Connections waiting for their client ("Sleep") with a transaction open.
    idle = connection.scalars(
        text("SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND = 'Sleep'")
    )
    return len(set(innodb_transactions(connection)).intersection(idle))


def observe_execution(world: RunWorld) -> Hook:
    """Return a stub hook noting, mid-call, the execution row and whether the database is free."""

    def hook(_request: Any) -> None:
        row = world.row(JobExecution, job_id=JOB_ID)
        world.observed.append(
            {
                "status": row.status if row else None,
                "execution_type": row.execution_type if row else None,
                "target": row.target if row else None,
                "completed_at": row.completed_at if row else None,
                "write_lock_free": write_lock_free(world.database_url),
            }
        )

    return hook


def observed(**expected: Any) -> Check:
    """The stub's hook ran once and saw exactly this (values may be callables of the world)."""

    def check(world: RunWorld, _reply: Reply) -> None:
        assert world.observed == [{key: _resolve(world, value) for key, value in expected.items()}]

    return check


def answer_observed(path: str, status: int = 200, body: Any = b"") -> Any:
    """Return a setup making the stub answer a path after `observe_execution` has looked."""

    def setup(world: RunWorld) -> None:
        world.stub.answer(path, status, body, hook=observe_execution(world))

    return setup
