"""The legacy WSGI app as an ASGI app (a2wsgi), its worker threads tied to the lifespan.

a2wsgi starts its thread pool when it is built and never again; the gateway stops the pool at
shutdown so no WSGI thread outlives the server. `start()` replaces a stopped middleware with a new
one, pool and all, so one gateway can serve several lifespans in a row (tests restart it on a fresh
database).
"""

from __future__ import annotations

from typing import Any, cast
from wsgiref.types import WSGIApplication

from a2wsgi import WSGIMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send


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
        await cast(ASGIApp, self._middleware)(scope, receive, send)
