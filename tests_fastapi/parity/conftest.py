"""Fixtures of the parity suite: the whole service through the gateway, on Flask, then on FastAPI.

Chain: `database` (SQLite always, PostgreSQL when TEST_DATABASE_URL is set) → `database_url`
(holding the case tables' world) → `stack` (CUTOVER_DEFAULT) → `settings` → `gateway_app` →
`client` → `send`.

Each test builds its own gateway. Unlike the FastAPI suite's app, a gateway cannot be restarted:
its shutdown hooks stop the a2wsgi executor that serves Flask. Everything else is cheap: a SQLite
test copies the world database prepared once per session (`world_template`, from the FastAPI
suite's conftest), so only PostgreSQL pays for a fresh schema.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import httpx
import pytest

from cronjobs.main import create_app
from cronjobs.settings import Settings
from strangler.app import GatewayApp
from tests_support.clients import AsyncSend, asgi_sender, serve
from tests_support.databases import postgres_url, sqlite_url, wipe_postgres
from tests_support.world import WORLD_SECRET, World, copy_database, prepare_world

DATABASES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
STACKS = ["flask", "fastapi"]


@pytest.fixture(params=DATABASES)
def database(request: pytest.FixtureRequest) -> str:
    """The kind of database under test."""
    return str(request.param)


@pytest.fixture
def empty_database(database: str, tmp_path: Path) -> Callable[[str], str]:
    """Make a fresh, empty database of the kind under test and return its URL.

    There is one PostgreSQL test database, so making one wipes the previous one.
    """

    def make(name: str) -> str:
        if database == "sqlite":
            return sqlite_url(tmp_path, f"{name}.db")
        url = postgres_url()
        wipe_postgres(url)
        return url

    return make


@pytest.fixture
def database_url(database: str, empty_database: Callable[[str], str], world_template: Path) -> str:
    """This test's database, shared by both stacks, holding the world the case tables expect."""
    url = empty_database("cron_jobs")
    if database == "sqlite":
        copy_database(world_template, url)
    else:
        prepare_world(url)
    return url


@pytest.fixture(params=STACKS)
def stack(request: pytest.FixtureRequest) -> str:
    """The stack every implemented endpoint is sent to (CUTOVER_DEFAULT)."""
    return str(request.param)


@pytest.fixture
def cutover() -> dict[str, str]:
    """Per-endpoint modes this test declares in its cutover.toml (none by default)."""
    return {}


@pytest.fixture
def settings(
    make_settings: Callable[..., Settings], stack: str, cutover: dict[str, str]
) -> Settings:
    """Settings on `database_url` sending every endpoint to `stack`, except what `cutover` names."""
    built = make_settings(cutover_default=stack, jwt_secret_key=WORLD_SECRET)
    lines = ["[endpoints]", *(f'"{key}" = "{mode}"' for key, mode in cutover.items())]
    Path(built.cutover_file).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return built


@pytest.fixture
def gateway_app(settings: Settings) -> GatewayApp:
    """The whole service, composed as in production (not started yet)."""
    return create_app(settings)


@pytest.fixture
async def client(gateway_app: GatewayApp) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client of the gateway, with its lifespan running."""
    async with serve(gateway_app) as http:
        yield http


@pytest.fixture
def send(client: httpx.AsyncClient) -> AsyncSend:
    """Send a case's request through the gateway."""
    return asgi_sender(client)


@pytest.fixture
def world(client: httpx.AsyncClient, settings: Settings) -> Iterator[World]:
    """The world users on this test's database (the service has started on it)."""
    world = World(settings.database_url, settings.jwt_secret_key)
    yield world
    world.close()
