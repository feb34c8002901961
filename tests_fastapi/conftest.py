"""The FastAPI suite's fixture chain: settings → app → client (httpx on the app's lifespan).

Case tables run on `world_client`: one app for the whole session (FastAPI compiles its routes on
an app's first request, ~60 ms, which 600+ table runs would pay each), restarted for every test on
a fresh copy of a database that startup prepared once, holding the default admin and the world
users. `prefix` runs a test at `/api` and again at `/api/v2`. Every reply a case gets through
`asgi_sender` must also match what `/openapi.json` documents for it (`kit.documented`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from cronjobs.api import create_app
from cronjobs.settings import Settings
from tests_support.cases.app_variants import AppCase
from tests_support.kit.clients import AsyncSend, asgi_sender, serve
from tests_support.kit.databases import sqlite_url
from tests_support.kit.worlds.base import WORLD_SECRET, World, build_world_template, copy_database


@pytest.fixture(params=["/api", "/api/v2"], ids=["api", "v2"])
def prefix(request: pytest.FixtureRequest) -> str:
    """The API prefix under test: the legacy paths and the v2 paths serve one contract."""
    return str(request.param)


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    """The FastAPI app on this test's database (its lifespan prepares the database)."""
    return create_app(settings)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client of the app, with the app's lifespan running."""
    async with serve(app) as client:
        yield client


@pytest.fixture(scope="session")
def world_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database prepared by startup once, with the world users."""
    return build_world_template(tmp_path_factory.mktemp("world"))


@pytest.fixture(scope="session")
def world_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Development settings on the database file the case tables reset for every test."""
    folder = tmp_path_factory.mktemp("api-world")
    url = sqlite_url(folder)
    # Every value that matters is explicit: this is built before the per-test environment cleanup.
    return Settings(
        environment="development",
        database_url=url,
        fastapi_database_url=url,
        testing=True,
        jwt_secret_key=WORLD_SECRET,
        allow_default_admin=True,
        expose_error_details=True,
        cutover_file=str(folder / "cutover.toml"),
        _env_file=None,
    )


@pytest.fixture(scope="session")
def world_app(world_settings: Settings) -> FastAPI:
    """The app the case tables replay against, built once."""
    return create_app(world_settings)


@pytest.fixture(name="expose_details")
def expose_details_fixture(request: pytest.FixtureRequest) -> bool:
    """EXPOSE_ERROR_DETAILS of the case-table app (true unless parametrized indirectly)."""
    return bool(getattr(request, "param", True))


@pytest.fixture(scope="session")
def hidden_world_app(world_settings: Settings) -> FastAPI:
    """The case-table app with EXPOSE_ERROR_DETAILS=false, built once, on the same database."""
    return create_app(world_settings.model_copy(update={"expose_error_details": False}))


@pytest.fixture
async def world_client(
    world_app: FastAPI,
    world_settings: Settings,
    world_template: Path,
    expose_details: bool,
    request: pytest.FixtureRequest,
) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the case-table app, started afresh on a new copy of the world database."""
    copy_database(world_template, world_settings.api_database_url)
    app = world_app if expose_details else request.getfixturevalue("hidden_world_app")
    async with serve(app) as client:
        yield client


@pytest.fixture
def world(world_client: httpx.AsyncClient, world_settings: Settings) -> Iterator[World]:
    """The world users on the case-table app's database (the app has started on it)."""
    world = World(world_settings.api_database_url, world_settings.jwt_secret_key)
    yield world
    world.close()


@pytest.fixture
def world_send(world_client: httpx.AsyncClient) -> AsyncSend:
    """Send a case's request to the case-table app."""
    return asgi_sender(world_client)


@pytest.fixture
def replay_app_case(
    world_settings: Settings,
    world_template: Path,
    prefix: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Callable[[AppCase], Awaitable[None]]:
    """Replay an app case on its own app, started on a copy of the world database."""

    async def replay(case: AppCase) -> None:
        url = sqlite_url(tmp_path)
        overrides = {"database_url": url, "fastapi_database_url": url, **case.settings}
        settings = world_settings.model_copy(update=overrides)
        copy_database(world_template, settings.api_database_url)
        scheduler = case.scheduler.build(settings.api_database_url) if case.scheduler else None
        world = World(settings.api_database_url, settings.jwt_secret_key)
        try:
            async with serve(create_app(settings, scheduler=scheduler)) as client:
                for name, value in case.environ.items():
                    monkeypatch.setenv(name, value)
                send = asgi_sender(client)
                for request, verify in case.exchanges(world, prefix):
                    verify(await send(request))
            if case.scheduler is not None and scheduler is not None:
                assert scheduler.calls == list(case.scheduler.calls)
        finally:
            world.close()
            if scheduler is not None:
                scheduler.close()

    return replay
