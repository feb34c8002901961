"""Protective request limits, in front of both stacks: header count and size (431), body (413).

A request over a limit is answered by the gateway itself and never reaches a stack. Headers are
checked as the server handed them over. A body with a `Content-Length` over the limit is refused
before any of it is read; the server frames the body by that length, so a declared length within
the limit is passed on untouched, and so is an HTTP/1 request with neither `Content-Length` nor
`Transfer-Encoding` (it has no body). A body of unknown length (chunked) is read ahead and counted
as it arrives: past the limit the request is refused there, without reading further; within it,
the stack is given the chunks read, with the length now known as its `Content-Length`, then the
connection as usual. Refusals close the connection, so the server stops reading what the client
still sends.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from itertools import chain

from starlette.types import ASGIApp, Receive, Scope, Send

from strangler.gateway import GATEWAY_BACKEND
from strangler.held_body import read_request, replay
from strangler.observation import GATEWAY_LABEL, SERVED_BY, RequestObserver

HEADER_FIELDS_TOO_LARGE = 431
PAYLOAD_TOO_LARGE = 413
HTTP1 = frozenset({"1.0", "1.1"})
# Turns a refusal's status and reason (an English sentence naming the limit) into a body.
RenderRefusal = Callable[[int, str], bytes]


@dataclass(frozen=True, slots=True)
class RequestLimits:
    """The largest request the gateway passes on: header fields, their total bytes, the body."""

    max_header_count: int = 100
    max_header_bytes: int = 32 * 1024  # names and values together
    max_body_bytes: int = 10 * 1024 * 1024

    def __post_init__(self) -> None:
        for name in ("max_header_count", "max_header_bytes", "max_body_bytes"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive integer, not {value!r}")


DEFAULT_LIMITS = RequestLimits()


def header_refusal(limits: RequestLimits, headers: Sequence[tuple[bytes, bytes]]) -> str | None:
    """Say which header limit the headers break, or None when they keep both."""
    # The count first: it costs nothing, and bounds the sum below.
    if len(headers) > limits.max_header_count:
        return f"A request may have at most {limits.max_header_count} header fields."
    if sum(map(len, chain.from_iterable(headers))) > limits.max_header_bytes:
        return f"Request headers may total at most {limits.max_header_bytes} bytes."
    return None


def declared_length(headers: Sequence[tuple[bytes, bytes]], http_version: str) -> int | None:
    """Return the body length the server frames the body by, or None when it is not known."""
    names = [name for name, _ in headers]
    if b"transfer-encoding" in names:
        return None  # chunked framing wins over any Content-Length
    if b"content-length" not in names:
        # HTTP/1 frames no body without either header (RFC 9112 §6.3): nothing to read
        return 0 if http_version in HTTP1 else None
    lengths = {value.strip() for name, value in headers if name == b"content-length"}
    if len(lengths) != 1:
        return None
    (length,) = lengths
    return int(length) if length.isdigit() else None


def with_length(headers: Sequence[tuple[bytes, bytes]], size: int) -> list[tuple[bytes, bytes]]:
    """Return the headers of a body read whole, framed by its length instead of in chunks."""
    # WSGI apps read no body without a Content-Length (werkzeug ignores a chunked one), so the
    # stacks are both given one, as a buffering proxy gives its upstream.
    framing = (b"transfer-encoding", b"content-length")
    kept = [(name, value) for name, value in headers if name not in framing]
    return [*kept, (b"content-length", str(size).encode())]


def plain_refusal(_status: int, reason: str) -> bytes:
    """Render a refusal as `{"error": <reason>}`, like the admin API's errors."""
    return json.dumps({"error": reason}).encode()


class RequestLimitsMiddleware:
    """Refuse requests over `limits` with a body from `render`; pass every other one on.

    With an `observer`, each refusal is counted like any answer of the gateway's own.
    """

    def __init__(
        self,
        app: ASGIApp,
        limits: RequestLimits,
        render: RenderRefusal = plain_refusal,
        *,
        media_type: str = "application/json",
        observer: RequestObserver | None = None,
    ) -> None:
        self.app = app
        self.limits = limits
        self.render = render
        self.media_type = media_type.encode("latin-1")
        self.observer = observer

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        """Check the headers, then the body's length; serve or refuse the request."""
        # A plain function handing back the next app's coroutine: a request within the limits
        # costs this layer no frame of its own.
        if scope["type"] != "http":
            return self.app(scope, receive, send)
        headers = scope["headers"]
        reason = header_refusal(self.limits, headers)
        if reason is not None:
            return self._refuse(HEADER_FIELDS_TOO_LARGE, reason, send)
        length = declared_length(headers, scope.get("http_version", ""))
        if length is None:
            return self._read_ahead(scope, receive, send)
        if length > self.limits.max_body_bytes:
            return self._refuse(PAYLOAD_TOO_LARGE, self._body_reason(), send)
        return self.app(scope, receive, send)

    async def _read_ahead(self, scope: Scope, receive: Receive, send: Send) -> None:
        # A client that leaves mid-body is passed on: the stack hears it as usual.
        headers = scope["headers"]
        held = await read_request(receive, self.limits.max_body_bytes)
        if held.over_limit:
            await self._refuse(PAYLOAD_TOO_LARGE, self._body_reason(), send)
            return
        receive = replay(held.messages, receive)
        if held.size or any(name == b"transfer-encoding" for name, _ in headers):
            scope = {**scope, "headers": with_length(headers, held.size)}
        await self.app(scope, receive, send)

    def _body_reason(self) -> str:
        return f"The request body may be at most {self.limits.max_body_bytes} bytes."

    async def _refuse(self, status: int, reason: str, send: Send) -> None:
        body = self.render(status, reason)
        observation = None
        if self.observer is not None:
            observation = self.observer.start("", GATEWAY_LABEL, GATEWAY_BACKEND, send)
            send = observation.send
        headers = [
            (b"content-type", self.media_type),
            (b"content-length", str(len(body)).encode()),
            # What the client still sends is never read: the server drops the connection.
            (b"connection", b"close"),
            (SERVED_BY, GATEWAY_BACKEND.encode()),
        ]
        try:
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
        finally:
            if observation is not None:
                observation.end()
