"""§2.2 on every protected endpoint of the legacy service, on the Flask stack."""

from __future__ import annotations

import pytest

from cronjobs.settings import Settings
from tests_support.cases import Case, ids
from tests_support.clients import Send
from tests_support.service_access_cases import SERVICE_ACCESS_CASES, SERVICE_ROUTES
from tests_support.world import World


@pytest.fixture
def settings(world_settings: Settings) -> Settings:
    """Start the app on a copy of the world database."""
    return world_settings


def test_every_protected_service_endpoint_is_listed() -> None:
    assert len(SERVICE_ROUTES) == 32  # 45 endpoints − 12 auth/users − health


@pytest.mark.parametrize("case", SERVICE_ACCESS_CASES, ids=ids(SERVICE_ACCESS_CASES))
def test_endpoint_authentication(case: Case, world: World, send: Send) -> None:
    for request, verify in case.exchanges(world):
        verify(send(request))
