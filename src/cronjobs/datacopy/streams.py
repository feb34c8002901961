"""Reading tables for a copy: every row in primary-key order, and the rows of a batch of keys.

Both sides of a copy are read in the same order so they can be merged: byte order of the key,
which is Python's order of the strings (SQLite's BINARY collation; on PostgreSQL the "C"
collation, whatever the database's default; on MySQL the key's bytes, as its default collations
ignore letter case, accents and trailing spaces: "B…" sorts after "a…" there).

Between two databases of the same engine, rows are read as stored (`typed=False`): the copy then
moves the exact stored values without parsing them, which is both faster and more faithful. Across
engines they are read through the models' column types, so the two sides compare as Python values.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, LargeBinary, Table, cast, column, func, select
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.expression import ColumnClause

from cronjobs.datacopy.tables import primary_key
from cronjobs.storage import mysql

Row = tuple[Any, ...]
# Keys per lookup statement: below SQLite's limit of 32,766 parameters per statement.
LOOKUP_CHUNK = 10_000


def _byte_order(connection: Connection, table: Table) -> ColumnElement[Any]:
    key = primary_key(table)
    if connection.dialect.name == "postgresql":
        return key.collate("C")
    if mysql.is_mysql(connection.dialect.name):
        return cast(key, LargeBinary)  # CAST(id AS BINARY): bytes, not the column's collation
    return key


def _columns(table: Table, typed: bool) -> list[ColumnClause[Any]]:
    if typed:
        return list(table.columns)
    return [column(name.name, _selectable=table) for name in table.columns]


def count_rows(connection: Connection, table: Table) -> int:
    """Return how many rows a table holds."""
    return int(connection.scalar(select(func.count()).select_from(table)) or 0)


def ordered_rows(
    connection: Connection, table: Table, batch_size: int, *, typed: bool
) -> Iterator[list[Row]]:
    """Yield every row of a table in primary-key byte order, a batch at a time."""
    query = select(*_columns(table, typed)).order_by(_byte_order(connection, table))
    with connection.execution_options(yield_per=batch_size).execute(query) as result:
        for partition in result.partitions(batch_size):
            yield [tuple(row) for row in partition]


def ordered_keys(connection: Connection, table: Table, batch_size: int) -> Iterator[str]:
    """Yield every primary key of a table in byte order."""
    key = primary_key(table)
    query = select(key).order_by(_byte_order(connection, table))
    with connection.execution_options(yield_per=batch_size).execute(query) as result:
        for partition in result.partitions(batch_size):
            yield from (row[0] for row in partition)


def rows_by_key(
    connection: Connection, table: Table, keys: Sequence[str], *, typed: bool
) -> dict[str, Row]:
    """Return the rows whose primary key is among `keys`, by key."""
    key = primary_key(table)
    index = list(table.columns).index(key)
    found: dict[str, Row] = {}
    for start in range(0, len(keys), LOOKUP_CHUNK):
        query = select(*_columns(table, typed)).where(key.in_(keys[start : start + LOOKUP_CHUNK]))
        found.update((row[index], tuple(row)) for row in connection.execute(query))
    return found


def keys_missing_from(ours: Iterator[str], theirs: Iterator[str]) -> Iterator[str]:
    """Yield the keys of `ours` that `theirs` lacks; both in byte order."""
    other = next(theirs, None)
    for key in ours:
        while other is not None and other < key:
            other = next(theirs, None)
        if other != key:
            yield key
