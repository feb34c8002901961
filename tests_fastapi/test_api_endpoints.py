"""Spec §4.1 (auth and users), §2.2 (JWT errors) and §4.10 (health) on the FastAPI stack.

The same case tables as the Flask suite (`cases/accounts/auth.py`), at `/api` and `/api/v2`.
"""

from __future__ import annotations

import pytest

from tests_support.cases.accounts.auth import ALL_CASES
from tests_support.kit.case import Case, ids
from tests_support.kit.clients import AsyncSend
from tests_support.kit.worlds.base import World

CASES = [case for table in ALL_CASES.values() for case in table]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
async def test_endpoint(case: Case, world: World, world_send: AsyncSend, prefix: str) -> None:
    for request, verify in case.exchanges(world, prefix):
        verify(await world_send(request))
