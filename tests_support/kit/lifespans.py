"""An app's lifespan in tests: startup on entry, shutdown on exit, each bounded against a hang.

`service_client` builds the whole service (the gateway in front of both stacks) on settings, runs
its lifespan and gives an httpx client on it: `/api` is routed by the cutover flags, `/api/v2` is
FastAPI's.

asgi-lifespan's own bound is 5 s. Starting the service prepares its database (Alembic's checks,
adoption, the seed), which took longer than that on a CI machine whose two cores ran the whole
suite beside other work: the bound is there to stop a hang, not to time the startup.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from asgi_lifespan import LifespanManager
from starlette.types import ASGIApp

from cronjobs.main import create_app
from cronjobs.settings import Settings

LIFESPAN_SECONDS = 60.0
BASE_URL = "http://testserver"


def lifespan(app: ASGIApp) -> LifespanManager:
    """Return a manager running `app`'s lifespan, with room for a slow machine."""
    return LifespanManager(app, startup_timeout=LIFESPAN_SECONDS, shutdown_timeout=LIFESPAN_SECONDS)


@asynccontextmanager
async def service_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """Build the whole service on `settings`, run its lifespan, and yield a client on it."""
    async with (
        lifespan(create_app(settings)) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url=BASE_URL
        ) as client,
    ):
        yield client
