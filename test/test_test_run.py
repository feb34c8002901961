"""Spec §4.3 `POST /jobs/test-run` on the Flask stack, calling a real local HTTP server.

The cases live in `tests_support/cases/runs/trial.py` (access, validation) and
`tests_support/cases/runs/trial_calls.py` (the calls); the FastAPI suite replays the same tables.
"""

from __future__ import annotations

import pytest

from cronjobs.domain.runs.trial import timeout_for_test_run
from tests_support.cases.registry import TESTRUN_TABLE
from tests_support.cases.runs.trial_calls import TESTRUN_HIDDEN_CASES
from tests_support.kit.case import Case, ids
from tests_support.kit.clients import Replay
from tests_support.kit.flask_fixtures import (  # noqa: F401  (this module's fixtures)
    app_fixture,
    run_settings_fixture,
    scheduler_fixture,
    world_fixture,
)


@pytest.mark.parametrize("case", TESTRUN_TABLE, ids=ids(TESTRUN_TABLE))
def test_test_run(case: Case, replay: Replay) -> None:
    replay(case)


@pytest.mark.parametrize("expose_details", [False], indirect=True)
@pytest.mark.parametrize("case", TESTRUN_HIDDEN_CASES, ids=ids(TESTRUN_HIDDEN_CASES))
def test_test_run_with_details_hidden(case: Case, replay: Replay) -> None:
    replay(case)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (None, 10.0),
        (0, 10.0),
        ("", 10.0),
        (False, 10.0),
        (0.2, 1.0),
        ("0", 1.0),
        (-5, 1.0),
        (7, 7.0),
        (" 12.5 ", 12.5),
        (31, 30.0),
        ("1e3", 30.0),
    ],
)
def test_timeout_is_clamped_to_one_to_thirty_seconds(value: object, seconds: float) -> None:
    assert timeout_for_test_run(value) == seconds
