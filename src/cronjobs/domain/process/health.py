"""GET /health (spec §4.10): liveness and what this process's scheduler is doing."""

from __future__ import annotations

from typing import Any

from cronjobs.domain.common.scheduling import JobScheduler


def health(scheduler: JobScheduler) -> dict[str, Any]:
    """Return the health body for this process."""
    running = scheduler.running
    return {
        "status": "healthy",
        "scheduler_running": running,
        "scheduled_jobs_count": scheduler.scheduled_jobs_count if running else 0,
    }
