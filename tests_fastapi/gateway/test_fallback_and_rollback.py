"""Fallback to Flask for failed reads, and auto-rollback of an endpoint whose FastAPI fails.

The gateway is built (`kit.tiny_gateways`) over a tiny Flask app and a tiny FastAPI app
whose handlers fail on purpose (one raises, one answers 500); the rollback tests give it an override
store on a migrated SQLite (or PostgreSQL) database, where the flip is audited.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from flask import Flask, jsonify
from sqlalchemy import Engine

from strangler.app import GatewayApp
from strangler.flags import Mode, Setting, apply_overrides
from tests_support.kit.schema_revisions import empty_engine_fixture
from tests_support.kit.tiny_gateways import (
    AUTO_ROLLBACK,
    MakeGateway,
    build_tiny_gateway,
    gateway_fixture,
    guarded_gateway_fixture,
    send,
)
from tests_support.kit.worlds.scheduler import eventually

__all__ = ["empty_engine_fixture", "gateway_fixture", "guarded_gateway_fixture"]

RAISES, BROKEN, HEALTHY = "GET /api/raises", "GET /api/broken", "GET /api/healthy"
WRITE = "POST /api/broken"
ALL_ON_FASTAPI = (RAISES, BROKEN, HEALTHY, WRITE)
MODERN_ROUTES = [(key.split(" ")[0], key.split(" ")[1]) for key in ALL_ON_FASTAPI]


def tiny_flask(writes: list[str]) -> Flask:
    app = Flask("fallback-legacy")
    for path in ("/api/raises", "/api/broken", "/api/healthy"):
        app.add_url_rule(path, path, lambda: jsonify(stack="legacy"))

    @app.post("/api/broken")
    def write() -> object:
        writes.append("legacy")
        return jsonify(stack="legacy"), 201

    return app


def failing_fastapi() -> FastAPI:
    app = FastAPI()

    @app.get("/api/raises")
    async def raises() -> None:
        raise RuntimeError("the new stack is broken")

    @app.api_route("/api/broken", methods=["GET", "HEAD", "POST"])
    async def broken() -> JSONResponse:
        return JSONResponse({"stack": "modern", "error": "broken"}, status_code=500)

    @app.get("/api/healthy")
    async def healthy() -> dict[str, str]:
        return {"stack": "modern"}

    return app


@pytest.fixture
def writes() -> list[str]:
    """The writes the Flask app performed."""
    return []


@pytest.fixture
def make_gateway(tmp_path: Path, writes: list[str]) -> MakeGateway:
    """Build this module's gateway, every endpoint on FastAPI."""

    def make(store_engine: Engine | None) -> GatewayApp:
        return build_tiny_gateway(
            tmp_path,
            tiny_flask(writes),
            failing_fastapi(),
            MODERN_ROUTES,
            ALL_ON_FASTAPI,
            store_engine,
        )

    return make


async def flipped_to_flask(app: GatewayApp, key: str) -> None:
    """Wait until the gateway serves `key` from Flask; fail if it never does."""
    await eventually(lambda: app.gateway.routes.flags[key].mode is Mode.FLASK, f"{key} on flask")


@pytest.mark.parametrize("path", ["/api/raises", "/api/broken"])
async def test_a_failed_get_is_answered_by_flask(gateway: GatewayApp, path: str) -> None:
    response = await send(gateway, "GET", path)
    assert (response.status_code, response.headers["X-Served-By"], response.json()) == (
        200,
        "flask",
        {"stack": "legacy"},
    )


async def test_a_failed_head_is_answered_by_flask(gateway: GatewayApp) -> None:
    response = await send(gateway, "HEAD", "/api/broken")
    assert (response.status_code, response.headers["X-Served-By"]) == (200, "flask")


async def test_a_failed_post_is_not_retried_on_flask(
    gateway: GatewayApp, writes: list[str]
) -> None:
    response = await send(gateway, "POST", "/api/broken")
    assert (response.status_code, response.headers["X-Served-By"], writes) == (500, "fastapi", [])


async def test_a_failed_get_of_a_canary_caller_on_fastapi_is_answered_by_flask(
    gateway: GatewayApp,
) -> None:
    flags, _ = apply_overrides(gateway.gateway.routes.flags, {BROKEN: Setting(Mode.CANARY, 100)})
    gateway.gateway.routes.apply(flags)
    response = await send(gateway, "GET", "/api/broken")
    assert (response.headers["X-Served-By"], gateway.gateway.guard.fallbacks) == (
        "flask",
        {BROKEN: 1},
    )


async def test_fallbacks_are_counted_per_endpoint(gateway: GatewayApp) -> None:
    await send(gateway, "GET", "/api/broken", times=3)
    await send(gateway, "GET", "/api/raises", times=2)
    await send(gateway, "GET", "/api/healthy", times=2)
    assert gateway.gateway.guard.fallbacks == {BROKEN: 3, RAISES: 2}


async def test_a_healthy_get_is_answered_by_fastapi(gateway: GatewayApp) -> None:
    response = await send(gateway, "GET", "/api/healthy")
    assert (response.headers["X-Served-By"], response.json()) == ("fastapi", {"stack": "modern"})


async def test_enough_failures_flip_the_endpoint_to_flask(guarded_gateway: GatewayApp) -> None:
    await send(guarded_gateway, "GET", "/api/broken", times=AUTO_ROLLBACK.min_requests)
    await flipped_to_flask(guarded_gateway, BROKEN)


async def test_the_flip_is_audited_as_auto_rollback(guarded_gateway: GatewayApp) -> None:
    await send(guarded_gateway, "GET", "/api/raises", times=AUTO_ROLLBACK.min_requests)
    await flipped_to_flask(guarded_gateway, RAISES)
    assert guarded_gateway.runtime is not None
    history = guarded_gateway.runtime.store.history(RAISES)
    assert [(c.source, c.changed_by, c.after.mode) for c in history] == [
        ("auto-rollback", "gateway", Mode.FLASK)
    ]
    assert "5 of 5 requests (100%)" in history[0].reason


async def test_a_breach_flips_the_endpoint_once(guarded_gateway: GatewayApp) -> None:
    await send(guarded_gateway, "POST", "/api/broken", times=3 * AUTO_ROLLBACK.min_requests)
    await flipped_to_flask(guarded_gateway, WRITE)
    assert guarded_gateway.runtime is not None
    assert len(guarded_gateway.runtime.store.history(WRITE)) == 1


async def test_a_healthy_endpoint_is_never_flipped(guarded_gateway: GatewayApp) -> None:
    await send(guarded_gateway, "GET", "/api/healthy", times=4 * AUTO_ROLLBACK.min_requests)
    await asyncio.sleep(0.2)  # time for a wrongly started flip to land
    assert guarded_gateway.runtime is not None
    assert (
        guarded_gateway.gateway.routes.flags[HEALTHY].mode,
        guarded_gateway.runtime.store.history(HEALTHY),
    ) == (Mode.FASTAPI, [])
