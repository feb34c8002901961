"""Request limits at the gateway (D22): header fields and bytes → 431, body bytes → 413.

A tiny gateway (`kit.tiny_gateways`) over a Flask app and a FastAPI app that both keep every body
they are given, with small limits and a renderer that shows what it was asked to render. Bodies
are fed through raw ASGI messages, so a test sees each chunk the gateway reads.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request
from flask import Flask, jsonify, request
from sqlalchemy import Engine
from starlette.types import Message, Receive, Scope, Send

from strangler.app import GatewayApp
from strangler.limits import RequestLimits, RequestLimitsMiddleware
from tests_support.kit.asgi_bodies import endless, post_chunks
from tests_support.kit.metric_samples import sample_value, samples_in
from tests_support.kit.tiny_gateways import MakeGateway, build_tiny_gateway, gateway_fixture

__all__ = ["gateway_fixture"]

LIMITS = RequestLimits(max_header_count=30, max_header_bytes=2_000, max_body_bytes=1_000)
CHUNK = b"x" * 100
STACK_PATHS = {"flask": "/api/items", "fastapi": "/api/v2/items"}
# Every part of the gateway: both stacks, the new stack's docs, the gateway's own metrics.
EVERY_PATH = ["/api/items", "/api/v2/items", "/docs", "/_gateway/metrics", "/elsewhere"]
Written = dict[str, list[bytes]]


def render(status: int, reason: str) -> bytes:
    """Show what the gateway asked to render."""
    return json.dumps({"status": status, "reason": reason}).encode()


@pytest.fixture(name="written")
def written_fixture() -> Written:
    """The bodies each stack was given, by stack."""
    return {"flask": [], "fastapi": []}


def tiny_flask(written: Written) -> Flask:
    app = Flask("limits-legacy")

    @app.post("/api/items")
    def write() -> Any:
        written["flask"].append(request.get_data())
        return jsonify(size=len(written["flask"][-1]))

    @app.get("/api/echo")
    def echo() -> Any:
        return jsonify(value=request.headers.get("X-Dup"))

    return app


def tiny_fastapi(written: Written) -> FastAPI:
    app = FastAPI()

    @app.post("/api/v2/items")
    async def write(request: Request) -> dict[str, int]:
        written["fastapi"].append(await request.body())
        return {"size": len(written["fastapi"][-1])}

    return app


@pytest.fixture
def make_gateway(tmp_path: Path, written: Written) -> MakeGateway:
    """Build this module's gateway with `LIMITS` and `render`."""

    def make(store_engine: Engine | None) -> GatewayApp:
        return build_tiny_gateway(
            tmp_path,
            tiny_flask(written),
            tiny_fastapi(written),
            [("POST", "/api/v2/items")],
            [],
            store_engine,
            limits=LIMITS,
            render_refusal=render,
        )

    return make


