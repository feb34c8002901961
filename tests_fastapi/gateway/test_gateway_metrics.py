"""`/_gateway/metrics`: every request observed once, and the cutover's counters, in Prometheus text.

The gateway is built with `build_gateway` over a tiny Flask app and a tiny FastAPI app (one of
whose endpoints answers 500, one raises, one answers unlike Flask); the rollback test gives it an
override store on a migrated SQLite (or PostgreSQL) database. Scrapes are parsed with
`prometheus_client`'s own parser.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from flask import Flask, jsonify
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample
from sqlalchemy import Engine

from strangler import build_gateway
from strangler.app import GatewayApp, RuntimeOverrides, plan_cutover
from strangler.flags import Mode, Setting, apply_overrides
from strangler.override_store import OverrideStore
from strangler.rollback import RollbackPolicy
from tests_support.schema_revisions import empty_engine_fixture, upgrade

__all__ = ["empty_engine_fixture"]

ITEMS, ITEM, BROKEN = "GET /api/items", "GET /api/items/<int:item_id>", "GET /api/broken"
RAISES, SHADOWED = "POST /api/raises", "GET /api/shadowed"
ON_FASTAPI = (ITEM, BROKEN, RAISES)
MODERN_ROUTES = [
    ("GET", "/api/items"),
    ("GET", "/api/items/{item_id}"),
    ("GET", "/api/broken"),
    ("POST", "/api/raises"),
    ("GET", "/api/shadowed"),
]
POLICY = RollbackPolicy(error_rate=0.5, min_requests=5, window_seconds=60)
DURATION = "gateway_request_duration_seconds"


def tiny_flask() -> Flask:
    app = Flask("metrics-legacy")
    app.add_url_rule("/api/items", "items", lambda: jsonify(stack="legacy"))
    app.add_url_rule("/api/items/<int:item_id>", "item", lambda item_id: jsonify(id=item_id))
    app.add_url_rule("/api/broken", "broken", lambda: jsonify(stack="legacy"))
    app.add_url_rule("/api/shadowed", "shadowed", lambda: jsonify(n=1))
    app.add_url_rule("/api/raises", "raises", lambda: jsonify(stack="legacy"), methods=["POST"])
    return app


def tiny_fastapi() -> FastAPI:
    app = FastAPI()

    @app.get("/api/items/{item_id}")
    async def item(item_id: int) -> JSONResponse:
        return JSONResponse({"id": item_id}, status_code=404 if item_id == 0 else 200)

    @app.get("/api/broken")
    async def broken() -> JSONResponse:
        return JSONResponse({"error": "broken"}, status_code=500)

    @app.post("/api/raises")
    async def raises() -> None:
        raise RuntimeError("the new stack is broken")

    @app.get("/api/shadowed")
    async def shadowed() -> dict[str, int]:
        return {"n": 2}

    @app.get("/api/v2/ping")
    async def ping() -> dict[str, str]:
        return {"stack": "modern"}

    return app


def make_gateway(tmp_path: Path, store_engine: Engine | None) -> GatewayApp:
    legacy = tiny_flask()
    cutover_file = tmp_path / "cutover.toml"
    cutover_file.write_text("[endpoints]\n" + "".join(f'"{k}" = "fastapi"\n' for k in ON_FASTAPI))
    plan = plan_cutover(legacy.url_map, MODERN_ROUTES, cutover_file=cutover_file, default="flask")
    overrides = None
    if store_engine is not None:
        upgrade(store_engine)
        store = OverrideStore(store_engine, plan.flags)
        overrides = RuntimeOverrides(store, lambda _headers: "admin", 60.0, POLICY)
    app = build_gateway(
        legacy_wsgi=legacy,
        legacy_map=legacy.url_map,
        modern=tiny_fastapi(),
        plan=plan,
        cors_origins=[],
        overrides=overrides,
    )
    flags, _ = apply_overrides(app.gateway.flags, {SHADOWED: Setting(Mode.SHADOW)})
    app.gateway.apply(flags)
    return app


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[GatewayApp]:
    """A gateway without an override store: no admin API, metrics all the same."""
    app = make_gateway(tmp_path, None)
    async with LifespanManager(app):
        yield app


@pytest.fixture
async def guarded_gateway(tmp_path: Path, engine: Engine) -> AsyncIterator[GatewayApp]:
    """A gateway like `gateway`, with an override store and auto-rollback at 50% over 5."""
    app = make_gateway(tmp_path, engine)
    async with LifespanManager(app):
        yield app


async def send(app: GatewayApp, method: str, path: str, times: int = 1) -> httpx.Response:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        for _ in range(times):
            response = await client.request(method, path)
    return response


async def scrape(app: GatewayApp) -> list[Sample]:
    """Read every sample of `/_gateway/metrics`."""
    response = await send(app, "GET", "/_gateway/metrics")
    families = text_string_to_metric_families(response.text)
    return [sample for family in families for sample in family.samples]


def value(samples: list[Sample], name: str, **labels: str) -> float:
    """Return the sample with this name and exactly these labels (0 when there is none)."""
    return next((s.value for s in samples if s.name == name and s.labels == labels), 0)


def requests(samples: list[Sample], endpoint: str, backend: str, status_class: str) -> float:
    labels = {"endpoint": endpoint, "backend": backend, "status_class": status_class}
    return value(samples, "gateway_requests_total", **labels)


async def test_requests_are_counted_per_endpoint_backend_and_status_class(
    gateway: GatewayApp,
) -> None:
    await send(gateway, "GET", "/api/items", times=2)
    await send(gateway, "GET", "/api/items/0")
    await send(gateway, "GET", "/api/items/7", times=3)
    samples = await scrape(gateway)
    assert (
        requests(samples, ITEMS, "flask", "2xx"),
        requests(samples, ITEM, "fastapi", "4xx"),
        requests(samples, ITEM, "fastapi", "2xx"),
    ) == (2, 1, 3)


def buckets(samples: list[Sample], **labels: str) -> list[float]:
    """Return a histogram's bucket counts, in the order of their bounds (+Inf last)."""
    found = [s for s in samples if s.name == f"{DURATION}_bucket" and s.labels.get("le")]
    return [s.value for s in found if {k: v for k, v in s.labels.items() if k != "le"} == labels]


