"""Spec §1.2: a request that ends in an error stores nothing (FastAPI stack, both prefixes).

Every error case of the §4.1 tables that needs no setup is replayed on one database; after each
one, every table must hold exactly the rows it held before.
"""

from __future__ import annotations

from tests_support.cases.accounts.auth import ERROR_CASES
from tests_support.kit.clients import AsyncSend
from tests_support.kit.worlds.base import World


async def test_error_responses_leave_the_database_unchanged(
    world: World, world_send: AsyncSend, prefix: str
) -> None:
    before = world.snapshot()
    for case in ERROR_CASES:
        for request, verify in case.exchanges(world, prefix):
            verify(await world_send(request))
        assert world.snapshot() == before, case.name
