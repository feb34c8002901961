"""Single requests to an ASGI app in-process, as a server would make them: no socket, no client.

The benchmark's timing loop calls `exchange` directly, so what it measures is the app's own
work (and this module's few lines), not an HTTP client's or the network's.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from starlette.types import ASGIApp, Message


def request_scope(
    path: str, headers: list[tuple[bytes, bytes]], caller: int = 0, method: str = "GET"
) -> dict[str, Any]:
    """An HTTP scope as uvicorn would build it for a request from 10.0.x.y."""
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"bench"), *headers],
        "client": (f"10.0.{caller // 250}.{caller % 250 + 1}", 50000),
        "server": ("bench", 80),
        "state": {},
    }


async def exchange(app: ASGIApp, scope: dict[str, Any], body: bytes = b"") -> tuple[int, bytes]:
    """Serve one request; return its status and body once the last body message is sent."""
    delivered = False
    status = 0
    chunks: list[bytes] = []
    done = asyncio.Event()

    async def receive() -> Message:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        await done.wait()  # the client stays connected until the answer is complete
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                done.set()

    await app(dict(scope), receive, send)
    return status, b"".join(chunks)


async def send_json(
    app: ASGIApp,
    method: str,
    path: str,
    body: dict[str, Any],
    headers: list[tuple[bytes, bytes]] | None = None,
) -> dict[str, Any]:
    """Send a JSON request; return the JSON answer, or exit when it is not a 200 or 201."""
    payload = json.dumps(body).encode()
    framing = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(payload))]
    scope = request_scope(path, [*framing, *(headers or [])], method=method)
    status, answer = await exchange(app, scope, payload)
    if status not in (200, 201):
        raise SystemExit(f"setup: {method} {path} answered {status}: {answer[:300]!r}")
    parsed: dict[str, Any] = json.loads(answer)
    return parsed
