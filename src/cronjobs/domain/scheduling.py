"""What the API needs from this process's scheduler (spec §6.5), and the "no scheduler" default.

The scheduler issue provides the real implementation (lease, APScheduler). Until a process holds
the lease, `running` is false and API writes leave scheduling to the lease holder's resync.
"""

from __future__ import annotations

from typing import Protocol


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
