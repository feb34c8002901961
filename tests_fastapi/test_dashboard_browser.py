"""The dashboard in a real headless Chromium (Debian's, driven by Playwright) on a real gateway.

An admin signs in, sees every endpoint, flips `GET /api/job-categories` to FastAPI with a reason
and sees the row change; plain HTTP then shows the flip served and audited with source
`dashboard`. Refusals reach the page: a change the API refuses shows its message in the row, a
token it refuses sends the page back to the login form. Any console error or
Content-Security-Policy violation fails a test, except the browser's own line about the refused
request a test provokes. A full-page screenshot is saved to `$ARTIFACTS_DIR/dashboard.png`
(else `artifacts/dashboard.png`). One gateway and one browser serve the whole module.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright

from tests_support.kit.databases import sqlite_url
from tests_support.kit.servers.gateway_processes import (
    REPOSITORY_ROOT,
    GatewayProcess,
    admin_headers,
    gateway_environment,
    process_client_fixture,
    running_gateway,
)
from tests_support.kit.worlds.base import DEFAULT_ADMIN_PASSWORD

__all__ = ["process_client_fixture"]

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
LEASE_SECONDS = 4.0  # the scheduler's, irrelevant here
FLIPPED = "GET /api/job-categories"  # implemented in both stacks, on flask by default
REASON = "categories read path to FastAPI"
# Like every page script, the listener is installed by the browser itself, so the CSP allows it.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GatewayProcess]:
    """One real gateway on a fresh SQLite file, with the default admin."""
    folder = tmp_path_factory.mktemp("dashboard")
    environment = gateway_environment(sqlite_url(folder), folder, LEASE_SECONDS)
    with running_gateway("dashboard", environment, folder) as process:
        yield process


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless; a missing one fails the test (CI must run it)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-tools` to install Debian's chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        yield launched
        launched.close()


@pytest.fixture
def console_errors() -> list[str]:
    """The console errors and uncaught exceptions the page produced."""
    return []


@pytest.fixture
def page(browser: Browser, console_errors: list[str]) -> Iterator[Page]:
    """A fresh page that records its console errors, CSP violations included."""

    def record(message: ConsoleMessage) -> None:
        if message.type == "error" or "Refused to" in message.text:
            console_errors.append(message.text)

    context = browser.new_context(viewport={"width": 1500, "height": 900})
    opened = context.new_page()
    opened.add_init_script(REPORT_CSP_VIOLATIONS)
    opened.on("console", record)
    opened.on("pageerror", lambda error: console_errors.append(f"uncaught: {error}"))
    yield opened
    context.close()


@pytest.fixture
def screenshot_path() -> Path:
    """Where the full-page screenshot goes: `$ARTIFACTS_DIR`, else the repository's artifacts/."""
    folder = Path(os.environ.get("ARTIFACTS_DIR") or REPOSITORY_ROOT / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "dashboard.png"


def refused_request_lines(status: int) -> re.Pattern[str]:
    """Match the line Chromium logs for a request answered `status`, which the page handles."""
    return re.compile(rf"^Failed to load resource: the server responded with a status of {status}")


def sign_in(page: Page, gateway: GatewayProcess) -> None:
    """Open the dashboard and sign in as the default admin."""
    page.goto(f"{gateway.url}/_gateway/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(DEFAULT_ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_an_admin_flips_an_endpoint_from_the_dashboard_and_sees_it_take_effect(
    gateway: GatewayProcess,
    client: httpx.Client,
    page: Page,
    console_errors: list[str],
    screenshot_path: Path,
) -> None:
    headers = admin_headers(client, gateway)
    listed = client.get(f"{gateway.url}/_gateway/api/endpoints", headers=headers).json()
    sign_in(page, gateway)
    expect(page.locator("#endpoints tbody tr")).to_have_count(len(listed))
    row = page.locator(f'#endpoints tr[data-key="{FLIPPED}"]')
    expect(row.locator("td.mode")).to_have_text("flask")

    row.get_by_label(f"Mode of {FLIPPED}").select_option("fastapi")
    row.get_by_label(f"Reason for changing {FLIPPED}").fill(REASON)
    row.get_by_role("button", name="Apply").click()

    expect(row.locator("td.mode")).to_have_text("fastapi")
    expect(row.locator("td.source")).to_have_text("override")
    expect(page.locator("#history tbody tr").first).to_contain_text("dashboard")
    page.screenshot(path=str(screenshot_path), full_page=True)
    print(f"dashboard screenshot: {screenshot_path}")

    served = client.get(f"{gateway.url}/api/job-categories", headers=headers)
    assert served.headers["x-served-by"] == "fastapi"
    latest = client.get(f"{gateway.url}/_gateway/api/history", headers=headers).json()[0]
    assert (latest["key"], latest["source"], latest["by"]) == (FLIPPED, "dashboard", "admin")
    assert latest["reason"] == REASON
    assert console_errors == []


def test_a_change_the_api_refuses_shows_its_message_in_the_row(
    gateway: GatewayProcess, page: Page, console_errors: list[str]
) -> None:
    sign_in(page, gateway)
    row = page.locator('#endpoints tr[data-key="GET /api/jobs"]')
    row.get_by_label("Mode of GET /api/jobs").select_option("canary")
    row.get_by_label("Reason for changing GET /api/jobs").fill("no percentage given")
    row.get_by_role("button", name="Apply").click()

    expect(row.locator(".message")).to_have_text(
        "'GET /api/jobs': canary needs a percentage from 0 to 100"
    )
    expect(row.locator("td.mode")).to_have_text("flask")
    assert [e for e in console_errors if not refused_request_lines(400).match(e)] == []


def test_a_refused_token_returns_the_page_to_the_login_with_the_apis_message(
    gateway: GatewayProcess, client: httpx.Client, page: Page, console_errors: list[str]
) -> None:
    bad = {"Authorization": "Bearer not-a-token"}
    refusal = client.get(f"{gateway.url}/_gateway/api/endpoints", headers=bad).json()["error"]
    page.goto(f"{gateway.url}/_gateway/")
    page.evaluate("sessionStorage.setItem('cutover-dashboard-token', 'not-a-token')")
    page.reload()

    expect(page.locator("#login-message")).to_have_text(refusal)
    expect(page.locator("#dashboard")).to_be_hidden()
    assert [e for e in console_errors if not refused_request_lines(401).match(e)] == []
