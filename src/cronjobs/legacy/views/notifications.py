"""The caller's notifications (spec §4.7) on the Flask stack."""

from __future__ import annotations

from flask import Blueprint, Response

from cronjobs.domain.notifications import inbox as notifications
from cronjobs.legacy.context import service
from cronjobs.legacy.database import get_session
from cronjobs.legacy.http import committed, query_args
from cronjobs.legacy.security import authenticated
from cronjobs.models import User

blueprint = Blueprint("notifications", __name__, url_prefix="/api/notifications")
Reply = tuple[Response, int]


@blueprint.get("")
@authenticated()
def list_notifications(user: User) -> Reply:
    """Page through the caller's notifications."""
    return committed(
        notifications.list_notifications(
            get_session(), user, query_args(), expose_details=service().expose_details
        )
    )


@blueprint.get("/unread-count")
@authenticated()
def unread_count(user: User) -> Reply:
    """Count the caller's unread notifications."""
    return committed(
        notifications.unread_count(
            get_session(), user, query_args(), expose_details=service().expose_details
        )
    )


@blueprint.put("/<notification_id>/read")
@authenticated()
def mark_read(user: User, notification_id: str) -> Reply:
    """Mark one notification read."""
    return committed(notifications.mark_read(get_session(), user, notification_id))


@blueprint.put("/read-all")
@authenticated()
def mark_all_read(user: User) -> Reply:
    """Mark every unread notification read."""
    return committed(notifications.mark_all_read(get_session(), user))


@blueprint.delete("/<notification_id>")
@authenticated()
def delete_notification(user: User, notification_id: str) -> Reply:
    """Delete one notification."""
    return committed(notifications.delete_notification(get_session(), user, notification_id))


@blueprint.delete("/delete-read")
@authenticated()
def delete_read(user: User) -> Reply:
    """Delete the caller's read notifications inside the optional window."""
    return committed(
        notifications.delete_read(
            get_session(), user, query_args(), expose_details=service().expose_details
        )
    )
