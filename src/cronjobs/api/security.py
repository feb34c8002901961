"""Token minting on the FastAPI stack, in the same format Flask-JWT-Extended writes."""

from __future__ import annotations

import time
from dataclasses import dataclass

from cronjobs.domain.accounts.tokens import TokenCodec
from cronjobs.models import User


@dataclass(frozen=True, slots=True)
class CodecTokenIssuer:
    """Mints access and refresh tokens with the app's codec at the current time."""

    codec: TokenCodec

    def access(self, user: User) -> str:
        """Return a new access token."""
        return self.codec.issue(user, "access", int(time.time()))

    def refresh(self, user: User) -> str:
        """Return a new refresh token."""
        return self.codec.issue(user, "refresh", int(time.time()))
