"""Spec §4.6 (executions) on the FastAPI stack: lists, details, statistics, D8, D9, D11.

The same case tables as the Flask suite (`tests_support/cases/executions/per_job.py` and
`tests_support/cases/executions/every_job.py`), at `/api` and `/api/v2`.
"""

from __future__ import annotations

import pytest

from tests_support.cases.executions.every_job import GLOBAL_CASES, HIDDEN_DETAIL_CASES
from tests_support.cases.executions.per_job import JOB_CASES
from tests_support.kit.case import Case, ids
from tests_support.kit.clients import AsyncSend
from tests_support.kit.worlds.base import World

EXECUTION_CASES = [*JOB_CASES, *GLOBAL_CASES]


@pytest.mark.parametrize("case", EXECUTION_CASES, ids=ids(EXECUTION_CASES))
async def test_executions(case: Case, world: World, world_send: AsyncSend, prefix: str) -> None:
    for request, verify in case.exchanges(world, prefix):
        verify(await world_send(request))


@pytest.mark.parametrize("expose_details", [False], indirect=True)
@pytest.mark.parametrize("case", HIDDEN_DETAIL_CASES, ids=ids(HIDDEN_DETAIL_CASES))
async def test_executions_with_details_hidden(
    case: Case, world: World, world_send: AsyncSend, prefix: str
) -> None:
    for request, verify in case.exchanges(world, prefix):
        verify(await world_send(request))
