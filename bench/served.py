"""Servers for the benchmarks: a free loopback port, and waiting until a server answers health.

Each benchmark starts its own `python -m cronjobs serve` (or gunicorn, Granian) with the settings
it measures; what they share is the settings they start from, picking the port and knowing when
the server is ready.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import httpx


def free_port() -> int:
    """Return a loopback port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_healthy(process: subprocess.Popen[bytes], url: str, seconds: float) -> None:
    """Wait until `GET {url}/api/health` answers 200; kill the server and exit if it never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{url}/api/health", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"{' '.join(map(str, process.args))} did not start within {seconds} s")


def gateway_environment(
    src: Path, database_url: str, folder: Path, **settings: str
) -> dict[str, str]:
    """Settings of a benchmark's gateway: scheduler off, default admin, every flag on flask.

    `settings` add to them or replace them; the cutover file is `folder`'s.
    """
    return {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(src),
        "DATABASE_URL": database_url,
        "SCHEDULER_ENABLED": "false",
        "ALLOW_DEFAULT_ADMIN": "true",
        "CUTOVER_DEFAULT": "flask",
        "CUTOVER_FILE": str(folder / "cutover.toml"),
    } | settings
