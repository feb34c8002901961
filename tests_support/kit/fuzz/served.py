"""The service schemathesis fuzzes: the whole gateway in-process, on a fresh SQLite database.

Schemathesis builds its tests when the module is imported, from a schema that must already name
the app it calls; the gateway, though, is built by a fixture on a temp database. `ServedApp` is
that name: an ASGI app standing for whichever gateway a fixture has started (`serving`), so the
schema is loaded at import time from the document alone (`offline_document`, no database) and its
requests, and the checks' own probes, reach the live gateway.

No request leaves 127.0.0.1: the test-run and execute endpoints call whatever URL a fuzzed body
names, so `serving` points HTTP(S)_PROXY at a closed local port (httpx honours it) and GitHub's
API at another; every such call fails at once with "Request failed", as the contract allows.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from schemathesis.python import asgi
from sqlalchemy import make_url
from starlette.types import ASGIApp, Receive, Scope, Send

from cronjobs import api
from cronjobs.main import create_app
from cronjobs.settings import Settings
from tests_support.kit.databases import sqlite_url
from tests_support.kit.servers.http_stub import closed_port_url
from tests_support.kit.worlds.base import DEFAULT_ADMIN_PASSWORD, WORLD_SECRET, copy_database

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")


class ServedApp:
    """An ASGI app that hands everything, its lifespan included, to the gateway being served.

    Schemathesis runs the lifespan of the app it calls on its own event loop, where it sends the
    requests, and ends it after each test; the next request starts it again. So the gateway is
    restarted per test on the same database, as the parity suite restarts its shared gateways.
    """

    def __init__(self) -> None:
        self.app: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.app is None:
            raise RuntimeError("no gateway is being served")
        await self.app(scope, receive, send)


def offline_document() -> dict[str, Any]:
    """Return the FastAPI app's OpenAPI document, built without touching any database."""
    app = api.create_app(Settings(_env_file=None, database_url="sqlite://", testing=True))
    return app.openapi()


def gateway_settings(folder: Path, stack: str = "fastapi", name: str = "cron_jobs.db") -> Settings:
    """Development settings on SQLite file `name` in `folder`: default admin, every endpoint on
    `stack`, no scheduler, no throttling (the fuzzers log in wrongly on purpose)."""
    url = sqlite_url(folder, name)
    return Settings(
        _env_file=None,
        environment="development",
        database_url=url,
        fastapi_database_url=url,
        testing=True,
        jwt_secret_key=WORLD_SECRET,
        allow_default_admin=True,
        expose_error_details=True,
        cutover_file=str(folder / f"{stack}-cutover.toml"),
        cutover_default=stack,
        cors_origins="https://app.example",
        login_throttle_enabled=False,
        github_api_url=closed_port_url(),
        github_token="",
    )


@dataclass(frozen=True)
class Served:
    """A gateway being served: its database, a copy of it as it was once the admin had logged
    in, and the admin's tokens by security scheme (`bearerAuth`, an access token;
    `refreshToken`)."""

    database_url: str
    snapshot: Path
    tokens: dict[str, str]

    def reset(self) -> None:
        """Put the database back as it was when serving began (between requests only)."""
        # SQLite's online backup: the gateway's idle pooled connections read the restored pages
        # from their next transaction on.
        copy_database(self.snapshot, self.database_url)


@contextmanager
def no_outbound_calls() -> Iterator[None]:
    """Send every outbound HTTP(S) call of the service to a closed local port (HTTP_PROXY)."""
    closed = closed_port_url()
    with pytest.MonkeyPatch.context() as environment:
        for name in PROXY_VARIABLES:
            environment.setenv(name, closed)
        environment.delenv("NO_PROXY", raising=False)
        environment.delenv("no_proxy", raising=False)
        yield


@contextmanager
def serving(served: ServedApp, folder: Path) -> Iterator[Served]:
    """Start a gateway on a fresh database behind `served`; yield it once the admin logged in."""
    settings = gateway_settings(folder)
    gateway = create_app(settings)
    with no_outbound_calls():
        served.app = gateway
        try:
            with asgi.get_client(served) as client:
                login = client.post(
                    "/api/v2/auth/login",
                    json={"username": "admin", "password": DEFAULT_ADMIN_PASSWORD},
                )
            assert login.status_code == 200, login.text
            tokens = login.json()
            snapshot = folder / "snapshot.db"
            copy_database(
                Path(make_url(settings.database_url).database or ""),
                sqlite_url(folder, snapshot.name),
            )
            yield Served(
                settings.database_url,
                snapshot,
                {"bearerAuth": tokens["access_token"], "refreshToken": tokens["refresh_token"]},
            )
        finally:
            asgi.shutdown_lifespans()
            served.app = None
