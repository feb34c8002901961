"""The executor of spec §6.4 called directly, as the scheduler will call it.

What only the scheduler reaches: scheduled runs, the silent skip of missing and inactive jobs,
the auto-pause of a job found expired at run time, a job without any target, the e-mail seam
(`RunMailer`), and the promise that a run never raises. Manual runs go through the API in
`test_case_tables.py` (the `execute` tables).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, update

from cronjobs.domain.common.context import Service
from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.domain.runs.outcome import Outcome, RunReport
from cronjobs.domain.runs.runner import JobRunner
from cronjobs.models import JobExecution, Notification, User
from cronjobs.settings import Settings
from cronjobs.storage.engines import SyncSessions, create_sync_engine
from tests_support.cases.runs.checks import (
    broadcast,
    execution,
    job_active,
    owners_notified,
    sent,
    unscheduled,
)
from tests_support.kit.flask_fixtures import (  # noqa: F401  (this module's fixtures)
    run_settings_fixture,
    scheduler_fixture,
)
from tests_support.kit.schedulers import RecordingScheduler
from tests_support.kit.servers.http_stub import HttpStub, closed_port_url
from tests_support.kit.worlds.runs import (
    DISPATCH,
    JOB_ID,
    WEBHOOK,
    RecordingMailer,
    RunWorld,
    Setup,
    answer,
    change_job,
    expired,
    github_job,
    open_run_world,
    setups,
    stub_url,
    webhook_job,
    without_github_token,
)

NO_TARGET = "Job 'Nightly sync' has invalid configuration (neither GitHub Actions nor webhook URL)"


@pytest.fixture
def world(
    settings: Settings,
    http_stub: HttpStub,
    scheduler: RecordingScheduler,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[RunWorld]:
    """The run world on the test's database, GITHUB_TOKEN set."""
    yield from open_run_world(settings, http_stub, scheduler, monkeypatch)


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    """The engine scheduled runs use (the `DATABASE_URL` database)."""
    engine = create_sync_engine(settings.database_url, setup=install_text_checks)
    yield engine
    engine.dispose()


@pytest.fixture
def runner(
    engine: Engine, settings: Settings, scheduler: RecordingScheduler
) -> Callable[..., JobRunner]:
    """Build a runner on the test's database (its settings hold a 0.5 s timeout)."""
    service = Service(settings, scheduler)
    return lambda **options: JobRunner(SyncSessions(engine).write, service, **options)


def scheduled(world: RunWorld, runner: JobRunner, setup: Setup) -> RunReport | None:
    """Set the world up, then run the job as the scheduler does (e-mail on)."""
    setup(world)
    return runner.run(JOB_ID, "scheduled", send_email=True)


def test_scheduled_run_is_recorded_as_scheduled(
    world: RunWorld, runner: Callable[..., JobRunner]
) -> None:
    report = scheduled(world, runner(), setups(webhook_job(), answer(WEBHOOK, 200, "pong")))
    assert report is not None and report.trigger_type == "scheduled"
    execution(
        status="success",
        execution_type="webhook",
        target=stub_url(WEBHOOK),
        response_status=200,
        error_message=None,
        output="pong",
        trigger_type="scheduled",
    )(world, None)
    broadcast(True)(world, None)


@pytest.mark.parametrize(
    "setup",
    [lambda world: None, webhook_job(is_active=False), webhook_job(**expired(is_active=False))],
    ids=["missing", "inactive", "inactive_and_expired"],
)
def test_missing_or_inactive_job_is_skipped_silently(
    world: RunWorld, runner: Callable[..., JobRunner], setup: Setup
) -> None:
    mailer = RecordingMailer()
    assert scheduled(world, runner(mailer=mailer), setup) is None
    assert world.count(JobExecution) == world.count(Notification) == 0
    assert (world.stub.requests, world.scheduler.calls, mailer.reports) == ([], [], [])


def test_expired_job_is_paused_unscheduled_and_its_owners_warned(
    world: RunWorld, runner: Callable[..., JobRunner]
) -> None:
    def deactivate_creator(world: RunWorld) -> None:
        with world.session() as session:
            session.execute(
                update(User).where(User.id == world.ids["user"]).values(is_active=False)
            )
            session.commit()

    setup = setups(webhook_job(**expired()), answer(WEBHOOK, 200), deactivate_creator)
    assert scheduled(world, runner(), setup) is None
    for check in (job_active(False), unscheduled(JOB_ID), owners_notified("user", "admin"), sent()):
        check(world, None)
    assert world.count(JobExecution) == 0


