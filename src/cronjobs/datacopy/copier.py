"""Copying one table in batches: each batch compared with the target and written in its own
transaction, so an interrupted copy leaves whole batches behind and a rerun skips them."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, Table

from cronjobs.datacopy.checksums import TableChecksum
from cronjobs.datacopy.streams import (
    Row,
    keys_missing_from,
    ordered_keys,
    ordered_rows,
    rows_by_key,
)
from cronjobs.datacopy.tables import primary_key
from cronjobs.datacopy.writers import RowWriter


@dataclass
class TableReport:
    """What a copy did (or, in a dry run, would do) to one table."""

    table: str
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    pruned: int = 0
    seconds: float = 0.0


def extra_target_keys(
    source: Connection, target: Connection, table: Table, batch_size: int
) -> list[str]:
    """Return the keys of rows the target has and the source does not."""
    return list(
        keys_missing_from(
            ordered_keys(target, table, batch_size), ordered_keys(source, table, batch_size)
        )
    )


def prune(target: Engine, table: Table, keys: list[str], batch_size: int) -> None:
    """Delete the given rows from the target, a batch per transaction."""
    for start in range(0, len(keys), batch_size):
        with target.begin() as connection:
            RowWriter(connection, table).delete(keys[start : start + batch_size])


def _classify(
    batch: list[Row], existing: dict[str, Row], key_index: int, report: TableReport
) -> tuple[list[Row], list[Row]]:
    new: list[Row] = []
    changed: list[Row] = []
    for row in batch:
        current = existing.get(row[key_index])
        if current is None:
            new.append(row)
        elif current != row:
            changed.append(row)
    report.read += len(batch)
    report.inserted += len(new)
    report.updated += len(changed)
    report.unchanged += len(batch) - len(new) - len(changed)
    return new, changed


def copy_table(
    source: Connection,
    target: Engine,
    table: Table,
    *,
    batch_size: int,
    dry_run: bool,
    typed: bool,
    target_empty: bool,
    on_batch: Callable[[int], None],
    report: TableReport,
    checksum: TableChecksum,
) -> None:
    """Upsert every source row of a table into the target, a batch per transaction.

    Counts what it does in `report`, and feeds the source rows to `checksum` on the way, so
    verifying afterwards reads only the target.
    A table the target held no rows of needs no lookups: every source row is new (a row someone
    else inserts meanwhile makes the batch fail on its key, and a rerun sorts it out).
    """
    started = time.perf_counter()
    key_index = list(table.columns).index(primary_key(table))
    for batch in ordered_rows(source, table, batch_size, typed=typed):
        checksum.add_batch(batch)
        keys = [row[key_index] for row in batch]
        with target.begin() as connection:
            existing = {} if target_empty else rows_by_key(connection, table, keys, typed=typed)
            new, changed = _classify(batch, existing, key_index, report)
            if not dry_run:
                writer = RowWriter(connection, table, typed=typed)
                writer.insert(new)
                writer.update(changed)
        on_batch(len(batch))
    report.seconds += time.perf_counter() - started
