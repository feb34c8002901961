"""A request MySQL picks as a deadlock victim is run again; its client never sees the deadlock.

The test holds a transaction of its own (the rival) and makes a real deadlock with a job update
on either stack: the rival renames job B to "taken", the request renames job A to "taken" (it
locks A's row, then waits for the rival's index entry), then the rival updates A. The rival has
written more, so InnoDB undoes the request's transaction (error 1213); the service runs it again.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator

import httpx
import pytest
from sqlalchemy import Engine, create_engine, insert, text, update

from cronjobs.models import Job, Notification
from cronjobs.settings import Settings
from cronjobs.storage.engines import sync_url
from tests_support.kit.databases import empty_server_url, innodb_transactions
from tests_support.kit.lifespans import service_client

pytestmark = pytest.mark.mysql

TEAM = {"name": "Ops", "slack_handle": "@ops"}
# Rows the rival writes first, so that it outweighs the request and the request is the victim.
RIVAL_ROWS = 20
WAIT_FOR_LOCK_SECONDS = 30
DEADLOCKS = text("SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'")


@pytest.fixture
def database_url() -> str:
    """The MySQL test database, empty: the gateway's startup migrates and seeds it."""
    return empty_server_url("mysql")


@pytest.fixture
async def gateway(make_settings: Callable[..., Settings]) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the whole gateway; `/api` goes to Flask, `/api/v2` to FastAPI."""
    async with service_client(make_settings()) as client:
        yield client


@pytest.fixture
def rival_engine(database_url: str) -> Iterator[Engine]:
    """An engine of the test's own, outside the service."""
    engine = create_engine(sync_url(database_url))
    yield engine
    engine.dispose()


async def _admin(client: httpx.AsyncClient) -> dict[str, str]:
    body = {"username": "admin", "password": "admin123"}
    response = await client.post("/api/auth/login", json=body)
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def _job(client: httpx.AsyncClient, headers: dict[str, str], name: str) -> str:
    body = {
        "name": name,
        "cron_expression": "0 9 * * *",
        "end_date": "2099-12-31",
        "pic_team": "ops",
        "target_url": "https://example.com/hook",
    }
    response = await client.post("/api/jobs", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return str(response.json()["job"]["id"])


async def _until_a_transaction_waits_for_a_lock(engine: Engine) -> None:
    deadline = time.monotonic() + WAIT_FOR_LOCK_SECONDS
    while True:
        with engine.connect() as connection:
            if any("LOCK WAIT" in entry for entry in innodb_transactions(connection).values()):
                return
        assert time.monotonic() < deadline, "the request never waited for the rival's lock"
        await asyncio.sleep(0.01)


def _deadlocks(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(DEADLOCKS).one()[1])


@pytest.mark.parametrize("prefix", ["/api", "/api/v2"], ids=["flask", "fastapi"])
async def test_a_deadlock_victim_request_is_run_again_and_succeeds(
    gateway: httpx.AsyncClient, rival_engine: Engine, prefix: str
) -> None:
    headers = await _admin(gateway)
    assert (await gateway.post("/api/pic-teams", json=TEAM, headers=headers)).is_success
    job_a, job_b = await _job(gateway, headers, "job a"), await _job(gateway, headers, "job b")
    admin_id = (await gateway.get("/api/auth/me", headers=headers)).json()["user"]["id"]
    deadlocks = _deadlocks(rival_engine)

    with rival_engine.connect() as rival:
        notes = [{"user_id": admin_id, "title": "t", "message": "m", "type": "info"}]
        rival.execute(insert(Notification), notes * RIVAL_ROWS)
        rival.execute(update(Job).where(Job.id == job_b).values(name="taken"))
        renaming = asyncio.create_task(
            gateway.put(f"{prefix}/jobs/{job_a}", json={"name": "taken"}, headers=headers)
        )
        try:
            await _until_a_transaction_waits_for_a_lock(rival_engine)
            # Close the cycle: the rival now waits for job A's row, which the request holds.
            statement = update(Job).where(Job.id == job_a).values(cron_expression="5 9 * * *")
            await asyncio.to_thread(rival.execute, statement)
        finally:
            rival.rollback()  # the request's rerun waits for this, as for any row lock
            response = await renaming

    assert _deadlocks(rival_engine) > deadlocks  # server-wide: other databases' count as well
    assert response.status_code == 200, response.text
    assert response.json()["job"]["name"] == "taken"
    assert response.headers["x-served-by"] == ("flask" if prefix == "/api" else "fastapi")
