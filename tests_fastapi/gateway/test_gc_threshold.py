"""A serving process collects young objects as `GC_YOUNG_THRESHOLD` says (`cronjobs.gc_tuning`)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.types import ASGIApp

PYTHONS_OWN = (700, 10, 10)


@pytest.fixture(autouse=True)
def interpreter_threshold() -> Iterator[None]:
    """Start from Python's own thresholds and give the process back the ones it had."""
    before = gc.get_threshold()
    gc.set_threshold(*PYTHONS_OWN)
    yield
    gc.set_threshold(*before)


@pytest.fixture
def settings_overrides(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The threshold the test's service is started with."""
    return {"gc_young_threshold": request.param}


@pytest.mark.parametrize("settings_overrides", [12_345], indirect=True)
async def test_a_started_service_collects_young_objects_every_threshold_allocations(
    gateway_app: ASGIApp,
) -> None:
    assert gc.get_threshold() == (12_345, *PYTHONS_OWN[1:])


@pytest.mark.parametrize("settings_overrides", [0], indirect=True)
async def test_a_threshold_of_zero_keeps_the_interpreters_own(gateway_app: ASGIApp) -> None:
    assert gc.get_threshold() == PYTHONS_OWN
