"""GET /health (spec §4.10): liveness and what this process's scheduler is doing."""

from __future__ import annotations

from typing import Any, Protocol

SCHEDULER_STATUS_KEY = "cronjobs.scheduler_status"


class SchedulerStatus(Protocol):
    """What a process knows about its own scheduler."""

    @property
    def running(self) -> bool:
        """Tell whether this process holds the lease and fires jobs."""

    @property
    def scheduled_jobs_count(self) -> int:
        """Count the schedules this process holds, the weekly job included."""


class NoScheduler:
    """The status of a process that runs no scheduler (TESTING, or disabled)."""

    running = False
    scheduled_jobs_count = 0


def health(status: SchedulerStatus) -> dict[str, Any]:
    """Return the health body for this process."""
    return {
        "status": "healthy",
        "scheduler_running": status.running,
        "scheduled_jobs_count": status.scheduled_jobs_count if status.running else 0,
    }
