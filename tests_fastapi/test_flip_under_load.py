"""Flip under load: 20 clients for 20 s while six endpoints change mode every 100 ms.

One real gateway process (`python -m cronjobs serve`, its scheduler leading) on a SQLite file,
or on PostgreSQL when `TEST_DATABASE_URL` is set. Reads and writes of jobs and categories are
flipped through the admin API, each endpoint on its own schedule around flask → fastapi →
shadow → canary(50), while every client loops over creates, updates and reads of them and checks
every answer (`tests_support/kit/load/clients.py`). The run must fail no request, give no wrong
answer and apply every write exactly once. The one-line summary is printed (run with `-s`).

The load is the expensive part (20 s), so one run serves one test that judges all it saw.
Shadow outcomes are printed, not judged: a list read while clients create rows differs from its
replay a moment later.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests_support.kit.load.clients import LoadClient, LoadWorld
from tests_support.kit.load.flipper import ADMIN_ENDPOINTS, MODES, flip_all
from tests_support.kit.load.tally import Tally
from tests_support.kit.load.world import Census, Loader, add_loader, seed_world, take_census
from tests_support.kit.servers.gateway_processes import (
    SERVED_GATEWAY,
    GatewayProcess,
    admin_headers,
    gateway_environment,
    process_client_fixture,
    running_gateway,
    shared_url_fixture,
)

__all__ = ["process_client_fixture", "shared_url_fixture"]

pytestmark = pytest.mark.slow

CLIENTS = 20
LOAD_SECONDS = 20.0
FLIP_SECONDS = 0.1
REQUEST_TIMEOUT_SECONDS = 60.0  # generous: a timeout here would be a failed request
LEASE_SECONDS = 30.0  # the scheduler leads throughout; no job fires during the run
FLIPPED = (
    "GET /api/jobs",
    "GET /api/jobs/<job_id>",
    "POST /api/jobs",
    "PUT /api/jobs/<job_id>",
    "GET /api/job-categories",
    "POST /api/job-categories",
)
STACKS = ("flask", "fastapi")
SHADOW_MISMATCHES = "/_gateway/api/shadow/mismatches"


@dataclass(frozen=True, slots=True)
class LoadRun:
    """What one run did and left: the tally, the clients, and the rows before and after."""

    tally: Tally
    clients: list[LoadClient]
    before: Census
    after: Census


@pytest.fixture
def gateway(shared_url: str, tmp_path: Path) -> Iterator[GatewayProcess]:
    """One gateway process on the shared database; killed at teardown whatever happened."""
    environment = gateway_environment(shared_url, tmp_path, LEASE_SECONDS)
    with running_gateway("load", environment, tmp_path, SERVED_GATEWAY) as process:
        yield process


@pytest.fixture
def site(gateway: GatewayProcess) -> Iterator[httpx.Client]:
    """A synchronous client of the gateway, for setup and census."""
    with httpx.Client(base_url=gateway.url, timeout=REQUEST_TIMEOUT_SECONDS) as client:
        yield client


@pytest.fixture
def admin(site: httpx.Client, gateway: GatewayProcess) -> dict[str, str]:
    """The default admin's bearer header."""
    return admin_headers(site, gateway)


@pytest.fixture
def world(site: httpx.Client, admin: dict[str, str]) -> LoadWorld:
    """The PIC team and the seeded job every client reads."""
    return seed_world(site, admin)


@pytest.fixture
def loaders(site: httpx.Client, admin: dict[str, str], world: LoadWorld) -> list[Loader]:
    """One user per client, logged in, each with a job of its own."""
    return [add_loader(site, admin, world, number) for number in range(CLIENTS)]


@pytest.fixture
async def load_run(
    gateway: GatewayProcess,
    site: httpx.Client,
    admin: dict[str, str],
    world: LoadWorld,
    loaders: list[Loader],
) -> LoadRun:
    """Run the clients and the flipper for `LOAD_SECONDS`; take the census before and after."""
    before = take_census(site, admin)
    tally = Tally()
    async with contextlib.AsyncExitStack() as stack:

        async def connect(headers: dict[str, str]) -> httpx.AsyncClient:
            client = httpx.AsyncClient(
                base_url=gateway.url, headers=headers, timeout=REQUEST_TIMEOUT_SECONDS
            )
            return await stack.enter_async_context(client)

        flipper = await connect(admin)
        clients = [
            LoadClient(
                one.number, await connect(one.headers), one.own_job, one.is_admin, world, tally
            )
            for one in loaders
        ]
        started = time.monotonic()
        until = started + LOAD_SECONDS
        await asyncio.gather(
            flip_all(flipper, FLIPPED, FLIP_SECONDS, until, tally),
            *(one.run(until) for one in clients),
        )
        tally.seconds = time.monotonic() - started
    return LoadRun(tally, clients, before, take_census(site, admin))


def shadow_outcomes(site: httpx.Client, admin: dict[str, str]) -> str:
    """Summarise the flipped reads' shadow outcomes, and where each first mismatch differed."""
    endpoints = site.get(ADMIN_ENDPOINTS, headers=admin)
    samples = site.get(SHADOW_MISMATCHES, headers=admin)
    assert endpoints.status_code == samples.status_code == 200, (endpoints.text, samples.text)
    shadows: dict[str, dict[str, Any]] = {one["key"]: one["shadow"] for one in endpoints.json()}
    first_diff: dict[str, list[str]] = {}
    for sample in samples.json():
        first_diff.setdefault(sample["key"], [diff["path"] for diff in sample["diff"]][:3])
    parts = []
    for key in FLIPPED:
        counts = {name: n for name, n in shadows[key].items() if name != "match_rate" and n}
        where = f" (first mismatch at {first_diff[key]})" if key in first_diff else ""
        parts.append(f"{key}: {counts or 'none'}{where}")
    return "shadow outcomes: " + "; ".join(parts)


def write_problems(run: LoadRun, kind: str) -> list[str]:
    """Name every write of one kind that was lost, doubled or unanswered."""
    made, stored = run.tally.created[kind], run.after.of(kind)
    problems = [f"{kind} {name} stored {stored[name]} times" for name in made if stored[name] != 1]
    problems += [f"{kind} {name}: no answer" for name in run.tally.unanswered[kind]]
    expected = run.before.count(kind) + len(made)
    if run.after.count(kind) != expected:
        problems.append(f"{run.after.count(kind)} {kind} stored, {expected} expected")
    return problems


def test_flipping_under_load_fails_nothing_answers_right_and_applies_writes_once(
    load_run: LoadRun, site: httpx.Client, admin: dict[str, str]
) -> None:
    tally = load_run.tally
    print(f"\n{tally.summary()}\n{shadow_outcomes(site, admin)}")
    stale = [
        f"client {one.number}'s job shows {load_run.after.targets[one.own_job]}"
        for one in load_run.clients
        if load_run.after.targets[one.own_job] != one.last_target
    ]
    served = tally.served_by()
    one_sided = [key for key in FLIPPED if any(not served.get(key, Counter())[s] for s in STACKS)]
    assert tally.failure_count == 0, tally.failures
    assert tally.wrong_count == 0, tally.wrong
    assert write_problems(load_run, "jobs") == []
    assert write_problems(load_run, "categories") == []
    assert stale == []
    assert one_sided == [], served  # else the run proved nothing about flips
    assert min(tally.flips[key] for key in FLIPPED) >= len(MODES)  # each went through every mode
