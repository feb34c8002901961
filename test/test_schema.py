"""The schema startup creates is exactly the legacy schema of spec §5 (D19), on both engines."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, inspect

from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.domain.process.seed import startup_seed
from cronjobs.storage.engines import create_sync_engine
from cronjobs.storage.mysql import binary_collation
from cronjobs.storage.prepare import prepare_database
from tests_support.kit.schema_revisions import ENGINES, empty_database_url

DT, S36, BOOL, TEXT = "DATETIME", "VARCHAR(36)", "BOOLEAN", "TEXT"

# table → column → (type, nullable), transcribed from spec §5.1–§5.10.
SPEC: dict[str, dict[str, tuple[str, bool]]] = {
    "users": {
        "id": (S36, False), "username": ("VARCHAR(80)", False),
        "email": ("VARCHAR(120)", False), "password_hash": ("VARCHAR(255)", False),
        "role": ("VARCHAR(20)", False), "is_active": (BOOL, False),
        "created_at": (DT, True), "updated_at": (DT, True),
    },
    "jobs": {
        "id": (S36, False), "name": ("VARCHAR(255)", False),
        "cron_expression": ("VARCHAR(100)", False), "target_url": ("VARCHAR(500)", True),
        "github_owner": ("VARCHAR(255)", True), "github_repo": ("VARCHAR(255)", True),
        "github_workflow_name": ("VARCHAR(255)", True), "job_metadata": (TEXT, True),
        "category": ("VARCHAR(100)", False), "end_date": ("DATE", True),
        "pic_team": ("VARCHAR(100)", True), "enable_email_notifications": (BOOL, False),
        "notification_emails": (TEXT, True), "notify_on_success": (BOOL, False),
        "created_by": (S36, True), "is_active": (BOOL, False),
        "created_at": (DT, False), "updated_at": (DT, False),
    },
    "job_executions": {
        "id": (S36, False), "job_id": (S36, False), "status": ("VARCHAR(20)", False),
        "trigger_type": ("VARCHAR(20)", False), "started_at": (DT, False),
        "completed_at": (DT, True), "duration_seconds": ("FLOAT", True),
        "execution_type": ("VARCHAR(50)", True), "target": ("VARCHAR(500)", True),
        "response_status": ("INTEGER", True), "error_message": (TEXT, True),
        "output": (TEXT, True),
    },
    "notifications": {
        "id": (S36, False), "user_id": (S36, False), "title": ("VARCHAR(255)", False),
        "message": (TEXT, False), "type": ("VARCHAR(50)", False),
        "related_job_id": (S36, True), "related_execution_id": (S36, True),
        "is_read": (BOOL, False), "read_at": (DT, True), "created_at": (DT, False),
    },
    "job_categories": {
        "id": (S36, False), "slug": ("VARCHAR(100)", False), "name": ("VARCHAR(255)", False),
        "is_active": (BOOL, False), "created_at": (DT, False), "updated_at": (DT, False),
    },
    "pic_teams": {
        "id": (S36, False), "slug": ("VARCHAR(100)", False), "name": ("VARCHAR(255)", False),
        "slack_handle": ("VARCHAR(255)", True), "is_active": (BOOL, False),
        "created_at": (DT, False), "updated_at": (DT, False),
    },
    "slack_settings": {
        "id": (S36, False), "is_enabled": (BOOL, False), "webhook_url": (TEXT, True),
        "channel": ("VARCHAR(255)", True), "created_at": (DT, False), "updated_at": (DT, False),
    },
    "user_notification_preferences": {
        "id": (S36, False), "user_id": (S36, False), "email_on_job_success": (BOOL, False),
        "email_on_job_failure": (BOOL, False), "email_on_job_disabled": (BOOL, False),
        "browser_notifications": (BOOL, False), "daily_digest": (BOOL, False),
        "weekly_report": (BOOL, False), "created_at": (DT, True), "updated_at": (DT, True),
    },
    "user_ui_preferences": {
        "id": (S36, False), "user_id": (S36, False), "jobs_table_columns": (TEXT, True),
        "created_at": (DT, False), "updated_at": (DT, False),
    },
    "scheduler_lease": {
        "name": ("VARCHAR(64)", False), "holder": ("VARCHAR(255)", False),
        "acquired_at": (DT, False), "expires_at": (DT, False),
    },
}  # fmt: skip

# Single-column uniqueness the spec requires: (table, column) → unique index name, or None for a
# plain UNIQUE constraint.
UNIQUES = {
    ("users", "username"): "ix_users_username",
    ("users", "email"): "ix_users_email",
    ("jobs", "name"): None,
    ("job_categories", "slug"): "ix_job_categories_slug",
    ("pic_teams", "slug"): "ix_pic_teams_slug",
    ("user_notification_preferences", "user_id"): None,
    ("user_ui_preferences", "user_id"): None,
}
FOREIGN_KEYS = {
    ("jobs", "created_by", "users"),
    ("job_executions", "job_id", "jobs"),
    ("notifications", "user_id", "users"),
    ("notifications", "related_job_id", "jobs"),
    ("notifications", "related_execution_id", "job_executions"),
    ("user_notification_preferences", "user_id", "users"),
    ("user_ui_preferences", "user_id", "users"),
}
# How PostgreSQL names the types SQLite keeps as written.
POSTGRES_TYPES = {"DATETIME": "TIMESTAMP WITHOUT TIME ZONE", "FLOAT": "DOUBLE PRECISION"}
# How MySQL names them: booleans are TINYINT(1), integers show a width, datetimes keep
# microseconds, floats are double precision and text is LONGTEXT, as unbounded as on PostgreSQL
# (storage.mysql).
MYSQL_TYPES = {
    "BOOLEAN": "TINYINT(1)",
    "DATETIME": "DATETIME(6)",
    "FLOAT": "DOUBLE",
    "INTEGER": "INTEGER(11)",
    "TEXT": "LONGTEXT",
}


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest, database_url: str) -> Iterator[Engine]:
    """A database prepared by startup, on SQLite, PostgreSQL or MySQL."""
    engine = create_sync_engine(
        empty_database_url(request.param, database_url), setup=install_text_checks
    )
    prepare_database(engine, startup_seed, default_admin=False)
    yield engine
    engine.dispose()


def _spec_type(engine: Engine, sql_type: str) -> str:
    if engine.dialect.name == "postgresql":
        return POSTGRES_TYPES.get(sql_type, sql_type)
    if engine.dialect.name in {"mysql", "mariadb"}:
        mysql_type = MYSQL_TYPES.get(sql_type, sql_type)
        if mysql_type.startswith(("VARCHAR", "LONGTEXT")):
            # Text compares exactly, as on the others: the server's binary, no-pad collation.
            return f"{mysql_type} CHARACTER SET utf8mb4 COLLATE {binary_collation(engine.dialect)}"
        return mysql_type
    return sql_type


# Beside the service's tables: Alembic's stamp, the gateway's run-time cutover (revision 0002)
# and the login throttle's attempts (revision 0005).
BOOKKEEPING_TABLES = {
    "alembic_version",
    "cutover_overrides",
    "cutover_audit",
    "cutover_version",
    "login_attempts",
}


def test_tables_are_exactly_the_spec_tables_and_the_bookkeeping_ones(engine: Engine) -> None:
    assert set(inspect(engine).get_table_names()) == set(SPEC) | BOOKKEEPING_TABLES


@pytest.mark.parametrize("table", sorted(SPEC))
def test_columns_have_the_spec_types_and_nullability(engine: Engine, table: str) -> None:
    columns = {
        column["name"]: (str(column["type"].compile(engine.dialect)), column["nullable"])
        for column in inspect(engine).get_columns(table)
    }
    expected = {
        name: (_spec_type(engine, sql_type), nullable)
        for name, (sql_type, nullable) in SPEC[table].items()
    }
    assert columns == expected


@pytest.mark.parametrize(("table", "column"), sorted(UNIQUES))
def test_unique_columns_are_unique_under_the_spec_names(
    engine: Engine, table: str, column: str
) -> None:
    inspector = inspect(engine)
    unique_indexes = {
        index["name"]
        for index in inspector.get_indexes(table)
        if index["unique"] and index["column_names"] == [column]
    }
    unique_constraints = [
        constraint
        for constraint in inspector.get_unique_constraints(table)
        if constraint["column_names"] == [column]
    ]
    name = UNIQUES[(table, column)]
    if name is None:
        assert unique_constraints
    else:
        assert name in unique_indexes


def test_job_executions_job_id_has_its_index(engine: Engine) -> None:
    indexes = {index["name"] for index in inspect(engine).get_indexes("job_executions")}
    assert "ix_job_executions_job_id" in indexes


def test_foreign_keys_are_the_spec_foreign_keys(engine: Engine) -> None:
    inspector = inspect(engine)
    found = {
        (table, key["constrained_columns"][0], key["referred_table"])
        for table in SPEC
        for key in inspector.get_foreign_keys(table)
    }
    assert found == FOREIGN_KEYS
