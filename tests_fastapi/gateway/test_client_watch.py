"""`ClientWatch`: the body read ahead, then the client's disconnect noticed and handed on.

A scripted `receive` plays the connection: the body's messages, then (once `hang_up` is set)
the disconnect.
"""

from __future__ import annotations

import asyncio

from starlette.types import Message

from strangler.disconnect import ClientWatch

WAIT = 5.0


class Connection:
    """A client's side of one request: body messages, then a disconnect once it hangs up."""

    def __init__(self, *messages: Message) -> None:
        self.messages = list(messages)
        self.hang_up = asyncio.Event()
        self.reads = 0

    async def receive(self) -> Message:
        self.reads += 1
        if self.messages:
            return self.messages.pop(0)
        await self.hang_up.wait()
        return {"type": "http.disconnect"}


def body(data: bytes, more: bool = False) -> Message:
    """One body message."""
    return {"type": "http.request", "body": data, "more_body": more}


async def test_the_body_is_read_whole_from_its_messages() -> None:
    connection = Connection(body(b"ab", more=True), body(b"cd"))
    async with ClientWatch(connection.receive) as watch:
        assert await watch.read_body() == b"abcd"


async def test_gone_is_set_once_the_client_hangs_up_after_its_body() -> None:
    connection = Connection(body(b"x"))
    async with ClientWatch(connection.receive) as watch:
        await watch.read_body()
        watch.start()
        await asyncio.sleep(0)
        here_before = not watch.gone.is_set()
        connection.hang_up.set()
        await asyncio.wait_for(asyncio.to_thread(watch.gone.wait, WAIT), WAIT)
    assert here_before


async def test_a_client_leaving_mid_body_leaves_no_body_and_is_gone() -> None:
    connection = Connection(body(b"x", more=True))
    connection.hang_up.set()
    async with ClientWatch(connection.receive) as watch:
        assert await watch.read_body() is None
        assert watch.gone.is_set()
        assert await watch.receive() == {"type": "http.disconnect"}


async def test_the_app_gets_the_body_again_then_the_disconnect_the_watch_heard() -> None:
    connection = Connection(body(b"ab", more=True), body(b"cd"))
    connection.hang_up.set()
    async with ClientWatch(connection.receive) as watch:
        await watch.read_body()
        watch.start()
        first = await watch.receive()
        second = await watch.receive()
        third = await watch.receive()
    assert first == body(b"abcd")
    assert second == third == {"type": "http.disconnect"}
    assert connection.reads == 3  # two body messages and one disconnect: never read twice


async def test_leaving_the_watch_ends_its_task_when_the_client_is_still_there() -> None:
    connection = Connection(body(b""))
    before = asyncio.all_tasks()
    async with ClientWatch(connection.receive) as watch:
        await watch.read_body()
        watch.start()
        await asyncio.sleep(0)
        during = asyncio.all_tasks() - before
    await asyncio.sleep(0)  # the loop's next turn
    assert len(during) == 1
    assert asyncio.all_tasks() - before == set()
    assert not watch.gone.is_set()


async def test_cancelling_the_apps_receive_leaves_the_watch_running() -> None:
    connection = Connection(body(b""))
    async with ClientWatch(connection.receive) as watch:
        await watch.read_body()
        watch.start()
        waiting = asyncio.create_task(watch.receive())
        await asyncio.sleep(0)
        waiting.cancel()
        await asyncio.gather(waiting, return_exceptions=True)
        connection.hang_up.set()
        assert await asyncio.wait_for(watch.receive(), WAIT) == {"type": "http.disconnect"}
    assert watch.gone.is_set()


async def test_an_unstarted_watch_runs_no_task_and_passes_receive_through() -> None:
    connection = Connection(body(b"x"))
    before = asyncio.all_tasks()
    async with ClientWatch(connection.receive) as watch:
        await watch.read_body()
        during = asyncio.all_tasks() - before
        connection.hang_up.set()
        assert await watch.receive() == body(b"x")
        assert await watch.receive() == {"type": "http.disconnect"}
    assert during == set()
