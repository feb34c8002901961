"""The dashboard at `/_gateway/`: served under a strict CSP, with no inline code, public page.

The whole service runs in-process; the page and its assets come from the gateway's admin app.
Changes the dashboard sends carry `X-Cutover-Source: dashboard` and are audited under it.
"""

from __future__ import annotations

from html.parser import HTMLParser
from importlib.resources import files

import httpx
import pytest

from strangler.dashboard import CONTENT_SECURITY_POLICY, DashboardLogin, render_page

PAGE = "/_gateway/"
SCRIPTS = ["dashboard.js", "api.js", "display.js", "endpoint_table.js", "overview.js"]
ASSETS = {**dict.fromkeys(SCRIPTS, "text/javascript"), "dashboard.css": "text/css"}
HEALTH = "/_gateway/api/endpoints/GET /api/health"


class PageParts(HTMLParser):
    """Collect the tags, attributes and inline text of script and style elements of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline_code: list[str] = []
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record the tag and note when code could follow inline."""
        self.tags.append((tag, dict(attrs)))
        self._open = tag if tag in {"script", "style"} else None

    def handle_endtag(self, tag: str) -> None:
        """Close the script or style element."""
        self._open = None

    def handle_data(self, data: str) -> None:
        """Keep any text inside a script or style element."""
        if self._open and data.strip():
            self.inline_code.append(data)


def parse(html: str) -> PageParts:
    """Parse a page into its parts."""
    parts = PageParts()
    parts.feed(html)
    return parts


@pytest.fixture
async def page(client: httpx.AsyncClient) -> httpx.Response:
    """The dashboard page as an anonymous browser gets it."""
    return await client.get(PAGE)


async def test_the_page_is_html_served_without_a_token(page: httpx.Response) -> None:
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"


async def test_the_page_carries_the_strict_security_headers(page: httpx.Response) -> None:
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(("name", "media_type"), ASSETS.items())
async def test_each_asset_is_served_with_its_type_and_the_csp(
    client: httpx.AsyncClient, name: str, media_type: str
) -> None:
    response = await client.get(f"/_gateway/static/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.content == (files("strangler") / "dashboard_assets" / name).read_bytes()


async def test_the_page_loads_its_script_and_style_sheet_from_the_gateway(
    page: httpx.Response,
) -> None:
    tags = parse(page.text).tags
    assert ("script", {"type": "module", "src": "/_gateway/static/dashboard.js"}) in tags
    stylesheets = [a["href"] for tag, a in tags if tag == "link" and a.get("rel") == "stylesheet"]
    assert stylesheets == ["/_gateway/static/dashboard.css"]


async def test_the_page_holds_no_inline_code_or_style(page: httpx.Response) -> None:
    parts = parse(page.text)
    assert parts.inline_code == []
    assert [tag for tag, _ in parts.tags if tag == "style"] == []
    attributes = {name for _, attrs in parts.tags for name in attrs}
    assert "style" not in attributes
    assert [name for name in attributes if name.startswith("on")] == []


@pytest.mark.parametrize("name", SCRIPTS)
def test_no_script_builds_markup_from_strings_or_evaluates_code(name: str) -> None:
    script = (files("strangler") / "dashboard_assets" / name).read_text()
    for construct in ("innerHTML", "outerHTML", "insertAdjacentHTML", "eval(", "new Function"):
        assert construct not in script


async def test_the_page_names_the_services_login(page: httpx.Response) -> None:
    root = parse(page.text).tags[0][1]
    assert root["data-login-path"] == "/api/auth/login"
    assert root["data-token-field"] == "access_token"


def test_the_login_attributes_are_escaped() -> None:
    hostile = DashboardLogin(path='/login?a="><script>x()</script>', token_field="t'<b>&")
    html = render_page(hostile)
    root = parse(html).tags[0][1]
    assert root["data-login-path"] == hostile.path
    assert root["data-token-field"] == hostile.token_field
    assert "<script>x()" not in html


# httpx drops a literal "../" before sending, so the dot segments are percent-encoded to reach
# the asset route as a name, as a raw request through uvicorn would.
@pytest.mark.parametrize(
    "name", ["missing.js", "index.html", "..%2Fdashboard.py", "..%2F..%2Fdashboard.py", "a/b.css"]
)
async def test_an_unknown_asset_is_a_json_404(client: httpx.AsyncClient, name: str) -> None:
    response = await client.get(f"/_gateway/static/{name}")
    assert response.status_code == 404
    assert response.json()["error"].startswith("no dashboard asset named")


async def test_the_data_behind_the_page_needs_a_token(client: httpx.AsyncClient) -> None:
    response = await client.get("/_gateway/api/endpoints")
    assert response.status_code == 401


async def test_a_change_sent_by_the_dashboard_is_audited_as_the_dashboards(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    headers = {**admin, "X-Cutover-Source": "dashboard"}
    response = await client.put(HEALTH, json={"mode": "flask", "reason": "r"}, headers=headers)
    assert response.json()["change"]["source"] == "dashboard"
    history = (await client.get("/_gateway/api/history", headers=admin)).json()
    assert [change["source"] for change in history] == ["dashboard"]


async def test_a_change_without_a_source_header_is_audited_as_the_apis(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    await client.put(HEALTH, json={"mode": "flask", "reason": "r"}, headers=admin)
    history = (await client.get("/_gateway/api/history", headers=admin)).json()
    assert [change["source"] for change in history] == ["api"]


@pytest.mark.parametrize("source", ["cli", "auto-rollback", "anything"])
async def test_a_client_cannot_claim_another_source(
    client: httpx.AsyncClient, admin: dict[str, str], source: str
) -> None:
    headers = {**admin, "X-Cutover-Source": source}
    response = await client.put(HEALTH, json={"mode": "flask", "reason": "r"}, headers=headers)
    assert response.status_code == 400
    assert (await client.get("/_gateway/api/history", headers=admin)).json() == []
