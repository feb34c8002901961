"""Helpers of the parity suite: value matchers, the `Api` client wrapper, people, normalisation.

Expected bodies are written out in full in the scenarios; only values a stack generates (ids,
tokens, timestamps) are matched by shape, with the matchers below.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import jwt
from asgi_lifespan import LifespanManager
from sqlalchemy import create_engine, select

from cronjobs.db import sync_url
from cronjobs.main import create_app
from cronjobs.models import User
from cronjobs.settings import Settings

_NO_JSON = object()


class Shaped:
    """Equal to any string of one shape (a generated id, a token, a timestamp)."""

    def __init__(self, name: str, pattern: str) -> None:
        self.name = name
        self.pattern = re.compile(pattern)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and self.pattern.fullmatch(other) is not None

    def __hash__(self) -> int:
        return hash(self.name)

    def __repr__(self) -> str:
        return f"<any {self.name}>"


UUID_PATTERN = r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
NAIVE_ISO_PATTERN = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?"
JWT_PATTERN = r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+"


class UnorderedList:
    """Equal to a list holding the same items in any order (for lists the spec leaves unordered)."""

    def __init__(self, items: list[Any]) -> None:
        self.items = items

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, list) or len(other) != len(self.items):
            return False
        remaining = list(other)
        for item in self.items:
            for index, candidate in enumerate(remaining):
                if candidate == item:
                    del remaining[index]
                    break
            else:
                return False
        return True

    def __hash__(self) -> int:
        return len(self.items)

    def __repr__(self) -> str:
        return f"<any order of {self.items!r}>"


def any_order(*items: Any) -> UnorderedList:
    """Match a list of exactly these items, in any order."""
    return UnorderedList(list(items))


ANY_ID = Shaped("uuid4", UUID_PATTERN)
TIMESTAMP = Shaped("naive ISO timestamp", NAIVE_ISO_PATTERN)
TOKEN = Shaped("JWT", JWT_PATTERN)


@dataclass(frozen=True, slots=True)
class Person:
    """A user the scenario knows: id, credentials and role."""

    id: str
    username: str
    email: str
    password: str
    role: str

    def json(self, **changes: Any) -> dict[str, Any]:
        """The `User` resource (§5.1) a stack must render for this person."""
        rendered = {
            "id": self.id,
            "username": self.username,
            "email": self.email,
            "role": self.role,
            "is_active": True,
            "created_at": TIMESTAMP,
            "updated_at": TIMESTAMP,
        }
        rendered.update(changes)
        return rendered


@asynccontextmanager
async def serve(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """Build the whole service on `settings`, run its lifespan, and yield a client of it."""
    async with (
        LifespanManager(create_app(settings)) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://testserver"
        ) as client,
    ):
        yield client


def user_id(database_url: str, username: str) -> str:
    """Read a user's id straight from the database."""
    engine = create_engine(sync_url(database_url))
    try:
        with engine.connect() as connection:
            return str(connection.scalar(select(User.id).where(User.username == username)))
    finally:
        engine.dispose()


def claims(token: str) -> dict[str, Any]:
    """The payload of a token, unverified (the stacks verify; this only reads)."""
    payload: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return payload


@dataclass(slots=True)
class Api:
    """A client of the gateway that checks every response came from `stack`."""

    client: httpx.AsyncClient
    stack: str

    async def call(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        json: Any = _NO_JSON,
        content: bytes | str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """Send one request; fail unless the stack under test answered it."""
        sent = dict(headers or {})
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        extra: dict[str, Any] = {} if json is _NO_JSON else {"json": json}
        response = await self.client.request(method, path, headers=sent, content=content, **extra)
        served = response.headers.get("X-Served-By")
        assert served == self.stack, f"{method} {path} was served by {served}, not {self.stack}"
        return response

    async def expect(self, method: str, path: str, status: int, body: Any, **request: Any) -> Any:
        """Send one request and require exactly this status and JSON body; return the body."""
        response = await self.call(method, path, **request)
        actual = (response.status_code, response.headers.get("content-type"), response.json())
        assert actual == (status, "application/json", body), f"{method} {path}"
        return actual[2]

    async def login(self, person: Person) -> tuple[str, str]:
        """Log a person in; return (access token, refresh token)."""
        response = await self.call(
            "POST",
            "/api/auth/login",
            json={"username": person.username, "password": person.password},
        )
        assert response.status_code == 200, response.text
        body = response.json()
        return body["access_token"], body["refresh_token"]

    async def token(self, person: Person) -> str:
        """Log a person in; return the access token."""
        return (await self.login(person))[0]
