"""Canary routing: a deterministic, sticky share of callers sent to the new stack.

A caller is the JWT `sub` of a Bearer token, else the client address. The token is decoded without
verifying it: the id only picks a bucket, and a caller who forges one merely picks a stack, which
either stack would serve them on its own terms (each still authenticates the request itself).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json

from starlette.types import Scope

BUCKETS = 10_000  # a hundredth of a percent per bucket, finer than any share an operator sets
AUTHORIZATION = b"authorization"


def caller_id(scope: Scope) -> str:
    """Name the caller of a request: its token's subject, else its address, else nothing."""
    for name, value in scope.get("headers", ()):
        if name == AUTHORIZATION:
            subject = _token_subject(value)
            if subject is not None:
                return f"sub:{subject}"
            break
    client = scope.get("client")
    return f"addr:{client[0]}" if client else ""


def _token_subject(header: bytes) -> str | None:
    scheme, _, token = header.partition(b" ")
    if scheme.lower() != b"bearer":
        return None
    parts = token.strip().split(b".")
    if len(parts) != 3:
        return None
    payload = parts[1] + b"=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload))
    except (binascii.Error, ValueError):
        return None
    subject = claims.get("sub") if isinstance(claims, dict) else None
    return str(subject) if isinstance(subject, str | int) and subject != "" else None


def bucket(group: str, caller: str) -> int:
    """Place a caller in one of `BUCKETS` buckets, the same in every process and every run."""
    digest = hashlib.blake2b(f"{group}\x00{caller}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % BUCKETS


class CanarySplit:
    """One canary endpoint's split: callers whose bucket is below the share go to the new stack.

    The bucket does not depend on the share, so raising it only adds callers to the new stack.
    """

    __slots__ = ("group", "threshold")

    def __init__(self, group: str, percent: int) -> None:
        self.group = group
        self.threshold = percent * BUCKETS // 100

    def sends_to_modern(self, scope: Scope | None) -> bool:
        """Tell whether this request's caller is in the new stack's share."""
        caller = caller_id(scope) if scope is not None else ""
        return bucket(self.group, caller) < self.threshold
