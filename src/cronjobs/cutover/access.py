"""Who may drive the gateway's admin API: an active admin, by the service's own JWT rules.

The gateway knows nothing of users; it calls `AdminCheck` with the request headers. The token is
the one `/api/auth/login` issues on either stack, and the role is read from the database (D5),
so a demoted admin loses access at once even with an unexpired token.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from cronjobs.domain.accounts.access import ADMIN, require_role
from cronjobs.domain.accounts.auth import active_user
from cronjobs.domain.accounts.tokens import TokenCodec
from cronjobs.domain.errors import Forbidden, TokenError
from strangler.admin_api import AdminDenied


class AdminCheck:
    """Return the admin's username for valid admin credentials; refuse with 401 or 403."""

    def __init__(self, tokens: TokenCodec, engine: Engine) -> None:
        self.tokens = tokens
        self.engine = engine

    def __call__(self, headers: Mapping[str, str]) -> str:
        """Check the Authorization header of one admin API request."""
        try:
            claims = self.tokens.authenticate(headers.get("authorization"), refresh=False)
            with Session(self.engine) as session:
                user = active_user(session, claims["sub"])
                require_role(user, ADMIN)
                return user.username
        except TokenError as error:
            raise AdminDenied(401, error.msg) from None
        except Forbidden as error:
            raise AdminDenied(403, error.message or error.label) from None
