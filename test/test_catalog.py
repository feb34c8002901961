"""Spec §4.8 (job categories and PIC teams) on the Flask stack.

The cases live in `tests_support/catalog_cases.py`; the FastAPI suite can replay the same table.
"""

from __future__ import annotations

import pytest

from cronjobs.settings import Settings
from tests_support.cases import Case, ids
from tests_support.catalog_cases import ALL_CASES
from tests_support.clients import Send
from tests_support.world import World


@pytest.fixture
def settings(world_settings: Settings) -> Settings:
    """Start the app on a copy of the world database."""
    return world_settings


@pytest.mark.parametrize("case", ALL_CASES, ids=ids(ALL_CASES))
def test_endpoint(case: Case, world: World, send: Send) -> None:
    for request, verify in case.exchanges(world):
        verify(send(request))
