"""One run of `migrate_data.py`: checks, optional prune, the copy, the summary, the verification."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TextIO

from sqlalchemy import Connection, Engine, Table
from sqlalchemy.exc import DBAPIError

from cronjobs.datacopy.checksums import TableChecksum
from cronjobs.datacopy.copier import TableReport, copy_table, extra_target_keys, prune
from cronjobs.datacopy.ends import (
    begin_snapshot,
    open_source,
    open_target,
    refuse_incomplete_source,
    refuse_same_database,
    refuse_stale_target,
)
from cronjobs.datacopy.errors import CopyRefused
from cronjobs.datacopy.progress import Progress
from cronjobs.datacopy.report import summary_table, verification_lines
from cronjobs.datacopy.streams import count_rows
from cronjobs.datacopy.tables import primary_key, select_tables
from cronjobs.datacopy.verify import TableCheck, compare_table
from cronjobs.storage.engines import writer

EXIT_OK, EXIT_DIFFERENT, EXIT_REFUSED = 0, 1, 2
SHOWN_EXTRA_KEYS = 3
DEFAULT_BATCH_SIZE = 20_000


@dataclass(frozen=True)
class CopyOptions:
    """What to copy where, and how."""

    source_url: str
    target_url: str
    tables: Sequence[str] | None = None
    batch_size: int = DEFAULT_BATCH_SIZE
    dry_run: bool = False
    verify_only: bool = False
    prune: bool = False


@dataclass
class Ends:
    """An open copy: the source's snapshot connection, the target engine, and how rows are read."""

    source: Connection
    target: Engine
    tables: list[Table]
    options: CopyOptions
    checksums: dict[str, TableChecksum] = field(default_factory=dict)

    @property
    def typed(self) -> bool:
        """Read through the column types only across engines (see `streams`)."""
        return self.source.dialect.name != self.target.dialect.name


def _verify(ends: Ends) -> list[TableCheck]:
    batch = ends.options.batch_size
    with ends.target.connect() as connection:
        return [
            compare_table(
                ends.source,
                connection,
                table,
                batch,
                typed=ends.typed,
                source_checksum=ends.checksums.get(table.name),
            )
            for table in ends.tables
        ]


def _extras(ends: Ends) -> dict[str, list[str]]:
    with ends.target.connect() as connection:
        found = {
            table.name: extra_target_keys(ends.source, connection, table, ends.options.batch_size)
            for table in ends.tables
        }
    return {name: keys for name, keys in found.items() if keys}


def _refuse_extras(extras: dict[str, list[str]], tables: list[Table]) -> None:
    keys = {table.name: primary_key(table).name for table in tables}
    described = "; ".join(
        f"{name}: {len(found)} (e.g. {keys[name]}={', '.join(found[:SHOWN_EXTRA_KEYS])})"
        for name, found in extras.items()
    )
    hint = (
        " (A target fresh from init_fastapi_db.py holds its own seeded categories; --prune "
        "replaces them with the source's.)"
        if "job_categories" in extras
        else ""
    )
    raise CopyRefused(
        f"The target has rows the source does not — {described}. Nothing was written. "
        f"Rerun with --prune to delete them from the target.{hint}"
    )


def _copy(ends: Ends, progress: Progress) -> list[TableReport]:
    options = ends.options
    extras = _extras(ends)
    if extras and not options.prune:
        _refuse_extras(extras, ends.tables)
    reports = {table.name: TableReport(table.name) for table in ends.tables}
    for table in reversed(ends.tables):  # children first, so no parent is deleted under a child
        keys = extras.get(table.name, [])
        reports[table.name].pruned = len(keys)
        if keys and not options.dry_run:
            prune(writer(ends.target), table, keys, options.batch_size)
    with ends.target.connect() as connection:
        empty = {table.name: count_rows(connection, table) == 0 for table in ends.tables}
    for table in ends.tables:
        progress.start(table.name, count_rows(ends.source, table))
        ends.checksums[table.name] = TableChecksum()
        try:
            copy_table(
                ends.source,
                writer(ends.target),
                table,
                batch_size=options.batch_size,
                dry_run=options.dry_run,
                typed=ends.typed,
                target_empty=empty[table.name],
                on_batch=progress.advance,
                report=reports[table.name],
                checksum=ends.checksums[table.name],
            )
        finally:
            progress.finish()
    return list(reports.values())


def migrate(options: CopyOptions, out: TextIO, progress: Progress) -> int:
    """Run a copy (or a verification) and print its report; return the process exit code."""
    try:
        tables = select_tables(options.tables)
        refuse_same_database(options.source_url, options.target_url)
        source, target = open_source(options.source_url), open_target(options.target_url)
    except CopyRefused as refusal:
        out.write(f"error: {refusal}\n")
        return EXIT_REFUSED
    try:
        with source.connect() as reader:
            begin_snapshot(reader)
            refuse_incomplete_source(reader, options.source_url, [t.name for t in tables])
            with target.connect() as connection:
                refuse_stale_target(connection, options.target_url)
            ends = Ends(reader, target, tables, options)
            if not options.verify_only:
                reports = _copy(ends, progress)
                out.write(summary_table(reports, dry_run=options.dry_run) + "\n")
                if options.dry_run:
                    out.write("Dry run: nothing was written.\n")
                    return EXIT_OK
            checks = _verify(ends)
    except CopyRefused as refusal:
        out.write(f"error: {refusal}\n")
        return EXIT_REFUSED
    except DBAPIError as failure:
        first_line = (str(failure.orig or failure).strip().splitlines() or [""])[0]
        out.write(f"error: the database refused a write: {first_line}\n")
        out.write("Batches written before it are kept; fix the cause and run this again.\n")
        return EXIT_DIFFERENT
    finally:
        source.dispose()
        target.dispose()
    out.write("\n".join(verification_lines(checks)) + "\n")
    return EXIT_OK if all(check.identical for check in checks) else EXIT_DIFFERENT
