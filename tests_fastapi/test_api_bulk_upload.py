"""Spec §4.5 (POST /jobs/bulk-upload) on the FastAPI stack.

The same case tables as the Flask suite (`tests_support/bulk_*cases.py`, `bulk_export.py`), at
`/api` and `/api/v2`, plus the multipart edge cases where Starlette and Werkzeug disagree unless
`cronjobs.api.forms` settles them (`bulk_form_cases.py`, replayed on both stacks).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from tests_support.cases.app_variants import AppCase
from tests_support.cases.bulk.app import BULK_APP_CASES
from tests_support.cases.registry import BULK_CASES
from tests_support.kit.case import Case, ids
from tests_support.kit.clients import AsyncSend
from tests_support.kit.worlds.base import World


@pytest.mark.parametrize("case", BULK_CASES, ids=ids(BULK_CASES))
async def test_endpoint(case: Case, world: World, world_send: AsyncSend, prefix: str) -> None:
    for request, verify in case.exchanges(world, prefix):
        verify(await world_send(request))


@pytest.mark.parametrize("case", BULK_APP_CASES, ids=ids(BULK_APP_CASES))
async def test_app_variant(
    case: AppCase, replay_app_case: Callable[[AppCase], Awaitable[None]]
) -> None:
    await replay_app_case(case)
