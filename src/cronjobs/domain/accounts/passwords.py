"""Password hashing: legacy passlib pbkdf2_sha256 hashes verify, new ones use the same scheme.

The legacy service wrote `$pbkdf2-sha256$29000$<salt>$<checksum>` (D18). We keep writing that
format, through libpass (the maintained passlib), so every hash either stack writes verifies on
both, and a database can move back to the legacy service at any time.
"""

from __future__ import annotations

import secrets

from passlib.context import CryptContext

from cronjobs.domain.errors import InvalidInput

MIN_PASSWORD_CHARACTERS = 6
MAX_PASSWORD_BYTES = 4096  # D22; passlib refuses more (as characters), which was a 500

_context = CryptContext(schemes=["pbkdf2_sha256"], pbkdf2_sha256__default_rounds=29000)


def check_new_password(password: str) -> None:
    """Apply §4.1's length rules to a password about to be stored: 6 characters to 4096 bytes."""
    if len(password) < MIN_PASSWORD_CHARACTERS:
        raise InvalidInput(f"Password must be at least {MIN_PASSWORD_CHARACTERS} characters long")
    if len(password.encode()) > MAX_PASSWORD_BYTES:
        raise InvalidInput(
            "Invalid payload", f"Password must be at most {MAX_PASSWORD_BYTES} bytes."
        )


def hash_password(password: str) -> str:
    """Return a new hash of the password."""
    return str(_context.hash(password))


def verify_password(password: str, password_hash: str | None) -> bool:
    """Tell whether the password matches the stored hash; an unknown format never matches."""
    if not password_hash:
        return False
    try:
        return bool(_context.verify(password, password_hash))
    except (ValueError, TypeError):  # passlib's PasswordSizeError is a ValueError
        return False


# A hash nobody knows the password of, in the scheme and rounds of new hashes; made at import,
# once per process, so that even the first login without a user costs no more than the next.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(32))


def verify_nothing(password: str) -> None:
    """Spend what verifying a wrong password costs, so a login without a user takes as long."""
    verify_password(password, _DUMMY_HASH)
