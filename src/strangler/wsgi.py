"""The legacy WSGI app as an ASGI app (a2wsgi), its worker threads tied to the lifespan.

a2wsgi starts its thread pool when it is built and never again; the gateway stops the pool at
shutdown so no WSGI thread outlives the server. `start()` replaces a stopped middleware with a new
one, pool and all, so one gateway can serve several lifespans in a row (tests restart it on a fresh
database).

a2wsgi builds the WSGI environ on the event loop and joins a repeated header by adding each value
to the string built so far: quadratic in the repeats, the whole process stalled meanwhile. The
backend merges repeated headers first, in one pass, into the value a2wsgi would have built.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast
from wsgiref.types import WSGIApplication

from a2wsgi import WSGIMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

Headers = Sequence[tuple[bytes, bytes]]


def _environ_name(name: bytes) -> str:
    # a2wsgi's key for a header in the environ: headers sharing a key are one WSGI header.
    text = name.decode("latin-1")
    if text in ("content-length", "content-type"):
        return text.upper().replace("-", "_")
    return f"HTTP_{text}".upper().replace("-", "_")


def merge_repeated_headers(headers: Headers) -> Headers:
    """Join headers sharing an environ key into the first one, values comma-separated, in order.

    The environ a2wsgi builds from the result is the one it builds from `headers`, in linear time.
    """
    names = {name for name, _ in headers}
    if len(names) == len(headers) and not any(b"_" in name for name in names):
        return headers  # the common case: no two names can share an environ key
    merged: dict[str, tuple[bytes, list[bytes]]] = {}
    for name, value in headers:
        key = _environ_name(name)
        if key in merged:
            merged[key][1].append(value)
        else:
            merged[key] = (name, [value])
    if len(merged) == len(headers):
        return headers
    return [(name, b",".join(values)) for name, values in merged.values()]


class WSGIBackend:
    """An ASGI app serving a WSGI app from a pool of `workers` threads."""

    def __init__(self, app: WSGIApplication, *, workers: int = 10) -> None:
        self._app = app
        self._workers = workers
        self._middleware = WSGIMiddleware(cast(Any, app), workers=workers)
        self._stopped = False

    def start(self) -> None:
        """Give the WSGI app a new thread pool if `stop()` shut the previous one down."""
        if self._stopped:
            # A fresh middleware rather than a new pool put into the old one's `executor`:
            # a2wsgi's object stays as a2wsgi built it.
            self._middleware = WSGIMiddleware(cast(Any, self._app), workers=self._workers)
            self._stopped = False

    def stop(self) -> None:
        """Wait for requests in flight, then end the worker threads."""
        self._middleware.executor.shutdown(wait=True)
        self._stopped = True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one ASGI connection through a2wsgi."""
        if scope["type"] == "http":
            headers = merge_repeated_headers(scope["headers"])
            if headers is not scope["headers"]:
                scope = {**scope, "headers": headers}
        await cast(ASGIApp, self._middleware)(scope, receive, send)
