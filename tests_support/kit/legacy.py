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

from tests_support.kit.legacy_ddl import legacy_statements

# The old schema: before the notification, preference and Slack tables existed.
LEGACY_DDL = ";\n".join(
    legacy_statements(
        "sqlite", ["users", "jobs", "job_categories", "pic_teams", "apscheduler_jobs"]
    )
)


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
