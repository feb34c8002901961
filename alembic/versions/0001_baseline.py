"""Baseline: the legacy schema of spec §5 and the project's scheduler_lease.

Revision ID: 0001_baseline
Revises:
Create Date: 2026-11-22

Names are the ones SQLAlchemy's default naming gives the models (indexes `ix_<table>_<column>`,
other constraints unnamed), so a database the legacy service or `create_all` made is this
revision exactly, apart from what `cronjobs.storage.adoption` adds (guard columns, newer tables).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from alembic.operations import Operations

revision: str = "0001_baseline"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(length=36)


def create_tables(operations: Operations) -> None:
    """Create every baseline table and index; adoption replays it to learn the baseline."""
    operations.create_table(
        "users",
        sa.Column("id", ID, nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("email", sa.String(length=120), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    operations.create_index("ix_users_username", "users", ["username"], unique=True)
    operations.create_index("ix_users_email", "users", ["email"], unique=True)
    operations.create_table(
        "jobs",
        sa.Column("id", ID, nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("cron_expression", sa.String(length=100), nullable=False),
        sa.Column("target_url", sa.String(length=500), nullable=True),
        sa.Column("github_owner", sa.String(length=255), nullable=True),
        sa.Column("github_repo", sa.String(length=255), nullable=True),
        sa.Column("github_workflow_name", sa.String(length=255), nullable=True),
        sa.Column("job_metadata", sa.Text(), nullable=True),
        sa.Column("category", sa.String(length=100), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("pic_team", sa.String(length=100), nullable=True),
        sa.Column("enable_email_notifications", sa.Boolean(), nullable=False),
        sa.Column("notification_emails", sa.Text(), nullable=True),
        sa.Column("notify_on_success", sa.Boolean(), nullable=False),
        sa.Column("created_by", ID, nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    operations.create_table(
        "job_executions",
        sa.Column("id", ID, nullable=False),
        sa.Column("job_id", ID, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("trigger_type", sa.String(length=20), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.Column("duration_seconds", sa.Float(), nullable=True),
        sa.Column("execution_type", sa.String(length=50), nullable=True),
        sa.Column("target", sa.String(length=500), nullable=True),
        sa.Column("response_status", sa.Integer(), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("output", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    operations.create_index("ix_job_executions_job_id", "job_executions", ["job_id"])
    operations.create_table(
        "notifications",
        sa.Column("id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=50), nullable=False),
        sa.Column("related_job_id", ID, nullable=True),
        sa.Column("related_execution_id", ID, nullable=True),
        sa.Column("is_read", sa.Boolean(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["related_job_id"], ["jobs.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["related_execution_id"], ["job_executions.id"], ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    operations.create_table(
        "job_categories",
        sa.Column("id", ID, nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    operations.create_index("ix_job_categories_slug", "job_categories", ["slug"], unique=True)
    operations.create_table(
        "pic_teams",
        sa.Column("id", ID, nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("slack_handle", sa.String(length=255), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    operations.create_index("ix_pic_teams_slug", "pic_teams", ["slug"], unique=True)
    operations.create_table(
        "slack_settings",
        sa.Column("id", ID, nullable=False),
        sa.Column("is_enabled", sa.Boolean(), nullable=False),
        sa.Column("webhook_url", sa.Text(), nullable=True),
        sa.Column("channel", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    operations.create_table(
        "user_notification_preferences",
        sa.Column("id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("email_on_job_success", sa.Boolean(), nullable=False),
        sa.Column("email_on_job_failure", sa.Boolean(), nullable=False),
        sa.Column("email_on_job_disabled", sa.Boolean(), nullable=False),
        sa.Column("browser_notifications", sa.Boolean(), nullable=False),
        sa.Column("daily_digest", sa.Boolean(), nullable=False),
        sa.Column("weekly_report", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id"),
    )
    operations.create_table(
        "user_ui_preferences",
        sa.Column("id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("jobs_table_columns", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id"),
    )
    operations.create_table(
        "scheduler_lease",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("holder", sa.String(length=255), nullable=False),
        sa.Column("acquired_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def upgrade() -> None:
    """Create the baseline tables."""
    create_tables(op)  # the `op` proxy offers every Operations method


def downgrade() -> None:
    """Drop the baseline tables, dependents first (their indexes go with them)."""
    for table in (
        "scheduler_lease",
        "user_ui_preferences",
        "user_notification_preferences",
        "slack_settings",
        "pic_teams",
        "job_categories",
        "notifications",
        "job_executions",
        "jobs",
        "users",
    ):
        op.drop_table(table)
