"""Hostile requests to a real `python -m cronjobs serve` on 127.0.0.1 (issue 14; D22, §2.2).

One gateway process with the default limits serves the whole module. Requests whose framing a
normal client would not send (30,000 headers, a body announced but not sent, a chunked body that
never ends, a bulk upload paced over a second or two) go through raw sockets (`kit.raw_http`);
the others through httpx. Time bounds are generous: they tell "answered at once" from the stalls
of 6 s and more these requests caused.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from tests_support.kit.databases import sqlite_url
from tests_support.kit.multipart import CONTENT_TYPE as MULTIPART_TYPE
from tests_support.kit.multipart import multipart
from tests_support.kit.raw_http import (
    HostileUpload,
    chunk,
    connect,
    head,
    health_while,
    read_answer,
    send_until_answered,
)
from tests_support.kit.servers.gateway_processes import (
    SERVED_GATEWAY,
    GatewayProcess,
    admin_headers,
    gateway_environment,
    running_gateway,
)

PROMPT_SECONDS = 2.0  # "answered at once", with room for a loaded machine
MAX_BODY = 10 * 1024 * 1024  # MAX_REQUEST_BODY_BYTES's default
TWENTY_MB = 20 * 1000 * 1000
ENDLESS = 64 * 1024 * 1024  # a chunked body the client would go on sending up to here
ADMIN_HEALTH = "/_gateway/api/endpoints/GET /api/health"
TOO_MANY_HEADERS = {
    "error": "Request header fields too large",
    "message": "A request may have at most 100 header fields.",
}
TOO_LARGE = {
    "error": "Payload too large",
    "message": "The request body may be at most 10485760 bytes.",
}


@pytest.fixture(scope="module", name="gateway")
def gateway_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GatewayProcess]:
    """One `cronjobs serve` process with the default limits, scheduler off."""
    folder = tmp_path_factory.mktemp("hostile")
    environment = gateway_environment(sqlite_url(folder), folder, lease_seconds=30)
    environment["SCHEDULER_ENABLED"] = "false"
    with running_gateway("hostile", environment, folder, SERVED_GATEWAY) as process:
        yield process


@pytest.fixture(name="site")
def site_fixture(gateway: GatewayProcess) -> Iterator[httpx.Client]:
    """An httpx client of the gateway."""
    with httpx.Client(base_url=gateway.url, timeout=30) as client:
        yield client


@pytest.fixture(name="admin")
def admin_fixture(site: httpx.Client, gateway: GatewayProcess) -> dict[str, str]:
    """The default admin's bearer header."""
    return admin_headers(site, gateway)


# --- defect 1: repeated headers --------------------------------------------------------------


def repeated_authorization(gateway: GatewayProcess) -> socket.socket:
    """Send a Flask-served request with 30,000 Authorization headers whole; return the socket."""
    headers = [f"Authorization: Bearer {'x' * 40}"] * 30_000
    connection = connect(gateway.port)
    connection.sendall(head("GET", "/api/jobs", headers))
    return connection


def test_30000_repeated_headers_are_refused_with_431_at_once(gateway: GatewayProcess) -> None:
    started = time.monotonic()
    with repeated_authorization(gateway) as connection:
        status, headers, body = read_answer(connection)
    assert time.monotonic() - started < PROMPT_SECONDS
    assert (status, headers["content-type"], json.loads(body)) == (
        431,
        "application/json",
        TOO_MANY_HEADERS,
    )


def test_health_answers_at_once_while_30000_repeated_headers_are_served(
    gateway: GatewayProcess, site: httpx.Client
) -> None:
    with repeated_authorization(gateway) as connection:
        started = time.monotonic()
        health = site.get("/api/health")
        waited = time.monotonic() - started
        read_answer(connection)
    assert (health.status_code, waited < PROMPT_SECONDS) == (200, True)


# --- defect 2: request bodies ----------------------------------------------------------------


def test_a_20_mb_login_body_is_refused_before_it_is_sent(gateway: GatewayProcess) -> None:
    announced = ["Content-Type: application/json", f"Content-Length: {TWENTY_MB}"]
    with connect(gateway.port) as connection:
        connection.settimeout(PROMPT_SECONDS)  # the body never comes: only a refusal answers
        connection.sendall(head("POST", "/api/auth/login", announced))
        status, headers, body = read_answer(connection)
    assert (status, headers["connection"], json.loads(body)) == (413, "close", TOO_LARGE)


def test_a_refusal_carries_the_cors_headers_a_browser_needs_to_read_it(
    gateway: GatewayProcess,
) -> None:
    announced = ["Origin: https://app.example", f"Content-Length: {TWENTY_MB}"]
    with connect(gateway.port) as connection:
        connection.sendall(head("POST", "/api/jobs/bulk-upload", announced))
        status, headers, _body = read_answer(connection)
    assert (status, headers["access-control-allow-origin"]) == (413, "https://app.example")


@pytest.mark.parametrize("path", ["/api/auth/login", "/api/v2/auth/login"])
def test_a_chunked_login_body_is_cut_off_at_the_limit(gateway: GatewayProcess, path: str) -> None:
    chunked = ["Content-Type: application/json", "Transfer-Encoding: chunked"]
    with connect(gateway.port) as connection:
        connection.sendall(
            head("POST", path, chunked) + chunk(b'{"username": "admin", "password": "')
        )
        sent = send_until_answered(connection, ENDLESS)
        status, _headers, body = read_answer(connection)
    assert (status, json.loads(body)) == (413, TOO_LARGE)
    # Past the limit only socket buffers take more (a few MB): the server stopped reading.
    assert sent < ENDLESS


