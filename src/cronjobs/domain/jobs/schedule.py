"""What API writes do to this process's scheduler (spec §6.5).

All of it happens only while this process runs the scheduler (`service.scheduler.running`);
otherwise the lease holder's resync picks the change up. The scheduler reads the job's row, so
these calls come after the write is committed: the views run them through the domain's
`after_*` steps.
"""

from __future__ import annotations

import logging

from cronjobs.domain.common.context import Service
from cronjobs.domain.errors import ServerError
from cronjobs.models import Job

log = logging.getLogger(__name__)

SCHEDULE_FAILED = "Failed to schedule job"
RESCHEDULE_FAILED = "Failed to update scheduler"


def scheduler_error(label: str, exc: Exception, service: Service) -> ServerError:
    """Return a scheduler 500 whose message is the exception text only when details are exposed."""
    message = (str(exc) or exc.__class__.__name__) if service.expose_details else label
    return ServerError(label, message)


def schedule_new(service: Service, job_id: str) -> None:
    """Schedule a just-created job, failing with `Failed to schedule job`."""
    if not service.scheduler.running:
        return
    try:
        service.scheduler.schedule(job_id)
    except Exception as exc:
        log.exception("could not schedule job %s", job_id)
        raise scheduler_error(SCHEDULE_FAILED, exc, service) from exc


def reschedule(service: Service, job: Job) -> None:
    """Drop an updated job's schedule and add it again while it is active.

    Fails with `Failed to update scheduler`. An active job here is never expired: the update's
    `Job expired` rule refused that state before the commit.
    """
    if not service.scheduler.running:
        return
    try:
        service.scheduler.unschedule(job.id)
        if job.is_active:
            service.scheduler.schedule(job.id)
    except Exception as exc:
        log.exception("could not reschedule job %s", job.id)
        raise scheduler_error(RESCHEDULE_FAILED, exc, service) from exc


def unschedule_quietly(service: Service, job_id: str, *, reason: str) -> None:
    """Drop a deleted or paused job's schedule, best effort: a failure is only logged.

    The lease holder's resync drops it later anyway; `reason` ("deleted", "auto-paused") says in
    the log which write it followed.
    """
    if not service.scheduler.running:
        return
    try:
        service.scheduler.unschedule(job_id)
    except Exception:
        log.warning("could not unschedule %s job %s", reason, job_id, exc_info=True)
