"""Finding the job a path names (the job-not-found body of spec §4.2), and who may change it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from cronjobs.domain.accounts.access import can_modify_job
from cronjobs.domain.errors import Forbidden, NotFound
from cronjobs.models import Job, User


def job_not_found(job_id: str) -> NotFound:
    """Return the 404 for a job id."""
    return NotFound("Job not found", f"No job found with ID: {job_id}")


def get_job(session: Session, job_id: str) -> Job:
    """Return the job or fail with the job-not-found 404."""
    job = session.get(Job, job_id)
    if job is None:
        raise job_not_found(job_id)
    return job


def get_modifiable_job(session: Session, user: User, job_id: str, *, action: str) -> Job:
    """Return a job the user may change or run (§2.3): 404 first, then 403 naming the action."""
    job = get_job(session, job_id)
    if not can_modify_job(user, job):
        raise Forbidden("Insufficient permissions", f"You can only {action} your own jobs")
    return job
