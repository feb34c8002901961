"""The cutover dashboard at `/_gateway/`: one static page, its script and its style sheet.

The page is public and holds no data: everything it shows comes from the admin API, which asks
for an admin's token. How to get that token is the service's business, so the service passes a
`DashboardLogin` and the page reads it from `data-` attributes on its root element. Every answer
carries a strict Content-Security-Policy: no inline code, nothing from other origins.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from importlib.resources import files
from string import Template

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp

DASHBOARD_PATH = "/_gateway/"
ASSETS_PATH = "/_gateway/static/"
ASSETS_FOLDER = "dashboard_assets"  # package data of `strangler` (pyproject.toml)
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
# The only files served under ASSETS_PATH, by name: a lookup, so no path reaches the disk.
JAVASCRIPT = "text/javascript; charset=utf-8"
ASSET_TYPES = {
    "dashboard.js": JAVASCRIPT,  # the entry point, an ES module importing the others
    "api.js": JAVASCRIPT,
    "display.js": JAVASCRIPT,
    "endpoint_table.js": JAVASCRIPT,
    "overview.js": JAVASCRIPT,
    "dashboard.css": "text/css; charset=utf-8",
}


@dataclass(frozen=True, slots=True)
class DashboardLogin:
    """How the page gets an admin token: POST `{"username", "password"}` JSON to `path`."""

    path: str
    token_field: str = "access_token"


def _read_asset(name: str) -> str:
    return (files("strangler") / ASSETS_FOLDER / name).read_text(encoding="utf-8")


def render_page(login: DashboardLogin) -> str:
    """Return the page's HTML with the login path and token field in escaped attributes."""
    return Template(_read_asset("index.html")).substitute(
        login_path=escape(login.path, quote=True),
        token_field=escape(login.token_field, quote=True),
        assets=ASSETS_PATH,
    )


def _not_found(name: str) -> Response:
    return JSONResponse(
        {"error": f"no dashboard asset named {name!r}"}, status_code=404, headers=SECURITY_HEADERS
    )


def dashboard_routes(login: DashboardLogin) -> list[BaseRoute]:
    """Build the routes serving the page and its assets, read once from the package."""
    page = render_page(login).encode()
    assets = {name: _read_asset(name).encode() for name in ASSET_TYPES}

    async def serve_page(_request: Request) -> Response:
        # The page itself never changes while the process runs, but a stale copy would keep an
        # old script after a deploy: the browser asks again every time.
        headers = {**SECURITY_HEADERS, "Cache-Control": "no-store"}
        return Response(page, media_type="text/html; charset=utf-8", headers=headers)

    async def serve_asset(request: Request) -> Response:
        name = request.path_params["name"]
        body = assets.get(name)
        if body is None:
            return _not_found(name)
        headers = {**SECURITY_HEADERS, "Cache-Control": "no-cache"}
        return Response(body, media_type=ASSET_TYPES[name], headers=headers)

    return [
        Route(DASHBOARD_PATH, serve_page, methods=["GET"]),
        Route(f"{ASSETS_PATH}{{name:path}}", serve_asset, methods=["GET"]),
    ]


def with_dashboard(admin_api: ASGIApp, login: DashboardLogin) -> Starlette:
    """Serve the dashboard next to the admin API, which keeps every other `/_gateway/` path."""
    return Starlette(routes=[*dashboard_routes(login), Mount("", app=admin_api)])
