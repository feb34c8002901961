"""Spec §1.2: a request that ends in an error stores nothing (Flask stack).

Every error case of the §4.1 tables that needs no setup is replayed on one database; after each
one, every table must hold exactly the rows it held before.
"""

from __future__ import annotations

from tests_support.cases.accounts.auth import ERROR_CASES
from tests_support.kit.clients import Replay
from tests_support.kit.flask_fixtures import world_settings_fixture  # noqa: F401  (a fixture)
from tests_support.kit.worlds.base import World


def test_error_responses_leave_the_database_unchanged(world: World, replay: Replay) -> None:
    before = world.snapshot()
    for case in ERROR_CASES:
        replay(case)
        assert world.snapshot() == before, case.name
