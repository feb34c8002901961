"""Adopting a database made without Alembic: the legacy service's, or our earlier create_all's.

Such a database is never recreated. Only what older versions lacked is added (the legacy guard
columns of spec §5 and the tables added since), and only when everything else already matches
the baseline revision exactly; otherwise the adoption stops and names each difference.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.operations import Operations
from alembic.operations.ops import CreateIndexOp, CreateTableOp, MigrateOperation
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Connection, Float, Index, MetaData, Table, Text
from sqlalchemy.dialects.mysql import LONGTEXT

from cronjobs.storage.mysql import is_mysql

# Columns older legacy databases lack (spec §5, startup guard); the types come from the baseline.
LEGACY_COLUMN_GUARD = (("jobs", "end_date"), ("jobs", "pic_team"), ("pic_teams", "slack_handle"))

# Tables the service shares a database with but never reads, writes or drops (spec §5.9).
FOREIGN_TABLES = frozenset({"apscheduler_jobs"})


class SchemaMismatch(RuntimeError):
    """Raised when an unversioned database differs from the baseline in ways adoption cannot fix."""


def include_name(name: str | None, type_: str, _parents: Any) -> bool:
    """Leave the foreign tables out of schema comparisons, so nothing proposes dropping them."""
    return not (type_ == "table" and name in FOREIGN_TABLES)


def compare_type(
    context: MigrationContext, _inspected: Any, _declared: Any, found: Any, wanted: Any
) -> bool | None:
    """Compare column types as Alembic does, but take MySQL's FLOAT and TEXT for the models' types.

    New MySQL databases get DOUBLE for a Float and LONGTEXT for a Text (`storage.mysql`). A
    legacy database's FLOAT, single precision, is still the column the models declare, kept as
    it is (like its DATETIME without fractions of a second); its TEXT (or TINYTEXT, MEDIUMTEXT)
    is too, so it is adopted, and revision 0008 widens it to LONGTEXT.
    """
    if not is_mysql(context.dialect.name):
        return None  # Alembic's own comparison
    if isinstance(found, Float) and isinstance(wanted, Float):
        return False
    if isinstance(found, Text) and isinstance(wanted, Text) and not isinstance(found, LONGTEXT):
        return False
    return None


# How the schema is compared with the models or the baseline: by `alembic check` and
# autogenerate (through env.py) and by adoption alike, so both see the same differences.
COMPARISON_OPTIONS: dict[str, Any] = {"compare_type": compare_type, "include_name": include_name}


class _SchemaRecorder(Operations):
    """Operations that collect the tables and indexes a migration creates instead of running it."""

    def __init__(self) -> None:
        super().__init__(MigrationContext.configure(dialect_name="sqlite"))
        self.metadata = MetaData()

    def invoke(self, operation: MigrateOperation) -> Any:
        if isinstance(operation, CreateTableOp):
            return Table(operation.table_name, self.metadata, *operation.columns, **operation.kw)
        if isinstance(operation, CreateIndexOp):
            table = self.metadata.tables[operation.table_name]
            columns = [table.c[str(name)] for name in operation.columns]
            return Index(operation.index_name, *columns, unique=bool(operation.unique))
        raise TypeError(f"cannot record {type(operation).__name__}: only creations are expected")


def record_schema(create: Callable[[Operations], None]) -> MetaData:
    """Return the schema a revision's creation calls describe, without touching any database."""
    recorder = _SchemaRecorder()
    create(recorder)
    return recorder.metadata


@dataclass(frozen=True)
class Adoption:
    """What an unversioned database lacks compared with the baseline: tables and guard columns."""

    missing_tables: tuple[str, ...] = ()
    missing_columns: tuple[str, ...] = ()  # "table.column"


def _describe(difference: Any) -> str:
    if isinstance(difference, list):  # modify_* differences come as a list, one per attribute
        return "; ".join(
            f"{table}.{column}: {kind.removeprefix('modify_')} is {found!r}, not {wanted!r}"
            for kind, _schema, table, column, _existing, found, wanted in difference
        )
    kind, *details = difference
    verb, _, what = kind.partition("_")
    state = "missing" if verb == "add" else "unexpected"
    if what == "column":
        _schema, table, column = details
        return f"{state} column {table}.{column.name}"
    item = details[0]
    if isinstance(item, Table):
        return f"{state} table {item.name}"
    named = f" {item.name}" if item.name else ""
    columns = ", ".join(column.name for column in item.columns)
    return f"{state} {what}{named} on {item.table.name}({columns})"


def _differences(connection: Connection, baseline: MetaData) -> list[Any]:
    context = MigrationContext.configure(connection, opts=COMPARISON_OPTIONS)
    return list(compare_metadata(context, baseline))


def plan_adoption(connection: Connection, baseline: MetaData) -> Adoption:
    """Compare a database with the baseline (read-only); raise if more than tables/columns lack."""
    guard = {f"{table}.{column}" for table, column in LEGACY_COLUMN_GUARD}
    differences = _differences(connection, baseline)
    tables = {item[1].name for item in differences if item[0] == "add_table"}
    columns: list[str] = []
    problems: list[str] = []
    for item in differences:
        kind = item[0]
        if kind == "add_table" or (kind == "add_index" and item[1].table.name in tables):
            continue  # created with its table
        if kind == "add_column" and f"{item[2]}.{item[3].name}" in guard:
            columns.append(f"{item[2]}.{item[3].name}")
        else:
            problems.append(_describe(item))
    if problems:
        raise SchemaMismatch(
            "refusing to adopt: the database differs from the baseline revision: "
            + "; ".join(problems)
        )
    return Adoption(tuple(sorted(tables)), tuple(sorted(columns)))


def adopt(connection: Connection, baseline: MetaData, adoption: Adoption) -> None:
    """Add the missing guard columns and baseline tables, then prove nothing else differs."""
    operations = Operations(MigrationContext.configure(connection))
    for qualified in adoption.missing_columns:
        table, column = qualified.split(".")
        operations.add_column(table, Column(column, baseline.tables[table].c[column].type))
    created = [baseline.tables[name] for name in adoption.missing_tables]
    baseline.create_all(connection, tables=created, checkfirst=False)
    left = _differences(connection, baseline)
    if left:
        raise SchemaMismatch(
            "the database still differs from the baseline after adoption: "
            + "; ".join(_describe(difference) for difference in left)
        )
