"""Pure unit tests of the generic gateway with a tiny Flask app and a tiny Starlette app."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from flask import Flask, jsonify, request
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from strangler import Mode, build_gateway, resolve_flags
from strangler.app import GatewayApp, plan_cutover
from tests_support.kit.lifespans import lifespan

MODERN_STARTED = "started"


def tiny_flask() -> Flask:
    app = Flask("tiny-legacy")

    @app.get("/api/items")
    def list_items() -> object:
        return jsonify(stack="legacy", request_id=request.headers.get("X-Request-ID"))

    @app.get("/api/items/<item_id>")
    def get_item(item_id: str) -> object:
        return jsonify(stack="legacy", item=item_id)

    @app.post("/api/items")
    def add_item() -> object:
        return jsonify(stack="legacy"), 201

    @app.delete("/api/only-legacy")
    def only_legacy() -> object:
        return jsonify(stack="legacy")

    @app.errorhandler(404)
    def not_found(_exc: Exception) -> object:
        return jsonify(error="legacy 404"), 404

    return app


async def modern_items(request: Request) -> JSONResponse:
    return JSONResponse({"stack": "modern", "request_id": request.headers.get("x-request-id")})


async def modern_item(request: Request) -> JSONResponse:
    return JSONResponse({"stack": "modern", "item": request.path_params["item_id"]})


async def modern_status(request: Request) -> JSONResponse:
    return JSONResponse({"started": getattr(request.app.state, MODERN_STARTED, False)})


def tiny_starlette() -> Starlette:
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        setattr(app.state, MODERN_STARTED, True)
        yield

    return Starlette(
        routes=[
            Route("/api/items", modern_items, methods=["GET", "POST"]),
            Route("/api/items/{item_id}", modern_item, methods=["GET"]),
            Route("/api/v2/status", modern_status, methods=["GET"]),
            Route("/docs", modern_status, methods=["GET"]),
        ],
        lifespan=asynccontextmanager(lifespan),
    )


MODERN_ROUTES = [
    ("GET", "/api/items"),
    ("POST", "/api/items"),
    ("GET", "/api/items/{item_id}"),
    ("GET", "/api/v2/status"),
]


def tiny_gateway(
    tmp_path: Path, modes: dict[str, str] | None = None, *, default: str = "flask"
) -> GatewayApp:
    legacy = tiny_flask()
    cutover_file = tmp_path / "cutover.toml"
    cutover_file.write_text(
        "[endpoints]\n" + "".join(f'"{key}" = "{mode}"\n' for key, mode in (modes or {}).items())
    )
    plan = plan_cutover(legacy.url_map, MODERN_ROUTES, cutover_file=cutover_file, default=default)
    return build_gateway(
        legacy_wsgi=legacy,
        legacy_map=legacy.url_map,
        modern=tiny_starlette(),
        plan=plan,
        cors_origins=["https://app.example"],
    )


async def client_for(app: GatewayApp) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


@pytest.fixture
def modes() -> dict[str, str]:
    return {}


@pytest.fixture
async def gateway(tmp_path: Path, modes: dict[str, str]) -> AsyncIterator[GatewayApp]:
    app = tiny_gateway(tmp_path, modes)
    async with lifespan(app):
        yield app


@pytest.fixture
async def client(gateway: GatewayApp) -> AsyncIterator[httpx.AsyncClient]:
    async with await client_for(gateway) as http:
        yield http


async def stack_of(client: httpx.AsyncClient, method: str, path: str) -> tuple[str, str]:
    """(X-Served-By, the stack the body names or the status) of one request."""
    response = await client.request(method, path)
    is_json = response.headers.get("content-type", "").startswith("application/json")
    body = response.json() if is_json and response.content else {}
    return response.headers["X-Served-By"], body.get("stack", str(response.status_code))


async def test_unflagged_endpoint_goes_to_the_legacy_app(client: httpx.AsyncClient) -> None:
    assert await stack_of(client, "GET", "/api/items") == ("flask", "legacy")


@pytest.mark.parametrize("modes", [{"GET /api/items": "fastapi"}])
async def test_flagged_endpoint_goes_to_the_new_app(client: httpx.AsyncClient) -> None:
    assert await stack_of(client, "GET", "/api/items") == ("fastapi", "modern")


@pytest.mark.parametrize("modes", [{"GET /api/items": "fastapi"}])
async def test_flag_is_per_method(client: httpx.AsyncClient) -> None:
    assert await stack_of(client, "POST", "/api/items") == ("flask", "legacy")


@pytest.mark.parametrize("modes", [{"GET /api/items/<item_id>": "fastapi"}])
async def test_parameterised_endpoint_goes_to_the_new_app_with_its_parameter(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/api/items/abc")
    assert response.json() == {"stack": "modern", "item": "abc"}


@pytest.mark.parametrize("modes", [{"GET /api/items": "fastapi"}])
async def test_head_follows_the_get_flag(client: httpx.AsyncClient) -> None:
    response = await client.head("/api/items")
    assert response.headers["X-Served-By"] == "fastapi"


async def test_unknown_api_path_goes_to_the_legacy_app(client: httpx.AsyncClient) -> None:
    assert await stack_of(client, "GET", "/api/nope") == ("flask", "404")


@pytest.mark.parametrize("modes", [{"GET /api/items": "fastapi"}])
async def test_wrong_method_goes_to_the_legacy_app(client: httpx.AsyncClient) -> None:
    assert await stack_of(client, "PATCH", "/api/items") == ("flask", "405")


async def test_path_outside_the_api_goes_to_the_legacy_app(client: httpx.AsyncClient) -> None:
    assert await stack_of(client, "GET", "/elsewhere") == ("flask", "404")


@pytest.mark.parametrize("path", ["/api/v2/status", "/docs"])
async def test_new_app_prefixes_go_to_the_new_app(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert (response.headers["X-Served-By"], response.status_code) == ("fastapi", 200)


async def test_fastapi_default_leaves_an_endpoint_the_new_app_lacks_on_the_legacy_app(
    tmp_path: Path,
) -> None:
    app = tiny_gateway(tmp_path, default="fastapi")
    async with lifespan(app), await client_for(app) as client:
        served = [
            await stack_of(client, "GET", "/api/items"),
            await stack_of(client, "DELETE", "/api/only-legacy"),
        ]
    assert served == [("fastapi", "modern"), ("flask", "legacy")]


async def test_gateway_runs_the_new_apps_lifespan(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/v2/status")).json() == {"started": True}


async def test_a_stopped_gateway_serves_the_legacy_app_again_after_a_restart(
    tmp_path: Path,
) -> None:
    app = tiny_gateway(tmp_path)
    served = []
    for _ in range(2):
        async with lifespan(app), await client_for(app) as client:
            served.append(await stack_of(client, "GET", "/api/items"))
    assert served == [("flask", "legacy"), ("flask", "legacy")]


async def test_applying_new_flags_switches_the_stack_at_once(
    gateway: GatewayApp, client: httpx.AsyncClient
) -> None:
    await client.get("/api/items")  # the route match is now cached
    endpoints = {key: flag.endpoint for key, flag in gateway.gateway.routes.flags.items()}
    gateway.gateway.routes.apply(
        resolve_flags(endpoints, {"GET /api/items": Mode.FASTAPI}, Mode.FLASK)
    )
    assert await stack_of(client, "GET", "/api/items") == ("fastapi", "modern")


@pytest.mark.parametrize("modes", [{}, {"GET /api/items": "fastapi"}])
async def test_each_stack_sees_the_request_id_the_response_carries(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/api/items")
    assert response.json()["request_id"] == response.headers["X-Request-ID"]


@pytest.mark.parametrize("modes", [{}, {"GET /api/items": "fastapi"}])
async def test_each_stack_sees_the_callers_request_id(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/items", headers={"X-Request-ID": "caller-1"})
    assert (response.json()["request_id"], response.headers["X-Request-ID"]) == (
        "caller-1",
        "caller-1",
    )


@pytest.mark.parametrize("modes", [{}, {"GET /api/items": "fastapi"}])
async def test_each_stack_sees_the_replacement_of_a_malformed_request_id(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/api/items", headers={"X-Request-ID": "bad id"})
    assert response.json()["request_id"] == response.headers["X-Request-ID"] != "bad id"


@pytest.mark.parametrize("modes", [{}, {"GET /api/items": "fastapi"}])
async def test_allowed_origin_gets_cors_headers_from_either_stack(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/api/items", headers={"Origin": "https://app.example"})
    assert (
        response.headers["Access-Control-Allow-Origin"],
        response.headers["Access-Control-Allow-Credentials"],
    ) == ("https://app.example", "true")


async def test_disallowed_origin_gets_no_cors_headers(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/items", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_strangler_imports_nothing_from_the_service() -> None:
    probe = (
        "import sys, strangler, strangler.app, strangler.cors, strangler.gateway, "
        "strangler.request_id, strangler.admin_api, strangler.runtime, strangler.override_store; "
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'cronjobs'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
