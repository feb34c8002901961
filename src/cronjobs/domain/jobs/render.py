"""The `Job` resource (spec §5.2) and the schedule fields the list and detail add (§4.2)."""

from __future__ import annotations

import json
from datetime import datetime, tzinfo
from typing import Any

from cronjobs.domain.common.times import naive_iso
from cronjobs.domain.jobs.cron import NextFireTimes
from cronjobs.models import Job


def job_metadata(job: Job) -> Any:
    """Return the parsed `job_metadata`, or `{}` when it is null, empty or not valid JSON."""
    if not job.job_metadata:
        return {}
    try:
        return json.loads(job.job_metadata)
    except ValueError:
        return {}


def notification_emails(job: Job) -> list[str]:
    """Split the stored comma-separated addresses, trimmed, blanks dropped."""
    return [item.strip() for item in (job.notification_emails or "").split(",") if item.strip()]


def job_json(job: Job) -> dict[str, Any]:
    """Render the `Job` resource."""
    return {
        "id": job.id,
        "name": job.name,
        "cron_expression": job.cron_expression,
        "target_url": job.target_url,
        "github_owner": job.github_owner,
        "github_repo": job.github_repo,
        "github_workflow_name": job.github_workflow_name,
        "metadata": job_metadata(job),
        "category": job.category,
        "end_date": job.end_date.isoformat() if job.end_date else None,
        "pic_team": job.pic_team,
        "enable_email_notifications": job.enable_email_notifications,
        "notification_emails": notification_emails(job),
        "notify_on_success": job.notify_on_success,
        "created_by": job.created_by,
        "is_active": job.is_active,
        "created_at": naive_iso(job.created_at),
        "updated_at": naive_iso(job.updated_at),
    }


def scheduled_job_json(
    job: Job,
    last_execution_at: datetime | None,
    zone: tzinfo,
    now: datetime,
    *,
    fire_times: NextFireTimes | None = None,
) -> dict[str, Any]:
    """Render a job with `last_execution_at` and `next_execution_at` (list and detail).

    A list passes one `fire_times` memo (built on the same zone and instant) for all its jobs.
    """
    next_fire = fire_times or NextFireTimes(zone, now)
    upcoming = next_fire(job.cron_expression) if job.is_active else None
    return {
        **job_json(job),
        "last_execution_at": naive_iso(last_execution_at),
        "next_execution_at": upcoming.isoformat() if upcoming else None,
    }
