"""Fixtures a Flask test module opts into by importing them; each registers under its own name.

* `world_settings_fixture` (as `settings`): the app starts on the test's copy of the world
  database, the setting of every module that replays case tables.
* The executor's suites (`test_runner.py`, `test_runner_mail.py`) import `run_settings_fixture`
  (as `settings`) and `scheduler_fixture` instead: a copy of the world database with
  `GITHUB_API_URL` on the HTTP stub (with a trailing slash, which the service must drop), no
  GITHUB_TOKEN, a 0.5 s executor timeout, and a recording scheduler that runs. Those settings are
  the conftest's `run_world_settings`, whose `run_*` chain also starts the app for the run tables
  (execute, test-run) and sets GITHUB_TOKEN only once it runs, so every case proves the token is
  read at call time (§7.1).

Parametrize `expose_details` (indirectly) for the EXPOSE_ERROR_DETAILS=false variants.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cronjobs.settings import Settings
from tests_support.kit.schedulers import RecordingScheduler


@pytest.fixture(name="settings")
def world_settings_fixture(world_settings: Settings) -> Settings:
    """Start the app on this test's copy of the world database."""
    return world_settings


@pytest.fixture(name="settings")
def run_settings_fixture(run_world_settings: Settings) -> Settings:
    """Settings on a copy of the world database, with GitHub on the stub and no token."""
    return run_world_settings


@pytest.fixture(name="scheduler")
def scheduler_fixture(settings: Settings) -> Iterator[RecordingScheduler]:
    """This process's scheduler, running."""
    scheduler = RecordingScheduler(settings.database_url)
    yield scheduler
    scheduler.close()
