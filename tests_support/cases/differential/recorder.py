"""The differential check's machinery (DESIGN §8): record a scripted session, normalised.

A `Session` sends the script's requests and records each exchange, with the calls the service
made to the HttpStub while answering it. Responses are normalised so that two runs on two fresh
databases compare equal exactly when the service answered alike: generated ids are numbered by
first appearance (also inside messages and paths), tokens are reduced to their claims, "now"
timestamps to their format plus a version per object and field (so an unchanged `read_at` or a
refreshed `updated_at` still shows), fire times to weekday, time and offset, run durations to
"<duration>", and the stub's base URL (its port changes every test) to "<stub>". Deterministic
values (statuses, keys, messages, counts, booleans, date bounds echoed from the query) are kept.
`first_difference` describes the first exchange where two runs differ, in full.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from json import dumps, loads
from typing import Any

import httpx
import jwt

from tests_support.kit.case import ANY_TIMESTAMP
from tests_support.kit.servers.http_stub import HttpStub, Received

NO_JSON: Any = object()
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
_JWT = re.compile(r"eyJ[\w-]*\.[\w-]+\.[\w-]+")
# Every format a stack might render a "now" in, so that a difference of format shows up.
_TIMESTAMP_FORMATS = [
    ("<naive-iso>", ANY_TIMESTAMP.pattern),
    ("<utc-iso>", re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00")),
    ("<millis-z>", re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")),
]
# Keys whose timestamps depend on when the request ran; every other timestamp is kept as sent.
_MOMENT_KEYS = {
    "created_at",
    "updated_at",
    "read_at",
    "started_at",
    "completed_at",
    "last_execution_at",
}
# Fire times depend on today's date, but the script's cron expressions fix their weekday and
# time of day, so those (and the offset) are kept: a wrong cron semantic still shows.
_FIRE_TIME_KEYS = {"next_execution_at", "next_runs"}
_DURATION_KEYS = {"duration_seconds", "average_duration_seconds"}


@dataclass
class Exchange:
    """One request of the session and what came back, raw and normalised."""

    number: int
    method: str
    path: str
    request: str
    status: int
    content_type: str | None
    served_by: str | None
    raw: str
    normalised: Any
    calls: list[Any] = field(default_factory=list)

    def comparable(self) -> tuple[Any, ...]:
        """Return what must be equal in both runs."""
        return (self.request, self.status, self.content_type, self.normalised, self.calls)

    def __str__(self) -> str:
        return (
            f"#{self.number} {self.request}\n"
            f"  status {self.status}, content-type {self.content_type}, "
            f"served by {self.served_by}\n"
            f"  body: {self.raw.rstrip()}\n"
            f"  normalised: {dumps(self.normalised, sort_keys=True)}\n"
            f"  calls to the stub: {dumps(self.calls, sort_keys=True)}"
        )


@dataclass
class Normaliser:
    """Reduces answers to what two runs must share (see the module docstring), with its memory:
    generated ids by first appearance, and the versions of each object's "now" fields.

    `aliases` maps volatile substrings (the stub's base URL) to the placeholders shown instead.
    """

    aliases: dict[str, str] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)
    versions: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def _placeholder(self, value: str) -> str:
        return self.ids.setdefault(value, f"<id{len(self.ids) + 1}>")

    def text(self, value: str) -> str:
        """Replace aliases and generated ids in a text."""
        # Longest first: one base URL may be a prefix of another (ports 4356 and 43567).
        for real in sorted(self.aliases, key=len, reverse=True):
            value = value.replace(real, self.aliases[real])
        return _UUID.sub(lambda found: self._placeholder(found.group()), value)

    def normalise(self, value: Any, key: str | None = None, owner: str = "") -> Any:
        """Normalise a decoded JSON value (`key` is the key it was found under)."""
        if isinstance(value, dict):
            identity = value.get("id")
            owner = identity if isinstance(identity, str) else ""
            return {k: self.normalise(v, k, owner) for k, v in sorted(value.items())}
        if isinstance(value, list):
            items = sorted(value, key=lambda u: str(u.get("username"))) if key == "users" else value
            return [self.normalise(item, key) for item in items]
        if key in _DURATION_KEYS and _is_number(value) and value != 0:
            return "<duration>"
        if not isinstance(value, str):
            return value
        if _JWT.fullmatch(value):
            return {"<jwt>": self._token(value)}
        if key in _MOMENT_KEYS:
            return self._moment(value, key, owner)
        if key in _FIRE_TIME_KEYS:
            return _fire_time(value)
        return self.text(value)

    def _moment(self, value: str, key: str, owner: str) -> str:
        """Reduce a "now" to its format and its version among this object's values of `key`."""
        label = next((name for name, form in _TIMESTAMP_FORMATS if form.fullmatch(value)), None)
        if label is None:
            return value  # an unknown format stays as sent, to show up
        if not owner:
            return label
        seen = self.versions.setdefault((owner, key), [])
        if value not in seen:
            seen.append(value)
        return f"{label} v{seen.index(value) + 1}"

    def _token(self, token: str) -> dict[str, Any]:
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(token, options={"verify_signature": False})
        shape = {name: self.normalise(value, name) for name, value in sorted(claims.items())}
        for moment in ("iat", "nbf", "exp"):
            shape[moment] = "<time>"
        return {
            "header": header,
            "claims": shape,
            "lifetime": claims["exp"] - claims["iat"],
            "nbf=iat": claims["nbf"] == claims["iat"],
        }


@dataclass
class Session:
    """Sends the script's requests and records every exchange, normalised."""

    client: httpx.AsyncClient
    stub: HttpStub
    aliases: dict[str, str] = field(default_factory=dict)
    exchanges: list[Exchange] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.normaliser = Normaliser(self.aliases)

    async def send(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        json: Any = NO_JSON,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        """Send one request; return its JSON body (None when it has none)."""
        sent = dict(headers or {})
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        data = content
        if json is not NO_JSON:  # encoded here, so that `json=None` sends a JSON null
            data = dumps(json).encode()
            sent.setdefault("Content-Type", "application/json")
        called = len(self.stub.requests)
        response = await self.client.request(method, path, headers=sent, content=data)
        try:
            body = response.json() if response.content else None
        except ValueError:
            body = {"<not json>": response.text}
        normaliser = self.normaliser
        described = f"{method} {path}"
        if json is not NO_JSON:
            described += f" json={normaliser.normalise(json)!r}"
        if content is not None:
            described += f" content={content!r} {sent.get('Content-Type')}"
        self.exchanges.append(
            Exchange(
                number=len(self.exchanges) + 1,
                method=method,
                path=path.split("?", 1)[0],
                request=normaliser.text(described),
                status=response.status_code,
                content_type=response.headers.get("content-type"),
                served_by=response.headers.get("x-served-by"),
                raw=response.text,
                normalised=normaliser.normalise(body),
                calls=[self._call(call) for call in self.stub.requests[called:]],
            )
        )
        return body

    def _call(self, call: Received) -> dict[str, Any]:
        headers = {name: value for name, value in call.headers.items() if name != "host"}
        try:
            body = loads(call.body) if call.body else None
        except ValueError:
            body = call.body.decode(errors="replace")
        request = {"method": call.method, "path": call.path, "body": body}
        normalised: dict[str, Any] = self.normaliser.normalise(request | headers)
        return normalised


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _fire_time(value: str) -> str:
    """Reduce a fire time to its weekday, time of day and offset: `<Tue 09:00:00+09:00>`."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is None or moment.isoformat() != value:
        return value
    return f"<{moment:%a} {value[11:]}>"


def first_difference(left: list[Exchange], right: list[Exchange]) -> str | None:
    """Describe the first exchange where the two runs differ, in full."""
    for flask, fastapi in zip(left, right, strict=False):
        if flask.comparable() != fastapi.comparable():
            return f"first difference:\n--- flask ---\n{flask}\n--- fastapi ---\n{fastapi}"
    if len(left) != len(right):
        return f"the runs sent {len(left)} (flask) and {len(right)} (fastapi) requests"
    return None
