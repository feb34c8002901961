"""Two real gateway processes on one database: a flip through A is served by B within the interval.

Both are uvicorn processes (`kit/servers/gateway_processes.py`) polling the override version
every `CUTOVER_REFRESH_SECONDS` = 1. The admin flips `GET /api/health` through A's admin API;
A serves the new stack on its very next request, B once its poll has seen the change. The
measured delay is printed (run with `-s` to see it).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
import pytest

from tests_support.kit.servers.gateway_processes import (
    CUTOVER_REFRESH_SECONDS,
    GatewayProcess,
    Pair,
    admin_headers,
    process_client_fixture,
    shared_url_fixture,
    start_pair_fixture,
)

__all__ = ["process_client_fixture", "shared_url_fixture", "start_pair_fixture"]

pytestmark = pytest.mark.slow

REFRESH_SECONDS = CUTOVER_REFRESH_SECONDS
LEASE_SECONDS = 4.0  # the scheduler's, irrelevant here
SLACK_SECONDS = 1.0  # a poll's own query and process scheduling on a busy 2-core machine
PROBE_SECONDS = 0.02
HEALTH = "GET /api/health"


@pytest.fixture
def gateways(start_pair: Callable[[float], Pair]) -> Pair:
    """Gateways A and B on the shared database, both healthy."""
    return start_pair(LEASE_SECONDS)


@pytest.fixture
def admin(gateways: Pair, client: httpx.Client) -> dict[str, str]:
    """The default admin's Authorization header, from A's login."""
    return admin_headers(client, gateways[0])


def served_by(client: httpx.Client, gateway: GatewayProcess) -> str:
    """Return the stack that answered `GET /api/health` on one gateway."""
    return client.get(f"{gateway.url}/api/health").headers["x-served-by"]


def seconds_until_served_by(client: httpx.Client, gateway: GatewayProcess, stack: str) -> float:
    """Probe a gateway until `stack` answers; return how long it took, or fail at the bound."""
    started = time.monotonic()
    deadline = started + REFRESH_SECONDS + SLACK_SECONDS
    while time.monotonic() < deadline:
        if served_by(client, gateway) == stack:
            return time.monotonic() - started
        time.sleep(PROBE_SECONDS)
    raise AssertionError(f"gateway {gateway.name} did not serve {stack} within the interval")


def flip(client: httpx.Client, gateway: GatewayProcess, admin: dict[str, str], mode: str) -> None:
    """Set `GET /api/health`'s mode through one gateway's admin API."""
    response = client.put(
        f"{gateway.url}/_gateway/api/endpoints/{HEALTH}",
        json={"mode": mode, "reason": "propagation test"},
        headers=admin,
    )
    assert response.status_code == 200, response.text


def test_a_flip_through_a_is_served_by_b_within_the_refresh_interval(
    gateways: Pair, admin: dict[str, str], client: httpx.Client
) -> None:
    first, second = gateways
    assert served_by(client, second) == "flask"
    flip(client, first, admin, "fastapi")
    assert served_by(client, first) == "fastapi"  # the process that made the change: at once
    delay = seconds_until_served_by(client, second, "fastapi")
    print(f"\npropagation to the other process: {delay:.3f} s (refresh {REFRESH_SECONDS} s)")


def test_removing_the_override_through_a_returns_b_to_the_files_mode(
    gateways: Pair, admin: dict[str, str], client: httpx.Client
) -> None:
    first, second = gateways
    flip(client, first, admin, "fastapi")
    seconds_until_served_by(client, second, "fastapi")
    response = client.delete(f"{first.url}/_gateway/api/endpoints/{HEALTH}", headers=admin)
    assert response.status_code == 200, response.text
    delay = seconds_until_served_by(client, second, "flask")
    print(f"\nremoval seen by the other process: {delay:.3f} s (refresh {REFRESH_SECONDS} s)")
