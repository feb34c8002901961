"""What the API needs from this process's scheduler (spec §6.5), and the "no scheduler" default.

The scheduler issue provides the real implementation (lease, APScheduler). Until a process holds
the lease, `running` is false and API writes leave scheduling to the lease holder's resync.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from cronjobs.domain.errors import Conflict


class JobScheduler(Protocol):
    """This process's scheduler, as the API and the health check see it."""

    @property
    def running(self) -> bool:
        """Tell whether this process holds the lease and fires jobs."""

    @property
    def scheduled_jobs_count(self) -> int:
        """Count the schedules this process holds, the weekly job included."""

    def schedule(self, job_id: str) -> None:
        """(Re)schedule a job from its current row; raise if that fails."""

    def unschedule(self, job_id: str) -> None:
        """Drop a job's schedule, if any."""


class NoScheduler:
    """The scheduler of a process that does not run one (TESTING, disabled, or standing by)."""

    running = False
    scheduled_jobs_count = 0

    def schedule(self, job_id: str) -> None:
        """Leave the job to the lease holder's resync."""

    def unschedule(self, job_id: str) -> None:
        """Leave the job to the lease holder's resync."""


@runtime_checkable
class SchedulerControl(Protocol):
    """A scheduler operators can inspect and resync (`GET/POST /api/v2/scheduler/...`)."""

    def status(self) -> dict[str, Any]:
        """Describe this process's role, the lease and its schedules."""

    def resync_now(self) -> dict[str, Any]:
        """Resync at once; raise `Conflict` when this process is not the leader."""


def status_body(
    *,
    role: str,
    process: str | None = None,
    lease: dict[str, Any] | None = None,
    lease_seconds: float | None = None,
    poll_seconds: int | None = None,
    scheduled_jobs_count: int = 0,
    last_resync_at: str | None = None,
    maintenance_next_run_at: str | None = None,
    schedules: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Return the body of `GET /api/v2/scheduler/status`, one shape whatever the role."""
    return {
        "enabled": role != "disabled",
        "role": role,
        "process": process,
        "lease": lease,
        "lease_seconds": lease_seconds,
        "poll_seconds": poll_seconds,
        "scheduled_jobs_count": scheduled_jobs_count,
        "last_resync_at": last_resync_at,
        "maintenance_next_run_at": maintenance_next_run_at,
        "schedules": schedules or [],
    }


def scheduler_status(scheduler: JobScheduler) -> dict[str, Any]:
    """Return the operator's view of this process's scheduler."""
    if isinstance(scheduler, SchedulerControl):
        return scheduler.status()
    count = scheduler.scheduled_jobs_count if scheduler.running else 0
    return status_body(role="disabled", scheduled_jobs_count=count)


def resync_scheduler(scheduler: JobScheduler) -> dict[str, Any]:
    """Resync on the leader; 409 anywhere else."""
    if isinstance(scheduler, SchedulerControl):
        return scheduler.resync_now()
    raise Conflict(
        "Scheduler not running",
        "This process does not run the scheduler (SCHEDULER_ENABLED=false or TESTING).",
    )
