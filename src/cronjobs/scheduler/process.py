"""`ProcessScheduler`: the scheduler of one gateway (or dedicated) process, as the API sees it.

It runs the leader loop (`loop.py`) on the `DATABASE_URL` database: scheduled runs go through the
one executor (`domain/runner.py`, e-mail on), and the weekly end_date maintenance (§6.8) is
registered whenever this process leads. It implements `JobScheduler` for the API's writes and
health check, and answers the operator endpoints (status, resync).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from cronjobs.domain.common.context import Service
from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.domain.common.scheduling import status_body
from cronjobs.domain.common.times import naive_iso
from cronjobs.domain.errors import Conflict
from cronjobs.domain.process.maintenance import MaintenanceReport, run_weekly_maintenance
from cronjobs.domain.runs.outcome import RunMailer
from cronjobs.domain.runs.runner import JobRunner
from cronjobs.domain.slack.messages import SlackSender
from cronjobs.scheduler.lease import Lease, lease_seconds, new_holder_id
from cronjobs.scheduler.loop import LeaderLoop, crontab_trigger
from cronjobs.scheduler.schedule_book import Trigger
from cronjobs.settings import Settings
from cronjobs.storage.engines import SyncSessions, create_sync_engine

log = logging.getLogger(__name__)

MAINTENANCE_ID = "end_date_maintenance"
MAINTENANCE_NAME = "End date maintenance"
MAINTENANCE_CRON = "0 9 * * mon"  # every Monday at 09:00 in the scheduler timezone (§6.3)


def iso_or_none(moment: datetime | None) -> str | None:
    """Render an aware fire time in ISO 8601 with its offset."""
    return moment.isoformat() if moment is not None else None


class ProcessScheduler:
    """Leads or stands by; while leading, fires jobs and answers for them (spec §6)."""

    def __init__(
        self,
        settings: Settings,
        *,
        mailer: RunMailer | None = None,
        slack: SlackSender | None = None,
        trigger: Trigger = crontab_trigger,
        lease_ttl_seconds: float | None = None,
    ) -> None:
        self.settings = settings
        self.service = Service(settings, self)
        self.holder = new_holder_id()
        self._mailer = mailer
        self._slack = slack or SlackSender()
        self._trigger = trigger
        self._ttl = lease_ttl_seconds or lease_seconds(settings.scheduler_poll_seconds)
        self._engine: Engine | None = None
        self._loop: LeaderLoop | None = None
        self._runner: JobRunner | None = None
        self._sessions: sessionmaker[Session] | None = None

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Open the database and start competing for the lease."""
        self._engine = create_sync_engine(self.settings.database_url, setup=install_text_checks)
        self._sessions = SyncSessions(self._engine).write
        self._runner = JobRunner(self._sessions, self.service, mailer=self._mailer)
        self._loop = LeaderLoop(
            self._engine,
            Lease(self._engine, self.holder, self._ttl),
            zone=self.service.zone,
            poll_seconds=self.settings.scheduler_poll_seconds,
            today=self.service.today,
            fire=self._fire,
            on_lead=self._register_maintenance,
            trigger=self._trigger,
            run_seconds=3 * self.settings.run_timeout_seconds + 10,
        )
        self._loop.start()

    def stop(self) -> None:
        """Stop firing, release the lease, close the database."""
        if self._loop is not None:
            self._loop.stop()
            self._loop = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    # --- JobScheduler ------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        """Tell whether this process holds the lease and fires jobs."""
        return self._loop is not None and self._loop.holds_lease()

    @property
    def scheduled_jobs_count(self) -> int:
        """Count this process's schedules, the weekly job included (0 when standing by)."""
        return len(self._loop.job_ids()) if self._loop is not None and self.running else 0

    def schedule(self, job_id: str) -> None:
        """(Re)schedule a job from its committed row."""
        if self._loop is not None:
            self._loop.schedule(job_id)

    def unschedule(self, job_id: str) -> None:
        """Drop a job's schedule."""
        if self._loop is not None:
            self._loop.unschedule(job_id)

    # --- operators ---------------------------------------------------------------------------

    def status(self) -> dict[str, Any]:
        """Describe this process's role, the lease, and its schedules."""
        loop = self._loop
        if loop is None:
            return status_body(role="standby", process=self.holder, lease_seconds=self._ttl)
        leading = loop.holds_lease()
        current = loop.lease.current()
        lease = (
            None
            if current is None
            else {
                "holder": current.holder,
                "acquired_at": naive_iso(current.acquired_at),
                "expires_at": naive_iso(current.expires_at),
            }
        )
        return status_body(
            role="leader" if leading else "standby",
            process=self.holder,
            lease=lease,
            lease_seconds=self._ttl,
            poll_seconds=self.settings.scheduler_poll_seconds,
            scheduled_jobs_count=len(loop.job_ids()) if leading else 0,
            last_resync_at=naive_iso(loop.last_resync_at),
            maintenance_next_run_at=iso_or_none(loop.next_run_of(MAINTENANCE_ID))
            if leading
            else None,
            schedules=[
                {"job_id": job_id, "cron_expression": cron, "next_run_at": iso_or_none(when)}
                for job_id, cron, when in (loop.schedules() if leading else [])
            ],
        )

    def resync_now(self) -> dict[str, Any]:
        """Resync at once on the leader; a standby answers 409."""
        if self._loop is None or not self.running:
            raise Conflict(
                "Not the scheduler leader",
                "This process does not hold the scheduler lease; resync on the leader "
                "(see GET /api/v2/scheduler/status).",
            )
        self._loop.resync()
        return {"message": "Resync complete"} | self.status()

    # --- runs --------------------------------------------------------------------------------

    def _fire(self, job_id: str) -> None:
        loop, runner = self._loop, self._runner
        if loop is None or runner is None or not loop.holds_lease():
            log.warning("skipped a run of job %s: this process no longer holds the lease", job_id)
            return
        runner.run(job_id, "scheduled", send_email=True)

    def _register_maintenance(self, aps: BackgroundScheduler) -> None:
        aps.add_job(
            self._run_maintenance,
            crontab_trigger(MAINTENANCE_CRON, self.service.zone),
            id=MAINTENANCE_ID,
            name=MAINTENANCE_NAME,
            replace_existing=True,
        )

    def run_maintenance(self) -> MaintenanceReport | None:
        """Run the weekly end_date maintenance now, if this process leads (§6.8)."""
        if self._loop is None or self._sessions is None or not self._loop.holds_lease():
            return None
        report = run_weekly_maintenance(self._sessions, self.service, slack=self._slack)
        log.info(
            "weekly maintenance: %d paused, %d reminded, %d Slack message(s)",
            len(report.paused),
            len(report.reminded),
            len(report.slack),
        )
        return report

    def _run_maintenance(self) -> None:
        try:
            self.run_maintenance()
        except Exception:
            log.exception("weekly end_date maintenance failed")
