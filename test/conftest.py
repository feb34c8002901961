"""The Flask suite's fixture chain: settings → app → client, plus the case tables' world.

Modules that replay case tables start the app on `world_settings` (import
`tests_support.kit.flask_fixtures.world_settings_fixture`, which registers as `settings`): a copy of
a database that startup prepared once per session, holding the default admin and the world users.
They replay each case with `replay`; app cases, which start an app of their own, with
`replay_app_case`. Parametrize `expose_details` (indirectly) for EXPOSE_ERROR_DETAILS=false.

The run tables (execute, test-run) replay with `run_replay`, on a chain of its own beside the
`settings` one: `run_world_settings` → `run_scheduler` → `run_app` → `run_world` (see
`kit/flask_fixtures.py` and `kit/worlds/runs.py` for what the run world's app is started with).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cronjobs.legacy import create_app, dispose
from cronjobs.legacy.database import EXTENSION_KEY
from cronjobs.settings import Settings
from tests_support.cases.app_variants import AppCase, replay_on_flask
from tests_support.kit.clients import Replay, Send, flask_sender
from tests_support.kit.schedulers import RecordingScheduler
from tests_support.kit.servers.http_stub import HttpStub
from tests_support.kit.worlds.base import WORLD_SECRET, World, build_world_template, copy_database
from tests_support.kit.worlds.runs import RunWorld, open_run_world, run_settings


@pytest.fixture
def app(settings: Settings) -> Iterator[Flask]:
    """The Flask app on this test's database, started as in production (tables, seed, admin)."""
    app = create_app(settings)
    yield app
    app.extensions[EXTENSION_KEY].engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Flask's test client."""
    return app.test_client()


@pytest.fixture
def send(client: FlaskClient) -> Send:
    """Send a case's request through the test client."""
    return flask_sender(client)


@pytest.fixture
def replay(world: World, send: Send) -> Replay:
    """Replay a case on the app under test, verifying every reply."""
    return lambda case: case.replay(world, send)


@pytest.fixture(name="expose_details")
def expose_details_fixture(request: pytest.FixtureRequest) -> bool:
    """EXPOSE_ERROR_DETAILS of the app under test (true unless parametrized)."""
    return bool(getattr(request, "param", True))


@pytest.fixture(scope="session")
def world_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database prepared by startup once, with the world users."""
    return build_world_template(tmp_path_factory.mktemp("world"))


@pytest.fixture
def world_database(
    world_template: Path, make_settings: Callable[..., Settings]
) -> Callable[..., Settings]:
    """Build settings (keyword overrides win) on this test's own copy of the world database."""

    def build(**overrides: object) -> Settings:
        settings = make_settings(jwt_secret_key=WORLD_SECRET, **overrides)
        copy_database(world_template, settings.database_url)
        return settings

    return build


@pytest.fixture
def world_settings(world_database: Callable[..., Settings], expose_details: bool) -> Settings:
    """Settings on this test's own copy of the world database."""
    return world_database(expose_error_details=expose_details)


@pytest.fixture
def replay_app_case(
    world_database: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch
) -> Callable[[AppCase], None]:
    """Replay an app case on its own app, started on a copy of the world database."""
    return lambda case: replay_on_flask(case, world_database(**case.settings), monkeypatch)


@pytest.fixture
def world(app: Flask, settings: Settings) -> Iterator[World]:
    """The world users on the app's database (the app has started on it)."""
    world = World(settings.database_url, settings.jwt_secret_key)
    yield world
    world.close()


@pytest.fixture
def run_world_settings(
    world_database: Callable[..., Settings],
    http_stub: HttpStub,
    expose_details: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> Settings:
    """Settings on a copy of the world database, with GitHub on the stub and no token."""
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    return world_database(**run_settings(http_stub, expose_details=expose_details))


@pytest.fixture
def run_scheduler(run_world_settings: Settings) -> Iterator[RecordingScheduler]:
    """The run app's scheduler, running."""
    scheduler = RecordingScheduler(run_world_settings.database_url)
    yield scheduler
    scheduler.close()


@pytest.fixture
def run_app(run_world_settings: Settings, run_scheduler: RecordingScheduler) -> Iterator[Flask]:
    """The Flask app on the run settings, running the recording scheduler."""
    app = create_app(run_world_settings, scheduler=run_scheduler)
    yield app
    dispose(app)


@pytest.fixture
def run_world(
    run_app: Flask,
    run_world_settings: Settings,
    http_stub: HttpStub,
    run_scheduler: RecordingScheduler,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[RunWorld]:
    """The run world; GITHUB_TOKEN is set now that the app runs."""
    yield from open_run_world(run_world_settings, http_stub, run_scheduler, monkeypatch)


@pytest.fixture
def run_replay(run_world: RunWorld, run_app: Flask) -> Replay:
    """Replay a case on the run app, verifying every reply."""
    send = flask_sender(run_app.test_client())
    return lambda case: case.replay(run_world, send)
