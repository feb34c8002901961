"""Tokens minted by one stack work on the other (spec §2.1), both apps on one database.

Each test logs in as the default admin on one stack with a real request and uses the access or
refresh token on the other.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from flask.testing import FlaskClient

from cronjobs.legacy import create_app as create_flask_app
from cronjobs.legacy.database import EXTENSION_KEY
from cronjobs.settings import Settings
from tests_support.cases import ANY_TOKEN

ADMIN = {"username": "admin", "password": "admin123"}


@pytest.fixture
def flask_client(settings: Settings) -> Iterator[FlaskClient]:
    """A Flask app on the same database as the FastAPI `client`."""
    app = create_flask_app(settings)
    yield app.test_client()
    app.extensions[EXTENSION_KEY].engine.dispose()


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _flask_tokens(flask_client: FlaskClient) -> dict[str, Any]:
    response = flask_client.post("/api/auth/login", json=ADMIN)
    assert response.status_code == 200
    return dict(response.get_json())


async def _fastapi_tokens(client: httpx.AsyncClient, prefix: str) -> dict[str, Any]:
    response = await client.post(f"{prefix}/auth/login", json=ADMIN)
    assert response.status_code == 200
    return dict(response.json())


async def test_flask_access_token_works_on_fastapi(
    flask_client: FlaskClient, client: httpx.AsyncClient, prefix: str
) -> None:
    tokens = _flask_tokens(flask_client)
    response = await client.get(f"{prefix}/auth/me", headers=_bearer(tokens["access_token"]))
    assert (response.status_code, response.json()) == (200, {"user": tokens["user"]})


async def test_flask_refresh_token_refreshes_on_fastapi(
    flask_client: FlaskClient, client: httpx.AsyncClient, prefix: str
) -> None:
    tokens = _flask_tokens(flask_client)
    response = await client.post(f"{prefix}/auth/refresh", headers=_bearer(tokens["refresh_token"]))
    assert (response.status_code, response.json()) == (200, {"access_token": ANY_TOKEN})


async def test_fastapi_access_token_works_on_flask(
    flask_client: FlaskClient, client: httpx.AsyncClient, prefix: str
) -> None:
    tokens = await _fastapi_tokens(client, prefix)
    response = flask_client.get("/api/auth/me", headers=_bearer(tokens["access_token"]))
    assert (response.status_code, response.get_json()) == (200, {"user": tokens["user"]})


async def test_fastapi_refresh_token_refreshes_on_flask(
    flask_client: FlaskClient, client: httpx.AsyncClient, prefix: str
) -> None:
    tokens = await _fastapi_tokens(client, prefix)
    response = flask_client.post("/api/auth/refresh", headers=_bearer(tokens["refresh_token"]))
    assert (response.status_code, response.get_json()) == (200, {"access_token": ANY_TOKEN})


async def test_access_token_refreshed_on_fastapi_works_on_flask(
    flask_client: FlaskClient, client: httpx.AsyncClient, prefix: str
) -> None:
    tokens = _flask_tokens(flask_client)
    refreshed = await client.post(
        f"{prefix}/auth/refresh", headers=_bearer(tokens["refresh_token"])
    )
    response = flask_client.get("/api/auth/me", headers=_bearer(refreshed.json()["access_token"]))
    assert (response.status_code, response.get_json()) == (200, {"user": tokens["user"]})


async def test_access_token_refreshed_on_flask_works_on_fastapi(
    flask_client: FlaskClient, client: httpx.AsyncClient, prefix: str
) -> None:
    tokens = await _fastapi_tokens(client, prefix)
    refreshed = flask_client.post("/api/auth/refresh", headers=_bearer(tokens["refresh_token"]))
    response = await client.get(
        f"{prefix}/auth/me", headers=_bearer(refreshed.get_json()["access_token"])
    )
    assert (response.status_code, response.json()) == (200, {"user": tokens["user"]})
