"""The one test scheduler: a `JobScheduler` (spec §6.5) that records its calls and can fail.

It behaves the way the real one does where the API can see it: it reads the job's committed row
when asked to (un)schedule it. Each call is recorded with the job name it found committed, so a
case proves both which calls the service made and that it committed before making them. App
cases describe theirs with a `SchedulerPlan`; the run suites start one that runs and never fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, create_engine, select

from cronjobs.models import Job
from cronjobs.storage.engines import sync_url

SCHEDULER_DOWN = "scheduler is down"


class _Anything:
    """Equal to any value: a part of a recorded call the case leaves open."""

    __hash__ = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        return True

    def __repr__(self) -> str:
        return "<anything>"


ANYTHING: Any = _Anything()
Call = tuple[str, str, str | None]  # (method, job id, the job's committed name or None)


class RecordingScheduler:
    """A `JobScheduler` that records its calls and can fail on `schedule` or `unschedule`."""

    def __init__(
        self, database_url: str, *, running: bool = True, failing: frozenset[str] = frozenset()
    ) -> None:
        self.running = running  # whether this process runs the scheduler; a case may stop it
        self.failing = failing
        self.calls: list[Call] = []
        self.scheduled: set[str] = set()
        self._engine: Engine = create_engine(sync_url(database_url))

    @property
    def scheduled_jobs_count(self) -> int:
        """Count the jobs scheduled so far."""
        return len(self.scheduled)

    def schedule(self, job_id: str) -> None:
        """Record the call, then fail or schedule the job."""
        self._record("schedule", job_id)
        self.scheduled.add(job_id)

    def unschedule(self, job_id: str) -> None:
        """Record the call, then fail or drop the job."""
        self._record("unschedule", job_id)
        self.scheduled.discard(job_id)

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    def _record(self, method: str, job_id: str) -> None:
        with self._engine.connect() as connection:
            name = connection.scalar(select(Job.name).where(Job.id == job_id))
        self.calls.append((method, job_id, name))
        if method in self.failing:
            raise RuntimeError(SCHEDULER_DOWN)


@dataclass(frozen=True, kw_only=True)
class SchedulerPlan:
    """How an app case's scheduler behaves, and the calls it must have seen."""

    running: bool = True
    failing: frozenset[str] = frozenset()
    calls: tuple[Any, ...] = ()

    def build(self, database_url: str) -> RecordingScheduler:
        """Create the scheduler for one test."""
        return RecordingScheduler(database_url, running=self.running, failing=self.failing)
