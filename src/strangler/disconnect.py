"""Noticing that a request's client left while the request waits for a worker thread.

A server under load queues requests for its worker threads; a client that gives up meanwhile
still gets its request run, writes and all, and everything behind it waits longer. `ClientWatch`
wraps one request's ASGI `receive`: it reads the body on the event loop; then, once started, a
background task awaits the real `receive`, which answers only `http.disconnect` from then on (the
client hung up, or the response is complete). The watch sets `gone`, a `threading.Event`, so a
worker thread can check it, without the event loop, when it picks the request up.

    async with ClientWatch(receive) as watch:
        body = await watch.read_body()  # None: the client left before its body ended
        watch.start()  # only when the request may wait: the task costs about 10 µs of CPU
        ...  # in a worker thread: skip the request if watch.gone.is_set()
        await app(scope, watch.receive, send)  # the body again, then the client's disconnect

Leaving the block (or `close()`) ends the watch: its task is cancelled if it still waits, and is
gone at the loop's next turn, so none outlives its request. Under uvicorn it ends by itself at
the same turn, since `receive` answers `http.disconnect` once the response is complete.
"""

from __future__ import annotations

import asyncio
import threading
from types import TracebackType

from starlette.types import Message, Receive

DISCONNECT: Message = {"type": "http.disconnect"}


class ClientWatch:
    """One request's body, read ahead, and whether its client has left since."""

    __slots__ = ("_body", "_receive", "_watcher", "gone")

    def __init__(self, receive: Receive) -> None:
        self._receive = receive
        self._body: Message | None = None  # the body as one message, until the app has read it
        self._watcher: asyncio.Task[Message] | None = None
        self.gone = threading.Event()

    async def read_body(self) -> bytes | None:
        """Read the whole body; return None if the client left before its end."""
        chunks: list[bytes] = []
        while True:
            message = await self._receive()
            if message["type"] != "http.request":
                self.gone.set()
                return None
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = chunks[0] if len(chunks) == 1 else b"".join(chunks)
        self._body = {"type": "http.request", "body": body, "more_body": False}
        return body

    def start(self) -> None:
        """Watch the connection for the client leaving, from now on (after `read_body`)."""
        if self._watcher is None and not self.gone.is_set():
            self._watcher = asyncio.get_running_loop().create_task(self._watch())

    async def _watch(self) -> Message:
        message = await self._receive()
        if message["type"] == "http.disconnect":
            self.gone.set()
        return message

    async def receive(self) -> Message:
        """Hand an app the body read ahead, then what the watch hears (the disconnect)."""
        if self._body is not None:
            message, self._body = self._body, None
            return message
        if self._watcher is None:
            if self.gone.is_set():
                return DISCONNECT
            return await self._receive()  # not watched: the connection's own answer
        # Shielded: an app cancelling its own receive must not end the watch.
        return await asyncio.shield(self._watcher)

    def close(self) -> None:
        """End the watch: cancel its task if it still waits; it ends at the loop's next turn."""
        watcher = self._watcher
        if watcher is None:
            return
        if watcher.done():
            if not watcher.cancelled():
                watcher.exception()  # seen: a failed receive is the server's to report
            return
        # Not awaited: the request need not wait a turn of the loop for it (under uvicorn the
        # watcher's receive is already answered once the response is complete).
        watcher.cancel()

    async def __aenter__(self) -> ClientWatch:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
