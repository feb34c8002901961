"""A database the legacy service created keeps working on the FastAPI stack (D18, D19, §5).

Startup (the app's lifespan) adds the missing columns and tables without touching what is
there, and the legacy user logs in with their passlib pbkdf2_sha256 hash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from cronjobs.settings import Settings
from tests_support.cases.legacy import (
    ADDED_TABLES,
    GUARDED_COLUMNS,
    LEGACY_CASES,
    create_legacy_database,
    schema,
)
from tests_support.kit.case import Case, ids
from tests_support.kit.clients import asgi_sender
from tests_support.kit.worlds.base import World


@pytest.fixture
def settings(make_settings: Callable[..., Settings], database_url: str) -> Settings:
    """Settings on a database file the legacy service created."""
    create_legacy_database(database_url)
    return make_settings()


@pytest.fixture
def legacy_world(client: httpx.AsyncClient, settings: Settings) -> Iterator[World]:
    """The legacy database as the started app left it."""
    world = World(settings.api_database_url, settings.jwt_secret_key)
    yield world
    world.close()


@pytest.mark.parametrize("case", LEGACY_CASES, ids=ids(LEGACY_CASES))
async def test_legacy_database(
    case: Case, legacy_world: World, client: httpx.AsyncClient, prefix: str
) -> None:
    send = asgi_sender(client)
    for request, verify in case.exchanges(legacy_world, prefix):
        verify(await send(request))


async def test_startup_adds_the_guarded_legacy_columns(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    _, columns = schema(settings.api_database_url)
    assert columns >= GUARDED_COLUMNS


async def test_startup_creates_the_missing_tables(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    tables, _ = schema(settings.api_database_url)
    assert tables >= ADDED_TABLES


async def test_startup_keeps_the_apscheduler_jobs_table(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    tables, _ = schema(settings.api_database_url)
    assert "apscheduler_jobs" in tables
