"""Real gateway processes for tests: `servers.scheduler_process` (or `cronjobs serve`).

`GatewayProcess` starts one gateway on a free loopback port with an explicit environment (nothing
of the developer's environment or `.env` leaks in: the working directory is the test's temp dir),
waits until `/api/health` answers, and is stopped by signal with bounded waits. `close` always
leaves the process dead, so a failing test leaks nothing; `running_gateway` does all of that for
one gateway. `log_in` and `admin_headers` sign in through a gateway's own login.

The fixtures register under their `name` when a test module imports them: `shared_url` (a SQLite
file, or the wiped PostgreSQL database), `client` (a plain httpx client) and `start_pair`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests_support.kit.databases import DATABASE_KINDS, empty_server_url, sqlite_url
from tests_support.kit.worlds.base import DEFAULT_ADMIN_PASSWORD, WORLD_SECRET

REPOSITORY_ROOT = Path(__file__).resolve().parents[3]
# What a child runs: the two-process tests' scheduler gateway, or the operator's `serve` command.
SCHEDULER_GATEWAY = ("tests_support.kit.servers.scheduler_process",)
SERVED_GATEWAY = ("cronjobs", "serve", "--log-level", "warning")
STARTUP_SECONDS = 30.0
EXIT_SECONDS = 15.0
POLL_SECONDS = 0.05
CUTOVER_REFRESH_SECONDS = 1.0


def free_port() -> int:
    """Return a loopback port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def gateway_environment(database_url: str, folder: Path, lease_seconds: float) -> dict[str, str]:
    """The whole environment of a test gateway: scheduler on, 1-second polls, `lease_seconds`.

    Both the scheduler's and the cutover overrides' polls run every second. Login throttling is
    off, as in `make_settings`; a test of the throttle switches it on.
    """
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
        "CUTOVER_REFRESH_SECONDS": str(CUTOVER_REFRESH_SECONDS),
        "LOGIN_THROTTLE_ENABLED": "false",
    }


def wait_until_answering(
    process: subprocess.Popen[bytes],
    url: str,
    name: str,
    *,
    accept: Callable[[httpx.Response], bool] = lambda response: response.status_code == 200,
    seconds: float = STARTUP_SECONDS,
) -> None:
    """Poll `url` until its answer is accepted; fail if `process` exits or `seconds` pass."""
    deadline = time.monotonic() + seconds
    with httpx.Client(timeout=10) as client:
        while time.monotonic() < deadline:
            code = process.poll()
            if code is not None:
                raise AssertionError(f"{name} exited with {code} while starting")
            try:
                if accept(client.get(url)):
                    return
            except httpx.TransportError:
                pass  # not listening yet
            time.sleep(POLL_SECONDS)
    raise AssertionError(f"{name} did not answer within {seconds} s")


class GatewayProcess:
    """One `python -m <module>` gateway child on its own port (`SCHEDULER_GATEWAY` by default)."""

    def __init__(
        self,
        name: str,
        environment: dict[str, str],
        folder: Path,
        module: Sequence[str] = SCHEDULER_GATEWAY,
    ) -> None:
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # A session of its own: `close` can then kill whatever the child started too (the
        # workers of `serve --workers N` outlive a SIGKILLed supervisor, still polling the
        # database and holding its lease).
        self._process = subprocess.Popen(
            [sys.executable, "-m", *module, "--port", str(self.port)],
            env=environment,
            cwd=folder,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        """The child's process id."""
        return self._process.pid

    def wait_until_healthy(self) -> None:
        """Wait until `/api/health` answers 200; fail if the child dies or takes too long."""
        wait_until_answering(self._process, f"{self.url}/api/health", f"gateway {self.name}")

    def kill(self) -> None:
        """SIGKILL: the process dies at once, its lease left to expire."""
        self._process.send_signal(signal.SIGKILL)
        self._process.wait(EXIT_SECONDS)

    def terminate(self) -> int:
        """SIGTERM: uvicorn's clean shutdown (lifespan, lease released); return the exit status."""
        self.signal(signal.SIGTERM)
        return self.wait_exit()

    def signal(self, signum: int) -> None:
        """Send a signal and return at once (a drain keeps the process serving for a while)."""
        self._process.send_signal(signum)

    def wait_exit(self, seconds: float = EXIT_SECONDS) -> int:
        """Wait until the child exits; return its exit status."""
        return self._process.wait(seconds)

    def close(self) -> None:
        """Make sure the child and everything it started are dead, and the child reaped."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._process.pid, signal.SIGKILL)
        self._process.wait(EXIT_SECONDS)


@contextmanager
def running_gateway(
    name: str,
    environment: dict[str, str],
    folder: Path,
    module: Sequence[str] = SCHEDULER_GATEWAY,
) -> Iterator[GatewayProcess]:
    """Start one gateway and wait until it is healthy; kill it on leaving, whatever happened."""
    process = GatewayProcess(name, environment, folder, module)
    try:
        process.wait_until_healthy()
        yield process
    finally:
        process.close()


Pair = tuple[GatewayProcess, GatewayProcess]


@pytest.fixture(name="shared_url", params=DATABASE_KINDS)
def shared_url_fixture(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The one database both processes use: a SQLite file, or the wiped server database."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path)
    return empty_server_url(request.param)


@pytest.fixture(name="client")
def process_client_fixture() -> Iterator[httpx.Client]:
    """A plain HTTP client for the gateways."""
    with httpx.Client(timeout=10) as client:
        yield client


@pytest.fixture(name="start_pair")
def start_pair_fixture(shared_url: str, tmp_path: Path) -> Iterator[Callable[[float], Pair]]:
    """Start gateways A and B with a given lease TTL; both are killed at teardown."""
    started: list[GatewayProcess] = []

    def start(lease_seconds: float) -> Pair:
        environment = gateway_environment(shared_url, tmp_path, lease_seconds)
        # Both at once, on a fresh database: the startup's lock makes them prepare it in turn.
        started.extend(GatewayProcess(name, environment, tmp_path) for name in ("A", "B"))
        for gateway in started:
            gateway.wait_until_healthy()
        return started[0], started[1]

    yield start
    for gateway in started:
        gateway.close()


def log_in(
    client: httpx.Client, username: str, password: str, gateway_url: str = ""
) -> dict[str, str]:
    """Log a user in at `gateway_url` (else the client's base URL); return the bearer header."""
    reply = client.post(
        f"{gateway_url}/api/auth/login", json={"username": username, "password": password}
    )
    assert reply.status_code == 200, reply.text
    return {"Authorization": f"Bearer {reply.json()['access_token']}"}


def admin_headers(client: httpx.Client, gateway: GatewayProcess) -> dict[str, str]:
    """Log in as the default admin (§2.4) and return the bearer header."""
    return log_in(client, "admin", DEFAULT_ADMIN_PASSWORD, gateway.url)
