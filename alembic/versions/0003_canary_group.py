"""Canary groups: an override may name the key pattern whose endpoints bucket callers alike.

Revision ID: 0003_canary_group
Revises: 0002_cutover_overrides
Create Date: 2026-11-22

A nullable column, so the overrides already stored keep meaning what they meant (no group: the
endpoint is its own group).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_canary_group"
down_revision: str | Sequence[str] | None = "0002_cutover_overrides"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the canary group column to the overrides."""
    op.add_column(
        "cutover_overrides", sa.Column("canary_group", sa.String(length=255), nullable=True)
    )


def downgrade() -> None:
    """Drop the canary group column (SQLite rebuilds the table to do it)."""
    with op.batch_alter_table("cutover_overrides") as batch:
        batch.drop_column("canary_group")
