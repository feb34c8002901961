"""Both stacks writing one SQLite file at once: writes queue instead of "database is locked"."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from sqlalchemy import create_engine, func, select

from cronjobs.main import create_app
from cronjobs.models import User
from cronjobs.settings import Settings

WRITERS = 24


@pytest.fixture
async def gateway_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the whole gateway; `/api` goes to Flask, `/api/v2` to FastAPI."""
    async with LifespanManager(create_app(settings)) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client


async def _admin_headers(client: httpx.AsyncClient) -> dict[str, str]:
    response = await client.post(
        "/api/auth/login", json={"username": "admin", "password": "admin123"}
    )
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def test_concurrent_registrations_through_both_stacks_all_succeed(
    gateway_client: httpx.AsyncClient, settings: Settings
) -> None:
    headers = await _admin_headers(gateway_client)

    async def register(number: int) -> httpx.Response:
        prefix = "/api" if number % 2 else "/api/v2"
        body = {"username": f"writer{number}", "email": f"w{number}@x.io", "password": "secret1"}
        return await gateway_client.post(f"{prefix}/auth/register", json=body, headers=headers)

    responses = await asyncio.gather(*(register(number) for number in range(WRITERS)))

    assert [response.status_code for response in responses] == [201] * WRITERS
    assert {response.headers["x-served-by"] for response in responses} == {"flask", "fastapi"}
    engine = create_engine(settings.database_url)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(User)) == WRITERS + 1
    engine.dispose()


async def test_concurrent_first_reads_that_create_rows_all_succeed(
    gateway_client: httpx.AsyncClient,
) -> None:
    headers = await _admin_headers(gateway_client)
    me = (await gateway_client.get("/api/auth/me", headers=headers)).json()["user"]["id"]

    async def read_preferences(number: int) -> httpx.Response:
        prefix = "/api" if number % 2 else "/api/v2"
        path = f"{prefix}/auth/users/{me}/preferences"
        if number % 3 == 0:
            return await gateway_client.put(path, json={"daily_digest": True}, headers=headers)
        return await gateway_client.get(path, headers=headers)

    responses = await asyncio.gather(*(read_preferences(number) for number in range(WRITERS)))

    assert {response.status_code for response in responses} == {200}
