"""Spec §4.7 (notifications) on the FastAPI stack: the caller's rows only, D8, D9, §1.1 routing.

The same case tables as the Flask suite (`tests_support/cases/notifications.py`), at `/api` and
`/api/v2`.
"""

from __future__ import annotations

import pytest

from tests_support.cases.notifications import HIDDEN_DETAIL_CASES, NOTIFICATION_CASES
from tests_support.kit.case import Case, ids
from tests_support.kit.clients import AsyncSend
from tests_support.kit.worlds.base import World


@pytest.mark.parametrize("case", NOTIFICATION_CASES, ids=ids(NOTIFICATION_CASES))
async def test_notifications(case: Case, world: World, world_send: AsyncSend, prefix: str) -> None:
    for request, verify in case.exchanges(world, prefix):
        verify(await world_send(request))


@pytest.mark.parametrize("expose_details", [False], indirect=True)
@pytest.mark.parametrize("case", HIDDEN_DETAIL_CASES, ids=ids(HIDDEN_DETAIL_CASES))
async def test_notifications_with_details_hidden(
    case: Case, world: World, world_send: AsyncSend, prefix: str
) -> None:
    for request, verify in case.exchanges(world, prefix):
        verify(await world_send(request))
