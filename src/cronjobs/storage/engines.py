"""Engines and session factories for both stacks, built from a database URL.

Both stacks use sync engines (the FastAPI stack runs each domain step on a sync session in a
worker thread, `cronjobs.api.sessions` says why). SQLite gets WAL journal, memory-mapped reads,
a busy timeout and foreign keys on, and write transactions that start with `BEGIN IMMEDIATE`.
A deferred transaction that reads and then writes can fail at once with "database is locked"
when another connection wrote in between (SQLite does not wait in that case), so sessions opened
for writes take the write lock up front and simply queue behind the busy timeout.

Storage knows no rules of the service: whoever opens an engine passes the `setup` that installs
them (the service passes the domain's text checks), so no engine is opened without choosing.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from cronjobs.storage import mysql

SQLITE_BUSY_TIMEOUT_MS = 30_000
# Read the file through memory mapping, up to this many bytes (address space, not memory: the
# pages are the OS page cache's, shared by every connection). Reads that walk an index of a
# million executions stop copying each page through a read() call (bench/README.md, "Scale").
SQLITE_MMAP_BYTES = 1 << 30
WAL_RETRY_SECONDS = 0.02
BEGIN_OPTION = "cronjobs_sqlite_begin"
COMMITTED = "cronjobs_committed"
# What the caller installs on each new engine.
EngineSetup = Callable[[Engine], None]


# Async drivers a URL may name (spec §7.5 derives them for the FastAPI stack), and the sync
# driver of the same database that our engines use instead.
_SYNC_DRIVERS = {
    "postgresql": "postgresql+psycopg",
    "postgres": "postgresql+psycopg",
    "postgresql+asyncpg": "postgresql+psycopg",
    "sqlite+aiosqlite": "sqlite",
    **mysql.SYNC_DRIVERS,
}


def sync_url(url: str | URL) -> URL:
    """Return the URL the engines use: psycopg 3, a MySQL driver, async drivers mapped back."""
    parsed = make_url(url)
    return parsed.set(drivername=_SYNC_DRIVERS.get(parsed.drivername, parsed.drivername))


def is_sqlite(url: str | URL) -> bool:
    """Tell whether a URL names a SQLite database."""
    return make_url(url).get_backend_name() == "sqlite"


def ensure_sqlite_folder(url: str | URL) -> None:
    """Create the folder of a SQLite file database if it is missing (§7.4 step 3)."""
    parsed = make_url(url)
    if is_sqlite(parsed) and parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


def _engine_options(url: URL, echo: bool) -> dict[str, Any]:
    if is_sqlite(url):
        return {"echo": echo, "connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}}
    extra = mysql.engine_options() if mysql.is_mysql(url.get_backend_name()) else {}
    return {
        **extra,
        "echo": echo,
        "pool_size": 5,
        "max_overflow": 10,
        "pool_pre_ping": True,
        "pool_recycle": 3600,
    }


def enter_wal(cursor: Any, *, wait_seconds: float = SQLITE_BUSY_TIMEOUT_MS / 1000) -> None:
    """Put a SQLite file in WAL mode, waiting while other connections hold it."""
    # WAL is stored in the file, so only the first connection ever switches. The switch needs the
    # file to itself and SQLite answers "database is locked" at once instead of calling the busy
    # handler, which two processes starting on a new file hit; so wait for it ourselves.
    deadline = time.monotonic() + wait_seconds
    while True:
        cursor.execute("PRAGMA journal_mode")
        if cursor.fetchone()[0] in ("wal", "memory"):
            return
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except Exception as error:  # sqlite3 and the aiosqlite adapter raise their own classes
            if "locked" not in str(error) or time.monotonic() >= deadline:
                raise
            time.sleep(WAL_RETRY_SECONDS)


def _install_sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to SQLAlchemy's "begin" event below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        enter_wal(cursor)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(BEGIN_OPTION, "")
        connection.exec_driver_sql(f"BEGIN {mode}".strip())


def create_sync_engine(url: str, *, setup: EngineSetup, echo: bool = False) -> Engine:
    """Build the sync engine the Flask stack, the scripts and the scheduler use."""
    target = sync_url(url)
    engine = create_engine(target, **_engine_options(target, echo))
    setup(engine)
    if is_sqlite(target):
        _install_sqlite_pragmas(engine)
    elif mysql.is_mysql(target.get_backend_name()):
        mysql.install_lock_release(engine)
    return engine


def read_only_sqlite_engine(path: Path) -> Engine:
    """Open an existing SQLite file for reading only, never creating it (scripts' inspections).

    The driver is left in autocommit, so a caller wanting one snapshot across reads issues BEGIN.
    """

    def connect() -> sqlite3.Connection:
        connection = sqlite3.connect(
            f"{path.as_uri()}?mode=rw", uri=True, timeout=30, isolation_level=None
        )
        connection.execute("PRAGMA query_only=ON")
        return connection

    return create_engine("sqlite://", creator=connect)


def writer(engine: Engine) -> Engine:
    """Return a view of the engine whose transactions take the write lock at once on SQLite."""
    return engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})


class SyncSessions:
    """Session factories for reads and for writes on one sync engine; sessions note commits."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.read = sessionmaker(bind=engine, expire_on_commit=False)
        self.write = sessionmaker(bind=writer(engine), expire_on_commit=False)
        for factory in (self.read, self.write):
            event.listen(factory, "after_commit", _note_commit)


def has_committed(session: Session) -> bool:
    """Tell whether a session of `SyncSessions` has committed since it was opened."""
    return bool(session.info.get(COMMITTED, False))


def _note_commit(session: Session) -> None:
    session.info[COMMITTED] = True


def unreachable(engine: Engine) -> str | None:
    """Say why the engine's database does not answer a `SELECT 1`, or None when it does."""
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except SQLAlchemyError as error:
        cause = error.orig if isinstance(error, DBAPIError) else error
        first_line = (str(cause).splitlines() or [""])[0]
        return f"database unreachable: {type(cause).__name__}: {first_line}"
    return None
