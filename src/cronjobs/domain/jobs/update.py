"""PUT /jobs/<job_id> (spec §4.2 update): the validation table, then the post-commit steps.

`update_job` runs steps 1–18. It collects the new values first and writes them onto the row
only when every step has passed, so a failing request leaves nothing to flush. The caller
commits, then `after_update` reschedules (step 19: a failure is a 500 that keeps the change),
broadcasts and returns the 200 body.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cronjobs.domain.catalog.resolution import resolve_category, resolve_pic_team
from cronjobs.domain.common.body import RequestBody, boolean_field, nullable_string, string_field
from cronjobs.domain.common.clock import utcnow
from cronjobs.domain.common.context import Service
from cronjobs.domain.errors import InvalidInput
from cronjobs.domain.jobs.cron import checked_cron
from cronjobs.domain.jobs.expiry import is_expired
from cronjobs.domain.jobs.fields import (
    TARGET_FIELDS,
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
from cronjobs.domain.jobs.lookup import get_modifiable_job
from cronjobs.domain.jobs.render import job_json
from cronjobs.domain.jobs.schedule import reschedule
from cronjobs.domain.notifications.broadcast import broadcast
from cronjobs.models import Job, User

EXPIRED = "Job cannot be enabled after end_date has passed. Update end_date first."
NO_TARGET = "Job must have either target_url or complete GitHub Actions configuration"


def _duplicate(name: str) -> InvalidInput:
    return InvalidInput("Duplicate job name", f'A job with the name "{name}" already exists.')


@dataclass(frozen=True, slots=True)
class JobUpdate:
    """An updated, flushed job and whether the update flipped its active flag."""

    job: Job
    was_active: bool


class _Changes(dict[str, Any]):
    """New column values for one job; `value` reads a column as it will be after the update."""

    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job

    def value(self, column: str) -> Any:
        return self[column] if column in self else getattr(self.job, column)


def _notification_changes(payload: dict[str, Any], changes: _Changes) -> None:
    """Steps 13–15: e-mail settings, kept only while notifications are enabled."""
    if "enable_email_notifications" in payload:
        enabled = boolean_field(payload, "enable_email_notifications")
        changes["enable_email_notifications"] = enabled
        if not enabled:
            changes.update(notification_emails=None, notify_on_success=False)
    enabled = changes.value("enable_email_notifications")
    if "notification_emails" in payload:
        emails = email_list(payload, comma_string=True)
        changes["notification_emails"] = stored_emails(emails, enabled)
    if "notify_on_success" in payload:
        changes["notify_on_success"] = boolean_field(payload, "notify_on_success") and enabled


def update_job(
    session: Session, service: Service, actor: User, job_id: str, body: RequestBody
) -> JobUpdate:
    """Validate and apply an update in the order of §4.2 update (steps 1–18), then flush."""
    job = get_modifiable_job(session, actor, job_id, action="update")
    body.require_json_type()
    payload = body.parse_object()
    changes = _Changes(job)
    if "name" in payload:
        name = checked_name(string_field(payload, "name"))
        if name != job.name and name_taken(session, name):
            raise _duplicate(name)
        changes["name"] = name
    if "cron_expression" in payload:
        expression = string_field(payload, "cron_expression")
        changes["cron_expression"] = checked_cron(expression, service.zone)
    changes.update(target_fields(payload))
    target = with_default_owner({field: changes.value(field) for field in TARGET_FIELDS}, service)
    changes.update(target)
    if "metadata" in payload:
        changes["job_metadata"] = metadata_text(payload)
    if "category" in payload:
        changes["category"] = resolve_category(session, nullable_string(payload, "category"))
    if "end_date" in payload:
        changes["end_date"] = checked_end_date(
            nullable_string(payload, "end_date"),
            service,
            missing=InvalidInput("Invalid end_date", "end_date is required (YYYY-MM-DD)."),
        )
    if "pic_team" in payload or "pic_team_slug" in payload:
        changes["pic_team"] = resolve_pic_team(session, pic_team_input(payload))
    _notification_changes(payload, changes)
    if "is_active" in payload:
        changes["is_active"] = boolean_field(payload, "is_active")
    if changes.value("is_active") and is_expired(changes.value("end_date"), service.today()):
        raise InvalidInput("Job expired", EXPIRED)
    if not has_target(target):
        raise InvalidInput("Missing target configuration", NO_TARGET)
    was_active = job.is_active
    try:
        with session.begin_nested():
            for column, value in changes.items():
                setattr(job, column, value)
            job.updated_at = utcnow()
    except IntegrityError:
        # A concurrent write took the name between our check and our update.
        raise _duplicate(changes.value("name")) from None
    return JobUpdate(job, was_active)


def after_update(
    session: Session, service: Service, actor: User, result: JobUpdate
) -> dict[str, Any]:
    """Finish a committed update: reschedule (§6.5), broadcast (§6.6), return the 200 body."""
    job = result.job
    reschedule(service, job)
    if job.is_active == result.was_active:
        title, verb, kind = "Job Updated", "updated", "info"
    elif job.is_active:
        title, verb, kind = "Job Enabled", "enabled", "info"
    else:
        title, verb, kind = "Job Disabled", "disabled", "warning"
    broadcast(
        session,
        title=title,
        message=f'Job "{job.name}" was {verb} by {actor.email}.',
        kind=kind,
        job_id=job.id,
    )
    return {"message": "Job updated successfully", "job": job_json(job)}
