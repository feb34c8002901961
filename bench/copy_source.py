"""Filling a SQLite source for the data-copy benchmark: executions with their jobs and users."""

from __future__ import annotations

import random
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from uuid import UUID

from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.domain.process.seed import startup_seed
from cronjobs.storage.engines import create_sync_engine
from cronjobs.storage.prepare import prepare_database

USERS, JOBS = 50, 1_000
START = datetime(2025, 1, 1)
STATUSES = ("success", "success", "success", "failed", "running")


def _uuid(rng: random.Random) -> str:
    return str(UUID(int=rng.getrandbits(128), version=4))


def _stamp(moment: datetime) -> str:
    # The text form SQLAlchemy's SQLite DateTime stores, so the file reads like the service's.
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def fill(path: Path, executions: int, *, seed: int = 6) -> dict[str, int]:
    """Create a prepared SQLite database at `path` holding `executions` runs; return row counts."""
    engine = create_sync_engine(f"sqlite:///{path}", setup=install_text_checks)
    prepare_database(engine, startup_seed, default_admin=True)
    engine.dispose()
    rng = random.Random(seed)
    users = [_uuid(rng) for _ in range(USERS)]
    jobs = [_uuid(rng) for _ in range(JOBS)]
    connection = sqlite3.connect(path)
    with connection:
        connection.executemany(
            "INSERT INTO users (id, username, email, password_hash, role, is_active, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, 'user', 1, ?, NULL)",
            [
                (u, f"user{i}", f"user{i}@example.com", "x" * 60, _stamp(START))
                for i, u in enumerate(users)
            ],
        )
        connection.executemany(
            "INSERT INTO jobs (id, name, cron_expression, target_url, job_metadata, category,"
            " end_date, enable_email_notifications, notify_on_success, created_by, is_active,"
            " created_at, updated_at) VALUES (?, ?, '*/5 * * * *', ?, ?, 'general', ?, 0, 1, ?,"
            " 1, ?, ?)",
            [
                (
                    j,
                    f"job {i} ✓",
                    f"https://hooks.example/{i}",
                    '{"ref": "main"}',
                    "2027-01-31" if i % 3 else None,
                    users[i % USERS],
                    _stamp(START),
                    _stamp(START),
                )
                for i, j in enumerate(jobs)
            ],
        )
    batch = []
    for index in range(executions):
        started = START + timedelta(seconds=index * 7, microseconds=rng.randrange(1_000_000))
        status = STATUSES[index % len(STATUSES)]
        done = status != "running"
        batch.append(
            (
                _uuid(rng),
                jobs[index % JOBS],
                status,
                "scheduled" if index % 4 else "manual",
                _stamp(started),
                _stamp(started + timedelta(seconds=2)) if done else None,
                rng.random() * 5 if done else None,
                "webhook",
                f"https://hooks.example/{index % JOBS}",
                200 if status == "success" else (500 if done else None),
                "HTTP 500 from target" if status == "failed" else None,
                f"run {index}: ok" if status == "success" else None,
            )
        )
        if len(batch) == 50_000 or index == executions - 1:
            with connection:
                connection.executemany(
                    "INSERT INTO job_executions (id, job_id, status, trigger_type, started_at,"
                    " completed_at, duration_seconds, execution_type, target, response_status,"
                    " error_message, output) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    batch,
                )
            batch = []
    counts = {
        table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("users", "jobs", "job_executions", "job_categories")
    }
    connection.close()
    return counts
