"""Fixtures of the gateway suite: settings (with this test's cutover.toml) → gateway app → client.

Override `cutover` (the `[endpoints]` table written to the test's cutover.toml) or
`settings_overrides` by parametrizing them in a test; `start_gateway` builds further gateways
when one test needs several. `log_in` signs a user in through the service's own login, and
`admin` is the default admin's Authorization header.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.types import ASGIApp

from cronjobs.main import create_app
from cronjobs.settings import Settings
from tests_support.kit.lifespans import BASE_URL, lifespan, service_client
from tests_support.kit.worlds.base import DEFAULT_ADMIN_PASSWORD


def write_cutover(path: str | Path, modes: Mapping[str, str]) -> None:
    """Write a cutover file declaring `modes` (an empty mapping declares nothing)."""
    lines = ["[endpoints]", *(f'"{key}" = "{mode}"' for key, mode in modes.items())]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def cutover() -> dict[str, str]:
    """The per-endpoint modes this test declares in its cutover.toml (none by default)."""
    return {}


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Settings this test changes (none by default)."""
    return {}


@pytest.fixture
def settings(
    make_settings: Callable[..., Settings],
    cutover: dict[str, str],
    settings_overrides: dict[str, Any],
) -> Settings:
    """Test settings whose cutover file declares `cutover`."""
    built = make_settings(**settings_overrides)
    write_cutover(built.cutover_file, cutover)
    return built


@pytest.fixture
async def gateway_app(settings: Settings) -> AsyncIterator[ASGIApp]:
    """The composed service (gateway in front of both stacks) with its lifespan running."""
    async with lifespan(create_app(settings)) as manager:
        yield manager.app


@pytest.fixture
async def client(gateway_app: ASGIApp) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the gateway in-process."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=gateway_app), base_url=BASE_URL
    ) as http:
        yield http


@pytest.fixture
def start_gateway(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]:
    """Start another gateway on this test's database: `async with start_gateway(modes, **kw)`."""
    counter = iter(range(1, 1_000))

    def start(
        modes: Mapping[str, str] | None = None, **overrides: Any
    ) -> AbstractAsyncContextManager[httpx.AsyncClient]:
        cutover_file = tmp_path / f"cutover-{next(counter)}.toml"
        write_cutover(cutover_file, modes or {})
        return service_client(make_settings(cutover_file=str(cutover_file), **overrides))

    return start


@pytest.fixture
def log_in(client: httpx.AsyncClient) -> Callable[[str, str], Awaitable[dict[str, str]]]:
    """Sign in through the service's own login: `await log_in(username, password)` → header."""

    async def sign_in(username: str, password: str) -> dict[str, str]:
        response = await client.post(
            "/api/auth/login", json={"username": username, "password": password}
        )
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    return sign_in


@pytest.fixture
async def admin(log_in: Callable[[str, str], Awaitable[dict[str, str]]]) -> dict[str, str]:
    """The default admin's Authorization header, from the service's own login."""
    return await log_in("admin", DEFAULT_ADMIN_PASSWORD)
