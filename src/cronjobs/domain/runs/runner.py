"""The executor of spec §6.4: one run of one job, recorded in `job_executions`, never raising.

A run commits as it goes: its execution row is visible in `running` state before the outbound
call, and no transaction is open during the call, so a run never holds a database lock while it
waits on the network. So the runner takes a session *factory* and opens a short session per
step: scheduled runs pass the factory of the `DATABASE_URL` database; a manual run passes the
factory its request's session came from, once the request has committed (§4.4, A16).

No global state and no web framework: a stack may run it in a worker thread. E-mail (§6.7) is
not sent here; a `RunMailer`, when given, gets the `RunReport` of runs made with `send_email`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from cronjobs.domain.common.clock import utcnow
from cronjobs.domain.common.context import Service
from cronjobs.domain.common.outbound import outbound_client
from cronjobs.domain.jobs.expiry import is_expired, pause_expired
from cronjobs.domain.jobs.render import notification_emails
from cronjobs.domain.jobs.schedule import unschedule_quietly
from cronjobs.domain.notifications.broadcast import broadcast
from cronjobs.domain.runs.calls import (
    call_github,
    call_webhook,
    github_blank,
    no_target,
    no_token,
    unexpected,
)
from cronjobs.domain.runs.config import RunConfig, RunOverrides, run_config
from cronjobs.domain.runs.github import api_base
from cronjobs.domain.runs.outcome import RunMailer, RunReport, RunResult, TriggerType
from cronjobs.models import Job, JobExecution, new_id

log = logging.getLogger(__name__)

SessionFactory = Callable[[], Session]


@dataclass(frozen=True, slots=True)
class _Started:
    """A run whose execution row is committed in `running` state (§6.4 step 3)."""

    config: RunConfig
    execution_id: str
    trigger_type: TriggerType
    started_at: datetime
    enable_email_notifications: bool
    notification_emails: tuple[str, ...]
    notify_on_success: bool


class JobRunner:
    """Runs jobs for one database: loads the job, calls its target, records the execution."""

    def __init__(
        self,
        sessions: SessionFactory,
        service: Service,
        *,
        mailer: RunMailer | None = None,
    ) -> None:
        self._sessions = sessions
        self._service = service
        self._timeout = service.settings.run_timeout_seconds
        self._mailer = mailer

    def run(
        self,
        job_id: str,
        trigger_type: TriggerType,
        *,
        overrides: RunOverrides | None = None,
        send_email: bool = False,
    ) -> RunReport | None:
        """Run the job once; return the report, or None when nothing was recorded."""
        try:
            started = self._start(job_id, trigger_type, overrides)
            if started is None:
                return None
            report = self._complete(started, self._attempt(started))
        except Exception:
            log.exception("run of job %s failed", job_id)
            return None
        self._announce(report)
        if send_email and self._mailer is not None:
            try:
                self._mailer.send_run_mail(report)
            except Exception:
                log.exception("could not send the e-mail of execution %s", report.execution_id)
        return report

    def _start(
        self, job_id: str, trigger_type: TriggerType, overrides: RunOverrides | None
    ) -> _Started | None:
        """Steps 1–3: skip a missing or inactive job, pause an expired one, record `running`."""
        with self._sessions() as session:
            job = session.get(Job, job_id)
            if job is None or not job.is_active:
                return None
            if is_expired(job.end_date, self._service.today()):
                pause_expired(session, job, notify=True)
                session.commit()
                unschedule_quietly(self._service, job_id, reason="auto-paused")
                return None
            started = _Started(
                config=run_config(job, overrides),
                execution_id=new_id(),
                trigger_type=trigger_type,
                started_at=utcnow(),
                enable_email_notifications=job.enable_email_notifications,
                notification_emails=tuple(notification_emails(job)),
                notify_on_success=job.notify_on_success,
            )
            session.add(
                JobExecution(
                    id=started.execution_id,
                    job_id=job_id,
                    status="running",
                    trigger_type=trigger_type,
                    started_at=started.started_at,
                )
            )
            session.commit()
        return started

    def _attempt(self, started: _Started) -> RunResult:
        """Steps 4–7: call the target; any unexpected error becomes a failed result."""
        try:
            return self._call(started)
        except Exception as exc:
            log.exception("unexpected error in execution %s", started.execution_id)
            return unexpected(started.config.name, exc)

    def _call(self, started: _Started) -> RunResult:
        config = started.config
        if config.mode is None:
            return no_target(config.name)
        if config.mode == "webhook":
            url = config.target_url or ""
            self._record_target(started.execution_id, "webhook", url)
            with outbound_client(self._timeout) as client:
                return call_webhook(client, url, config.metadata)
        owner, repo, workflow = (
            (value or "").strip()
            for value in (config.github_owner, config.github_repo, config.github_workflow_name)
        )
        complete = bool(owner and repo and workflow)
        target = f"{owner}/{repo}/{workflow}" if complete else None
        self._record_target(started.execution_id, "github_actions", target)
        if not complete:
            return github_blank(config.name)
        token = config.github_token or self._service.github_token()
        if not token:
            return no_token(config.name)
        with outbound_client(self._timeout) as client:
            return call_github(
                client,
                api_base(self._service),
                owner,
                repo,
                workflow,
                token=token,
                metadata=config.metadata,
            )

    def _record_target(self, execution_id: str, execution_type: str, target: str | None) -> None:
        """Commit the execution type and target before the call (§6.4 steps 5–6)."""
        with self._sessions() as session:
            session.execute(
                update(JobExecution)
                .where(JobExecution.id == execution_id)
                .values(execution_type=execution_type, target=target)
            )
            session.commit()

    def _complete(self, started: _Started, result: RunResult) -> RunReport:
        """Step 8: record the terminal state and the duration."""
        completed_at = utcnow()
        duration = (completed_at - started.started_at).total_seconds()
        with self._sessions() as session:
            session.execute(
                update(JobExecution)
                .where(JobExecution.id == started.execution_id)
                .values(
                    status=result.status,
                    completed_at=completed_at,
                    duration_seconds=duration,
                    response_status=result.response_status,
                    error_message=result.error_message,
                    output=result.output,
                )
            )
            session.commit()
        return RunReport(
            job_id=started.config.job_id,
            job_name=started.config.name,
            execution_id=started.execution_id,
            trigger_type=started.trigger_type,
            outcome=result.outcome,
            status=result.status,
            response_status=result.response_status,
            error_message=result.error_message,
            output=result.output,
            duration_seconds=duration,
            enable_email_notifications=started.enable_email_notifications,
            notification_emails=started.notification_emails,
            notify_on_success=started.notify_on_success,
        )

    def _announce(self, report: RunReport) -> None:
        """Step 9: broadcast "Job Completed" or "Job Failed" (§6.6); failures are only logged."""
        if report.outcome.succeeded:
            title, kind = "Job Completed", "success"
            message = f'Job "{report.job_name}" completed successfully.'
        else:
            title, kind = "Job Failed", "error"
            message = f'Job "{report.job_name}" failed: {report.error_message}'
        try:
            with self._sessions() as session:
                broadcast(
                    session,
                    title=title,
                    message=message,
                    kind=kind,
                    job_id=report.job_id,
                    execution_id=report.execution_id,
                )
                session.commit()
        except Exception:
            log.exception("could not broadcast the end of execution %s", report.execution_id)
