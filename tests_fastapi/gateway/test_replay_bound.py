"""Reads with large bodies: kept for a second try only up to `MAX_REPLAYED_BYTES`.

A GET or HEAD is held so the legacy stack can answer if the new one fails (fallback) or so the
new stack can replay it (shadow). A body past the bound is passed on as it arrives instead: it
reaches the stack that serves it whole, and is never buffered whole in the gateway.
"""

from __future__ import annotations

from starlette.types import Message, Receive, Scope, Send

from strangler.fallback import MAX_REPLAYED_BYTES, ModernGuard
from strangler.shadow import ShadowRunner
from strangler.shadow_record import Outcome

KEY = "GET /api/items"
CHUNK = 16 * 1024
SMALL = [b"x" * 10]
LARGE = [b"x" * CHUNK] * (MAX_REPLAYED_BYTES // CHUNK + 2)


class Stack:
    """A test-only stack: reads the whole body, then answers `status` with the byte count."""

    def __init__(self, status: int) -> None:
        self.status = status
        self.received: list[int] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        size = 0
        while True:
            message = await receive()
            size += len(message.get("body", b""))
            if not message.get("more_body", False):
                break
        self.received.append(size)
        await send({"type": "http.response.start", "status": self.status, "headers": []})
        await send({"type": "http.response.body", "body": str(size).encode()})


def request_scope() -> Scope:
    """A GET of the endpoint."""
    return {
        "type": "http",
        "method": "GET",
        "path": "/api/items",
        "query_string": b"",
        "headers": [],
    }


def body_of(chunks: list[bytes]) -> Receive:
    """The request body in `chunks`, then a disconnect."""
    messages: list[Message] = [
        {"type": "http.request", "body": chunk, "more_body": index < len(chunks) - 1}
        for index, chunk in enumerate(chunks)
    ]

    async def receive() -> Message:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    return receive


async def answer(app: ModernGuard | ShadowRunner, chunks: list[bytes]) -> tuple[int, bytes]:
    """Serve one read with this body; return the status and body the client got."""
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    await app.serve(KEY, request_scope(), body_of(chunks), send)
    return int(sent[0]["status"]), b"".join(m.get("body", b"") for m in sent[1:])


async def test_a_failed_read_with_a_small_body_falls_back_with_the_body_intact() -> None:
    legacy = Stack(200)
    guard = ModernGuard(legacy, Stack(500))
    assert await answer(guard, SMALL) == (200, b"10")
    assert guard.fallbacks[KEY] == 1


async def test_a_failed_read_with_a_large_body_gets_the_new_stacks_answer() -> None:
    modern = Stack(500)
    guard = ModernGuard(Stack(200), modern)
    status, _body = await answer(guard, LARGE)
    assert (status, modern.received, guard.fallbacks[KEY]) == (500, [len(b"".join(LARGE))], 0)


async def test_a_failed_read_with_a_large_body_is_reported_as_failed() -> None:
    outcomes: list[tuple[str, bool]] = []
    guard = ModernGuard(
        Stack(200), Stack(500), [lambda key, failed: outcomes.append((key, failed))]
    )
    await answer(guard, LARGE)
    assert outcomes == [(KEY, True)]


async def test_a_shadowed_read_with_a_large_body_is_answered_whole_and_not_replayed() -> None:
    legacy, modern = Stack(200), Stack(200)
    shadow = ShadowRunner(legacy, modern)
    assert await answer(shadow, LARGE) == (200, str(len(b"".join(LARGE))).encode())
    await shadow.wait()
    assert (modern.received, shadow.record.endpoints[KEY].counts[Outcome.TOO_LARGE]) == ([], 1)


async def test_a_shadowed_read_with_a_small_body_is_replayed_with_it() -> None:
    legacy, modern = Stack(200), Stack(200)
    shadow = ShadowRunner(legacy, modern)
    await answer(shadow, SMALL)
    await shadow.wait()
    assert (modern.received, shadow.record.endpoints[KEY].counts[Outcome.MATCH]) == ([10], 1)
