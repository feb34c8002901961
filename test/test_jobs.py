"""Spec §4.2 (jobs CRUD) and its scheduler effects (§6.5) on the Flask stack.

The cases live in `tests_support/cases/jobs/`: `create.py`, `read.py`, `update.py` and
`job_app_cases.py`; the FastAPI suite replays the same tables. App cases start their own app:
other settings, a recording scheduler, and environment variables set after startup (read at
request time).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests_support.cases.app_variants import AppCase
from tests_support.cases.jobs.app import APP_CASES
from tests_support.cases.registry import JOB_CASES
from tests_support.kit.case import Case, ids
from tests_support.kit.clients import Replay
from tests_support.kit.flask_fixtures import world_settings_fixture  # noqa: F401  (a fixture)


@pytest.mark.parametrize("case", JOB_CASES, ids=ids(JOB_CASES))
def test_endpoint(case: Case, replay: Replay) -> None:
    replay(case)


@pytest.mark.parametrize("case", APP_CASES, ids=ids(list[Case](APP_CASES)))
def test_app_variant(case: AppCase, replay_app_case: Callable[[AppCase], None]) -> None:
    replay_app_case(case)
