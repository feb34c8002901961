"""Scheduled runs end to end (spec §6.3–§6.4, §6.7): a real local HTTP server as the webhook and
GitHub, a real local SMTP server (aiosmtpd), the whole service with a leading scheduler.

The trigger fires every second (`tests_support.kit.worlds.scheduler`); everything else is production
code: the lease, the resync, the executor, the notifications and the mail.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from cronjobs.domain.common.clock import today
from cronjobs.domain.runs.smtp import SmtpMailer
from cronjobs.models import JobExecution, Notification, User
from cronjobs.settings import Settings
from tests_support.kit.mail_fixtures import smtp_fixture  # noqa: F401  (a fixture)
from tests_support.kit.servers.http_stub import HttpStub
from tests_support.kit.servers.smtp_server import SmtpServer
from tests_support.kit.worlds.base import WORLD_SECRET, World, copy_database
from tests_support.kit.worlds.scheduler import (
    TOKYO,
    eventually,
    every_second,
    leader_of,
    service_with,
    world_fixture,  # noqa: F401  (a fixture)
)

TOKEN = "ghp-scheduled-token"
RECIPIENTS = ["ops@example.com", "lead@example.com"]


@pytest.fixture
def settings(
    make_settings: Callable[..., Settings],
    world_template: Path,
    http_stub: HttpStub,
    smtp: SmtpServer,
) -> Settings:
    """The world database, GitHub on the stub, mail to the local SMTP server in clear."""
    built = make_settings(
        jwt_secret_key=WORLD_SECRET,
        scheduler_poll_seconds=1,
        github_api_url=f"{http_stub.url}/",
        github_token="",
        run_timeout_seconds=2,
        mail_server=smtp.host,
        mail_port=smtp.port,
        mail_use_tls=False,
        mail_default_sender="scheduler@example.com",
    )
    copy_database(world_template, built.database_url)
    return built


def job_body(**fields: object) -> dict[str, object]:
    """A job that mails both recipients on failure and on success."""
    return {
        "name": "Nightly",
        "cron_expression": "0 9 * * *",
        "end_date": (today(TOKYO) + timedelta(days=30)).isoformat(),
        "pic_team": "ops",
        "enable_email_notifications": True,
        "notification_emails": RECIPIENTS,
        "notify_on_success": True,
    } | fields


async def run_scheduled(settings: Settings, world: World, body: dict[str, object]) -> str:
    """Create the job through the API of a leading service; wait for its first scheduled run."""
    leader = leader_of(settings, trigger=every_second, mailer=SmtpMailer(settings))
    admin = {"Authorization": f"Bearer {world.token('admin')}"}
    async with service_with(settings, leader) as client:
        await eventually(lambda: leader.running, "the lease")
        team = {"name": "Ops", "slug": "ops", "slack_handle": "@ops"}
        assert (await client.post("/api/v2/pic-teams", headers=admin, json=team)).status_code == 201
        created = await client.post("/api/v2/jobs", headers=admin, json=body)
        assert created.status_code == 201, created.text
        job_id = str(created.json()["job"]["id"])
        await eventually(
            lambda: (
                world.count(JobExecution, job_id=job_id, trigger_type="scheduled")
                and not world.count(JobExecution, status="running")
            ),
            "a finished scheduled run",
        )
    return job_id


def first_run(world: World, job_id: str) -> JobExecution:
    """The job's first scheduled execution (a second one may have started before the stop)."""
    query = (
        select(JobExecution)
        .filter_by(job_id=job_id, trigger_type="scheduled")
        .order_by(JobExecution.started_at)
    )
    with world.session() as session:
        execution = session.scalars(query).first()
    assert execution is not None
    return execution


async def test_scheduled_webhook_run_is_recorded_broadcast_and_mailed(
    settings: Settings, world: World, http_stub: HttpStub, smtp: SmtpServer
) -> None:
    http_stub.answer("/hooks/nightly", 200, "pong")
    job_id = await run_scheduled(
        settings, world, job_body(target_url=f"{http_stub.url}/hooks/nightly")
    )
    execution = first_run(world, job_id)
    assert (execution.status, execution.execution_type, execution.response_status) == (
        "success",
        "webhook",
        200,
    )
    assert (execution.output, execution.error_message) == ("pong", None)
    assert [(r.method, r.path) for r in http_stub.requests][:1] == [("GET", "/hooks/nightly")]
    completed = world.count(Notification, title="Job Completed", related_execution_id=execution.id)
    assert completed == world.count(User, is_active=True)
    mail = smtp.mails[0]
    assert mail.message["Subject"] == "✅ Job Success: Nightly"
    assert (mail.sender, sorted(mail.recipients)) == ("scheduler@example.com", sorted(RECIPIENTS))
    assert f"Job ID: {job_id}" in mail.text


async def test_scheduled_github_run_dispatches_the_workflow_and_mails_a_failure(
    settings: Settings,
    world: World,
    http_stub: HttpStub,
    smtp: SmtpServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    dispatch = "/repos/acme/deploy/actions/workflows/release.yml/dispatches"
    http_stub.answer(dispatch, 422, {"message": "No ref found"})
    github = {
        "github_owner": "acme",
        "github_repo": "deploy",
        "github_workflow_name": "release.yml",
    }
    job_id = await run_scheduled(settings, world, job_body(**github, metadata={"env": "prod"}))
    execution = first_run(world, job_id)
    assert (execution.status, execution.execution_type, execution.response_status) == (
        "failed",
        "github_actions",
        422,
    )
    assert execution.target == "acme/deploy/release.yml"
    sent = http_stub.requests[0]
    assert (sent.method, sent.path) == ("POST", dispatch)
    assert sent.headers["authorization"] == f"Bearer {TOKEN}"
    assert sent.json() == {"ref": "master", "inputs": {"env": "prod"}}
    failed = world.count(Notification, title="Job Failed", related_execution_id=execution.id)
    assert failed == world.count(User, is_active=True)
    mail = smtp.mails[0]
    assert mail.message["Subject"] == "🔴 Job Failure Alert: Nightly"
    assert f"Error: {execution.error_message}" in mail.text
