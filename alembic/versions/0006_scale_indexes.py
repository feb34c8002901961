"""Indexes for reads at scale (issue 13, D21): executions by job, time and status; jobs by age.

Revision ID: 0006_scale_indexes
Revises: 0005_login_attempts
Create Date: 2026-12-06

Additive only: new indexes on legacy tables, no column or constraint changes, so the legacy app
keeps reading and writing these tables as before (MIGRATION.md, "Indexes added for speed").
The execution lists read newest first by (started_at, id), across all, within a job or within a
status; (job_id, status) lets the global list count a status filter from the index alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006_scale_indexes"
down_revision: str | Sequence[str] | None = "0005_login_attempts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
INDEXES = (
    ("ix_job_executions_job_id_started_at", "job_executions", ["job_id", "started_at", "id"]),
    ("ix_job_executions_job_id_status", "job_executions", ["job_id", "status"]),
    ("ix_job_executions_started_at", "job_executions", ["started_at", "id"]),
    ("ix_job_executions_status_started_at", "job_executions", ["status", "started_at", "id"]),
    ("ix_jobs_created_at", "jobs", ["created_at"]),
)


def upgrade() -> None:
    """Create the indexes."""
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    """Drop the indexes."""
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
