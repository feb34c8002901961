"""The execution history the §4.6 cases read: three jobs × 60 runs, plus one orphaned run.

Runs are written straight to the database in one bulk insert, as the scheduler would have left
them. Every value derives from the job and the run number, so a case states its expectation as a
filter over `RUNS` (`pick`) and renders it with `resource`, written independently of the service.
Start times are distinct: job j's run n starts 3n + j hours after `BASE`, with milliseconds that
exercise the `…sssZ` format (truncated, never rounded).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert

from cronjobs.models import Job, JobExecution
from tests_support.kit.worlds.base import World

BASE = datetime(2025, 6, 1)
RUNS_PER_JOB = 60
MICROSECONDS = (0, 1_000, 999_999, 123_456)


@dataclass(frozen=True, slots=True)
class SeedJob:
    """A job of the seed and the status cycle of its runs."""

    id: str
    name: str
    github_repo: str | None
    execution_type: str
    target: str
    statuses: tuple[str, ...]


JOBS = (
    SeedJob("a0000000-0000-4000-8000-000000000001", "nightly-build", "web-app",
            "github_actions", "acme/web-app/build.yml", ("success", "failed", "running")),
    SeedJob("a0000000-0000-4000-8000-000000000002", "webhook-ping", None,
            "webhook", "https://hooks.example.com/ping",
            ("success", "success", "failed", "running")),
    SeedJob("a0000000-0000-4000-8000-000000000003", "release-train", "mobile",
            "github_actions", "acme/mobile/release.yml",
            ("failed", "success", "success", "success", "running")),
)  # fmt: skip
NIGHTLY, PING, RELEASE = JOBS
GONE_JOB_ID = "a0000000-0000-4000-8000-0000000000ff"


@dataclass(frozen=True, slots=True)
class Run:
    """One `job_executions` row, column for column."""

    id: str
    job_id: str
    status: str
    trigger_type: str
    started_at: datetime
    completed_at: datetime | None
    duration_seconds: float | None
    execution_type: str | None
    target: str | None
    response_status: int | None
    error_message: str | None
    output: str | None


def _run(index: int, job: SeedJob, number: int) -> Run:
    status = job.statuses[number % len(job.statuses)]
    started = BASE + timedelta(hours=3 * number + index, microseconds=MICROSECONDS[number % 4])
    # Multiples of 0.25 add up exactly, so any summation order gives the same mean.
    duration = None if status == "running" else (number % 7) * 0.5 + 0.25
    return Run(
        id=f"e{index}000000-0000-4000-8000-{number:012d}",
        job_id=job.id,
        status=status,
        trigger_type="manual" if number % 5 == 0 else "scheduled",
        started_at=started,
        completed_at=None if duration is None else started + timedelta(seconds=duration),
        duration_seconds=duration,
        execution_type=job.execution_type,
        target=job.target,
        response_status={"success": 204, "failed": 500}.get(status),
        error_message="Workflow dispatch failed" if status == "failed" else None,
        output=None if status == "running" else f"run {number} of {job.name}",
    )


RUNS = [_run(index, job, number) for index, job in enumerate(JOBS) for number in range(60)]
# The newest run of all, so a list that wrongly kept it would show it first.
ORPHAN = Run(
    id="e9000000-0000-4000-8000-000000000000", job_id=GONE_JOB_ID, status="success",
    trigger_type="scheduled", started_at=BASE + timedelta(days=30),
    completed_at=BASE + timedelta(days=30, seconds=10), duration_seconds=10.0,
    execution_type="webhook", target="https://hooks.example.com/gone", response_status=200,
    error_message=None, output="ok",
)  # fmt: skip


def job_row(job: SeedJob) -> dict[str, Any]:
    """Return the `jobs` row of a seed job."""
    return {
        "id": job.id, "name": job.name, "cron_expression": "0 * * * *",
        "github_owner": "acme" if job.github_repo else None, "github_repo": job.github_repo,
        "category": "general", "enable_email_notifications": False, "notify_on_success": False,
        "is_active": True, "created_at": BASE, "updated_at": BASE,
    }  # fmt: skip


def row(run: Run) -> dict[str, Any]:
    """Return the `job_executions` row of a run (a shallow copy: `asdict` is slow)."""
    return {column.name: getattr(run, column.name) for column in fields(Run)}


def insert_runs(world: World, jobs: Iterable[SeedJob], runs: Iterable[Run]) -> None:
    """Insert jobs and their runs, each table in one bulk statement."""
    rows = [row(run) for run in runs]
    with world.engine.begin() as connection:
        connection.execute(insert(Job), [job_row(job) for job in jobs])
        if rows:
            connection.execute(insert(JobExecution), rows)


def insert_orphan(world: World, run: Run) -> None:
    """Insert a run whose job is gone (legacy data has them), foreign keys off for that insert."""
    with world.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # outside any transaction
        elif connection.dialect.name in {"mysql", "mariadb"}:
            connection.exec_driver_sql("SET SESSION foreign_key_checks = 0")
        else:
            # PostgreSQL checks foreign keys with triggers, which replica mode skips.
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        connection.execute(insert(JobExecution), [row(run)])
        connection.commit()
        if connection.dialect.name in {"mysql", "mariadb"}:
            connection.exec_driver_sql("SET SESSION foreign_key_checks = 1")  # a pooled session


def seed(world: World) -> None:
    """Insert the three jobs, their 180 runs and the orphaned run."""
    insert_runs(world, JOBS, RUNS)
    insert_orphan(world, ORPHAN)


# --- the expected side, written without the service's code -------------------------------------


def _z(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="milliseconds") + "Z"


def resource(run: Run) -> dict[str, Any]:
    """The `Execution` resource of a run."""
    return row(run) | {"started_at": _z(run.started_at), "completed_at": _z(run.completed_at)}


def with_job(run: Run) -> dict[str, Any]:
    """The `Execution` resource plus its job's name and repository."""
    job = next(job for job in JOBS if job.id == run.job_id)
    return resource(run) | {"job_name": job.name, "github_repo": job.github_repo}


