"""A database as the legacy service left it: its DDL, and passlib's pbkdf2_sha256 hashes.

The hash is computed here from the algorithm's definition (PBKDF2-HMAC-SHA256, passlib's adapted
base64), not by the library the service uses, so a test proves compatibility rather than
agreement of the code with itself.
"""

from __future__ import annotations

import base64
import hashlib
import os
import sqlite3
from pathlib import Path

LEGACY_DDL = """
CREATE TABLE users (
    id VARCHAR(36) NOT NULL, username VARCHAR(80) NOT NULL, email VARCHAR(120) NOT NULL,
    password_hash VARCHAR(255) NOT NULL, role VARCHAR(20) NOT NULL, is_active BOOLEAN NOT NULL,
    created_at DATETIME, updated_at DATETIME, PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ix_users_username ON users (username);
CREATE UNIQUE INDEX ix_users_email ON users (email);
CREATE TABLE jobs (
    id VARCHAR(36) NOT NULL, name VARCHAR(255) NOT NULL, cron_expression VARCHAR(100) NOT NULL,
    target_url VARCHAR(500), github_owner VARCHAR(255), github_repo VARCHAR(255),
    github_workflow_name VARCHAR(255), job_metadata TEXT, category VARCHAR(100) NOT NULL,
    enable_email_notifications BOOLEAN NOT NULL, notification_emails TEXT,
    notify_on_success BOOLEAN NOT NULL, created_by VARCHAR(36), is_active BOOLEAN NOT NULL,
    created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, PRIMARY KEY (id), UNIQUE (name),
    FOREIGN KEY(created_by) REFERENCES users (id)
);
CREATE TABLE job_categories (
    id VARCHAR(36) NOT NULL, slug VARCHAR(100) NOT NULL, name VARCHAR(255) NOT NULL,
    is_active BOOLEAN NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL,
    PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ix_job_categories_slug ON job_categories (slug);
CREATE TABLE pic_teams (
    id VARCHAR(36) NOT NULL, slug VARCHAR(100) NOT NULL, name VARCHAR(255) NOT NULL,
    is_active BOOLEAN NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL,
    PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ix_pic_teams_slug ON pic_teams (slug);
CREATE TABLE apscheduler_jobs (
    id VARCHAR(191) NOT NULL, next_run_time FLOAT, job_state BLOB NOT NULL, PRIMARY KEY (id)
);
"""


def _ab64(raw: bytes) -> str:
    return base64.b64encode(raw).decode().rstrip("=").replace("+", ".")


def passlib_pbkdf2_sha256(password: str, *, rounds: int = 29000, salt: bytes | None = None) -> str:
    """Hash a password exactly as passlib's pbkdf2_sha256 wrote it for the legacy service."""
    salt = salt if salt is not None else os.urandom(16)
    checksum = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, rounds, 32)
    return f"$pbkdf2-sha256${rounds}${_ab64(salt)}${_ab64(checksum)}"


def create_legacy_sqlite(path: Path, users: list[tuple[str, str, str, str, str]]) -> None:
    """Create an old-schema SQLite file (no end_date, pic_team, slack_handle) holding `users`.

    Each user is (id, username, email, password_hash, role), active, stored as SQLAlchemy did.
    """
    connection = sqlite3.connect(path)
    try:
        connection.executescript(LEGACY_DDL)
        connection.executemany(
            "INSERT INTO users VALUES (?, ?, ?, ?, ?, 1, '2024-01-02 03:04:05.000006', "
            "'2024-01-02 03:04:05.000006')",
            users,
        )
        connection.commit()
    finally:
        connection.close()
