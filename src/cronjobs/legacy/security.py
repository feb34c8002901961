"""Authentication on the Flask stack through Flask-JWT-Extended, with the D4 user check."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from flask import Flask, jsonify, request
from flask_jwt_extended import (
    JWTManager,
    create_access_token,
    create_refresh_token,
    get_current_user,
    verify_jwt_in_request,
)
from flask_jwt_extended.exceptions import JWTDecodeError
from jwt import ExpiredSignatureError

from cronjobs.domain.accounts.access import require_role
from cronjobs.domain.accounts.auth import find_active_user
from cronjobs.domain.accounts.tokens import (
    ALGORITHM,
    HEADER_NAME,
    HEADER_TYPE,
    bearer_token,
    identity_claims,
)
from cronjobs.domain.errors import USER_NOT_FOUND_OR_INACTIVE
from cronjobs.legacy.database import get_session
from cronjobs.models import User
from cronjobs.settings import Settings


def init_security(app: Flask, settings: Settings) -> None:
    """Configure Flask-JWT-Extended with the token settings of spec §2.1."""
    app.config.update(
        JWT_SECRET_KEY=settings.jwt_secret_key,
        JWT_ALGORITHM=ALGORITHM,
        JWT_TOKEN_LOCATION=["headers"],
        JWT_ACCESS_TOKEN_EXPIRES=timedelta(seconds=settings.jwt_access_token_expires),
        JWT_REFRESH_TOKEN_EXPIRES=timedelta(seconds=settings.jwt_refresh_token_expires),
    )
    manager = JWTManager(app)

    @manager.user_lookup_loader
    def _load_user(_header: dict[str, Any], claims: dict[str, Any]) -> User | None:
        return find_active_user(get_session(), claims["sub"])

    @manager.user_lookup_error_loader
    def _user_not_found(_header: dict[str, Any], _claims: dict[str, Any]) -> Any:
        return jsonify(msg=USER_NOT_FOUND_OR_INACTIVE), 401

    @app.errorhandler(JWTDecodeError)
    def _undecodable(exc: JWTDecodeError) -> Any:
        # Flask-JWT-Extended decodes an expired token again to attach its claims, and that decode
        # fails first on a missing `sub`; §2.2 answers the expiry (step 5) before it (step 6).
        if isinstance(exc.__context__, ExpiredSignatureError):
            return jsonify(msg="Token has expired"), 401
        return jsonify(msg=str(exc)), 422


class FlaskTokenIssuer:
    """Mints tokens with Flask-JWT-Extended, adding the role and e-mail claims."""

    def access(self, user: User) -> str:
        """Return a new access token."""
        return str(create_access_token(identity=user.id, additional_claims=identity_claims(user)))

    def refresh(self, user: User) -> str:
        """Return a new refresh token."""
        return str(create_refresh_token(identity=user.id, additional_claims=identity_claims(user)))


def authenticated(
    *roles: str, refresh: bool = False
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Require a valid token (and one of `roles`), then call the view with the current user."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            # §2.2 checks 1–3 in the domain: Flask-JWT-Extended's own parser crashes on blank
            # fields (`, , Bearer x`), so it only ever sees the one credential picked here.
            token = bearer_token(request.headers.get(HEADER_NAME))
            request.environ["HTTP_AUTHORIZATION"] = f"{HEADER_TYPE} {token}"
            verify_jwt_in_request(refresh=refresh)
            user: User = get_current_user()
            if roles:
                require_role(user, roles)
            return view(user, *args, **kwargs)

        return wrapper

    return decorate
