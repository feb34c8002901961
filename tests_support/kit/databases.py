"""Fresh databases for tests: a SQLite file in a temp dir, a wiped PostgreSQL or MySQL one, or a
second database beside the server's test database."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Connection, create_engine, make_url, text

from cronjobs.storage.engines import sync_url

# A fixture's `params` for a test on every kind of database; the servers' skip without their URL.
DATABASE_KINDS = [
    "sqlite",
    pytest.param("postgres", marks=pytest.mark.postgres),
    pytest.param("mysql", marks=pytest.mark.mysql),
]
POSTGRES_ENV = "TEST_DATABASE_URL"
MYSQL_ENV = "TEST_MYSQL_URL"


def sqlite_url(folder: Path, name: str = "cron_jobs.db") -> str:
    """Return the URL of a new SQLite file in `folder`."""
    return f"sqlite:///{folder / name}"


def postgres_url() -> str:
    """Return the PostgreSQL test database URL, or skip the test when none is configured."""
    return _configured_database(POSTGRES_ENV, "")


def mysql_url() -> str:
    """Return the MySQL/MariaDB test database URL, or skip the test when none is configured."""
    return _configured_database(MYSQL_ENV, " (a MariaDB or MySQL server, e.g. `.ci/run`)")


def _configured_database(variable: str, hint: str) -> str:
    # Under pytest-xdist each worker gets a database of its own (`<name>_<worker>`), created on
    # first use, because tests wipe the database they run on and not every test wipes it first.
    url = os.environ.get(variable, "").strip()
    if not url:
        pytest.skip(f"{variable} is not set{hint}")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return _worker_database(url, worker) if worker else url


@functools.cache
def _worker_database(url: str, worker: str) -> str:
    name = f"{make_url(url).database}_{worker}"
    with _server_connection(url) as connection:
        _create_database(connection, name)
    return make_url(url).set(database=name).render_as_string(hide_password=False)


@contextmanager
def sibling_database(url: str, suffix: str) -> Iterator[str]:
    """Yield the URL of a new empty database `<name>_<suffix>` on the server of `url`; drop it."""
    # Tests copying between two databases of one engine need a second one; the kit has one URL.
    name = f"{make_url(url).database}_{suffix}"
    with _server_connection(url) as connection:
        _drop_database(connection, name)
        _create_database(connection, name)
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with _server_connection(url) as connection:
            _drop_database(connection, name)


def _create_database(connection: Connection, name: str) -> None:
    """Create the database `name` unless it exists (MySQL's in utf8mb4)."""
    if connection.dialect.name != "postgresql":
        connection.execute(text(f"CREATE DATABASE IF NOT EXISTS `{name}` CHARACTER SET utf8mb4"))
    elif not connection.scalar(
        text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
    ):
        connection.execute(text(f'CREATE DATABASE "{name}"'))


def _drop_database(connection: Connection, name: str) -> None:
    """Drop the database `name` if it exists, even while a connection is still open on it."""
    if connection.dialect.name != "postgresql":
        connection.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
    else:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@contextmanager
def _server_connection(url: str) -> Iterator[Connection]:
    """An autocommit connection to the server of `url`, outside the database it names."""
    # URL.set takes None for "unchanged": name a database every user of the server may open.
    parsed = make_url(url)
    postgres = parsed.get_backend_name() == "postgresql"
    server = parsed.set(database="postgres" if postgres else "information_schema")
    engine = create_engine(sync_url(server), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def wipe_postgres(url: str) -> None:
    """Drop every table of the PostgreSQL test database, so the next app starts from empty."""
    engine = create_engine(sync_url(url))
    try:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def wipe_mysql(url: str) -> None:
    """Drop and create the MySQL test database again (utf8mb4), so the next app starts empty."""
    name = make_url(url).database
    with _server_connection(url) as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
        connection.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))


def wipe_server(url: str) -> None:
    """Empty the PostgreSQL or MySQL database `url` names."""
    if make_url(url).get_backend_name() == "postgresql":
        wipe_postgres(url)
    else:
        wipe_mysql(url)


def empty_server_url(kind: str) -> str:
    """Return the "postgres" or "mysql" test database's URL, wiped (skips when it is not set)."""
    if kind == "mysql":
        url = mysql_url()
        wipe_mysql(url)
    else:
        url = postgres_url()
        wipe_postgres(url)
    return url


def innodb_transactions(connection: Connection) -> dict[int, str]:
    """Return the transactions InnoDB runs for other connections to this database, by thread.

    Each is its entry in the engine status ("ACTIVE 2 sec", "LOCK WAIT ..."). The status is live,
    where information_schema.INNODB_TRX is a cache refreshed at most every 0.1 s, and never while
    it is read more often than that (a poll would see it frozen).
    """
    status = connection.execute(text("SHOW ENGINE INNODB STATUS")).one()[2]
    listed = status.split("LIST OF TRANSACTIONS FOR EACH SESSION:", 1)[1].split("\n--------\n")[0]
    running = {}
    for entry in listed.split("\n---TRANSACTION ")[1:]:
        thread = re.search(r"^(?:MySQL|MariaDB) thread id (\d+),", entry, re.MULTILINE)
        if ", ACTIVE" in entry.split("\n", 1)[0] and thread is not None:
            running[int(thread[1])] = entry
    threads = connection.scalars(
        text(
            "SELECT ID FROM information_schema.PROCESSLIST "
            "WHERE DB = DATABASE() AND ID <> CONNECTION_ID()"
        )
    )
    return {thread: running[thread] for thread in threads if thread in running}
