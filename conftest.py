"""Fixtures both suites share: where the database lives and the settings that point at it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from cronjobs.settings import Settings
from tests_support.kit.databases import sqlite_url
from tests_support.kit.servers.http_stub import HttpStub


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the developer's environment and `.env` out of every test."""
    for name in (
        "DATABASE_URL",
        "FASTAPI_DATABASE_URL",
        "CUTOVER_DEFAULT",
        "CUTOVER_FILE",
        "CUTOVER_REFRESH_SECONDS",
        "ENVIRONMENT",
        "SECRET_KEY",
        "JWT_SECRET_KEY",
        "CORS_ORIGINS",
        "EXPOSE_ERROR_DETAILS",
        "ALLOW_DEFAULT_ADMIN",
        "TESTING",
        "DEFAULT_GITHUB_OWNER",
        "SCHEDULER_TIMEZONE",
        "GITHUB_TOKEN",
        "RUN_TIMEOUT_SECONDS",
        "MAX_REQUEST_HEADERS",
        "MAX_REQUEST_HEADER_BYTES",
        "MAX_REQUEST_BODY_BYTES",
        "LOGIN_THROTTLE_ENABLED",
        "LOGIN_THROTTLE_USER_FAILURES",
        "LOGIN_THROTTLE_ADDRESS_FAILURES",
        "LOGIN_THROTTLE_WINDOW_SECONDS",
        "BULK_UPLOAD_MAX_ROWS",
        "BULK_UPLOAD_MAX_ERRORS",
        "ACCESS_LOG",
        "DRAIN_SECONDS",
        "GC_YOUNG_THRESHOLD",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """A fresh SQLite file for this test."""
    return sqlite_url(tmp_path)


@pytest.fixture
def make_settings(tmp_path: Path, database_url: str) -> Callable[..., Settings]:
    """Build test settings on this test's database; keyword overrides win.

    Login throttling is off: the suites replay many failed logins from one address (D23 allows
    it); the throttle's own tests switch it on.
    """

    def build(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "database_url": database_url,
            "fastapi_database_url": database_url,
            "testing": True,
            "cutover_file": str(tmp_path / "cutover.toml"),
            "login_throttle_enabled": False,
            "_env_file": None,
        }
        values.update(overrides)
        return Settings(**values)

    return build


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    """Default test settings: one shared SQLite database, scheduler off."""
    return make_settings()


@pytest.fixture
def http_stub() -> Iterator[HttpStub]:
    """A local HTTP server standing in for GitHub and webhooks (`kit/servers/http_stub.py`)."""
    with HttpStub() as stub:
        yield stub
