"""Fixtures of the parity suite: the whole service through the gateway, on Flask, then on FastAPI.

Chain: `database` (SQLite always, PostgreSQL when TEST_DATABASE_URL is set, MySQL when
TEST_MYSQL_URL is) → `database_url` (holding the case tables' world) → `stack`
(CUTOVER_DEFAULT) → `settings` → `gateway_app` → `client` → `send`.

Building a gateway costs ~80 ms and its FastAPI app compiles its routes on first use, so tests on
the default settings share one gateway per database and stack, restarted (lifespan) for each test
on a fresh database at the same place: a SQLite test gets a copy of the world database prepared
once per session (`world_template`, from the FastAPI suite's conftest); PostgreSQL gets the same
world back (`kit/worlds/postgres.py`), MySQL likewise (`kit/worlds/mysql.py`). A test that
declares a `cutover`, a `scheduler` or other settings gets a gateway of its own.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import httpx
import pytest

from cronjobs.domain.common.scheduling import JobScheduler
from cronjobs.main import create_app
from cronjobs.settings import Settings
from strangler.app import GatewayApp
from tests_support.kit.clients import AsyncSend, asgi_sender, serve
from tests_support.kit.databases import empty_server_url, mysql_url, postgres_url, sqlite_url
from tests_support.kit.worlds.base import WORLD_SECRET, World, copy_database
from tests_support.kit.worlds.mysql import reset_mysql_world
from tests_support.kit.worlds.postgres import reset_postgres_world

DATABASES = [
    "sqlite",
    pytest.param("postgres", marks=pytest.mark.postgres),
    pytest.param("mysql", marks=pytest.mark.mysql),
]
STACKS = ["flask", "fastapi"]
# Database kinds × stacks × EXPOSE_ERROR_DETAILS on and off.
SHARED_GATEWAYS = 8


@pytest.fixture(params=DATABASES)
def database(request: pytest.FixtureRequest) -> str:
    """The kind of database under test."""
    return str(request.param)


@pytest.fixture
def empty_database(database: str, tmp_path: Path) -> Callable[[str], str]:
    """Make a fresh, empty database of the kind under test and return its URL.

    There is one PostgreSQL (MySQL) test database, so making one wipes the previous one.
    """

    def make(name: str) -> str:
        if database == "sqlite":
            return sqlite_url(tmp_path, f"{name}.db")
        return empty_server_url(database)

    return make


@pytest.fixture(scope="session")
def parity_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the SQLite databases of shared gateways live."""
    return tmp_path_factory.mktemp("parity")


@pytest.fixture
def database_url(database: str, stack: str, parity_folder: Path, world_template: Path) -> str:
    """This test's database, shared by both stacks, holding the world the case tables expect.

    Its place is fixed per database kind and stack, so a shared gateway serves it.
    """
    if database == "sqlite":
        url = sqlite_url(parity_folder, f"{stack}.db")
        copy_database(world_template, url)
    elif database == "mysql":
        url = mysql_url()
        reset_mysql_world(url)
    else:
        url = postgres_url()
        reset_postgres_world(url)
    return url


@pytest.fixture(params=STACKS)
def stack(request: pytest.FixtureRequest) -> str:
    """The stack every implemented endpoint is sent to (CUTOVER_DEFAULT)."""
    return str(request.param)


@pytest.fixture
def cutover() -> dict[str, str]:
    """Per-endpoint modes this test declares in its cutover.toml (none by default)."""
    return {}


@pytest.fixture(name="expose_details")
def expose_details_fixture(request: pytest.FixtureRequest) -> bool:
    """EXPOSE_ERROR_DETAILS of the service (true unless parametrized indirectly)."""
    return bool(getattr(request, "param", True))


@pytest.fixture
def settings(
    make_settings: Callable[..., Settings],
    stack: str,
    cutover: dict[str, str],
    expose_details: bool,
) -> Settings:
    """Settings on `database_url` sending every endpoint to `stack`, except what `cutover` names."""
    built = make_settings(
        cutover_default=stack, jwt_secret_key=WORLD_SECRET, expose_error_details=expose_details
    )
    lines = ["[endpoints]", *(f'"{key}" = "{mode}"' for key, mode in cutover.items())]
    Path(built.cutover_file).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return built


@pytest.fixture
def scheduler() -> JobScheduler | None:
    """The scheduler both stacks are given (none by default)."""
    return None


@pytest.fixture(scope="session")
def shared_gateways() -> OrderedDict[str, GatewayApp]:
    """The last few gateways built from default settings, by those settings."""
    return OrderedDict()


@pytest.fixture
def gateway_app(
    settings: Settings,
    cutover: dict[str, str],
    scheduler: JobScheduler | None,
    shared_gateways: OrderedDict[str, GatewayApp],
) -> GatewayApp:
    """The whole service, composed as in production (not started yet)."""
    if cutover or scheduler is not None:
        return create_app(settings, scheduler=scheduler)
    # A gateway reads its cutover file once, when it is built: the file's text is part of the key.
    cutover_file = Path(settings.cutover_file)
    cutover_text = cutover_file.read_text(encoding="utf-8") if cutover_file.exists() else ""
    fingerprint = settings.model_dump_json(exclude={"cutover_file"}) + cutover_text
    if fingerprint not in shared_gateways:
        shared_gateways[fingerprint] = create_app(settings)
        if len(shared_gateways) > SHARED_GATEWAYS:
            shared_gateways.popitem(last=False)
    shared_gateways.move_to_end(fingerprint)
    return shared_gateways[fingerprint]


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
