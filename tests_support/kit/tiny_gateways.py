"""Gateways over a tiny Flask app and a tiny FastAPI app, for tests of the strangler itself.

A test module defines a `make_gateway` fixture (its own apps and cutover, built with
`build_tiny_gateway`) and imports `gateway_fixture` and `guarded_gateway_fixture`: they register
as `gateway` (no override store) and `guarded_gateway` (an override store on the `engine`
fixture's database, auto-rollback by `AUTO_ROLLBACK`), each with its lifespan running. `send`
talks to either.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from flask import Flask
from sqlalchemy import Engine

from strangler import build_gateway
from strangler.app import GatewayApp, RuntimeOverrides, plan_cutover
from strangler.limits import DEFAULT_LIMITS, RenderRefusal, RequestLimits, plain_refusal
from strangler.override_store import OverrideStore
from strangler.rollback import RollbackPolicy
from tests_support.kit.lifespans import lifespan
from tests_support.kit.schema_revisions import upgrade

AUTO_ROLLBACK = RollbackPolicy(error_rate=0.5, min_requests=5, window_seconds=60)
# What a module's `make_gateway` fixture gives: build its gateway, with a store on the engine.
MakeGateway = Callable[[Engine | None], GatewayApp]


def build_tiny_gateway(
    folder: Path,
    legacy: Flask,
    modern: FastAPI,
    modern_routes: list[tuple[str, str]],
    on_fastapi: Iterable[str],
    store_engine: Engine | None,
    wsgi_workers: int = 10,
    shadow_masks: Mapping[str, Iterable[str]] | None = None,
    limits: RequestLimits = DEFAULT_LIMITS,
    render_refusal: RenderRefusal = plain_refusal,
) -> GatewayApp:
    """Build a gateway sending `on_fastapi` to `modern` and the rest to `legacy`.

    With `store_engine`, its database is migrated and holds the gateway's override store.
    `limits` and `render_refusal` are the gateway's request limits and how it words a refusal.
    """
    cutover_file = folder / "cutover.toml"
    cutover_file.write_text("[endpoints]\n" + "".join(f'"{k}" = "fastapi"\n' for k in on_fastapi))
    plan = plan_cutover(legacy.url_map, modern_routes, cutover_file=cutover_file, default="flask")
    overrides = None
    if store_engine is not None:
        upgrade(store_engine)
        store = OverrideStore(store_engine, plan.flags)
        overrides = RuntimeOverrides(store, lambda _headers: "admin", 60.0, AUTO_ROLLBACK)
    return build_gateway(
        legacy_wsgi=legacy,
        legacy_map=legacy.url_map,
        modern=modern,
        plan=plan,
        cors_origins=[],
        wsgi_workers=wsgi_workers,
        overrides=overrides,
        shadow_masks=shadow_masks,
        limits=limits,
        render_refusal=render_refusal,
    )


@pytest.fixture(name="gateway")
async def gateway_fixture(make_gateway: MakeGateway) -> AsyncIterator[GatewayApp]:
    """The module's gateway without an override store: no admin API, no auto-rollback."""
    app = make_gateway(None)
    async with lifespan(app):
        yield app


@pytest.fixture(name="guarded_gateway")
async def guarded_gateway_fixture(
    make_gateway: MakeGateway, engine: Engine
) -> AsyncIterator[GatewayApp]:
    """The module's gateway with an override store on `engine` and auto-rollback at 50% over 5."""
    app = make_gateway(engine)
    async with lifespan(app):
        yield app


async def send(app: GatewayApp, method: str, path: str, times: int = 1) -> httpx.Response:
    """Send one request `times` times (an app exception answers 500); return the last answer."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        for _ in range(times):
            response = await client.request(method, path)
    return response
