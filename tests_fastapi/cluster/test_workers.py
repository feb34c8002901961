"""`python -m cronjobs serve --workers 2` (issue 15, point 7): the workers behave as instances.

One served process with two uvicorn workers on a shared database. Each new connection lands on
either worker, so the tests open one per probe and tell the workers apart by the process id in
their scheduler holder ids: exactly one worker leads the scheduler, and a flip through whichever
worker answers the admin API is served by both within the refresh interval.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests_support.kit.servers.gateway_processes import (
    CUTOVER_REFRESH_SECONDS,
    SERVED_GATEWAY,
    GatewayProcess,
    admin_headers,
    gateway_environment,
    running_gateway,
    shared_url_fixture,
)

__all__ = ["shared_url_fixture"]

WORKERS = 2
LEASE_SECONDS = 30.0
PROBES = 60  # new connections, enough for the kernel to hand each worker some
SETTLE_SECONDS = 10.0
HEALTH = "GET /api/health"


@pytest.fixture
def served(shared_url: str, tmp_path: Path) -> Iterator[GatewayProcess]:
    """One `serve --workers 2` process, its scheduler on."""
    (tmp_path / "cutover.toml").write_text("[endpoints]\n", encoding="utf-8")
    environment = gateway_environment(shared_url, tmp_path, LEASE_SECONDS)
    command = (*SERVED_GATEWAY, "--workers", str(WORKERS))
    with running_gateway("workers", environment, tmp_path, command) as gateway:
        yield gateway


@pytest.fixture
def admin(served: GatewayProcess) -> dict[str, str]:
    """The default admin's Authorization header."""
    with httpx.Client(timeout=10) as client:
        return admin_headers(client, served)


def statuses(served: GatewayProcess, admin: dict[str, str]) -> dict[str, dict[str, Any]]:
    """The scheduler status of each worker reached by `PROBES` new connections, by process."""
    seen: dict[str, dict[str, Any]] = {}
    for _ in range(PROBES):
        reply = httpx.get(f"{served.url}/api/v2/scheduler/status", headers=admin, timeout=10)
        assert reply.status_code == 200, reply.text
        seen[reply.json()["process"]] = reply.json()
    return seen


def served_by_each(served: GatewayProcess) -> set[str]:
    """The stacks that answered `GET /api/health` over `PROBES` new connections."""
    return {
        httpx.get(f"{served.url}/api/health", timeout=10).headers["x-served-by"]
        for _ in range(PROBES)
    }


def test_exactly_one_worker_leads_the_scheduler(
    served: GatewayProcess, admin: dict[str, str]
) -> None:
    deadline = time.monotonic() + SETTLE_SECONDS
    while True:
        seen = statuses(served, admin)
        roles = sorted(view["role"] for view in seen.values())
        if roles == ["leader", "standby"] or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert roles == ["leader", "standby"]
    leader = next(process for process, view in seen.items() if view["role"] == "leader")
    assert {view["lease"]["holder"] for view in seen.values()} == {leader}


def test_a_flip_through_one_worker_is_served_by_both(
    served: GatewayProcess, admin: dict[str, str]
) -> None:
    assert served_by_each(served) == {"flask"}
    reply = httpx.put(
        f"{served.url}/_gateway/api/endpoints/{HEALTH}",
        json={"mode": "fastapi", "reason": "workers test"},
        headers=admin,
        timeout=10,
    )
    assert reply.status_code == 200, reply.text
    time.sleep(CUTOVER_REFRESH_SECONDS + 0.5)
    assert served_by_each(served) == {"fastapi"}
