"""Locking in the leader loop: a job change never waits for a poll's database work.

FastAPI changes schedules on its event loop thread. A poll waiting for SQLite's write lock, held
by a transaction that needs that event loop, must not hold up the change, or the two wait for
each other until the busy timeout (seen under load as 30 s stalls and "database is locked").
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine

from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.domain.process.seed import startup_seed
from cronjobs.scheduler.lease import Grant, Lease
from cronjobs.scheduler.resync import Wanted
from cronjobs.scheduler.schedule_book import ScheduleBook
from cronjobs.storage.engines import create_sync_engine
from cronjobs.storage.prepare import prepare_database
from tests_support.kit.leader_loops import HOLDER, add_job, hourly, leader_loop

# A bound on the wait, far below SQLite's 30 s busy timeout that a blocked change would take.
JOIN_SECONDS = 10.0
DATABASE = "cron_jobs.db"


class SignallingLease(Lease):
    """The production lease, telling when a renewal starts."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine, HOLDER, 30)
        self.renewing = threading.Event()

    def renew(self) -> Grant | None:
        """Signal, then renew as production does."""
        self.renewing.set()
        return super().renew()


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """A prepared SQLite database without users."""
    engine = create_sync_engine(f"sqlite:///{tmp_path / DATABASE}", setup=install_text_checks)
    prepare_database(engine, startup_seed, default_admin=False)
    yield engine
    engine.dispose()


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """Another connection to the file, holding SQLite's write lock until the test ends."""
    connection = sqlite3.connect(tmp_path / DATABASE, isolation_level=None)
    yield connection
    if connection.in_transaction:
        connection.rollback()
    connection.close()


def test_a_job_change_does_not_wait_for_a_poll_stuck_behind_the_write_lock(
    engine: Engine, writer: sqlite3.Connection
) -> None:
    job_id = add_job(engine)
    lease = SignallingLease(engine)
    loop = leader_loop(engine, [], lease=lease)
    loop.tick()  # leads
    writer.execute("BEGIN IMMEDIATE")
    poll = threading.Thread(target=loop.tick)
    poll.start()
    changed = threading.Event()

    def change() -> None:
        loop.unschedule(job_id)
        loop.schedule(job_id)
        changed.set()

    changer = threading.Thread(target=change)
    try:
        assert lease.renewing.wait(JOIN_SECONDS)
        changer.start()
        changer.join(JOIN_SECONDS)
        assert changed.is_set(), "the job change waited for the poll"
        assert poll.is_alive()  # the poll still waits for the write lock
        writer.rollback()
        poll.join()
        assert [scheduled for scheduled, _cron, _when in loop.schedules()] == [job_id]
    finally:
        if writer.in_transaction:
            writer.rollback()
        poll.join()
        if changer.ident is not None:
            changer.join()
        loop.aps.shutdown()


@pytest.fixture
def book() -> Iterator[ScheduleBook]:
    """A schedule book on a paused APScheduler."""
    aps = BackgroundScheduler(timezone=UTC)
    aps.start(paused=True)
    yield ScheduleBook(aps, lambda _job_id: None, hourly, UTC)
    aps.shutdown()


def wanted(cron: str) -> Wanted:
    """What a plan wants for a job with this cron expression."""
    return Wanted(cron, (cron,))


def scheduled(book: ScheduleBook) -> dict[str, str]:
    """Each scheduled job's cron expression."""
    return {job_id: cron for job_id, cron, _when in book.schedules()}


def test_a_plan_read_before_a_job_change_does_not_undo_it(book: ScheduleBook) -> None:
    book.apply_plan({"a": wanted("1 * * * *")}, book.generation)
    read_at = book.generation  # a resync reads its plan: "a" as it was, no "b"
    book.put("a", wanted("2 * * * *"))  # meanwhile requests change "a" and create "b"
    book.put("b", wanted("3 * * * *"))
    book.apply_plan({"a": wanted("1 * * * *")}, read_at)
    assert scheduled(book) == {"a": "2 * * * *", "b": "3 * * * *"}


def test_a_plan_read_after_a_job_change_applies_in_full(book: ScheduleBook) -> None:
    book.put("a", wanted("2 * * * *"))
    book.put("b", wanted("3 * * * *"))
    book.apply_plan({"a": wanted("4 * * * *")}, book.generation)
    assert scheduled(book) == {"a": "4 * * * *"}


def test_a_dropped_job_stays_dropped_when_an_older_plan_still_wants_it(
    book: ScheduleBook,
) -> None:
    book.apply_plan({"a": wanted("1 * * * *")}, book.generation)
    read_at = book.generation
    book.put("a", None)
    book.apply_plan({"a": wanted("1 * * * *")}, read_at)
    assert scheduled(book) == {}
