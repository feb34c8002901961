"""§2.2 on every protected endpoint of the service on the FastAPI stack.

The same case table as the Flask suite (`tests_support/service_access_cases.py`), at `/api` and
`/api/v2`.
"""

from __future__ import annotations

import pytest

from tests_support.cases import Case, ids
from tests_support.clients import AsyncSend
from tests_support.service_access_cases import SERVICE_ACCESS_CASES
from tests_support.world import World


@pytest.mark.parametrize("case", SERVICE_ACCESS_CASES, ids=ids(SERVICE_ACCESS_CASES))
async def test_endpoint_authentication(
    case: Case, world: World, world_send: AsyncSend, prefix: str
) -> None:
    for request, verify in case.exchanges(world, prefix):
        verify(await world_send(request))
