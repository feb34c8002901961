"""Both stacks through the gateway on one MySQL/MariaDB database (`TEST_MYSQL_URL`, else skipped).

`/api` goes to Flask and `/api/v2` to FastAPI (the default cutover): a job written by one stack
is read back by the other, each reply as the contract words it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from cronjobs.settings import Settings
from tests_support.kit.databases import mysql_url, wipe_mysql
from tests_support.kit.lifespans import service_client

pytestmark = pytest.mark.mysql

TEAM = {"name": "Ops", "slack_handle": "@ops"}
JOB = {
    "name": "nightly 🌙 report",
    "cron_expression": "0 9 * * *",
    "end_date": "2099-12-31",
    "pic_team": "ops",
    "target_url": "https://example.com/hook",
}


@pytest.fixture
def database_url() -> str:
    """The MySQL test database, empty: the gateway's startup migrates and seeds it."""
    url = mysql_url()
    wipe_mysql(url)
    return url


@pytest.fixture
async def gateway(make_settings: Callable[..., Settings]) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the whole gateway on the MySQL database, its lifespan running."""
    async with service_client(make_settings()) as client:
        yield client


async def _admin(client: httpx.AsyncClient, prefix: str) -> dict[str, str]:
    body = {"username": "admin", "password": "admin123"}
    response = await client.post(f"{prefix}/auth/login", json=body)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.mark.parametrize(("writer", "reader"), [("/api", "/api/v2"), ("/api/v2", "/api")])
async def test_a_job_created_by_one_stack_reads_back_on_the_other(
    gateway: httpx.AsyncClient, writer: str, reader: str
) -> None:
    admin = await _admin(gateway, writer)
    assert (await gateway.post(f"{writer}/pic-teams", json=TEAM, headers=admin)).status_code == 201
    created = await gateway.post(f"{writer}/jobs", json=JOB, headers=admin)
    assert created.status_code == 201, created.text
    job = created.json()["job"]

    read = await gateway.get(f"{reader}/jobs/{job['id']}", headers=await _admin(gateway, reader))

    assert read.status_code == 200, read.text
    # The read adds the schedule's fields; everything the create answered, microseconds included,
    # comes back the same.
    assert {key: read.json()["job"][key] for key in job} == job
    assert {created.headers["x-served-by"], read.headers["x-served-by"]} == {"flask", "fastapi"}
