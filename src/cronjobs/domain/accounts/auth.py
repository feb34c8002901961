"""Signing in: login, refresh and the user behind a token (spec §2, §4.1)."""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from cronjobs.domain.accounts.passwords import verify_nothing, verify_password
from cronjobs.domain.accounts.users import user_json
from cronjobs.domain.common.body import RequestBody, string_field
from cronjobs.domain.errors import USER_NOT_FOUND_OR_INACTIVE, DomainError, InvalidInput, TokenError
from cronjobs.models import User


class TokenIssuer(Protocol):
    """Mints tokens for a user; each stack supplies its own (both write the same format)."""

    def access(self, user: User) -> str:
        """Return a new access token."""

    def refresh(self, user: User) -> str:
        """Return a new refresh token."""


class LoginFailed(DomainError):
    """401 on login: unknown user, inactive account or wrong password."""

    status = 401


def active_user(session: Session, user_id: Any) -> User:
    """Return the token's user if it exists and is active, else the D4 401."""
    user = session.get(User, user_id) if isinstance(user_id, str) else None
    if user is None or not user.is_active:
        raise TokenError(401, USER_NOT_FOUND_OR_INACTIVE)
    return user


def find_active_user(session: Session, user_id: Any) -> User | None:
    """Return the token's user if it exists and is active (the D4 rule), else None."""
    try:
        return active_user(session, user_id)
    except TokenError:
        return None


def _credentials(body: RequestBody) -> tuple[str, str]:
    # Steps 1-4 of §4.1 login: the trimmed identifier (`username` if truthy, else `email`) and
    # the password, or the 400 of the first step that fails.
    body.require_json_type()
    payload = body.parse_object()
    key = "username" if payload.get("username") else "email"
    identifier = payload.get(key)
    if not identifier or not payload.get("password"):
        raise InvalidInput("Email/Username and password are required")
    identifier = string_field(payload, key)
    return identifier.strip(), string_field(payload, "password")


def login_identifier(body: RequestBody) -> str | None:
    """Return the trimmed identifier a login request names, or None when login answers it 400."""
    try:
        return _credentials(body)[0]
    except InvalidInput:
        return None


def login(session: Session, body: RequestBody, issuer: TokenIssuer) -> dict[str, Any]:
    """Check credentials and return both tokens and the user (§4.1 login)."""
    wanted, password = _credentials(body)
    user = session.scalars(
        select(User).where(or_(User.username == wanted, User.email == wanted)).limit(1)
    ).first()
    # Every failure spends one password verification, as a wrong password does (D23): a fast
    # answer would tell an unknown username from a known one by timing alone.
    if user is None:
        verify_nothing(password)
        raise LoginFailed("Invalid email/username or password")
    if not user.is_active:
        verify_nothing(password)
        raise LoginFailed("Account is inactive. Contact administrator.")
    if not verify_password(password, user.password_hash):
        raise LoginFailed("Invalid email/username or password")
    return {
        "message": "Login successful",
        "access_token": issuer.access(user),
        "refresh_token": issuer.refresh(user),
        "user": user_json(user),
    }


def refresh(user: User, issuer: TokenIssuer) -> dict[str, Any]:
    """Return a new access token for the refresh token's user (§4.1 refresh)."""
    return {"access_token": issuer.access(user)}


def me(user: User) -> dict[str, Any]:
    """Return the authenticated user (§4.1 me)."""
    return {"user": user_json(user)}
