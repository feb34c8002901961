"""Fresh databases for tests: a SQLite file in a temp dir, or a wiped PostgreSQL database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from cronjobs.db import sync_url

POSTGRES_ENV = "TEST_DATABASE_URL"


def sqlite_url(folder: Path, name: str = "cron_jobs.db") -> str:
    """Return the URL of a new SQLite file in `folder`."""
    return f"sqlite:///{folder / name}"


def postgres_url() -> str:
    """Return the PostgreSQL test database URL, or skip the test when none is configured."""
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    return url


def wipe_postgres(url: str) -> None:
    """Drop every table of the PostgreSQL test database, so the next app starts from empty."""
    engine = create_engine(sync_url(url))
    try:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()
