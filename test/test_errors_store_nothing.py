"""Spec §1.2: a request that ends in an error stores nothing (Flask stack).

Every error case of the §4.1 tables that needs no setup is replayed on one database; after each
one, every table must hold exactly the rows it held before.
"""

from __future__ import annotations

import pytest

from cronjobs.settings import Settings
from tests_support.auth_cases import ERROR_CASES
from tests_support.clients import Send
from tests_support.world import World


@pytest.fixture
def settings(world_settings: Settings) -> Settings:
    """Start the app on a copy of the world database."""
    return world_settings


def test_error_responses_leave_the_database_unchanged(world: World, send: Send) -> None:
    before = world.snapshot()
    for case in ERROR_CASES:
        for request, verify in case.exchanges(world):
            verify(send(request))
        assert world.snapshot() == before, case.name
