"""Routing on the Flask stack (spec §1.1, D2, A10): 404, 405 + Allow, OPTIONS, HEAD, no slashes.

The cases live in `tests_support/cases/routing.py`; the FastAPI suite replays the same table.
"""

from __future__ import annotations

import pytest

from tests_support.cases.routing import ROUTING_CASES
from tests_support.kit.case import Case, ids
from tests_support.kit.clients import Replay
from tests_support.kit.flask_fixtures import world_settings_fixture  # noqa: F401  (a fixture)


@pytest.mark.parametrize("case", ROUTING_CASES, ids=ids(ROUTING_CASES))
def test_routing(case: Case, replay: Replay) -> None:
    replay(case)
