"""Replaying a case through the gateway, checking which stack served each reply."""

from __future__ import annotations

from tests_support.cases.routing import NOT_FOUND
from tests_support.kit.case import Case, HttpRequest, Reply
from tests_support.kit.clients import AsyncSend
from tests_support.kit.worlds.base import World


def served_by_routing(request: HttpRequest, reply: Reply) -> bool:
    """Tell whether no endpoint matched the request, so the gateway left it to Flask.

    That is OPTIONS (no endpoint declares it), a 405 (wrong method), and the routing 404 (unknown
    path), whatever the cutover. Replies an endpoint gives, its own 404s included, carry the stack.
    """
    return (
        request.method == "OPTIONS"
        or reply.status == 405
        or (reply.status == 404 and reply.content != b"" and reply.json() == NOT_FOUND)
    )


async def replay(case: Case, world: World, send: AsyncSend, stack: str) -> None:
    """Replay a case through the gateway, checking each reply and the stack that served it."""
    for request, verify in case.exchanges(world):
        reply = await send(request)
        verify(reply)
        expected = "flask" if served_by_routing(request, reply) else stack
        assert reply.headers.get("x-served-by") == expected, f"{request.method} {request.path}"
