"""Jobs CRUD (spec §4.2): create, list, detail and delete; update lives in `update.py`.

Create is split in two because the scheduler reads committed rows (§6.5): `create_job` runs the
validation table and flushes the new row, the caller commits, then `after_create` schedules the
job, broadcasts and returns the 201 body. If scheduling fails, `after_create` deletes the row
again and raises the 500; the caller commits that deletion too.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cronjobs.domain.catalog.resolution import resolve_category, resolve_pic_team
from cronjobs.domain.common.body import RequestBody, boolean_field, nullable_string, string_field
from cronjobs.domain.common.context import Service
from cronjobs.domain.errors import InvalidInput, ServerError
from cronjobs.domain.jobs.cron import NextFireTimes, checked_cron
from cronjobs.domain.jobs.fields import (
    checked_end_date,
    checked_name,
    email_list,
    has_target,
    metadata_text,
    name_taken,
    pic_team_input,
    stored_emails,
    target_fields,
    with_default_owner,
)
from cronjobs.domain.jobs.lookup import get_modifiable_job, job_not_found
from cronjobs.domain.jobs.render import (
    RESOURCE_COLUMNS,
    job_json,
    scheduled_job_json,
    scheduled_values_json,
)
from cronjobs.domain.jobs.schedule import schedule_new, unschedule_quietly
from cronjobs.domain.notifications.broadcast import broadcast
from cronjobs.models import Job, JobExecution, Notification, User

REQUIRED_ON_CREATE = ("name", "cron_expression", "end_date")
MISSING_TARGET = (
    'Please provide either "target_url" or GitHub Actions configuration '
    "(github_owner, github_repo, github_workflow_name)"
)


def _duplicate(name: str) -> InvalidInput:
    message = f'A job with the name "{name}" already exists. Please use a unique name.'
    return InvalidInput("Duplicate job name", message)


def create_job(session: Session, service: Service, actor: User, body: RequestBody) -> Job:
    """Validate a new job in the order of §4.2 create (steps 1–17), add it and flush."""
    body.require_json_type()
    payload = body.parse_object()
    missing = [field for field in REQUIRED_ON_CREATE if field not in payload]
    if missing:
        raise InvalidInput("Missing required fields", missing_fields=missing)
    raw_name = string_field(payload, "name")
    expression = string_field(payload, "cron_expression")
    name = checked_name(raw_name)
    if name_taken(session, name):
        raise _duplicate(name)
    expression = checked_cron(expression, service.zone)
    target = target_fields(payload)
    category = resolve_category(session, nullable_string(payload, "category"))
    metadata = metadata_text(payload) if "metadata" in payload else None
    enabled = "enable_email_notifications" in payload and boolean_field(
        payload, "enable_email_notifications"
    )
    emails = email_list(payload) if "notification_emails" in payload else []
    notify = "notify_on_success" in payload and boolean_field(payload, "notify_on_success")
    end_date = checked_end_date(
        nullable_string(payload, "end_date"),
        service,
        missing=InvalidInput("Missing required fields", '"end_date" is required (YYYY-MM-DD).'),
    )
    pic_team = resolve_pic_team(session, pic_team_input(payload))
    target = with_default_owner(target, service)
    if not has_target(target):
        raise InvalidInput("Missing target configuration", MISSING_TARGET)
    job = Job(
        name=name,
        cron_expression=expression,
        **target,
        job_metadata=metadata,
        category=category,
        end_date=end_date,
        pic_team=pic_team,
        enable_email_notifications=enabled,
        notification_emails=stored_emails(emails, enabled),
        notify_on_success=notify and enabled,
        created_by=actor.id,
        is_active=True,
    )
    try:
        with session.begin_nested():
            session.add(job)
    except IntegrityError:
        # A concurrent create took the name between our check and our insert.
        raise _duplicate(name) from None
    return job


def after_create(session: Session, service: Service, actor: User, job: Job) -> dict[str, Any]:
    """Finish a committed create: schedule (§6.5), broadcast (§6.6), return the 201 body."""
    try:
        schedule_new(service, job.id)
    except ServerError:
        session.delete(job)
        session.flush()
        raise
    broadcast(
        session,
        title="New Job Created",
        message=f'Job "{job.name}" was created by {actor.email}.',
        kind="info",
        job_id=job.id,
    )
    return {"message": "Job created successfully", "job": job_json(job)}


def _last_run() -> Any:
    """The newest `started_at` of the job in the outer query, or NULL.

    Correlated, so the database reads one entry of `ix_job_executions_job_id_started_at` per
    job; a GROUP BY over all executions read every one of them (seconds at a million).
    """
    return (
        select(func.max(JobExecution.started_at))
        .where(JobExecution.job_id == Job.id)
        .scalar_subquery()
    )


def list_jobs(session: Session, service: Service) -> dict[str, Any]:
    """Return every job, newest first, with its last and next run, in one query (§4.2).

    Plain rows on the session's connection, not `Job` objects: building and tracking ten
    thousand ORM objects cost more than the query, and nothing here changes them.
    """
    query = select(*RESOURCE_COLUMNS, _last_run()).order_by(Job.created_at.desc())
    rows: Sequence[Any] = session.connection().execute(query).all()  # each ends in its last run
    now, zone = datetime.now(UTC), service.zone
    fire_times = NextFireTimes(zone, now)
    last = len(RESOURCE_COLUMNS)
    jobs = [scheduled_values_json(row, row[last], zone, now, fire_times=fire_times) for row in rows]
    return {"count": len(jobs), "jobs": jobs}


def job_detail(session: Session, service: Service, job_id: str) -> dict[str, Any]:
    """Return one job with its last and next run, or the job-not-found 404."""
    row = session.execute(select(Job, _last_run()).where(Job.id == job_id)).first()
    if row is None:
        raise job_not_found(job_id)
    job, last_execution_at = row
    return {"job": scheduled_job_json(job, last_execution_at, service.zone, datetime.now(UTC))}


def delete_job(session: Session, service: Service, actor: User, job_id: str) -> dict[str, Any]:
    """Delete a job and its executions, unlink its notifications, broadcast (§4.2 delete)."""
    job = get_modifiable_job(session, actor, job_id, action="delete")
    name = job.name
    executions = select(JobExecution.id).where(JobExecution.job_id == job.id)
    # Foreign keys are enforced on SQLite too: unlink notifications before the rows they name go.
    unlink = update(Notification).execution_options(synchronize_session=False)
    session.execute(
        unlink.where(Notification.related_execution_id.in_(executions)).values(
            related_execution_id=None
        )
    )
    session.execute(unlink.where(Notification.related_job_id == job.id).values(related_job_id=None))
    session.execute(
        delete(JobExecution)
        .where(JobExecution.job_id == job.id)
        .execution_options(synchronize_session=False)
    )
    session.delete(job)
    session.flush()
    unschedule_quietly(service, job_id, reason="deleted")
    broadcast(
        session,
        title="Job Deleted",
        message=f'Job "{name}" was deleted by {actor.email}.',
        kind="warning",
    )
    return {"message": "Job deleted successfully", "deleted_job": {"id": job_id, "name": name}}