@pytest.fixture
async def client(gateway: GatewayApp) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on the gateway, in-process."""
    transport = httpx.ASGITransport(app=gateway)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


CHUNKED = [(b"transfer-encoding", b"chunked")]


def many_headers(count: int) -> dict[str, str]:
    return {f"x-extra-{number}": "1" for number in range(count)}


# --- headers → 431 ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", EVERY_PATH)
async def test_too_many_header_fields_are_refused_with_431_on_every_path(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(path, headers=many_headers(40))
    assert (response.status_code, response.json()) == (
        431,
        {"status": 431, "reason": "A request may have at most 30 header fields."},
    )


@pytest.mark.parametrize("path", EVERY_PATH)
async def test_headers_over_the_byte_limit_are_refused_with_431_on_every_path(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(path, headers={"x-big": "y" * 2_000})
    assert (response.status_code, response.json()) == (
        431,
        {"status": 431, "reason": "Request headers may total at most 2000 bytes."},
    )


async def test_each_repeated_header_counts_as_a_field(client: httpx.AsyncClient) -> None:
    headers = [("Authorization", "Bearer x")] * 40
    response = await client.get("/api/echo", headers=headers)
    assert response.status_code == 431


@pytest.mark.parametrize("stack", ["flask", "fastapi"])
async def test_a_request_refused_for_its_headers_never_reaches_the_stack(
    client: httpx.AsyncClient, written: Written, stack: str
) -> None:
    await client.post(STACK_PATHS[stack], content=b"{}", headers=many_headers(40))
    assert written[stack] == []


async def test_headers_within_the_limits_are_served(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/echo", headers={**many_headers(10), "X-Dup": "a"})
    assert (response.status_code, response.json()) == (200, {"value": "a"})


# --- body → 413 ------------------------------------------------------------------------------


@pytest.mark.parametrize("stack", ["flask", "fastapi"])
async def test_a_declared_body_over_the_limit_is_refused_before_any_of_it_is_read(
    gateway: GatewayApp, written: Written, stack: str
) -> None:
    length = [(b"content-length", b"1001")]
    answer = await post_chunks(gateway, STACK_PATHS[stack], length, iter([b"x" * 1001]))
    assert (answer.status, json.loads(answer.body), answer.reads, written[stack]) == (
        413,
        {"status": 413, "reason": "The request body may be at most 1000 bytes."},
        0,
        [],
    )


async def test_an_http1_request_without_body_headers_goes_on_unread() -> None:
    # HTTP/1 frames no body without Content-Length or Transfer-Encoding: nothing to read ahead.
    order: list[str] = []

    async def stack(scope: Scope, receive: Receive, send: Send) -> None:
        order.append("stack")
        await receive()

    async def receive() -> Message:
        order.append("receive")
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        raise AssertionError(f"the middleware answered itself: {message}")

    scope = {"type": "http", "http_version": "1.1", "method": "GET", "path": "/", "headers": []}
    await RequestLimitsMiddleware(stack, LIMITS)(scope, receive, send)
    assert order == ["stack", "receive"]


@pytest.mark.parametrize("stack", ["flask", "fastapi"])
async def test_a_chunked_body_is_cut_off_once_past_the_limit(
    gateway: GatewayApp, written: Written, stack: str
) -> None:
    answer = await post_chunks(gateway, STACK_PATHS[stack], CHUNKED, endless(CHUNK))
    # 1,000 bytes are 10 chunks; the 11th takes the body past the limit, and reading stops.
    assert (answer.status, answer.reads, written[stack]) == (413, 11, [])


@pytest.mark.parametrize("stack", ["flask", "fastapi"])
async def test_a_chunked_body_within_the_limit_reaches_the_stack_whole(
    gateway: GatewayApp, written: Written, stack: str
) -> None:
    answer = await post_chunks(gateway, STACK_PATHS[stack], CHUNKED, iter([CHUNK] * 10))
    assert (answer.status, written[stack]) == (200, [CHUNK * 10])


@pytest.mark.parametrize("stack", ["flask", "fastapi"])
async def test_a_declared_body_at_the_limit_reaches_the_stack_whole(
    gateway: GatewayApp, written: Written, stack: str
) -> None:
    length = [(b"content-length", b"1000")]
    answer = await post_chunks(gateway, STACK_PATHS[stack], length, iter([CHUNK] * 10))
    assert (answer.status, written[stack]) == (200, [CHUNK * 10])


# --- what every refusal carries --------------------------------------------------------------


async def test_a_refusal_is_json_from_the_gateway_with_a_request_id_and_closes_the_connection(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/api/echo", headers=many_headers(40))
    headers = response.headers
    assert (headers["content-type"], headers["x-served-by"], headers["connection"]) == (
        "application/json",
        "gateway",
        "close",
    )
    assert headers["x-request-id"]


async def test_a_refusal_is_counted_as_an_answer_of_the_gateway(
    client: httpx.AsyncClient,
) -> None:
    await client.get("/api/echo", headers=many_headers(40))
    samples = samples_in((await client.get("/_gateway/metrics")).text)
    labels = {"endpoint": "(gateway)", "backend": "gateway", "status_class": "4xx"}
    assert sample_value(samples, "gateway_requests_total", **labels) == 1


@pytest.mark.parametrize("field", ["max_header_count", "max_header_bytes", "max_body_bytes"])
@pytest.mark.parametrize("value", [0, -1, 1.5, True])
def test_a_limit_that_is_not_a_positive_integer_is_refused(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=field):
        RequestLimits(**{field: value})  # type: ignore[arg-type]
