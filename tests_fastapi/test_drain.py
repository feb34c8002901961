"""A served instance drains on SIGTERM (issue 15, point 3): not ready at once, serving, then gone.

Real `python -m cronjobs serve` processes on a SQLite file, with `DRAIN_SECONDS` set.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.models import SchedulerLease
from cronjobs.storage.engines import create_sync_engine
from tests_support.kit.databases import sqlite_url
from tests_support.kit.servers.gateway_processes import (
    SERVED_GATEWAY,
    GatewayProcess,
    admin_headers,
    gateway_environment,
    running_gateway,
)

DRAIN_SECONDS = 2.0
LONG_DRAIN_SECONDS = 60.0
LEASE_SECONDS = 30.0


def served(tmp_path: Path, drain_seconds: float) -> Iterator[GatewayProcess]:
    """One served instance with the scheduler on (it takes the lease) and this drain."""
    (tmp_path / "cutover.toml").write_text("[endpoints]\n", encoding="utf-8")
    environment = gateway_environment(sqlite_url(tmp_path), tmp_path, LEASE_SECONDS)
    environment["DRAIN_SECONDS"] = str(drain_seconds)
    with running_gateway("drain", environment, tmp_path, SERVED_GATEWAY) as gateway:
        yield gateway


@pytest.fixture
def instance(tmp_path: Path) -> Iterator[GatewayProcess]:
    """An instance draining for two seconds."""
    yield from served(tmp_path, DRAIN_SECONDS)


@pytest.fixture
def slow_instance(tmp_path: Path) -> Iterator[GatewayProcess]:
    """An instance whose drain would last a minute."""
    yield from served(tmp_path, LONG_DRAIN_SECONDS)


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    """A plain HTTP client."""
    with httpx.Client(timeout=10) as client:
        yield client


@pytest.fixture
def draining(instance: GatewayProcess, client: httpx.Client) -> GatewayProcess:
    """The instance, signed in to, just after it received SIGTERM."""
    client.headers.update(admin_headers(client, instance))
    instance.signal(signal.SIGTERM)
    time.sleep(0.3)  # uvicorn's signal handler runs between its ticks
    return instance


def lease_holder(tmp_path: Path) -> str | None:
    """Read who holds the scheduler lease in the instance's database."""
    engine = create_sync_engine(sqlite_url(tmp_path), setup=install_text_checks)
    try:
        with engine.connect() as connection:
            return connection.scalar(select(SchedulerLease.holder))
    finally:
        engine.dispose()


def test_a_draining_instance_reports_not_ready(
    draining: GatewayProcess, client: httpx.Client
) -> None:
    response = client.get(f"{draining.url}/_gateway/ready")
    assert (response.status_code, response.json()["reasons"]) == (503, ["draining"])


def test_a_draining_instance_still_serves_reads_and_writes(
    draining: GatewayProcess, client: httpx.Client
) -> None:
    read = client.get(f"{draining.url}/api/health")
    write = client.post(f"{draining.url}/api/job-categories", json={"name": "drained"})
    assert (read.status_code, write.status_code) == (200, 201)


def test_a_draining_instance_closes_each_connection_after_its_answer(
    draining: GatewayProcess, client: httpx.Client
) -> None:
    assert client.get(f"{draining.url}/api/health").headers["connection"] == "close"


def test_a_drained_instance_stops_after_the_drain_and_hands_the_lease_over(
    instance: GatewayProcess, tmp_path: Path
) -> None:
    assert lease_holder(tmp_path) is not None
    started = time.monotonic()
    instance.signal(signal.SIGTERM)
    instance.wait_exit(DRAIN_SECONDS + 15)
    assert time.monotonic() - started >= DRAIN_SECONDS
    assert lease_holder(tmp_path) is None


def test_a_second_sigterm_stops_at_once(slow_instance: GatewayProcess) -> None:
    slow_instance.signal(signal.SIGTERM)
    time.sleep(0.3)
    started = time.monotonic()
    slow_instance.signal(signal.SIGTERM)
    slow_instance.wait_exit(15)
    assert time.monotonic() - started < LONG_DRAIN_SECONDS / 2
