"""Both stacks writing one database at once: every write lands and no client sees a 5xx.

On SQLite writes queue behind the write lock instead of failing with "database is locked"; on
PostgreSQL and MySQL they wait for row locks. Runs on SQLite always, on PostgreSQL and MySQL
when their test servers are configured.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, func, select

from cronjobs.models import Job, User
from cronjobs.settings import Settings
from cronjobs.storage.engines import sync_url
from tests_support.kit.databases import DATABASE_KINDS, empty_server_url, sqlite_url
from tests_support.kit.lifespans import service_client

WRITERS = 24
MIXED_WRITERS = 50
SHARED_JOBS = 4
TEAM = {"name": "Ops", "slack_handle": "@ops"}


def _job(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "cron_expression": "0 9 * * *",
        "end_date": "2099-12-31",
        "pic_team": "ops",
        "target_url": "https://example.com/hook",
    }


@pytest.fixture(params=DATABASE_KINDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The empty database both stacks share (the gateway's startup prepares it)."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path)
    return empty_server_url(str(request.param))


@pytest.fixture
async def gateway_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the whole gateway; `/api` goes to Flask, `/api/v2` to FastAPI."""
    async with service_client(settings) as client:
        yield client


async def _admin_headers(client: httpx.AsyncClient) -> dict[str, str]:
    response = await client.post(
        "/api/auth/login", json={"username": "admin", "password": "admin123"}
    )
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _count(settings: Settings, model: type[User] | type[Job]) -> int:
    engine = create_engine(sync_url(settings.database_url))
    try:
        with engine.connect() as connection:
            return int(connection.scalar(select(func.count()).select_from(model)) or 0)
    finally:
        engine.dispose()


def _prefix(number: int) -> str:
    return "/api" if number % 2 else "/api/v2"


async def test_concurrent_registrations_through_both_stacks_all_succeed(
    gateway_client: httpx.AsyncClient, settings: Settings
) -> None:
    headers = await _admin_headers(gateway_client)

    async def register(number: int) -> httpx.Response:
        body = {"username": f"writer{number}", "email": f"w{number}@x.io", "password": "secret1"}
        return await gateway_client.post(
            f"{_prefix(number)}/auth/register", json=body, headers=headers
        )

    responses = await asyncio.gather(*(register(number) for number in range(WRITERS)))

    assert [response.status_code for response in responses] == [201] * WRITERS
    assert {response.headers["x-served-by"] for response in responses} == {"flask", "fastapi"}
    assert _count(settings, User) == WRITERS + 1


async def test_concurrent_first_reads_that_create_rows_all_succeed(
    gateway_client: httpx.AsyncClient,
) -> None:
    headers = await _admin_headers(gateway_client)
    me = (await gateway_client.get("/api/auth/me", headers=headers)).json()["user"]["id"]

    async def read_preferences(number: int) -> httpx.Response:
        path = f"{_prefix(number)}/auth/users/{me}/preferences"
        if number % 3 == 0:
            return await gateway_client.put(path, json={"daily_digest": True}, headers=headers)
        return await gateway_client.get(path, headers=headers)

    responses = await asyncio.gather(*(read_preferences(number) for number in range(WRITERS)))

    assert {response.status_code for response in responses} == {200}


def _column_update(number: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return update `number`'s body and the column it stores: each shared job gets four."""
    match number // SHARED_JOBS:
        case 0:
            name = f"shared {number % SHARED_JOBS} renamed by {number}"
            return {"name": name}, {"name": name}
        case 1:
            cron = f"{number} 9 * * *"
            return {"cron_expression": cron}, {"cron_expression": cron}
        case 2:
            metadata = {"writer": number}
            return {"metadata": metadata}, {"job_metadata": json.dumps(metadata)}
        case _:
            end = date(2099, 1, number + 1)
            return {"end_date": end.isoformat()}, {"end_date": end}


def _shared_columns(settings: Settings, job_ids: list[str]) -> dict[str, dict[str, Any]]:
    engine = create_engine(sync_url(settings.database_url))
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(Job.id, Job.name, Job.cron_expression, Job.job_metadata, Job.end_date).where(
                    Job.id.in_(job_ids)
                )
            ).all()
    finally:
        engine.dispose()
    return {
        row.id: {key: value for key, value in row._asdict().items() if key != "id"} for row in rows
    }


async def test_mixed_writers_through_both_stacks_lose_nothing_and_never_fail(
    gateway_client: httpx.AsyncClient, settings: Settings
) -> None:
    headers = await _admin_headers(gateway_client)
    assert (await gateway_client.post("/api/pic-teams", json=TEAM, headers=headers)).is_success
    shared = []
    for number in range(SHARED_JOBS):
        body = _job(f"shared {number}")
        created = await gateway_client.post("/api/jobs", json=body, headers=headers)
        assert created.status_code == 201, created.text
        shared.append(created.json()["job"]["id"])
    # Registrations, job creates, and updates of the shared jobs' rows, alternating stacks.
    registrations = range(0, MIXED_WRITERS, 3)
    creates = range(1, MIXED_WRITERS, 3)
    updates = list(range(2, MIXED_WRITERS, 3))
    assert len(updates) == SHARED_JOBS * 4

    async def write(number: int) -> httpx.Response:
        prefix = _prefix(number)
        if number in registrations:
            body = {
                "username": f"writer{number}",
                "email": f"w{number}@x.io",
                "password": "secret1",
            }
            return await gateway_client.post(f"{prefix}/auth/register", json=body, headers=headers)
        if number in creates:
            body = _job(f"created by {number}")
            return await gateway_client.post(f"{prefix}/jobs", json=body, headers=headers)
        update = updates.index(number)
        path = f"{prefix}/jobs/{shared[update % SHARED_JOBS]}"
        return await gateway_client.put(path, json=_column_update(update)[0], headers=headers)

    responses = await asyncio.gather(*(write(number) for number in range(MIXED_WRITERS)))

    failed = [(r.request.url.path, r.status_code, r.text) for r in responses if not r.is_success]
    assert failed == []
    assert {response.headers["x-served-by"] for response in responses} == {"flask", "fastapi"}
    assert _count(settings, User) == 1 + len(registrations)
    assert _count(settings, Job) == SHARED_JOBS + len(creates)
    expected: dict[str, dict[str, Any]] = {job_id: {} for job_id in shared}
    for update in range(len(updates)):
        expected[shared[update % SHARED_JOBS]].update(_column_update(update)[1])
    # Every update's column is there: none overwrote a column another update wrote.
    assert _shared_columns(settings, shared) == expected
