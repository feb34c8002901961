"""Auth and user endpoints (spec §4.1) on the FastAPI stack."""

from __future__ import annotations

from fastapi import APIRouter

from cronjobs.api.deps import AdminUser, BodyDep, CurrentUser, RefreshUser, SessionDep, TokensDep
from cronjobs.api.responses import LegacyJSONResponse, rendered, reply
from cronjobs.api.schemas import common as schemas
from cronjobs.api.schemas import requests
from cronjobs.api.schemas.common import json_body, replies, throttled
from cronjobs.api.security import CodecTokenIssuer
from cronjobs.domain.accounts import auth, preferences, users
from cronjobs.domain.common.transactions import writes

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post(
    "/register",
    status_code=201,
    responses=replies(schemas.UserCreated, (400, schemas.MissingUserFields), 403, 409, status=201),
    openapi_extra=json_body(requests.RegisterRequest),
)
async def register(_user: AdminUser, session: SessionDep, body: BodyDep) -> LegacyJSONResponse:
    """Create a user (admin only)."""
    return reply(await session.run_sync(rendered(users.register), body), 201)


@router.post(
    "/login",
    responses=throttled(replies(schemas.LoginResponse, 400, 401, auth=False)),
    openapi_extra=json_body(requests.LoginRequest),
)
async def login(session: SessionDep, body: BodyDep, tokens: TokensDep) -> LegacyJSONResponse:
    """Exchange credentials for an access and a refresh token."""
    return reply(await session.run_sync(rendered(auth.login), body, CodecTokenIssuer(tokens)))


@router.post("/refresh", responses=replies(schemas.AccessToken))
async def refresh(user: RefreshUser, tokens: TokensDep) -> LegacyJSONResponse:
    """Exchange a refresh token for a new access token."""
    return reply(auth.refresh(user, CodecTokenIssuer(tokens)))


@router.get("/me", responses=replies(schemas.UserEnvelope))
async def me(user: CurrentUser) -> LegacyJSONResponse:
    """Return the caller."""
    return reply(auth.me(user))


@router.get("/users", responses=replies(schemas.UserList, 403))
async def list_users(_user: AdminUser, session: SessionDep) -> LegacyJSONResponse:
    """List every user (admin only)."""
    return reply(await session.run_sync(rendered(users.list_users)))


@router.get("/users/{user_id}", responses=replies(schemas.UserEnvelope, 403, 404))
async def get_user(user_id: str, user: CurrentUser, session: SessionDep) -> LegacyJSONResponse:
    """Return one user to themselves or an admin."""
    return reply(await session.run_sync(rendered(users.get_user), user, user_id))


@router.put(
    "/users/{user_id}",
    responses=replies(schemas.UserUpdated, 400, 403, 404, 409),
    openapi_extra=json_body(requests.UserUpdate),
)
async def update_user(
    user_id: str, user: CurrentUser, session: SessionDep, body: BodyDep
) -> LegacyJSONResponse:
    """Update a user's e-mail, password, role or active flag."""
    return reply(await session.run_sync(rendered(users.update_user), user, user_id, body))


@router.delete("/users/{user_id}", responses=replies(schemas.UserDeleted, 400, 403, 404))
async def delete_user(user_id: str, user: AdminUser, session: SessionDep) -> LegacyJSONResponse:
    """Delete a user and their personal rows (admin only)."""
    return reply(await session.run_sync(rendered(users.delete_user), user, user_id))


@router.get(
    "/users/{user_id}/preferences",
    responses=replies(schemas.NotificationPreferencesReply, 403, 404),
)
@writes
async def get_notification_preferences(
    user_id: str, user: CurrentUser, session: SessionDep
) -> LegacyJSONResponse:
    """Return notification preferences, created with defaults on first read."""
    result = await session.run_sync(
        rendered(preferences.get_notification_preferences), user, user_id
    )
    return reply(result)


@router.put(
    "/users/{user_id}/preferences",
    responses=replies(schemas.NotificationPreferencesReply, 400, 403, 404),
    openapi_extra=json_body(schemas.NotificationFlags),
)
async def update_notification_preferences(
    user_id: str, user: CurrentUser, session: SessionDep, body: BodyDep
) -> LegacyJSONResponse:
    """Update notification preferences."""
    result = await session.run_sync(
        rendered(preferences.update_notification_preferences), user, user_id, body
    )
    return reply(result)


@router.get(
    "/users/{user_id}/ui-preferences",
    responses=replies(schemas.StoredUiPreferencesReply, 403, 404),
)
@writes
async def get_ui_preferences(
    user_id: str, user: CurrentUser, session: SessionDep
) -> LegacyJSONResponse:
    """Return UI preferences, created with defaults on first read."""
    return reply(await session.run_sync(rendered(preferences.get_ui_preferences), user, user_id))


@router.put(
    "/users/{user_id}/ui-preferences",
    responses=replies(schemas.UiPreferencesReply, 400, 403, 404),
    openapi_extra=json_body(requests.UiPreferencesUpdate),
)
async def update_ui_preferences(
    user_id: str, user: CurrentUser, session: SessionDep, body: BodyDep
) -> LegacyJSONResponse:
    """Update UI preferences."""
    result = await session.run_sync(
        rendered(preferences.update_ui_preferences), user, user_id, body
    )
    return reply(result)
