"""Auth and user endpoints (spec §4.1) on the Flask stack."""

from __future__ import annotations

from flask import Blueprint, Response

from cronjobs.domain.accounts import auth, preferences, users
from cronjobs.domain.accounts.access import ADMIN
from cronjobs.domain.common.transactions import writes
from cronjobs.legacy.database import get_session
from cronjobs.legacy.http import committed, request_body
from cronjobs.legacy.security import FlaskTokenIssuer, authenticated
from cronjobs.models import User

blueprint = Blueprint("auth", __name__, url_prefix="/api/auth")
Reply = tuple[Response, int]


@blueprint.post("/register")
@authenticated(*ADMIN)
def register(_user: User) -> Reply:
    """Create a user."""
    return committed(users.register(get_session(), request_body()), 201)


@blueprint.post("/login")
def login() -> Reply:
    """Exchange credentials for tokens."""
    return committed(auth.login(get_session(), request_body(), FlaskTokenIssuer()))


@blueprint.post("/refresh")
@authenticated(refresh=True)
def refresh(user: User) -> Reply:
    """Exchange a refresh token for a new access token."""
    return committed(auth.refresh(user, FlaskTokenIssuer()))


@blueprint.get("/me")
@authenticated()
def me(user: User) -> Reply:
    """Return the caller."""
    return committed(auth.me(user))


@blueprint.get("/users")
@authenticated(*ADMIN)
def list_users(_user: User) -> Reply:
    """List every user."""
    return committed(users.list_users(get_session()))


@blueprint.get("/users/<user_id>")
@authenticated()
def get_user(user: User, user_id: str) -> Reply:
    """Return one user."""
    return committed(users.get_user(get_session(), user, user_id))


@blueprint.put("/users/<user_id>")
@authenticated()
def update_user(user: User, user_id: str) -> Reply:
    """Update a user."""
    return committed(users.update_user(get_session(), user, user_id, request_body()))


@blueprint.delete("/users/<user_id>")
@authenticated(*ADMIN)
def delete_user(user: User, user_id: str) -> Reply:
    """Delete a user and their personal rows."""
    return committed(users.delete_user(get_session(), user, user_id))


@blueprint.get("/users/<user_id>/preferences")
@writes
@authenticated()
def get_notification_preferences(user: User, user_id: str) -> Reply:
    """Return notification preferences, created with defaults on first read."""
    return committed(preferences.get_notification_preferences(get_session(), user, user_id))


@blueprint.put("/users/<user_id>/preferences")
@authenticated()
def update_notification_preferences(user: User, user_id: str) -> Reply:
    """Update notification preferences."""
    return committed(
        preferences.update_notification_preferences(get_session(), user, user_id, request_body())
    )


@blueprint.get("/users/<user_id>/ui-preferences")
@writes
@authenticated()
def get_ui_preferences(user: User, user_id: str) -> Reply:
    """Return UI preferences, created with defaults on first read."""
    return committed(preferences.get_ui_preferences(get_session(), user, user_id))


@blueprint.put("/users/<user_id>/ui-preferences")
@authenticated()
def update_ui_preferences(user: User, user_id: str) -> Reply:
    """Update UI preferences."""
    return committed(
        preferences.update_ui_preferences(get_session(), user, user_id, request_body())
    )
