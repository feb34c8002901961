"""One WSGI call run whole in a worker thread: its answer collected there, or streamed if it must.

The thread calls the app, iterates what it returns and closes it; a collected answer goes back to
the event loop as two ASGI messages, sent there at once: the request costs one trip to the thread
and back. An answer is streamed instead, each chunk sent as the app produces it (the thread
waiting for the event loop to send it, as a2wsgi's did), when it names no `Content-Length` and
the app's iterable is not a list or tuple (a generator: Flask's `stream_with_context`, server-sent
events), or when its body passes `COLLECT_LIMIT` bytes (a large file). The legacy app's answers
are all collected: its JSON and errors carry a `Content-Length`.

`start_response` keeps PEP 3333's rules: headers go out with the first non-empty chunk, never
before; a second call needs `exc_info`, and re-raises it once the headers are out.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any

from starlette.types import Message, Send

COLLECT_LIMIT = 1024 * 1024  # bytes of body collected at most before the rest is streamed
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]
WSGIApp = Callable[..., Iterable[bytes]]


class WSGICall:
    """The answer of one WSGI call; `run` it in a worker thread."""

    __slots__ = ("_loop", "_send", "chunks", "collected", "headers", "sized", "status", "streaming")

    def __init__(self, loop: asyncio.AbstractEventLoop, send: Send) -> None:
        self._loop = loop
        self._send = send
        self.status: str | None = None
        self.headers: list[tuple[str, str]] = []
        self.sized = False  # the headers name a Content-Length
        self.chunks: list[bytes] = []
        self.collected = 0
        self.streaming = False  # the headers are out: every chunk is sent as it comes

    def start_response(
        self, status: str, headers: list[tuple[str, str]], exc_info: ExcInfo | None = None
    ) -> Callable[[bytes], None]:
        """Take the status and headers (PEP 3333), and return the `write` callable."""
        if exc_info is not None:
            try:
                if self.streaming:
                    raise exc_info[1].with_traceback(exc_info[2])
            finally:
                exc_info = None  # no reference cycle through the traceback
        elif self.status is not None:
            raise RuntimeError("start_response called a second time without exc_info")
        self.status, self.headers = status, headers
        self.sized = any(name.lower() == "content-length" for name, _ in headers)
        return self.write

    def write(self, chunk: bytes) -> None:
        """Take body the app writes instead of returning it (the old `write` callable)."""
        self._output(chunk, sequence=False)

    def run(self, app: WSGIApp, environ: dict[str, Any]) -> list[Message]:
        """Call the app; return the messages still to send (all of them when collected)."""
        iterable = app(environ, self.start_response)
        try:
            sequence = isinstance(iterable, list | tuple)
            for chunk in iterable:
                self._output(chunk, sequence)
        finally:
            close = getattr(iterable, "close", None)
            if close is not None:
                close()
        if self.streaming:
            return [{"type": "http.response.body", "body": b"", "more_body": False}]
        body = self.chunks[0] if len(self.chunks) == 1 else b"".join(self.chunks)
        return [self._start(), {"type": "http.response.body", "body": body, "more_body": False}]

    def _output(self, chunk: bytes, sequence: bool) -> None:
        if not chunk:
            return  # headers wait for the first non-empty chunk (PEP 3333)
        if self.status is None:
            raise RuntimeError("the WSGI app sent body before calling start_response")
        if self.streaming:
            self._send_now([{"type": "http.response.body", "body": chunk, "more_body": True}])
            return
        self.chunks.append(chunk)
        self.collected += len(chunk)
        if self.collected > COLLECT_LIMIT or not (self.sized or sequence):
            body, self.chunks = b"".join(self.chunks), []
            self.streaming = True
            self._send_now(
                [self._start(), {"type": "http.response.body", "body": body, "more_body": True}]
            )

    def _start(self) -> Message:
        if self.status is None:
            raise RuntimeError("the WSGI app returned without calling start_response")
        code, _ = self.status.split(" ", 1)
        headers = [
            (name.strip().encode("latin-1").lower(), value.strip().encode("latin-1"))
            for name, value in self.headers
        ]
        return {"type": "http.response.start", "status": int(code), "headers": headers}

    def _send_now(self, messages: list[Message]) -> None:
        # From the worker thread: the event loop sends, the thread waits (the client's pace).
        asyncio.run_coroutine_threadsafe(send_all(self._send, messages), self._loop).result()


async def send_all(send: Send, messages: list[Message]) -> None:
    """Send the messages in order."""
    for message in messages:
        await send(message)
