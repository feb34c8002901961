"""The run-time cutover tables: the overrides in force, their audit trail and a change counter.

They live in the service's database beside its own tables; the service creates them with its
schema migrations (`OVERRIDE_METADATA` is what its migration tool compares against). Names use
SQLAlchemy's default index naming, `ix_<table>_<column>`.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text

from strangler.flags import GROUP_LENGTH

OVERRIDE_METADATA = MetaData()
KEY_LENGTH = 255  # "METHOD /path/<param>": the longest legacy rule is far shorter
WHO_LENGTH = 255
VERSION_ROW_ID = 1

overrides_table = Table(
    "cutover_overrides",
    OVERRIDE_METADATA,
    Column("endpoint_key", String(KEY_LENGTH), primary_key=True),
    Column("mode", String(16), nullable=False),
    Column("percent", Integer, nullable=True),
    Column("changed_at", DateTime, nullable=False),
    Column("changed_by", String(WHO_LENGTH), nullable=False),
    # A canary's group pattern; "group" itself is an SQL keyword.
    Column("canary_group", String(GROUP_LENGTH), nullable=True),
)

audit_table = Table(
    "cutover_audit",
    OVERRIDE_METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("endpoint_key", String(KEY_LENGTH), nullable=False, index=True),
    Column("changed_at", DateTime, nullable=False),
    Column("changed_by", String(WHO_LENGTH), nullable=False),
    Column("source", String(32), nullable=False),
    Column("from_mode", String(16), nullable=False),
    Column("from_percent", Integer, nullable=True),
    Column("to_mode", String(16), nullable=False),
    Column("to_percent", Integer, nullable=True),
    Column("reason", Text, nullable=False),
    Column("from_group", String(GROUP_LENGTH), nullable=True),
    Column("to_group", String(GROUP_LENGTH), nullable=True),
)

# One row whose number goes up with every change, in the change's own transaction: each gateway
# polls this single value and reloads the overrides only when it moved.
version_table = Table(
    "cutover_version",
    OVERRIDE_METADATA,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", Integer, nullable=False),
)
