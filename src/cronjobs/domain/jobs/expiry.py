"""The expiry rule, and pausing a job found past its end_date when somebody runs it.

Two paths pause an expired job on a run, and only one of them tells anybody (§6.6): the
executor's run guard (§6.4 step 2) warns the creator and the active admins, while execute
(§4.4 step 3) pauses silently and answers its 400 to the caller instead.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from cronjobs.domain.notifications.broadcast import notify_owners
from cronjobs.models import Job

AUTO_PAUSED_TITLE = "Job auto-paused (end date passed)"


def is_expired(end_date: date | None, today: date) -> bool:
    """Tell whether an end_date has passed: it is before `today` (in the scheduler timezone)."""
    return end_date is not None and end_date < today


def pause_expired(session: Session, job: Job, *, notify: bool) -> None:
    """Set the job inactive and flush; with `notify`, warn its creator and the active admins."""
    job.is_active = False
    session.flush()
    if not notify:
        return
    end_date = job.end_date.isoformat() if job.end_date else ""
    notify_owners(
        session,
        job,
        title=AUTO_PAUSED_TITLE,
        message=f'Job "{job.name}" passed its end_date ({end_date} JST) and was auto-paused.',
    )
