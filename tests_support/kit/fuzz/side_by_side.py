"""Two gateways side by side, one serving every endpoint from Flask and one from FastAPI, on copies
of one seeded database: the differential fuzz sends each odd request to both and compares, and
wants no 5xx from either (D1).

What must be equal is what the differential check compares (`cases.differential.recorder`: the
status, the Content-Type, the JSON body normalised for generated ids and "now" timestamps) plus
the contract's headers: `Allow` (as a set, §1.1), `Retry-After` (D23) and the CORS headers
(§7.3). Both gateways run on one event loop in a thread (a blocking portal), so a synchronous
test, hypothesis's included, can drive them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from anyio.from_thread import start_blocking_portal

from strangler.app import GatewayApp
from tests_support.cases.differential.recorder import Normaliser
from tests_support.kit.clients import serve
from tests_support.kit.fuzz.odd_requests import OddRequest

STACKS = ("flask", "fastapi")
COMPARED_HEADERS = (
    "content-type",
    "allow",
    "retry-after",
    "access-control-allow-origin",
    "access-control-allow-credentials",
    "access-control-expose-headers",
    "access-control-allow-methods",
    "access-control-allow-headers",
    "access-control-max-age",
    "vary",
)
# Headers whose order is no part of the contract.
LISTS = {"allow", "access-control-allow-methods", "access-control-allow-headers", "vary"}


@dataclass
class Answer:
    """What one stack answered, raw and as compared."""

    stack: str
    status: int
    raw: bytes
    served_by: str | None
    compared: tuple[Any, ...]

    def __str__(self) -> str:
        shown = self.raw if len(self.raw) <= 600 else self.raw[:600] + b"..."
        return (
            f"--- {self.stack} (served by {self.served_by}) ---\n"
            f"  status {self.status}\n  headers {dict(self.compared[1])}\n"
            f"  body {shown.decode('utf-8', 'backslashreplace')}\n"
            f"  normalised {json.dumps(self.compared[2], sort_keys=True)[:600]}"
        )


def header_values(response: httpx.Response) -> tuple[tuple[str, Any], ...]:
    """Return the compared headers of a response, lists as sorted sets."""
    found = []
    for name in COMPARED_HEADERS:
        values = response.headers.get_list(name)
        if not values:
            continue
        if name in LISTS:
            items = {item.strip().lower() for value in values for item in value.split(",")}
            found.append((name, tuple(sorted(items - {""}))))
        else:
            found.append((name, tuple(values)))
    return tuple(found)


class Recorder:
    """One stack's client and the normaliser of its answers (ids numbered by first sight)."""

    def __init__(self, stack: str, client: httpx.AsyncClient) -> None:
        self.stack = stack
        self.client = client
        self.normaliser = Normaliser()

    async def send(self, request: OddRequest) -> Answer:
        """Send a raw request and return the answer, normalised."""
        response = await self.client.request(
            request.method, request.path, headers=list(request.headers), content=request.body
        )
        try:
            body = response.json() if response.content else None
        except ValueError:
            body = {"<not json>": response.text}
        compared = (response.status_code, header_values(response), self.normaliser.normalise(body))
        served_by = response.headers.get("x-served-by")
        return Answer(self.stack, response.status_code, response.content, served_by, compared)


class SideBySide:
    """Sends a request to both stacks, in turn, and describes any difference."""

    def __init__(self, portal: Any, recorders: list[Recorder], databases: list[str]) -> None:
        self.portal = portal
        self.recorders = recorders
        self.databases = databases
        self.sent = 0

    def answers(self, request: OddRequest) -> list[Answer]:
        """Send `request` to every stack, one after the other."""
        self.sent += 1
        return [self.portal.call(recorder.send, request) for recorder in self.recorders]

    def difference(self, request: OddRequest) -> str | None:
        """Send `request` to both stacks; describe how they answered if not alike, or if either
        answered 5xx (D1: bad input never produces a 500); else None."""
        flask, fastapi = self.answers(request)
        if flask.compared != fastapi.compared:
            return f"the stacks answered differently:\n{request.repro()}\n{flask}\n{fastapi}"
        if flask.status >= 500:
            return f"both stacks answered {flask.status} (D1):\n{request.repro()}\n{flask}"
        return None


@contextmanager
def side_by_side(gateways: dict[str, tuple[GatewayApp, str]]) -> Iterator[SideBySide]:
    """Start each gateway (lifespan and client) on one portal's loop; yield them side by side.

    `gateways` names each stack's gateway and the URL of its database.
    """
    with start_blocking_portal() as portal, ExitStack() as stack:
        recorders = [
            Recorder(name, stack.enter_context(portal.wrap_async_context_manager(serve(app))))
            for name, (app, _) in gateways.items()
        ]
        yield SideBySide(portal, recorders, [url for _, url in gateways.values()])