@pytest.mark.parametrize(
    ("path", "name"), [("/api/pic-teams", "Oversized one"), ("/api/v2/pic-teams", "Oversized two")]
)
def test_a_write_over_the_body_limit_writes_nothing(
    site: httpx.Client, admin: dict[str, str], path: str, name: str
) -> None:
    padded = json.dumps({"name": name, "slack_handle": "@o"}).encode() + b" " * MAX_BODY
    response = site.post(
        path, content=padded, headers={**admin, "Content-Type": "application/json"}
    )
    teams = site.get("/api/pic-teams", headers=admin).json()["pic_teams"]
    assert (response.status_code, response.json()) == (413, TOO_LARGE)
    assert name not in [team["name"] for team in teams]


def test_a_body_at_the_limit_is_served(site: httpx.Client, admin: dict[str, str]) -> None:
    team = json.dumps({"name": "At the limit", "slack_handle": "@l"}).encode()
    padded = team + b" " * (MAX_BODY - len(team))
    response = site.post(
        "/api/pic-teams", content=padded, headers={**admin, "Content-Type": "application/json"}
    )
    assert response.status_code == 201


# --- defects 7 and 8: the admin API ----------------------------------------------------------


def test_deeply_nested_json_to_the_admin_api_is_its_422(
    site: httpx.Client, admin: dict[str, str]
) -> None:
    nested = '{"mode": ' + "[" * 100_000 + "]" * 100_000 + "}"
    headers = {**admin, "Content-Type": "application/json"}
    response = site.put(ADMIN_HEALTH, content=nested, headers=headers)
    assert (response.status_code, response.json()) == (422, {"error": "the body must be JSON"})


def test_two_authorization_headers_to_the_admin_api_are_refused_with_401(
    site: httpx.Client, admin: dict[str, str]
) -> None:
    headers = [("Authorization", admin["Authorization"]), ("Authorization", "Bearer other")]
    response = site.put(ADMIN_HEALTH, json={"mode": "fastapi"}, headers=headers)
    assert (response.status_code, response.json()) == (
        401,
        {
            "error": "Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: "
            "Bearer <JWT>'"
        },
    )
    assert site.get("/api/health").headers["x-served-by"] == "flask"  # nothing was changed


# --- bulk upload: one row too many, and a body over the limit --------------------------------

MAX_ROWS = 10_000  # BULK_UPLOAD_MAX_ROWS's default
TOO_MANY_ROWS = {
    "error": "Payload too large",
    "message": "A bulk upload may have at most 10000 rows.",
}
ANSWER_SECONDS = 5.0  # from the last byte sent to the answer
STACK_PATHS = ["/api/jobs/bulk-upload", "/api/v2/jobs/bulk-upload"]  # Flask, then FastAPI


def failing_rows(count: int) -> bytes:
    """A CSV whose `count` rows all fail (no cron expression), as a bulk upload's form."""
    rows = "".join(f"Hostile job {number},\n" for number in range(count))
    return multipart(files={"file": ("rows.csv", ("name,cron_expression\n" + rows).encode())})


@pytest.mark.parametrize("path", STACK_PATHS)
def test_a_bulk_upload_one_row_over_the_limit_is_refused_while_health_answers(
    gateway: GatewayProcess, site: httpx.Client, admin: dict[str, str], path: str
) -> None:
    body = failing_rows(MAX_ROWS + 1)
    lines = [
        f"Authorization: {admin['Authorization']}",
        f"Content-Type: {MULTIPART_TYPE}",
        f"Content-Length: {len(body)}",
    ]
    pieces = [body[at : at + 8192] for at in range(0, len(body), 8192)]
    upload = HostileUpload(gateway.port, path, lines, pieces)
    probes = health_while(upload, site)
    assert upload.answer == (413, "application/json", TOO_MANY_ROWS)
    assert upload.answer_seconds < ANSWER_SECONDS
    assert probes and all(status == 200 and took < PROMPT_SECONDS for status, took in probes)


@pytest.mark.parametrize("path", STACK_PATHS)
def test_a_chunked_bulk_upload_over_the_body_limit_is_cut_off_while_health_answers(
    gateway: GatewayProcess, site: httpx.Client, admin: dict[str, str], path: str
) -> None:
    rows = failing_rows(560_000)  # about 11 MB of rows
    assert len(rows) > MAX_BODY
    lines = [
        f"Authorization: {admin['Authorization']}",
        f"Content-Type: {MULTIPART_TYPE}",
        "Transfer-Encoding: chunked",
    ]
    pieces = [chunk(rows[at : at + 262_144]) for at in range(0, len(rows), 262_144)]
    upload = HostileUpload(gateway.port, path, lines, [*pieces, b"0\r\n\r\n"])
    probes = health_while(upload, site)
    assert upload.answer == (413, "application/json", TOO_LARGE)
    assert upload.answer_seconds < ANSWER_SECONDS
    assert probes and all(status == 200 and took < PROMPT_SECONDS for status, took in probes)
