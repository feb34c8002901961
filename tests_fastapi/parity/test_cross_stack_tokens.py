"""Tokens minted by one stack work on the other, through the gateway (spec §2.1, DESIGN §6).

Mid-migration, login may be served by one stack and the endpoints that use its tokens by the
other. Each test logs in on `issuer` (cutover.toml names login and GET /auth/users/<id>) and uses
the tokens on the other stack, CUTOVER_DEFAULT for everything else; `/api/v2` is always FastAPI.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests_support.kit.case import ANY_TOKEN
from tests_support.kit.contract import ACCESS_ONLY, REFRESH_ONLY
from tests_support.kit.scenario import WORLD_USER_COUNT
from tests_support.kit.worlds.base import PASSWORD

OTHER = {"flask": "fastapi", "fastapi": "flask"}
LOGIN = "POST /api/auth/login"
GET_USER = "GET /api/auth/users/<user_id>"
ALICE = {"username": "alice", "password": PASSWORD}
ADMIN = {"username": "admin", "password": "admin123"}


@pytest.fixture(params=["flask", "fastapi"])
def issuer(request: pytest.FixtureRequest) -> str:
    """The stack that logs users in."""
    return str(request.param)


@pytest.fixture
def stack(issuer: str) -> str:
    """Every other endpoint goes to the other stack."""
    return OTHER[issuer]


@pytest.fixture
def cutover(issuer: str) -> dict[str, str]:
    """Login, and reading a user, stay on the issuer."""
    return {LOGIN: issuer, GET_USER: issuer}


async def call(
    client: httpx.AsyncClient, request: str, on: str, token: str | None = None, **json: Any
) -> tuple[int, Any]:
    """Send `METHOD /path` (with a bearer token, a JSON body); require `on` served it."""
    method, path = request.split(" ", 1)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await client.request(method, path, headers=headers, json=json or None)
    assert response.headers["x-served-by"] == on, f"{request} went to the wrong stack"
    return response.status_code, response.json()


async def log_in(client: httpx.AsyncClient, on: str, path: str = "/api", **credentials: str) -> Any:
    status, body = await call(client, f"POST {path}/auth/login", on, **(credentials or ALICE))
    assert status == 200, body
    return body


async def test_access_token_opens_me_on_the_other_stack(
    client: httpx.AsyncClient, issuer: str, stack: str
) -> None:
    tokens = await log_in(client, issuer)
    me = await call(client, "GET /api/auth/me", stack, tokens["access_token"])
    assert me == (200, {"user": tokens["user"]})


async def test_refresh_token_refreshes_on_the_other_stack_and_back(
    client: httpx.AsyncClient, issuer: str, stack: str
) -> None:
    tokens = await log_in(client, issuer)
    status, refreshed = await call(client, "POST /api/auth/refresh", stack, tokens["refresh_token"])
    assert (status, refreshed) == (200, {"access_token": ANY_TOKEN})
    user = f"GET /api/auth/users/{tokens['user']['id']}"
    assert await call(client, user, issuer, refreshed["access_token"]) == (
        200,
        {"user": tokens["user"]},
    )


async def test_each_token_kind_is_refused_where_the_other_is_required(
    client: httpx.AsyncClient, issuer: str, stack: str
) -> None:
    tokens = await log_in(client, issuer)
    me = await call(client, "GET /api/auth/me", stack, tokens["refresh_token"])
    refresh = await call(client, "POST /api/auth/refresh", stack, tokens["access_token"])
    assert (me, refresh) == ((422, ACCESS_ONLY), (422, REFRESH_ONLY))


async def test_admin_token_passes_the_role_check_on_the_other_stack(
    client: httpx.AsyncClient, issuer: str, stack: str
) -> None:
    tokens = await log_in(client, issuer, **ADMIN)
    status, body = await call(client, "GET /api/auth/users", stack, tokens["access_token"])
    assert (status, body["count"]) == (200, WORLD_USER_COUNT)


async def test_tokens_work_between_the_legacy_paths_and_v2(
    client: httpx.AsyncClient, issuer: str, stack: str
) -> None:
    legacy = await log_in(client, issuer)
    v2 = await log_in(client, "fastapi", path="/api/v2")
    on_v2 = await call(client, "GET /api/v2/auth/me", "fastapi", legacy["access_token"])
    on_legacy = await call(client, "GET /api/auth/me", stack, v2["access_token"])
    assert (on_v2, on_legacy) == ((200, {"user": legacy["user"]}), (200, {"user": v2["user"]}))
