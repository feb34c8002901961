"""What the in-process scheduler tests share: a fast trigger, the service with its scheduler.

`every_second` replaces the cron trigger so a test sees a run within a second or two; it ignores
the expression, which the scheduler still validates and reports. Everything else (lease, resync,
firing, runner) is the production code.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from datetime import tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger

from cronjobs.main import create_app
from cronjobs.scheduler import ProcessScheduler
from cronjobs.settings import Settings
from tests_support.kit.clients import serve
from tests_support.kit.worlds.base import World

TOKYO = ZoneInfo("Asia/Tokyo")  # the default SCHEDULER_TIMEZONE
LEASE_SECONDS = 3.0
WAIT_SECONDS = 10.0


def every_second(_expression: str, zone: tzinfo) -> BaseTrigger:
    """A trigger firing every second, standing in for the job's cron expression."""
    return CronTrigger(second="*", timezone=zone)


def leader_of(settings: Settings, **options: Any) -> ProcessScheduler:
    """A scheduler on the settings' database, with a short lease (not started)."""
    return ProcessScheduler(settings, **({"lease_ttl_seconds": LEASE_SECONDS} | options))


@pytest.fixture(name="world")
def world_fixture(settings: Settings) -> Iterator[World]:
    """The world users and the database of the test's settings (import to use)."""
    world = World(settings.database_url, settings.jwt_secret_key)
    yield world
    world.close()


@asynccontextmanager
async def service_with(
    settings: Settings, scheduler: ProcessScheduler | None
) -> AsyncIterator[httpx.AsyncClient]:
    """Serve the whole service; its lifespan starts and stops the given scheduler."""
    async with serve(create_app(settings, scheduler=scheduler)) as client:
        yield client


async def eventually(check: Callable[[], Any], what: str, seconds: float = WAIT_SECONDS) -> Any:
    """Poll `check` until it returns a truthy value; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)
