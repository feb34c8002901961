"""Login throttling (D23) on the whole service: 429 after too many failed logins, on every stack.

Chain: `overrides` (settings this test changes) and `login_mode` (the login's cutover flag) →
`settings` (throttling on) → `gateway` (the service with its lifespan running). Every attempt
is a fresh client on that gateway, from `address` (127.0.0.1 unless a test says otherwise).
The default admin is the account under attack; the limits are the defaults (10 failures per
username, 100 per address, 900 s) unless `overrides` lowers them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from starlette.types import ASGIApp

from cronjobs.main import create_app
from cronjobs.settings import Settings
from tests_support.kit.databases import DATABASE_KINDS, empty_server_url
from tests_support.kit.lifespans import lifespan
from tests_support.kit.metric_samples import samples_in
from tests_support.kit.worlds.base import DEFAULT_ADMIN_PASSWORD

BASE_URL = "http://testserver"
LOGIN, V2_LOGIN = "/api/auth/login", "/api/v2/auth/login"
HOME, ELSEWHERE = "127.0.0.1", "192.0.2.7"
WRONG = "not-the-password"
USER_LIMIT = 10  # LOGIN_THROTTLE_USER_FAILURES' default
# The login's flag and path: each stack, and the v2 path that only FastAPI serves.
STACKS = pytest.mark.parametrize(
    ("login_mode", "login_path"),
    [("flask", LOGIN), ("fastapi", LOGIN), ("flask", V2_LOGIN)],
    ids=["flask", "fastapi", "v2"],
)


@pytest.fixture
def overrides() -> dict[str, Any]:
    """Settings this test changes (none by default)."""
    return {}


@pytest.fixture
def login_mode() -> str:
    """The cutover flag of `POST /api/auth/login`."""
    return "flask"


@pytest.fixture
def login_path() -> str:
    """The path this test logs in at."""
    return LOGIN


def write_cutover(path: str, login_mode: str) -> None:
    """Declare the login's mode in the test's cutover file."""
    Path(path).write_text(f'[endpoints]\n"POST {LOGIN}" = "{login_mode}"\n', encoding="utf-8")


@pytest.fixture
def settings(
    make_settings: Callable[..., Settings], overrides: dict[str, Any], login_mode: str
) -> Settings:
    """Test settings with login throttling on."""
    built = make_settings(login_throttle_enabled=True, **overrides)
    write_cutover(built.cutover_file, login_mode)
    return built


@asynccontextmanager
async def running(settings: Settings) -> AsyncIterator[ASGIApp]:
    """Build the whole service and run its lifespan."""
    async with lifespan(create_app(settings)) as manager:
        yield manager.app


@pytest.fixture
async def gateway(settings: Settings) -> AsyncIterator[ASGIApp]:
    """The service, throttling logins."""
    async with running(settings) as app:
        yield app


async def attempt(
    app: ASGIApp,
    username: str,
    password: str,
    path: str = LOGIN,
    address: str = HOME,
    headers: dict[str, str] | None = None,
    body: Any = None,
) -> httpx.Response:
    """Log in once from `address`, with `body` (JSON) instead of the credentials when given."""
    transport = httpx.ASGITransport(app=app, client=(address, 50_000))
    payload = {"username": username, "password": password} if body is None else body
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        return await client.post(path, json=payload, headers=headers)


async def fail(app: ASGIApp, count: int, username: str = "admin", path: str = LOGIN) -> list[int]:
    """Send `count` wrong passwords for `username`; return the statuses."""
    return [(await attempt(app, username, WRONG, path)).status_code for _ in range(count)]


@STACKS
async def test_the_login_after_ten_failures_is_refused_even_with_the_right_password(
    gateway: ASGIApp, login_path: str
) -> None:
    assert await fail(gateway, USER_LIMIT, path=login_path) == [401] * USER_LIMIT
    refused = await attempt(gateway, "admin", DEFAULT_ADMIN_PASSWORD, path=login_path)
    assert refused.status_code == 429


async def test_a_refusal_says_in_json_when_to_try_again(gateway: ASGIApp) -> None:
    await fail(gateway, USER_LIMIT)
    refused = await attempt(gateway, "admin", WRONG)
    seconds = int(refused.headers["retry-after"])
    assert 1 <= seconds <= 900
    assert refused.headers["content-type"] == "application/json"
    assert refused.json() == {
        "error": "Too many attempts",
        "message": f"Try again in {seconds} seconds.",
    }


async def test_a_refusal_is_encoded_as_every_other_answer(gateway: ASGIApp) -> None:
    await fail(gateway, USER_LIMIT)
    refused = await attempt(gateway, "admin", WRONG)
    seconds = refused.headers["retry-after"]
    message = f"Try again in {seconds} seconds."
    assert refused.content == b'{"error":"Too many attempts","message":"%s"}\n' % message.encode()


async def test_a_refusal_is_stamped_by_the_gateway(gateway: ASGIApp) -> None:
    await fail(gateway, USER_LIMIT)
    refused = await attempt(gateway, "admin", WRONG, headers={"X-Request-ID": "probe-1"})
    assert (refused.status_code, refused.headers["x-served-by"]) == (429, "gateway")
    assert refused.headers["x-request-id"] == "probe-1"


@pytest.mark.parametrize("overrides", [{"cors_origins": "https://app.example"}])
async def test_a_refusal_carries_cors_headers_for_an_allowed_origin(gateway: ASGIApp) -> None:
    await fail(gateway, USER_LIMIT)
    refused = await attempt(gateway, "admin", WRONG, headers={"Origin": "https://app.example"})
    assert refused.status_code == 429
    assert refused.headers["access-control-allow-origin"] == "https://app.example"


@STACKS
async def test_refused_logins_never_reach_a_stack(gateway: ASGIApp, login_path: str) -> None:
    await fail(gateway, USER_LIMIT + 3, path=login_path)
    await attempt(gateway, "admin", DEFAULT_ADMIN_PASSWORD, path=login_path)
    transport = httpx.ASGITransport(app=gateway)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        scrape = (await client.get("/_gateway/metrics")).text
    answered = sum(
        sample.value
        for sample in samples_in(scrape)
        if sample.name == "gateway_requests_total" and sample.labels["backend"] != "gateway"
    )
    assert answered == USER_LIMIT  # the failures; no refused attempt, not even the right one


async def test_a_success_before_the_limit_resets_the_username_count(gateway: ASGIApp) -> None:
    await fail(gateway, USER_LIMIT - 1)
    assert (await attempt(gateway, "admin", DEFAULT_ADMIN_PASSWORD)).status_code == 200
    assert await fail(gateway, USER_LIMIT) == [401] * USER_LIMIT
    assert (await attempt(gateway, "admin", WRONG)).status_code == 429


async def test_bad_requests_are_not_failed_logins(gateway: ASGIApp) -> None:
    for _ in range(USER_LIMIT):
        no_password = await attempt(gateway, "admin", "", body={"username": "admin"})
        assert no_password.status_code == 400
    assert await fail(gateway, USER_LIMIT) == [401] * USER_LIMIT
    assert (await attempt(gateway, "admin", WRONG)).status_code == 429


async def test_usernames_count_as_login_compares_them_trimmed(gateway: ASGIApp) -> None:
    await fail(gateway, USER_LIMIT, username="  admin ")
    assert (await attempt(gateway, "admin", DEFAULT_ADMIN_PASSWORD)).status_code == 429


@pytest.mark.parametrize("overrides", [{"login_throttle_address_failures": 5}])
async def test_failures_across_usernames_fill_the_address_count(gateway: ASGIApp) -> None:
    statuses = [(await attempt(gateway, f"guess-{n}", WRONG)).status_code for n in range(5)]
    assert statuses == [401] * 5
    assert (await attempt(gateway, "admin", DEFAULT_ADMIN_PASSWORD)).status_code == 429


@pytest.mark.parametrize("overrides", [{"login_throttle_address_failures": 5}])
async def test_another_address_is_not_refused_for_this_ones_failures(gateway: ASGIApp) -> None:
    for n in range(5):
        await attempt(gateway, f"guess-{n}", WRONG)
    assert (await attempt(gateway, "guess-5", WRONG)).status_code == 429
    other = await attempt(gateway, "admin", DEFAULT_ADMIN_PASSWORD, address=ELSEWHERE)
    assert other.status_code == 200


@pytest.mark.parametrize("overrides", [{"login_throttle_address_failures": 3}])
async def test_a_login_body_too_large_to_read_counts_for_its_address(gateway: ASGIApp) -> None:
    padded = {"username": "admin", "password": WRONG, "padding": "p" * 70_000}
    statuses = [(await attempt(gateway, "", "", body=padded)).status_code for _ in range(3)]
    assert statuses == [401] * 3  # passed on unread, answered by the stack
    assert (await attempt(gateway, "admin", DEFAULT_ADMIN_PASSWORD)).status_code == 429


@pytest.mark.parametrize(
    "overrides", [{"login_throttle_user_failures": 3, "login_throttle_window_seconds": 2}]
)
async def test_the_window_passing_lets_attempts_through_again(gateway: ASGIApp) -> None:
    await fail(gateway, 3)
    refused = await attempt(gateway, "admin", WRONG)
    assert refused.status_code == 429
    await anyio.sleep(int(refused.headers["retry-after"]))
    assert (await attempt(gateway, "admin", DEFAULT_ADMIN_PASSWORD)).status_code == 200


@pytest.fixture(params=DATABASE_KINDS)
def cluster_settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    """The test's settings, on its SQLite file or on the wiped PostgreSQL or MySQL test database."""
    if request.param == "sqlite":
        return settings
    url = empty_server_url(request.param)
    return settings.model_copy(update={"database_url": url, "fastapi_database_url": url})


@pytest.fixture
def start_gateway(cluster_settings: Settings) -> Callable[[], AbstractAsyncContextManager[ASGIApp]]:
    """Start another gateway process's app on the shared database: `async with start()`."""
    return lambda: running(cluster_settings)


async def test_two_gateways_on_one_database_count_together(
    start_gateway: Callable[[], AbstractAsyncContextManager[ASGIApp]],
) -> None:
    async with start_gateway() as first, start_gateway() as second:
        half = USER_LIMIT // 2
        assert await fail(first, half) + await fail(second, half) == [401] * USER_LIMIT
        assert (await attempt(first, "admin", WRONG)).status_code == 429
        assert (await attempt(second, "admin", DEFAULT_ADMIN_PASSWORD)).status_code == 429
