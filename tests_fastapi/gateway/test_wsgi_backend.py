"""The gateway's WSGI backend: one trip to a worker, streaming, PEP 3333 errors, lifespan, overload.

Each test serves a tiny WSGI app through `WSGIBackend` by raw ASGI messages (`Exchange`), so
what the backend sends, and when, is seen message by message.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator

import pytest

from strangler.wsgi import WSGIBackend
from tests_support.kit.asgi_exchange import WAIT, Exchange, scope_of
from tests_support.kit.wsgi_apps import (
    Environ,
    StartResponse,
    backend_of_fixture,  # noqa: F401  (a fixture)
    environ_keeper,
)


async def test_an_answer_with_a_length_is_sent_as_one_body_message(
    backend_of: Callable[..., WSGIBackend],
) -> None:
    def app(_environ: Environ, start_response: StartResponse) -> Iterator[bytes]:
        start_response("201 Created", [("Content-Type", "text/plain"), ("Content-Length", "6")])
        yield b"abc"
        yield b""
        yield b"def"

    exchange = Exchange()
    await exchange.run(backend_of(app), scope_of())
    assert exchange.sent == [
        {
            "type": "http.response.start",
            "status": 201,
            "headers": [(b"content-type", b"text/plain"), (b"content-length", b"6")],
        },
        {"type": "http.response.body", "body": b"abcdef", "more_body": False},
    ]


async def test_a_generator_answer_without_a_length_streams_each_chunk_as_it_comes(
    backend_of: Callable[..., WSGIBackend],
) -> None:
    first_seen = threading.Event()

    def app(_environ: Environ, start_response: StartResponse) -> Iterator[bytes]:
        start_response("200 OK", [("Content-Type", "text/event-stream")])
        yield b"data: 1\n\n"
        # The next chunk comes only once the client has the first one.
        assert first_seen.wait(WAIT)
        yield b"data: 2\n\n"

    exchange = Exchange()
    serving = asyncio.create_task(exchange.run(backend_of(app), scope_of()))
    while not any(m["type"] == "http.response.body" for m in exchange.sent):
        await asyncio.wait_for(exchange.arrived.wait(), WAIT)
        exchange.arrived.clear()
    first_seen.set()
    await serving
    assert exchange.status == 200
    assert [m.get("body") for m in exchange.sent[1:]] == [b"data: 1\n\n", b"data: 2\n\n", b""]


async def test_an_app_raising_before_start_response_sends_nothing_and_raises(
    backend_of: Callable[..., WSGIBackend],
) -> None:
    def app(_environ: Environ, _start_response: StartResponse) -> list[bytes]:
        raise LookupError("before")

    exchange = Exchange()
    with pytest.raises(LookupError, match="before"):
        await exchange.run(backend_of(app), scope_of())
    assert exchange.sent == []


async def test_an_app_raising_after_start_response_sends_nothing_and_raises(
    backend_of: Callable[..., WSGIBackend],
) -> None:
    def app(_environ: Environ, start_response: StartResponse) -> Iterator[bytes]:
        start_response("200 OK", [("Content-Length", "2")])
        yield b"o"
        raise LookupError("after")

    exchange = Exchange()
    with pytest.raises(LookupError, match="after"):
        await exchange.run(backend_of(app), scope_of())
    assert exchange.sent == []  # the headers were not out yet: the server answers 500


async def test_start_response_with_exc_info_before_the_headers_are_out_replaces_them(
    backend_of: Callable[..., WSGIBackend],
) -> None:
    def app(_environ: Environ, start_response: StartResponse) -> list[bytes]:
        start_response("200 OK", [("Content-Length", "2")])
        try:
            raise LookupError("failed")
        except LookupError as exc:
            start_response("500 Oops", [("Content-Length", "4")], (type(exc), exc, None))
        return [b"oops"]

    exchange = Exchange()
    await exchange.run(backend_of(app), scope_of())
    assert (exchange.status, exchange.content) == (500, b"oops")


async def test_start_response_with_exc_info_after_the_headers_are_out_re_raises_it(
    backend_of: Callable[..., WSGIBackend],
) -> None:
    def app(_environ: Environ, start_response: StartResponse) -> Iterator[bytes]:
        start_response("200 OK", [])
        yield b"streamed"
        try:
            raise LookupError("too late")
        except LookupError as exc:
            start_response("500 Oops", [], (type(exc), exc, exc.__traceback__))
        yield b"never"

    exchange = Exchange()
    with pytest.raises(LookupError, match="too late"):
        await exchange.run(backend_of(app), scope_of())
    assert exchange.status == 200
    assert exchange.content == b"streamed"


async def test_start_response_twice_without_exc_info_is_an_error(
    backend_of: Callable[..., WSGIBackend],
) -> None:
    def app(_environ: Environ, start_response: StartResponse) -> list[bytes]:
        start_response("200 OK", [])
        start_response("201 Created", [])
        return []

    with pytest.raises(RuntimeError, match="second time"):
        await Exchange().run(backend_of(app), scope_of())


async def test_stop_waits_for_the_requests_in_flight(
    backend_of: Callable[..., WSGIBackend],
) -> None:
    entered, release = threading.Event(), threading.Event()

    def app(_environ: Environ, start_response: StartResponse) -> list[bytes]:
        entered.set()
        assert release.wait(WAIT)
        start_response("200 OK", [("Content-Length", "4")])
        return [b"done"]

    backend = backend_of(app)
    exchange = Exchange()
    serving = asyncio.create_task(exchange.run(backend, scope_of()))
    assert await asyncio.to_thread(entered.wait, WAIT)
    stopping = asyncio.create_task(asyncio.to_thread(backend.stop))
    await asyncio.sleep(0.1)
    stopped_early = stopping.done()
    release.set()
    await stopping
    await serving
    assert not stopped_early
    assert exchange.content == b"done"


async def test_a_stopped_backend_serves_again_once_started(
    backend_of: Callable[..., WSGIBackend],
) -> None:
    kept: list[Environ] = []
    backend = backend_of(environ_keeper(kept))
    backend.stop()
    backend.start()
    exchange = Exchange()
    await exchange.run(backend, scope_of())
    assert exchange.content == b"ok"


async def test_a_request_whose_client_left_before_a_worker_took_it_is_not_run(
    backend_of: Callable[..., WSGIBackend],
) -> None:
    entered, release = threading.Event(), threading.Event()
    paths: list[str] = []

    def app(environ: Environ, start_response: StartResponse) -> list[bytes]:
        paths.append(environ["PATH_INFO"])
        entered.set()
        assert release.wait(WAIT)
        start_response("200 OK", [("Content-Length", "2")])
        return [b"ok"]

    backend = backend_of(app, workers=1)
    busy = asyncio.create_task(Exchange().run(backend, scope_of(path="/busy")))
    assert await asyncio.to_thread(entered.wait, WAIT)  # the only worker is taken
    gone = Exchange(leaves=True)
    waiting = asyncio.create_task(gone.run(backend, scope_of("DELETE", "/abandoned")))
    await asyncio.sleep(0.05)  # the watch hears the disconnect while the request waits
    release.set()
    await busy
    await waiting
    assert paths == ["/busy"]
    assert gone.sent == []
    assert backend.abandoned == 1
