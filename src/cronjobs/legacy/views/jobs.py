"""Jobs CRUD (spec §4.2) and the cron tools (§4.3) on the Flask stack.

Create and update commit before they touch the scheduler, which reads the committed row
(§6.5): the domain validates and flushes, `committed_then` commits and runs the domain's
post-commit step, then commits what that step wrote, even when it answers a 500.
"""

from __future__ import annotations

from flask import Blueprint, Response

from cronjobs.domain.accounts.access import ADMIN_OR_USER
from cronjobs.domain.jobs import cron_tools
from cronjobs.domain.jobs import crud as jobs
from cronjobs.domain.jobs import update as job_update
from cronjobs.legacy.context import service
from cronjobs.legacy.database import get_session
from cronjobs.legacy.http import committed, committed_then, request_body
from cronjobs.legacy.security import authenticated
from cronjobs.models import User

blueprint = Blueprint("jobs", __name__, url_prefix="/api/jobs")
Reply = tuple[Response, int]


@blueprint.post("/validate-cron")
@authenticated()
def validate_cron(_user: User) -> Reply:
    """Tell whether a cron expression is valid."""
    return committed(cron_tools.validate_cron(service(), request_body()))


@blueprint.post("/cron-preview")
@authenticated()
def cron_preview(_user: User) -> Reply:
    """List the next fire times of a cron expression."""
    return committed(cron_tools.cron_preview(service(), request_body()))


@blueprint.post("")
@authenticated(*ADMIN_OR_USER)
def create_job(user: User) -> Reply:
    """Create a job, then schedule it here if this process runs the scheduler."""
    session, context = get_session(), service()
    job = jobs.create_job(session, context, user, request_body())
    return committed_then(lambda: jobs.after_create(session, context, user, job), 201)


@blueprint.get("")
@authenticated()
def list_jobs(_user: User) -> Reply:
    """List every job with its last and next run."""
    return committed(jobs.list_jobs(get_session(), service()))


@blueprint.get("/<job_id>")
@authenticated()
def get_job(_user: User, job_id: str) -> Reply:
    """Return one job with its last and next run."""
    return committed(jobs.job_detail(get_session(), service(), job_id))


@blueprint.put("/<job_id>")
@authenticated()
def update_job(user: User, job_id: str) -> Reply:
    """Update a job, then reschedule it here if this process runs the scheduler."""
    session, context = get_session(), service()
    result = job_update.update_job(session, context, user, job_id, request_body())
    return committed_then(lambda: job_update.after_update(session, context, user, result))


@blueprint.delete("/<job_id>")
@authenticated()
def delete_job(user: User, job_id: str) -> Reply:
    """Delete a job with its executions."""
    return committed(jobs.delete_job(get_session(), service(), user, job_id))
