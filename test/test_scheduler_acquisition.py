"""Acquiring the lease (spec §6.1): what the leader loop does in the poll that takes it.

Each test drives `LeaderLoop.tick()` by hand on a real SQLite file, with APScheduler started
paused as `LeaderLoop.start()` does, but without the control thread, so every poll is explicit.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.schedulers.base import STATE_RUNNING
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from cronjobs.domain.common.clock import utcnow
from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.domain.process.seed import startup_seed
from cronjobs.models import Base, JobExecution
from cronjobs.scheduler.lease import Lease
from cronjobs.storage.engines import create_sync_engine
from cronjobs.storage.prepare import prepare_database
from tests_support.kit.databases import sqlite_url
from tests_support.kit.leader_loops import add_job, leader_loop


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """An empty SQLite database; each test creates the tables it needs."""
    engine = create_sync_engine(sqlite_url(tmp_path), setup=install_text_checks)
    yield engine
    engine.dispose()


def test_a_failed_first_resync_is_retried_and_the_leader_then_fires(engine: Engine) -> None:
    Base.metadata.tables["scheduler_lease"].create(engine)  # a lease table, no jobs table
    leads: list[object] = []
    loop = leader_loop(engine, leads)
    try:
        with pytest.raises(Exception, match="no such table"):
            loop.tick()
        prepare_database(engine, startup_seed, default_admin=False)
        loop.tick()
        assert (loop.holds_lease(), loop.aps.state, len(leads)) == (True, STATE_RUNNING, 1)
    finally:
        loop.aps.shutdown()


def test_acquiring_the_lease_recomputes_a_schedule_added_while_standing_by(
    engine: Engine,
) -> None:
    prepare_database(engine, startup_seed, default_admin=False)
    job_id = add_job(engine)
    other = Lease(engine, "other-process", 30)
    other.acquire()
    loop = leader_loop(engine, [])
    try:
        loop.tick()  # standing by
        loop.schedule(job_id)  # an API write that checked `running` just before the lease was lost
        other.release()
        acquiring_at = datetime.now(UTC)
        loop.tick()
        job = loop.aps.get_job(job_id)
        assert job.next_run_time >= acquiring_at + timedelta(hours=1)
    finally:
        loop.aps.shutdown()


def left_running(engine: Engine, job_id: str, execution_id: str, started_at: datetime) -> None:
    """Store a scheduled run still marked `running`."""
    with Session(engine) as session:
        session.add(
            JobExecution(
                id=execution_id,
                job_id=job_id,
                status="running",
                trigger_type="scheduled",
                started_at=started_at,
            )
        )
        session.commit()


def status_of(engine: Engine, execution_id: str) -> str:
    """The stored status of an execution."""
    with Session(engine) as session:
        execution = session.get(JobExecution, execution_id)
        assert execution is not None
        return execution.status


def test_runs_a_predecessor_left_are_swept_only_until_none_can_still_be_in_flight(
    engine: Engine,
) -> None:
    prepare_database(engine, startup_seed, default_admin=False)
    job_id = add_job(engine)
    left_running(engine, job_id, "old", utcnow() - timedelta(minutes=10))
    loop = leader_loop(engine, [], run_seconds=0.3)
    try:
        loop.tick()  # acquires: the old run is recorded as interrupted
        assert status_of(engine, "old") == "failed"
        time.sleep(0.4)  # every run started before this loop led is now older than a run lasts
        loop.tick()  # the last sweep
        left_running(engine, job_id, "late", utcnow() - timedelta(minutes=10))
        loop.tick()  # no scan of job_executions any more
        assert status_of(engine, "late") == "running"
    finally:
        loop.aps.shutdown()
