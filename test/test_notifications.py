"""Spec §4.7 (notifications) on the Flask stack: the caller's rows only, D8, D9, §1.1 routing.

The cases live in `tests_support/notification_cases.py`; the FastAPI suite replays the same tables.
"""

from __future__ import annotations

import pytest

from cronjobs.settings import Settings
from tests_support.cases import Case, ids
from tests_support.clients import Send
from tests_support.notification_cases import HIDDEN_DETAIL_CASES, NOTIFICATION_CASES
from tests_support.world import World


@pytest.fixture
def settings(request: pytest.FixtureRequest, world_settings: Settings) -> Settings:
    """Start the app on a copy of the world database; `hidden` turns error details off."""
    if getattr(request, "param", None) == "hidden":
        return world_settings.model_copy(update={"expose_error_details": False})
    return world_settings


@pytest.mark.parametrize("case", NOTIFICATION_CASES, ids=ids(NOTIFICATION_CASES))
def test_notifications(case: Case, world: World, send: Send) -> None:
    for request, verify in case.exchanges(world):
        verify(send(request))


@pytest.mark.parametrize("settings", ["hidden"], indirect=True)
@pytest.mark.parametrize("case", HIDDEN_DETAIL_CASES, ids=ids(HIDDEN_DETAIL_CASES))
def test_notifications_with_details_hidden(case: Case, world: World, send: Send) -> None:
    for request, verify in case.exchanges(world):
        verify(send(request))
