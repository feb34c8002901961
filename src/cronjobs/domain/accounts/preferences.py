"""Per-user notification and UI preferences (spec §4.1, D10, §5.7, §5.8)."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cronjobs.domain.accounts.access import is_self_or_admin
from cronjobs.domain.accounts.users import get_existing_user
from cronjobs.domain.common.body import RequestBody, boolean_field
from cronjobs.domain.common.times import naive_iso
from cronjobs.domain.errors import Forbidden, InvalidInput
from cronjobs.models import User, UserNotificationPreferences, UserUiPreferences

NOTIFICATION_FLAGS = (
    "email_on_job_success",
    "email_on_job_failure",
    "email_on_job_disabled",
    "browser_notifications",
    "daily_digest",
    "weekly_report",
)
NOTIFICATION_DEFAULTS = {
    "email_on_job_success": True,
    "email_on_job_failure": True,
    "email_on_job_disabled": False,
    "browser_notifications": True,
    "daily_digest": False,
    "weekly_report": True,
}
UI_COLUMN_DEFAULTS = {
    "pic_team": True,
    "end_date": True,
    "cron_expression": False,
    "target_url": False,
    "last_execution_at": False,
}
PrefsRow = TypeVar("PrefsRow", UserNotificationPreferences, UserUiPreferences)
_CANNOT_ACCESS = "Forbidden: Cannot access other users preferences"
_CANNOT_UPDATE = "Forbidden: Cannot update other users preferences"


def _notification_json(prefs: UserNotificationPreferences) -> dict[str, Any]:
    return {
        "id": prefs.id,
        "user_id": prefs.user_id,
        **{flag: getattr(prefs, flag) for flag in NOTIFICATION_FLAGS},
        "created_at": naive_iso(prefs.created_at),
        "updated_at": naive_iso(prefs.updated_at),
    }


def _user_row(session: Session, model: type[PrefsRow], user_id: str, **defaults: Any) -> PrefsRow:
    """Return the user's row of a one-row-per-user table, creating it with `defaults`."""
    query = select(model).where(model.user_id == user_id)
    row = session.scalars(query).first()
    if row is None:
        try:
            with session.begin_nested():
                row = model(user_id=user_id, **defaults)
                session.add(row)
        except IntegrityError:
            row = session.scalars(query).one()  # a concurrent request created it first
    return row


def _notification_row(session: Session, user_id: str) -> UserNotificationPreferences:
    return _user_row(session, UserNotificationPreferences, user_id, **NOTIFICATION_DEFAULTS)


def get_notification_preferences(session: Session, actor: User, user_id: str) -> dict[str, Any]:
    """Return a user's notification preferences, creating the D10 defaults on first read."""
    if not is_self_or_admin(actor, user_id):
        raise Forbidden(_CANNOT_ACCESS)
    get_existing_user(session, user_id)
    prefs = _notification_row(session, user_id)
    return {
        "message": "Notification preferences retrieved successfully",
        "preferences": _notification_json(prefs),
    }


def update_notification_preferences(
    session: Session, actor: User, user_id: str, body: RequestBody
) -> dict[str, Any]:
    """Apply the boolean flags present in the body (§4.1 preferences update)."""
    if not is_self_or_admin(actor, user_id):
        raise Forbidden(_CANNOT_UPDATE)
    body.require_json_type()
    get_existing_user(session, user_id)
    payload = body.parse_object()
    changes = {flag: boolean_field(payload, flag) for flag in NOTIFICATION_FLAGS if flag in payload}
    prefs = _notification_row(session, user_id)
    for flag, value in changes.items():
        setattr(prefs, flag, value)
    session.flush()
    return {
        "message": "Notification preferences updated successfully",
        "preferences": _notification_json(prefs),
    }


def _stored_columns(prefs: UserUiPreferences) -> dict[str, Any]:
    try:
        value = json.loads(prefs.jobs_table_columns or "")
    except ValueError:
        return dict(UI_COLUMN_DEFAULTS)
    return value if isinstance(value, dict) else dict(UI_COLUMN_DEFAULTS)


def _ui_row(session: Session, user_id: str) -> UserUiPreferences:
    defaults = json.dumps(UI_COLUMN_DEFAULTS)
    return _user_row(session, UserUiPreferences, user_id, jobs_table_columns=defaults)


def get_ui_preferences(session: Session, actor: User, user_id: str) -> dict[str, Any]:
    """Return a user's jobs-table columns, creating the defaults on first read."""
    if not is_self_or_admin(actor, user_id):
        raise Forbidden(_CANNOT_ACCESS)
    get_existing_user(session, user_id)
    return {"preferences": {"jobs_table_columns": _stored_columns(_ui_row(session, user_id))}}


def update_ui_preferences(
    session: Session, actor: User, user_id: str, body: RequestBody
) -> dict[str, Any]:
    """Store the normalised jobs-table columns (§4.1 UI preferences update)."""
    if not is_self_or_admin(actor, user_id):
        raise Forbidden(_CANNOT_UPDATE)
    body.require_json_type()
    get_existing_user(session, user_id)
    payload = body.parse_object()
    columns = payload.get("jobs_table_columns")
    if columns is None:
        raise InvalidInput("Missing required fields", '"jobs_table_columns" is required.')
    if not isinstance(columns, dict):
        raise InvalidInput("Invalid payload", '"jobs_table_columns" must be an object.')
    normalised = {
        key: bool(columns[key]) if key in columns else default
        for key, default in UI_COLUMN_DEFAULTS.items()
    }
    prefs = _ui_row(session, user_id)
    prefs.jobs_table_columns = json.dumps(normalised)
    session.flush()
    return {"preferences": {"jobs_table_columns": normalised}}
