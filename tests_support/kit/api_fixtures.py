"""The FastAPI suite's run world: fixtures a test module opts into by importing them.

The run tables (spec §4.3 test-run, §4.4 execute) and the tests beside them need the app started
as `test/conftest.py` starts Flask's for them: a copy of the world database, `GITHUB_API_URL` on
the HTTP stub, a recording scheduler, a 0.5 s run timeout, and GITHUB_TOKEN set only once the
app runs (it is read at call time, §7.1). Chain: `run_world_settings` → `run_scheduler` →
`run_app` → `run_client` → `run_world`, and `run_send`. Import `<name>_fixture`, which
registers as `<name>`; the names are the run world's own, so it sits beside the case-table
`world` of `tests_fastapi/conftest.py`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from cronjobs.api import create_app
from cronjobs.settings import Settings
from tests_support.kit.clients import AsyncSend, asgi_sender, serve
from tests_support.kit.schedulers import RecordingScheduler
from tests_support.kit.servers.http_stub import HttpStub
from tests_support.kit.worlds.base import WORLD_SECRET, copy_database
from tests_support.kit.worlds.runs import RunWorld, open_run_world, run_settings


@pytest.fixture(name="run_world_settings")
def run_world_settings_fixture(
    make_settings: Callable[..., Settings],
    world_template: Path,
    http_stub: HttpStub,
    expose_details: bool,
) -> Settings:
    """Settings on a copy of the world database, with GitHub on the stub and no token."""
    settings: Settings = make_settings(
        jwt_secret_key=WORLD_SECRET, **run_settings(http_stub, expose_details=expose_details)
    )
    copy_database(world_template, settings.api_database_url)
    return settings


@pytest.fixture(name="run_scheduler")
def run_scheduler_fixture(run_world_settings: Settings) -> Iterator[RecordingScheduler]:
    """The run app's scheduler, running."""
    scheduler = RecordingScheduler(run_world_settings.api_database_url)
    yield scheduler
    scheduler.close()


@pytest.fixture(name="run_app")
def run_app_fixture(run_world_settings: Settings, run_scheduler: RecordingScheduler) -> FastAPI:
    """The FastAPI app on the run settings, with the recording scheduler."""
    return create_app(run_world_settings, scheduler=run_scheduler)


@pytest.fixture(name="run_client")
async def run_client_fixture(run_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the run app, its lifespan running."""
    async with serve(run_app) as client:
        yield client


@pytest.fixture(name="run_world")
def run_world_fixture(
    run_client: httpx.AsyncClient,
    run_world_settings: Settings,
    http_stub: HttpStub,
    run_scheduler: RecordingScheduler,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[RunWorld]:
    """The run world; GITHUB_TOKEN is set now that the app runs."""
    yield from open_run_world(run_world_settings, http_stub, run_scheduler, monkeypatch)


@pytest.fixture(name="run_send")
def run_send_fixture(run_client: httpx.AsyncClient) -> AsyncSend:
    """Send a case's request to the run app."""
    return asgi_sender(run_client)
