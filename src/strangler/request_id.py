"""A request id on every request and response (`X-Request-ID`), in pure ASGI.

The same middleware adds the CORS headers (`strangler.cors`) in its one response wrapper, so the
edge of the gateway costs one extra call per response message, not one per header it adds.
"""

from __future__ import annotations

import os
import re
from collections.abc import Awaitable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from strangler.cors import CORSPolicy, set_header

HEADER = "x-request-id"
_NAME = HEADER.encode()
_ACCEPTABLE = re.compile(rb"^[A-Za-z0-9._:-]{1,128}$")
_BATCH = 16 * 256  # random bytes read at once: one system call per 256 ids


class _RandomIds:
    """Random ids in `uuid.uuid4().hex` form, from random bytes read in batches."""

    def __init__(self) -> None:
        self._pool = b""
        self._next = 0
        # A forked worker must not hand out the ids its parent's pool still holds.
        os.register_at_fork(after_in_child=self._drop)

    def _drop(self) -> None:
        self._pool, self._next = b"", 0

    def new(self) -> bytes:
        """Return a new id: 32 hex digits, version and variant bits as uuid4 sets them."""
        start = self._next
        if start >= len(self._pool):
            self._pool, start = os.urandom(_BATCH), 0
        self._next = start + 16
        raw = bytearray(self._pool[start : start + 16])
        raw[6] = (raw[6] & 0x0F) | 0x40
        raw[8] = (raw[8] & 0x3F) | 0x80
        return raw.hex().encode()


_IDS = _RandomIds()


class RequestIdMiddleware:
    """Keep a caller's well-formed `X-Request-ID`, or make one, and echo it in the response.

    With `cors`, the response also gets the CORS headers of an allowed origin (after any others
    and before the id, as a CORS middleware just inside this one would add them).
    """

    def __init__(self, app: ASGIApp, *, cors: CORSPolicy | None = None) -> None:
        self.app = app
        self.cors = cors

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        """Attach the id to the scope's headers (for the stacks) and to the response."""
        # A plain function handing back the next app's coroutine: no frame of its own per request.
        if scope["type"] != "http":
            return self.app(scope, receive, send)
        headers = scope["headers"]
        incoming: bytes | None = None
        origin: bytes | None = None
        for name, value in headers:
            if name == _NAME:
                if incoming is None:
                    incoming = value
            elif name == b"origin" and origin is None:
                origin = value
        if incoming is None:
            request_id = _IDS.new()
            scope = {**scope, "headers": [*headers, (_NAME, request_id)]}
        elif _ACCEPTABLE.match(incoming):
            request_id = incoming
        else:
            request_id = _IDS.new()
            others = [(name, value) for name, value in headers if name != _NAME]
            scope = {**scope, "headers": [*others, (_NAME, request_id)]}
        stamp = None if self.cors is None else self.cors.stamp_for(scope, origin)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                response_headers = message["headers"] = list(message.get("headers", ()))
                if stamp is not None:
                    stamp.apply(response_headers)
                set_header(response_headers, _NAME, request_id)
            await send(message)

        return self.app(scope, receive, send_with_id)
