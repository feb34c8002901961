"""The `Job` resource (spec §5.2) and the schedule fields the list and detail add (§4.2)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime, tzinfo
from typing import Any

from cronjobs.domain.common.times import naive_iso
from cronjobs.domain.jobs.cron import NextFireTimes
from cronjobs.models import Job

# The columns the resource shows, in the order `values_json` unpacks them (a list row's order).
RESOURCE_COLUMNS = (
    Job.id,
    Job.name,
    Job.cron_expression,
    Job.target_url,
    Job.github_owner,
    Job.github_repo,
    Job.github_workflow_name,
    Job.job_metadata,
    Job.category,
    Job.end_date,
    Job.pic_team,
    Job.enable_email_notifications,
    Job.notification_emails,
    Job.notify_on_success,
    Job.created_by,
    Job.is_active,
    Job.created_at,
    Job.updated_at,
)
_KEYS = tuple(column.key for column in RESOURCE_COLUMNS)


def _parsed_metadata(text: str | None) -> Any:
    if not text:
        return {}
    try:
        return json.loads(text)
    except ValueError:
        return {}


def _split_emails(text: str | None) -> list[str]:
    return [item.strip() for item in (text or "").split(",") if item.strip()]


def job_metadata(job: Job) -> Any:
    """Return the parsed `job_metadata`, or `{}` when it is null, empty or not valid JSON."""
    return _parsed_metadata(job.job_metadata)


def notification_emails(job: Job) -> list[str]:
    """Split the stored comma-separated addresses, trimmed, blanks dropped."""
    return _split_emails(job.notification_emails)


def job_values(job: Job) -> tuple[Any, ...]:
    """Return a job's `RESOURCE_COLUMNS` values, as a list row holds them."""
    return tuple(getattr(job, key) for key in _KEYS)


def values_json(values: Sequence[Any]) -> dict[str, Any]:
    """Render the `Job` resource from its `RESOURCE_COLUMNS` values (a list renders plain rows).

    Unpacked by position: a result row's attribute access costs a microsecond per field.
    """
    (
        job_id,
        name,
        cron_expression,
        target_url,
        github_owner,
        github_repo,
        github_workflow_name,
        metadata,
        category,
        end_date,
        pic_team,
        enable_email_notifications,
        emails,
        notify_on_success,
        created_by,
        is_active,
        created_at,
        updated_at,
    ) = values[: len(_KEYS)]
    ending: date | None = end_date
    return {
        "id": job_id,
        "name": name,
        "cron_expression": cron_expression,
        "target_url": target_url,
        "github_owner": github_owner,
        "github_repo": github_repo,
        "github_workflow_name": github_workflow_name,
        "metadata": _parsed_metadata(metadata),
        "category": category,
        "end_date": ending.isoformat() if ending else None,
        "pic_team": pic_team,
        "enable_email_notifications": enable_email_notifications,
        "notification_emails": _split_emails(emails),
        "notify_on_success": notify_on_success,
        "created_by": created_by,
        "is_active": is_active,
        "created_at": naive_iso(created_at),
        "updated_at": naive_iso(updated_at),
    }


def job_json(job: Job) -> dict[str, Any]:
    """Render the `Job` resource."""
    return values_json(job_values(job))


def scheduled_values_json(
    values: Sequence[Any],
    last_execution_at: datetime | None,
    zone: tzinfo,
    now: datetime,
    *,
    fire_times: NextFireTimes | None = None,
) -> dict[str, Any]:
    """Render a job from its values with `last_execution_at` and `next_execution_at`.

    A list passes one `fire_times` memo (built on the same zone and instant) for all its jobs.
    """
    rendered = values_json(values)
    next_fire = fire_times or NextFireTimes(zone, now)
    upcoming = next_fire(rendered["cron_expression"]) if rendered["is_active"] else None
    rendered["last_execution_at"] = naive_iso(last_execution_at)
    rendered["next_execution_at"] = upcoming.isoformat() if upcoming else None
    return rendered


def scheduled_job_json(
    job: Job, last_execution_at: datetime | None, zone: tzinfo, now: datetime
) -> dict[str, Any]:
    """Render a job with `last_execution_at` and `next_execution_at` (the detail)."""
    return scheduled_values_json(job_values(job), last_execution_at, zone, now)
