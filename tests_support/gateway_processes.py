"""Real gateway processes for tests: `tests_support.scheduler_process` under `subprocess.Popen`.

`GatewayProcess` starts one gateway on a free loopback port with an explicit environment (nothing
of the developer's environment or `.env` leaks in: the working directory is the test's temp dir),
waits until `/api/health` answers, and is stopped by signal with bounded waits. `close` always
leaves the process dead, so a failing test leaks nothing.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests_support.world import WORLD_SECRET

REPOSITORY_ROOT = Path(__file__).resolve().parents[1]
STARTUP_SECONDS = 30.0
EXIT_SECONDS = 15.0
POLL_SECONDS = 0.05


def free_port() -> int:
    """Return a loopback port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def gateway_environment(database_url: str, folder: Path, lease_seconds: float) -> dict[str, str]:
    """The whole environment of a test gateway: scheduler on, 1-second polls, `lease_seconds`."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": os.pathsep.join([str(REPOSITORY_ROOT / "src"), str(REPOSITORY_ROOT)]),
        "ENVIRONMENT": "development",
        "DATABASE_URL": database_url,
        "TESTING": "false",
        "SCHEDULER_ENABLED": "true",
        "SCHEDULER_POLL_SECONDS": "1",
        "TEST_LEASE_SECONDS": str(lease_seconds),
        "SECRET_KEY": WORLD_SECRET,
        "JWT_SECRET_KEY": WORLD_SECRET,
        "ALLOW_DEFAULT_ADMIN": "true",
        "CUTOVER_FILE": str(folder / "cutover.toml"),
    }


class GatewayProcess:
    """One `python -m tests_support.scheduler_process` child on its own port."""

    def __init__(self, name: str, environment: dict[str, str], folder: Path) -> None:
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._process = subprocess.Popen(
            [sys.executable, "-m", "tests_support.scheduler_process", "--port", str(self.port)],
            env=environment,
            cwd=folder,
        )

    @property
    def pid(self) -> int:
        """The child's process id."""
        return self._process.pid

    def wait_until_healthy(self, client: httpx.Client) -> None:
        """Wait until `/api/health` answers 200; fail if the child dies or takes too long."""
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            code = self._process.poll()
            if code is not None:
                raise AssertionError(f"gateway {self.name} exited with {code} while starting")
            try:
                if client.get(f"{self.url}/api/health").status_code == 200:
                    return
            except httpx.TransportError:
                pass  # not listening yet
            time.sleep(POLL_SECONDS)
        raise AssertionError(f"gateway {self.name} did not answer within {STARTUP_SECONDS} s")

    def kill(self) -> None:
        """SIGKILL: the process dies at once, its lease left to expire."""
        self._process.send_signal(signal.SIGKILL)
        self._process.wait(EXIT_SECONDS)

    def terminate(self) -> int:
        """SIGTERM: uvicorn's clean shutdown (lifespan, lease released); return the exit status."""
        self._process.send_signal(signal.SIGTERM)
        return self._process.wait(EXIT_SECONDS)

    def close(self) -> None:
        """Make sure the child is dead and reaped (teardown, whatever the test did)."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait(EXIT_SECONDS)
