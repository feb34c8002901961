"""Tokens minted by one stack work on the other, through the gateway (spec §2.1, DESIGN §6).

Each test sends login to one stack and the endpoint that uses its token to the other, with
per-endpoint modes in cutover.toml.
"""

from __future__ import annotations

import httpx
import pytest

from tests_fastapi.parity.support import Person

LOGIN = "POST /api/auth/login"
REFRESH = "POST /api/auth/refresh"
ME = "GET /api/auth/me"


@pytest.fixture
def stack() -> str:
    """Endpoints cutover.toml does not name stay on Flask."""
    return "flask"


async def call(
    client: httpx.AsyncClient,
    key: str,
    expected_stack: str,
    token: str | None = None,
    json: dict[str, str] | None = None,
) -> httpx.Response:
    """Send the request of an endpoint key and check which stack served it."""
    method, path = key.split(" ", 1)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await client.request(method, path, headers=headers, json=json)
    assert response.headers["X-Served-By"] == expected_stack, f"{key} went to the wrong stack"
    return response


async def log_in(client: httpx.AsyncClient, person: Person, on: str) -> tuple[str, str]:
    response = await call(
        client, LOGIN, on, json={"username": person.username, "password": person.password}
    )
    assert response.status_code == 200, response.text
    return response.json()["access_token"], response.json()["refresh_token"]


@pytest.mark.parametrize("cutover", [{LOGIN: "flask", ME: "fastapi"}])
async def test_access_token_from_flask_opens_me_on_fastapi(
    client: httpx.AsyncClient, alice: Person
) -> None:
    access, _ = await log_in(client, alice, on="flask")
    response = await call(client, ME, "fastapi", access)
    assert (response.status_code, response.json()) == (200, {"user": alice.json()})


@pytest.mark.parametrize("cutover", [{LOGIN: "fastapi", ME: "flask"}])
async def test_access_token_from_fastapi_opens_me_on_flask(
    client: httpx.AsyncClient, alice: Person
) -> None:
    access, _ = await log_in(client, alice, on="fastapi")
    response = await call(client, ME, "flask", access)
    assert (response.status_code, response.json()) == (200, {"user": alice.json()})


@pytest.mark.parametrize("cutover", [{LOGIN: "flask", REFRESH: "fastapi"}])
async def test_refresh_token_from_flask_refreshes_on_fastapi(
    client: httpx.AsyncClient, alice: Person
) -> None:
    _, refresh = await log_in(client, alice, on="flask")
    response = await call(client, REFRESH, "fastapi", refresh)
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("cutover", [{LOGIN: "fastapi", REFRESH: "flask"}])
async def test_refresh_token_from_fastapi_refreshes_on_flask(
    client: httpx.AsyncClient, alice: Person
) -> None:
    _, refresh = await log_in(client, alice, on="fastapi")
    response = await call(client, REFRESH, "flask", refresh)
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("cutover", [{LOGIN: "flask", REFRESH: "fastapi", ME: "flask"}])
async def test_access_token_refreshed_on_fastapi_opens_me_on_flask(
    client: httpx.AsyncClient, alice: Person
) -> None:
    _, refresh = await log_in(client, alice, on="flask")
    access = (await call(client, REFRESH, "fastapi", refresh)).json()["access_token"]
    response = await call(client, ME, "flask", access)
    assert (response.status_code, response.json()) == (200, {"user": alice.json()})


@pytest.mark.parametrize("cutover", [{LOGIN: "fastapi", REFRESH: "flask", ME: "fastapi"}])
async def test_access_token_refreshed_on_flask_opens_me_on_fastapi(
    client: httpx.AsyncClient, alice: Person
) -> None:
    _, refresh = await log_in(client, alice, on="fastapi")
    access = (await call(client, REFRESH, "flask", refresh)).json()["access_token"]
    response = await call(client, ME, "fastapi", access)
    assert (response.status_code, response.json()) == (200, {"user": alice.json()})


@pytest.mark.parametrize("cutover", [{LOGIN: "flask", ME: "fastapi"}])
async def test_refresh_token_from_flask_is_refused_on_fastapi_me(
    client: httpx.AsyncClient, alice: Person
) -> None:
    _, refresh = await log_in(client, alice, on="flask")
    response = await call(client, ME, "fastapi", refresh)
    assert (response.status_code, response.json()) == (
        422,
        {"msg": "Only non-refresh tokens are allowed"},
    )


@pytest.mark.parametrize("cutover", [{LOGIN: "fastapi", REFRESH: "flask"}])
async def test_access_token_from_fastapi_is_refused_on_flask_refresh(
    client: httpx.AsyncClient, alice: Person
) -> None:
    access, _ = await log_in(client, alice, on="fastapi")
    response = await call(client, REFRESH, "flask", access)
    assert (response.status_code, response.json()) == (
        422,
        {"msg": "Only refresh tokens are allowed"},
    )


@pytest.mark.parametrize(
    "cutover",
    [
        {LOGIN: "flask", "GET /api/auth/users": "fastapi"},
        {LOGIN: "fastapi", "GET /api/auth/users": "flask"},
    ],
    ids=["flask-token-on-fastapi", "fastapi-token-on-flask"],
)
async def test_admin_token_passes_the_role_check_on_the_other_stack(
    client: httpx.AsyncClient, cutover: dict[str, str], admin: Person
) -> None:
    access, _ = await log_in(client, admin, on=cutover[LOGIN])
    other = cutover["GET /api/auth/users"]
    response = await call(client, "GET /api/auth/users", other, access)
    assert (response.status_code, response.json()["count"]) == (200, 1)
