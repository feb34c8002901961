"""The gateway's event loop never blocks under logins and reads (issue 13, point 5).

One real gateway (`kit.servers.debug_loop`: `cronjobs.main.create_app`, scheduler leading, every
endpoint on FastAPI through CUTOVER_DEFAULT) times every callback of its loop and logs those
that took 20 ms or more. Eight clients then log in over and over (the real password
hashing), read their user, the jobs, executions and statistics, update their own job (the
scheduler's after-commit reschedule), change their password, register users, read the scheduler's
status and send a bulk upload, at `/api/v2/...` and at `/api/...`, with the login throttle on
(its default). The test fails on every callback that computed on the loop for 20 ms or more
(garbage collection aside) or held it for a second, and on every database statement or password
hash on the loop's thread, each listed by the request it served (`blocking` says what is counted,
and why). The load is bounded in requests, not in time.
"""

from __future__ import annotations

import asyncio
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests_support.kit.databases import sqlite_url
from tests_support.kit.load.clients import new_job_body
from tests_support.kit.load.world import created
from tests_support.kit.multipart import CONTENT_TYPE as MULTIPART_TYPE
from tests_support.kit.multipart import multipart
from tests_support.kit.servers.gateway_processes import (
    GatewayProcess,
    admin_headers,
    gateway_environment,
    log_in,
    running_gateway,
)

pytestmark = pytest.mark.slow

CLIENTS = 8
ROUNDS = 6  # per client: about 100 requests each, a login every round
PREFIXES = ("/api/v2", "/api")  # v2 is FastAPI's own; /api is on FastAPI by CUTOVER_DEFAULT
PASSWORD = "loop-password"
SLOW_SECONDS = 0.020  # the launcher's default slow-callback threshold
ASLEEP_SECONDS = 1.0  # a wait on I/O or a lock this long is no GIL handoff (see `blocking`)
BULK_ROWS = 5000
REGISTERED = itertools.count()  # the users the clients register: unique names
BULK_HEAD = b"Job Name,Repo,Workflow Name,Cron schedule (JST),End Date,PIC Team\n"


@pytest.fixture(scope="module", name="slow_log")
def slow_log_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The file the gateway writes asyncio's slow-callback warnings to."""
    return tmp_path_factory.mktemp("loop-log") / "slow-callbacks.log"


@pytest.fixture(scope="module", name="gateway")
def gateway_fixture(
    tmp_path_factory: pytest.TempPathFactory, slow_log: Path
) -> Iterator[GatewayProcess]:
    """One gateway timing its loop's callbacks, scheduler leading, every endpoint on FastAPI."""
    folder = tmp_path_factory.mktemp("loop")
    environment = gateway_environment(sqlite_url(folder), folder, lease_seconds=30)
    environment["CUTOVER_DEFAULT"] = "fastapi"
    environment["LOGIN_THROTTLE_ENABLED"] = "true"
    module = ("tests_support.kit.servers.debug_loop", "--slow-log", str(slow_log))
    with running_gateway("debug-loop", environment, folder, module) as process:
        yield process


@pytest.fixture(name="site")
def site_fixture(gateway: GatewayProcess) -> Iterator[httpx.Client]:
    """A plain httpx client of the gateway."""
    with httpx.Client(base_url=gateway.url, timeout=30) as client:
        yield client


@pytest.fixture(name="loaders")
def loaders_fixture(site: httpx.Client, gateway: GatewayProcess) -> list[dict[str, Any]]:
    """A PIC team and `CLIENTS` users (every other one an admin), each owning one job."""
    admin = admin_headers(site, gateway)
    team = created(
        site.post("/api/pic-teams", json={"name": "Loop", "slack_handle": "@l"}, headers=admin)
    )
    slug = team["pic_team"]["slug"]
    loaders = []
    for number in range(CLIENTS):
        username, role = f"looper{number}", "admin" if number % 2 == 0 else "user"
        user = {"username": username, "email": f"{username}@example.com", "password": PASSWORD}
        user_id = created(
            site.post("/api/auth/register", json={**user, "role": role}, headers=admin)
        )
        headers = log_in(site, username, PASSWORD)
        job = created(
            site.post("/api/jobs", json=new_job_body(f"loop-{number}", slug), headers=headers)
        )
        loaders.append(
            {
                "number": number,
                "username": username,
                "user_id": user_id["user"]["id"],
                "admin": role == "admin",
                "job_id": job["job"]["id"],
            }
        )
    return loaders


