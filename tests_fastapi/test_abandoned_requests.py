"""Overload: a request whose client hung up before a worker thread took it is not run.

A real `python -m cronjobs serve` on 127.0.0.1, every endpoint on flask (the WSGI backend's
worker threads), then every endpoint on fastapi (the FastAPI stack's step threads, which also run
a test-run's outbound call). The worker threads are made busy, deterministically: as many
test-runs as there are workers, each held inside its
outbound call by a local stub until the test lets go (the stub counts them in). A burst of
DELETEs of distinct jobs then arrives on raw sockets, each client hanging up right after its
request; the server closing its side tells the test it heard each hang-up. A request answered by
the gateway itself (the metrics, on the event loop) makes sure the server has acted on all of
them before the workers are freed. Then: a normal request answers, and every job is still there.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from cronjobs.api.sessions import STEP_THREADS
from strangler.wsgi import DEFAULT_WORKERS
from tests_support.kit.databases import sqlite_url
from tests_support.kit.raw_http import connect, head
from tests_support.kit.servers.gateway_processes import (
    SERVED_GATEWAY,
    GatewayProcess,
    admin_headers,
    gateway_environment,
    running_gateway,
)
from tests_support.kit.servers.http_stub import HttpStub, Received

pytestmark = pytest.mark.slow
ABANDONED = 60
HOLD = "/hold"
WAIT_SECONDS = 20.0  # bound on every wait: for the held calls, a hang-up heard, an answer


@pytest.fixture(name="stack", params=["flask", "fastapi"])
def stack_fixture(request: pytest.FixtureRequest) -> str:
    """The stack every endpoint is on."""
    return str(request.param)


@pytest.fixture(name="workers")
def workers_fixture(stack: str) -> int:
    """How many worker threads the stack runs requests in."""
    return DEFAULT_WORKERS if stack == "flask" else STEP_THREADS


@pytest.fixture(name="gateway")
def gateway_fixture(tmp_path: Path, stack: str) -> Iterator[GatewayProcess]:
    """One `cronjobs serve` process, scheduler off, every endpoint on `stack`."""
    environment = gateway_environment(sqlite_url(tmp_path), tmp_path, lease_seconds=30)
    environment["SCHEDULER_ENABLED"] = "false"
    environment["CUTOVER_DEFAULT"] = stack
    with running_gateway("abandoned", environment, tmp_path, SERVED_GATEWAY) as process:
        yield process


@pytest.fixture(name="site")
def site_fixture(gateway: GatewayProcess) -> Iterator[httpx.Client]:
    """An httpx client of the gateway."""
    with httpx.Client(base_url=gateway.url, timeout=WAIT_SECONDS) as client:
        yield client


@pytest.fixture(name="admin")
def admin_fixture(site: httpx.Client, gateway: GatewayProcess) -> dict[str, str]:
    """The default admin's bearer header."""
    return admin_headers(site, gateway)


class HeldTarget:
    """A stub target that holds every call until released, counting the calls held."""

    def __init__(self, stub: HttpStub) -> None:
        self.url = stub.url + HOLD
        self.release = threading.Event()
        self._held = threading.Semaphore(0)
        stub.answer(HOLD, 200, {"ok": True}, hook=self._hold)

    def _hold(self, _request: Received) -> None:
        self._held.release()
        self.release.wait(WAIT_SECONDS)

    def wait_for(self, count: int) -> None:
        """Wait until `count` calls are held."""
        for _ in range(count):
            assert self._held.acquire(timeout=WAIT_SECONDS), "a call never reached the target"


@pytest.fixture(name="target")
def target_fixture() -> Iterator[HeldTarget]:
    """The held target; released at teardown whatever happened, so the server can stop."""
    with HttpStub() as stub:
        target = HeldTarget(stub)
        try:
            yield target
        finally:
            target.release.set()


def create_jobs(site: httpx.Client, admin: dict[str, str], count: int) -> list[str]:
    """Create a PIC team and `count` jobs; return their ids."""
    team = site.post("/api/pic-teams", json={"name": "Ops", "slack_handle": "@ops"}, headers=admin)
    assert team.status_code == 201, team.text
    ids = []
    for number in range(count):
        job = {
            "name": f"abandoned-{number}",
            "cron_expression": "0 9 * * *",
            "end_date": "2099-12-31",
            "pic_team": "ops",
            "target_url": "https://example.com/hook",
        }
        reply = site.post("/api/jobs", json=job, headers=admin)
        assert reply.status_code == 201, reply.text
        ids.append(str(reply.json()["job"]["id"]))
    return ids


def hang_up_after(port: int, request: bytes) -> socket.socket:
    """Send a whole request and hang up (half-close: the server still closes its side)."""
    connection = connect(port)
    connection.sendall(request)
    connection.shutdown(socket.SHUT_WR)
    return connection


def heard_hang_up(connection: socket.socket) -> bool:
    """Tell whether the server closed the connection without answering (it heard the hang-up)."""
    with connection:
        connection.settimeout(WAIT_SECONDS)
        return connection.recv(65536) == b""


def test_deletes_whose_clients_hung_up_while_the_workers_were_busy_are_not_run(
    gateway: GatewayProcess,
    site: httpx.Client,
    admin: dict[str, str],
    target: HeldTarget,
    workers: int,
) -> None:
    jobs = create_jobs(site, admin, ABANDONED)
    run = {"target_url": target.url}
    with ThreadPoolExecutor(workers) as callers:
        busy = [
            callers.submit(site.post, "/api/jobs/test-run", json=run, headers=admin)
            for _ in range(workers)
        ]
        target.wait_for(workers)  # every worker thread is inside a held call now
        bearer = f"Authorization: {admin['Authorization']}"
        burst = [
            hang_up_after(gateway.port, head("DELETE", f"/api/jobs/{job}", [bearer]))
            for job in jobs
        ]
        heard = [heard_hang_up(connection) for connection in burst]
        # Answered on the event loop, after it handled every hang-up it closed a socket for.
        assert site.get("/_gateway/metrics").status_code == 200
        target.release.set()
        answers = [call.result(timeout=WAIT_SECONDS) for call in busy]
    after = site.get(f"/api/jobs/{jobs[0]}", headers=admin)
    listed = site.get("/api/jobs", params={"per_page": 100}, headers=admin)
    assert all(heard)
    assert [answer.status_code for answer in answers] == [200] * workers
    assert after.status_code == 200
    assert sorted(str(job["id"]) for job in listed.json()["jobs"]) == sorted(jobs)
