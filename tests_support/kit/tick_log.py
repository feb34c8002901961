"""What the test gateways did, read from the shared database, counted in 2-second ticks.

The test gateways fire every job on every even second (`scheduler_process.every_tick`), so an
execution belongs to the tick `floor(started_at / 2)`: two executions in one tick mean a tick
ran twice. `started_at` is written a few milliseconds after the fire time, far from the next
boundary. Waits poll with a deadline; none of them asserts on how long something took.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import select

from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.models import JobExecution
from cronjobs.storage.engines import create_sync_engine
from tests_support.kit.servers.http_stub import HttpStub
from tests_support.kit.servers.scheduler_process import TICK_SECONDS

POLL_SECONDS = 0.1
SETTLE_SECONDS = 10.0
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Execution:
    """The columns of one `job_executions` row that the tests look at."""

    status: str
    trigger_type: str
    started_at: datetime

    @property
    def tick(self) -> int:
        """The 2-second tick this run belongs to."""
        return int(self.started_at.replace(tzinfo=UTC).timestamp() // TICK_SECONDS)


def repeated_ticks(executions: list[Execution]) -> list[int]:
    """The ticks that hold more than one execution (a tick run twice)."""
    return sorted(tick for tick, count in Counter(e.tick for e in executions).items() if count > 1)


def wait_for(probe: Callable[[], T | None], seconds: float, what: str) -> T:
    """Poll `probe` until it returns a value; fail naming `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        value = probe()
        if value is not None:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"gave up after {seconds} s waiting for {what}")
        time.sleep(POLL_SECONDS)


def wait_for_mid_tick() -> None:
    """Sleep until the middle of a tick, where no run has just started or is about to."""
    phase = time.time() % TICK_SECONDS
    time.sleep((TICK_SECONDS / 2 - phase) % TICK_SECONDS)


class ExecutionLog:
    """Reads one job's executions from the database both gateways share."""

    def __init__(self, database_url: str) -> None:
        self._engine = create_sync_engine(database_url, setup=install_text_checks)

    def of(self, job_id: str) -> list[Execution]:
        """Return the job's executions, oldest first."""
        query = (
            select(JobExecution.status, JobExecution.trigger_type, JobExecution.started_at)
            .where(JobExecution.job_id == job_id)
            .order_by(JobExecution.started_at)
        )
        with self._engine.connect() as connection:
            return [Execution(*row) for row in connection.execute(query)]

    def settled(self, job_id: str, stub: HttpStub, path: str) -> list[Execution]:
        """Wait until no run is in progress and every execution matches one stub request."""

        def probe() -> list[Execution] | None:
            executions = self.of(job_id)
            calls = sum(request.path == path for request in stub.requests)
            done = all(e.status != "running" for e in executions)
            return executions if done and calls == len(executions) else None

        return wait_for(probe, SETTLE_SECONDS, "executions to match the webhook's requests")

    def quiet_moment(self, job_id: str) -> None:
        """Return mid-tick with no run in progress, so a killed process leaves no run behind."""

        def probe() -> bool | None:
            wait_for_mid_tick()
            return True if all(e.status != "running" for e in self.of(job_id)) else None

        wait_for(probe, SETTLE_SECONDS, "a moment with no run in progress")

    def close(self) -> None:
        """Dispose of the engine."""
        self._engine.dispose()