def pick(
    *,
    job: SeedJob | None = None,
    statuses: Iterable[str] = (),
    trigger: str | None = None,
    kind: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    runs: Iterable[Run] = RUNS,
) -> list[Run]:
    """Filter runs, newest first."""
    wanted = set(statuses)
    chosen = [
        run
        for run in runs
        if (job is None or run.job_id == job.id)
        and (not wanted or run.status in wanted)
        and (trigger is None or run.trigger_type == trigger)
        and (kind is None or run.execution_type == kind)
        and (start is None or run.started_at >= start)
        and (end is None or run.started_at < end)
    ]
    return sorted(chosen, key=lambda run: run.started_at, reverse=True)


def mean_duration(runs: Iterable[Run]) -> float | None:
    """The mean of the non-null durations, or None."""
    durations = [run.duration_seconds for run in runs if run.duration_seconds is not None]
    return math.fsum(durations) / len(durations) if durations else None


def extra_job(number: int, name: str) -> SeedJob:
    """A job outside the main seed, for the statistics edge cases."""
    return SeedJob(f"a0000000-0000-4000-8000-{number:012d}", name, None, "webhook",
                   "https://hooks.example.com/extra", ())  # fmt: skip


def extra_run(job: SeedJob, number: int, status: str, duration: float | None) -> Run:
    """A run of an extra job, started `number` hours after `BASE`."""
    started = BASE + timedelta(hours=number)
    return Run(
        id=f"f0000000-0000-4000-{job.id[-4:]}-{number:012d}", job_id=job.id, status=status,
        trigger_type="scheduled", started_at=started,
        completed_at=None if duration is None else started + timedelta(seconds=duration),
        duration_seconds=duration, execution_type=job.execution_type, target=job.target,
        response_status=None, error_message=None, output=None,
    )  # fmt: skip
