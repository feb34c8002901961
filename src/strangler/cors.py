"""CORS, handled once in front of both stacks so they answer it identically (pure ASGI).

`CORSPolicy` reads a request's CORS headers and gives the response headers to add; the gateway's
request-id middleware applies them in its one response wrapper (`strangler.request_id`).
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.types import Scope

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
