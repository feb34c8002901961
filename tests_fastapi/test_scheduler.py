"""The scheduler inside the service (spec §6.1–§6.5): lease, visibility, writes and resync.

Each test serves the whole service with a real `ProcessScheduler` on a copy of the world
database (poll 1 s, lease 3 s, a trigger firing every second, `tests_support.kit.worlds.scheduler`).
Writes are made through either stack; a second service without a scheduler stands in for
another process writing to the same database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import make_url

from cronjobs.domain.common.clock import today, utcnow
from cronjobs.models import Job, JobExecution
from cronjobs.scheduler.resync import INTERRUPTED
from cronjobs.settings import Settings
from tests_support.kit.servers.http_stub import HttpStub
from tests_support.kit.worlds.base import WORLD_SECRET, World, copy_database
from tests_support.kit.worlds.scheduler import (
    TOKYO,
    eventually,
    leader_of,
    service_with,
    world_fixture,  # noqa: F401  (a fixture)
)

STACKS = ["flask", "fastapi"]
NOT_LEADER = {
    "error": "Not the scheduler leader",
    "message": "This process does not hold the scheduler lease; resync on the leader "
    "(see GET /api/v2/scheduler/status).",
}
NOT_RUNNING = {
    "error": "Scheduler not running",
    "message": "This process does not run the scheduler (SCHEDULER_ENABLED=false or TESTING).",
}


@pytest.fixture
def stack(request: pytest.FixtureRequest) -> str:
    """The stack every endpoint is sent to (flask unless parametrized indirectly)."""
    return str(getattr(request, "param", "flask"))


@pytest.fixture
def settings(
    make_settings: Callable[..., Settings], world_template: Path, http_stub: HttpStub, stack: str
) -> Settings:
    """The world database, a 1 s poll, GitHub on the stub."""
    built = make_settings(
        jwt_secret_key=WORLD_SECRET,
        scheduler_poll_seconds=1,
        cutover_default=stack,
        github_api_url=f"{http_stub.url}/",
        github_token="",
        run_timeout_seconds=2,
    )
    copy_database(world_template, built.database_url)
    return built


def auth(world: World, key: str = "admin") -> dict[str, str]:
    """The Authorization header of a world user."""
    return {"Authorization": f"Bearer {world.token(key)}"}


async def status(client: httpx.AsyncClient, world: World) -> dict[str, Any]:
    """GET /api/v2/scheduler/status as the admin."""
    response = await client.get("/api/v2/scheduler/status", headers=auth(world))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def create_job(client: httpx.AsyncClient, world: World, **fields: Any) -> str:
    """Create a PIC team if needed and a job through `/api/jobs`; return the job's id."""
    await client.post(
        "/api/pic-teams",
        headers=auth(world),
        json={"name": "Ops", "slug": "ops", "slack_handle": "@ops"},
    )
    body = {
        "name": "Nightly",
        "cron_expression": "0 9 * * *",
        "target_url": "https://example.invalid/hook",
        "end_date": (today(TOKYO) + timedelta(days=30)).isoformat(),
        "pic_team": "ops",
    } | fields
    response = await client.post("/api/jobs", headers=auth(world, "user"), json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["job"]["id"])


def schedules(body: dict[str, Any]) -> dict[str, str]:
    """The scheduled jobs of a status body: id → cron expression."""
    return {entry["job_id"]: entry["cron_expression"] for entry in body["schedules"]}


# --- visibility ---------------------------------------------------------------------------------


async def test_leader_reports_running_with_the_weekly_job(settings: Settings, world: World) -> None:
    leader = leader_of(settings)
    async with service_with(settings, leader) as client:
        health = await eventually(
            lambda: leader.running and leader.scheduled_jobs_count, "the lease"
        )
        assert health == 1
        body = (await client.get("/api/health")).json()
        state = await status(client, world)
    assert body == {"status": "healthy", "scheduler_running": True, "scheduled_jobs_count": 1}
    assert state["role"] == "leader"
    assert state["process"] == leader.holder
    assert state["lease"]["holder"] == leader.holder
    assert state["lease_seconds"] == 3.0
    assert state["poll_seconds"] == 1
    assert state["schedules"] == []
    assert state["last_resync_at"] is not None


async def test_process_without_a_scheduler_says_so(settings: Settings, world: World) -> None:
    async with service_with(settings, None) as client:
        health = (await client.get("/api/health")).json()
        state = await status(client, world)
        resync = await client.post("/api/v2/scheduler/resync", headers=auth(world))
    assert health == {"status": "healthy", "scheduler_running": False, "scheduled_jobs_count": 0}
    assert (state["enabled"], state["role"], state["lease"]) == (False, "disabled", None)
    assert (resync.status_code, resync.json()) == (409, NOT_RUNNING)


