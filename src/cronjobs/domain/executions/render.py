"""The `Execution` resource (spec §5.3): run times in UTC with milliseconds and `Z` (§1.5)."""

from __future__ import annotations

from typing import Any

from cronjobs.domain.common.times import millis_z
from cronjobs.models import JobExecution


def execution_json(execution: JobExecution) -> dict[str, Any]:
    """Render the `Execution` resource."""
    return {
        "id": execution.id,
        "job_id": execution.job_id,
        "status": execution.status,
        "trigger_type": execution.trigger_type,
        "started_at": millis_z(execution.started_at),
        "completed_at": millis_z(execution.completed_at),
        "duration_seconds": execution.duration_seconds,
        "execution_type": execution.execution_type,
        "target": execution.target,
        "response_status": execution.response_status,
        "error_message": execution.error_message,
        "output": execution.output,
    }


def execution_with_job_json(
    execution: JobExecution, job_name: str, github_repo: str | None
) -> dict[str, Any]:
    """Render an `Execution` with its job's name and repository (the global endpoints)."""
    return {**execution_json(execution), "job_name": job_name, "github_repo": github_repo}
