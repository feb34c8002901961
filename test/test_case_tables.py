"""Every case table of `tests_support/cases/registry.py` on the Flask stack.

The FastAPI suite replays the same tables (`tests_fastapi/test_api_case_tables.py`). Each table
names what it needs: the world (the app on `world_settings`), the run world (the app calling a
real local HTTP server that stands in for GitHub and the webhooks, with a recording scheduler)
or, for app cases, an app of each case's own. A test's id is `<table>-<case>`.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests_support.cases.accounts.service_access import SERVICE_ROUTES
from tests_support.cases.app_variants import AppCase
from tests_support.cases.registry import TABLES
from tests_support.kit.case import Case
from tests_support.kit.clients import Replay
from tests_support.kit.flask_fixtures import world_settings_fixture  # noqa: F401  (a fixture)
from tests_support.kit.tables import Needs, app_replays, replays
from tests_support.kit.worlds.bulk import EXPORT, EXPORT_BYTES


@pytest.mark.parametrize(
    ("expose_details", "case"), replays(TABLES, Needs.WORLD), indirect=["expose_details"]
)
def test_world_case(case: Case, replay: Replay) -> None:
    replay(case)


@pytest.mark.parametrize(
    ("expose_details", "case"), replays(TABLES, Needs.RUN_WORLD), indirect=["expose_details"]
)
def test_run_case(case: Case, run_replay: Replay) -> None:
    run_replay(case)


@pytest.mark.parametrize("case", app_replays(TABLES))
def test_app_case(case: AppCase, replay_app_case: Callable[[AppCase], None]) -> None:
    replay_app_case(case)


def test_every_protected_service_endpoint_is_listed() -> None:
    assert len(SERVICE_ROUTES) == 32  # 45 endpoints − 12 auth/users − health


def test_checked_in_export_is_what_the_script_generates() -> None:
    assert EXPORT.render() == EXPORT_BYTES
    assert EXPORT_BYTES.startswith(b"\xef\xbb\xbf")
    assert len(EXPORT.numbered()) > 100
