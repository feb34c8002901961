"""Spec §4.6 (executions) on the Flask stack: lists, details, statistics, D8, D9, D11.

The cases live in `tests_support/execution_cases.py` (per job) and
`tests_support/execution_global_cases.py`; the FastAPI suite replays the same tables.
"""

from __future__ import annotations

import pytest

from cronjobs.settings import Settings
from tests_support.cases import Case, ids
from tests_support.clients import Send
from tests_support.execution_cases import JOB_CASES
from tests_support.execution_global_cases import GLOBAL_CASES, HIDDEN_DETAIL_CASES
from tests_support.world import World

EXECUTION_CASES = [*JOB_CASES, *GLOBAL_CASES]


@pytest.fixture
def settings(request: pytest.FixtureRequest, world_settings: Settings) -> Settings:
    """Start the app on a copy of the world database; `hidden` turns error details off."""
    if getattr(request, "param", None) == "hidden":
        return world_settings.model_copy(update={"expose_error_details": False})
    return world_settings


@pytest.mark.parametrize("case", EXECUTION_CASES, ids=ids(EXECUTION_CASES))
def test_executions(case: Case, world: World, send: Send) -> None:
    for request, verify in case.exchanges(world):
        verify(send(request))


@pytest.mark.parametrize("settings", ["hidden"], indirect=True)
@pytest.mark.parametrize("case", HIDDEN_DETAIL_CASES, ids=ids(HIDDEN_DETAIL_CASES))
def test_executions_with_details_hidden(case: Case, world: World, send: Send) -> None:
    for request, verify in case.exchanges(world):
        verify(send(request))
