"""Spec §4.1 (auth and users), §2.2 (JWT errors) and §4.10 (health) on the Flask stack.

The cases live in `tests_support/auth_cases.py`; the FastAPI suite replays the same tables.
"""

from __future__ import annotations

import pytest

from cronjobs.settings import Settings
from tests_support.auth_cases import ALL_CASES
from tests_support.cases import Case, ids
from tests_support.clients import Send
from tests_support.world import World

CASES = [case for table in ALL_CASES.values() for case in table]


@pytest.fixture
def settings(world_settings: Settings) -> Settings:
    """Start the app on a copy of the world database."""
    return world_settings


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_endpoint(case: Case, world: World, send: Send) -> None:
    for request, verify in case.exchanges(world):
        verify(send(request))
