"""Which tables a copy covers, in foreign-key order, and what each depends on."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Column, Table

from cronjobs.datacopy.errors import CopyRefused
from cronjobs.models import Base

# Process state, not data: the lease names the process running the scheduler on *this* database.
NOT_COPIED = {"scheduler_lease": "it holds this database's scheduler lease, which is not data"}


def copyable_tables() -> list[Table]:
    """Return every table the copy covers, parents before children."""
    return [table for table in Base.metadata.sorted_tables if table.name not in NOT_COPIED]


def primary_key(table: Table) -> Column[str]:
    """Return the one primary-key column of a copied table."""
    (column,) = table.primary_key.columns
    return column


def dependencies(table: Table) -> list[tuple[str, str]]:
    """Return a table's (foreign key, referenced table) pairs, e.g. ("jobs.created_by", "users")."""
    return sorted(
        {
            (f"{table.name}.{key.parent.name}", key.column.table.name)
            for key in table.foreign_keys
            if key.column.table is not table
        }
    )


def select_tables(names: Sequence[str] | None) -> list[Table]:
    """Return the named tables (all when None) in foreign-key order, or refuse with the reason."""
    tables = copyable_tables()
    if not names:
        return tables
    known = {table.name: table for table in tables}
    wanted = [name.strip() for name in names if name.strip()]
    for name in wanted:
        if name in NOT_COPIED:
            raise CopyRefused(f"Table {name!r} is never copied: {NOT_COPIED[name]}.")
        if name not in known:
            raise CopyRefused(f"Unknown table {name!r}. Tables: {', '.join(known)}.")
    missing = [
        f"{name} needs {parent} ({key} → {parent})"
        for name in wanted
        for key, parent in dependencies(known[name])
        if parent not in wanted
    ]
    if missing:
        raise CopyRefused(
            "--tables is missing tables the named ones depend on: "
            + "; ".join(missing)
            + ". Add them to --tables (or leave --tables out to copy everything)."
        )
    return [table for table in tables if table.name in wanted]
