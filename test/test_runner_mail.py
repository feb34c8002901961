"""Scheduled runs with `SmtpMailer` plugged into `JobRunner`, as the scheduler will run them.

The job is a webhook job on the HTTP stub that answers 503, with e-mail on for two recipients
(stored with blanks, as the legacy column allows); the mail goes to a real local SMTP server, or
to a port where nothing listens (spec §6.4 step 9, §6.7: a sending failure never affects the run).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine

from cronjobs.domain.common.context import Service
from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.domain.runs.runner import JobRunner
from cronjobs.domain.runs.smtp import SmtpMailer
from cronjobs.models import JobExecution
from cronjobs.settings import Settings
from cronjobs.storage.engines import SyncSessions, create_sync_engine
from tests_support.cases.runs.checks import broadcast
from tests_support.cases.runs.mail import FOOTER, RECIPIENTS
from tests_support.kit.flask_fixtures import (  # noqa: F401  (this module's fixtures)
    run_settings_fixture,
    scheduler_fixture,
)
from tests_support.kit.mail_fixtures import (  # noqa: F401  (this module's fixtures)
    MailSettings,
    closed_smtp_port,
    mail_settings_fixture,
    smtp_fixture,
)
from tests_support.kit.schedulers import RecordingScheduler
from tests_support.kit.servers.http_stub import HttpStub
from tests_support.kit.servers.smtp_server import SmtpServer
from tests_support.kit.worlds.runs import (
    JOB_ID,
    JOB_NAME,
    WEBHOOK,
    RunWorld,
    answer,
    change_job,
    open_run_world,
    setups,
    webhook_job,
)

ERROR = "Webhook returned status 503"
Run = Callable[[Settings], JobExecution]


@pytest.fixture
def world(
    settings: Settings,
    http_stub: HttpStub,
    scheduler: RecordingScheduler,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[RunWorld]:
    """The run world, holding the failing webhook job that mails two recipients."""
    emails = {
        "enable_email_notifications": True,
        "notification_emails": " ops@example.com, ,qa@example.com",
    }
    for world in open_run_world(settings, http_stub, scheduler, monkeypatch):
        setups(webhook_job(), change_job(**emails), answer(WEBHOOK, 503))(world)
        yield world


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    """The engine scheduled runs use (the `DATABASE_URL` database)."""
    engine = create_sync_engine(settings.database_url, setup=install_text_checks)
    yield engine
    engine.dispose()


@pytest.fixture
def run(world: RunWorld, engine: Engine, settings: Settings, scheduler: RecordingScheduler) -> Run:
    """Run the job as the scheduler does (e-mail on) with these mail settings; return its row."""

    def run_job(mail: Settings) -> JobExecution:
        service = Service(settings, scheduler)
        runner = JobRunner(SyncSessions(engine).write, service, mailer=SmtpMailer(mail))
        assert runner.run(JOB_ID, "scheduled", send_email=True) is not None
        execution: JobExecution = world.row(JobExecution, job_id=JOB_ID)
        return execution

    return run_job


def test_failed_scheduled_run_mails_the_jobs_recipients(
    run: Run, smtp: SmtpServer, mail_settings: MailSettings
) -> None:
    execution = run(mail_settings(smtp.port))
    [mail] = smtp.mails
    assert (mail.message["Subject"], mail.recipients) == (
        f"🔴 Job Failure Alert: {JOB_NAME}",
        RECIPIENTS,
    )
    assert [line for line in mail.text.splitlines() if line.strip()] == [
        "Job Execution Failed",
        f"Job Name: {JOB_NAME}",
        f"Job ID: {JOB_ID}",
        f"Error: {ERROR}",
        "Please review your job configuration and logs to identify and resolve the issue.",
        FOOTER,
    ]
    assert execution.error_message == ERROR


def test_mail_failure_does_not_affect_the_recorded_run(
    world: RunWorld,
    run: Run,
    smtp: SmtpServer,
    mail_settings: MailSettings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.ERROR, logger="cronjobs.domain.runs.runner"):
        execution = run(mail_settings(closed_smtp_port()))
    assert "could not send the e-mail of execution" in caplog.text  # the mailer did raise
    assert (execution.status, execution.response_status, execution.error_message) == (
        "failed",
        503,
        ERROR,
    )
    assert execution.completed_at is not None and execution.duration_seconds is not None
    broadcast(False, ERROR)(world, None)
