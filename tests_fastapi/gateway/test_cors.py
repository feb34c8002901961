"""CORS is answered once, in the gateway, the same whichever stack serves (spec §7.3)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

import httpx
import pytest

ALLOWED = "https://app.example"
OTHER_ALLOWED = "https://admin.example"
DISALLOWED = "https://evil.example"
LISTED = {"cors_origins": f" {ALLOWED} , {OTHER_ALLOWED} "}
ACTUAL_HEADERS = {
    "access-control-allow-origin": ALLOWED,
    "vary": "Origin",
    "access-control-allow-credentials": "true",
    "access-control-expose-headers": "Content-Type",
}
PREFLIGHT_HEADERS = {
    **ACTUAL_HEADERS,
    "access-control-allow-methods": "GET, POST, PUT, DELETE, OPTIONS",
    "access-control-max-age": "3600",
}
StartGateway = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]


def cors_headers(response: httpx.Response) -> dict[str, str]:
    """The CORS headers of a response (and Vary), by lower-case name."""
    return {
        name: value
        for name, value in response.headers.items()
        if name.startswith("access-control-") or name == "vary"
    }


def preflight(method: str = "GET", headers: str | None = None, origin: str = ALLOWED) -> dict:
    request = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers is not None:
        request["Access-Control-Request-Headers"] = headers
    return request


@pytest.mark.parametrize("settings_overrides", [LISTED])
async def test_allowed_origin_is_echoed_with_credentials(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/health", headers={"Origin": ALLOWED})
    assert cors_headers(response) == ACTUAL_HEADERS


@pytest.mark.parametrize("settings_overrides", [LISTED])
async def test_second_listed_origin_is_allowed_too(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/health", headers={"Origin": OTHER_ALLOWED})
    assert response.headers["Access-Control-Allow-Origin"] == OTHER_ALLOWED


async def test_any_origin_is_echoed_when_star_is_configured(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/health", headers={"Origin": DISALLOWED})
    assert cors_headers(response) == {**ACTUAL_HEADERS, "access-control-allow-origin": DISALLOWED}


async def test_request_without_origin_gets_no_cors_headers(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/health")
    assert cors_headers(response) == {}


@pytest.mark.parametrize("settings_overrides", [LISTED])
async def test_disallowed_origin_gets_no_cors_headers(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/health", headers={"Origin": DISALLOWED})
    assert (response.status_code, cors_headers(response)) == (200, {})


@pytest.mark.parametrize("settings_overrides", [LISTED])
async def test_cors_headers_are_added_to_error_responses(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/auth/me", headers={"Origin": ALLOWED})
    assert (response.status_code, cors_headers(response)) == (401, ACTUAL_HEADERS)


@pytest.mark.parametrize("settings_overrides", [LISTED])
async def test_preflight_is_answered_without_auth(client: httpx.AsyncClient) -> None:
    response = await client.options("/api/auth/users", headers=preflight("GET", "Authorization"))
    assert (response.status_code, response.content) == (200, b"")


@pytest.mark.parametrize("settings_overrides", [LISTED])
async def test_preflight_carries_methods_and_max_age(client: httpx.AsyncClient) -> None:
    response = await client.options("/api/auth/register", headers=preflight("POST"))
    assert cors_headers(response) == PREFLIGHT_HEADERS


@pytest.mark.parametrize("settings_overrides", [LISTED])
async def test_preflight_allows_only_content_type_and_authorization_of_those_requested(
    client: httpx.AsyncClient,
) -> None:
    response = await client.options(
        "/api/auth/register",
        headers=preflight("POST", "Content-Type, X-Custom, Authorization, X-Other"),
    )
    assert response.headers["Access-Control-Allow-Headers"] == "Content-Type, Authorization"


@pytest.mark.parametrize("settings_overrides", [LISTED])
async def test_preflight_allows_only_the_requested_headers(client: httpx.AsyncClient) -> None:
    response = await client.options("/api/auth/register", headers=preflight("POST", "content-type"))
    assert response.headers["Access-Control-Allow-Headers"] == "content-type"


@pytest.mark.parametrize("settings_overrides", [LISTED])
async def test_preflight_requesting_only_other_headers_allows_none(
    client: httpx.AsyncClient,
) -> None:
    response = await client.options("/api/auth/register", headers=preflight("POST", "X-Custom"))
    assert "Access-Control-Allow-Headers" not in response.headers


@pytest.mark.parametrize("settings_overrides", [LISTED])
async def test_preflight_from_a_disallowed_origin_is_answered_without_cors_headers(
    client: httpx.AsyncClient,
) -> None:
    response = await client.options(
        "/api/auth/me", headers=preflight("GET", "Authorization", origin=DISALLOWED)
    )
    assert (response.status_code, cors_headers(response)) == (200, {})


@pytest.mark.parametrize("settings_overrides", [LISTED])
async def test_plain_options_from_an_allowed_origin_is_not_a_preflight(
    client: httpx.AsyncClient,
) -> None:
    response = await client.options("/api/auth/me", headers={"Origin": ALLOWED})
    assert (response.status_code, cors_headers(response)) == (200, ACTUAL_HEADERS)


@pytest.mark.parametrize("settings_overrides", [LISTED])
async def test_v2_paths_get_cors_headers(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v2/health", headers={"Origin": ALLOWED})
    assert cors_headers(response) == ACTUAL_HEADERS


@pytest.mark.parametrize("settings_overrides", [LISTED])
async def test_v2_preflight_is_answered_with_cors_headers(client: httpx.AsyncClient) -> None:
    response = await client.options("/api/v2/auth/me", headers=preflight("GET", "Authorization"))
    assert (response.status_code, cors_headers(response)) == (
        200,
        {**PREFLIGHT_HEADERS, "access-control-allow-headers": "Authorization"},
    )


@pytest.mark.parametrize("settings_overrides", [LISTED])
async def test_paths_outside_the_api_get_no_cors_headers(client: httpx.AsyncClient) -> None:
    response = await client.get("/openapi.json", headers={"Origin": ALLOWED})
    assert cors_headers(response) == {}


REQUESTS = [
    ("GET", "/api/health", {"Origin": ALLOWED}),
    ("GET", "/api/auth/me", {"Origin": ALLOWED}),
    ("GET", "/api/auth/me", {"Origin": DISALLOWED}),
    ("OPTIONS", "/api/auth/me", preflight("GET", "Authorization, X-Custom")),
    ("OPTIONS", "/api/auth/me", preflight("GET", "Authorization", origin=DISALLOWED)),
    ("POST", "/api/auth/login", {"Origin": ALLOWED, "Content-Type": "application/json"}),
    ("OPTIONS", "/api/auth/login", preflight("POST", "Content-Type")),
    ("HEAD", "/api/health", {"Origin": ALLOWED}),
]


@pytest.mark.parametrize(("method", "path", "headers"), REQUESTS)
async def test_cors_answer_is_the_same_whichever_stack_serves_the_endpoint(
    start_gateway: StartGateway, method: str, path: str, headers: dict[str, str]
) -> None:
    answers, served = {}, set()
    for stack in ("flask", "fastapi"):
        async with start_gateway(cutover_default=stack, **LISTED) as client:
            response = await client.request(method, path, headers=headers)
            answers[stack] = (response.status_code, cors_headers(response))
            served.add(response.headers["X-Served-By"])
    # OPTIONS is no endpoint of its own: Flask answers it for both flags.
    assert served == ({"flask"} if method == "OPTIONS" else {"flask", "fastapi"})
    assert answers["fastapi"] == answers["flask"]
