"""Indexes for the execution filters at scale (issue 13, D21): status, trigger and type.

Revision ID: 0007_filter_indexes
Revises: 0006_scale_indexes
Create Date: 2026-12-07

Additive only, like 0006: new indexes on `job_executions`, no column or constraint changes, so
the legacy app keeps reading and writing the table as before (MIGRATION.md, "Indexes added for
speed"). `GET /api/executions` counts its matches per job, then joins the jobs: a `(filter,
job_id)` index lets the database count one filter value from the index alone; a `(filter,
started_at, id)` index reads that value's page newest first (status has the latter from 0006).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007_filter_indexes"
down_revision: str | Sequence[str] | None = "0006_scale_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
INDEXES = (
    ("ix_job_executions_status_job_id", ["status", "job_id"]),
    ("ix_job_executions_trigger_type_job_id", ["trigger_type", "job_id"]),
    ("ix_job_executions_trigger_type_started_at", ["trigger_type", "started_at", "id"]),
    ("ix_job_executions_execution_type_job_id", ["execution_type", "job_id"]),
    ("ix_job_executions_execution_type_started_at", ["execution_type", "started_at", "id"]),
)


def upgrade() -> None:
    """Create the indexes."""
    for name, columns in INDEXES:
        op.create_index(name, "job_executions", columns)


def downgrade() -> None:
    """Drop the indexes."""
    for name, _columns in INDEXES:
        op.drop_index(name, table_name="job_executions")
