"""Spec §4.8 (job categories and PIC teams) on the Flask stack.

The cases live in `tests_support/catalog_cases.py`; the FastAPI suite can replay the same table.
"""

from __future__ import annotations

import pytest

from tests_support.cases import Case, ids
from tests_support.catalog_cases import ALL_CASES
from tests_support.clients import Replay
from tests_support.flask_fixtures import world_settings_fixture  # noqa: F401  (a fixture)


@pytest.mark.parametrize("case", ALL_CASES, ids=ids(ALL_CASES))
def test_endpoint(case: Case, replay: Replay) -> None:
    replay(case)
