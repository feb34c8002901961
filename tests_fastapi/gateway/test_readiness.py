"""`/_gateway/live` and `/_gateway/ready` on the composed service (issue 15, point 2)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.types import ASGIApp

from cronjobs.main import create_app
from cronjobs.settings import Settings
from strangler.app import GatewayApp
from strangler.override_tables import version_table
from tests_support.kit.lifespans import lifespan

REFRESH_SECONDS = 0.1
STALE_WAIT_SECONDS = 3 * REFRESH_SECONDS + 1.0 + 0.5  # past `RuntimeCutover.staleness`'s bound


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Every endpoint on FastAPI, polled ten times a second: neither may touch the two paths."""
    return {"cutover_default": "fastapi", "cutover_refresh_seconds": REFRESH_SECONDS}


@pytest.fixture
def service(settings: Settings) -> GatewayApp:
    """The composed service, kept at hand to drain it and to reach its run-time cutover."""
    return create_app(settings)


@pytest.fixture
async def gateway_app(service: GatewayApp) -> AsyncIterator[ASGIApp]:
    """`service` with its lifespan running (the `client` fixture talks to it)."""
    async with lifespan(service) as manager:
        yield manager.app


async def test_live_answers_while_the_process_serves(client: httpx.AsyncClient) -> None:
    response = await client.get("/_gateway/live")
    assert (response.status_code, response.json()) == (200, {"status": "live"})


async def test_the_gateway_answers_both_paths_itself(client: httpx.AsyncClient) -> None:
    served = {
        (await client.get(path)).headers["x-served-by"]
        for path in ("/_gateway/live", "/_gateway/ready")
    }
    assert served == {"gateway"}


async def test_a_started_instance_is_ready(client: httpx.AsyncClient) -> None:
    response = await client.get("/_gateway/ready")
    assert (response.status_code, response.json()) == (200, {"status": "ready"})


async def test_a_draining_instance_is_not_ready(
    client: httpx.AsyncClient, service: GatewayApp
) -> None:
    service.readiness.drain()
    response = await client.get("/_gateway/ready")
    assert (response.status_code, response.json()) == (
        503,
        {"status": "not ready", "reasons": ["draining"]},
    )


async def test_a_draining_instance_is_still_live(
    client: httpx.AsyncClient, service: GatewayApp
) -> None:
    service.readiness.drain()
    assert (await client.get("/_gateway/live")).status_code == 200


async def test_an_instance_whose_overrides_cannot_be_read_becomes_not_ready(
    client: httpx.AsyncClient, service: GatewayApp
) -> None:
    runtime = service.runtime
    assert runtime is not None
    version_table.drop(runtime.store.engine)  # every poll now fails
    await asyncio.sleep(STALE_WAIT_SECONDS)
    response = await client.get("/_gateway/ready")
    assert response.status_code == 503
    assert response.json()["reasons"][0].startswith("cutover overrides not read for")


async def test_head_gets_the_verdict_without_a_body(client: httpx.AsyncClient) -> None:
    response = await client.head("/_gateway/ready")
    assert (response.status_code, response.content) == (200, b"")


async def test_other_methods_are_refused(client: httpx.AsyncClient) -> None:
    response = await client.post("/_gateway/ready")
    assert (response.status_code, response.headers["allow"]) == (405, "GET, HEAD")
