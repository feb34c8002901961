"""Requests fed to an ASGI app one raw message at a time, counting the body messages it reads.

For tests of what a middleware reads of a body: `post_chunks` sends the chunks only as the app
asks for them, so `BodyAnswer.reads` says how far into the body the app went.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

from starlette.types import ASGIApp, Message


class BodyAnswer:
    """What the client got for one raw ASGI request, and how many body messages were read."""

    def __init__(self) -> None:
        self.status = 0
        self.headers: dict[bytes, bytes] = {}
        self.body = b""
        self.reads = 0


async def post_chunks(
    app: ASGIApp, path: str, headers: list[tuple[bytes, bytes]], body: Iterator[bytes]
) -> BodyAnswer:
    """POST `body` chunk by chunk (more follow while the iterator has them); return the answer."""
    answer = BodyAnswer()
    done = asyncio.Event()
    pending = next(body, None)

    async def receive() -> Message:
        nonlocal pending
        if pending is None:
            await done.wait()
            return {"type": "http.disconnect"}
        answer.reads += 1
        chunk, pending = pending, next(body, None)
        return {"type": "http.request", "body": chunk, "more_body": pending is not None}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            answer.status = message["status"]
            answer.headers = dict(message["headers"])
        else:
            answer.body += message.get("body", b"")
            if not message.get("more_body", False):
                done.set()

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    await asyncio.wait_for(app(scope, receive, send), timeout=10)
    return answer


def endless(chunk: bytes) -> Iterator[bytes]:
    """A chunked body that never ends."""
    while True:
        yield chunk
