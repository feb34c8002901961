"""The world of run cases (spec §4.3, §4.4, §6.4): a job to run, the stub it calls, the scheduler.

`RunWorld` is the case world plus the `HttpStub` standing in for GitHub and webhooks, the
`RecordingScheduler`, and the test's environment (GITHUB_TOKEN is read at call time, §7.1). The
app under test must be started with `GITHUB_API_URL` on the stub (see each suite's `run_world`
fixture). Setups write one job, `JOB_ID`, straight to the database; checks read what the service
sent and recorded.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from cronjobs.domain.runs.outcome import RunReport
from cronjobs.models import Job
from cronjobs.settings import Settings
from tests_support.kit.scenario import change_row
from tests_support.kit.schedulers import RecordingScheduler
from tests_support.kit.servers.http_stub import HttpStub
from tests_support.kit.worlds.base import World

Setup = Callable[["RunWorld"], None]
JOB_ID = "11111111-1111-4111-8111-111111111111"
JOB_NAME = "Nightly sync"
ENV_TOKEN = "ghp-token-from-environment"
WEBHOOK = "/hooks/nightly"
RUN_TIMEOUT_SECONDS = 0.5
GITHUB = {"github_owner": "acme", "github_repo": "deploy", "github_workflow_name": "release"}
DISPATCH = "/repos/acme/deploy/actions/workflows/release/dispatches"


def tokyo_today() -> date:
    """Return "today" of the end_date rules (default SCHEDULER_TIMEZONE)."""
    return datetime.now(ZoneInfo("Asia/Tokyo")).date()


class RunWorld(World):
    """The case world with the stub, the scheduler and the environment of the app under test."""

    def __init__(
        self,
        database_url: str,
        secret: str,
        *,
        stub: HttpStub,
        scheduler: RecordingScheduler,
        env: pytest.MonkeyPatch,
    ) -> None:
        super().__init__(database_url, secret)
        self.stub = stub
        self.scheduler = scheduler
        self.env = env
        self.observed: list[Any] = []  # what stub hooks saw while a request waited on them

    @property
    def ids(self) -> dict[str, str]:
        """Return the world ids plus `job`."""
        return super().ids | {"job": JOB_ID}

    def url(self, path: str) -> str:
        """Return the stub's URL of a path."""
        return self.stub.url + path


def run_settings(stub: HttpStub, *, expose_details: bool = True) -> dict[str, Any]:
    """Settings of the app under a run test: GitHub on the stub, no token, a short run timeout.

    `GITHUB_API_URL` ends with a slash, which the service must drop; GITHUB_TOKEN comes from the
    environment only once the app runs (`open_run_world`), proving it is read at call time.
    """
    return {
        "github_api_url": f"{stub.url}/",
        "github_token": "",
        "expose_error_details": expose_details,
        "run_timeout_seconds": RUN_TIMEOUT_SECONDS,
    }


def open_run_world(
    settings: Settings, stub: HttpStub, scheduler: RecordingScheduler, env: pytest.MonkeyPatch
) -> Iterator[RunWorld]:
    """Set GITHUB_TOKEN (padded: it is trimmed), yield the run world, then close it.

    The body of a fixture that runs once the app under test has started.
    """
    env.setenv("GITHUB_TOKEN", f"  {ENV_TOKEN}  ")
    world = RunWorld(
        settings.database_url, settings.jwt_secret_key, stub=stub, scheduler=scheduler, env=env
    )
    yield world
    world.close()


def _insert_job(world: RunWorld, owner: str | None, columns: dict[str, Any]) -> None:
    values: dict[str, Any] = {
        "id": JOB_ID,
        "name": JOB_NAME,
        "cron_expression": "0 9 * * *",
        "category": "general",
        "pic_team": "qa-team",
        "end_date": tokyo_today() + timedelta(days=30),
        "created_by": world.ids[owner] if owner else None,
        "is_active": True,
    } | columns
    if "target_url" in values and callable(values["target_url"]):
        values["target_url"] = values["target_url"](world)
    metadata = values.pop("metadata", None)
    values["job_metadata"] = json.dumps(metadata) if isinstance(metadata, dict) else metadata
    with world.session() as session:
        session.add(Job(**values))
        session.commit()


def stub_url(path: str) -> Callable[[RunWorld], str]:
    """Return the stub's URL of a path, resolved against the world."""
    return lambda world: world.url(path)


def webhook_job(path: str = WEBHOOK, *, owner: str | None = "user", **columns: Any) -> Setup:
    """Insert the job as a webhook job on the stub; `metadata` may be a dict or raw text."""
    return lambda world: _insert_job(world, owner, {"target_url": stub_url(path)} | columns)


def github_job(*, owner: str | None = "user", **columns: Any) -> Setup:
    """Insert the job as a GitHub Actions job (acme/deploy/release)."""
    return lambda world: _insert_job(world, owner, GITHUB | columns)


def expired(**columns: Any) -> dict[str, Any]:
    """Return job columns with an end_date of yesterday (Tokyo)."""
    return {"end_date": tokyo_today() - timedelta(days=1)} | columns


def change_job(**columns: Any) -> Setup:
    """Return a setup that changes columns of the job."""
    return change_row(Job, JOB_ID, **columns)


def answer(path: str, status: int = 200, body: Any = b"", **options: Any) -> Setup:
    """Make the stub answer a path."""
    return lambda world: world.stub.answer(path, status, body, **options)


def without_github_token(world: RunWorld) -> None:
    """Unset GITHUB_TOKEN (the app started without one)."""
    world.env.delenv("GITHUB_TOKEN", raising=False)


def scheduler_stopped(world: RunWorld) -> None:
    """Make this process one that does not run the scheduler."""
    world.scheduler.running = False


def setups(*steps: Setup) -> Setup:
    """Run setups in order."""

    def run(world: RunWorld) -> None:
        for step in steps:
            step(world)

    return run


class RecordingMailer:
    """A `RunMailer` (the e-mail seam of §6.7) that keeps the reports it gets, and can fail."""

    def __init__(self, error: Exception | None = None) -> None:
        self.reports: list[RunReport] = []
        self.error = error

    def send_run_mail(self, report: RunReport) -> None:
        """Keep the report, then fail if told to."""
        self.reports.append(report)
        if self.error is not None:
            raise self.error
