"""Fixtures of the Flask run suites (execute, test-run): the app calls the HTTP stub.

A test module imports the `*_fixture` functions from here; they register as `settings`,
`scheduler`, `app`, `world` and `expose_details` and replace the default chain:
the app starts on a copy of the world database with `GITHUB_API_URL` on the stub (with a
trailing slash, which the service must drop), no GITHUB_TOKEN, a recording scheduler that runs,
and a 0.5 s executor timeout. GITHUB_TOKEN is set only once the app has started, so every case
proves the token is read at call time (§7.1). Parametrize `expose_details` (indirectly) for the
EXPOSE_ERROR_DETAILS=false variants.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

from cronjobs.legacy import create_app, dispose
from cronjobs.legacy.views.runs import RUN_TIMEOUT_KEY
from cronjobs.settings import Settings
from tests_support.http_stub import HttpStub
from tests_support.run_world import ENV_TOKEN, RunScheduler, RunWorld
from tests_support.world import WORLD_SECRET, copy_database

RUN_TIMEOUT_SECONDS = 0.5


@pytest.fixture(name="expose_details")
def expose_details_fixture(request: pytest.FixtureRequest) -> bool:
    """EXPOSE_ERROR_DETAILS of the app under test (true unless parametrized)."""
    return bool(getattr(request, "param", True))


@pytest.fixture(name="settings")
def settings_fixture(
    world_template: Path,
    make_settings: Callable[..., Settings],
    http_stub: HttpStub,
    expose_details: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> Settings:
    """Settings on a copy of the world database, with GitHub on the stub and no token."""
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    settings = make_settings(
        jwt_secret_key=WORLD_SECRET,
        github_api_url=f"{http_stub.url}/",
        github_token="",
        expose_error_details=expose_details,
    )
    copy_database(world_template, settings.database_url)
    return settings


@pytest.fixture(name="scheduler")
def scheduler_fixture() -> RunScheduler:
    """This process's scheduler, running."""
    return RunScheduler()


@pytest.fixture(name="app")
def app_fixture(settings: Settings, scheduler: RunScheduler) -> Iterator[Flask]:
    """The Flask app with a short executor timeout."""
    app = create_app(settings, scheduler=scheduler)
    app.config[RUN_TIMEOUT_KEY] = RUN_TIMEOUT_SECONDS
    yield app
    dispose(app)


@pytest.fixture(name="world")
def world_fixture(
    app: Flask,
    settings: Settings,
    http_stub: HttpStub,
    scheduler: RunScheduler,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[RunWorld]:
    """The run world; GITHUB_TOKEN (padded: it is trimmed) is set now that the app runs."""
    monkeypatch.setenv("GITHUB_TOKEN", f"  {ENV_TOKEN}  ")
    world = RunWorld(
        settings.database_url,
        settings.jwt_secret_key,
        stub=http_stub,
        scheduler=scheduler,
        env=monkeypatch,
    )
    yield world
    world.close()
