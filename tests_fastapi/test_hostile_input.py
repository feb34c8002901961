"""Hostile requests to a real `python -m cronjobs serve` on 127.0.0.1 (issue 14; D22, §2.2).

One gateway process with the default limits serves the whole module. Requests whose framing a
normal client would not send (30,000 headers, a body announced but not sent, a chunked body that
never ends) go through raw sockets; the others through httpx. Time bounds are generous: they
tell "answered at once" from the stalls of 6 s and more these requests caused.
"""

from __future__ import annotations

import json
import select
import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from tests_support.kit.databases import sqlite_url
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
CHUNK = b"x" * 65536
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
    with (
        httpx.Client(timeout=10) as client,
        running_gateway("hostile", environment, folder, client, SERVED_GATEWAY) as process,
    ):
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


def head(method: str, path: str, headers: list[str]) -> bytes:
    """Render a request line and its headers."""
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def connect(gateway: GatewayProcess) -> socket.socket:
    """Open a raw connection to the gateway; every wait on it is bounded."""
    return socket.create_connection(("127.0.0.1", gateway.port), timeout=30)


def read_answer(connection: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """Read one answer framed by its Content-Length, as HTTP clients do: status, headers, body.

    A client still sending when the server closes may see the connection reset after the answer
    arrived, so nothing past the answer is read.
    """
    data = b""
    while b"\r\n\r\n" not in data:
        data += received(connection)
    raw_head, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = raw_head.decode("latin-1").split("\r\n")
    fields = {name.lower(): value for name, value in (line.split(": ", 1) for line in lines)}
    while len(body) < int(fields["content-length"]):
        body += received(connection)
    return int(status_line.split()[1]), fields, body


def received(connection: socket.socket) -> bytes:
    """Receive what arrived; fail if the server closed before the answer was whole."""
    data = connection.recv(65536)
    assert data, "the connection closed before the whole answer arrived"
    return data


def chunk(data: bytes) -> bytes:
    """Frame `data` as one chunk of a chunked body."""
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


def send_until_answered(connection: socket.socket, limit: int) -> int:
    """Send a chunked body until the server answers (or `limit` bytes); return bytes sent."""
    sent = 0
    frame = chunk(CHUNK)
    while sent < limit:
        readable, _, _ = select.select([connection], [], [], 0)
        if readable:
            break
        try:
            connection.sendall(frame)
        except (BrokenPipeError, ConnectionResetError):
            break  # the server answered and closed
        sent += len(CHUNK)
    return sent


# --- defect 1: repeated headers --------------------------------------------------------------


def repeated_authorization(gateway: GatewayProcess) -> socket.socket:
    """Send a Flask-served request with 30,000 Authorization headers whole; return the socket."""
    headers = [f"Authorization: Bearer {'x' * 40}"] * 30_000
    connection = connect(gateway)
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
    with connect(gateway) as connection:
        connection.settimeout(PROMPT_SECONDS)  # the body never comes: only a refusal answers
        connection.sendall(head("POST", "/api/auth/login", announced))
        status, headers, body = read_answer(connection)
    assert (status, headers["connection"], json.loads(body)) == (413, "close", TOO_LARGE)


def test_a_refusal_carries_the_cors_headers_a_browser_needs_to_read_it(
    gateway: GatewayProcess,
) -> None:
    announced = ["Origin: https://app.example", f"Content-Length: {TWENTY_MB}"]
    with connect(gateway) as connection:
        connection.sendall(head("POST", "/api/jobs/bulk-upload", announced))
        status, headers, _body = read_answer(connection)
    assert (status, headers["access-control-allow-origin"]) == (413, "https://app.example")


@pytest.mark.parametrize("path", ["/api/auth/login", "/api/v2/auth/login"])
def test_a_chunked_login_body_is_cut_off_at_the_limit(gateway: GatewayProcess, path: str) -> None:
    chunked = ["Content-Type: application/json", "Transfer-Encoding: chunked"]
    with connect(gateway) as connection:
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
