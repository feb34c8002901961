"""The audit trail names canary groups: a change's group before and after.

Revision ID: 0004_audit_canary_group
Revises: 0003_canary_group
Create Date: 2026-11-22

Nullable columns: audit rows already written keep meaning what they meant (no group recorded).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_audit_canary_group"
down_revision: str | Sequence[str] | None = "0003_canary_group"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
COLUMNS = ("from_group", "to_group")


def upgrade() -> None:
    """Add the group columns to the audit trail."""
    for name in COLUMNS:
        op.add_column("cutover_audit", sa.Column(name, sa.String(length=255), nullable=True))


def downgrade() -> None:
    """Drop the group columns (SQLite rebuilds the table to do it)."""
    with op.batch_alter_table("cutover_audit") as batch:
        for name in COLUMNS:
            batch.drop_column(name)
