"""Shadow mode: Flask answers the client; reads are replayed on FastAPI and compared afterwards.

The gateway is built (`tests_support.kit.tiny_gateways`) over a tiny Flask app and a tiny FastAPI
app that answer differently (or slowly) on purpose, with every endpoint switched to shadow.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from flask import Flask, jsonify

from strangler.app import GatewayApp
from strangler.flags import Mode, Setting, apply_overrides
from strangler.shadow import SHADOW_LIMIT
from strangler.shadow_record import SAMPLE_BODY_CHARS, SAMPLES_PER_ENDPOINT
from tests_support.kit.lifespans import lifespan
from tests_support.kit.tiny_gateways import build_tiny_gateway

DIFFERS, VOLATILE, SLOW, BIG = "/api/differs", "/api/volatile", "/api/slow", "/api/big"
WRITE = "/api/write"
READS = (DIFFERS, VOLATILE, SLOW, BIG)
KEYS = [f"GET {path}" for path in READS] + [f"POST {WRITE}"]
SLOW_SECONDS = 2.0
LONG_TEXT = "x" * 50_000


def tiny_flask() -> Flask:
    app = Flask("shadow-legacy")
    answers: dict[str, dict[str, Any]] = {
        DIFFERS: {"name": "report", "count": 1, "tags": ["a", "b"]},
        VOLATILE: {"name": "report", "stamp": "2026-01-01T00:00:00Z"},
        SLOW: {"name": "report"},
        BIG: {"text": LONG_TEXT, "stack": "legacy"},
    }
    for path, answer in answers.items():
        app.add_url_rule(path, path, lambda answer=answer: jsonify(answer))
    app.add_url_rule(WRITE, WRITE, lambda: (jsonify(stack="legacy"), 201), methods=["POST"])
    return app


def tiny_fastapi(modern_writes: list[str]) -> FastAPI:
    app = FastAPI()

    @app.get(DIFFERS)
    async def differs() -> dict[str, Any]:
        return {"tags": ["a", "c"], "count": 2, "name": "report"}

    @app.get(VOLATILE)
    async def volatile() -> dict[str, Any]:
        return {"stamp": "2026-06-30T12:34:56Z", "name": "report"}

    @app.get(SLOW)
    async def slow() -> dict[str, Any]:
        await asyncio.sleep(SLOW_SECONDS)
        return {"name": "report"}

    @app.get(BIG)
    async def big() -> dict[str, Any]:
        return {"text": LONG_TEXT, "stack": "modern"}

    @app.post(WRITE, status_code=201)
    async def write() -> dict[str, str]:
        modern_writes.append("modern")
        return {"stack": "modern"}

    return app


@pytest.fixture
def modern_writes() -> list[str]:
    """The writes the FastAPI app performed."""
    return []


@pytest.fixture
async def gateway(tmp_path: Path, modern_writes: list[str]) -> AsyncIterator[GatewayApp]:
    """A gateway with every endpoint in shadow mode; `stamp` is volatile on `/api/volatile`."""
    routes = [(key.split(" ")[0], key.split(" ")[1]) for key in KEYS]
    app = build_tiny_gateway(
        tmp_path,
        tiny_flask(),
        tiny_fastapi(modern_writes),
        routes,
        on_fastapi=(),
        store_engine=None,
        wsgi_workers=2 * SHADOW_LIMIT,
        shadow_masks={f"GET {VOLATILE}": ["stamp"]},
    )
    flags, ignored = apply_overrides(
        app.gateway.routes.flags, {k: Setting(Mode.SHADOW) for k in KEYS}
    )
    assert ignored == []
    app.gateway.routes.apply(flags)
    async with lifespan(app):
        yield app


def client(app: GatewayApp) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def shadowed(app: GatewayApp, method: str, path: str) -> httpx.Response:
    """Send one request and wait until its shadow, if any, is recorded."""
    async with client(app) as http:
        response = await http.request(method, path)
    await app.gateway.shadow.wait()
    return response


def counts(app: GatewayApp, path: str, method: str = "GET") -> dict[str, Any]:
    return app.gateway.shadow.record.summary(f"{method} {path}")


async def test_a_different_fastapi_answer_is_a_mismatch_and_the_client_gets_flasks_bytes(
    gateway: GatewayApp,
) -> None:
    response = await shadowed(gateway, "GET", f"{DIFFERS}?page=2")

    flask_bytes = tiny_flask().test_client().get(DIFFERS).data
    assert (response.content, response.headers["X-Served-By"]) == (flask_bytes, "flask")
    assert (counts(gateway, DIFFERS)["mismatch"], counts(gateway, DIFFERS)["match"]) == (1, 0)
    [sample] = [s.as_json() for s in gateway.gateway.shadow.record.samples(f"GET {DIFFERS}")]
    assert (sample["method"], sample["path"], sample["query"]) == ("GET", DIFFERS, "page=2")
    assert sample["diff"] == [
        {"path": "count", "flask": "1", "fastapi": "2"},
        {"path": "tags[1]", "flask": '"b"', "fastapi": '"c"'},
    ]


async def test_answers_differing_only_in_a_masked_volatile_field_match(
    gateway: GatewayApp,
) -> None:
    await shadowed(gateway, "GET", VOLATILE)

    assert (counts(gateway, VOLATILE)["match"], counts(gateway, VOLATILE)["mismatch"]) == (1, 0)
    assert counts(gateway, VOLATILE)["match_rate"] == 1.0


async def test_a_post_is_not_replayed_and_is_counted_as_not_shadowed(
    gateway: GatewayApp, modern_writes: list[str]
) -> None:
    response = await shadowed(gateway, "POST", WRITE)

    assert (response.status_code, response.json()) == (201, {"stack": "legacy"})
    assert modern_writes == []
    assert counts(gateway, WRITE, "POST")["not_shadowed"] == 1


async def test_a_slow_fastapi_does_not_delay_the_client_and_is_recorded_afterwards(
    gateway: GatewayApp,
) -> None:
    started = time.perf_counter()
    async with client(gateway) as http:
        response = await http.get(SLOW)
    answered_in = time.perf_counter() - started

    assert (response.headers["X-Served-By"], answered_in < SLOW_SECONDS / 2) == ("flask", True)
    assert counts(gateway, SLOW)["match"] == 0  # the shadow is still running
    await gateway.gateway.shadow.wait()
    assert counts(gateway, SLOW)["match"] == 1


async def test_shadows_past_the_bound_are_dropped_while_every_client_gets_flask(
    gateway: GatewayApp,
) -> None:
    extra = 4
    async with client(gateway) as http:
        responses = await asyncio.gather(*(http.get(SLOW) for _ in range(SHADOW_LIMIT + extra)))

    assert {(r.status_code, r.headers["X-Served-By"]) for r in responses} == {(200, "flask")}
    assert counts(gateway, SLOW)["dropped"] == extra
    await gateway.gateway.shadow.wait()
    assert counts(gateway, SLOW)["match"] == SHADOW_LIMIT


async def test_mismatch_samples_are_bounded_in_number_and_size(gateway: GatewayApp) -> None:
    mismatches = SAMPLES_PER_ENDPOINT + 5
    async with client(gateway) as http:
        for _ in range(mismatches):
            await http.get(BIG)
    await gateway.gateway.shadow.wait()

    samples = [s.as_json() for s in gateway.gateway.shadow.record.samples(f"GET {BIG}")]
    assert (len(samples), counts(gateway, BIG)["mismatch"]) == (SAMPLES_PER_ENDPOINT, mismatches)
    longest = max(len(s[side]["body"]) for s in samples for side in ("flask", "fastapi"))
    assert longest <= SAMPLE_BODY_CHARS + 1  # the cut and its ellipsis
