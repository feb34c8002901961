"""Comparing a table at the source and the target: counts, checksums, first differing key."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, Table

from cronjobs.datacopy.checksums import TableChecksum
from cronjobs.datacopy.streams import Row, ordered_rows
from cronjobs.datacopy.tables import primary_key


@dataclass(frozen=True)
class TableCheck:
    """The comparison of one table: both sides' counts and checksums, and where they part."""

    table: str
    key_name: str
    source_rows: int
    target_rows: int
    source_checksum: str
    target_checksum: str
    first_difference: str | None

    @property
    def identical(self) -> bool:
        """Tell whether both sides hold the same rows with the same values."""
        return self.first_difference is None

    def describe(self) -> str:
        """Say in one line whether the table matches and, if not, where it first differs."""
        if self.identical:
            return f"{self.table}: identical ({self.source_rows} rows, {self.source_checksum[:12]})"
        return (
            f"{self.table}: DIFFERENT at {self.key_name}={self.first_difference} "
            f"(source {self.source_rows} rows, checksum {self.source_checksum[:12]}; "
            f"target {self.target_rows} rows, checksum {self.target_checksum[:12]})"
        )


def _rows(connection: Connection, table: Table, batch_size: int, typed: bool) -> Iterator[Row]:
    for batch in ordered_rows(connection, table, batch_size, typed=typed):
        yield from batch


def table_checksum(
    connection: Connection, table: Table, batch_size: int, *, typed: bool
) -> TableChecksum:
    """Read one side of a table in key order and return its count and checksum."""
    checksum = TableChecksum()
    for batch in ordered_rows(connection, table, batch_size, typed=typed):
        checksum.add_batch(batch)
    return checksum


def first_difference(
    source: Connection, target: Connection, table: Table, batch_size: int, *, typed: bool
) -> str | None:
    """Merge both sides in key order; return the first key whose rows differ or exist once."""
    key_index = list(table.columns).index(primary_key(table))
    left = _rows(source, table, batch_size, typed)
    right = _rows(target, table, batch_size, typed)
    mine, theirs = next(left, None), next(right, None)
    while mine is not None or theirs is not None:
        if mine is None or (theirs is not None and theirs[key_index] < mine[key_index]):
            assert theirs is not None
            return str(theirs[key_index])
        if theirs is None or mine[key_index] < theirs[key_index] or mine != theirs:
            return str(mine[key_index])
        mine, theirs = next(left, None), next(right, None)
    return None


def compare_table(
    source: Connection,
    target: Connection,
    table: Table,
    batch_size: int,
    *,
    typed: bool,
    source_checksum: TableChecksum | None = None,
) -> TableCheck:
    """Compare counts and checksums of both sides; find the first differing key when they differ."""
    left = source_checksum or table_checksum(source, table, batch_size, typed=typed)
    right = table_checksum(target, table, batch_size, typed=typed)
    first = None
    if (left.rows, left.hexdigest) != (right.rows, right.hexdigest):
        found = first_difference(source, target, table, batch_size, typed=typed)
        first = found or "(no single row: the checksums differ)"
    return TableCheck(
        table=table.name,
        key_name=primary_key(table).name,
        source_rows=left.rows,
        target_rows=right.rows,
        source_checksum=left.hexdigest,
        target_checksum=right.hexdigest,
        first_difference=first,
    )
