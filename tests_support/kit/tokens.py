"""Hand-made JWTs for the authentication error paths of spec §2.2."""

from __future__ import annotations

import time
import uuid
from typing import Any

import jwt

DEV_SECRET = "dev-secret-key-please-change-in-production"


def forge(
    secret: str = DEV_SECRET,
    *,
    algorithm: str = "HS256",
    omit: tuple[str, ...] = (),
    **claims: Any,
) -> str:
    """Mint a token with Flask-JWT-Extended's claims, overridden by `claims`, minus `omit`."""
    now = int(time.time())
    payload: dict[str, Any] = {
        "fresh": False,
        "iat": now,
        "jti": str(uuid.uuid4()),
        "type": "access",
        "sub": "nobody",
        "nbf": now,
        "csrf": str(uuid.uuid4()),
        "exp": now + 3600,
    }
    payload.update(claims)
    for name in omit:
        payload.pop(name, None)
    return jwt.encode(payload, secret, algorithm=algorithm)


def sign_segment(payload: bytes, secret: str = DEV_SECRET, *, algorithm: str = "HS256") -> str:
    """Sign a raw payload segment, such as a JSON array or text that is not JSON at all."""
    return jwt.PyJWS().encode(payload, secret, algorithm=algorithm)


def bearer(token: str) -> dict[str, str]:
    """Return the Authorization header for a token."""
    return {"Authorization": f"Bearer {token}"}
