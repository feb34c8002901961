"""The gateway's poll of the override version: changes made elsewhere arrive, outages are survived.

The whole service runs in-process with a 0.1-second refresh; "elsewhere" is a second store on
the same SQLite file, as the CLI or another gateway process would write it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.main import override_store, plan_for
from cronjobs.settings import Settings
from cronjobs.storage.engines import create_sync_engine
from strangler.flags import Mode, Setting
from strangler.override_store import OverrideStore
from strangler.override_tables import VERSION_ROW_ID, version_table

REFRESH_SECONDS = 0.1
WAIT_SECONDS = 2.0
HEALTH = "GET /api/health"


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Poll ten times a second, so the tests wait little."""
    return {"cutover_refresh_seconds": REFRESH_SECONDS}


@pytest.fixture
def elsewhere(settings: Settings) -> Iterator[OverrideStore]:
    """A store on the gateway's database with an engine of its own, as the CLI opens it."""
    engine = create_sync_engine(settings.database_url, setup=install_text_checks)
    yield override_store(engine, plan_for(settings))
    engine.dispose()


async def served_by_within(client: httpx.AsyncClient, stack: str) -> bool:
    """Tell whether `GET /api/health` is answered by `stack` before the wait runs out."""
    for _ in range(int(WAIT_SECONDS / REFRESH_SECONDS)):
        if (await client.get("/api/health")).headers["x-served-by"] == stack:
            return True
        await asyncio.sleep(REFRESH_SECONDS)
    return False


async def test_a_change_written_elsewhere_is_applied_by_the_poll(
    client: httpx.AsyncClient, elsewhere: OverrideStore
) -> None:
    elsewhere.set(HEALTH, Setting(Mode.FASTAPI), who="ops", source="cli", reason="")
    assert await served_by_within(client, "fastapi")


async def test_a_database_error_while_polling_is_logged_and_serving_goes_on(
    client: httpx.AsyncClient, elsewhere: OverrideStore, caplog: pytest.LogCaptureFixture
) -> None:
    version_table.drop(elsewhere.engine)  # every poll now fails
    with caplog.at_level(logging.ERROR, logger="strangler.runtime"):
        await asyncio.sleep(REFRESH_SECONDS * 3)
        assert (await client.get("/api/health")).status_code == 200
    assert "cutover: reading the overrides failed; retrying" in caplog.messages


async def test_polling_resumes_once_the_database_is_back(
    client: httpx.AsyncClient, elsewhere: OverrideStore
) -> None:
    engine = elsewhere.engine
    version_table.drop(engine)
    await asyncio.sleep(REFRESH_SECONDS * 3)
    version_table.create(engine)
    with engine.begin() as connection:
        connection.execute(version_table.insert().values(id=VERSION_ROW_ID, version=0))
    elsewhere.set(HEALTH, Setting(Mode.FASTAPI), who="ops", source="cli", reason="")
    assert await served_by_within(client, "fastapi")
