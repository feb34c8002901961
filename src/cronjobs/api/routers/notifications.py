"""The caller's notifications (spec §4.7) on the FastAPI stack.

`/read-all` and `/delete-read` are declared before the `{notification_id}` routes (§1.1), so
`DELETE /notifications/read-all` still reaches the id route and answers 404. Query parameters
reach the domain raw (`QueryDep`), so bad values answer the legacy 400s rather than FastAPI's 422.
"""

from __future__ import annotations

from fastapi import APIRouter

from cronjobs.api.deps import CurrentUser, QueryDep, ServiceDep, SessionDep
from cronjobs.api.responses import LegacyJSONResponse, rendered, reply
from cronjobs.api.schemas import history as schemas
from cronjobs.api.schemas import queries
from cronjobs.api.schemas.common import replies
from cronjobs.domain.notifications import inbox as notifications

router = APIRouter(prefix="/notifications", tags=["notifications"])


@router.get(
    "",
    responses=replies(schemas.NotificationPage, 400),
    openapi_extra=queries.query_parameters(queries.NOTIFICATIONS),
)
async def list_notifications(
    query: QueryDep, user: CurrentUser, session: SessionDep, service: ServiceDep
) -> LegacyJSONResponse:
    """Page through the caller's notifications."""
    result = await session.run_sync(
        rendered(notifications.list_notifications),
        user,
        query,
        expose_details=service.expose_details,
    )
    return reply(result)


@router.get(
    "/unread-count",
    responses=replies(schemas.UnreadCount, 400),
    openapi_extra=queries.query_parameters(queries.WINDOW),
)
async def unread_count(
    query: QueryDep, user: CurrentUser, session: SessionDep, service: ServiceDep
) -> LegacyJSONResponse:
    """Count the caller's unread notifications."""
    result = await session.run_sync(
        rendered(notifications.unread_count), user, query, expose_details=service.expose_details
    )
    return reply(result)


@router.put("/read-all", responses=replies(schemas.AllMarked))
async def mark_all_read(user: CurrentUser, session: SessionDep) -> LegacyJSONResponse:
    """Mark every unread notification read."""
    return reply(await session.run_sync(rendered(notifications.mark_all_read), user))


@router.delete(
    "/delete-read",
    responses=replies(schemas.ReadDeleted, 400),
    openapi_extra=queries.query_parameters(queries.WINDOW),
)
async def delete_read(
    query: QueryDep, user: CurrentUser, session: SessionDep, service: ServiceDep
) -> LegacyJSONResponse:
    """Delete the caller's read notifications inside the optional window."""
    result = await session.run_sync(
        rendered(notifications.delete_read), user, query, expose_details=service.expose_details
    )
    return reply(result)


@router.put("/{notification_id}/read", responses=replies(schemas.NotificationMarked, 403, 404))
async def mark_read(
    notification_id: str, user: CurrentUser, session: SessionDep
) -> LegacyJSONResponse:
    """Mark one notification read."""
    return reply(await session.run_sync(rendered(notifications.mark_read), user, notification_id))


@router.delete("/{notification_id}", responses=replies(schemas.NotificationDeleted, 403, 404))
async def delete_notification(
    notification_id: str, user: CurrentUser, session: SessionDep
) -> LegacyJSONResponse:
    """Delete one notification."""
    return reply(
        await session.run_sync(rendered(notifications.delete_notification), user, notification_id)
    )
