"""§2.2 on every protected endpoint of the legacy service, on the Flask stack."""

from __future__ import annotations

import pytest

from tests_support.cases.accounts.service_access import SERVICE_ACCESS_CASES, SERVICE_ROUTES
from tests_support.kit.case import Case, ids
from tests_support.kit.clients import Replay
from tests_support.kit.flask_fixtures import world_settings_fixture  # noqa: F401  (a fixture)


def test_every_protected_service_endpoint_is_listed() -> None:
    assert len(SERVICE_ROUTES) == 32  # 45 endpoints − 12 auth/users − health


@pytest.mark.parametrize("case", SERVICE_ACCESS_CASES, ids=ids(SERVICE_ACCESS_CASES))
def test_endpoint_authentication(case: Case, replay: Replay) -> None:
    replay(case)
