"""The legacy service's schema (spec §5) as raw DDL, from before the guard columns existed.

Written by hand the way SQLAlchemy emitted it for the legacy service, not generated from our
models or migrations, so adopting such a database is tested against an independent description.
It lacks `jobs.end_date`, `jobs.pic_team`, `pic_teams.slack_handle` and the project's
`scheduler_lease`, and has the `apscheduler_jobs` table the legacy scheduler left (§5.9).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import Connection

LEGACY_TABLES = {
    "users": """
CREATE TABLE users (
    id VARCHAR(36) NOT NULL, username VARCHAR(80) NOT NULL, email VARCHAR(120) NOT NULL,
    password_hash VARCHAR(255) NOT NULL, role VARCHAR(20) NOT NULL, is_active BOOLEAN NOT NULL,
    created_at DATETIME, updated_at DATETIME, PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ix_users_username ON users (username);
CREATE UNIQUE INDEX ix_users_email ON users (email);""",
    "jobs": """
CREATE TABLE jobs (
    id VARCHAR(36) NOT NULL, name VARCHAR(255) NOT NULL, cron_expression VARCHAR(100) NOT NULL,
    target_url VARCHAR(500), github_owner VARCHAR(255), github_repo VARCHAR(255),
    github_workflow_name VARCHAR(255), job_metadata TEXT, category VARCHAR(100) NOT NULL,
    enable_email_notifications BOOLEAN NOT NULL, notification_emails TEXT,
    notify_on_success BOOLEAN NOT NULL, created_by VARCHAR(36), is_active BOOLEAN NOT NULL,
    created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, PRIMARY KEY (id), UNIQUE (name),
    FOREIGN KEY(created_by) REFERENCES users (id)
);""",
    "job_executions": """
CREATE TABLE job_executions (
    id VARCHAR(36) NOT NULL, job_id VARCHAR(36) NOT NULL, status VARCHAR(20) NOT NULL,
    trigger_type VARCHAR(20) NOT NULL, started_at DATETIME NOT NULL, completed_at DATETIME,
    duration_seconds FLOAT, execution_type VARCHAR(50), target VARCHAR(500),
    response_status INTEGER, error_message TEXT, output TEXT, PRIMARY KEY (id),
    FOREIGN KEY(job_id) REFERENCES jobs (id) ON DELETE CASCADE
);
CREATE INDEX ix_job_executions_job_id ON job_executions (job_id);""",
    "notifications": """
CREATE TABLE notifications (
    id VARCHAR(36) NOT NULL, user_id VARCHAR(36) NOT NULL, title VARCHAR(255) NOT NULL,
    message TEXT NOT NULL, type VARCHAR(50) NOT NULL, related_job_id VARCHAR(36),
    related_execution_id VARCHAR(36), is_read BOOLEAN NOT NULL, read_at DATETIME,
    created_at DATETIME NOT NULL, PRIMARY KEY (id),
    FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE,
    FOREIGN KEY(related_job_id) REFERENCES jobs (id) ON DELETE SET NULL,
    FOREIGN KEY(related_execution_id) REFERENCES job_executions (id) ON DELETE SET NULL
);""",
    "job_categories": """
CREATE TABLE job_categories (
    id VARCHAR(36) NOT NULL, slug VARCHAR(100) NOT NULL, name VARCHAR(255) NOT NULL,
    is_active BOOLEAN NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL,
    PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ix_job_categories_slug ON job_categories (slug);""",
    "pic_teams": """
CREATE TABLE pic_teams (
    id VARCHAR(36) NOT NULL, slug VARCHAR(100) NOT NULL, name VARCHAR(255) NOT NULL,
    is_active BOOLEAN NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL,
    PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ix_pic_teams_slug ON pic_teams (slug);""",
    "slack_settings": """
CREATE TABLE slack_settings (
    id VARCHAR(36) NOT NULL, is_enabled BOOLEAN NOT NULL, webhook_url TEXT, channel VARCHAR(255),
    created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, PRIMARY KEY (id)
);""",
    "user_notification_preferences": """
CREATE TABLE user_notification_preferences (
    id VARCHAR(36) NOT NULL, user_id VARCHAR(36) NOT NULL, email_on_job_success BOOLEAN NOT NULL,
    email_on_job_failure BOOLEAN NOT NULL, email_on_job_disabled BOOLEAN NOT NULL,
    browser_notifications BOOLEAN NOT NULL, daily_digest BOOLEAN NOT NULL,
    weekly_report BOOLEAN NOT NULL, created_at DATETIME, updated_at DATETIME, PRIMARY KEY (id),
    UNIQUE (user_id), FOREIGN KEY(user_id) REFERENCES users (id)
);""",
    "user_ui_preferences": """
CREATE TABLE user_ui_preferences (
    id VARCHAR(36) NOT NULL, user_id VARCHAR(36) NOT NULL, jobs_table_columns TEXT,
    created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, PRIMARY KEY (id),
    UNIQUE (user_id), FOREIGN KEY(user_id) REFERENCES users (id)
);""",
    "apscheduler_jobs": """
CREATE TABLE apscheduler_jobs (
    id VARCHAR(191) NOT NULL, next_run_time FLOAT, job_state BLOB NOT NULL, PRIMARY KEY (id)
);""",
}

STAMP = "'2024-01-02 03:04:05.000006'"
# One row per table, valid on SQLite and PostgreSQL alike.
LEGACY_ROWS = (
    f"INSERT INTO users VALUES ('u-1', 'legacy', 'legacy@example.com', 'hash', 'user', TRUE, "
    f"{STAMP}, NULL)",
    "INSERT INTO jobs (id, name, cron_expression, target_url, github_owner, github_repo, "
    "github_workflow_name, job_metadata, category, enable_email_notifications, "
    "notification_emails, notify_on_success, created_by, is_active, created_at, updated_at) "
    "VALUES ('j-1', 'nightly', '0 1 * * *', NULL, 'octo', 'repo', 'ci.yml', '{\"a\": 1}', "
    f"'general', FALSE, 'a@example.com', TRUE, 'u-1', TRUE, {STAMP}, {STAMP})",
    "INSERT INTO job_executions VALUES ('e-1', 'j-1', 'success', 'manual', "
    f"{STAMP}, {STAMP}, 1.5, 'github_actions', 'octo/repo/ci.yml', 204, NULL, 'ok')",
    "INSERT INTO notifications VALUES ('n-1', 'u-1', 'Done', 'Nightly ran', 'success', 'j-1', "
    f"'e-1', FALSE, NULL, {STAMP})",
    f"INSERT INTO job_categories VALUES ('c-1', 'general', 'General', TRUE, {STAMP}, {STAMP})",
    f"INSERT INTO pic_teams VALUES ('p-1', 'qa', 'QA', TRUE, {STAMP}, {STAMP})",
    f"INSERT INTO slack_settings VALUES ('s-1', TRUE, 'https://hooks.example/x', '#ops', "
    f"{STAMP}, {STAMP})",
    "INSERT INTO user_notification_preferences VALUES ('np-1', 'u-1', TRUE, TRUE, FALSE, TRUE, "
    f"FALSE, TRUE, {STAMP}, NULL)",
    f"INSERT INTO user_ui_preferences VALUES ('ui-1', 'u-1', '{{}}', {STAMP}, {STAMP})",
)

# How PostgreSQL spells the types SQLite takes as written.
POSTGRES_TYPES = {"DATETIME": "TIMESTAMP WITHOUT TIME ZONE", "BLOB": "BYTEA"}


def legacy_statements(dialect: str, tables: Iterable[str] = LEGACY_TABLES) -> list[str]:
    """Return the DDL of the named legacy tables, one statement each, spelled for `dialect`."""
    script = "".join(LEGACY_TABLES[name] for name in tables)
    if dialect == "postgresql":
        for sqlite_type, postgres_type in POSTGRES_TYPES.items():
            script = re.sub(rf"\b{sqlite_type}\b", postgres_type, script)
    return [statement.strip() for statement in script.split(";") if statement.strip()]


def create_legacy_database(connection: Connection) -> None:
    """Create every legacy table and insert one row into each (apscheduler_jobs stays empty)."""
    for statement in [*legacy_statements(connection.dialect.name), *LEGACY_ROWS]:
        connection.exec_driver_sql(statement)
