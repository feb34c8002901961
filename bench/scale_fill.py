"""Filling a database for the scale benchmark: 10,000 jobs and 1,000,000 executions."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from uuid import UUID

from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.domain.process.seed import startup_seed
from cronjobs.storage.engines import create_sync_engine
from cronjobs.storage.prepare import prepare_database

USERS, TEAMS = 200, 20
START = datetime(2025, 1, 1)
STATUSES = ("success",) * 6 + ("failed", "failed", "running", "success")
TRIGGERS = ("scheduled", "scheduled", "scheduled", "manual")
CRONS = ("*/5 * * * *", "0 * * * *", "15 3 * * *", "0 9 * * 1-5", "30 2 1 * *", "*/15 8-18 * * *")
BATCH = 50_000
Row = tuple[object, ...]


def _uuid(rng: random.Random) -> str:
    return str(UUID(int=rng.getrandbits(128), version=4))


def _stamp(moment: datetime) -> str:
    # The text form SQLAlchemy's SQLite DateTime stores; PostgreSQL parses it too.
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


class Fill:
    """The rows of one benchmark database, drawn from a seeded generator."""

    def __init__(self, jobs: int, executions: int, seed: int = 13) -> None:
        self.rng = random.Random(seed)
        self.executions = executions
        self.users = [_uuid(self.rng) for _ in range(USERS)]
        self.jobs = [_uuid(self.rng) for _ in range(jobs)]

    def user_rows(self) -> list[Row]:
        """Plain users who own the jobs (the seeded admin owns none)."""
        return [
            (u, f"user{i}", f"user{i}@example.com", "x" * 60, "user", True, _stamp(START))
            for i, u in enumerate(self.users)
        ]

    def team_rows(self) -> list[Row]:
        """PIC teams the jobs point at by slug."""
        return [
            (
                _uuid(self.rng),
                f"team-{i}",
                f"Team {i}",
                f"@team{i}",
                True,
                _stamp(START),
                _stamp(START),
            )
            for i in range(TEAMS)
        ]

    def job_rows(self, categories: list[str]) -> list[Row]:
        """Jobs of varied owners, categories, teams and crons; a tenth inactive, some expired."""
        rows = []
        for i, job in enumerate(self.jobs):
            created = START + timedelta(minutes=i * 7)
            expired = i % 17 == 0
            rows.append(
                (
                    job,
                    f"job {i:05d}",
                    CRONS[i % len(CRONS)],
                    f"https://hooks.example/{i}" if i % 2 else None,
                    None if i % 2 else "acme",
                    None if i % 2 else f"repo{i % 50}",
                    None if i % 2 else "deploy.yml",
                    '{"ref": "main"}' if i % 3 else None,
                    categories[i % len(categories)],
                    "2025-06-30" if expired else "2027-12-31",
                    f"team-{i % TEAMS}" if i % 5 else None,
                    bool(i % 4 == 0),
                    "ops@example.com,dev@example.com" if i % 4 == 0 else None,
                    False,
                    self.users[i % USERS],
                    not (i % 10 == 0 or expired),
                    _stamp(created),
                    _stamp(created),
                )
            )
        return rows

    def execution_batches(self) -> Iterator[list[Row]]:
        """Executions spread over the jobs at random and over 18 months, in batches."""
        rng, jobs, batch = self.rng, self.jobs, []
        span = 18 * 30 * 86400
        for index in range(self.executions):
            started = START + timedelta(
                seconds=rng.randrange(span), microseconds=rng.randrange(10**6)
            )
            status = STATUSES[rng.randrange(len(STATUSES))]
            done = status != "running"
            job = rng.randrange(len(jobs))
            batch.append(
                (
                    _uuid(rng),
                    jobs[job],
                    status,
                    TRIGGERS[index % len(TRIGGERS)],
                    _stamp(started),
                    _stamp(started + timedelta(seconds=2)) if done else None,
                    round(rng.random() * 5, 3) if done else None,
                    "webhook" if job % 2 else "github_actions",
                    f"https://hooks.example/{job}",
                    200 if status == "success" else (500 if done else None),
                    "HTTP 500 from target" if status == "failed" else None,
                    "ok" if status == "success" else None,
                )
            )
            if len(batch) == BATCH:
                yield batch
                batch = []
        if batch:
            yield batch


USER_SQL = (
    "INSERT INTO users (id, username, email, password_hash, role, is_active, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)
TEAM_SQL = (
    "INSERT INTO pic_teams (id, slug, name, slack_handle, is_active, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)
JOB_SQL = (
    "INSERT INTO jobs (id, name, cron_expression, target_url, github_owner, github_repo,"
    " github_workflow_name, job_metadata, category, end_date, pic_team,"
    " enable_email_notifications, notification_emails, notify_on_success, created_by, is_active,"
    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
EXECUTION_SQL = (
    "INSERT INTO job_executions (id, job_id, status, trigger_type, started_at, completed_at,"
    " duration_seconds, execution_type, target, response_status, error_message, output)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def prepare(url: str) -> None:
    """Bring an empty database to head and seed it, as the service does at start."""
    engine = create_sync_engine(url, setup=install_text_checks)
    prepare_database(engine, startup_seed, default_admin=True)
    engine.dispose()


def fill_sqlite(path: str, fill: Fill) -> None:
    """Prepare a SQLite file and insert the rows with the sqlite3 module."""
    prepare(f"sqlite:///{path}")
    connection = sqlite3.connect(path)
    with connection:
        categories = [r[0] for r in connection.execute("SELECT slug FROM job_categories")]
        connection.executemany(USER_SQL, fill.user_rows())
        connection.executemany(TEAM_SQL, fill.team_rows())
        connection.executemany(JOB_SQL, fill.job_rows(categories))
    for batch in fill.execution_batches():
        with connection:
            connection.executemany(EXECUTION_SQL, batch)
    connection.close()  # no ANALYZE: like a legacy file, which has no planner statistics


def fill_postgres(url: str, fill: Fill) -> None:
    """Prepare a PostgreSQL database and insert the rows with COPY."""
    import psycopg

    prepare(url)
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as connection:
        categories = [r[0] for r in connection.execute("SELECT slug FROM job_categories")]
        for sql, rows in (
            (USER_SQL, fill.user_rows()),
            (TEAM_SQL, fill.team_rows()),
            (JOB_SQL, fill.job_rows(categories)),
        ):
            _copy(connection, sql, rows)
        for batch in fill.execution_batches():
            _copy(connection, EXECUTION_SQL, batch)
        connection.commit()
        connection.execute("ANALYZE")
        connection.commit()


def _copy(connection: object, sql: str, rows: list[Row]) -> None:
    head = sql.split(" VALUES")[0].replace("INSERT INTO", "COPY")
    with connection.cursor().copy(f"{head} FROM STDIN") as copy:  # type: ignore[attr-defined]
        for row in rows:
            copy.write_row(row)
