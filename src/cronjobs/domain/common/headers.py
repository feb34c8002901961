"""Header fields as the legacy service read them, so both stacks read a repeated one alike.

A WSGI server hands Flask a header field sent more than once as one value, its values joined by
commas (the gateway's WSGI backend does); Starlette keeps each. The FastAPI stack reads every header
the contract looks at (`Authorization`, `Content-Type`) through `joined`, so `Content-Type` sent
twice is `application/json,application/json` on both stacks, and refused alike (§1.2).
"""

from __future__ import annotations

from collections.abc import Iterable


def joined(values: Iterable[str]) -> str | None:
    """Return a header field's values as one, joined by commas as WSGI does; None if absent."""
    found = list(values)
    return ",".join(found) if found else None
