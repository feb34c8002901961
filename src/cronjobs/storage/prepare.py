"""Preparing a database at startup (spec §7.4 steps 3–6), the same way for every process.

Every step is idempotent, so both stacks, every worker and the scripts may run it against the
same database in any order. The schema comes from the Alembic revisions (`storage.migrations`):
create-if-absent and the SQLite column guard of spec §5 are its upgrade and legacy adoption.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import Session

from cronjobs.domain.process.seed import ensure_default_admin, seed_categories
from cronjobs.storage.engines import ensure_sqlite_folder, is_sqlite, writer
from cronjobs.storage.migrations import serialise_startup, upgrade_to_head

log = logging.getLogger(__name__)


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
    """Bring the schema to the head revision and seed a database reached through a sync engine."""
    ensure_sqlite_folder(engine.url)
    with writer(engine).begin() as connection:
        upgrade_to_head(connection)
    with Session(writer(engine)) as session:
        seed_database(session, default_admin=default_admin)


async def prepare_async_database(engine: AsyncEngine, *, default_admin: bool) -> None:
    """Bring the schema to the head revision and seed a database reached through an async engine."""
    ensure_sqlite_folder(engine.url)
    async with writer(engine).begin() as connection:
        await connection.run_sync(upgrade_to_head)
    async with AsyncSession(writer(engine)) as session:
        await session.run_sync(lambda sync: seed_database(sync, default_admin=default_admin))


__all__ = ["is_sqlite", "prepare_async_database", "prepare_database"]
