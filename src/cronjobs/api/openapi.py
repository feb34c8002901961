"""The OpenAPI document of `/api/v2`: FastAPI's, plus the bearer-token scheme it cannot infer.

Authentication is a dependency that reads the `Authorization` header itself (so its errors match
the legacy stack's), so FastAPI does not know which operations need a token: the operations whose
dependencies include one marked `bearer_token` (`api.deps`) do, an access token (`bearerAuth`) or,
for `POST /auth/refresh`, a refresh token (`refreshToken`).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import iter_route_contexts

BEARER = "bearerAuth"
REFRESH = "refreshToken"
SCHEMES = {
    "access": (
        BEARER,
        "An access token from POST /api/v2/auth/login or POST /api/v2/auth/refresh.",
    ),
    "refresh": (REFRESH, "The refresh token from POST /api/v2/auth/login."),
}


def _token_needed(dependant: Dependant) -> str | None:
    """Return the kind of token an operation's dependencies read (`access`, `refresh`), if any."""
    for dependency in dependant.dependencies:
        kind = getattr(dependency.call, "bearer_token", None) or _token_needed(dependency)
        if kind is not None:
            return str(kind)
    return None


def build_document(app: FastAPI) -> dict[str, Any]:
    """Return the app's OpenAPI document with its security requirements, built once."""
    if app.openapi_schema is None:
        document = get_openapi(
            title=app.title,
            version=app.version,
            openapi_version=app.openapi_version,
            summary=app.summary,
            description=app.description,
            routes=app.routes,
        )
        schemes = document.setdefault("components", {}).setdefault("securitySchemes", {})
        for name, description in SCHEMES.values():
            schemes[name] = {
                "type": "http",
                "scheme": "bearer",
                "bearerFormat": "JWT",
                "description": description,
            }
        paths = document.get("paths", {})
        for route in iter_route_contexts(app.routes):
            dependant = getattr(route, "dependant", None)
            kind = _token_needed(dependant) if dependant is not None else None
            if route.path_format in paths and kind is not None:
                for method in route.methods or ():
                    security: list[dict[str, list[str]]] = [{SCHEMES[kind][0]: []}]
                    paths[route.path_format][method.lower()]["security"] = security
        app.openapi_schema = document
    return app.openapi_schema


def install_document(app: FastAPI) -> None:
    """Serve `build_document(app)` at the app's `openapi_url`."""
    app.openapi = lambda: build_document(app)  # type: ignore[method-assign]
