"""The FastAPI stack's request sessions: steps in worker threads, transactions, cancellation."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from cronjobs.api.sessions import ClientLeft, RequestSession, StepThreads
from cronjobs.storage.engines import SyncSessions, create_sync_engine
from strangler.disconnect import ClientWatch

WAIT_SECONDS = 10.0


@pytest.fixture(name="engine")
def engine_fixture(tmp_path: Path) -> Iterator[Engine]:
    """A SQLite file with a table of numbers, opened as the service opens it (write lock first)."""
    engine = create_sync_engine(f"sqlite:///{tmp_path / 'sessions.db'}", setup=lambda _: None)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE numbers (value INTEGER)"))
    yield engine
    engine.dispose()


@pytest.fixture(name="sessions")
def sessions_fixture(engine: Engine) -> SyncSessions:
    """Read and write session factories on the engine."""
    return SyncSessions(engine)


@pytest.fixture(name="threads")
async def threads_fixture() -> AsyncIterator[StepThreads]:
    """Two step threads, ended after the test."""
    threads = StepThreads(2)
    yield threads
    threads.close()


def count(session: Session) -> int:
    """Count the numbers stored."""
    return int(session.execute(text("SELECT count(*) FROM numbers")).scalar_one())


def store(session: Session) -> None:
    """Store a number."""
    session.execute(text("INSERT INTO numbers VALUES (1)"))


async def test_a_step_runs_off_the_event_loop_thread(
    sessions: SyncSessions, threads: StepThreads
) -> None:
    session = RequestSession(sessions.read, threads, write=False)
    ran_in = await session.run_sync(lambda _session: threading.get_ident())
    await session.finish(commit=True)
    assert ran_in != threading.get_ident()


async def test_a_read_step_gives_its_connection_back_when_it_ends(
    engine: Engine, sessions: SyncSessions, threads: StepThreads
) -> None:
    session = RequestSession(sessions.read, threads, write=False)
    await session.run_sync(count)
    checked_out = engine.pool.checkedout()  # type: ignore[attr-defined]
    await session.finish(commit=True)
    assert checked_out == 0


async def test_a_write_is_committed_by_finish_not_by_its_step(
    engine: Engine, sessions: SyncSessions, threads: StepThreads
) -> None:
    session = RequestSession(sessions.write, threads, write=True)
    await session.run_sync(store)
    with Session(engine) as other:
        before = count(other)
    await session.finish(commit=True)
    with Session(engine) as other:
        after = count(other)
    assert (before, after) == (0, 1)


async def test_a_request_cancelled_during_its_step_gives_its_connection_back(
    engine: Engine, sessions: SyncSessions, threads: StepThreads
) -> None:
    release = threading.Event()
    entered = threading.Event()

    def held(session: Session) -> None:
        store(session)
        entered.set()
        release.wait(WAIT_SECONDS)

    session = RequestSession(sessions.write, threads, write=True)
    step = asyncio.ensure_future(session.run_sync(held))
    await asyncio.to_thread(entered.wait, WAIT_SECONDS)
    step.cancel()
    await asyncio.gather(step, return_exceptions=True)
    await session.finish(commit=False)  # as the session dependency does on the cancellation
    release.set()
    await asyncio.to_thread(threads.close)
    with Session(engine) as other:
        stored = count(other)
    assert (engine.pool.checkedout(), stored) == (0, 0)  # type: ignore[attr-defined]


async def test_a_step_whose_client_left_is_not_run(
    engine: Engine, sessions: SyncSessions, threads: StepThreads
) -> None:
    async def leaves() -> dict[str, object]:
        return {"type": "http.disconnect"}

    watch = ClientWatch(leaves)
    await watch.read_body()  # the client left before its body ended: gone
    session = RequestSession(sessions.write, threads, write=True, watch=watch)
    with pytest.raises(ClientLeft):
        await session.run_sync(store)
    await session.finish(commit=True)
    with Session(engine) as other:
        assert count(other) == 0


async def test_writers_waiting_for_the_write_lock_leave_the_holder_its_thread(
    engine: Engine, sessions: SyncSessions, threads: StepThreads
) -> None:
    async def write_twice() -> None:
        session = RequestSession(sessions.write, threads, write=True)
        await session.run_sync(store)  # takes SQLite's write lock (BEGIN IMMEDIATE)
        await asyncio.sleep(0.05)  # back on the loop, the lock held, as between two steps
        await session.run_sync(store)
        await session.finish(commit=True)

    # Five writers on two threads: the waiting ones must not hold the threads the holder needs.
    await asyncio.wait_for(asyncio.gather(*(write_twice() for _ in range(5))), WAIT_SECONDS)
    with Session(engine) as other:
        assert count(other) == 10
