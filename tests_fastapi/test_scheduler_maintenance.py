"""The weekly end_date maintenance as the leading scheduler runs it (spec §6.3, §6.8).

The rules themselves are tested in `test/test_maintenance*.py` with a fixed "today"; here the
leader registers the weekly job (Mondays 09:00, scheduler timezone), a standby never runs it,
and a run on the leader pauses, reminds and posts to Slack over HTTPS (a local server whose
certificate a throwaway CA signs).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import trustme

from cronjobs.domain.common.clock import today
from cronjobs.domain.slack.messages import SlackSender
from cronjobs.models import Job, Notification, SlackSettings
from cronjobs.settings import Settings
from tests_support.kit.servers.http_stub import HttpStub
from tests_support.kit.tick_log import wait_for
from tests_support.kit.worlds.base import WORLD_SECRET, World, copy_database
from tests_support.kit.worlds.maintenance import trusting
from tests_support.kit.worlds.scheduler import (
    TOKYO,
    eventually,
    leader_of,
    world_fixture,  # noqa: F401  (a fixture)
)


@pytest.fixture
def settings(make_settings: Callable[..., Settings], world_template: Path) -> Settings:
    """The world database, a 1 s poll."""
    built = make_settings(jwt_secret_key=WORLD_SECRET, scheduler_poll_seconds=1)
    copy_database(world_template, built.database_url)
    return built


@pytest.fixture
def slack(world: World) -> Iterator[tuple[HttpStub, trustme.CA]]:
    """A local HTTPS server as the Slack webhook, configured in the settings row."""
    ca = trustme.CA()
    with HttpStub(tls=ca) as stub:
        stub.answer("/services/T/B/X", 200, "ok")
        with world.session() as session:
            session.add(SlackSettings(is_enabled=True, webhook_url=f"{stub.url}/services/T/B/X"))
            session.commit()
        yield stub, ca


def add_job(world: World, job_id: str, days_left: int) -> None:
    """An active job ending `days_left` days from today (negative: already past)."""
    with world.session() as session:
        session.add(
            Job(
                id=job_id,
                name=f"Job {job_id}",
                cron_expression="0 9 * * *",
                category="general",
                end_date=today(TOKYO) + timedelta(days=days_left),
                is_active=True,
                created_by=world.ids["user"],
            )
        )
        session.commit()


def test_leader_registers_the_weekly_job_for_monday_nine(settings: Settings) -> None:
    leader = leader_of(settings)
    leader.start()
    try:
        wait_for(lambda: leader.running or None, 10, "the lease")
        next_run = datetime.fromisoformat(leader.status()["maintenance_next_run_at"])
    finally:
        leader.stop()
    local = next_run.astimezone(TOKYO)
    assert (local.weekday(), local.hour, local.minute) == (0, 9, 0)
    assert next_run.utcoffset() == timedelta(hours=9)


async def test_leader_runs_the_maintenance_and_a_standby_does_not(
    settings: Settings, world: World, slack: tuple[HttpStub, trustme.CA]
) -> None:
    stub, ca = slack
    add_job(world, "expired", -1)
    add_job(world, "ending", 3)
    leader = leader_of(settings, slack=SlackSender(trusting(ca)))
    standby = leader_of(settings)
    leader.start()
    try:
        await eventually(lambda: leader.running, "the lease")
        standby.start()
        assert standby.run_maintenance() is None
        report = leader.run_maintenance()
    finally:
        standby.stop()
        leader.stop()
    assert report is not None
    # The leader's first resync already paused the expired job, silently (§6.2 step 1).
    assert report.paused == ()
    assert world.row(Job, id="expired").is_active is False
    assert world.count(Notification, related_job_id="expired") == 0
    assert [job_id for job_id, _days in report.reminded] == ["ending"]
    assert world.count(Notification, title="Job ending soon", related_job_id="ending") >= 1
    texts = [request.json()["text"] for request in stub.requests]
    assert len(texts) == 1
    assert texts[0].startswith(":warning: Job ending soon (3d): ")
