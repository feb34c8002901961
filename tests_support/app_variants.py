"""Cases that need the app started differently: settings, environment, a recording scheduler.

`RecordingScheduler` implements the `JobScheduler` protocol (spec §6.5) the way the real one
behaves where the API can see it: it reads the job's committed row when asked to (un)schedule
it, and it can be told to fail. Each call is recorded with the job name it found committed, so
a case proves both which calls the API made and that it committed before making them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, select

from cronjobs.db import sync_url
from cronjobs.legacy import create_app, dispose
from cronjobs.models import Job
from cronjobs.settings import Settings
from tests_support.cases import Case
from tests_support.clients import flask_sender
from tests_support.world import World

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
        self._running = running
        self.failing = failing
        self.calls: list[Call] = []
        self.scheduled: set[str] = set()
        self._engine: Engine = create_engine(sync_url(database_url))

    @property
    def running(self) -> bool:
        """Tell whether this process runs the scheduler."""
        return self._running

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
    """How the case's recording scheduler behaves, and the calls it must have seen."""

    running: bool = True
    failing: frozenset[str] = frozenset()
    calls: tuple[Any, ...] = ()

    def build(self, database_url: str) -> RecordingScheduler:
        """Create the scheduler for one test."""
        return RecordingScheduler(database_url, running=self.running, failing=self.failing)


@dataclass(frozen=True, kw_only=True)
class AppCase(Case):
    """A case whose app starts with `settings` overrides and `scheduler`, under `environ`.

    `environ` is set after the app has started, so it proves a variable is read at request time.
    """

    settings: dict[str, Any] = field(default_factory=dict)
    environ: dict[str, str] = field(default_factory=dict)
    scheduler: SchedulerPlan | None = None


def replay_on_flask(case: AppCase, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """Start the Flask app for an app case, replay the case, then check the scheduler's calls."""
    scheduler = case.scheduler.build(settings.database_url) if case.scheduler else None
    app = create_app(settings, scheduler=scheduler)
    world = World(settings.database_url, settings.jwt_secret_key)
    try:
        for name, value in case.environ.items():
            monkeypatch.setenv(name, value)
        send = flask_sender(app.test_client())
        for request, verify in case.exchanges(world):
            verify(send(request))
        if case.scheduler is not None and scheduler is not None:
            assert scheduler.calls == list(case.scheduler.calls)
    finally:
        world.close()
        dispose(app)
        if scheduler is not None:
            scheduler.close()
