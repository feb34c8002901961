"""Spec §4.5 (POST /jobs/bulk-upload) on the Flask stack.

The cases live in `tests_support/bulk_*cases.py` and `bulk_export.py`; the FastAPI suite replays
the same tables. App cases start their own app: hidden error details, a recording scheduler, or
environment variables set after startup (read at request time).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cronjobs.settings import Settings
from tests_support.app_variants import AppCase, replay_on_flask
from tests_support.bulk_app_cases import BULK_APP_CASES
from tests_support.bulk_cases import DRY_RUN_CASES, REQUEST_CASES
from tests_support.bulk_export import EXPORT_CASES
from tests_support.bulk_row_cases import ROW_CHECK_CASES
from tests_support.bulk_sheet_cases import NORMALISATION_CASES, STORAGE_CASES
from tests_support.bulk_world import EXPORT, EXPORT_BYTES
from tests_support.cases import Case, ids
from tests_support.clients import Send
from tests_support.world import WORLD_SECRET, World, copy_database

CASES = (
    REQUEST_CASES
    + ROW_CHECK_CASES
    + NORMALISATION_CASES
    + DRY_RUN_CASES
    + STORAGE_CASES
    + EXPORT_CASES
)


@pytest.fixture(autouse=True)
def _no_default_owner(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep DEFAULT_GITHUB_OWNER and SCHEDULER_TIMEZONE out: the cases assume the defaults."""
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


@pytest.mark.parametrize("case", BULK_APP_CASES, ids=ids(BULK_APP_CASES))
def test_app_variant(
    case: AppCase,
    world_template: Path,
    make_settings: Callable[..., Settings],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = make_settings(jwt_secret_key=WORLD_SECRET, **case.settings)
    copy_database(world_template, settings.database_url)
    replay_on_flask(case, settings, monkeypatch)


def test_checked_in_export_is_what_the_script_generates() -> None:
    assert EXPORT.render() == EXPORT_BYTES
    assert EXPORT_BYTES.startswith(b"\xef\xbb\xbf")
    assert len(EXPORT.numbered()) > 100
