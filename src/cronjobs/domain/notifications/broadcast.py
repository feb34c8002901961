"""In-app notifications (spec §6.6): broadcasts to every active user, and creator-plus-admins."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from cronjobs.domain.common.clock import utcnow
from cronjobs.models import Job, Notification, User, new_id

log = logging.getLogger(__name__)


def _insert(
    session: Session,
    user_ids: Iterable[str],
    *,
    title: str,
    message: str,
    kind: str,
    job_id: str | None,
    execution_id: str | None,
) -> None:
    now = utcnow()
    rows = [
        {
            "id": new_id(),
            "user_id": user_id,
            "title": title,
            "message": message,
            "type": kind,
            "related_job_id": job_id,
            "related_execution_id": execution_id,
            "is_read": False,
            "read_at": None,
            "created_at": now,
        }
        for user_id in user_ids
    ]
    if not rows:
        return
    # A failure here must never fail the request or the run (§6.6): contain it in a savepoint.
    try:
        with session.begin_nested():
            session.execute(insert(Notification), rows)
    except Exception:
        log.exception("could not create %d notification(s) %r", len(rows), title)


def broadcast(
    session: Session,
    *,
    title: str,
    message: str,
    kind: str,
    job_id: str | None = None,
    execution_id: str | None = None,
) -> None:
    """Notify every active user, in one bulk insert (D12)."""
    user_ids = session.scalars(select(User.id).where(User.is_active.is_(True))).all()
    _insert(
        session,
        user_ids,
        title=title,
        message=message,
        kind=kind,
        job_id=job_id,
        execution_id=execution_id,
    )


def notify_owners(session: Session, job: Job, *, title: str, message: str) -> None:
    """Send a warning to the job's creator (whatever their status) and every active admin."""
    admins = session.scalars(
        select(User.id).where(User.role == "admin", User.is_active.is_(True))
    ).all()
    recipients = dict.fromkeys([*([job.created_by] if job.created_by else []), *admins])
    _insert(
        session,
        recipients,
        title=title,
        message=message,
        kind="warning",
        job_id=job.id,
        execution_id=None,
    )
