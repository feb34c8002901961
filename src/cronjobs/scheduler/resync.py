"""Resync (spec §6.2): read the jobs table, the source of truth, into the schedules it wants.

The leader runs it on acquiring the lease and every `SCHEDULER_POLL_SECONDS`. It pauses active
jobs found past their end_date (silently: no notification, no Slack) and returns, for every job
that should fire, the fingerprint of the fields whose change forces a fresh trigger, so the
caller reschedules only what changed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cronjobs.domain.jobs.cron import cron_problem
from cronjobs.domain.jobs.expiry import is_expired
from cronjobs.models import Job, JobExecution

log = logging.getLogger(__name__)

# §6.2 step 3: a change to any of these gives the job a freshly computed trigger.
WATCHED_FIELDS = (
    "name",
    "cron_expression",
    "is_active",
    "end_date",
    "target_url",
    "github_owner",
    "github_repo",
    "github_workflow_name",
    "enable_email_notifications",
    "notification_emails",
    "notify_on_success",
    "updated_at",
)


@dataclass(frozen=True, slots=True)
class Wanted:
    """A job that should fire: its cron expression and the fingerprint of its watched fields."""

    cron_expression: str
    fingerprint: tuple[Any, ...]


@dataclass(slots=True)
class ResyncPlan:
    """What the jobs table wants, and what resync changed in it."""

    wanted: dict[str, Wanted] = field(default_factory=dict)
    paused: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)


def fingerprint(job: Job) -> tuple[Any, ...]:
    """Return the values of the fields whose change reschedules a job."""
    return tuple(getattr(job, name) for name in WATCHED_FIELDS)


def wanted_schedule(job: Job, zone: tzinfo, today: date) -> Wanted | None:
    """Return the job's schedule if it should fire (active, not expired, valid cron)."""
    if not job.is_active or is_expired(job.end_date, today):
        return None
    problem = cron_problem(job.cron_expression, zone)
    if problem is not None:
        log.error("job %s has an invalid cron expression (%s); not scheduled", job.id, problem)
        return None
    return Wanted(job.cron_expression.strip(), fingerprint(job))


def plan_resync(sessions: Callable[[], Session], zone: tzinfo, today: date) -> ResyncPlan:
    """Pause expired active jobs (committed), then list the schedules every other job wants."""
    plan = ResyncPlan()
    with sessions() as session:
        for job in session.scalars(select(Job)):
            if job.is_active and is_expired(job.end_date, today):
                job.is_active = False
                plan.paused.append(job.id)
                continue
            wanted = wanted_schedule(job, zone, today)
            if wanted is not None:
                plan.wanted[job.id] = wanted
            elif job.is_active:
                plan.invalid.append(job.id)
        session.commit()
    if plan.paused:
        log.info("resync paused %d expired job(s): %s", len(plan.paused), ", ".join(plan.paused))
    return plan


INTERRUPTED = "Run interrupted: the scheduler process stopped before the run completed"


def fail_interrupted_runs(
    sessions: Callable[[], Session], started_before: datetime, now: datetime
) -> list[str]:
    """Record scheduled runs a dead leader left `running` as failed; return their ids.

    Only the leader makes scheduled runs, so a `running` one that started before this leader
    took the lease, and longer ago than any run can last, was cut off by its process's death.
    """
    query = select(JobExecution).where(
        JobExecution.status == "running",
        JobExecution.trigger_type == "scheduled",
        JobExecution.started_at < started_before,
    )
    with sessions() as session:
        interrupted = list(session.scalars(query))
        for execution in interrupted:
            execution.status = "failed"
            execution.completed_at = now
            execution.duration_seconds = (now - execution.started_at).total_seconds()
            execution.error_message = INTERRUPTED
        session.commit()
    if interrupted:
        log.warning("recorded %d interrupted scheduled run(s) as failed", len(interrupted))
    return [execution.id for execution in interrupted]
