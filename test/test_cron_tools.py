"""Spec §4.3 cron tools (validate-cron, cron-preview) on the Flask stack.

The cases live in `tests_support/cases/cron.py`; the FastAPI suite replays the same tables.
Timezone cases start their own app with another SCHEDULER_TIMEZONE.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests_support.cases.app_variants import AppCase
from tests_support.cases.cron import PREVIEW_CASES, VALIDATE_CASES, ZONE_CASES
from tests_support.kit.case import Case, ids
from tests_support.kit.clients import Replay
from tests_support.kit.flask_fixtures import world_settings_fixture  # noqa: F401  (a fixture)

CASES = VALIDATE_CASES + PREVIEW_CASES


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_cron_tool(case: Case, replay: Replay) -> None:
    replay(case)


@pytest.mark.parametrize("case", ZONE_CASES, ids=ids(list[Case](ZONE_CASES)))
def test_cron_preview_timezone(case: AppCase, replay_app_case: Callable[[AppCase], None]) -> None:
    replay_app_case(case)
