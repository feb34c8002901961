"""The reference programs the data-copy benchmark times our copy against, one command per path.

Each returns a shell command (bash, pipefail: `migrate_data.timed` runs it):
  SQLite → SQLite       `sqlite3 source .dump | sqlite3 copy`
  SQLite → PostgreSQL   `pgloader sqlite://… postgresql://…`
  SQLite → MySQL        `sqlite3 -csv` per table piped into `LOAD DATA LOCAL INFILE`
  PostgreSQL → MySQL    `COPY (SELECT …) TO STDOUT` per table piped into `LOAD DATA LOCAL INFILE`
  MySQL → MySQL         `mysqldump --single-transaction source | mysql copy`
The two `LOAD DATA` references load into a schema made as ours is (Alembic, no rows), with the
foreign-key checks off as a dump's are; the others create their own tables.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from sqlalchemy import Boolean, Float, Table
from sqlalchemy.engine import make_url

from cronjobs.datacopy.tables import copyable_tables


def mysql_client(url: str) -> list[str]:
    """Return the mysql client's connection arguments for a URL (its password: `mysql_env`)."""
    parsed = make_url(url)
    arguments = [f"--host={parsed.host or '127.0.0.1'}", f"--port={parsed.port or 3306}"]
    return [*arguments, f"--user={parsed.username}"] if parsed.username else arguments


def mysql_env(url: str) -> dict[str, str]:
    """Return the environment the MySQL programs run in: the URL's password, if any."""
    # Through the environment, never the command line (`ps` shows that).
    password = make_url(url).password
    return {**os.environ, "MYSQL_PWD": str(password)} if password else dict(os.environ)


def libpq_url(url: str) -> str:
    """Return a URL psql understands (no SQLAlchemy driver name)."""
    parsed = make_url(url).set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


def sqlite_dump(source: Path, copy: Path) -> str:
    """SQLite → SQLite: the dump of the whole file, schema and rows, replayed into a new one."""
    return f"sqlite3 {shlex.quote(str(source))} .dump | sqlite3 {shlex.quote(str(copy))}"


def pgloader(source: Path, target: str) -> str:
    """SQLite → PostgreSQL: pgloader, which creates the tables and loads them with COPY."""
    return f"pgloader --quiet {shlex.quote(f'sqlite://{source}')} {shlex.quote(libpq_url(target))}"


def _names(table: Table) -> str:
    return ", ".join(f"`{column.name}`" for column in table.columns)


def _load(target: str, table: Table, fields: str) -> str:
    statement = (
        "SET FOREIGN_KEY_CHECKS = 0; "
        f"LOAD DATA LOCAL INFILE '/dev/stdin' INTO TABLE `{table.name}` "
        f"CHARACTER SET utf8mb4 {fields} ({_names(table)})"
    )
    database = make_url(target).database or ""
    client = ["mysql", "--local-infile=1", *mysql_client(target), database, "-e", statement]
    return shlex.join(client)


def _sqlite_select(table: Table) -> str:
    # The shell prints a REAL with 15 significant digits; 17 keep every double exactly.
    columns = [
        f"iif({column.name} IS NULL, NULL, printf('%!.17g', {column.name}))"
        if isinstance(column.type, Float)
        else column.name
        for column in table.columns
    ]
    return f"SELECT {', '.join(columns)} FROM {table.name}"


def sqlite_to_mysql(source: Path, target: str) -> str:
    """SQLite → MySQL: each table as CSV from the sqlite3 shell, loaded by LOAD DATA."""
    # `sqlite3 -csv` quotes what needs it, doubles quotes, ends rows with LF and prints NULL
    # unquoted as the -nullvalue; LOAD DATA reads an unquoted NULL as NULL when fields may be
    # enclosed, and no backslash escapes (CSV has none).
    fields = (
        "FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' ESCAPED BY '' "
        "LINES TERMINATED BY '\\n'"
    )
    return " && ".join(
        f"sqlite3 -csv -nullvalue NULL {shlex.quote(str(source))} "
        f"{shlex.quote(_sqlite_select(table))} | {_load(target, table, fields)}"
        for table in copyable_tables()
    )


def _postgres_select(table: Table) -> str:
    columns = [
        f'"{column.name}"::int' if isinstance(column.type, Boolean) else f'"{column.name}"'
        for column in table.columns
    ]
    return f'COPY (SELECT {", ".join(columns)} FROM "{table.name}") TO STDOUT'


def postgres_to_mysql(source: str, target: str) -> str:
    """PostgreSQL → MySQL: each table through COPY's text format, loaded by LOAD DATA."""
    # COPY's text format (tabs, \N for NULL, backslash escapes) is LOAD DATA's default format;
    # booleans go as 0/1, the form MySQL's BOOL (TINYINT) takes.
    fields = "FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n'"
    return " && ".join(
        f"psql --no-psqlrc --quiet {shlex.quote(libpq_url(source))} "
        f"-c {shlex.quote(_postgres_select(table))} | {_load(target, table, fields)}"
        for table in copyable_tables()
    )


def mysqldump(source: str, target: str) -> str:
    """MySQL → MySQL: mysqldump's consistent dump (schema and rows) replayed by the client."""
    dump = ["mysqldump", "--single-transaction", *mysql_client(source)]
    load = ["mysql", *mysql_client(target), make_url(target).database or ""]
    dump.append(make_url(source).database or "")
    return f"{shlex.join(dump)} | {shlex.join(load)}"
