"""The jobs table drives the schedule (spec §6.2, §6.5): writes through either stack, made in
the leader's process (effective at once) or in another process (picked up within a poll).

Each test runs a leading service and, for the other-process case, a second service without a
scheduler on the same database; the job is created, re-timed, paused, resumed, expired behind
the API's back, revived and deleted, and the leader's schedules follow every step.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import update

from cronjobs.domain.common.clock import today
from cronjobs.models import Job
from cronjobs.scheduler import ProcessScheduler
from cronjobs.settings import Settings
from tests_support.kit.worlds.base import WORLD_SECRET, World, copy_database
from tests_support.kit.worlds.scheduler import (
    TOKYO,
    eventually,
    leader_of,
    service_with,
    world_fixture,  # noqa: F401  (a fixture)
)

POLL_WAIT = 3.0  # one 1 s poll, with room for a slow machine


@pytest.fixture(params=["flask", "fastapi"])
def stack(request: pytest.FixtureRequest) -> str:
    """The stack every endpoint is sent to."""
    return str(request.param)


@pytest.fixture(params=["leader", "other"], ids=["in_the_leader", "in_another_process"])
def writer(request: pytest.FixtureRequest) -> str:
    """Where the writes are made."""
    return str(request.param)


@pytest.fixture
def settings(make_settings: Callable[..., Settings], world_template: Path, stack: str) -> Settings:
    """The world database, a 1 s poll, every endpoint on `stack`."""
    built = make_settings(
        jwt_secret_key=WORLD_SECRET, scheduler_poll_seconds=1, cutover_default=stack
    )
    copy_database(world_template, built.database_url)
    return built


@pytest.fixture
def leader(settings: Settings) -> ProcessScheduler:
    """The leading scheduler (started by its service)."""
    return leader_of(settings)


@pytest.fixture
async def client(
    settings: Settings, leader: ProcessScheduler, writer: str
) -> AsyncIterator[httpx.AsyncClient]:
    """The client writes go through: the leader's service, or another one on the database."""
    async with AsyncExitStack() as stack:
        leading = await stack.enter_async_context(service_with(settings, leader))
        await eventually(lambda: leader.running, "the lease")
        other = await stack.enter_async_context(service_with(settings, None))
        yield leading if writer == "leader" else other


def schedules_of(leader: ProcessScheduler) -> dict[str, str] | None:
    """The leader's job schedules by id, or None while its lease has lapsed.

    A lapsed lease (a tick late on a loaded machine) shows no schedules at all, which is not the
    empty schedule a resync makes.
    """
    status = leader.status()
    if status["role"] != "leader":
        return None
    return {entry["job_id"]: entry["cron_expression"] for entry in status["schedules"]}


async def follows(leader: ProcessScheduler, writer: str, expected: dict[str, str]) -> None:
    """The leader's job schedules become `expected`: at once, or within a poll."""

    def current() -> bool:
        return schedules_of(leader) == expected

    if writer == "leader":
        assert current(), leader.status()["schedules"]
    else:
        await eventually(current, f"schedules {expected}", seconds=POLL_WAIT)


async def test_the_schedule_follows_every_change_of_a_job(
    client: httpx.AsyncClient, leader: ProcessScheduler, writer: str, world: World
) -> None:
    admin = {"Authorization": f"Bearer {world.token('admin')}"}

    async def send(method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = await client.request(method, f"/api{path}", headers=admin, json=body)
        assert response.status_code in (200, 201), response.text
        return response.json()

    await send("POST", "/pic-teams", {"name": "Ops", "slug": "ops", "slack_handle": "@ops"})
    end = (today(TOKYO) + timedelta(days=30)).isoformat()
    job = {"name": "Nightly", "cron_expression": "0 9 * * *", "end_date": end, "pic_team": "ops"}
    job_id = (await send("POST", "/jobs", job | {"target_url": "https://example.com/h"}))["job"][
        "id"
    ]
    await follows(leader, writer, {job_id: "0 9 * * *"})
    await send("PUT", f"/jobs/{job_id}", {"cron_expression": "30 8 * * 1"})
    await follows(leader, writer, {job_id: "30 8 * * 1"})
    await send("PUT", f"/jobs/{job_id}", {"is_active": False})
    await follows(leader, writer, {})
    await send("PUT", f"/jobs/{job_id}", {"is_active": True})
    await follows(leader, writer, {job_id: "30 8 * * 1"})

    # Expired behind the API's back: the next resync pauses it, silently, and drops it.
    yesterday = today(TOKYO) - timedelta(days=1)
    with world.session() as session:
        session.execute(update(Job).where(Job.id == job_id).values(end_date=yesterday))
        session.commit()
    await eventually(lambda: schedules_of(leader) == {}, "the expiry", seconds=POLL_WAIT)
    assert world.row(Job, id=job_id).is_active is False

    await send("PUT", f"/jobs/{job_id}", {"end_date": end, "is_active": True})
    await follows(leader, writer, {job_id: "30 8 * * 1"})
    await send("DELETE", f"/jobs/{job_id}")
    await follows(leader, writer, {})
