"""`/_gateway/metrics`: every request observed once, and the cutover's counters, in Prometheus text.

The gateway is built (`kit.tiny_gateways`) over a tiny Flask app and a tiny FastAPI app
(one of whose endpoints answers 500, one raises, one answers unlike Flask); the rollback test gives
it an override store on a migrated SQLite (or PostgreSQL) database. Scrapes are parsed with
`prometheus_client`'s own parser.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from flask import Flask, jsonify
from prometheus_client.samples import Sample
from sqlalchemy import Engine

from strangler.app import GatewayApp
from strangler.flags import Mode, Setting, apply_overrides
from strangler.request_stats import DURATION_BUCKETS
from tests_support.kit.metric_samples import sample_value, samples_in
from tests_support.kit.schema_revisions import empty_engine_fixture
from tests_support.kit.tiny_gateways import (
    AUTO_ROLLBACK,
    MakeGateway,
    build_tiny_gateway,
    gateway_fixture,
    guarded_gateway_fixture,
    send,
)

__all__ = ["empty_engine_fixture", "gateway_fixture", "guarded_gateway_fixture"]

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


@pytest.fixture
def make_gateway(tmp_path: Path) -> MakeGateway:
    """Build this module's gateway, with `GET /api/shadowed` in shadow mode."""

    def make(store_engine: Engine | None) -> GatewayApp:
        app = build_tiny_gateway(
            tmp_path, tiny_flask(), tiny_fastapi(), MODERN_ROUTES, ON_FASTAPI, store_engine
        )
        flags, _ = apply_overrides(app.gateway.routes.flags, {SHADOWED: Setting(Mode.SHADOW)})
        app.gateway.routes.apply(flags)
        return app

    return make


async def scrape(app: GatewayApp) -> list[Sample]:
    """Read every sample of `/_gateway/metrics`."""
    return samples_in((await send(app, "GET", "/_gateway/metrics")).text)


def requests(samples: list[Sample], endpoint: str, backend: str, status_class: str) -> float:
    labels = {"endpoint": endpoint, "backend": backend, "status_class": status_class}
    return sample_value(samples, "gateway_requests_total", **labels)


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
    assert (len(counts), counts == sorted(counts), counts[-1]) == (
        len(DURATION_BUCKETS) + 1,
        True,
        4,
    )
    assert sample_value(samples, f"{DURATION}_count", **labels) == 4
    assert sample_value(samples, f"{DURATION}_sum", **labels) > 0


async def test_a_fallback_counts_for_flask_and_as_a_fallback(gateway: GatewayApp) -> None:
    await send(gateway, "GET", "/api/broken", times=2)
    samples = await scrape(gateway)
    assert (
        requests(samples, BROKEN, "flask", "2xx"),
        requests(samples, BROKEN, "fastapi", "5xx"),
        sample_value(samples, "gateway_fallbacks_total", endpoint=BROKEN),
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
        sample_value(samples, result, endpoint=SHADOWED, result="mismatch"),
        sample_value(samples, result, endpoint=SHADOWED, result="match"),
        sample_value(samples, "gateway_shadow_in_flight"),
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
    flags, _ = apply_overrides(gateway.gateway.routes.flags, {ITEMS: Setting(Mode.CANARY, 10)})
    gateway.gateway.routes.apply(flags)
    gateway.gateway.routes.apply(flags)  # the same flags again change nothing
    samples = await scrape(gateway)
    assert (
        sample_value(samples, "gateway_flips_total", endpoint=ITEMS, to="canary"),
        sample_value(samples, "gateway_flips_total", endpoint=SHADOWED, to="shadow"),
    ) == (1, 1)


async def test_an_auto_rollback_is_counted(guarded_gateway: GatewayApp) -> None:
    await send(guarded_gateway, "GET", "/api/broken", times=AUTO_ROLLBACK.min_requests)
    for _ in range(100):  # the rollback is written in a worker thread
        samples = await scrape(guarded_gateway)
        if sample_value(samples, "gateway_auto_rollbacks_total", endpoint=BROKEN):
            break
        await asyncio.sleep(0.05)
    assert (
        sample_value(samples, "gateway_auto_rollbacks_total", endpoint=BROKEN),
        sample_value(samples, "gateway_flips_total", endpoint=BROKEN, to="flask"),
        sample_value(samples, "gateway_endpoint_mode", endpoint=BROKEN, mode="flask"),
    ) == (1, 1, 1)
