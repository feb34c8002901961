"""Seeding the HTTP-twins benchmark's database: the admin's jobs and their executions."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import Engine, MetaData, delete, select

from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.domain.process.seed import startup_seed
from cronjobs.storage.engines import create_sync_engine
from cronjobs.storage.prepare import prepare_database

START = datetime(2025, 1, 1)
STATUSES = ("success", "success", "success", "failed", "running")
BATCH = 20_000
# Rows the write benchmarks create, removed after each of their runs (see `clean_writes`).
CREATED_PREFIX = "bench-new-"
# Jobs need a PIC team (§4.2.1); every job, seeded or created, names this one.
PIC_TEAM = "bench-team"


def _uuid(rng: random.Random) -> str:
    return str(UUID(int=rng.getrandbits(128), version=4))


def _tables(engine: Engine) -> MetaData:
    metadata = MetaData()
    metadata.reflect(engine, only=["users", "jobs", "job_executions", "notifications", "pic_teams"])
    return metadata


def seed(url: str, *, jobs: int, executions: int, seed: int = 13) -> list[str]:
    """Prepare `url` and replace its jobs with `jobs` admin jobs and `executions` runs; ids."""
    engine = create_sync_engine(url, setup=install_text_checks)
    try:
        prepare_database(engine, startup_seed, default_admin=True)
        tables = _tables(engine).tables
        rng = random.Random(seed)
        job_ids = [_uuid(rng) for _ in range(jobs)]
        with engine.begin() as connection:
            for name in ("notifications", "job_executions", "jobs", "pic_teams"):
                connection.execute(delete(tables[name]))
            connection.execute(
                tables["pic_teams"].insert(),
                {
                    "id": _uuid(rng),
                    "slug": PIC_TEAM,
                    "name": "Bench team",
                    "slack_handle": "@bench",
                    "is_active": True,
                    "created_at": START,
                    "updated_at": START,
                },
            )
            admin = connection.execute(
                select(tables["users"].c.id).where(tables["users"].c.username == "admin")
            ).scalar_one()
            connection.execute(
                tables["jobs"].insert(),
                [
                    {
                        "id": job_id,
                        "name": f"job {index} ✓",
                        "cron_expression": "*/5 * * * *",
                        "target_url": f"https://hooks.example/{index}",
                        "job_metadata": '{"ref": "main"}',
                        "category": "general",
                        "pic_team": PIC_TEAM,
                        "end_date": datetime(2099, 1, 31).date() if index % 3 else None,
                        "enable_email_notifications": False,
                        "notify_on_success": False,
                        "created_by": admin,
                        "is_active": True,
                        "created_at": START + timedelta(minutes=index),
                        "updated_at": START + timedelta(minutes=index),
                    }
                    for index, job_id in enumerate(job_ids)
                ],
            )
        batch: list[dict[str, object]] = []
        for index in range(executions):
            started = START + timedelta(seconds=index * 7, microseconds=rng.randrange(1_000_000))
            status = STATUSES[index % len(STATUSES)]
            done = status != "running"
            batch.append(
                {
                    "id": _uuid(rng),
                    "job_id": job_ids[index % jobs],
                    "status": status,
                    "trigger_type": "scheduled" if index % 4 else "manual",
                    "started_at": started,
                    "completed_at": started + timedelta(seconds=2) if done else None,
                    "duration_seconds": rng.random() * 5 if done else None,
                    "execution_type": "webhook",
                    "target": f"https://hooks.example/{index % jobs}",
                    "response_status": 200 if status == "success" else (500 if done else None),
                    "error_message": "HTTP 500 from target" if status == "failed" else None,
                    "output": f"run {index}: ok" if status == "success" else None,
                }
            )
            if len(batch) == BATCH or index == executions - 1:
                with engine.begin() as connection:
                    connection.execute(tables["job_executions"].insert(), batch)
                batch = []
        return job_ids
    finally:
        engine.dispose()


def clean_writes(url: str) -> int:
    """Delete the jobs the create benchmark made and every notification; return jobs deleted."""
    engine = create_sync_engine(url, setup=install_text_checks)
    try:
        tables = _tables(engine).tables
        jobs = tables["jobs"]
        with engine.begin() as connection:
            connection.execute(delete(tables["notifications"]))
            created = connection.execute(
                delete(jobs).where(jobs.c.name.startswith(CREATED_PREFIX))
            ).rowcount
        return int(created)
    finally:
        engine.dispose()
