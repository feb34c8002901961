"""JWTs in Flask-JWT-Extended's format, minted and checked without Flask (spec §2.1, §2.2).

The legacy stack uses Flask-JWT-Extended itself; this module reproduces its token claims and its
header and decoding checks byte for byte, so the FastAPI stack accepts and rejects exactly the
same tokens with exactly the same `{"msg": …}` bodies.
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Literal

import jwt

from cronjobs.domain.errors import TokenError
from cronjobs.models import User

ALGORITHM = "HS256"
HEADER_NAME = "Authorization"
HEADER_TYPE = "Bearer"
TokenKind = Literal["access", "refresh"]

_MISSING_BEARER = (
    f"Missing '{HEADER_TYPE}' type in '{HEADER_NAME}' header. "
    f"Expected '{HEADER_NAME}: {HEADER_TYPE} <JWT>'"
)
_BAD_HEADER = f"Bad {HEADER_NAME} header. Expected '{HEADER_NAME}: {HEADER_TYPE} <JWT>'"
_FIELD_SEPARATOR = re.compile(r",\s*")
_OUTER_WHITESPACE_AND_COMMAS = re.compile(r"^[\s,]+|[\s,]+$")
# Tokens whose signature this process has verified, so a client sending the same token again
# skips the three decodes (a third of a light request's CPU). Bounded: the oldest go first.
VERIFIED_TOKENS_KEPT = 4096


def identity_claims(user: User) -> dict[str, Any]:
    """Return the claims a token carries besides the standard ones: the user's role and e-mail."""
    return {"role": user.role, "email": user.email}


@dataclass(frozen=True, slots=True)
class TokenCodec:
    """Mints and verifies tokens with one secret and the configured lifetimes."""

    secret: str
    access_seconds: int
    refresh_seconds: int
    _verified: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False, repr=False)

    def issue(self, user: User, kind: TokenKind, now: int) -> str:
        """Mint a token for the user with the claims of §2.1."""
        lifetime = self.access_seconds if kind == "access" else self.refresh_seconds
        payload: dict[str, Any] = {
            "fresh": False,
            "iat": now,
            "jti": str(uuid.uuid4()),
            "type": kind,
            "sub": user.id,
            "nbf": now,
            "csrf": str(uuid.uuid4()),
            "exp": now + lifetime,
            **identity_claims(user),
        }
        return jwt.encode(payload, self.secret, algorithm=ALGORITHM)

    def authenticate(self, authorization: str | None, *, refresh: bool) -> dict[str, Any]:
        """Run checks 1–7 of §2.2 on an Authorization header and return the token's claims."""
        return self.decode(bearer_token(authorization), refresh=refresh)

    def decode(self, token: str, *, refresh: bool) -> dict[str, Any]:
        """Verify a token (checks 4–7 of §2.2) and return its claims."""
        verified = self._verified.get(token)
        if verified is not None and _times_hold(verified, time.time()):
            claims = dict(verified)
        else:
            claims = self._verify(token)
        if "sub" not in claims:
            raise TokenError(422, "Missing claim: sub")
        kind = claims.setdefault("type", "access")
        if not refresh and kind == "refresh":
            raise TokenError(422, "Only non-refresh tokens are allowed")
        if refresh and kind != "refresh":
            raise TokenError(422, "Only refresh tokens are allowed")
        return claims

    def _verify(self, token: str) -> dict[str, Any]:
        """Decode and check a token as Flask-JWT-Extended does; remember it once it passes."""
        try:
            # Flask-JWT-Extended first decodes the token unverified (for its key callback), so a
            # payload that is not a JSON object fails as such before any signature check.
            jwt.decode(token, algorithms=[ALGORITHM], options={"verify_signature": False})
            jwt.get_unverified_header(token)
            claims: dict[str, Any] = jwt.decode(
                token,
                self.secret,
                algorithms=[ALGORITHM],
                leeway=0,
                options={"verify_aud": False, "verify_sub": True},
            )
        except jwt.ExpiredSignatureError:
            raise TokenError(401, "Token has expired") from None
        except jwt.InvalidTokenError as exc:
            raise TokenError(422, str(exc)) from None
        if len(self._verified) >= VERIFIED_TOKENS_KEPT:
            del self._verified[next(iter(self._verified))]
        self._verified[token] = dict(claims)
        return claims


def _times_hold(claims: dict[str, Any], now: float) -> bool:
    """Tell whether PyJWT's time checks (iat, nbf, exp; leeway 0) would pass at `now`."""
    # Anything else (a time claim not a number, a token about to fail) takes the full decode,
    # which raises exactly what PyJWT raises.
    times = [claims.get(name) for name in ("iat", "nbf", "exp")]
    numbers = [value for value in times if isinstance(value, int | float)]
    if len(numbers) != len(times) or any(isinstance(value, bool) for value in numbers):
        return False
    issued, not_before, expires = numbers
    return issued <= now and not_before <= now and now < expires


def bearer_token(authorization: str | None) -> str:
    """Extract the JWT from an Authorization header (checks 1–3 of §2.2)."""
    # Flask-JWT-Extended strips whitespace, then commas, once, and crashes on a blank field such
    # as `, ,`; the spec trims both until neither is left and counts a blank field as no Bearer.
    header = _OUTER_WHITESPACE_AND_COMMAS.sub("", authorization or "")
    if not header:
        raise TokenError(401, f"Missing {HEADER_NAME} Header")
    candidates = [
        part for part in _FIELD_SEPARATOR.split(header) if part.split()[:1] == [HEADER_TYPE]
    ]
    if len(candidates) != 1:
        raise TokenError(401, _MISSING_BEARER)
    words = candidates[0].split()
    if len(words) != 2:
        raise TokenError(422, _BAD_HEADER)
    return words[1]
