"""Spec §4.3 cron tools (validate-cron, cron-preview) on the Flask stack.

The cases live in `tests_support/cron_cases.py`; the FastAPI suite replays the same tables.
Timezone cases start their own app with another SCHEDULER_TIMEZONE.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cronjobs.settings import Settings
from tests_support.app_variants import AppCase, replay_on_flask
from tests_support.cases import Case, ids
from tests_support.clients import Send
from tests_support.cron_cases import PREVIEW_CASES, VALIDATE_CASES, ZONE_CASES
from tests_support.world import WORLD_SECRET, World, copy_database

CASES = VALIDATE_CASES + PREVIEW_CASES


@pytest.fixture(autouse=True)
def _default_timezone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the developer's SCHEDULER_TIMEZONE out of the cases (they expect Asia/Tokyo)."""
    monkeypatch.delenv("SCHEDULER_TIMEZONE", raising=False)


@pytest.fixture
def settings(world_settings: Settings) -> Settings:
    """Start the app on a copy of the world database."""
    return world_settings


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_cron_tool(case: Case, world: World, send: Send) -> None:
    for request, verify in case.exchanges(world):
        verify(send(request))


@pytest.mark.parametrize("case", ZONE_CASES, ids=ids(list[Case](ZONE_CASES)))
def test_cron_preview_timezone(
    case: AppCase,
    world_template: Path,
    make_settings: Callable[..., Settings],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = make_settings(jwt_secret_key=WORLD_SECRET, **case.settings)
    copy_database(world_template, settings.database_url)
    replay_on_flask(case, settings, monkeypatch)
