"""Raw HTTP/1.1 over a socket, for requests a normal client would not send (hostile input).

`head` renders a request line and header fields as given (repeated, oddly framed); `read_answer`
reads one answer framed by its Content-Length; `HostileUpload` sends a body piece by piece from a
thread, so a test can probe the server while the request is still in progress. Every wait on a
socket is bounded.
"""

from __future__ import annotations

import json
import select
import socket
import threading
import time

import httpx

PACE_SECONDS = 0.05  # between pieces of a paced body, so it stays in progress a while
CHUNK = b"x" * 65536


def head(method: str, path: str, headers: list[str]) -> bytes:
    """Render a request line and its headers."""
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def connect(port: int) -> socket.socket:
    """Open a raw connection to a local server; every wait on it is bounded."""
    return socket.create_connection(("127.0.0.1", port), timeout=30)


def read_answer(connection: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """Read one answer framed by its Content-Length, as HTTP clients do: status, headers, body.

    A client still sending when the server closes may see the connection reset after the answer
    arrived, so nothing past the answer is read.
    """
    data = b""
    while b"\r\n\r\n" not in data:
        data += received(connection)
    raw_head, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = raw_head.decode("latin-1").split("\r\n")
    fields = {name.lower(): value for name, value in (line.split(": ", 1) for line in lines)}
    while len(body) < int(fields["content-length"]):
        body += received(connection)
    return int(status_line.split()[1]), fields, body


def received(connection: socket.socket) -> bytes:
    """Receive what arrived; fail if the server closed before the answer was whole."""
    data = connection.recv(65536)
    assert data, "the connection closed before the whole answer arrived"
    return data


def chunk(data: bytes) -> bytes:
    """Frame `data` as one chunk of a chunked body."""
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


def send_until_answered(connection: socket.socket, limit: int) -> int:
    """Send a chunked body until the server answers (or `limit` bytes); return bytes sent."""
    sent = 0
    frame = chunk(CHUNK)
    while sent < limit:
        readable, _, _ = select.select([connection], [], [], 0)
        if readable:
            break
        try:
            connection.sendall(frame)
        except (BrokenPipeError, ConnectionResetError):
            break  # the server answered and closed
        sent += len(CHUNK)
    return sent


class HostileUpload(threading.Thread):
    """Sends a bulk upload through a raw socket, piece by piece, and reads the answer."""

    def __init__(self, port: int, path: str, lines: list[str], pieces: list[bytes]):
        super().__init__(daemon=True)
        self.port, self.path, self.lines, self.pieces = port, path, lines, pieces
        self.answer: tuple[int, str, object] | None = None
        self.answer_seconds = float("inf")

    def run(self) -> None:
        with connect(self.port) as connection:
            connection.sendall(head("POST", self.path, self.lines))
            for piece in self.pieces:
                readable, _, _ = select.select([connection], [], [], 0)
                if readable:
                    break  # answered already: the server stopped reading
                try:
                    connection.sendall(piece)
                except (BrokenPipeError, ConnectionResetError):
                    break
                time.sleep(PACE_SECONDS)
            sent = time.monotonic()
            status, headers, body = read_answer(connection)
            self.answer_seconds = time.monotonic() - sent
            self.answer = (status, headers["content-type"], json.loads(body))


def health_while(upload: HostileUpload, site: httpx.Client) -> list[tuple[int, float]]:
    """Start the upload, probe `GET /api/health` until it is answered; return each probe."""
    upload.start()
    probes = []
    while upload.is_alive():
        started = time.monotonic()
        status = site.get("/api/health").status_code
        probes.append((status, time.monotonic() - started))
        time.sleep(PACE_SECONDS)
    upload.join()
    return probes