def blocking(line: str) -> str | None:
    """Name the request of a slow-log line and how it held the loop; None if it did not.

    A `blocking` line is a database statement or a password hash on the loop's thread. Any other
    line is a slow callback, `<held> | <core wait> | <on a core> | <gc> | <what it was>`,
    `held` being its time less the core wait (a busy machine adds that to any callback).
    It blocked the loop if it computed for `SLOW_SECONDS` on a core, garbage collection aside
    (the collector runs wherever the process allocates, for every thread's objects), or if it
    held the loop for `ASLEEP_SECONDS`: the rest of `held` is the thread asleep, and a short
    sleep is the GIL passing to and from the worker threads, stretched when the machine
    preempts its holder.
    """
    if line.startswith("blocking | "):
        _, call, task = line.split(" | ", 2)
        return f"{task}: {call} on the event loop's thread"
    held, waited, ran, collected, warning = line.split(" | ", 4)
    if float(ran) - float(collected) < SLOW_SECONDS and float(held) < ASLEEP_SECONDS:
        return None
    name = re.search(r"name='([^']*)'", warning)
    where = name.group(1) if name else warning[:240]
    return (
        f"{where}: held {held} s, {ran} s of it on a core ({collected} s collecting garbage; "
        f"and {waited} s waiting for a core)"
    )


def bulk_csv(number: int) -> bytes:
    """A dry-run upload's CSV: `BULK_ROWS` valid rows."""
    line = b"bulk %d job %05d,acme/web,smoke.yml,0 9 * * *,2099-12-31,Loop\n"
    return BULK_HEAD + b"".join(line % (number, row) for row in range(BULK_ROWS))


async def one_client(
    client: httpx.AsyncClient, loader: dict[str, Any], rounds: int = ROUNDS
) -> list[str]:
    """Run one client's rounds; return what answered otherwise than expected."""
    number, job_id = loader["number"], loader["job_id"]
    wrong: list[str] = []

    async def expect(status: int, method: str, path: str, **kwargs: Any) -> httpx.Response | None:
        try:
            reply = await client.request(method, path, **kwargs)
        except httpx.TransportError as exc:
            wrong.append(f"{method} {path}: {exc!r}")
            return None
        if reply.status_code != status:
            wrong.append(f"{method} {path}: {reply.status_code} {reply.text[:200]}")
        return reply

    for round_ in range(rounds):
        api = PREFIXES[round_ % len(PREFIXES)]
        credentials = {"username": loader["username"], "password": PASSWORD}
        login = await expect(200, "POST", f"{api}/auth/login", json=credentials)
        if login is None or login.status_code != 200:
            continue
        auth = {"Authorization": f"Bearer {login.json()['access_token']}"}
        await expect(200, "GET", f"{api}/health")
        await expect(200, "GET", f"{api}/auth/me", headers=auth)
        await expect(200, "GET", f"{api}/jobs", headers=auth)
        await expect(200, "GET", f"{api}/jobs/{job_id}", headers=auth)
        await expect(200, "GET", f"{api}/jobs/{job_id}/executions", headers=auth)
        await expect(200, "GET", f"{api}/executions", headers=auth)
        await expect(200, "GET", f"{api}/executions/statistics", headers=auth)
        change = {"target_url": f"http://127.0.0.1:9/loop-{number}-{round_}"}
        await expect(200, "PUT", f"{api}/jobs/{job_id}", json=change, headers=auth)
        if round_ % 3 == number % 3:
            # A password change (hashed on the way in) to the same password: logins go on.
            password = {"password": PASSWORD}
            await expect(
                200, "PUT", f"{api}/auth/users/{loader['user_id']}", json=password, headers=auth
            )
        if loader["admin"]:
            await expect(200, "GET", "/api/v2/scheduler/status", headers=auth)
            name = f"registered{next(REGISTERED)}"
            user = {"username": name, "email": f"{name}@example.com", "password": PASSWORD}
            await expect(201, "POST", f"{api}/auth/register", json=user, headers=auth)
        if round_ == number % ROUNDS and number < 2:
            body = multipart({"dry_run": "true"}, {"file": ("jobs.csv", bulk_csv(number))})
            headers = {**auth, "Content-Type": MULTIPART_TYPE}
            await expect(200, "POST", f"{api}/jobs/bulk-upload", content=body, headers=headers)
    return wrong


async def run_load(url: str, loaders: list[dict[str, Any]], rounds: int = ROUNDS) -> list[str]:
    """Run every client at once; return every unexpected answer."""
    async with httpx.AsyncClient(base_url=url, timeout=20) as client:
        runs = (one_client(client, loader, rounds) for loader in loaders)
        results = await asyncio.gather(*runs)
    return [line for wrong in results for line in wrong]


def test_no_callback_holds_the_event_loop_for_20_ms_under_logins_and_reads(
    gateway: GatewayProcess, slow_log: Path, loaders: list[dict[str, Any]]
) -> None:
    # Each endpoint's first request pays one-off costs (first imports, compiled statements and
    # routes): one client's round on each prefix first, not counted.
    warm_up = asyncio.run(run_load(gateway.url, loaders[:1], len(PREFIXES)))
    already = slow_log.stat().st_size if slow_log.exists() else 0
    wrong = warm_up + asyncio.run(run_load(gateway.url, loaders))
    lines = slow_log.read_bytes()[already:].decode().splitlines()
    slow = [found for found in map(blocking, lines) if found is not None]
    assert slow == [], f"{len(slow)} blocking steps on the event loop:\n" + "\n".join(slow)
    assert wrong == []
