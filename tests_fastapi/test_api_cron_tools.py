"""Spec §4.3 cron tools (validate-cron, cron-preview) on the FastAPI stack.

The same case tables as the Flask suite (`tests_support/cases/cron.py`), at `/api` and `/api/v2`;
timezone cases start their own app with another SCHEDULER_TIMEZONE.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from tests_support.cases.app_variants import AppCase
from tests_support.cases.cron import PREVIEW_CASES, VALIDATE_CASES, ZONE_CASES
from tests_support.kit.case import Case, ids
from tests_support.kit.clients import AsyncSend
from tests_support.kit.worlds.base import World

CASES = VALIDATE_CASES + PREVIEW_CASES


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
async def test_cron_tool(case: Case, world: World, world_send: AsyncSend, prefix: str) -> None:
    for request, verify in case.exchanges(world, prefix):
        verify(await world_send(request))


@pytest.mark.parametrize("case", ZONE_CASES, ids=ids(list[Case](ZONE_CASES)))
async def test_cron_preview_timezone(
    case: AppCase, replay_app_case: Callable[[AppCase], Awaitable[None]]
) -> None:
    await replay_app_case(case)
