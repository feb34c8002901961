"""A real HTTP server on 127.0.0.1 standing in for GitHub, webhooks and Slack in tests.

`HttpStub` listens on a free port in a background thread. It records every request it receives
(method, path with query, headers, body) and answers each path as configured with `answer`:
a status, a body, extra headers, an optional delay (to provoke client timeouts) and an optional
hook that runs in the server thread while the caller waits (to look at the database mid-call).
An unconfigured path answers 404. A hook's failure is re-raised by `close`, so it fails the test.

Use it as a context manager (the `http_stub` fixture does), and `closed_port_url()` for a URL
that refuses connections. `HttpStub(tls=ca)` serves HTTPS instead, with a certificate for
127.0.0.1 issued by a trustme CA; a client trusts it through `ca.configure_trust(ssl_context)`.
"""

from __future__ import annotations

import json
import socket
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import trustme


@dataclass(frozen=True, slots=True)
class Received:
    """One request as the stub received it (header names lower-cased)."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        """Decode the body as JSON."""
        return json.loads(self.body)


Hook = Callable[[Received], None]


@dataclass(frozen=True, slots=True)
class Answer:
    """How the stub answers one path."""

    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0
    hook: Hook | None = None


NOT_CONFIGURED = Answer(404, b'{"message":"Not Found"}', (("Content-Type", "application/json"),))


class _Server(ThreadingHTTPServer):
    # Join handler threads on close; a delayed answer is woken up by the stub's stop event.
    daemon_threads = False
    block_on_close = True

    def __init__(self, stub: HttpStub, tls: trustme.CA | None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.stub = stub
        if tls is not None:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            tls.issue_cert("127.0.0.1").configure_cert(context)
            self.socket = context.wrap_socket(self.socket, server_side=True)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        answer = self.server.stub._receive(Received(self.command, self.path, headers, body))
        try:
            self.send_response(answer.status)
            for name, value in answer.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout under test)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _handle  # noqa: N815

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


class HttpStub:
    """A local HTTP server that records requests and answers as configured."""

    def __init__(self, *, tls: trustme.CA | None = None) -> None:
        self._scheme = "http" if tls is None else "https"
        self._answers: dict[str, Answer] = {}
        self._received: list[Received] = []
        self._errors: list[BaseException] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = _Server(self, tls)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        """Return the base URL, without a trailing slash: `http(s)://127.0.0.1:<port>`."""
        host, port = self._server.server_address[:2]
        return f"{self._scheme}://{host!s}:{port}"

    def answer(
        self,
        path: str,
        status: int = 200,
        body: bytes | str | dict[str, Any] | list[Any] = b"",
        *,
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
        hook: Hook | None = None,
    ) -> None:
        """Answer requests to `path` (any method, query ignored); a dict or list is sent as JSON."""
        extra = dict(headers or {})
        if isinstance(body, dict | list):
            extra.setdefault("Content-Type", "application/json")
            body = json.dumps(body)
        data = body.encode() if isinstance(body, str) else body
        with self._lock:
            self._answers[path] = Answer(status, data, tuple(extra.items()), delay, hook)

    @property
    def requests(self) -> list[Received]:
        """Return every request received so far, in order."""
        with self._lock:
            return list(self._received)

    def _receive(self, request: Received) -> Answer:
        with self._lock:
            self._received.append(request)
            answer = self._answers.get(urlsplit(request.path).path, NOT_CONFIGURED)
        if answer.hook is not None:
            try:
                answer.hook(request)
            except BaseException as exc:  # surfaced by close(), in the test's thread
                self._errors.append(exc)
        if answer.delay:
            self._stopping.wait(answer.delay)
        return answer

    def start(self) -> HttpStub:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving, wait for in-flight requests, and re-raise any hook failure."""
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
        if self._errors:
            raise self._errors[0]

    def __enter__(self) -> HttpStub:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def closed_port_url() -> str:
    """Return a 127.0.0.1 URL on a port nothing listens on (connections are refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
