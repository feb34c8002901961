"""Each stack's client behind one interface: send an `HttpRequest`, get a `Reply`.

Flask's test client is synchronous and httpx's ASGI client is not; the case tables only need
`send`, so both suites replay the same tables through these adapters.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import httpx
from asgi_lifespan import LifespanManager
from flask.testing import FlaskClient
from starlette.types import ASGIApp

from tests_support.kit.case import Case, HttpRequest, Reply

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


def asgi_sender(client: httpx.AsyncClient) -> AsyncSend:
    """Return a function that sends a request through an httpx client."""

    async def send(request: HttpRequest) -> Reply:
        response = await client.request(
            request.method, request.path, headers=request.headers, content=request.body
        )
        headers = {name.lower(): value for name, value in response.headers.items()}
        return Reply(response.status_code, headers, response.content)

    return send


@asynccontextmanager
async def serve(app: ASGIApp) -> AsyncIterator[httpx.AsyncClient]:
    """Run an ASGI app's lifespan (FastAPI's, or the whole gateway's) and yield a client of it."""
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client
