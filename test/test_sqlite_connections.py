"""What every SQLite connection of our engines is set to (`storage.engines`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.storage.engines import SQLITE_BUSY_TIMEOUT_MS, SQLITE_MMAP_BYTES, create_sync_engine


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """An engine on a new SQLite file."""
    engine = create_sync_engine(f"sqlite:///{tmp_path / 'app.db'}", setup=install_text_checks)
    yield engine
    engine.dispose()


def pragma(engine: Engine, name: str) -> object:
    """Read a pragma on a connection from the engine's pool."""
    with engine.connect() as connection:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_a_connection_reads_the_file_through_a_memory_map(engine: Engine) -> None:
    assert pragma(engine, "mmap_size") == SQLITE_MMAP_BYTES


def test_a_connection_enforces_foreign_keys(engine: Engine) -> None:
    assert pragma(engine, "foreign_keys") == 1


def test_a_connection_waits_for_the_write_lock(engine: Engine) -> None:
    assert pragma(engine, "busy_timeout") == SQLITE_BUSY_TIMEOUT_MS
