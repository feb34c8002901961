"""Hostile requests against a real `python -m cronjobs serve` on 127.0.0.1 (issue 14, 1 and 2).

Starts one gateway process on a SQLite file in a temporary folder, then measures:

1. one request carrying 30,000 repeated `Authorization` headers to a Flask-served route, and a
   `GET /api/health` sent as soon as that request is sent whole (does the one stall the other?);
2. a 20 MB JSON body to `POST /api/auth/login`: time to the answer, and the server's resident
   memory (VmRSS) before and after.

Usage: `PYTHONPATH=src .venv/bin/python bench/hostile_input.py [--repeats 30000] [--megabytes 20]`
Traffic goes to loopback only; every socket has a timeout, so the script ends by itself.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from served import free_port  # bench/ is on sys.path when this runs as a script

TIMEOUT_SECONDS = 120.0


def open_request(port: int, head: bytes, body: bytes = b"") -> socket.socket:
    """Connect and send one request; return the connection to read the answer from."""
    connection = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT_SECONDS)
    # The server may answer and close before taking the whole body.
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        connection.sendall(head + body)
    return connection


def read_status(connection: socket.socket) -> int:
    """Read the whole answer, close the connection, and return the answer's status."""
    with connection:
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return int(answer.split(b" ", 2)[1]) if answer else 0


def exchange(port: int, head: bytes, body: bytes = b"") -> tuple[int, float]:
    """Send one request and read the whole answer; return its status and the seconds taken."""
    started = time.perf_counter()
    status = read_status(open_request(port, head, body))
    return status, time.perf_counter() - started


def request_head(method: str, path: str, headers: list[str]) -> bytes:
    """Render a request line and headers, closing the connection after the answer."""
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def resident_kib(pid: int) -> int:
    """Return a process's resident set size in KiB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def start_server(folder: Path) -> tuple[subprocess.Popen[bytes], int]:
    """Start the gateway on a fresh SQLite file and wait for `/api/health`."""
    (folder / "cutover.toml").write_text("[endpoints]\n", encoding="utf-8")
    port = free_port()
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
        "DATABASE_URL": f"sqlite:///{folder / 'bench.db'}",
        "CUTOVER_FILE": str(folder / "cutover.toml"),
        "SCHEDULER_ENABLED": "false",
    }
    command = [sys.executable, "-m", "cronjobs", "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=environment, cwd=folder)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if exchange(port, request_head("GET", "/api/health", []))[0] == 200:
                return server, port
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the gateway did not start")


def repeated_headers(port: int, repeats: int) -> None:
    """Time the repeated-header request, and a health check sent once it is sent whole."""
    headers = [f"Authorization: Bearer {'x' * 40}"] * repeats
    started = time.perf_counter()
    hostile = open_request(port, request_head("GET", "/api/jobs", headers))
    health_status, health_seconds = exchange(port, request_head("GET", "/api/health", []))
    status = read_status(hostile)
    seconds = time.perf_counter() - started
    print(f"{repeats} repeated headers: {status} in {seconds:.2f} s")
    print(f"  GET /api/health sent meanwhile: {health_status} in {health_seconds:.2f} s")


def large_body(port: int, pid: int, megabytes: int) -> None:
    """Time a large JSON login body and the server's memory growth."""
    body = b'{"username": "admin", "password": "' + b"x" * (megabytes * 1_000_000) + b'"}'
    head = request_head(
        "POST",
        "/api/auth/login",
        ["Content-Type: application/json", f"Content-Length: {len(body)}"],
    )
    before = resident_kib(pid)
    status, seconds = exchange(port, head, body)
    time.sleep(0.5)
    after = resident_kib(pid)
    print(f"{megabytes} MB login body: {status} in {seconds:.2f} s")
    print(f"  server RSS {before / 1024:.1f} MiB -> {after / 1024:.1f} MiB")


def main() -> int:
    """Start a gateway, run both measurements, stop it."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=30_000)
    parser.add_argument("--megabytes", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        server, port = start_server(Path(folder))
        try:
            repeated_headers(port, args.repeats)
            large_body(port, server.pid, args.megabytes)
        finally:
            server.terminate()
            server.wait(30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
