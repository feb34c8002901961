"""Databases for the schema-revision tests: an empty one per engine, and what to look at in it.

`empty_engine_fixture` (import it; it registers as `engine`) gives a sync engine on an empty
SQLite file, or on the wiped PostgreSQL (`TEST_DATABASE_URL`) or MySQL (`TEST_MYSQL_URL`) test
database.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, inspect, text

from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.storage.engines import create_sync_engine, writer
from cronjobs.storage.migrations import SchemaPlan, database_revision, upgrade_to_head
from tests_support.kit.databases import mysql_url, postgres_url, wipe_mysql, wipe_postgres

ENGINES = [
    "sqlite",
    pytest.param("postgres", marks=pytest.mark.postgres),
    pytest.param("mysql", marks=pytest.mark.mysql),
]


def empty_database_url(kind: str, sqlite_file_url: str) -> str:
    """Return `sqlite_file_url` for "sqlite", else the PostgreSQL or MySQL test database, wiped."""
    if kind == "sqlite":
        return sqlite_file_url
    if kind == "mysql":
        url = mysql_url()
        wipe_mysql(url)
        return url
    url = postgres_url()
    wipe_postgres(url)
    return url


@pytest.fixture(name="engine", params=ENGINES)
def empty_engine_fixture(request: pytest.FixtureRequest, database_url: str) -> Iterator[Engine]:
    """A sync engine on an empty database: a SQLite file, or the wiped server database."""
    engine = create_sync_engine(
        empty_database_url(request.param, database_url), setup=install_text_checks
    )
    yield engine
    engine.dispose()


def upgrade(engine: Engine) -> SchemaPlan:
    """Bring the database to head as startup does, in a transaction of its own."""
    with writer(engine).begin() as connection:
        return upgrade_to_head(connection)


def stamped_revision(engine: Engine) -> str | None:
    """Return the revision the database is stamped at."""
    with engine.connect() as connection:
        return database_revision(connection)


def table_names(engine: Engine) -> set[str]:
    """Return the tables of the database."""
    return set(inspect(engine).get_table_names())


def column_names(engine: Engine, table: str) -> set[str]:
    """Return the columns of one table."""
    return {column["name"] for column in inspect(engine).get_columns(table)}


def rows(engine: Engine, columns: dict[str, list[str]]) -> dict[str, list[tuple[Any, ...]]]:
    """Return the rows of each table, restricted to the given columns, in primary-key order."""
    with engine.connect() as connection:
        return {
            table: [
                tuple(row)
                for row in connection.execute(
                    text(f"SELECT {', '.join(names)} FROM {table} ORDER BY {names[0]}")
                )
            ]
            for table, names in columns.items()
        }
