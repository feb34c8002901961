"""Writing batches of rows into the target: inserts, updates and deletes by primary key.

Rows read across engines arrive as typed Python values (read through the models' column types),
so they are turned into the target's storage form with the same type's bind processors before
reaching the driver: a SQLite target stores datetimes exactly as the application would. Rows
read from a database of the target's own engine are already in that form and go in as they are.
New rows go to PostgreSQL through COPY, the fastest way in; elsewhere one executemany per batch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Table

from cronjobs.datacopy.streams import Row
from cronjobs.datacopy.tables import primary_key


def _quoted(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote(name)


class RowWriter:
    """Writes batches of one table's rows through one connection of the target."""

    def __init__(self, connection: Connection, table: Table, *, typed: bool = True) -> None:
        self.connection = connection
        self.table = table
        dialect = connection.dialect
        self.columns = list(table.columns)
        self.key_index = self.columns.index(primary_key(table))
        self._processors: list[Callable[[Any], Any] | None] = [
            column.type.bind_processor(dialect) if typed else None for column in self.columns
        ]
        self._as_stored = not any(self._processors)
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        names = [_quoted(connection, column.name) for column in self.columns]
        key = names[self.key_index]
        others = [name for index, name in enumerate(names) if index != self.key_index]
        table_name = _quoted(connection, table.name)
        marks = ", ".join([mark] * len(names))
        self._insert = f"INSERT INTO {table_name} ({', '.join(names)}) VALUES ({marks})"
        self._copy = f"COPY {table_name} ({', '.join(names)}) FROM STDIN"
        self._update = (
            f"UPDATE {table_name} SET {', '.join(f'{name} = {mark}' for name in others)} "
            f"WHERE {key} = {mark}"
        )
        self._delete = f"DELETE FROM {table_name} WHERE {key} = {mark}"

    def _stored(self, row: Row) -> Row:
        if self._as_stored:
            return row
        return tuple(
            process(value) if process is not None and value is not None else value
            for process, value in zip(self._processors, row, strict=True)
        )

    def insert(self, rows: Sequence[Row]) -> None:
        """Insert rows the target does not have."""
        if not rows:
            return
        if self.connection.dialect.name == "postgresql":
            self._copy_in(rows)
            return
        self.connection.exec_driver_sql(self._insert, [self._stored(row) for row in rows])

    def _copy_in(self, rows: Sequence[Row]) -> None:
        driver = self.connection.connection.driver_connection
        assert driver is not None
        with driver.cursor() as cursor, cursor.copy(self._copy) as copy:
            for row in rows:
                copy.write_row(row)

    def update(self, rows: Sequence[Row]) -> None:
        """Overwrite every column of rows the target has with different values."""
        if not rows:
            return
        reordered = []
        for row in rows:
            stored = self._stored(row)
            values = stored[: self.key_index] + stored[self.key_index + 1 :]
            reordered.append((*values, stored[self.key_index]))
        self.connection.exec_driver_sql(self._update, reordered)

    def delete(self, keys: Sequence[str]) -> None:
        """Delete rows by primary key."""
        if keys:
            self.connection.exec_driver_sql(self._delete, [(key,) for key in keys])
