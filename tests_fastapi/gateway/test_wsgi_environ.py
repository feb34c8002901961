"""The WSGI environ the gateway's backend gives Flask: the one a2wsgi built, key for key.

Each tricky request is served by a tiny WSGI app keeping its environ, once through `WSGIBackend`
and once through a2wsgi's `WSGIMiddleware`, and the two environs compared.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from a2wsgi import WSGIMiddleware
from starlette.types import ASGIApp

from strangler.wsgi import WSGIBackend
from tests_support.kit.asgi_exchange import Exchange, scope_of
from tests_support.kit.wsgi_apps import (
    Environ,
    StartResponse,
    backend_of_fixture,  # noqa: F401  (a fixture)
    environ_keeper,
)


@pytest.fixture
async def a2wsgi_of() -> AsyncIterator[Callable[..., ASGIApp]]:
    """Build a2wsgi middlewares on WSGI apps (the environ reference); their pools end after."""
    built: list[WSGIMiddleware] = []

    def build(app: Callable[[Environ, StartResponse], Any]) -> ASGIApp:
        middleware = WSGIMiddleware(app, workers=1)  # type: ignore[arg-type]
        built.append(middleware)
        return middleware  # type: ignore[return-value]

    yield build
    for middleware in built:
        middleware.executor.shutdown(wait=True)


TRICKY = {
    "repeated headers": scope_of(
        headers=[(b"x-dup", b"a"), (b"accept", b"b"), (b"x_dup", b"c"), (b"x-dup", b"d")]
    ),
    "percent-encoded non-ascii query": scope_of(query=b"name=%C3%A9t%C3%A9&x=1&x=2"),
    "non-ascii path": scope_of(path="/api/jobs/\u00e9t\u00e9"),
    "root path": scope_of(path="/prefix/api/health", root_path="/prefix"),
    "root path not a prefix of the path": scope_of(path="/api/health", root_path="/prefix"),
    "content length and type": scope_of(
        "POST",
        "/api/jobs",
        headers=[(b"content-type", b"application/json"), (b"content-length", b"13")],
    ),
    "head": scope_of("HEAD", "/api/health"),
    "http/1.0, https, no client, no server port": scope_of(
        http_version="1.0", scheme="https", client=None, server=("/tmp/socket", None)
    ),
    "no server": scope_of(server=None),
    "latin-1 header value": scope_of(headers=[(b"x-name", "caf\u00e9".encode("latin-1"))]),
}


@pytest.mark.parametrize("scope", TRICKY.values(), ids=TRICKY.keys())
async def test_environ_is_the_one_a2wsgi_builds(
    scope: dict[str, Any],
    backend_of: Callable[..., WSGIBackend],
    a2wsgi_of: Callable[..., ASGIApp],
) -> None:
    ours: list[Environ] = []
    theirs: list[Environ] = []
    body = b'{"name":"x"}\n' if scope["method"] == "POST" else b""
    await Exchange(body).run(backend_of(environ_keeper(ours)), dict(scope))
    await Exchange(body).run(a2wsgi_of(environ_keeper(theirs)), dict(scope))
    for environ in (*ours, *theirs):
        del environ["asgi.scope"]  # the scope itself, one object per request
    assert ours == theirs


async def test_a_raw_non_ascii_query_reaches_the_app_as_latin_1(
    backend_of: Callable[..., WSGIBackend],
) -> None:
    kept: list[Environ] = []
    await Exchange().run(backend_of(environ_keeper(kept)), scope_of(query="q=\u00e9".encode()))
    assert kept[0]["QUERY_STRING"] == "q=\u00e9".encode().decode("latin-1")
