"""Spec §4.2 (jobs CRUD) and its scheduler effects (§6.5) on the Flask stack.

The cases live in `tests_support/job_cases.py`, `job_read_cases.py`, `job_update_cases.py` and
`job_app_cases.py`; the FastAPI suite replays the same tables. App cases start their own app:
other settings, a recording scheduler, and environment variables set after startup (read at
request time).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cronjobs.settings import Settings
from tests_support.app_variants import AppCase, replay_on_flask
from tests_support.cases import Case, ids
from tests_support.clients import Send
from tests_support.job_app_cases import APP_CASES
from tests_support.job_cases import CREATE_CASES
from tests_support.job_read_cases import DELETE_CASES, READ_CASES
from tests_support.job_update_cases import UPDATE_CASES
from tests_support.world import WORLD_SECRET, World, copy_database

CASES = CREATE_CASES + READ_CASES + UPDATE_CASES + DELETE_CASES


@pytest.fixture(autouse=True)
def _no_default_owner(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the developer's DEFAULT_GITHUB_OWNER and SCHEDULER_TIMEZONE out of the cases."""
    monkeypatch.delenv("DEFAULT_GITHUB_OWNER", raising=False)
    monkeypatch.delenv("SCHEDULER_TIMEZONE", raising=False)


@pytest.fixture
def settings(world_settings: Settings) -> Settings:
    """Start the app on a copy of the world database."""
    return world_settings


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_endpoint(case: Case, world: World, send: Send) -> None:
    for request, verify in case.exchanges(world):
        verify(send(request))


@pytest.mark.parametrize("case", APP_CASES, ids=ids(list[Case](APP_CASES)))
def test_app_variant(
    case: AppCase,
    world_template: Path,
    make_settings: Callable[..., Settings],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = make_settings(jwt_secret_key=WORLD_SECRET, **case.settings)
    copy_database(world_template, settings.database_url)
    replay_on_flask(case, settings, monkeypatch)
