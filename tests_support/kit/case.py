"""Endpoint cases written once as data and replayed against either stack.

A `Case` is one behaviour: an optional setup on the database, one request, the exact status and
JSON body the spec promises, optional database checks, and optional follow-up steps. A stack's
suite only supplies `send` (its client) and the API prefix; `exchanges` yields each request with
the function that verifies its reply, so the same table drives Flask's sync test client and
FastAPI's async httpx client.

Expected bodies are compared exactly. Only values the service generates (new ids, timestamps,
tokens) are matched by pattern, through `ANY_ID`, `ANY_TIMESTAMP` and `ANY_TOKEN`.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests_support.kit.worlds.base import World


class _Sentinel:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


NOTHING: Any = _Sentinel("NOTHING")
"""No JSON body is sent (as `json=`), or the body is not compared (as `body=`)."""
EMPTY: Any = _Sentinel("EMPTY")
"""As `body=`: the response must have no body at all (HEAD, OPTIONS)."""
JSON = "application/json"
_DEFAULT_TYPE: Any = _Sentinel("DEFAULT_TYPE")


class Matches:
    """Equal to any string that fully matches a pattern: a value the service generates."""

    __hash__ = None  # type: ignore[assignment]

    def __init__(self, label: str, pattern: str) -> None:
        self.label = label
        self.pattern = re.compile(pattern)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and self.pattern.fullmatch(other) is not None

    def __repr__(self) -> str:
        return f"<any {self.label}>"


class Unordered:
    """Equal to a list holding the same items in any order (where the spec leaves order open)."""

    __hash__ = None  # type: ignore[assignment]

    def __init__(self, items: list[Any]) -> None:
        self.items = items

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, list) or len(other) != len(self.items):
            return False
        remaining = list(other)
        for item in self.items:
            match = next((index for index, got in enumerate(remaining) if got == item), None)
            if match is None:
                return False
            del remaining[match]
        return True

    def __repr__(self) -> str:
        return f"<any order of {self.items!r}>"


def typed(value: Any) -> Any:
    """Tag booleans so that comparisons tell `true` from `1` and `false` from `0`."""
    if isinstance(value, bool):
        return (bool, value)
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    if isinstance(value, Unordered):
        return Unordered(typed(value.items))
    return value


ANY_ID = Matches("uuid4", r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
ANY_TIMESTAMP = Matches("naive ISO timestamp", r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?")
ANY_TOKEN = Matches("JWT", r"[\w-]+\.[\w-]+\.[\w-]+")


@dataclass(frozen=True, slots=True)
class HttpRequest:
    """A request as any client sends it: method, full path, headers and raw body."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True, slots=True)
class Reply:
    """A response as any client received it (header names lower-cased)."""

    status: int
    headers: dict[str, str]
    content: bytes

    def json(self) -> Any:
        """Decode the body."""
        return json.loads(self.content)

    def allow(self) -> set[str]:
        """Return the methods of the `Allow` header."""
        return {method.strip() for method in self.headers.get("allow", "").split(",") if method}


Expected = Any  # a JSON value, NOTHING, EMPTY, or a callable of the World returning one
Check = Callable[["World", Reply], None]


@dataclass(frozen=True, kw_only=True)
class Step:
    """One request and what must come back.

    `path` is relative to the API prefix and may name world ids: `/auth/users/{other}`.
    `actor` is the user whose access token is sent; `auth` replaces the whole Authorization value
    (a string, or a callable of the world); with neither, no Authorization header is sent.
    `json` may also be a callable of the world, for bodies that name a world value (a URL).
    """

    method: str
    path: str
    actor: str | None = "admin"
    auth: str | Callable[[World], str] | None = None
    json: Any = NOTHING
    raw: bytes | None = None
    content_type: str | None = _DEFAULT_TYPE
    status: int
    body: Expected = NOTHING
    allow: frozenset[str] | None = None
    check: Check | None = None

    def request(self, world: World, prefix: str) -> HttpRequest:
        """Build the HTTP request for this step."""
        headers: dict[str, str] = {}
        authorization = self.auth(world) if callable(self.auth) else self.auth
        if authorization is None and self.actor is not None:
            authorization = f"Bearer {world.token(self.actor)}"
        if authorization is not None:
            headers["Authorization"] = authorization
        if self.raw is not None:
            data = self.raw
        elif self.json is not NOTHING:
            payload = self.json(world) if callable(self.json) else self.json
            data = json.dumps(payload).encode()
        else:
            data = b""
        content_type = self.content_type
        if content_type is _DEFAULT_TYPE:
            content_type = JSON if (self.raw is not None or self.json is not NOTHING) else None
        if content_type is not None:
            headers["Content-Type"] = content_type
        return HttpRequest(self.method, prefix + self.path.format(**world.ids), headers, data)

    def expected_body(self, world: World) -> Any:
        """Resolve the expected body against the world (before the request is sent)."""
        return self.body(world) if callable(self.body) else self.body

    def verify(self, world: World, reply: Reply, expected: Any) -> None:
        """Assert the reply: status, JSON media type, exact body, Allow, then the checks."""
        world.last_reply = reply
        assert reply.status == self.status, reply.content
        assert reply.headers.get("content-type", "").startswith(JSON), reply.headers
        if expected is EMPTY:
            assert reply.content == b""
        elif expected is not NOTHING:
            assert typed(reply.json()) == typed(expected)
        if self.allow is not None:
            assert reply.allow() == self.allow
        if self.check is not None:
            self.check(world, reply)


@dataclass(frozen=True, kw_only=True)
class Case(Step):
    """A behaviour of the contract: setup, a first step, and any follow-up steps."""

    name: str
    setup: Callable[[World], None] | None = None
    then: tuple[Step, ...] = field(default=())

    def exchanges(
        self, world: World, prefix: str = "/api"
    ) -> Iterator[tuple[HttpRequest, Callable[[Reply], None]]]:
        """Run the setup, then yield each request with the function that verifies its reply."""
        if self.setup is not None:
            self.setup(world)
        for step in (self, *self.then):
            expected = step.expected_body(world)
            yield (
                step.request(world, prefix),
                functools.partial(step.verify, world, expected=expected),
            )

    def replay(self, world: World, send: Callable[[HttpRequest], Reply]) -> None:
        """Run the case through `send` (one stack's client), verifying every reply."""
        for request, verify in self.exchanges(world):
            verify(send(request))


def ids(cases: list[Case]) -> list[str]:
    """Return the test ids of a case table, failing on duplicate names."""
    names = [case.name for case in cases]
    duplicates = {name for name in names if names.count(name) > 1}
    assert not duplicates, f"duplicate case names: {sorted(duplicates)}"
    return names
