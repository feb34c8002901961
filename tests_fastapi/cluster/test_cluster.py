"""Three instances from `deploy/` on PostgreSQL behind nginx, steered as one (issue 15).

A flip through one instance's admin API reaches every instance within the refresh interval plus
half a second (the figure is printed); canary callers land on the same side whichever instance
answers; exactly one instance leads the scheduler. One cluster serves the whole module.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests_support.kit.databases import empty_server_url
from tests_support.kit.servers.cluster import Cluster, Instance, running_cluster
from tests_support.kit.servers.gateway_processes import log_in
from tests_support.kit.tokens import bearer, forge
from tests_support.kit.worlds.base import DEFAULT_ADMIN_PASSWORD

pytestmark = pytest.mark.postgres

INSTANCES = 3
REFRESH_SECONDS = 1.0  # CUTOVER_REFRESH_SECONDS of the cluster kit
PROPAGATION_BOUND = REFRESH_SECONDS + 0.5
PROBE_SECONDS = 0.02
LEADER_WAIT_SECONDS = 10.0
HEALTH = "GET /api/health"
JOBS = "GET /api/jobs"
CALLERS = 40


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """Three instances behind nginx on the wiped PostgreSQL test database."""
    url = empty_server_url("postgres")
    with running_cluster(url, tmp_path_factory.mktemp("cluster"), INSTANCES) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def client(cluster: Cluster) -> Iterator[httpx.Client]:
    """A client signed in as the default admin (through nginx)."""
    with httpx.Client(timeout=10) as client:
        client.headers.update(
            log_in(client, "admin", DEFAULT_ADMIN_PASSWORD, gateway_url=cluster.url)
        )
        yield client


def set_mode(client: httpx.Client, instance: Instance, key: str, **setting: Any) -> None:
    """Override an endpoint through one instance's admin API."""
    body = {**setting, "reason": "cluster test"}
    response = client.put(f"{instance.url}/_gateway/api/endpoints/{key}", json=body)
    assert response.status_code == 200, response.text


def seconds_until_served_by(client: httpx.Client, instance: Instance, stack: str) -> float:
    """Probe an instance's `GET /api/health` until `stack` answers; return how long it took."""
    started = time.monotonic()
    while time.monotonic() - started < PROPAGATION_BOUND * 4:
        if client.get(f"{instance.url}/api/health").headers["x-served-by"] == stack:
            return time.monotonic() - started
        time.sleep(PROBE_SECONDS)
    raise AssertionError(f"instance {instance.port} never served {stack}")


def sides(instance: Instance) -> list[str]:
    """The stack each of the callers lands on for `GET /api/jobs` at one instance."""
    # Canary routing picks a caller's side by the token's subject before anything verifies it.
    with httpx.Client(timeout=10) as anonymous:
        return [
            anonymous.get(
                f"{instance.url}/api/jobs", headers=bearer(forge(sub=f"caller-{n}"))
            ).headers["x-served-by"]
            for n in range(CALLERS)
        ]


def role(client: httpx.Client, instance: Instance) -> dict[str, Any]:
    """An instance's scheduler status."""
    response = client.get(f"{instance.url}/api/v2/scheduler/status")
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_a_flip_through_one_instance_reaches_every_instance_within_the_interval(
    cluster: Cluster, client: httpx.Client
) -> None:
    first, *others = cluster.instances
    set_mode(client, first, HEALTH, mode="fastapi")
    delays = [seconds_until_served_by(client, instance, "fastapi") for instance in others]
    print(f"\nflip propagated to {len(others)} instances in {max(delays):.2f} s at most")
    assert max(delays) <= PROPAGATION_BOUND


def test_canary_callers_land_on_the_same_side_whichever_instance_answers(
    cluster: Cluster, client: httpx.Client
) -> None:
    set_mode(client, cluster.instances[0], JOBS, mode="canary", percent=50)
    time.sleep(PROPAGATION_BOUND)
    seen = [sides(instance) for instance in cluster.instances]
    assert seen[0] == seen[1] == seen[2]
    assert set(seen[0]) == {"flask", "fastapi"}


def test_exactly_one_instance_leads_the_scheduler(cluster: Cluster, client: httpx.Client) -> None:
    deadline = time.monotonic() + LEADER_WAIT_SECONDS
    while True:
        statuses = [role(client, instance) for instance in cluster.instances]
        leaders = [s["process"] for s in statuses if s["role"] == "leader"]
        if len(leaders) == 1 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert len(leaders) == 1
    assert {s["lease"]["holder"] for s in statuses} == {leaders[0]}
