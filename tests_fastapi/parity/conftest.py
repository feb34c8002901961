"""Fixtures of the parity suite: each scenario through the gateway, all on Flask, then on FastAPI.

Chain: `database_url` (SQLite always, PostgreSQL when TEST_DATABASE_URL is set) → `settings`
(`CUTOVER_DEFAULT` = `stack`, plus this test's cutover.toml) → `gateway_app` → `client` → `api`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager
from starlette.types import ASGIApp

pytest.register_assert_rewrite("tests_fastapi.parity.support")

from cronjobs.domain.passwords import hash_password  # noqa: E402
from cronjobs.main import create_app  # noqa: E402
from cronjobs.settings import Settings  # noqa: E402
from tests_fastapi.parity.support import Api, Person, user_id  # noqa: E402
from tests_support.databases import postgres_url, sqlite_url, wipe_postgres  # noqa: E402
from tests_support.factories import make_user  # noqa: E402

STACKS = ["flask", "fastapi"]
DATABASES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
PASSWORD = "secret123"
PASSWORD_HASH = hash_password(PASSWORD)  # hashed once: every person shares the password


@pytest.fixture(params=DATABASES)
def database(request: pytest.FixtureRequest) -> str:
    """The kind of database under test."""
    kind: str = request.param
    return kind


@pytest.fixture
def fresh_database(database: str, tmp_path: Path) -> Callable[[str], str]:
    """Make a fresh, empty database of the kind under test and return its URL.

    PostgreSQL has one test database, so a new one wipes the previous one.
    """

    def make(name: str) -> str:
        if database == "postgres":
            url = postgres_url()
            wipe_postgres(url)
            return url
        return sqlite_url(tmp_path, f"{name}.db")

    return make


@pytest.fixture
def database_url(fresh_database: Callable[[str], str]) -> str:
    """This test's database, shared by both stacks."""
    return fresh_database("cron_jobs")


@pytest.fixture(params=STACKS)
def stack(request: pytest.FixtureRequest) -> str:
    """The stack every implemented endpoint is sent to (CUTOVER_DEFAULT)."""
    name: str = request.param
    return name


@pytest.fixture
def cutover() -> dict[str, str]:
    """Per-endpoint modes this test declares in its cutover.toml (none by default)."""
    return {}


@pytest.fixture
def settings(
    make_settings: Callable[..., Settings], stack: str, cutover: dict[str, str]
) -> Settings:
    """Settings sending every implemented endpoint to `stack`, except what `cutover` names."""
    built = make_settings(cutover_default=stack)
    lines = ["[endpoints]", *(f'"{key}" = "{mode}"' for key, mode in cutover.items())]
    Path(built.cutover_file).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return built


@pytest.fixture
async def gateway_app(settings: Settings) -> AsyncIterator[ASGIApp]:
    """The whole service with its lifespan running."""
    async with LifespanManager(create_app(settings)) as manager:
        yield manager.app


@pytest.fixture
async def client(gateway_app: ASGIApp) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client of the gateway."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=gateway_app), base_url="http://testserver"
    ) as http:
        yield http


@pytest.fixture
def api(client: httpx.AsyncClient, stack: str) -> Api:
    """The client, checking that `stack` served every response."""
    return Api(client, stack)


def _person(database_url: str, username: str, role: str) -> Person:
    user = make_user(database_url, username=username, role=role, password_hash=PASSWORD_HASH)
    return Person(user.id, user.username, user.email, PASSWORD, user.role)


@pytest.fixture
def admin(gateway_app: ASGIApp, database_url: str) -> Person:
    """The default admin the service creates at startup."""
    return Person(user_id(database_url, "admin"), "admin", "admin@example.com", "admin123", "admin")


@pytest.fixture
def alice(gateway_app: ASGIApp, database_url: str) -> Person:
    """A user with role `user`."""
    return _person(database_url, "alice", "user")


@pytest.fixture
def bob(gateway_app: ASGIApp, database_url: str) -> Person:
    """Another user with role `user`."""
    return _person(database_url, "bob", "user")


@pytest.fixture
def victor(gateway_app: ASGIApp, database_url: str) -> Person:
    """A user with role `viewer`."""
    return _person(database_url, "victor", "viewer")
