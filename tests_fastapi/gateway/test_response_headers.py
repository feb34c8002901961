"""Headers the gateway puts on every response: `X-Served-By` and `X-Request-ID` (DESIGN §3, §4)."""

from __future__ import annotations

import re

import httpx
import pytest

REQUESTS = [
    ("GET", "/api/health", {}),
    ("HEAD", "/api/health", {}),
    ("GET", "/api/auth/me", {}),
    ("GET", "/api/auth/me", {"Authorization": "Bearer not-a-token"}),
    ("POST", "/api/auth/login", {"Content-Type": "text/plain"}),
    ("GET", "/api/nope", {}),
    ("POST", "/api/health", {}),
    ("OPTIONS", "/api/auth/me", {}),
    (
        "OPTIONS",
        "/api/auth/me",
        {"Origin": "https://a.example", "Access-Control-Request-Method": "GET"},
    ),
    ("GET", "/api/v2/health", {}),
    ("GET", "/api/v2/nope", {}),
    ("OPTIONS", "/api/v2/auth/me", {}),
    ("GET", "/docs", {}),
    ("GET", "/openapi.json", {}),
    ("GET", "/", {}),
]
GENERATED_ID = re.compile(r"^[0-9a-f]{32}$")


@pytest.mark.parametrize(
    "settings_overrides", [{}, {"cutover_default": "fastapi"}], ids=["flask", "fastapi"]
)
@pytest.mark.parametrize(("method", "path", "headers"), REQUESTS)
async def test_every_response_says_which_stack_served_it(
    client: httpx.AsyncClient, method: str, path: str, headers: dict[str, str]
) -> None:
    response = await client.request(method, path, headers=headers)
    assert response.headers.get_list("X-Served-By") in (["flask"], ["fastapi"])


@pytest.mark.parametrize(
    "settings_overrides", [{}, {"cutover_default": "fastapi"}], ids=["flask", "fastapi"]
)
@pytest.mark.parametrize(("method", "path", "headers"), REQUESTS)
async def test_every_response_carries_a_request_id(
    client: httpx.AsyncClient, method: str, path: str, headers: dict[str, str]
) -> None:
    response = await client.request(method, path, headers=headers)
    assert GENERATED_ID.match(response.headers["X-Request-ID"])


async def test_request_id_is_generated_when_the_caller_sends_none(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/api/health")
    assert GENERATED_ID.match(response.headers["X-Request-ID"])


async def test_generated_request_ids_differ_between_requests(client: httpx.AsyncClient) -> None:
    ids = {(await client.get("/api/health")).headers["X-Request-ID"] for _ in range(5)}
    assert len(ids) == 5


@pytest.mark.parametrize(
    "settings_overrides", [{}, {"cutover_default": "fastapi"}], ids=["flask", "fastapi"]
)
@pytest.mark.parametrize("request_id", ["abc-123", "trace:1.2_3", "A" * 128])
async def test_well_formed_request_id_is_echoed(client: httpx.AsyncClient, request_id: str) -> None:
    response = await client.get("/api/health", headers={"X-Request-ID": request_id})
    assert response.headers.get_list("X-Request-ID") == [request_id]


@pytest.mark.parametrize("request_id", ["has space", "semi;colon", "A" * 129, "", "<script>"])
async def test_malformed_request_id_is_replaced(client: httpx.AsyncClient, request_id: str) -> None:
    response = await client.get("/api/health", headers={"X-Request-ID": request_id})
    assert GENERATED_ID.match(response.headers["X-Request-ID"])
