"""A database the legacy service created keeps working on the Flask stack (D18, D19, §5).

Startup adds the missing columns and tables without touching what is there, and the legacy
user logs in with their passlib pbkdf2_sha256 hash.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask

from cronjobs.settings import Settings
from tests_support.cases.legacy import (
    ADDED_TABLES,
    GUARDED_COLUMNS,
    LEGACY_CASES,
    create_legacy_database,
    schema,
)
from tests_support.kit.case import Case, ids
from tests_support.kit.clients import Replay


@pytest.fixture
def settings(make_settings: Callable[..., Settings], database_url: str) -> Settings:
    """Settings on a database file the legacy service created."""
    create_legacy_database(database_url)
    return make_settings()


@pytest.mark.parametrize("case", LEGACY_CASES, ids=ids(LEGACY_CASES))
def test_legacy_database(case: Case, replay: Replay) -> None:
    replay(case)


def test_startup_adds_the_guarded_legacy_columns(app: Flask, settings: Settings) -> None:
    _, columns = schema(settings.database_url)
    assert columns >= GUARDED_COLUMNS


def test_startup_creates_the_missing_tables(app: Flask, settings: Settings) -> None:
    tables, _ = schema(settings.database_url)
    assert tables >= ADDED_TABLES


def test_startup_keeps_the_apscheduler_jobs_table(app: Flask, settings: Settings) -> None:
    tables, _ = schema(settings.database_url)
    assert "apscheduler_jobs" in tables
