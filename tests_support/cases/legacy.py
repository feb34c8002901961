"""A database the legacy service created (spec D18, D19, §5 startup): cases for both stacks.

`create_legacy_database` writes the old schema (no `end_date`, `pic_team`, `slack_handle`, no
preference, notification or lease tables) holding one user with a passlib pbkdf2_sha256 hash.
The app must start on it, add what is missing, and let that user log in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, inspect, make_url

from cronjobs.storage.engines import sync_url
from tests_support.kit.case import ANY_ID, ANY_TIMESTAMP, ANY_TOKEN, Case, Step
from tests_support.kit.contract import BAD_LOGIN, NOTIFICATION_DEFAULTS
from tests_support.kit.legacy import create_legacy_sqlite, passlib_pbkdf2_sha256
from tests_support.kit.scenario import bearer
from tests_support.kit.worlds.base import World

LEGACY_ID = "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f"
LEGACY_PASSWORD = "legacy-pass"
LEGACY_STAMP = "2024-01-02T03:04:05.000006"
LEGACY_USER = {
    "id": LEGACY_ID,
    "username": "legacy",
    "email": "legacy@example.com",
    "role": "user",
    "is_active": True,
    "created_at": LEGACY_STAMP,
    # A successful login may upgrade the hash (D18), which refreshes updated_at.
    "updated_at": ANY_TIMESTAMP,
}
GUARDED_COLUMNS = {("jobs", "end_date"), ("jobs", "pic_team"), ("pic_teams", "slack_handle")}
ADDED_TABLES = {
    "notifications",
    "job_executions",
    "slack_settings",
    "user_notification_preferences",
    "user_ui_preferences",
    "scheduler_lease",
}


def create_legacy_database(database_url: str) -> None:
    """Write the legacy schema and its one user to the file a SQLite URL names."""
    path = make_url(database_url).database
    assert path, database_url
    hashed = passlib_pbkdf2_sha256(LEGACY_PASSWORD)
    create_legacy_sqlite(Path(path), [(LEGACY_ID, "legacy", "legacy@example.com", hashed, "user")])


def schema(database_url: str) -> tuple[set[str], set[tuple[str, str]]]:
    """Return the tables and the (table, column) pairs of a database."""
    engine = create_engine(sync_url(database_url))
    try:
        inspector = inspect(engine)
        tables = set(inspector.get_table_names())
        columns = {(table, col["name"]) for table in tables for col in inspector.get_columns(table)}
    finally:
        engine.dispose()
    return tables, columns


def _login(password: str = LEGACY_PASSWORD, **identifier: str) -> dict[str, Any]:
    return (identifier or {"username": "legacy"}) | {"password": password}


LOGGED_IN = {
    "message": "Login successful",
    "access_token": ANY_TOKEN,
    "refresh_token": ANY_TOKEN,
    "user": LEGACY_USER,
}


def _with_last_token(world: World) -> str:
    assert world.last_reply is not None
    return bearer(world.last_reply.json()["access_token"])


LEGACY_CASES = [
    Case(name="legacy_user_logs_in_with_passlib_pbkdf2_hash", method="POST", path="/auth/login",
         actor=None, json=_login(), status=200, body=LOGGED_IN),
    Case(name="legacy_user_logs_in_by_email", method="POST", path="/auth/login", actor=None,
         json=_login(email="legacy@example.com"), status=200, body=LOGGED_IN),
    Case(name="legacy_password_keeps_working_after_first_login", method="POST",
         path="/auth/login", actor=None, json=_login(), status=200,
         then=(Step(method="POST", path="/auth/login", actor=None, json=_login(), status=200,
                    body=LOGGED_IN),)),
    Case(name="legacy_hash_rejects_a_wrong_password", method="POST", path="/auth/login",
         actor=None, json=_login("legacy-pass!"), status=401, body=BAD_LOGIN),
    Case(name="legacy_user_token_authenticates", method="POST", path="/auth/login", actor=None,
         json=_login(), status=200,
         then=(Step(method="GET", path="/auth/me", auth=_with_last_token, status=200,
                    body={"user": LEGACY_USER}),)),
    Case(name="legacy_user_gets_preferences_from_the_added_table", method="POST",
         path="/auth/login", actor=None, json=_login(), status=200,
         then=(Step(method="GET", path=f"/auth/users/{LEGACY_ID}/preferences",
                    auth=_with_last_token, status=200,
                    body={"message": "Notification preferences retrieved successfully",
                          "preferences": {"id": ANY_ID, "user_id": LEGACY_ID,
                                          **NOTIFICATION_DEFAULTS,
                                          "created_at": ANY_TIMESTAMP,
                                          "updated_at": ANY_TIMESTAMP}}),)),
    Case(name="default_admin_is_added_to_a_legacy_database", method="POST", path="/auth/login",
         actor=None, json={"username": "admin", "password": "admin123"}, status=200),
]  # fmt: skip
