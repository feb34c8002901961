"""Spec §4.6 (executions) on the Flask stack: lists, details, statistics, D8, D9, D11.

The cases live in `tests_support/cases/executions/per_job.py` (per job) and
`tests_support/cases/executions/every_job.py`; the FastAPI suite replays the same tables.
"""

from __future__ import annotations

import pytest

from tests_support.cases.executions.every_job import GLOBAL_CASES, HIDDEN_DETAIL_CASES
from tests_support.cases.executions.per_job import JOB_CASES
from tests_support.kit.case import Case, ids
from tests_support.kit.clients import Replay
from tests_support.kit.flask_fixtures import world_settings_fixture  # noqa: F401  (a fixture)

EXECUTION_CASES = [*JOB_CASES, *GLOBAL_CASES]


@pytest.mark.parametrize("case", EXECUTION_CASES, ids=ids(EXECUTION_CASES))
def test_executions(case: Case, replay: Replay) -> None:
    replay(case)


@pytest.mark.parametrize("expose_details", [False], indirect=True)
@pytest.mark.parametrize("case", HIDDEN_DETAIL_CASES, ids=ids(HIDDEN_DETAIL_CASES))
def test_executions_with_details_hidden(case: Case, replay: Replay) -> None:
    replay(case)
