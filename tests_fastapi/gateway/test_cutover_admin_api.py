"""The gateway's admin API (`/_gateway/api/`): flips served at once, authorisation, audit rows.

The whole service runs in-process on a database holding the default admin and the world users
(a user and a viewer); tokens come from `/api/auth/login`, as an operator's would.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from cronjobs.settings import Settings
from cronjobs.storage.engines import sync_url
from tests_support.kit.worlds.base import PASSWORD, WORLD_USERS, prepare_world

HEALTH = "/_gateway/api/endpoints/GET /api/health"
LogIn = Callable[[str, str], Awaitable[dict[str, str]]]  # the suite's `log_in` fixture


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The gateway suite's settings, on a database that already holds the world users."""
    prepare_world(settings.database_url)
    return settings


async def served_by(client: httpx.AsyncClient) -> str:
    """Return the stack that answered `GET /api/health`."""
    return (await client.get("/api/health")).headers["x-served-by"]


async def put(client: httpx.AsyncClient, headers: dict[str, str], body: Any) -> httpx.Response:
    """PUT a setting for `GET /api/health`."""
    return await client.put(HEALTH, json=body, headers=headers)


async def listed_health(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, Any]:
    """Return `GET /api/health` as the endpoint list shows it."""
    listed = (await client.get("/_gateway/api/endpoints", headers=headers)).json()
    return next(entry for entry in listed if entry["key"] == "GET /api/health")


