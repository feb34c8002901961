"""The spec's exact JSON bodies (§1.2, §1.3, §2.2, §4.1, §5): constants and body builders.

Builders that depend on the world return a callable of it, resolved before the request is sent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tests_support.kit.case import ANY_ID, ANY_TIMESTAMP, ANY_TOKEN

if TYPE_CHECKING:
    from tests_support.kit.worlds.base import World

CONTENT_TYPE_ERROR = {"error": "Content-Type must be application/json"}
INVALID_JSON = {"error": "Invalid JSON", "message": "Request body is not valid JSON."}
NOT_AN_OBJECT = {"error": "Invalid payload", "message": "JSON body must be an object."}
INVALID_ROLE = {"error": "Invalid role", "message": "Role must be one of: admin, user, viewer"}
ADMIN_ONLY = {
    "error": "Insufficient permissions",
    "message": "This endpoint requires one of the following roles: admin",
}
USER_GONE = {"msg": "User not found or inactive"}
USER_NOT_FOUND = {"error": "User not found"}
FORBIDDEN_VIEW = {"error": "Forbidden. You can only view your own profile."}
FORBIDDEN_UPDATE = {"error": "Forbidden. You can only update your own profile."}
EMAIL_TAKEN = {"error": "Email already exists"}
SHORT_PASSWORD = {"error": "Password must be at least 6 characters long"}
LONG_PASSWORD = {"error": "Invalid payload", "message": "Password must be at most 4096 bytes."}
NO_HEADER = {"msg": "Missing Authorization Header"}
NO_BEARER = {
    "msg": "Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'"
}
BAD_HEADER = {"msg": "Bad Authorization header. Expected 'Authorization: Bearer <JWT>'"}
ACCESS_ONLY = {"msg": "Only non-refresh tokens are allowed"}
REFRESH_ONLY = {"msg": "Only refresh tokens are allowed"}
BAD_LOGIN = {"error": "Invalid email/username or password"}
LOGIN_REQUIRED = {"error": "Email/Username and password are required"}
NOTHING_TO_UPDATE = {"error": "No valid fields to update"}
CANNOT_ACCESS_PREFS = {"error": "Forbidden: Cannot access other users preferences"}
CANNOT_UPDATE_PREFS = {"error": "Forbidden: Cannot update other users preferences"}

NOTIFICATION_DEFAULTS = {  # D10
    "email_on_job_success": True,
    "email_on_job_failure": True,
    "email_on_job_disabled": False,
    "browser_notifications": True,
    "daily_digest": False,
    "weekly_report": True,
}
UI_DEFAULTS = {
    "pic_team": True,
    "end_date": True,
    "cron_expression": False,
    "target_url": False,
    "last_execution_at": False,
}
HEALTHY = {"status": "healthy", "scheduler_running": False, "scheduled_jobs_count": 0}

# Request values used across tables: a valid register body and the media types of §1.2.
NEW = {"username": "newbie", "email": "newbie@example.com", "password": "newpass1"}
JSON_SUFFIX = "application/vnd.x+json; charset=utf-8"
TEXT = "text/plain"


def must_be(field: str, kind: str) -> dict[str, str]:
    """Return the D1 body for a field of the wrong type (`kind` is "a string", "an object"…)."""
    return {"error": "Invalid payload", "message": f'"{field}" must be {kind}.'}


def user_body(key: str, **changes: Any) -> Callable[[World], dict[str, Any]]:
    """`{"user": User}` for a world user."""
    return lambda world: {"user": world.user_json(key, **changes)}


def updated(key: str, fields: list[str], **changes: Any) -> Callable[[World], dict[str, Any]]:
    """The user-update success body."""
    return lambda world: {
        "message": "User updated successfully",
        "updated_fields": fields,
        "user": world.user_json(key, updated_at=ANY_TIMESTAMP, **changes),
    }


def new_user(
    username: str = "newbie", email: str = "newbie@example.com", role: str = "viewer"
) -> dict[str, Any]:
    """The register success body."""
    user = {
        "id": ANY_ID,
        "username": username,
        "email": email,
        "role": role,
        "is_active": True,
        "created_at": ANY_TIMESTAMP,
        "updated_at": ANY_TIMESTAMP,
    }
    return {"message": "User registered successfully", "user": user}


def logged_in(key: str, **changes: Any) -> Callable[[World], dict[str, Any]]:
    """The login success body."""
    # A successful login may upgrade a legacy hash (D18), which refreshes updated_at.
    changes = {"updated_at": ANY_TIMESTAMP} | changes
    return lambda world: {
        "message": "Login successful",
        "access_token": ANY_TOKEN,
        "refresh_token": ANY_TOKEN,
        "user": world.user_json(key, **changes),
    }


def notification_prefs(key: str, message: str, **flags: bool) -> Callable[[World], Any]:
    """A notification-preferences body (`retrieved` or `updated`)."""
    return lambda world: {
        "message": f"Notification preferences {message} successfully",
        "preferences": {
            "id": ANY_ID,
            "user_id": world.ids[key],
            **(NOTIFICATION_DEFAULTS | flags),
            "created_at": ANY_TIMESTAMP,
            "updated_at": ANY_TIMESTAMP,
        },
    }


def ui_prefs(columns: dict[str, Any]) -> dict[str, Any]:
    """A UI-preferences body."""
    return {"preferences": {"jobs_table_columns": columns}}
