"""User management rules (spec §4.1): register, list, get, update, delete."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cronjobs.domain.accounts.access import ROLES, is_admin, is_self_or_admin
from cronjobs.domain.accounts.passwords import check_new_password, hash_password
from cronjobs.domain.common.body import RequestBody, boolean_field, string_field
from cronjobs.domain.common.times import naive_iso
from cronjobs.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from cronjobs.models import (
    Job,
    Notification,
    User,
    UserNotificationPreferences,
    UserUiPreferences,
)

REQUIRED_ON_REGISTER = ("username", "email", "password")


def user_json(user: User) -> dict[str, Any]:
    """Render the `User` resource of §5.1 (never the hash)."""
    return {
        "id": user.id,
        "username": user.username,
        "email": user.email,
        "role": user.role,
        "is_active": user.is_active,
        "created_at": naive_iso(user.created_at),
        "updated_at": naive_iso(user.updated_at),
    }


def _invalid_role() -> InvalidInput:
    return InvalidInput("Invalid role", f"Role must be one of: {', '.join(ROLES)}")


def _email_taken(session: Session, email: str, other_than: str | None = None) -> bool:
    query = select(User.id).where(User.email == email)
    if other_than is not None:
        query = query.where(User.id != other_than)
    return session.scalars(query.limit(1)).first() is not None


def get_existing_user(session: Session, user_id: str) -> User:
    """Return the path user or fail with 404 `User not found`."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("User not found")
    return user


def register(session: Session, body: RequestBody) -> dict[str, Any]:
    """Create a user (§4.1 register); the caller is already known to be an admin."""
    body.require_json_type()
    payload = body.parse_object()
    missing = [name for name in REQUIRED_ON_REGISTER if not payload.get(name)]
    if missing:
        raise InvalidInput("Missing required fields", missing=missing)
    username, email, password = (string_field(payload, name) for name in REQUIRED_ON_REGISTER)
    username = username.strip()
    if len(username) < 3:
        raise InvalidInput("Username must be at least 3 characters long")
    check_new_password(password)
    role = payload.get("role", "viewer")
    if not isinstance(role, str) or role not in ROLES:
        raise _invalid_role()
    email = email.strip().lower()
    if session.scalars(select(User.id).where(User.username == username)).first() is not None:
        raise Conflict("Username already exists")
    if _email_taken(session, email):
        raise Conflict("Email already exists")
    user = User(username=username, email=email, password_hash=hash_password(password), role=role)
    try:
        with session.begin_nested():
            session.add(user)
    except IntegrityError:
        # A concurrent registration won the race between our check and our insert.
        if _email_taken(session, email):
            raise Conflict("Email already exists") from None
        raise Conflict("Username already exists") from None
    return {"message": "User registered successfully", "user": user_json(user)}


def list_users(session: Session) -> dict[str, Any]:
    """Return every user, active or not (§4.1 users list)."""
    users = session.scalars(select(User)).all()
    return {"count": len(users), "users": [user_json(user) for user in users]}


def get_user(session: Session, actor: User, user_id: str) -> dict[str, Any]:
    """Return one user to themselves or to an admin."""
    if not is_self_or_admin(actor, user_id):
        raise Forbidden("Forbidden. You can only view your own profile.")
    return {"user": user_json(get_existing_user(session, user_id))}


def update_user(session: Session, actor: User, user_id: str, body: RequestBody) -> dict[str, Any]:
    """Apply the fields of §4.1 user update, in the spec's validation order."""
    body.require_json_type()
    if not is_self_or_admin(actor, user_id):
        raise Forbidden("Forbidden. You can only update your own profile.")
    user = get_existing_user(session, user_id)
    payload = body.parse_object()
    changes: dict[str, Any] = {}
    if payload.get("email"):
        email = string_field(payload, "email").strip().lower()
        if _email_taken(session, email, other_than=user.id):
            raise Conflict("Email already exists")
        changes["email"] = email
    if payload.get("password"):
        password = string_field(payload, "password")
        check_new_password(password)
        changes["password"] = password
    if "role" in payload:
        if not is_admin(actor):
            raise Forbidden("Only admins can change user roles")
        role = payload["role"]
        if not isinstance(role, str) or role not in ROLES:
            raise _invalid_role()
        changes["role"] = role
    if "is_active" in payload:
        if not is_admin(actor):
            raise Forbidden("Only admins can change user active status")
        changes["is_active"] = boolean_field(payload, "is_active")
    if not changes:
        raise InvalidInput("No valid fields to update")
    for field, value in changes.items():
        if field == "password":
            user.password_hash = hash_password(value)
        else:
            setattr(user, field, value)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise Conflict("Email already exists") from None
    return {
        "message": "User updated successfully",
        "updated_fields": list(changes),
        "user": user_json(user),
    }


def delete_user(session: Session, actor: User, user_id: str) -> dict[str, Any]:
    """Delete a user and cascade as D7 says: their rows go, their jobs stay unowned."""
    if user_id == actor.id:
        raise InvalidInput("Cannot delete your own account")
    user = get_existing_user(session, user_id)
    deleted = {"id": user.id, "username": user.username}
    session.execute(delete(Notification).where(Notification.user_id == user.id))
    session.execute(
        delete(UserNotificationPreferences).where(UserNotificationPreferences.user_id == user.id)
    )
    session.execute(delete(UserUiPreferences).where(UserUiPreferences.user_id == user.id))
    session.execute(update(Job).where(Job.created_by == user.id).values(created_by=None))
    session.delete(user)
    session.flush()
    return {"message": "User deleted successfully", "deleted_user": deleted}
