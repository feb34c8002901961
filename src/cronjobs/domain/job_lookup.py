"""Finding the job a path names (the job-not-found body of spec §4.2)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from cronjobs.domain.errors import NotFound
from cronjobs.models import Job


def job_not_found(job_id: str) -> NotFound:
    """Return the 404 for a job id."""
    return NotFound("Job not found", f"No job found with ID: {job_id}")


def get_job(session: Session, job_id: str) -> Job:
    """Return the job or fail with the job-not-found 404."""
    job = session.get(Job, job_id)
    if job is None:
        raise job_not_found(job_id)
    return job