async def test_a_latency_histogram_is_cumulative_and_counts_every_request(
    gateway: GatewayApp,
) -> None:
    await send(gateway, "GET", "/api/items", times=4)
    samples = await scrape(gateway)
    labels = {"endpoint": ITEMS, "backend": "flask"}
    counts = buckets(samples, **labels)
    assert (len(counts), counts == sorted(counts), counts[-1]) == (14, True, 4)
    assert value(samples, f"{DURATION}_count", **labels) == 4
    assert value(samples, f"{DURATION}_sum", **labels) > 0


async def test_a_fallback_counts_for_flask_and_as_a_fallback(gateway: GatewayApp) -> None:
    await send(gateway, "GET", "/api/broken", times=2)
    samples = await scrape(gateway)
    assert (
        requests(samples, BROKEN, "flask", "2xx"),
        requests(samples, BROKEN, "fastapi", "5xx"),
        value(samples, "gateway_fallbacks_total", endpoint=BROKEN),
    ) == (2, 0, 2)


async def test_an_exception_before_any_response_counts_as_a_5xx(gateway: GatewayApp) -> None:
    await send(gateway, "POST", "/api/raises")
    samples = await scrape(gateway)
    assert requests(samples, RAISES, "fastapi", "5xx") == 1


async def test_shadow_results_are_exposed_per_endpoint(gateway: GatewayApp) -> None:
    await send(gateway, "GET", "/api/shadowed", times=2)
    await gateway.gateway.shadow.wait()
    samples = await scrape(gateway)
    result = "gateway_shadow_results_total"
    assert (
        value(samples, result, endpoint=SHADOWED, result="mismatch"),
        value(samples, result, endpoint=SHADOWED, result="match"),
        value(samples, "gateway_shadow_in_flight"),
    ) == (2, 0, 0)


async def test_unknown_paths_collapse_into_one_unmatched_label(gateway: GatewayApp) -> None:
    for path in ("/api/nope/1", "/api/nope/2", "/favicon.ico", "/api/items/not-a-number"):
        await send(gateway, "GET", path)
    samples = await scrape(gateway)
    endpoints = {s.labels["endpoint"] for s in samples if s.name == "gateway_requests_total"}
    assert requests(samples, "(unmatched)", "flask", "4xx") == 4
    assert endpoints == {"(unmatched)"}


async def test_new_stack_paths_are_labelled_modern(gateway: GatewayApp) -> None:
    await send(gateway, "GET", "/api/v2/ping")
    samples = await scrape(gateway)
    assert requests(samples, "(modern)", "fastapi", "2xx") == 1


async def test_a_scrape_is_counted_as_the_gateways_own_request(gateway: GatewayApp) -> None:
    await scrape(gateway)
    samples = await scrape(gateway)
    assert requests(samples, "(gateway)", "gateway", "2xx") == 1


async def test_metrics_are_served_without_overrides(gateway: GatewayApp) -> None:
    response = await send(gateway, "GET", "/_gateway/metrics")
    assert (
        response.status_code,
        response.headers["content-type"],
        response.headers["x-served-by"],
    ) == (200, "text/plain; version=0.0.4; charset=utf-8", "gateway")


async def test_metrics_refuse_a_post(gateway: GatewayApp) -> None:
    response = await send(gateway, "POST", "/_gateway/metrics")
    assert (response.status_code, response.headers["allow"]) == (405, "GET, HEAD")


async def test_the_mode_gauge_is_one_for_the_mode_in_force(gateway: GatewayApp) -> None:
    samples = await scrape(gateway)
    gauge = {
        s.labels["mode"]: s.value
        for s in samples
        if s.name == "gateway_endpoint_mode" and s.labels["endpoint"] == BROKEN
    }
    assert gauge == {"flask": 0, "fastapi": 1, "shadow": 0, "canary": 0}


async def test_a_mode_change_applied_is_counted_as_a_flip(gateway: GatewayApp) -> None:
    flags, _ = apply_overrides(gateway.gateway.flags, {ITEMS: Setting(Mode.CANARY, 10)})
    gateway.gateway.apply(flags)
    gateway.gateway.apply(flags)  # the same flags again change nothing
    samples = await scrape(gateway)
    assert (
        value(samples, "gateway_flips_total", endpoint=ITEMS, to="canary"),
        value(samples, "gateway_flips_total", endpoint=SHADOWED, to="shadow"),
    ) == (1, 1)


async def test_an_auto_rollback_is_counted(guarded_gateway: GatewayApp) -> None:
    await send(guarded_gateway, "GET", "/api/broken", times=POLICY.min_requests)
    for _ in range(100):  # the rollback is written in a worker thread
        samples = await scrape(guarded_gateway)
        if value(samples, "gateway_auto_rollbacks_total", endpoint=BROKEN):
            break
        await asyncio.sleep(0.05)
    assert (
        value(samples, "gateway_auto_rollbacks_total", endpoint=BROKEN),
        value(samples, "gateway_flips_total", endpoint=BROKEN, to="flask"),
        value(samples, "gateway_endpoint_mode", endpoint=BROKEN, mode="flask"),
    ) == (1, 1, 1)
