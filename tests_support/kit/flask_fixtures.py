"""Fixtures a Flask test module opts into by importing them; each registers under its own name.

* `world_settings_fixture` (as `settings`): the app starts on the test's copy of the world
  database, the setting of every module that replays case tables.
* The run suites (execute, test-run, the executor) import `run_settings_fixture` (as
  `settings`), `scheduler_fixture`, `app_fixture` and `world_fixture` instead: the app starts on a
  copy of the world database with `GITHUB_API_URL` on the HTTP stub (with a trailing slash, which
  the service must drop), no GITHUB_TOKEN, a recording scheduler that runs, and a 0.5 s executor
  timeout. GITHUB_TOKEN is set only once the app has started, so every case proves the token is
  read at call time (§7.1).

Parametrize `expose_details` (indirectly) for the EXPOSE_ERROR_DETAILS=false variants.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask

from cronjobs.legacy import create_app, dispose
from cronjobs.settings import Settings
from tests_support.kit.schedulers import RecordingScheduler
from tests_support.kit.servers.http_stub import HttpStub
from tests_support.kit.worlds.runs import RunWorld, open_run_world, run_settings


@pytest.fixture(name="settings")
def world_settings_fixture(world_settings: Settings) -> Settings:
    """Start the app on this test's copy of the world database."""
    return world_settings


@pytest.fixture(name="settings")
def run_settings_fixture(
    world_database: Callable[..., Settings],
    http_stub: HttpStub,
    expose_details: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> Settings:
    """Settings on a copy of the world database, with GitHub on the stub and no token."""
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    return world_database(**run_settings(http_stub, expose_details=expose_details))


@pytest.fixture(name="scheduler")
def scheduler_fixture(settings: Settings) -> Iterator[RecordingScheduler]:
    """This process's scheduler, running."""
    scheduler = RecordingScheduler(settings.database_url)
    yield scheduler
    scheduler.close()


@pytest.fixture(name="app")
def app_fixture(settings: Settings, scheduler: RecordingScheduler) -> Iterator[Flask]:
    """The Flask app, running the recording scheduler."""
    app = create_app(settings, scheduler=scheduler)
    yield app
    dispose(app)


@pytest.fixture(name="world")
def world_fixture(
    app: Flask,
    settings: Settings,
    http_stub: HttpStub,
    scheduler: RecordingScheduler,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[RunWorld]:
    """The run world; GITHUB_TOKEN is set now that the app runs."""
    yield from open_run_world(settings, http_stub, scheduler, monkeypatch)
