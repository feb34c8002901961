"""CORS, handled once in front of both stacks so they answer it identically (pure ASGI).

`CORSPolicy` reads a request's CORS headers and gives the response headers to add; the gateway's
request-id middleware applies them in its one response wrapper (`strangler.request_id`), and
`CORSMiddleware` applies them alone where no request id is wanted.
"""

from __future__ import annotations

from collections.abc import Awaitable, Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PREFLIGHT_ALLOWED_HEADERS = ("content-type", "authorization")
Headers = list[tuple[bytes, bytes]]


def set_header(headers: Headers, name: bytes, value: bytes) -> None:
    """Set header `name` (lower case) to `value`: the first one replaced, others dropped, or added.

    What starlette's `MutableHeaders.__setitem__` does, without building an object per response.
    """
    found = [index for index, (key, _) in enumerate(headers) if key == name]
    if not found:
        headers.append((name, value))
        return
    for index in reversed(found[1:]):
        del headers[index]
    headers[found[0]] = (name, value)


def add_vary(headers: Headers, value: bytes) -> None:
    """Add `value` to the response's `Vary`, as starlette's `add_vary_header` does."""
    existing = next((item for key, item in headers if key == b"vary"), None)
    set_header(headers, b"vary", value if existing is None else existing + b", " + value)


class CORSPolicy:
    """Which origins may read answers under `path_prefix`, and the headers that tell them so."""

    def __init__(
        self,
        *,
        origins: Iterable[str],
        path_prefix: str = "/api/",
        allow_methods: str = "GET, POST, PUT, DELETE, OPTIONS",
        expose_headers: str = "Content-Type",
        max_age: int = 3600,
    ) -> None:
        self.origins = frozenset(origins)
        self.any_origin = "*" in self.origins
        self.path_prefix = path_prefix
        self.allow_methods = allow_methods.encode("latin-1")
        self.expose_headers = expose_headers.encode("latin-1")
        self.max_age = str(max_age).encode("latin-1")

    def _allowed(self, origin: bytes) -> bool:
        return bool(origin) and (self.any_origin or origin.decode("latin-1") in self.origins)

    def stamp_for(self, scope: Scope, origin: bytes | None) -> CORSStamp | None:
        """Return what to add to the answer of a request from `origin`, or None for nothing."""
        if origin is None or not scope["path"].startswith(self.path_prefix):
            return None
        if not self._allowed(origin):
            return None
        preflight = False
        requested = b""
        if scope["method"] == "OPTIONS":
            names = [name for name, _ in scope["headers"]]
            preflight = b"access-control-request-method" in names
            requested = next(
                (v for n, v in scope["headers"] if n == b"access-control-request-headers"), b""
            )
        return CORSStamp(self, origin, preflight, requested)


class CORSStamp:
    """The CORS headers of one answer to an allowed origin."""

    __slots__ = ("origin", "policy", "preflight", "requested")

    def __init__(self, policy: CORSPolicy, origin: bytes, preflight: bool, requested: bytes):
        self.policy = policy
        self.origin = origin
        self.preflight = preflight
        self.requested = requested

    def apply(self, headers: Headers) -> None:
        """Add the CORS headers to a response's headers, in place."""
        set_header(headers, b"access-control-allow-origin", self.origin)
        add_vary(headers, b"Origin")
        set_header(headers, b"access-control-allow-credentials", b"true")
        set_header(headers, b"access-control-expose-headers", self.policy.expose_headers)
        if self.preflight:
            self._add_preflight(headers)

    def _add_preflight(self, headers: Headers) -> None:
        policy = self.policy
        set_header(headers, b"access-control-allow-methods", policy.allow_methods)
        allowed = [
            name.strip()
            for name in self.requested.decode("latin-1").split(",")
            if name.strip().lower() in PREFLIGHT_ALLOWED_HEADERS
        ]
        if allowed:
            value = ", ".join(allowed).encode("latin-1")
            set_header(headers, b"access-control-allow-headers", value)
        set_header(headers, b"access-control-max-age", policy.max_age)


def origin_of(scope: Scope) -> bytes | None:
    """Return the request's first `Origin` header, or None."""
    return next((value for name, value in scope["headers"] if name == b"origin"), None)


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
        self.policy = CORSPolicy(
            origins=origins,
            path_prefix=path_prefix,
            allow_methods=allow_methods,
            expose_headers=expose_headers,
            max_age=max_age,
        )

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        """Pass the request on; add CORS headers to the response for an allowed origin."""
        # A plain function handing back the next app's coroutine: no frame of its own per request.
        if scope["type"] != "http":
            return self.app(scope, receive, send)
        stamp = self.policy.stamp_for(scope, origin_of(scope))
        if stamp is None:
            return self.app(scope, receive, send)

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message["headers"] = list(message.get("headers", ()))
                stamp.apply(headers)
            await send(message)

        return self.app(scope, receive, send_with_cors)
