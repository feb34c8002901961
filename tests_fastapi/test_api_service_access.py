"""§2.2 on every protected endpoint of the service on the FastAPI stack.

The same case table as the Flask suite (`cases/accounts/service_access.py`), at `/api` and
`/api/v2`.
"""

from __future__ import annotations

import pytest

from tests_support.cases.accounts.service_access import SERVICE_ACCESS_CASES
from tests_support.kit.case import Case, ids
from tests_support.kit.clients import AsyncSend
from tests_support.kit.worlds.base import World


@pytest.mark.parametrize("case", SERVICE_ACCESS_CASES, ids=ids(SERVICE_ACCESS_CASES))
async def test_endpoint_authentication(
    case: Case, world: World, world_send: AsyncSend, prefix: str
) -> None:
    for request, verify in case.exchanges(world, prefix):
        verify(await world_send(request))
