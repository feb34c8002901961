"""The gateway sends each legacy endpoint to the stack its flag names (DESIGN §3, §4)."""

from __future__ import annotations

import re

import httpx
import pytest

from cronjobs.main import plan_for
from cronjobs.settings import Settings

NOT_FOUND = {"error": "Not found", "message": "The requested URL was not found on the server."}
METHOD_NOT_ALLOWED = {
    "error": "Method not allowed",
    "message": "The method is not allowed for the requested URL.",
}


def _legacy_endpoints() -> dict[str, bool]:
    """Every endpoint key of the Flask app, and whether FastAPI implements it."""
    plan = plan_for(Settings(_env_file=None, database_url="sqlite://", testing=True))
    return {key: endpoint.implemented for key, endpoint in plan.endpoints.items()}


ENDPOINTS = _legacy_endpoints()
ALL_KEYS = sorted(ENDPOINTS)
IMPLEMENTED_KEYS = sorted(key for key, implemented in ENDPOINTS.items() if implemented)
GET_KEYS = sorted(key for key in IMPLEMENTED_KEYS if key.startswith("GET "))


def request_line(key: str) -> tuple[str, str]:
    """Turn an endpoint key into a request: `GET /api/x/<id>` → ("GET", "/api/x/sample-id")."""
    method, rule = key.split(" ", 1)
    return method, re.sub(r"<[^>]+>", "sample-id", rule)


async def served_by(client: httpx.AsyncClient, method: str, path: str) -> str:
    response = await client.request(method, path)
    return response.headers["X-Served-By"]


def test_the_flask_app_has_endpoints_fastapi_implements() -> None:
    assert IMPLEMENTED_KEYS, "no endpoint is implemented by both stacks"


@pytest.mark.parametrize("key", ALL_KEYS)
async def test_endpoint_without_a_flag_is_served_by_flask(
    client: httpx.AsyncClient, key: str
) -> None:
    assert await served_by(client, *request_line(key)) == "flask"


@pytest.mark.parametrize(("key", "cutover"), [(k, {k: "fastapi"}) for k in IMPLEMENTED_KEYS])
async def test_endpoint_flagged_fastapi_is_served_by_fastapi(
    client: httpx.AsyncClient, key: str
) -> None:
    assert await served_by(client, *request_line(key)) == "fastapi"


@pytest.mark.parametrize(("key", "cutover"), [(k, {k: "fastapi"}) for k in IMPLEMENTED_KEYS])
async def test_flagging_one_endpoint_leaves_the_others_on_flask(
    client: httpx.AsyncClient, key: str
) -> None:
    others = {other: await served_by(client, *request_line(other)) for other in ALL_KEYS}
    del others[key]
    assert set(others.values()) == {"flask"}


@pytest.mark.parametrize("settings_overrides", [{"cutover_default": "fastapi"}])
@pytest.mark.parametrize("key", IMPLEMENTED_KEYS)
async def test_fastapi_default_sends_every_implemented_endpoint_to_fastapi(
    client: httpx.AsyncClient, key: str
) -> None:
    assert await served_by(client, *request_line(key)) == "fastapi"


@pytest.mark.parametrize("settings_overrides", [{"cutover_default": "fastapi"}])
@pytest.mark.parametrize(("key", "cutover"), [(k, {k: "flask"}) for k in IMPLEMENTED_KEYS])
async def test_endpoint_flagged_flask_stays_on_flask_under_a_fastapi_default(
    client: httpx.AsyncClient, key: str
) -> None:
    assert await served_by(client, *request_line(key)) == "flask"


@pytest.mark.parametrize(("key", "cutover"), [(k, {k: "fastapi"}) for k in GET_KEYS])
async def test_head_follows_get_to_fastapi(client: httpx.AsyncClient, key: str) -> None:
    _, path = request_line(key)
    assert await served_by(client, "HEAD", path) == "fastapi"


@pytest.mark.parametrize("settings_overrides", [{"cutover_default": "fastapi"}])
@pytest.mark.parametrize(("key", "cutover"), [(k, {k: "flask"}) for k in GET_KEYS])
async def test_head_follows_get_to_flask(client: httpx.AsyncClient, key: str) -> None:
    _, path = request_line(key)
    assert await served_by(client, "HEAD", path) == "flask"


