"""Routing on the Flask stack (spec §1.1, D2, A10): 404, 405 + Allow, OPTIONS, HEAD, no slashes.

The cases live in `tests_support/routing_cases.py`; the FastAPI suite replays the same table.
"""

from __future__ import annotations

import pytest

from cronjobs.settings import Settings
from tests_support.cases import Case, ids
from tests_support.clients import Send
from tests_support.routing_cases import ROUTING_CASES
from tests_support.world import World


@pytest.fixture
def settings(world_settings: Settings) -> Settings:
    """Start the app on a copy of the world database."""
    return world_settings


@pytest.mark.parametrize("case", ROUTING_CASES, ids=ids(ROUTING_CASES))
def test_routing(case: Case, world: World, send: Send) -> None:
    for request, verify in case.exchanges(world):
        verify(send(request))
