"""MySQL and MariaDB: text compares in binary, no-pad, and Text columns are LONGTEXT (issue 16).

Revision ID: 0008_mysql_binary_text
Revises: 0007_filter_indexes
Create Date: 2026-12-08

A no-op on SQLite and PostgreSQL. On MySQL the default utf8mb4 collations ignore case, accents
and trailing spaces (`Admin` and `admin` were one username, `x ` and `x` one job name) and TEXT
holds 64 KiB; tables made from now on get the binary NO PAD collation and LONGTEXT from the
compile rules of `cronjobs.storage.mysql`. This converts the tables made before: a legacy
database adopted as it was, or one an earlier version of the service made. Only tables with a
column still to change are rebuilt, each once (`CONVERT TO` the collation, Text columns to
LONGTEXT). MariaDB refuses to change a column a foreign key uses whatever foreign_key_checks
says (MDEV-31086), so the foreign keys touching those tables are dropped first and added back
after under their names, which checks every row against the new, exact comparison.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import context as environment
from alembic import op
from alembic.util import CommandError

from cronjobs.storage.mysql import binary_collation, is_mysql

revision: str = "0008_mysql_binary_text"
down_revision: str | Sequence[str] | None = "0007_filter_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every table of the service with text columns at 0007, with its Text columns (name, nullable).
TABLES: dict[str, tuple[tuple[str, bool], ...]] = {
    "users": (),
    "jobs": (("job_metadata", True), ("notification_emails", True)),
    "job_executions": (("error_message", True), ("output", True)),
    "notifications": (("message", False),),
    "job_categories": (),
    "pic_teams": (),
    "slack_settings": (("webhook_url", True),),
    "user_notification_preferences": (),
    "user_ui_preferences": (("jobs_table_columns", True),),
    "scheduler_lease": (),
    "cutover_overrides": (),
    "cutover_audit": (("reason", False),),
    "login_attempts": (),
}
# Tables holding a text column that is not yet LONGTEXT in the binary collation.
TABLES_TO_CONVERT = sa.text(
    "SELECT DISTINCT table_name FROM information_schema.columns"
    " WHERE table_schema = DATABASE() AND table_name IN :tables"
    " AND (collation_name <> :collation OR data_type IN ('tinytext', 'text', 'mediumtext'))"
).bindparams(sa.bindparam("tables", expanding=True))
OFFLINE = (
    f"{revision} reads the MySQL columns and foreign keys it changes from the database: "
    "run it online (offline, only a script from base is possible)"
)


def upgrade() -> None:
    """Convert the MySQL tables still in another collation or with TEXT columns."""
    context = op.get_context()
    if not is_mysql(context.dialect.name):
        return
    if context.as_sql:
        # A script from base creates every table in the binary collation with LONGTEXT, leaving
        # nothing to convert; tables made before would have to be read.
        if environment.get_starting_revision_argument() is not None:
            raise CommandError(OFFLINE)
        return
    collation = binary_collation(context.dialect)
    found = op.get_bind().scalars(
        TABLES_TO_CONVERT, {"tables": list(TABLES), "collation": collation}
    )
    _convert(
        [str(table) for table in found],
        f"CHARACTER SET utf8mb4 COLLATE {collation}",
        f"LONGTEXT CHARACTER SET utf8mb4 COLLATE {collation}",
    )


def downgrade() -> None:
    """Put every MySQL table back in utf8mb4's default collation, Text columns back to TEXT.

    Fails when rows differing only in case or trailing spaces would collide, or a text no longer
    fits in 64 KiB (strict mode refuses to cut it).
    """
    context = op.get_context()
    if not is_mysql(context.dialect.name):
        return
    if context.as_sql:
        raise CommandError(OFFLINE)
    _convert(list(TABLES), "CHARACTER SET utf8mb4", "TEXT CHARACTER SET utf8mb4")


def _convert(tables: list[str], charset: str, text_type: str) -> None:
    if not tables:
        return
    keys = _foreign_keys(tables)
    for table, key in keys:
        op.drop_constraint(key["name"], table, type_="foreignkey")
    quote = op.get_bind().dialect.identifier_preparer.quote
    for table in tables:
        changes = [f"CONVERT TO {charset}"] + [
            f"MODIFY {quote(column)} {text_type} {'NULL' if nullable else 'NOT NULL'}"
            for column, nullable in TABLES[table]
        ]
        op.execute(f"ALTER TABLE {quote(table)} {', '.join(changes)}")
    for table, key in keys:
        op.create_foreign_key(
            key["name"],
            table,
            key["referred_table"],
            key["constrained_columns"],
            key["referred_columns"],
            ondelete=key["options"].get("ondelete"),
            onupdate=key["options"].get("onupdate"),
        )


def _foreign_keys(tables: Iterable[str]) -> list[tuple[str, Any]]:
    """Return (table, reflected key) for each foreign key from or to one of the tables."""
    changing = set(tables)
    inspector = sa.inspect(op.get_bind())
    return [
        (table, key)
        for table in TABLES
        for key in inspector.get_foreign_keys(table)
        if table in changing or key["referred_table"] in changing
    ]
