"""Spec §4.8 (job categories and PIC teams) on the FastAPI stack.

The same case table as the Flask suite (`cases/catalog/lists.py`), at `/api` and `/api/v2`.
"""

from __future__ import annotations

import pytest

from tests_support.cases.catalog.lists import ALL_CASES
from tests_support.kit.case import Case, ids
from tests_support.kit.clients import AsyncSend
from tests_support.kit.worlds.base import World


@pytest.mark.parametrize("case", ALL_CASES, ids=ids(ALL_CASES))
async def test_endpoint(case: Case, world: World, world_send: AsyncSend, prefix: str) -> None:
    for request, verify in case.exchanges(world, prefix):
        verify(await world_send(request))
