"""One raw ASGI request to an app, every message it sends kept (tests of the WSGI backend).

`scope_of` builds an HTTP scope as uvicorn would; `Exchange` gives the body at once, then either
waits for the answer to end or (`leaves=True`) hangs up at once, and keeps what the app sent.
"""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.types import ASGIApp, Message

WAIT = 10.0  # bound on every exchange


def scope_of(
    method: str = "GET",
    path: str = "/",
    query: bytes = b"",
    headers: list[tuple[bytes, bytes]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """An HTTP scope as uvicorn builds it; `extra` replaces or adds keys."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query,
        "headers": [(b"host", b"testserver"), *(headers or [])],
        "client": ("127.0.0.1", 50123),
        "server": ("testserver", 8000),
    }
    scope.update(extra)
    return scope


class Exchange:
    """One request to an ASGI app: the body given at once, every message the app sends kept."""

    def __init__(self, body: bytes = b"", *, leaves: bool = False) -> None:
        self.body = body
        self.leaves = leaves  # the client hangs up right after its body
        self.sent: list[Message] = []
        self.done = asyncio.Event()
        self.arrived = asyncio.Event()  # any message sent
        self._delivered = False

    async def receive(self) -> Message:
        if not self._delivered:
            self._delivered = True
            return {"type": "http.request", "body": self.body, "more_body": False}
        if not self.leaves:
            await self.done.wait()
        return {"type": "http.disconnect"}

    async def send(self, message: Message) -> None:
        self.sent.append(message)
        self.arrived.set()
        if message["type"] == "http.response.body" and not message.get("more_body", False):
            self.done.set()

    async def run(self, app: ASGIApp, scope: dict[str, Any]) -> None:
        await asyncio.wait_for(app(scope, self.receive, self.send), WAIT)

    @property
    def status(self) -> int:
        return int(self.sent[0]["status"])

    @property
    def content(self) -> bytes:
        return b"".join(m.get("body", b"") for m in self.sent if m["type"] == "http.response.body")
