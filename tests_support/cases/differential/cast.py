"""Who acts in the differential check's scripted session, and the HttpStub they call.

The script is told in parts (auth, catalogue, jobs, runs, history); a `Cast` carries the tokens
and ids one part hands to the next. `answer_calls` configures the stub that stands in for the
webhooks and GitHub, once for both runs, so both stacks call the same paths and get the same
answers. Dates are fixed (far future, far past), never relative to today, so both runs send the
same requests whatever the time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from tests_support.cases.differential.recorder import Session
from tests_support.kit.servers.http_stub import HttpStub

JSON_TYPE = {"Content-Type": "application/json"}
TEXT_TYPE = {"Content-Type": "text/plain"}
FAR_END = "2099-12-31"
PAST_END = "2000-01-01"
GITHUB_TOKEN = "ghp-differential-token"
WORKFLOWS = "/repos/acme/deploy/actions/workflows"
# Stub paths and their answers (status, body): webhooks, then GitHub workflow dispatches.
STUB_ANSWERS: dict[str, tuple[int, Any]] = {
    "/hooks/ok": (200, {"received": True}),
    "/hooks/created": (201, "created"),
    "/hooks/fail": (500, "boom: the hook is down"),
    f"{WORKFLOWS}/release/dispatches": (204, b""),
    f"{WORKFLOWS}/broken/dispatches": (422, {"message": "Unexpected inputs provided"}),
    f"{WORKFLOWS}/legacy.yml/dispatches": (204, b""),
    f"{WORKFLOWS}/preview/dispatches": (201, b""),
}


def answer_calls(stub: HttpStub) -> None:
    """Make the stub answer every path the script calls (others answer 404)."""
    for path, (status, body) in STUB_ANSWERS.items():
        stub.answer(path, status, body)


@dataclass
class Cast:
    """The script's actors (access tokens by name) and what earlier parts created (ids by name)."""

    stub: str
    closed: str
    env: pytest.MonkeyPatch
    tokens: dict[str, str] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)

    def hook(self, name: str) -> str:
        """Return the stub URL of a webhook path."""
        return f"{self.stub}/hooks/{name}"


async def login(s: Session, cast: Cast, name: str, password: str = "secret1") -> dict[str, Any]:
    """Log a user in; keep their access token in the cast under their name."""
    body: dict[str, Any] = await s.send(
        "POST", "/api/auth/login", json={"username": name, "password": password}
    )
    cast.tokens[name] = body["access_token"]
    return body


async def register(s: Session, cast: Cast, name: str, role: str) -> None:
    """Register a user (as admin) and log them in."""
    payload = {"username": name, "email": f"{name}@x.io", "password": "secret1", "role": role}
    created = await s.send("POST", "/api/auth/register", token=cast.tokens["admin"], json=payload)
    cast.ids[name] = created["user"]["id"]
    await login(s, cast, name)
