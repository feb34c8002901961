"""The weekly end_date maintenance (spec §6.8, the weekly rows of §6.6).

Two windows relative to today (the scheduler timezone's date):

* **Auto-pause**: every *active* job whose end_date is before today is set inactive, unscheduled,
  and announced to its creator and the active admins (and on Slack).
* **Reminder**: every job, active or inactive, with today <= end_date <= today + 30 is announced
  as ending soon (and on Slack).

A job that is already inactive and past its end_date falls in neither window: it is not paused
again (it already is) and gets no reminder (its end_date is before today), so it is left alone
without any notification. Jobs without an end_date are left alone too.

All changes are committed once, at the end; only then are the paused jobs unscheduled (the
scheduler reads the committed row) and the Slack texts posted, so no database lock is held while
Slack answers. Database errors propagate with nothing committed; unschedule and Slack failures
are logged and ignored. Registering the Monday 09:00 trigger is the scheduler's business.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from cronjobs.domain.common.context import Service
from cronjobs.domain.jobs.expiry import AUTO_PAUSED_TITLE, pause_expired
from cronjobs.domain.jobs.schedule import unschedule_quietly
from cronjobs.domain.notifications.broadcast import notify_owners
from cronjobs.domain.slack.messages import SlackDelivery, SlackSender, slack_webhook
from cronjobs.models import Job, PicTeam

REMINDER_DAYS = 30
ENDING_SOON_TITLE = "Job ending soon"


@dataclass(frozen=True, slots=True)
class MaintenanceReport:
    """What one weekly run did: for logs and tests."""

    today: date
    paused: tuple[str, ...]  # ids of the jobs set inactive, in announcement order
    reminded: tuple[tuple[str, int], ...]  # (job id, days left) of each reminder, in order
    slack: tuple[SlackDelivery, ...]  # the texts posted to Slack (none when Slack is off)


def run_weekly_maintenance(
    sessions: Callable[[], Session],
    service: Service,
    *,
    today: date | None = None,
    slack: SlackSender | None = None,
) -> MaintenanceReport:
    """Pause active expired jobs and remind of jobs ending within 30 days; commit; post Slack."""
    today = today if today is not None else service.today()
    base_url = service.settings.frontend_base_url.rstrip("/")
    texts: list[str] = []
    with sessions() as session:
        webhook = slack_webhook(session)
        expired = _jobs(session, Job.is_active.is_(True), Job.end_date < today)
        ending = _jobs(
            session, Job.end_date >= today, Job.end_date <= today + timedelta(days=REMINDER_DAYS)
        )
        handles = _slack_handles(session, [*expired, *ending])
        for job in expired:
            pause_expired(session, job, notify=False)  # the weekly notice names the PIC team
            notify_owners(session, job, title=AUTO_PAUSED_TITLE, message=_paused_message(job))
            texts.append(_slack_text(job, handles, base_url, "Job auto-paused (end date passed)"))
        reminded: list[tuple[str, int]] = []
        for job in ending:
            days_left = (_end_date(job) - today).days
            reminded.append((job.id, days_left))
            notify_owners(
                session, job, title=ENDING_SOON_TITLE, message=_ending_message(job, days_left)
            )
            texts.append(_slack_text(job, handles, base_url, f"Job ending soon ({days_left}d)"))
        paused = tuple(job.id for job in expired)
        session.commit()
    for job_id in paused:
        unschedule_quietly(service, job_id, reason="auto-paused")
    deliveries = (slack or SlackSender()).send(webhook, texts) if webhook else ()
    return MaintenanceReport(today, paused, tuple(reminded), deliveries)


def _jobs(session: Session, *conditions: ColumnElement[bool]) -> Sequence[Job]:
    """Return the jobs matching the conditions, by end_date then name (a stable order)."""
    query = select(Job).where(*conditions).order_by(Job.end_date, Job.name, Job.id)
    return session.scalars(query).all()


def _slack_handles(session: Session, jobs: Sequence[Job]) -> dict[str, str]:
    """Return the trimmed, non-blank Slack handle of each PIC team these jobs name, by slug."""
    slugs = {job.pic_team for job in jobs if job.pic_team}
    if not slugs:
        return {}
    teams = session.scalars(select(PicTeam).where(PicTeam.slug.in_(slugs))).all()
    return {team.slug: handle for team in teams if (handle := (team.slack_handle or "").strip())}


def _end_date(job: Job) -> date:
    # Both windows select on end_date, so a selected job always has one.
    assert job.end_date is not None
    return job.end_date


def _team(job: Job) -> str:
    return job.pic_team or "-"


def _paused_message(job: Job) -> str:
    end_date = _end_date(job).isoformat()
    return (
        f'Job "{job.name}" passed its end_date ({end_date} JST) and was auto-paused. '
        f"PIC Team: {_team(job)}"
    )


def _ending_message(job: Job, days_left: int) -> str:
    # "day(s)" is literal: the spec's texts are exact (§6.6), whatever the count.
    end_date = _end_date(job).isoformat()
    return (
        f'Job "{job.name}" ends on {end_date} JST ({days_left} day(s) left). PIC Team: {_team(job)}'
    )


def _slack_text(job: Job, handles: dict[str, str], base_url: str, headline: str) -> str:
    """Render `:warning: <handle >headline: <link|name> (end_date … JST)` (§6.8)."""
    handle = handles.get(job.pic_team or "")
    prefix = f"{handle} " if handle else ""
    link = f"<{base_url}/jobs/{job.id}/edit|{job.name}>"
    return f":warning: {prefix}{headline}: {link} (end_date {_end_date(job).isoformat()} JST)"
