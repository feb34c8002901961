"""A request id on every request and response (`X-Request-ID`), in pure ASGI."""

from __future__ import annotations

import re
import uuid

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = "x-request-id"
_ACCEPTABLE = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class RequestIdMiddleware:
    """Keep a caller's well-formed `X-Request-ID`, or make one, and echo it in the response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Attach the id to the scope's headers (for the stacks) and to the response."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = next((value for name, value in scope["headers"] if name == b"x-request-id"), b"")
        request_id = incoming.decode("latin-1")
        if not _ACCEPTABLE.match(request_id):
            request_id = uuid.uuid4().hex
            others = [(name, value) for name, value in scope["headers"] if name != b"x-request-id"]
            scope = {**scope, "headers": [*others, (b"x-request-id", request_id.encode())]}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            await send(message)

        await self.app(scope, receive, send_with_id)
