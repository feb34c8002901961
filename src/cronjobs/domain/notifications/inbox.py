"""The caller's in-app notifications (spec §4.7): list, unread count, mark read, delete.

Every query is scoped to the caller's own rows; the `<notification_id>` endpoints answer 404 for
an unknown id and 403 for another user's row, whatever the caller's role.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, delete, func, select, update
from sqlalchemy.orm import Session

from cronjobs.domain.common.clock import utcnow
from cronjobs.domain.common.query import DateRange, QueryArgs, date_range, int_param
from cronjobs.domain.common.times import naive_iso, utc_offset_iso
from cronjobs.domain.errors import Forbidden, NotFound
from cronjobs.models import Notification, User

PER_PAGE = 20
MAX_PER_PAGE = 100
NEWEST_FIRST = (Notification.created_at.desc(), Notification.id.desc())  # id: a stable tie-break


def notification_json(notification: Notification) -> dict[str, Any]:
    """Render the `Notification` resource (times in UTC with `+00:00`)."""
    return {
        "id": notification.id,
        "user_id": notification.user_id,
        "title": notification.title,
        "message": notification.message,
        "type": notification.type,
        "related_job_id": notification.related_job_id,
        "related_execution_id": notification.related_execution_id,
        "is_read": notification.is_read,
        "read_at": utc_offset_iso(notification.read_at),
        "created_at": utc_offset_iso(notification.created_at),
    }


def _window(args: QueryArgs, expose_details: bool) -> DateRange:
    return date_range(args.get("from"), args.get("to"), expose_details=expose_details)


def _range_json(window: DateRange) -> dict[str, str | None]:
    return {"from": naive_iso(window.start), "to": naive_iso(window.end)}


def _owned(user: User, window: DateRange) -> list[ColumnElement[bool]]:
    """Build the conditions selecting the caller's rows created inside the window."""
    conditions: list[ColumnElement[bool]] = [Notification.user_id == user.id]
    if window.start is not None:
        conditions.append(Notification.created_at >= window.start)
    if window.end is not None:
        conditions.append(Notification.created_at < window.end)
    return conditions


def _count(session: Session, conditions: list[ColumnElement[bool]]) -> int:
    query = select(func.count()).select_from(Notification).where(*conditions)
    return int(session.scalar(query) or 0)


def list_notifications(
    session: Session, user: User, args: QueryArgs, *, expose_details: bool
) -> dict[str, Any]:
    """Page through the caller's notifications, newest first (GET /notifications)."""
    window = _window(args, expose_details)
    page = max(int_param(args.get("page"), 1), 1)
    per_page = int_param(args.get("per_page"), PER_PAGE)
    per_page = PER_PAGE if per_page < 1 else min(per_page, MAX_PER_PAGE)
    conditions = _owned(user, window)
    if (args.get("unread_only") or "").lower() == "true":
        conditions.append(Notification.is_read.is_(False))
    total = _count(session, conditions)
    offset = (page - 1) * per_page
    rows: list[Notification] = []
    if offset < total:  # past the end: no query, and no OFFSET too large for the database
        query = select(Notification).where(*conditions).order_by(*NEWEST_FIRST)
        rows = list(session.scalars(query.limit(per_page).offset(offset)))
    return {
        "notifications": [notification_json(row) for row in rows],
        "total": total,
        "page": page,
        "per_page": per_page,
        "total_pages": -(-total // per_page),  # ceil(total / per_page), 0 when empty
        "range": _range_json(window),
    }


def unread_count(
    session: Session, user: User, args: QueryArgs, *, expose_details: bool
) -> dict[str, Any]:
    """Count the caller's unread notifications (GET /notifications/unread-count)."""
    window = _window(args, expose_details)
    unread = _count(session, [*_owned(user, window), Notification.is_read.is_(False)])
    return {"unread_count": unread, "range": _range_json(window)}


def _own_row(session: Session, user: User, notification_id: str, forbidden: str) -> Notification:
    notification = session.get(Notification, notification_id)
    if notification is None:
        raise NotFound("Notification not found")
    if notification.user_id != user.id:
        raise Forbidden(forbidden)
    return notification


def mark_read(session: Session, user: User, notification_id: str) -> dict[str, Any]:
    """Mark one of the caller's notifications read; `read_at` is set only the first time."""
    notification = _own_row(
        session, user, notification_id, "Forbidden: Cannot access other users notifications"
    )
    if not notification.is_read:
        notification.is_read = True
        notification.read_at = utcnow()
        session.flush()
    return {
        "message": "Notification marked as read",
        "notification": notification_json(notification),
    }


def _affected(session: Session, statement: Any) -> int:
    result = cast(CursorResult[Any], session.execute(statement))
    return int(result.rowcount)


def mark_all_read(session: Session, user: User) -> dict[str, Any]:
    """Mark every unread notification of the caller read (PUT /notifications/read-all)."""
    statement = (
        update(Notification)
        .where(Notification.user_id == user.id, Notification.is_read.is_(False))
        .values(is_read=True, read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return {
        "message": "All notifications marked as read",
        "updated_count": _affected(session, statement),
    }


def delete_notification(session: Session, user: User, notification_id: str) -> dict[str, Any]:
    """Delete one of the caller's notifications."""
    notification = _own_row(
        session, user, notification_id, "Forbidden: Cannot delete other users notifications"
    )
    session.delete(notification)
    session.flush()
    return {"message": "Notification deleted successfully"}


def delete_read(
    session: Session, user: User, args: QueryArgs, *, expose_details: bool
) -> dict[str, Any]:
    """Delete the caller's read notifications inside the optional window (DELETE delete-read)."""
    window = _window(args, expose_details)
    statement = (
        delete(Notification)
        .where(*_owned(user, window), Notification.is_read.is_(True))
        .execution_options(synchronize_session=False)
    )
    return {"deleted_count": _affected(session, statement)}
