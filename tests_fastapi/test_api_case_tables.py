"""Every case table of `tests_support/cases/registry.py` on the FastAPI stack.

The same tables as the Flask suite (`test/test_case_tables.py`), each at `/api` and `/api/v2`.
Each table names what it needs: the world (the case-table app of `conftest.py`, restarted on a
fresh copy of the world database), the run world (`kit/api_fixtures.py`: the app calling a real
local HTTP server that stands in for GitHub and the webhooks, with a recording scheduler) or,
for app cases, an app of each case's own. A test's id is `<prefix>-<table>-<case>`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from tests_support.cases.app_variants import AppCase
from tests_support.cases.registry import TABLES
from tests_support.kit.api_fixtures import (  # noqa: F401  (this module's fixtures)
    run_app_fixture,
    run_client_fixture,
    run_scheduler_fixture,
    run_send_fixture,
    run_world_fixture,
    run_world_settings_fixture,
)
from tests_support.kit.case import Case
from tests_support.kit.clients import AsyncSend
from tests_support.kit.tables import Needs, app_replays, replays
from tests_support.kit.worlds.base import World
from tests_support.kit.worlds.runs import RunWorld


@pytest.mark.parametrize(
    ("expose_details", "case"), replays(TABLES, Needs.WORLD), indirect=["expose_details"]
)
async def test_world_case(case: Case, world: World, world_send: AsyncSend, prefix: str) -> None:
    for request, verify in case.exchanges(world, prefix):
        verify(await world_send(request))


@pytest.mark.parametrize(
    ("expose_details", "case"), replays(TABLES, Needs.RUN_WORLD), indirect=["expose_details"]
)
async def test_run_case(case: Case, run_world: RunWorld, run_send: AsyncSend, prefix: str) -> None:
    for request, verify in case.exchanges(run_world, prefix):
        verify(await run_send(request))


@pytest.mark.parametrize("case", app_replays(TABLES))
async def test_app_case(
    case: AppCase, replay_app_case: Callable[[AppCase], Awaitable[None]]
) -> None:
    await replay_app_case(case)
