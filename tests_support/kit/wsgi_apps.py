"""Tiny WSGI apps served by the gateway's own WSGI backend, for its tests.

`backend_of` (a fixture: import it into the test module) builds a `WSGIBackend` on a WSGI app
and stops each at the end of the test; `environ_keeper` is an app that keeps the environs it
is given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from strangler.wsgi import WSGIBackend

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WSGIApp = Callable[[Environ, StartResponse], Any]


@pytest.fixture(name="backend_of")
def backend_of_fixture() -> Iterator[Callable[..., WSGIBackend]]:
    """Build backends on WSGI apps (2 workers unless told); each is stopped after the test."""
    built: list[WSGIBackend] = []

    def build(app: WSGIApp, workers: int = 2) -> WSGIBackend:
        backend = WSGIBackend(app, workers=workers)
        built.append(backend)
        return backend

    yield build
    for backend in built:
        backend.stop()


def environ_keeper(kept: list[Environ]) -> Callable[[Environ, StartResponse], list[bytes]]:
    """A WSGI app keeping the environ it was given (its body read) and answering 200."""

    def app(environ: Environ, start_response: StartResponse) -> list[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        kept.append({**environ, "wsgi.input": environ["wsgi.input"].read(length)})
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    return app
