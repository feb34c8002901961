"""Routing on the FastAPI stack (spec §1.1, D2, A10): 404, 405 + Allow, OPTIONS, HEAD, no slashes.

The same table as the Flask suite (`tests_support/cases/routing.py`), at `/api` and `/api/v2`.
"""

from __future__ import annotations

import pytest

from tests_support.cases.routing import ROUTING_CASES
from tests_support.kit.case import Case, ids
from tests_support.kit.clients import AsyncSend
from tests_support.kit.worlds.base import World


@pytest.mark.parametrize("case", ROUTING_CASES, ids=ids(ROUTING_CASES))
async def test_routing(case: Case, world: World, world_send: AsyncSend, prefix: str) -> None:
    for request, verify in case.exchanges(world, prefix):
        verify(await world_send(request))
