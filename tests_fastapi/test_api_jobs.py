"""Spec §4.2 (jobs CRUD) and its scheduler effects (§6.5) on the FastAPI stack.

The same case tables as the Flask suite (`tests_support/cases/jobs/create.py`, `job_read_cases.py`,
`job_update_cases.py`, `job_app_cases.py`), at `/api` and `/api/v2`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from tests_support.cases.app_variants import AppCase
from tests_support.cases.jobs.app import APP_CASES
from tests_support.cases.registry import JOB_CASES
from tests_support.kit.case import Case, ids
from tests_support.kit.clients import AsyncSend
from tests_support.kit.worlds.base import World


@pytest.mark.parametrize("case", JOB_CASES, ids=ids(JOB_CASES))
async def test_endpoint(case: Case, world: World, world_send: AsyncSend, prefix: str) -> None:
    for request, verify in case.exchanges(world, prefix):
        verify(await world_send(request))


@pytest.mark.parametrize("case", APP_CASES, ids=ids(list[Case](APP_CASES)))
async def test_app_variant(
    case: AppCase, replay_app_case: Callable[[AppCase], Awaitable[None]]
) -> None:
    await replay_app_case(case)
