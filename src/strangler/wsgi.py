"""The legacy WSGI app as an ASGI app, on a pool of worker threads tied to the lifespan.

Per request the body is read on the event loop (the gateway's limits bound it), then one worker
thread builds the environ (`strangler.wsgi_environ`, the one a2wsgi built), calls the app and
collects its answer (`strangler.wsgi_call`), and the event loop sends it: one trip to a thread
and back, where a2wsgi passed every message through a queue between the two. Answers that stream
are sent chunk by chunk as before.

A request whose client left before a worker took it up is not run: when every thread is taken, a
`ClientWatch` notices the disconnect while the request waits in the pool's queue, and the worker
skips it, sending nothing. (With a thread free, the request is taken up at once: no watch.)
`abandoned` counts those (and requests whose client left mid-body); each is logged at debug level.

`stop()` waits for the requests in flight, then ends the threads; `start()` gives a stopped
backend a new pool, so one gateway can serve several lifespans in a row (tests restart it on a
fresh database).
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from wsgiref.types import WSGIApplication

from starlette.types import Message, Receive, Scope, Send

from strangler.disconnect import ClientWatch
from strangler.wsgi_call import WSGICall, send_all
from strangler.wsgi_environ import build_environ, script_name_from_environment

log = logging.getLogger(__name__)
DEFAULT_WORKERS = 10


class WSGIBackend:
    """An ASGI app serving a WSGI app from a pool of `workers` threads."""

    def __init__(self, app: WSGIApplication, *, workers: int = DEFAULT_WORKERS) -> None:
        self._app = app
        self._workers = workers
        self._script_name = script_name_from_environment()  # a2wsgi honours it too
        self._pool = self._new_pool()
        self._stopped = False
        self._outstanding = 0  # requests handed to the pool and not back yet (event loop only)
        self.abandoned = 0  # requests not run: their client left before a worker took them up

    def _new_pool(self) -> ThreadPoolExecutor:
        return ThreadPoolExecutor(max_workers=self._workers, thread_name_prefix="WSGI")

    def start(self) -> None:
        """Give the WSGI app a new thread pool if `stop()` shut the previous one down."""
        if self._stopped:
            self._pool = self._new_pool()
            self._stopped = False

    def stop(self) -> None:
        """Wait for requests in flight, then end the worker threads."""
        self._pool.shutdown(wait=True)
        self._stopped = True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one ASGI connection: HTTP through the pool; no WebSocket; a bare lifespan."""
        if scope["type"] != "http":
            await _not_http(scope, receive, send)
            return
        async with ClientWatch(receive) as watch:
            body = await watch.read_body()
            if body is None:
                self._abandon(scope, "mid-body")
                return
            if self._outstanding >= self._workers:
                # No thread is free: the request may wait, and its client may leave meanwhile.
                # (With one free, a thread takes it up at once: no watch, no task to pay for.)
                watch.start()
            loop = asyncio.get_running_loop()
            call = WSGICall(loop, send)
            run = contextvars.copy_context().run  # the app sees the request's context, as before
            self._outstanding += 1
            try:
                messages = await loop.run_in_executor(
                    self._pool, run, self._serve, call, scope, body, watch.gone
                )
            finally:
                self._outstanding -= 1
            if messages is None:
                self._abandon(scope, "before a worker took it up")
                return
            await send_all(send, messages)

    def _serve(
        self, call: WSGICall, scope: Scope, body: bytes, gone: threading.Event
    ) -> list[Message] | None:
        # In a worker thread. A request whose client left while it waited is not run.
        if gone.is_set():
            return None
        return call.run(self._app, build_environ(scope, body, self._script_name))

    def _abandon(self, scope: Scope, when: str) -> None:
        self.abandoned += 1  # on the event loop only: no lock
        log.debug("wsgi: %s %s not run, its client left %s", scope["method"], scope["path"], when)


async def _not_http(scope: Scope, receive: Receive, send: Send) -> None:
    # What a2wsgi answered outside HTTP: a WebSocket is closed, a lifespan just acknowledged.
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1000})
    elif scope["type"] == "lifespan":
        for step in ("startup", "shutdown"):
            await receive()
            await send({"type": f"lifespan.{step}.complete"})
