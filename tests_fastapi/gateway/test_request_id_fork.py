"""Request ids are made from random bytes read in batches; a forked worker must not repeat them."""

from __future__ import annotations

import asyncio
import os

from starlette.types import Message, Receive, Scope, Send

from strangler.request_id import RequestIdMiddleware


async def answer(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 204, "headers": []})
    await send({"type": "http.response.body", "body": b""})


def request_id(app: RequestIdMiddleware) -> bytes:
    """Serve one request without an `X-Request-ID`; return the id the answer carries."""
    started: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            started.append(message)

    scope = {"type": "http", "method": "GET", "path": "/api/health", "headers": []}
    asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    headers: dict[bytes, bytes] = dict(started[0]["headers"])
    return headers[b"x-request-id"]


def test_a_forked_worker_makes_ids_other_than_its_parents() -> None:
    app = RequestIdMiddleware(answer)
    request_id(app)  # the parent has a batch of random bytes in hand before it forks
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child, which reports through the pipe
        try:
            os.write(writer, request_id(app))
        finally:
            os._exit(0)
    os.close(writer)
    os.waitpid(child, 0)
    from_child = os.read(reader, 64)
    os.close(reader)
    assert from_child and from_child != request_id(app)
