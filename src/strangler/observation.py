"""Observing every request the gateway serves, once: endpoint, answering stack, status, duration.

The gateway starts an `Observation` when it has routed a request and ends it when the request is
done; the observation sees the response messages on their way out. The stack that answered is
read from the `X-Served-By` header its `Backend` stamped, so a read that fell back counts for
the legacy stack. Everything runs on the event loop, so the counters need no lock.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from starlette.types import Message, Send

from strangler.request_stats import SERVER_ERROR, RequestStats, status_class_index
from strangler.traffic import Traffic

SERVED_BY = b"x-served-by"
# Endpoint labels of requests that name no legacy endpoint: a fixed few, whatever the path.
MODERN_LABEL = "(modern)"
GATEWAY_LABEL = "(gateway)"
UNMATCHED_LABEL = "(unmatched)"


def served_by(headers: Sequence[tuple[bytes, bytes]], default: str) -> str:
    """Name the stack a response's `X-Served-By` header reports, else `default`."""
    # The backend stamps last, after any header of the app's own: scan from the end.
    for name, value in reversed(headers):
        if name == SERVED_BY:
            return value.decode("latin-1")
    return default


class RequestObserver:
    """What the gateway learnt from its requests: per-endpoint stats and recent traffic."""

    def __init__(self, clock: Callable[[], float] = time.perf_counter) -> None:
        self.clock = clock
        self.stats = RequestStats()
        self.traffic = Traffic(clock)

    def start(
        self, key: str, label: str, backend: str, send: Send, stamp: bytes | None = None
    ) -> Observation:
        """Begin observing one request routed to `backend`; `key` is "" when it names none.

        With `stamp`, the observation stamps the response's `X-Served-By` itself (the request
        goes to `backend`'s app directly, saving a wrapper); else it reads what was stamped.
        """
        return Observation(self, key, label, backend, send, stamp)

    def record(self, key: str, label: str, backend: str, status: int, started: float) -> None:
        """Count one finished request (`status` 0 when no response was started)."""
        ended = self.clock()
        self.stats.add(label, backend, status, ended - started)
        if key:
            failed = status_class_index(status) == SERVER_ERROR
            self.traffic.add(key, backend, failed, ended)


class Observation:
    """One request on its way through the gateway."""

    __slots__ = (
        "backend",
        "ended",
        "key",
        "label",
        "observer",
        "stamp",
        "started",
        "status",
        "upstream",
    )

    def __init__(
        self,
        observer: RequestObserver,
        key: str,
        label: str,
        backend: str,
        send: Send,
        stamp: bytes | None = None,
    ) -> None:
        self.observer = observer
        self.key = key
        self.label = label
        self.backend = backend
        self.upstream = send
        self.stamp = stamp
        self.status = 0
        self.ended = False
        self.started = observer.clock()

    async def send(self, message: Message) -> None:
        """Pass a response message on, noting its status, stack and, at the last body, the end."""
        kind = message["type"]
        if kind == "http.response.start":
            self.status = int(message["status"])
            if self.stamp is None:
                self.backend = served_by(message.get("headers", ()), self.backend)
            else:
                message["headers"] = [*message.get("headers", ()), (SERVED_BY, self.stamp)]
        elif kind == "http.response.body" and not message.get("more_body", False):
            self._finish()
        await self.upstream(message)

    def end(self) -> None:
        """Count the request if its last body message was not seen (it raised or stopped)."""
        self._finish()

    def _finish(self) -> None:
        if not self.ended:
            self.ended = True
            self.observer.record(self.key, self.label, self.backend, self.status, self.started)
