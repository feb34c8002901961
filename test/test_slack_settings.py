"""Spec §4.9 (Slack settings) on the Flask stack.

The cases live in `tests_support/cases/slack.py`; the FastAPI suite can replay the same table.
"""

from __future__ import annotations

import pytest

from tests_support.cases.slack import ALL_CASES
from tests_support.kit.case import Case, ids
from tests_support.kit.clients import Replay
from tests_support.kit.flask_fixtures import world_settings_fixture  # noqa: F401  (a fixture)


@pytest.mark.parametrize("case", ALL_CASES, ids=ids(ALL_CASES))
def test_endpoint(case: Case, replay: Replay) -> None:
    replay(case)
