"""Spec §4.7 (notifications) on the Flask stack: the caller's rows only, D8, D9, §1.1 routing.

The cases live in `tests_support/cases/notifications.py`; the FastAPI suite replays the same tables.
"""

from __future__ import annotations

import pytest

from tests_support.cases.notifications import HIDDEN_DETAIL_CASES, NOTIFICATION_CASES
from tests_support.kit.case import Case, ids
from tests_support.kit.clients import Replay
from tests_support.kit.flask_fixtures import world_settings_fixture  # noqa: F401  (a fixture)


@pytest.mark.parametrize("case", NOTIFICATION_CASES, ids=ids(NOTIFICATION_CASES))
def test_notifications(case: Case, replay: Replay) -> None:
    replay(case)


@pytest.mark.parametrize("expose_details", [False], indirect=True)
@pytest.mark.parametrize("case", HIDDEN_DETAIL_CASES, ids=ids(HIDDEN_DETAIL_CASES))
def test_notifications_with_details_hidden(case: Case, replay: Replay) -> None:
    replay(case)
