"""Serving a legacy endpoint from the new stack, with the old stack as a safety net for reads.

For GET and HEAD the new stack's response start is held until its first body message: if it
raises or answers 5xx before then, nothing has reached the client and the legacy stack answers
instead. Other methods are never retried, since the new stack may already have written, and
neither is a read whose body is too large to keep for a second try (`MAX_REPLAYED_BYTES`). Every
outcome is reported (failed or not), which is what auto-rollback watches.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from strangler.held_body import read_request, replay
from strangler.observation import SERVED_BY
from strangler.routing import Backend

log = logging.getLogger(__name__)
SAFE_METHODS = frozenset({"GET", "HEAD"})
# A GET or HEAD body is empty or small; one past this is passed on as it comes, never kept whole.
MAX_REPLAYED_BYTES = 64 * 1024
# Told each new-stack outcome of an endpoint: (key, failed), on the event loop, so it must be quick.
OutcomeListener = Callable[[str, bool], None]


def _failed_status(message: Message) -> bool:
    return int(message["status"]) >= 500


class ModernGuard:
    """Send a request to the new stack; fall back to the legacy one for a failed GET or HEAD.

    Every outcome is told to each of `listeners`.
    """

    def __init__(
        self, legacy: ASGIApp, modern: ASGIApp, listeners: Iterable[OutcomeListener] = ()
    ) -> None:
        self.legacy = legacy
        self.modern = modern
        self.listeners = tuple(listeners)
        self.fallbacks: Counter[str] = Counter()
        # A new stack that is a gateway backend is called bare and its stamp added by the guard's
        # own wrapper: each response message passes one wrapper fewer.
        self._modern_app = modern.app if isinstance(modern, Backend) else modern
        self._stamp = modern.label if isinstance(modern, Backend) else None

    def _report(self, key: str, failed: bool) -> None:
        for listener in self.listeners:
            listener(key, failed)

    async def serve(self, key: str, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one request of endpoint `key` from the new stack, falling back where safe."""
        if scope["method"] not in SAFE_METHODS:
            await self._serve_once(key, scope, receive, send)
            return
        request = await read_request(receive, MAX_REPLAYED_BYTES)
        if not request.over_limit:
            await self._serve_safe(key, scope, request.messages, receive, send)
        else:
            await self._serve_once(key, scope, replay(request.messages, receive), send)

    async def _serve_once(self, key: str, scope: Scope, receive: Receive, send: Send) -> None:
        failed = True  # stays so if the new stack raises before answering

        stamp = self._stamp

        async def watched(message: Message) -> None:
            nonlocal failed
            if message["type"] == "http.response.start":
                failed = _failed_status(message)
                if stamp is not None:
                    message["headers"] = [*message.get("headers", ()), (SERVED_BY, stamp)]
            await send(message)

        try:
            await self._modern_app(scope, receive, watched)
        except Exception:
            failed = True
            raise
        finally:
            self._report(key, failed)

    async def _serve_safe(
        self, key: str, scope: Scope, request: list[Message], receive: Receive, send: Send
    ) -> None:
        held: list[Message] = []
        failed = sent = False
        stamp = self._stamp

        async def held_until_body(message: Message) -> None:
            nonlocal failed, sent
            if message["type"] == "http.response.start":
                failed = _failed_status(message)
                if stamp is not None:
                    message["headers"] = [*message.get("headers", ()), (SERVED_BY, stamp)]
                held.append(message)
                return
            if failed:
                return  # the 5xx's body: the legacy stack answers instead
            if held:
                await send(held.pop())
            sent = True
            await send(message)

        try:
            await self._modern_app(scope, replay(request, receive), held_until_body)
        except Exception:
            if sent:
                self._report(key, True)
                raise  # part of the answer is out: too late to fall back
            log.exception("fallback: %s raised on the new stack; the legacy stack answers", key)
            failed = True
        self._report(key, failed)
        if not failed:
            if held:  # an answer without a body message: let it through as it is
                await send(held.pop())
            return
        self.fallbacks[key] += 1
        await self.legacy(scope, replay(request, receive), send)
