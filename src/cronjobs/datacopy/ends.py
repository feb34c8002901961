"""The two ends of a copy: opened the safe way, and refused when they are the wrong ones."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, event, inspect

from cronjobs.datacopy.errors import CopyRefused
from cronjobs.models import Base
from cronjobs.storage import migrations, mysql
from cronjobs.storage.engines import create_sync_engine, is_sqlite, read_only_sqlite_engine
from cronjobs.storage.urls import same_database, shown_url, sqlite_path


def _unchecked(_engine: Engine) -> None:
    """Install no text checks: a copy writes stored rows, whose parameters are not client input."""


def _existing_sqlite_file(url: str, role: str) -> Path:
    path = sqlite_path(url)
    if path is None:
        raise CopyRefused(f"The {role} {shown_url(url)} is an in-memory database; name a file.")
    if not path.is_file():
        hint = " Run scripts/init_fastapi_db.py first." if role == "target" else ""
        raise CopyRefused(f"The {role} database {path} does not exist.{hint}")
    return path


def open_source(url: str) -> Engine:
    """Open the source for reading only, with one snapshot per connection (see `begin_snapshot`)."""
    if not is_sqlite(url):
        engine = create_sync_engine(url, setup=_unchecked)
        return engine.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
    return read_only_sqlite_engine(_existing_sqlite_file(url, "source"))


def begin_snapshot(connection: Connection) -> None:
    """Make every read of this source connection see one moment, so children match parents."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN")  # the driver is in autocommit: start the read here
    elif mysql.is_mysql(connection.dialect.name):
        # InnoDB would take the snapshot at the first read of a table; take it now, read-only as
        # PostgreSQL's (`open_source`), so no statement of the copy can write to the source.
        connection.exec_driver_sql("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")


# A copy rewrites the same index pages batch after batch: a larger page cache and fewer WAL
# checkpoints write each of them far fewer times (measured: bench/README.md).
SQLITE_COPY_PRAGMAS = ("PRAGMA cache_size=-262144", "PRAGMA wal_autocheckpoint=20000")


def open_target(url: str) -> Engine:
    """Open the target for writing (it must exist: `init_fastapi_db.py` creates it)."""
    if not is_sqlite(url):
        return create_sync_engine(url, setup=_unchecked)
    _existing_sqlite_file(url, "target")
    engine = create_sync_engine(url, setup=_unchecked)

    @event.listens_for(engine, "connect")
    def tune_for_bulk_writes(dbapi_connection: Any, _record: Any) -> None:
        for pragma in SQLITE_COPY_PRAGMAS:
            dbapi_connection.execute(pragma)

    return engine


def refuse_same_database(source_url: str, target_url: str) -> None:
    """Refuse to copy a database onto itself."""
    if same_database(source_url, target_url):
        raise CopyRefused(
            f"Source and target are the same database ({shown_url(source_url)}); nothing to copy."
        )


def refuse_stale_target(connection: Connection, url: str) -> None:
    """Refuse a target whose schema is not at the latest revision."""
    found, head = migrations.database_revision(connection), migrations.head_revision()
    if found != head:
        state = f"at revision {found}" if found else "not managed by Alembic (no alembic_version)"
        raise CopyRefused(
            f"The target {shown_url(url)} is {state}; the latest revision is {head}. "
            f"Run: python scripts/init_fastapi_db.py --url '{shown_url(url)}'"
        )


def refuse_incomplete_source(connection: Connection, url: str, names: Sequence[str]) -> None:
    """Refuse a source that lacks a table or column the copy reads."""
    inspector = inspect(connection)
    present = set(inspector.get_table_names())
    missing: list[str] = []
    for name in names:
        if name not in present:
            missing.append(name)
            continue
        columns = {column["name"] for column in inspector.get_columns(name)}
        wanted = Base.metadata.tables[name].columns
        missing.extend(f"{name}.{column.name}" for column in wanted if column.name not in columns)
    if missing:
        raise CopyRefused(
            f"The source {shown_url(url)} lacks {', '.join(missing)}. Start the service on it once "
            "(its startup adds what an older database lacks), then run this again."
        )
