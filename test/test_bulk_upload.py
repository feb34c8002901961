"""Spec §4.5 (POST /jobs/bulk-upload) on the Flask stack.

The cases live in `tests_support/bulk_*cases.py` and `bulk_export.py`; the FastAPI suite replays
the same tables. App cases start their own app: hidden error details, a recording scheduler, or
environment variables set after startup (read at request time).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests_support.cases.app_variants import AppCase
from tests_support.cases.bulk.app import BULK_APP_CASES
from tests_support.cases.registry import BULK_CASES
from tests_support.kit.case import Case, ids
from tests_support.kit.clients import Replay
from tests_support.kit.flask_fixtures import world_settings_fixture  # noqa: F401  (a fixture)
from tests_support.kit.worlds.bulk import EXPORT, EXPORT_BYTES


@pytest.mark.parametrize("case", BULK_CASES, ids=ids(BULK_CASES))
def test_endpoint(case: Case, replay: Replay) -> None:
    replay(case)


@pytest.mark.parametrize("case", BULK_APP_CASES, ids=ids(BULK_APP_CASES))
def test_app_variant(case: AppCase, replay_app_case: Callable[[AppCase], None]) -> None:
    replay_app_case(case)


def test_checked_in_export_is_what_the_script_generates() -> None:
    assert EXPORT.render() == EXPORT_BYTES
    assert EXPORT_BYTES.startswith(b"\xef\xbb\xbf")
    assert len(EXPORT.numbered()) > 100
