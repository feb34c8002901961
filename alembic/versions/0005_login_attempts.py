"""Login throttling (D23): the attempts every gateway on the database counts together.

Revision ID: 0005_login_attempts
Revises: 0004_audit_canary_group
Create Date: 2026-12-06

A table of the project's own (`cronjobs.models.login_attempt`); the legacy tables are untouched.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_login_attempts"
down_revision: str | Sequence[str] | None = "0004_audit_canary_group"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
TABLE = "login_attempts"
INDEXED = ("username_key", "address", "attempted_at")


def upgrade() -> None:
    """Create the attempts table and its indexes (by username, by address, by age)."""
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("username_key", sa.String(length=64), nullable=True),
        sa.Column("address", sa.String(length=64), nullable=True),
        sa.Column("attempted_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in INDEXED:
        op.create_index(f"ix_{TABLE}_{column}", TABLE, [column])


def downgrade() -> None:
    """Drop the attempts table (its indexes go with it)."""
    op.drop_table(TABLE)
