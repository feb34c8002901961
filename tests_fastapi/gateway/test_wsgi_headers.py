"""Repeated headers on the Flask path: joined once, as a2wsgi would join them, in linear time.

The gateway's WSGI backend over a tiny WSGI app that answers the `X-Dup` header it was given,
without the gateway's limits in front, so the repeats are far past what the limits let through.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from strangler.wsgi import WSGIBackend

VALUE = f"Bearer {'x' * 40}"


def echo_dup(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """A WSGI app answering the X-Dup header it was given."""
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [environ.get("HTTP_X_DUP", "").encode("latin-1")]


@pytest.fixture
async def wsgi_backend() -> AsyncIterator[httpx.AsyncClient]:
    """A client of `echo_dup` served through the gateway's WSGI backend, without limits."""
    backend = WSGIBackend(echo_dup, workers=2)
    transport = httpx.ASGITransport(app=backend)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http
    backend.stop()


async def test_50000_repeated_headers_reach_flask_joined_without_stalling(
    wsgi_backend: httpx.AsyncClient,
) -> None:
    started = time.perf_counter()
    response = await wsgi_backend.get("/", headers=[("X-Dup", VALUE)] * 50_000)
    # a2wsgi alone, joining value by value on the event loop, took 47 s here.
    assert time.perf_counter() - started < 3
    assert response.text == ",".join([VALUE] * 50_000)


async def test_repeated_headers_reach_flask_as_a2wsgi_joins_them(
    wsgi_backend: httpx.AsyncClient,
) -> None:
    headers = [("X-Dup", "a"), ("Accept", "b"), ("x_dup", "c"), ("X-Dup", "d")]
    response = await wsgi_backend.get("/", headers=headers)
    assert response.text == "a,c,d"
