"""The cases that start the service differently, through the gateway, on Flask, then on FastAPI.

Each app case of the jobs (§4.2, §6.5) and bulk upload (§4.5) tables starts the whole service with
its own settings (hidden error details, another scheduler timezone), its own recording scheduler
shared by both stacks, and environment variables set once it runs; then the scheduler must have
seen exactly the case's calls.
"""

from __future__ import annotations

import pytest

from cronjobs.main import create_app
from cronjobs.settings import Settings
from tests_support.cases.app_variants import AppCase
from tests_support.cases.bulk.app import BULK_APP_CASES
from tests_support.cases.jobs.app import APP_CASES as JOB_APP_CASES
from tests_support.kit.case import Case, ids
from tests_support.kit.clients import asgi_sender, serve
from tests_support.kit.parity import replay
from tests_support.kit.worlds.base import World

APP_CASES: list[AppCase] = [*JOB_APP_CASES, *BULK_APP_CASES]


@pytest.mark.parametrize("case", APP_CASES, ids=ids(list[Case](APP_CASES)))
async def test_app_case(
    case: AppCase,
    settings: Settings,
    stack: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started = settings.model_copy(update=case.settings)
    scheduler = case.scheduler.build(started.database_url) if case.scheduler else None
    world = World(started.database_url, started.jwt_secret_key)
    try:
        async with serve(create_app(started, scheduler=scheduler)) as client:
            for name, value in case.environ.items():
                monkeypatch.setenv(name, value)
            await replay(case, world, asgi_sender(client), stack)
        if case.scheduler is not None and scheduler is not None:
            assert scheduler.calls == list(case.scheduler.calls)
    finally:
        world.close()
        if scheduler is not None:
            scheduler.close()