async def test_an_override_set_through_the_api_is_served_by_fastapi_at_once(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    assert await served_by(client) == "flask"
    await put(client, admin, {"mode": "fastapi", "reason": "try it"})
    assert await served_by(client) == "fastapi"


@pytest.mark.parametrize("cutover", [{"GET /api/health": "fastapi"}])
async def test_unset_through_the_api_returns_to_the_files_mode(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    await put(client, admin, {"mode": "flask"})
    assert await served_by(client) == "flask"
    await client.delete(HEALTH, headers=admin)
    assert await served_by(client) == "fastapi"


async def test_a_shadowed_read_is_served_by_flask_and_its_comparison_listed(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    assert (await put(client, admin, {"mode": "shadow"})).status_code == 200
    assert await served_by(client) == "flask"
    for _ in range(100):  # the comparison is recorded once FastAPI has answered, in the background
        shadow = (await listed_health(client, admin))["shadow"]
        if shadow["match"] + shadow["mismatch"]:
            break
        await asyncio.sleep(0.05)
    assert (shadow["match"], shadow["mismatch"], shadow["match_rate"]) == (1, 0, 1.0)


async def test_the_shadow_mismatch_list_refuses_a_request_without_a_token(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/_gateway/api/shadow/mismatches")
    assert response.status_code == 401


@pytest.mark.parametrize(("percent", "stack"), [(100, "fastapi"), (0, "flask")])
async def test_canary_at_all_or_none_of_the_callers_is_served_by_one_stack(
    client: httpx.AsyncClient, admin: dict[str, str], percent: int, stack: str
) -> None:
    assert (await put(client, admin, {"mode": "canary", "percent": percent})).status_code == 200
    assert await served_by(client) == stack


async def test_the_endpoint_list_shows_an_override_with_its_last_change(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    await put(client, admin, {"mode": "canary", "percent": 30, "reason": "ten users"})
    health = await listed_health(client, admin)
    assert (health["mode"], health["percent"], health["source"], health["implemented_in"]) == (
        "canary",
        30,
        "override",
        ["flask", "fastapi"],
    )
    assert (health["last_change"]["by"], health["last_change"]["reason"]) == ("admin", "ten users")


async def test_the_endpoint_list_shows_a_canary_group(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    await put(client, admin, {"mode": "canary", "percent": 30, "group": "* /api/h*"})
    health = await listed_health(client, admin)
    assert (health["mode"], health["percent"], health["group"]) == ("canary", 30, "* /api/h*")


async def test_history_names_the_admin_and_the_api_as_source(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    await put(client, admin, {"mode": "fastapi"})
    history = await client.get("/_gateway/api/history?key=GET /api/health", headers=admin)
    assert [(row["by"], row["source"], row["to"]["mode"]) for row in history.json()] == [
        ("admin", "api", "fastapi")
    ]


async def test_a_request_without_a_token_is_refused_with_401(client: httpx.AsyncClient) -> None:
    response = await put(client, {}, {"mode": "fastapi"})
    assert (response.status_code, response.json()) == (
        401,
        {"error": "Missing Authorization Header"},
    )


async def test_a_forged_token_is_refused_with_401(client: httpx.AsyncClient) -> None:
    response = await put(client, {"Authorization": "Bearer not.a.jwt"}, {"mode": "fastapi"})
    assert response.status_code == 401


@pytest.mark.parametrize("role", ["viewer", "user"])
async def test_a_non_admin_is_refused_with_403(
    client: httpx.AsyncClient, log_in: LogIn, role: str
) -> None:
    username, _ = WORLD_USERS[role]
    response = await put(client, await log_in(username, PASSWORD), {"mode": "fastapi"})
    assert (response.status_code, response.json()) == (
        403,
        {"error": "This endpoint requires one of the following roles: admin"},
    )


async def test_only_the_admins_change_is_audited(
    client: httpx.AsyncClient, log_in: LogIn, admin: dict[str, str]
) -> None:
    for role in ("viewer", "user"):
        username, _ = WORLD_USERS[role]
        await put(client, await log_in(username, PASSWORD), {"mode": "fastapi"})
    await put(client, {}, {"mode": "fastapi"})
    assert (await put(client, admin, {"mode": "fastapi"})).status_code == 200
    history = (await client.get("/_gateway/api/history", headers=admin)).json()
    assert [row["by"] for row in history] == ["admin"]


async def test_an_unknown_endpoint_is_404(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    response = await client.put(
        "/_gateway/api/endpoints/GET /api/nope", json={"mode": "fastapi"}, headers=admin
    )
    assert (response.status_code, response.json()) == (
        404,
        {"error": "'GET /api/nope' is not an endpoint of the legacy app"},
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"mode": "django"}, "unknown mode 'django'"),
        ({"mode": "canary", "percent": 101}, "canary needs a percentage from 0 to 100"),
        ({"mode": "fastapi", "percent": 5}, "only canary takes a percentage"),
        ({"mode": "fastapi", "reason": "a\x00b"}, "must not contain NUL characters"),
        ({"mode": "fastapi", "reason": "x" * 1001}, "at most 1000 characters"),
    ],
)
async def test_a_setting_the_endpoint_cannot_take_is_400(
    client: httpx.AsyncClient, admin: dict[str, str], body: dict[str, Any], message: str
) -> None:
    response = await put(client, admin, body)
    assert response.status_code == 400
    assert message in response.json()["error"]


@pytest.mark.parametrize("body", [["fastapi"], {"mode": "fastapi", "reason": 7}])
async def test_a_malformed_body_is_422(
    client: httpx.AsyncClient, admin: dict[str, str], body: Any
) -> None:
    assert (await put(client, admin, body)).status_code == 422


async def test_an_unknown_admin_path_is_a_json_404(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    response = await client.get("/_gateway/api/nothing-here", headers=admin)
    assert (response.status_code, response.json()) == (404, {"error": "Not Found"})


async def test_a_store_that_cannot_write_answers_503_and_changes_nothing(
    client: httpx.AsyncClient, admin: dict[str, str], settings: Settings
) -> None:
    engine = create_engine(sync_url(settings.database_url))
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE cutover_audit"))  # a real failure, mid-transaction
    engine.dispose()
    response = await put(client, admin, {"mode": "fastapi", "reason": "try it"})
    assert response.status_code == 503
    assert "nothing was changed" in response.json()["error"]
    assert await served_by(client) == "flask"
