"""Spec §4.4 (manual execute) and the §6.4 executor behind it, on the Flask stack.

The app calls a real local HTTP server standing in for GitHub and the webhooks. The cases live
in `tests_support/` (execute, body, override, webhook and GitHub outcome tables); the FastAPI suite
replays the same tables.
"""

from __future__ import annotations

import pytest

from tests_support.cases.registry import EXECUTE_TABLE
from tests_support.cases.runs.execute_override import HIDDEN_DETAIL_CASES
from tests_support.kit.case import Case, ids
from tests_support.kit.clients import Replay
from tests_support.kit.flask_fixtures import (  # noqa: F401  (this module's fixtures)
    app_fixture,
    run_settings_fixture,
    scheduler_fixture,
    world_fixture,
)


@pytest.mark.parametrize("case", EXECUTE_TABLE, ids=ids(EXECUTE_TABLE))
def test_execute(case: Case, replay: Replay) -> None:
    replay(case)


@pytest.mark.parametrize("expose_details", [False], indirect=True)
@pytest.mark.parametrize("case", HIDDEN_DETAIL_CASES, ids=ids(HIDDEN_DETAIL_CASES))
def test_execute_with_details_hidden(case: Case, replay: Replay) -> None:
    replay(case)
