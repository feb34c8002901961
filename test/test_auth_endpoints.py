"""Spec §4.1 (auth and users), §2.2 (JWT errors) and §4.10 (health) on the Flask stack.

The cases live in `tests_support/cases/accounts/auth.py`; the FastAPI suite replays the same tables.
"""

from __future__ import annotations

import pytest

from tests_support.cases.accounts.auth import ALL_CASES
from tests_support.kit.case import Case, ids
from tests_support.kit.clients import Replay
from tests_support.kit.flask_fixtures import world_settings_fixture  # noqa: F401  (a fixture)

CASES = [case for table in ALL_CASES.values() for case in table]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_endpoint(case: Case, replay: Replay) -> None:
    replay(case)
