"""Processes starting at once on a fresh database prepare it once, without errors (spec §7.4).

On PostgreSQL, concurrent `CREATE TABLE`s of the same table fail on the catalogue's unique
index; the startup takes an advisory lock so they queue instead.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.domain.process.seed import startup_seed
from cronjobs.models import JobCategory, User
from cronjobs.storage.engines import create_sync_engine
from cronjobs.storage.prepare import prepare_database
from tests_support.kit.databases import empty_server_url, sqlite_url

PROCESSES = 6


@pytest.mark.parametrize(
    "kind",
    [
        "sqlite",
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("mysql", marks=pytest.mark.mysql),
    ],
)
def test_concurrent_startups_prepare_the_database_once(
    kind: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = sqlite_url(tmp_path) if kind == "sqlite" else empty_server_url(kind)
    engines = [create_sync_engine(url, setup=install_text_checks) for _ in range(PROCESSES)]
    barrier = threading.Barrier(PROCESSES)
    failures: list[BaseException] = []

    def start(index: int) -> None:
        barrier.wait()
        try:
            prepare_database(engines[index], startup_seed, default_admin=True)
        except BaseException as exc:  # reported below, in the test's thread
            failures.append(exc)

    with caplog.at_level(logging.ERROR, logger="cronjobs"):
        threads = [threading.Thread(target=start, args=(index,)) for index in range(PROCESSES)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    try:
        with engines[0].connect() as connection:
            admins = connection.scalar(select(func.count()).select_from(User))
            categories = connection.scalar(select(func.count()).select_from(JobCategory))
    finally:
        for engine in engines:
            engine.dispose()
    assert failures == []
    assert [record.getMessage() for record in caplog.records] == []
    assert admins == 1
    assert categories is not None and categories >= 1


def test_a_fresh_file_another_connection_is_writing_is_switched_to_wal_once_it_is_free(
    tmp_path: Path,
) -> None:
    path = tmp_path / "fresh.sqlite"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE t (x INTEGER)")
    # A writer on a rollback journal: SQLite refuses the switch at once instead of waiting.
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO t VALUES (1)")
    release = threading.Timer(0.3, holder.commit)
    release.start()
    engine = create_sync_engine(f"sqlite:///{path}", setup=install_text_checks)
    try:
        with engine.connect() as connection:
            mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
    finally:
        engine.dispose()
        release.join()
        holder.close()
    assert mode == "wal"
