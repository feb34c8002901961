"""Preparing a database at startup (spec §7.4 steps 3–6), the same way for every process.

Every step is idempotent, so both stacks, every worker and the scripts may run it against the
same database in any order.
"""

from __future__ import annotations

import logging

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import Session

from cronjobs.db import ensure_sqlite_folder, is_sqlite, writer
from cronjobs.domain.seed import ensure_default_admin, seed_categories
from cronjobs.migrations import serialise_startup
from cronjobs.models import Base

log = logging.getLogger(__name__)

# Columns that older legacy databases lack; added on SQLite at startup (spec §5).
LEGACY_COLUMN_GUARD = (
    ("jobs", "end_date", "DATE"),
    ("jobs", "pic_team", "VARCHAR(100)"),
    ("pic_teams", "slack_handle", "VARCHAR(255)"),
)


def create_schema(connection: Connection) -> None:
    """Create missing tables and, on SQLite, add the legacy guard columns."""
    serialise_startup(connection)
    Base.metadata.create_all(connection, checkfirst=True)
    if connection.dialect.name != "sqlite":
        return
    inspector = inspect(connection)
    for table, column, sql_type in LEGACY_COLUMN_GUARD:
        existing = {col["name"] for col in inspector.get_columns(table)}
        if column not in existing:
            connection.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {sql_type}"))


def seed_database(session: Session, *, default_admin: bool) -> None:
    """Seed the categories and, when allowed, the default admin; log failures, never raise."""
    steps = [("category seed", seed_categories)]
    if default_admin:
        steps.append(("default admin", ensure_default_admin))
    for name, step in steps:
        try:
            with session.begin():
                serialise_startup(session.connection())
                if step(session):
                    log.info("startup: %s created", name)
        except Exception:
            log.exception("startup: %s failed", name)


def prepare_database(engine: Engine, *, default_admin: bool) -> None:
    """Create the schema and the seed data in a database reached through a sync engine."""
    ensure_sqlite_folder(engine.url)
    with writer(engine).begin() as connection:
        create_schema(connection)
    with Session(writer(engine)) as session:
        seed_database(session, default_admin=default_admin)


async def prepare_async_database(engine: AsyncEngine, *, default_admin: bool) -> None:
    """Create the schema and the seed data in a database reached through an async engine."""
    ensure_sqlite_folder(engine.url)
    async with writer(engine).begin() as connection:
        await connection.run_sync(create_schema)
    async with AsyncSession(writer(engine)) as session:
        await session.run_sync(lambda sync: seed_database(sync, default_admin=default_admin))


__all__ = [
    "create_schema",
    "is_sqlite",
    "prepare_async_database",
    "prepare_database",
    "serialise_startup",
]