@pytest.mark.parametrize("cutover", [{"GET /api/health": "fastapi"}])
async def test_head_on_a_fastapi_endpoint_answers_like_get_without_a_body(
    client: httpx.AsyncClient,
) -> None:
    get = await client.get("/api/health")
    head = await client.head("/api/health")
    assert (head.status_code, head.headers["content-type"], head.content) == (
        get.status_code,
        get.headers["content-type"],
        b"",
    )


@pytest.mark.parametrize("settings_overrides", [{"cutover_default": "fastapi"}])
@pytest.mark.parametrize(
    "path", ["/api/nope", "/api/notifications/", "/api/auth/users/", "/", "/api/v2x"]
)
async def test_unknown_path_gets_flasks_json_404(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert (response.status_code, response.json(), response.headers["X-Served-By"]) == (
        404,
        NOT_FOUND,
        "flask",
    )


@pytest.mark.parametrize("settings_overrides", [{"cutover_default": "fastapi"}])
async def test_encoded_slash_in_a_parameter_gets_flasks_json_404(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/api/auth/users/a%2Fb")
    assert (response.status_code, response.json(), response.headers["X-Served-By"]) == (
        404,
        NOT_FOUND,
        "flask",
    )


@pytest.mark.parametrize("settings_overrides", [{"cutover_default": "fastapi"}])
async def test_wrong_method_on_a_known_path_gets_flasks_json_405(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/api/health")
    allow = {method.strip() for method in response.headers["Allow"].split(",")}
    assert (response.status_code, response.json(), allow, response.headers["X-Served-By"]) == (
        405,
        METHOD_NOT_ALLOWED,
        {"GET", "HEAD", "OPTIONS"},
        "flask",
    )


@pytest.mark.parametrize("settings_overrides", [{"cutover_default": "fastapi"}])
async def test_options_on_a_known_path_is_answered_without_auth(
    client: httpx.AsyncClient,
) -> None:
    response = await client.options("/api/auth/me")
    allow = {method.strip() for method in response.headers["Allow"].split(",")}
    assert (response.status_code, response.content, allow) == (
        200,
        b"",
        {"GET", "HEAD", "OPTIONS"},
    )


@pytest.mark.parametrize("path", ["/api/v2/health", "/api/v2/auth/me", "/api/v2/nope", "/api/v2"])
async def test_v2_paths_are_always_served_by_fastapi(client: httpx.AsyncClient, path: str) -> None:
    assert await served_by(client, "GET", path) == "fastapi"


async def test_v2_endpoint_answers_with_the_legacy_contract(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v2/health")
    assert (response.status_code, response.json(), response.headers["X-Served-By"]) == (
        200,
        {"status": "healthy", "scheduler_running": False, "scheduled_jobs_count": 0},
        "fastapi",
    )


async def test_unknown_v2_path_gets_the_json_404_from_fastapi(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v2/nope")
    assert (response.status_code, response.json(), response.headers["X-Served-By"]) == (
        404,
        NOT_FOUND,
        "fastapi",
    )


async def test_docs_are_served_by_fastapi(client: httpx.AsyncClient) -> None:
    response = await client.get("/docs")
    assert (response.status_code, response.headers["X-Served-By"]) == (200, "fastapi")
    assert response.headers["content-type"].startswith("text/html")


async def test_openapi_schema_is_served_by_fastapi(client: httpx.AsyncClient) -> None:
    response = await client.get("/openapi.json")
    assert (response.status_code, response.headers["X-Served-By"]) == (200, "fastapi")
    assert "/api/v2/health" in response.json()["paths"]


async def test_openapi_schema_documents_only_the_v2_surface(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]
    assert [path for path in paths if not path.startswith("/api/v2/")] == []


@pytest.mark.parametrize("path", ["/docsx", "/openapi.jsonx", "/api/v2x/auth/me"])
async def test_paths_that_only_begin_like_fastapi_paths_go_to_flask(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(path)
    assert (response.status_code, response.json(), response.headers["X-Served-By"]) == (
        404,
        NOT_FOUND,
        "flask",
    )


async def test_docs_oauth_redirect_page_is_served_by_fastapi(client: httpx.AsyncClient) -> None:
    response = await client.get("/docs/oauth2-redirect")
    assert (response.status_code, response.headers["X-Served-By"]) == (200, "fastapi")
