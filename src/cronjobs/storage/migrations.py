"""Schema revisions (Alembic, `alembic/` at the repository root), as startup and scripts apply them.

Every database the service uses is brought to the head revision in the caller's transaction:
an empty one by running the migrations from nothing, an unversioned one holding the service's
tables by adopting it (`cronjobs.storage.adoption`) and stamping the baseline, then upgrading.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, MetaData, inspect, text
from sqlalchemy.exc import OperationalError

from cronjobs.models import THROTTLE_METADATA, Base
from cronjobs.settings import REPOSITORY_ROOT
from cronjobs.storage import mysql
from cronjobs.storage.adoption import (
    COMPARISON_OPTIONS,
    Adoption,
    SchemaMismatch,
    adopt,
    plan_adoption,
    record_schema,
)
from strangler.override_tables import OVERRIDE_METADATA

SCRIPTS_DIR = REPOSITORY_ROOT / "alembic"
BASELINE_REVISION = "0001_baseline"
VERSION_TABLE = "alembic_version"
READ_VERSION = text(f"SELECT version_num FROM {VERSION_TABLE}")
REVISION_ID_LENGTH = 32  # alembic_version.version_num is VARCHAR(32)
# Every table the revisions create: the service's models, its login throttling state and the
# gateway's run-time cutover.
VERSIONED_METADATA = (Base.metadata, THROTTLE_METADATA, OVERRIDE_METADATA)

# Alembic's `op` and `context` are module-global proxies: commands running in two threads at
# once would send one thread's DDL to the other's connection (SQLite even crashes), so a process
# runs one at a time. Startup takes the database's own lock first; nothing else holds both.
_COMMANDS = threading.Lock()

# PostgreSQL advisory lock key serialising startups: processes starting at once on a fresh
# database would otherwise race to create the same tables (and seed rows) and fail.
STARTUP_LOCK_KEY = 0x63726F6E  # "cron"


def serialise_startup(connection: Connection) -> None:
    """Hold the startup lock until this transaction ends (SQLite's BEGIN IMMEDIATE already does)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": STARTUP_LOCK_KEY})
    elif mysql.is_mysql(connection.dialect.name):
        mysql.hold_named_lock(connection, f"startup {STARTUP_LOCK_KEY}")


def alembic_config(connection: Connection | None = None) -> Config:
    """Return an Alembic configuration for `alembic/`; with a connection, env.py runs on it."""
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def context_options(dialect_name: str) -> dict[str, Any]:
    """Return the migration context options env.py and the library share."""
    return {"render_as_batch": dialect_name == "sqlite", **COMPARISON_OPTIONS}


@functools.cache
def _scripts() -> ScriptDirectory:
    if not SCRIPTS_DIR.is_dir():
        raise FileNotFoundError(f"no Alembic scripts at {SCRIPTS_DIR} (is the project editable?)")
    return ScriptDirectory.from_config(alembic_config())


@functools.cache
def head_revision() -> str:
    """Return the latest revision of `alembic/versions`."""
    head = _scripts().get_current_head()
    if head is None:
        raise LookupError(f"no revisions in {SCRIPTS_DIR / 'versions'}")
    return head


@functools.cache
def baseline_schema() -> MetaData:
    """Return the tables and indexes the baseline revision creates, recorded without a database."""
    revision = _scripts().get_revision(BASELINE_REVISION)
    assert revision is not None, BASELINE_REVISION
    return record_schema(revision.module.create_tables)


def database_revision(connection: Connection) -> str | None:
    """Return the revision a database is stamped at; None when it has no alembic_version table."""
    if connection.dialect.name == "sqlite":
        # One statement: SQLite rejects it before it runs, so the transaction survives.
        try:
            return _stamp(connection)
        except OperationalError as error:
            if "no such table" in str(error.orig):
                return None
            raise
    # PostgreSQL aborts the whole transaction on a missing table, so look first (MySQL too).
    if not connection.dialect.has_table(connection, VERSION_TABLE):
        return None
    return _stamp(connection)


def _stamp(connection: Connection) -> str | None:
    value = connection.scalar(READ_VERSION)
    return None if value is None else str(value)


@dataclass(frozen=True)
class SchemaPlan:
    """Where a database stands and what bringing it to the head revision takes."""

    current: str | None
    head: str
    adoption: Adoption | None = None  # set for an unversioned database holding our tables

    @property
    def up_to_date(self) -> bool:
        """Tell whether the database is already at the head revision."""
        return self.current == self.head

    def steps(self) -> list[tuple[str, str, str]]:
        """Return (verb, past tense, object) for each step, e.g. ("create", "created", ...)."""
        if self.up_to_date:
            return []
        if self.adoption is None and self.current is None:
            return [("create", "created", f"schema at {self.head}")]
        if self.adoption is None:
            return [("upgrade", "upgraded", f"{self.current}→{self.head}")]
        found = self.adoption
        steps = [("stamp", "stamped", f"legacy database at {BASELINE_REVISION}")]
        if found.missing_columns:
            steps.append(("add", "added", f"columns {', '.join(found.missing_columns)}"))
        if found.missing_tables:
            steps.append(("create", "created", f"tables {', '.join(found.missing_tables)}"))
        if self.head != BASELINE_REVISION:
            steps.append(("upgrade", "upgraded", f"{BASELINE_REVISION}→{self.head}"))
        return steps


def plan_upgrade(connection: Connection) -> SchemaPlan:
    """Inspect a database without writing and return what bringing it to head takes."""
    head = head_revision()
    current = database_revision(connection)
    if current is not None:
        try:
            _scripts().get_revision(current)
        except CommandError as error:  # stamped by newer code, or a foreign Alembic history
            raise SchemaMismatch(f"the database is at unknown revision {current!r}") from error
        return SchemaPlan(current, head)
    baseline = baseline_schema()
    if not set(inspect(connection).get_table_names()) & set(baseline.tables):
        return SchemaPlan(None, head)
    return SchemaPlan(None, head, plan_adoption(connection, baseline))


def upgrade_to_head(connection: Connection) -> SchemaPlan:
    """Bring a database to the head revision in the caller's transaction; return what it took.

    At head this costs one look at the stamp (one query on SQLite, two on PostgreSQL). Otherwise
    it takes the startup lock, looks again (another process may have done the work meanwhile),
    adopts an unversioned database and upgrades.
    """
    if database_revision(connection) == head_revision():
        return SchemaPlan(head_revision(), head_revision())
    serialise_startup(connection)
    plan = plan_upgrade(connection)
    config = alembic_config(connection)
    with _COMMANDS:
        if plan.adoption is not None:
            adopt(connection, baseline_schema(), plan.adoption)
            command.stamp(config, BASELINE_REVISION)
        if not plan.up_to_date:
            command.upgrade(config, "head")
    return plan


def next_revision_id(head: str | None, message: str) -> str:
    """Return a readable id for a new revision: the next number, then the message as a slug."""
    number = int(head.split("_", 1)[0]) + 1 if head else 1
    slug = re.sub(r"[^a-z0-9]+", "_", message.lower()).strip("_")
    return f"{number:04d}_{slug}"[:REVISION_ID_LENGTH].rstrip("_")
