"""Shadow mode: the legacy stack answers; reads are replayed on the new stack and compared.

The client gets the legacy answer as it streams, untouched; only a bounded copy of its body is
kept. Once it is sent, a background task runs the same GET or HEAD on the new stack, captures its
answer (bounded too), compares the two and records the outcome. Shadows are bounded per process:
when `limit` are running, a new one is dropped and counted, never queued, so a slow new stack
costs at most `limit` tasks and never delays a client. Unsafe methods are never replayed, since
the new stack would write a second time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from strangler.fallback import MAX_REPLAYED_BYTES, SAFE_METHODS
from strangler.held_body import read_request, replay
from strangler.shadow_compare import Answer, Masks, differences
from strangler.shadow_record import Mismatch, Outcome, ShadowRecord

log = logging.getLogger(__name__)
SHADOW_LIMIT = 8
SHADOW_TIMEOUT_SECONDS = 10.0
MAX_CAPTURED_BYTES = 1_000_000


class _Capture:
    """A response's status and body, kept up to a size; past it only "too large" is kept."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.status = 0
        self.chunks: list[bytes] = []
        self.size = 0
        self.too_large = False

    def add(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = int(message["status"])
        elif message["type"] == "http.response.body" and not self.too_large:
            body = message.get("body", b"")
            self.size += len(body)
            if self.size > self.limit:
                self.too_large, self.chunks = True, []
            else:
                self.chunks.append(body)

    def answer(self) -> Answer:
        return Answer(self.status, b"".join(self.chunks), self.too_large)


async def _no_disconnect() -> Message:
    # The shadow has no client: after the replayed body it waits until its timeout ends it.
    await asyncio.Event().wait()
    raise AssertionError("unreachable")  # pragma: no cover


class ShadowRunner:
    """Serve shadowed endpoints from the legacy stack and compare reads with the new stack."""

    def __init__(
        self,
        legacy: ASGIApp,
        modern: ASGIApp,
        masks: Mapping[str, Iterable[str]] | None = None,
        *,
        limit: int = SHADOW_LIMIT,
        timeout: float = SHADOW_TIMEOUT_SECONDS,
        max_bytes: int = MAX_CAPTURED_BYTES,
    ) -> None:
        self.legacy = legacy
        self.modern = modern
        self.masks = {key: Masks(fields) for key, fields in (masks or {}).items()}
        self.limit, self.timeout, self.max_bytes = limit, timeout, max_bytes
        self.record = ShadowRecord()
        self._running: set[asyncio.Task[None]] = set()

    async def serve(self, key: str, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer from the legacy stack; for a read, start its shadow once the answer is sent."""
        if scope["method"] not in SAFE_METHODS:
            self.record.count(key, Outcome.NOT_SHADOWED)
            await self.legacy(scope, receive, send)
            return
        request = await read_request(receive, MAX_REPLAYED_BYTES)
        if request.over_limit:  # too large to keep for a replay: served, never shadowed
            self.record.count(key, Outcome.TOO_LARGE)
            await self.legacy(scope, replay(request.messages, receive), send)
            return
        shadow_scope = dict(scope)  # the legacy stack may change its scope; the shadow's is fresh
        legacy = _Capture(self.max_bytes)

        async def copied(message: Message) -> None:
            await send(message)
            legacy.add(message)

        await self.legacy(scope, replay(request.messages, receive), copied)
        if len(self._running) >= self.limit:
            self.record.count(key, Outcome.DROPPED)
            return
        task = asyncio.create_task(
            self._shadow(key, shadow_scope, request.messages, legacy.answer())
        )
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    @property
    def in_flight(self) -> int:
        """Count the shadows running now."""
        return len(self._running)

    async def wait(self) -> None:
        """Wait for the shadows running now to be recorded."""
        await asyncio.gather(*self._running, return_exceptions=True)

    async def stop(self) -> None:
        """Cancel the running shadows (at shutdown: their answers no longer matter)."""
        for task in self._running:
            task.cancel()
        await self.wait()

    async def _shadow(self, key: str, scope: Scope, request: list[Message], legacy: Answer) -> None:
        modern = _Capture(self.max_bytes)

        async def captured(message: Message) -> None:
            modern.add(message)

        try:
            async with asyncio.timeout(self.timeout):
                await self.modern(scope, replay(request, _no_disconnect), captured)
        except TimeoutError:
            self.record.count(key, Outcome.TIMEOUT)
            return
        except Exception:
            log.exception("shadow: %s raised on the new stack", key)
            self.record.count(key, Outcome.FAILED)
            return
        self._compare(key, scope, legacy, modern.answer())

    def _compare(self, key: str, scope: Scope, legacy: Answer, modern: Answer) -> None:
        if legacy.too_large or modern.too_large:
            self.record.count(key, Outcome.TOO_LARGE)
            return
        found = differences(legacy, modern, self.masks.get(key, Masks()))
        if not found:
            self.record.count(key, Outcome.MATCH)
            return
        self.record.mismatch(Mismatch.of(key, scope, legacy, modern, found))