async def test_standby_names_the_leader_and_refuses_to_resync(
    settings: Settings, world: World
) -> None:
    leader, standby = leader_of(settings), leader_of(settings)
    async with service_with(settings, leader), service_with(settings, standby) as client:
        await eventually(lambda: leader.running, "the lease")
        state = await status(client, world)
        health = (await client.get("/api/health")).json()
        resync = await client.post("/api/v2/scheduler/resync", headers=auth(world))
    assert (state["role"], state["lease"]["holder"]) == ("standby", leader.holder)
    assert health["scheduler_running"] is False
    assert (resync.status_code, resync.json()) == (409, NOT_LEADER)


async def test_leader_resyncs_on_request(settings: Settings, world: World) -> None:
    leader = leader_of(settings)
    async with service_with(settings, leader) as client:
        await eventually(lambda: leader.running, "the lease")
        response = await client.post("/api/v2/scheduler/resync", headers=auth(world))
    assert response.status_code == 200
    assert response.json()["message"] == "Resync complete"
    assert response.json()["role"] == "leader"


@pytest.mark.parametrize(("key", "status_code"), [("user", 403), ("viewer", 403), (None, 401)])
async def test_operator_endpoints_need_an_admin(
    settings: Settings, world: World, key: str | None, status_code: int
) -> None:
    headers = auth(world, key) if key else {}
    async with service_with(settings, None) as client:
        answers = [
            (await client.get("/api/v2/scheduler/status", headers=headers)).status_code,
            (await client.post("/api/v2/scheduler/resync", headers=headers)).status_code,
        ]
    assert answers == [status_code, status_code]


async def test_clean_stop_releases_the_lease_to_a_standby_at_once(settings: Settings) -> None:
    first = leader_of(settings, lease_ttl_seconds=60)
    second = leader_of(settings, lease_ttl_seconds=60)
    first.start()
    try:
        await eventually(lambda: first.running, "the first lease")
        second.start()
        first.stop()
        # Well before the 60 s lease would expire: the release freed it.
        await eventually(lambda: second.running, "the takeover", seconds=5)
    finally:
        first.stop()
        second.stop()


async def test_a_new_leader_records_runs_its_dead_predecessor_left_running_as_failed(
    settings: Settings, world: World
) -> None:
    now = utcnow()
    with world.session() as session:
        session.add(
            Job(
                id="j1",
                name="Nightly",
                cron_expression="0 9 * * *",
                category="general",
                is_active=False,
            )
        )
        session.flush()
        for execution_id, trigger, age in [
            ("cut-off", "scheduled", 600),
            ("in-flight", "scheduled", 5),
            ("manual", "manual", 600),
        ]:
            session.add(
                JobExecution(
                    id=execution_id,
                    job_id="j1",
                    status="running",
                    trigger_type=trigger,
                    started_at=now - timedelta(seconds=age),
                )
            )
        session.commit()
    leader = leader_of(settings)
    async with service_with(settings, leader):
        await eventually(lambda: leader.running, "the lease")
    statuses = {
        key: (world.row(JobExecution, id=key).status, world.row(JobExecution, id=key).error_message)
        for key in ("cut-off", "in-flight", "manual")
    }
    assert statuses == {
        "cut-off": ("failed", INTERRUPTED),
        "in-flight": ("running", None),  # it may still finish in a live process
        "manual": ("running", None),  # manual runs belong to the request that made them
    }
    assert world.row(JobExecution, id="cut-off").completed_at is not None


async def test_a_leader_that_cannot_renew_stops_firing_when_its_lease_expires(
    settings: Settings,
) -> None:
    leader = leader_of(settings)
    leader.start()
    try:
        await eventually(lambda: leader.running, "the lease")
        # Another connection holds the database: the leader can neither renew nor record runs.
        path = make_url(settings.database_url).database
        assert path is not None
        blocker = sqlite3.connect(path, isolation_level=None)
        try:
            blocker.execute("BEGIN EXCLUSIVE")
            await eventually(lambda: not leader.running, "the lease to run out", seconds=10)
            assert leader.scheduled_jobs_count == 0
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        # Nobody took the lease meanwhile: the next renewal makes it the leader again.
        await eventually(lambda: leader.running, "the renewal")
    finally:
        leader.stop()
