"""The OpenAPI document of `/api/v2`: FastAPI's, plus the bearer-token scheme it cannot infer.

Authentication is a dependency that reads the `Authorization` header itself (so its errors match
the legacy stack's), so FastAPI does not know which operations need a token: the operations whose
dependencies include one marked `bearer_token` (`api.deps`) do.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import iter_route_contexts

BEARER = "bearerAuth"
SCHEME = {
    "type": "http",
    "scheme": "bearer",
    "bearerFormat": "JWT",
    "description": "An access token from POST /api/v2/auth/login (a refresh token for "
    "POST /api/v2/auth/refresh).",
}


def _needs_token(dependant: Dependant) -> bool:
    return any(
        getattr(dependency.call, "bearer_token", False) or _needs_token(dependency)
        for dependency in dependant.dependencies
    )


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
        document.setdefault("components", {}).setdefault("securitySchemes", {})[BEARER] = SCHEME
        paths = document.get("paths", {})
        for route in iter_route_contexts(app.routes):
            dependant = getattr(route, "dependant", None)
            if route.path_format in paths and dependant is not None and _needs_token(dependant):
                for method in route.methods or ():
                    paths[route.path_format][method.lower()]["security"] = [{BEARER: []}]
        app.openapi_schema = document
    return app.openapi_schema


def install_document(app: FastAPI) -> None:
    """Serve `build_document(app)` at the app's `openapi_url`."""
    app.openapi = lambda: build_document(app)  # type: ignore[method-assign]
