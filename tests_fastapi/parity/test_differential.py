"""Differential check (DESIGN §8): one scripted session replayed on Flask and on FastAPI.

The same ~80 requests, good and bad, run against two fresh databases, one served entirely by each
stack. Their responses are normalised (generated ids numbered by first appearance, tokens reduced
to their claims, timestamps to their format) and compared one by one; the first difference is
printed in full.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest

from cronjobs.main import create_app
from cronjobs.settings import Settings
from tests_support.cases import ANY_ID, ANY_TIMESTAMP, ANY_TOKEN
from tests_support.clients import serve
from tests_support.world import MISSING_ID

_NO_JSON = object()
# Every timestamp format a stack might render, so that a difference of format shows up.
_TIMESTAMP_FORMATS = [
    ("<naive-iso>", ANY_TIMESTAMP.pattern),
    ("<utc-iso>", re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00")),
    ("<millis-z>", re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")),
]


@dataclass
class Exchange:
    """One request of the session and what came back, raw and normalised."""

    number: int
    request: str
    status: int
    content_type: str | None
    served_by: str | None
    raw: str
    normalised: Any

    def comparable(self) -> tuple[Any, ...]:
        return (self.request, self.status, self.content_type, self.normalised)

    def __str__(self) -> str:
        return (
            f"#{self.number} {self.request}\n"
            f"  status {self.status}, content-type {self.content_type}, "
            f"served by {self.served_by}\n"
            f"  body: {self.raw.rstrip()}\n"
            f"  normalised: {json.dumps(self.normalised, sort_keys=True)}"
        )


@dataclass
class Session:
    """Sends the script's requests and records every exchange, normalised."""

    client: httpx.AsyncClient
    exchanges: list[Exchange] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)

    async def send(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        json: Any = _NO_JSON,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        """Send one request; return its JSON body (None when it has none)."""
        sent = dict(headers or {})
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        extra: dict[str, Any] = {} if json is _NO_JSON else {"json": json}
        response = await self.client.request(method, path, headers=sent, content=content, **extra)
        body = response.json() if response.content else None
        shown_path = path
        for real, placeholder in self.ids.items():
            shown_path = shown_path.replace(real, placeholder)
        described = f"{method} {shown_path}"
        if json is not _NO_JSON:
            described += f" json={self._normalise(json)!r}"
        if content is not None:
            described += f" content={content!r} {sent.get('Content-Type')}"
        self.exchanges.append(
            Exchange(
                number=len(self.exchanges) + 1,
                request=described,
                status=response.status_code,
                content_type=response.headers.get("content-type"),
                served_by=response.headers.get("x-served-by"),
                raw=response.text,
                normalised=self._normalise(body),
            )
        )
        return body

    def _placeholder(self, value: str) -> str:
        return self.ids.setdefault(value, f"<id{len(self.ids) + 1}>")

    def _normalise(self, value: Any, key: str | None = None) -> Any:
        if isinstance(value, dict):
            return {k: self._normalise(v, k) for k, v in sorted(value.items())}
        if isinstance(value, list):
            items = sorted(value, key=lambda u: str(u.get("username"))) if key == "users" else value
            return [self._normalise(item) for item in items]
        if not isinstance(value, str):
            return value
        if value == ANY_ID:
            return self._placeholder(value)
        if value == ANY_TOKEN:
            return {"<jwt>": self._token(value)}
        for label, pattern in _TIMESTAMP_FORMATS:
            if pattern.fullmatch(value):
                return label
        return value

    def _token(self, token: str) -> dict[str, Any]:
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(token, options={"verify_signature": False})
        shape = {name: self._normalise(value, name) for name, value in sorted(claims.items())}
        for moment in ("iat", "nbf", "exp"):
            shape[moment] = "<time>"
        return {
            "header": header,
            "claims": shape,
            "lifetime": claims["exp"] - claims["iat"],
            "nbf=iat": claims["nbf"] == claims["iat"],
        }


async def scripted_session(s: Session) -> None:
    """The session: every auth and user endpoint, with good and bad input, in one story."""
    json_type = {"Content-Type": "application/json"}
    text_type = {"Content-Type": "text/plain"}

    await s.send("GET", "/api/health")
    await s.send("HEAD", "/api/health")
    await s.send("GET", "/api/auth/me")
    await s.send("GET", "/api/auth/me", headers={"Authorization": "Basic YWRtaW4="})
    await s.send("GET", "/api/auth/me", headers={"Authorization": "Bearer"})
    await s.send("GET", "/api/auth/me", headers={"Authorization": "Bearer abc"})
    await s.send("GET", "/api/auth/me", headers={"Authorization": ", ,"})
    await s.send("POST", "/api/auth/login", content=b'{"username":"admin"}', headers=text_type)
    await s.send("POST", "/api/auth/login", content=b'{"username":', headers=json_type)
    await s.send("POST", "/api/auth/login", json=[])
    await s.send("POST", "/api/auth/login", json={})
    await s.send("POST", "/api/auth/login", json={"username": 5, "password": "x"})
    await s.send("POST", "/api/auth/login", json={"username": "admin", "password": "wrong"})
    await s.send("POST", "/api/auth/login", json={"username": "nobody", "password": "x"})
    admin = await s.send(
        "POST", "/api/auth/login", json={"username": "admin", "password": "admin123"}
    )
    admin_token, admin_refresh = admin["access_token"], admin["refresh_token"]
    await s.send("GET", "/api/auth/me", token=admin_token)
    await s.send("GET", "/api/auth/me", token=admin_refresh)
    await s.send("POST", "/api/auth/refresh", token=admin_token)
    refreshed = await s.send("POST", "/api/auth/refresh", token=admin_refresh)
    await s.send("GET", "/api/auth/me", token=refreshed["access_token"])

    register = "/api/auth/register"

    async def admin_registers(**payload: Any) -> Any:
        return await s.send("POST", register, token=admin_token, json=payload)

    await s.send("POST", register, json={"username": "alice"})
    await s.send("POST", register, token=admin_token, content=b"{}", headers=text_type)
    await admin_registers()
    await admin_registers(username=12, email="a@x.io", password="secret1")
    await admin_registers(username=" al ", email="a@x.io", password="secret1")
    await admin_registers(username="alice", email="a@x.io", password="12345")
    await admin_registers(username="alice", email="a@x.io", password="secret1", role=None)
    alice = (
        await admin_registers(
            username=" alice ", email=" Alice@X.io", password="secret1", role="user"
        )
    )["user"]
    bob = (
        await admin_registers(username="bob", email="bob@x.io", password="secret1", role="user")
    )["user"]
    victor = (await admin_registers(username="victor", email="victor@x.io", password="secret1"))[
        "user"
    ]
    await admin_registers(username="alice", email="other@x.io", password="secret1")
    await admin_registers(username="alice2", email="BOB@x.io", password="secret1")
    alice_token = (
        await s.send("POST", "/api/auth/login", json={"email": "alice@x.io", "password": "secret1"})
    )["access_token"]
    bob_token = (
        await s.send("POST", "/api/auth/login", json={"username": "bob", "password": "secret1"})
    )["access_token"]
    victor_login = await s.send(
        "POST", "/api/auth/login", json={"username": "victor", "password": "secret1"}
    )
    victor_token, victor_refresh = victor_login["access_token"], victor_login["refresh_token"]
    carol = {"username": "carol", "email": "c@x.io", "password": "secret1"}
    await s.send("POST", register, token=alice_token, json=carol)

    users = "/api/auth/users"
    await s.send("GET", users, token=admin_token)
    await s.send("GET", users, token=alice_token)
    await s.send("GET", f"{users}/{alice['id']}", token=alice_token)
    await s.send("GET", f"{users}/{bob['id']}", token=alice_token)
    await s.send("GET", f"{users}/{MISSING_ID}", token=admin_token)
    await s.send("GET", f"{users}/{alice['id']}", token=admin_token)
    await s.send(
        "PUT", f"{users}/{alice['id']}", token=alice_token, json={"email": " Alice.New@X.io "}
    )
    await s.send("PUT", f"{users}/{alice['id']}", token=alice_token, json={"email": "bob@x.io"})
    await s.send("PUT", f"{users}/{alice['id']}", token=alice_token, json={"password": "123"})
    await s.send("PUT", f"{users}/{alice['id']}", token=alice_token, json={"role": "admin"})
    await s.send("PUT", f"{users}/{alice['id']}", token=alice_token, json={"is_active": False})
    await s.send("PUT", f"{users}/{alice['id']}", token=alice_token, json={})
    await s.send("PUT", f"{users}/{alice['id']}", token=alice_token, json={"email": 3})
    await s.send("PUT", f"{users}/{bob['id']}", token=alice_token, json={"email": "x@x.io"})
    await s.send(
        "PUT", f"{users}/{alice['id']}", token=alice_token, content=b"{}", headers=text_type
    )
    await s.send(
        "PUT", f"{users}/{alice['id']}", token=alice_token, content=b"{", headers=json_type
    )
    await s.send("PUT", f"{users}/{MISSING_ID}", token=admin_token, json={"role": "user"})
    await s.send("PUT", f"{users}/{alice['id']}", token=admin_token, json={"role": "chief"})
    await s.send("PUT", f"{users}/{alice['id']}", token=admin_token, json={"is_active": "no"})
    await s.send(
        "PUT",
        f"{users}/{bob['id']}",
        token=admin_token,
        json={"is_active": True, "role": "viewer", "password": "secret2", "email": ""},
    )
    await s.send("PUT", f"{users}/{alice['id']}", token=alice_token, json={"password": "secret3"})
    await s.send("POST", "/api/auth/login", json={"username": "alice", "password": "secret1"})
    alice_token = (
        await s.send("POST", "/api/auth/login", json={"username": "alice", "password": "secret3"})
    )["access_token"]

    prefs = f"{users}/{alice['id']}/preferences"
    await s.send("GET", prefs, token=alice_token)
    await s.send("GET", prefs, token=alice_token)
    await s.send("GET", f"{users}/{bob['id']}/preferences", token=alice_token)
    await s.send(
        "PUT", prefs, token=alice_token, json={"daily_digest": True, "weekly_report": False}
    )
    await s.send("PUT", prefs, token=alice_token, json={"browser_notifications": "off"})
    await s.send("PUT", prefs, token=alice_token, content=b"{}", headers=text_type)
    await s.send("PUT", prefs, token=alice_token, json=[])
    await s.send("GET", f"{users}/{MISSING_ID}/preferences", token=admin_token)
    await s.send("GET", f"{users}/{bob['id']}/preferences", token=admin_token)

    ui = f"{users}/{alice['id']}/ui-preferences"
    await s.send("GET", ui, token=alice_token)
    await s.send(
        "PUT",
        ui,
        token=alice_token,
        json={"jobs_table_columns": {"pic_team": 0, "target_url": "y", "x": 1}},
    )
    await s.send("PUT", ui, token=alice_token, json={"jobs_table_columns": None})
    await s.send("PUT", ui, token=alice_token, json={"jobs_table_columns": ["pic_team"]})
    await s.send("PUT", ui, token=alice_token, content=b"{,}", headers=json_type)
    await s.send("PUT", ui, token=alice_token, json="columns")
    await s.send("GET", ui, token=alice_token)
    await s.send(
        "PUT",
        f"{users}/{bob['id']}/ui-preferences",
        token=alice_token,
        json={"jobs_table_columns": {}},
    )
    await s.send("GET", f"{users}/{victor['id']}/ui-preferences", token=victor_token)

    await s.send("PUT", f"{users}/{victor['id']}", token=admin_token, json={"is_active": False})
    await s.send("GET", "/api/auth/me", token=victor_token)
    await s.send("POST", "/api/auth/login", json={"username": "victor", "password": "secret1"})
    await s.send("POST", "/api/auth/refresh", token=victor_refresh)
    await s.send("DELETE", f"{users}/{admin['user']['id']}", token=admin_token)
    await s.send("DELETE", f"{users}/{bob['id']}", token=alice_token)
    await s.send("DELETE", f"{users}/{MISSING_ID}", token=admin_token)
    await s.send("DELETE", f"{users}/{alice['id']}", token=admin_token)
    await s.send("GET", "/api/auth/me", token=alice_token)
    await s.send("GET", f"{users}/{alice['id']}", token=admin_token)
    await s.send("GET", users, token=admin_token)
    await s.send("GET", "/api/auth/me", token=bob_token)
    await s.send("HEAD", "/api/auth/me", token=admin_token)


async def record(settings: Settings) -> list[Exchange]:
    """Run the script on a fresh service built from `settings`."""
    async with serve(create_app(settings)) as client:
        session = Session(client)
        await scripted_session(session)
    return session.exchanges


def first_difference(left: list[Exchange], right: list[Exchange]) -> str | None:
    """Describe the first exchange where the two runs differ, in full."""
    for flask, fastapi in zip(left, right, strict=True):
        if flask.comparable() != fastapi.comparable():
            return f"first difference:\n--- flask ---\n{flask}\n--- fastapi ---\n{fastapi}"
    return None


@pytest.fixture
def run_on(
    make_settings: Callable[..., Settings],
    empty_database: Callable[[str], str],
    tmp_path: Path,
) -> Callable[[str], Any]:
    """Run the session on an empty database with every implemented endpoint on one stack."""

    async def run(stack: str) -> list[Exchange]:
        url = empty_database(stack)
        settings = make_settings(
            database_url=url,
            fastapi_database_url=url,
            cutover_default=stack,
            cutover_file=str(tmp_path / f"{stack}-cutover.toml"),
        )
        return await record(settings)

    return run


async def test_scripted_session_gets_the_same_answers_from_both_stacks(
    run_on: Callable[[str], Any],
) -> None:
    flask, fastapi = await run_on("flask"), await run_on("fastapi")
    assert len(flask) >= 60
    difference = first_difference(flask, fastapi)
    if difference is not None:
        print(difference)
        pytest.fail(difference)


async def test_scripted_session_is_served_entirely_by_the_chosen_stack(
    run_on: Callable[[str], Any],
) -> None:
    served = {stack: {e.served_by for e in await run_on(stack)} for stack in ("flask", "fastapi")}
    assert served == {"flask": {"flask"}, "fastapi": {"fastapi"}}
