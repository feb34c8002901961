"""The Flask suite's fixture chain: settings → app → client, plus the case tables' world.

Modules that replay case tables start the app on `world_settings`: a copy of a database that
startup prepared once per session, holding the default admin and the world users.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cronjobs.legacy import create_app
from cronjobs.legacy.database import EXTENSION_KEY
from cronjobs.settings import Settings
from tests_support.clients import Send, flask_sender
from tests_support.http_stub import HttpStub
from tests_support.world import WORLD_SECRET, World, build_world_template, copy_database


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


@pytest.fixture(scope="session")
def world_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database prepared by startup once, with the world users."""
    return build_world_template(tmp_path_factory.mktemp("world"))


@pytest.fixture
def world_settings(world_template: Path, make_settings: Callable[..., Settings]) -> Settings:
    """Settings on this test's own copy of the world database."""
    settings = make_settings(jwt_secret_key=WORLD_SECRET)
    copy_database(world_template, settings.database_url)
    return settings


@pytest.fixture
def world(app: Flask, settings: Settings) -> Iterator[World]:
    """The world users on the app's database (the app has started on it)."""
    world = World(settings.database_url, settings.jwt_secret_key)
    yield world
    world.close()


@pytest.fixture
def http_stub() -> Iterator[HttpStub]:
    """A local HTTP server standing in for GitHub and webhooks (`tests_support/http_stub.py`)."""
    with HttpStub() as stub:
        yield stub
