"""`GatewayPaths`: a host whose legacy routes sit at the root, not under `/api/`.

A tiny Flask app with `<int:…>` and `<path:…>` rules at the root, a tiny Starlette app serving
some of them and its own `/v2/`; every path is routed by flag (`legacy_prefixes=("/",)`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from flask import Flask, jsonify
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from strangler import GatewayPaths, build_gateway
from strangler.app import GatewayApp, plan_cutover
from tests_support.kit.lifespans import BASE_URL, lifespan

ROOT_PATHS = GatewayPaths(legacy_prefixes=("/",), modern_paths=(), modern_prefixes=("/v2/",))
MODERN_ROUTES = [("GET", "/orders/{order_id}"), ("GET", "/files/{name}")]


def root_flask() -> Flask:
    """Legacy routes at the root, with the converters a stranger's app has."""
    app = Flask("root-legacy")

    @app.get("/orders/<int:order_id>")
    def order(order_id: int) -> object:
        return jsonify(stack="legacy", order=order_id)

    @app.get("/files/<path:name>")
    def file(name: str) -> object:
        return jsonify(stack="legacy", name=name)

    @app.get("/")
    def home() -> object:
        return jsonify(stack="legacy")

    return app


def root_starlette() -> Starlette:
    """The new stack: two of the legacy routes and its own `/v2/` API."""

    async def answer(request: Request) -> JSONResponse:
        return JSONResponse({"stack": "modern", **request.path_params})

    return Starlette(
        routes=[
            Route("/orders/{order_id:int}", answer),
            Route("/files/{name:path}", answer),
            Route("/v2/ping", answer),
        ]
    )


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    """The gateway over both, `GET /orders/<int:order_id>` flipped to fastapi."""
    legacy = root_flask()
    cutover = tmp_path / "cutover.toml"
    cutover.write_text('[endpoints]\n"GET /orders/<int:order_id>" = "fastapi"\n')
    plan = plan_cutover(legacy.url_map, MODERN_ROUTES, cutover_file=cutover, default="flask")
    app: GatewayApp = build_gateway(
        legacy_wsgi=legacy,
        legacy_map=legacy.url_map,
        modern=root_starlette(),
        plan=plan,
        cors_origins=[],
        paths=ROOT_PATHS,
    )
    async with lifespan(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
            yield http


@pytest.mark.parametrize(
    ("path", "served_by", "body"),
    [
        ("/orders/7", "fastapi", {"stack": "modern", "order_id": 7}),
        ("/files/a/b.txt", "flask", {"stack": "legacy", "name": "a/b.txt"}),
    ],
    ids=["flipped_to_fastapi", "left_on_flask"],
)
async def test_a_root_endpoint_is_served_by_the_stack_its_flag_names(
    client: httpx.AsyncClient, path: str, served_by: str, body: dict[str, object]
) -> None:
    response = await client.get(path)
    assert (response.headers["x-served-by"], response.json()) == (served_by, body)


async def test_the_new_stacks_own_prefix_always_goes_to_it(client: httpx.AsyncClient) -> None:
    assert (await client.get("/v2/ping")).headers["x-served-by"] == "fastapi"


async def test_the_gateways_own_paths_come_before_a_root_prefix(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/_gateway/live")
    assert (response.headers["x-served-by"], response.json()) == ("gateway", {"status": "live"})


@pytest.mark.parametrize(
    ("paths", "problem"),
    [
        ({"legacy_prefixes": ("api/",)}, "start with '/'"),
        ({"modern_prefixes": ("/_gateway/x/",)}, "under the gateway's own"),
        ({"legacy_prefixes": ()}, "at least one legacy prefix"),
    ],
)
def test_paths_a_gateway_cannot_serve_are_refused(paths: dict[str, object], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        GatewayPaths(**paths)  # type: ignore[arg-type]
