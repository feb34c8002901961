"""Preparing a database at startup (spec §7.4 steps 3–6), the same way for every process.

Every step is idempotent, so both stacks, every worker and the scripts may run it against the
same database in any order. The schema comes from the Alembic revisions (`storage.migrations`):
create-if-absent and the SQLite column guard of spec §5 are its upgrade and legacy adoption. The
seed's rows are the caller's (the service passes the domain's `startup_seed`); storage runs its
steps, each in a transaction of its own, serialised with every other starting process.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Protocol

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from cronjobs.storage.engines import ensure_sqlite_folder, is_sqlite, writer
from cronjobs.storage.migrations import serialise_startup, upgrade_to_head

log = logging.getLogger(__name__)
# Writes some startup rows when they are missing and tells whether it did.
SeedStep = Callable[[Session], bool]


class StartupSeed(Protocol):
    """The caller's startup rows: named steps, with or without the default admin."""

    def __call__(self, *, default_admin: bool) -> Mapping[str, SeedStep]: ...


def seed_database(session: Session, seed: StartupSeed, *, default_admin: bool) -> None:
    """Run each step of the seed in a transaction of its own; log failures, never raise."""
    for name, step in seed(default_admin=default_admin).items():
        try:
            with session.begin():
                serialise_startup(session.connection())
                if step(session):
                    log.info("startup: %s created", name)
        except Exception:
            log.exception("startup: %s failed", name)


def prepare_database(engine: Engine, seed: StartupSeed, *, default_admin: bool) -> None:
    """Bring the schema to the head revision and seed a database reached through a sync engine."""
    ensure_sqlite_folder(engine.url)
    with writer(engine).begin() as connection:
        upgrade_to_head(connection)
    with Session(writer(engine)) as session:
        seed_database(session, seed, default_admin=default_admin)


__all__ = ["is_sqlite", "prepare_database"]
