"""Answers the gateway gives itself (metrics, liveness, readiness): one response, whole, sized."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from starlette.types import Scope, Send

from strangler.fallback import SAFE_METHODS

JSON = b"application/json"
TEXT = b"text/plain; charset=utf-8"


async def answer(
    send: Send,
    status: int,
    content_type: bytes,
    body: bytes,
    *,
    head: bool = False,
    headers: Sequence[tuple[bytes, bytes]] = (),
) -> None:
    """Send a complete response with its content type, length and `headers`; `head`: no body."""
    length = str(len(body)).encode()
    fields = [(b"content-type", content_type), (b"content-length", length), *headers]
    await send({"type": "http.response.start", "status": status, "headers": fields})
    # A HEAD answer's length is the body GET would send.
    await send({"type": "http.response.body", "body": b"" if head else body})


async def answer_json(scope: Scope, send: Send, status: int, content: Any) -> None:
    """Send `content` as compact JSON; HEAD gets the headers only."""
    body = json.dumps(content, separators=(",", ":")).encode() + b"\n"
    await answer(send, status, JSON, body, head=scope["method"] == "HEAD")


async def refuse_unsafe_methods(scope: Scope, send: Send) -> bool:
    """Answer 405 to anything but GET and HEAD; tell whether it did."""
    if scope["method"] in SAFE_METHODS:
        return False
    await answer(send, 405, TEXT, b"method not allowed\n", headers=[(b"allow", b"GET, HEAD")])
    return True
