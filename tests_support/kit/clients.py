"""Each stack's client behind one interface: send an `HttpRequest`, get a `Reply`.

Flask's test client is synchronous and httpx's ASGI client is not; the case tables only need
`send`, so both suites replay the same tables through these adapters. Every reply the FastAPI stack
gives through `asgi_sender` is also checked against its OpenAPI documentation (`kit.documented`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import httpx
from flask.testing import FlaskClient
from starlette.types import ASGIApp

from tests_support.kit.case import Case, HttpRequest, Reply
from tests_support.kit.documented import reply_check
from tests_support.kit.lifespans import lifespan

Send = Callable[[HttpRequest], Reply]
Replay = Callable[[Case], None]  # replays a case on the app under test (the `replay` fixture)
AsyncSend = Callable[[HttpRequest], Awaitable[Reply]]


def flask_sender(client: FlaskClient) -> Send:
    """Return a function that sends a request through Flask's test client."""

    def send(request: HttpRequest) -> Reply:
        response = client.open(
            request.path, method=request.method, headers=request.headers, data=request.body
        )
        headers = {name.lower(): value for name, value in response.headers.items()}
        return Reply(response.status_code, headers, response.get_data())

    return send


class AppClient(httpx.AsyncClient):
    """An httpx client of one running ASGI app, which it names for the checks of its replies."""

    def __init__(self, app: ASGIApp, running: ASGIApp) -> None:
        super().__init__(transport=httpx.ASGITransport(app=running), base_url="http://testserver")
        self.app = app


def asgi_sender(client: httpx.AsyncClient) -> AsyncSend:
    """Return a function that sends a request through a client of `serve`, checking each reply.

    A reply of the FastAPI stack must match what the OpenAPI document shows for its operation and
    status (`kit.documented`), so `/docs` cannot drift from what the case tables pin down.
    """
    # Only `serve` knows the app behind a client; a client from elsewhere would skip the check.
    assert isinstance(client, AppClient), "asgi_sender needs a client of `serve`"
    check = reply_check(client.app)

    async def send(request: HttpRequest) -> Reply:
        response = await client.request(
            request.method, request.path, headers=request.headers, content=request.body
        )
        headers = {name.lower(): value for name, value in response.headers.items()}
        reply = Reply(response.status_code, headers, response.content)
        check(request, reply)
        return reply

    return send


@asynccontextmanager
async def serve(app: ASGIApp) -> AsyncIterator[httpx.AsyncClient]:
    """Run an ASGI app's lifespan (FastAPI's, or the whole gateway's) and yield a client of it."""
    async with lifespan(app) as manager, AppClient(app, manager.app) as client:
        yield client