def test_expired_job_stays_scheduled_where_no_scheduler_runs(
    world: RunWorld, runner: Callable[..., JobRunner], scheduler: RecordingScheduler
) -> None:
    scheduler.running = False
    assert scheduled(world, runner(), webhook_job(**expired())) is None
    job_active(False)(world, None)
    assert scheduler.calls == []


def test_job_without_target_fails_with_invalid_configuration(
    world: RunWorld, runner: Callable[..., JobRunner]
) -> None:
    scheduled(world, runner(), webhook_job(target_url=None))
    execution(
        status="failed",
        execution_type=None,
        target=None,
        response_status=None,
        error_message=NO_TARGET,
        output=None,
        trigger_type="scheduled",
    )(world, None)
    broadcast(False, NO_TARGET)(world, None)


OUTCOMES: list[tuple[str, Setup, Outcome]] = [
    ("webhook_2xx", setups(webhook_job(), answer(WEBHOOK, 200)), Outcome.WEBHOOK_SUCCESS),
    ("webhook_500", setups(webhook_job(), answer(WEBHOOK, 500)), Outcome.WEBHOOK_STATUS),
    (
        "webhook_refused",
        lambda w: webhook_job(target_url=closed_port_url())(w),
        Outcome.WEBHOOK_TRANSPORT,
    ),
    ("github_204", setups(github_job(), answer(DISPATCH, 204)), Outcome.GITHUB_SUCCESS),
    ("github_201", setups(github_job(), answer(DISPATCH, 201)), Outcome.GITHUB_STATUS),
    (
        "github_timeout",
        setups(github_job(), answer(DISPATCH, 204, delay=2.0)),
        Outcome.GITHUB_TRANSPORT,
    ),
    ("no_token", setups(github_job(), without_github_token), Outcome.NO_TOKEN),
    ("github_blank", github_job(github_owner=" "), Outcome.GITHUB_BLANK),
    ("no_target", webhook_job(target_url=None), Outcome.NO_TARGET),
    ("unexpected", webhook_job(metadata='{"x": NaN}'), Outcome.UNEXPECTED),
]


@pytest.mark.parametrize(
    ("setup", "outcome"), [row[1:] for row in OUTCOMES], ids=[row[0] for row in OUTCOMES]
)
def test_mailer_gets_the_report_of_a_scheduled_run(
    world: RunWorld, runner: Callable[..., JobRunner], setup: Setup, outcome: Outcome
) -> None:
    mailer = RecordingMailer()
    emails = {
        "enable_email_notifications": True,
        "notification_emails": "ops@example.com, ,qa@example.com",
        "notify_on_success": True,
    }
    report = scheduled(world, runner(mailer=mailer), setups(setup, change_job(**emails)))
    row = world.row(JobExecution, job_id=JOB_ID)
    assert mailer.reports == [report]
    assert report is not None
    assert (report.outcome, report.status, report.execution_id) == (outcome, row.status, row.id)
    assert (report.error_message, report.output) == (row.error_message, row.output)
    assert report.duration_seconds == row.duration_seconds
    assert report.notification_emails == ("ops@example.com", "qa@example.com")
    assert report.enable_email_notifications and report.notify_on_success


def test_mailer_is_not_called_without_the_email_switch(
    world: RunWorld, runner: Callable[..., JobRunner]
) -> None:
    mailer = RecordingMailer()
    setups(webhook_job(), answer(WEBHOOK, 500))(world)
    report = runner(mailer=mailer).run(JOB_ID, "manual")
    assert report is not None and report.status == "failed"
    assert mailer.reports == []


def test_mailer_failure_does_not_fail_the_run(
    world: RunWorld, runner: Callable[..., JobRunner]
) -> None:
    mailer = RecordingMailer(RuntimeError("SMTP is down"))
    report = scheduled(world, runner(mailer=mailer), setups(webhook_job(), answer(WEBHOOK, 200)))
    assert report is not None and len(mailer.reports) == 1
    broadcast(True)(world, None)


def test_run_never_raises_when_the_database_is_unreachable(
    settings: Settings, scheduler: RecordingScheduler, tmp_path: Path
) -> None:
    engine = create_sync_engine(
        f"sqlite:///{tmp_path / 'missing' / 'folder' / 'jobs.db'}", setup=install_text_checks
    )
    try:
        runner = JobRunner(SyncSessions(engine).write, Service(settings, scheduler))
        assert runner.run(JOB_ID, "scheduled", send_email=True) is None
    finally:
        engine.dispose()
