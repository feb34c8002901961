"""Run-time cutover overrides: the overrides in force, their audit trail and the change counter.

Revision ID: 0002_cutover_overrides
Revises: 0001_baseline
Create Date: 2026-11-22

The tables are `strangler.override_tables`; the legacy tables are untouched. The counter's one
row is created here, so every gateway can poll it from the first start.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_cutover_overrides"
down_revision: str | Sequence[str] | None = "0001_baseline"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY = sa.String(length=255)
MODE = sa.String(length=16)


def upgrade() -> None:
    """Create the override, audit and version tables and the version row."""
    op.create_table(
        "cutover_overrides",
        sa.Column("endpoint_key", KEY, nullable=False),
        sa.Column("mode", MODE, nullable=False),
        sa.Column("percent", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("endpoint_key"),
    )
    op.create_table(
        "cutover_audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("endpoint_key", KEY, nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by", sa.String(length=255), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("from_mode", MODE, nullable=False),
        sa.Column("from_percent", sa.Integer(), nullable=True),
        sa.Column("to_mode", MODE, nullable=False),
        sa.Column("to_percent", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_cutover_audit_endpoint_key", "cutover_audit", ["endpoint_key"])
    version = op.create_table(
        "cutover_version",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(version, [{"id": 1, "version": 0}])


def downgrade() -> None:
    """Drop the cutover tables (their indexes go with them)."""
    for table in ("cutover_version", "cutover_audit", "cutover_overrides"):
        op.drop_table(table)
