"""Fresh databases for tests: a SQLite file in a temp dir, or a wiped PostgreSQL or MySQL one."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from cronjobs.storage.engines import sync_url

POSTGRES_ENV = "TEST_DATABASE_URL"
MYSQL_ENV = "TEST_MYSQL_URL"


def sqlite_url(folder: Path, name: str = "cron_jobs.db") -> str:
    """Return the URL of a new SQLite file in `folder`."""
    return f"sqlite:///{folder / name}"


def postgres_url() -> str:
    """Return the PostgreSQL test database URL, or skip the test when none is configured.

    Under pytest-xdist each worker gets a database of its own (`<name>_<worker>`), created on
    first use, because tests wipe the database they run on.
    """
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return _worker_database(url, worker) if worker else url


@functools.cache
def _worker_database(url: str, worker: str) -> str:
    parsed = make_url(url)
    name = f"{parsed.database}_{worker}"
    maintenance = create_engine(
        sync_url(parsed.set(database="postgres")), isolation_level="AUTOCOMMIT"
    )
    try:
        with maintenance.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        maintenance.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


def wipe_postgres(url: str) -> None:
    """Drop every table of the PostgreSQL test database, so the next app starts from empty."""
    engine = create_engine(sync_url(url))
    try:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def mysql_url() -> str:
    """Return the MySQL/MariaDB test database URL, or skip the test when none is configured.

    Like `postgres_url`: each pytest-xdist worker gets a database of its own (`<name>_<worker>`).
    """
    url = os.environ.get(MYSQL_ENV, "").strip()
    if not url:
        pytest.skip(f"{MYSQL_ENV} is not set (a MariaDB or MySQL server, e.g. `.ci/run`)")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return _mysql_worker_database(url, worker) if worker else url


@functools.cache
def _mysql_worker_database(url: str, worker: str) -> str:
    # Created on first use, as for PostgreSQL: not every test wipes (creates) it first.
    parsed = make_url(url)
    name = f"{parsed.database}_{worker}"
    engine = create_engine(sync_url(parsed.set(database=None)), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(
                text(f"CREATE DATABASE IF NOT EXISTS `{name}` CHARACTER SET utf8mb4")
            )
    finally:
        engine.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


def wipe_mysql(url: str) -> None:
    """Drop and create the MySQL test database again (utf8mb4), so the next app starts empty."""
    parsed = make_url(url)
    name = parsed.database
    engine = create_engine(sync_url(parsed.set(database=None)), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
            connection.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
    finally:
        engine.dispose()


def empty_server_url(kind: str) -> str:
    """Return the "postgres" or "mysql" test database's URL, wiped (skips when it is not set)."""
    if kind == "mysql":
        url = mysql_url()
        wipe_mysql(url)
    else:
        url = postgres_url()
        wipe_postgres(url)
    return url
