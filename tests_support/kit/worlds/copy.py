"""Databases for the data-copy tests: a source holding every table and every kind of value."""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import Engine, delete, insert, update
from sqlalchemy.orm import Session

from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.domain.process.seed import startup_seed
from cronjobs.models import (
    Job,
    JobCategory,
    JobExecution,
    Notification,
    PicTeam,
    SlackSettings,
    User,
    UserNotificationPreferences,
    UserUiPreferences,
)
from cronjobs.storage.engines import create_sync_engine, is_sqlite
from cronjobs.storage.prepare import prepare_database
from tests_support.kit.databases import wipe_server

STAMP = datetime(2026, 3, 4, 5, 6, 7, 123456)
OWNER_ID = "11111111-1111-4111-8111-111111111111"
FULL_JOB_ID = "22222222-2222-4222-8222-222222222222"
BARE_JOB_ID = "33333333-3333-4333-8333-333333333333"
EXECUTION_ID = "44444444-4444-4444-8444-444444444444"
JOB_METADATA = json.dumps({"ref": "main", "inputs": {"région": "東京", "n": 3}}, ensure_ascii=False)


def prepared(url: str) -> Engine:
    """Return an engine on a database prepared as startup does (wiped first on a server)."""
    if not is_sqlite(url):
        wipe_server(url)
    engine = create_sync_engine(url, setup=install_text_checks)
    prepare_database(engine, startup_seed, default_admin=False)
    return engine


def empty_target(url: str) -> Engine:
    """Return a prepared target without the seeded categories, so it holds no rows at all."""
    engine = prepared(url)
    with engine.begin() as connection:
        connection.execute(delete(JobCategory))
    return engine


def fill_source(engine: Engine) -> None:
    """Add rows to every copied table: non-ASCII text, emoji, NULLs, both booleans, microseconds."""
    with Session(engine) as session, session.begin():
        session.add(
            User(
                id=OWNER_ID,
                username="zoë",
                email="zoë@example.com",
                password_hash="x" * 40,
                role="admin",
                is_active=True,
            )
        )
        session.add(
            User(
                username="bob",
                email="bob@example.com",
                password_hash="y",
                role="viewer",
                is_active=False,
            )
        )
        session.add(
            PicTeam(
                slug="équipe-ops",
                name="Équipe Ops ☕",
                slack_handle="@ops",
                is_active=True,
                created_at=STAMP,
                updated_at=STAMP,
            )
        )
        session.add(PicTeam(slug="quiet", name="Quiet", slack_handle=None, is_active=False))
        session.flush()
        session.add(
            Job(
                id=FULL_JOB_ID,
                name="nightly 夜間",
                cron_expression="0 1 * * *",
                target_url=None,
                github_owner="acme",
                github_repo="ops",
                github_workflow_name="nightly.yml",
                job_metadata=JOB_METADATA,
                category="maintenance",
                end_date=date(2027, 1, 31),
                pic_team="équipe-ops",
                enable_email_notifications=True,
                notification_emails="a@x.io,b@x.io",
                notify_on_success=True,
                created_by=OWNER_ID,
                is_active=True,
                created_at=STAMP,
                updated_at=STAMP,
            )
        )
        session.add(
            Job(
                id=BARE_JOB_ID,
                name="hook",
                cron_expression="*/5 * * * *",
                target_url="https://example.com/hook",
                job_metadata=None,
                category="general",
                end_date=None,
                pic_team=None,
                created_by=None,
                is_active=False,
            )
        )
        session.flush()
        session.add(
            JobExecution(
                id=EXECUTION_ID,
                job_id=FULL_JOB_ID,
                status="success",
                trigger_type="scheduled",
                started_at=STAMP,
                completed_at=STAMP,
                duration_seconds=0.1 + 0.2,
                execution_type="github",
                target="acme/ops",
                response_status=204,
                error_message=None,
                output="ok ✓ 🎉",
            )
        )
        session.add(
            JobExecution(
                job_id=BARE_JOB_ID,
                status="running",
                trigger_type="manual",
                started_at=STAMP,
                completed_at=None,
                duration_seconds=None,
                response_status=None,
                output=None,
            )
        )
        session.flush()
        session.add(
            Notification(
                user_id=OWNER_ID,
                title="Job failed ✗",
                message="déjà vu",
                type="error",
                related_job_id=FULL_JOB_ID,
                related_execution_id=EXECUTION_ID,
                is_read=True,
                read_at=STAMP,
                created_at=STAMP,
            )
        )
        session.add(
            Notification(
                user_id=OWNER_ID,
                title="Hi",
                message="",
                type="info",
                related_job_id=None,
                related_execution_id=None,
                is_read=False,
                read_at=None,
            )
        )
        session.add(
            SlackSettings(is_enabled=True, webhook_url="https://hooks.example/x", channel=None)
        )
        session.add(
            UserNotificationPreferences(
                user_id=OWNER_ID, email_on_job_success=False, daily_digest=True
            )
        )
        session.add(
            UserUiPreferences(user_id=OWNER_ID, jobs_table_columns=json.dumps(["name", "cron"]))
        )
    # The owner's timestamps are NULL (nullable legacy columns); the ORM would fill None with the
    # column default, so they are cleared after the insert.
    with engine.begin() as connection:
        connection.execute(
            update(User).where(User.id == OWNER_ID).values(updated_at=None, created_at=None)
        )


def add_executions(engine: Engine, count: int, *, job_id: str = FULL_JOB_ID) -> None:
    """Add `count` finished executions of one job in one statement."""
    rows = [
        {
            "id": f"e{index:07d}-0000-4000-8000-000000000000",
            "job_id": job_id,
            "status": "success",
            "trigger_type": "scheduled",
            "started_at": STAMP,
            "completed_at": STAMP,
            "duration_seconds": index / 1000,
            "output": f"run {index}",
        }
        for index in range(count)
    ]
    with engine.begin() as connection:
        connection.execute(insert(JobExecution), rows)


def add_user(engine: Engine, *, key: str, username: str) -> None:
    """Add a user with this primary key and username (its e-mail derived from both)."""
    with engine.begin() as connection:
        connection.execute(
            insert(User).values(
                id=key,
                username=username,
                email=f"{username}.{key[:8]}@example.com",
                password_hash="z",
                role="user",
                is_active=True,
                created_at=STAMP,
                updated_at=STAMP,
            )
        )
