"""CORS, handled once in front of both stacks so they answer it identically (pure ASGI)."""

from __future__ import annotations

from collections.abc import Iterable

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PREFLIGHT_ALLOWED_HEADERS = ("content-type", "authorization")


class CORSMiddleware:
    """Echo allowed origins with credentials on every response under `path_prefix`."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        origins: Iterable[str],
        path_prefix: str = "/api/",
        allow_methods: str = "GET, POST, PUT, DELETE, OPTIONS",
        expose_headers: str = "Content-Type",
        max_age: int = 3600,
    ) -> None:
        self.app = app
        self.origins = frozenset(origins)
        self.any_origin = "*" in self.origins
        self.path_prefix = path_prefix
        self.allow_methods = allow_methods
        self.expose_headers = expose_headers
        self.max_age = str(max_age)

    def _allowed(self, origin: str | None) -> bool:
        return bool(origin) and (self.any_origin or origin in self.origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; add CORS headers to the response for an allowed origin."""
        if scope["type"] != "http" or not scope["path"].startswith(self.path_prefix):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if not self._allowed(origin):
            await self.app(scope, receive, send)
            return
        preflight = scope["method"] == "OPTIONS" and "access-control-request-method" in headers
        requested = headers.get("access-control-request-headers", "")

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                response_headers = MutableHeaders(scope=message)
                response_headers["Access-Control-Allow-Origin"] = str(origin)
                response_headers.add_vary_header("Origin")
                response_headers["Access-Control-Allow-Credentials"] = "true"
                response_headers["Access-Control-Expose-Headers"] = self.expose_headers
                if preflight:
                    self._add_preflight(response_headers, requested)
            await send(message)

        await self.app(scope, receive, send_with_cors)

    def _add_preflight(self, response_headers: MutableHeaders, requested: str) -> None:
        response_headers["Access-Control-Allow-Methods"] = self.allow_methods
        allowed = [
            name.strip()
            for name in requested.split(",")
            if name.strip().lower() in PREFLIGHT_ALLOWED_HEADERS
        ]
        if allowed:
            response_headers["Access-Control-Allow-Headers"] = ", ".join(allowed)
        response_headers["Access-Control-Max-Age"] = self.max_age
