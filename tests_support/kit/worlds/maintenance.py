"""The world of weekly-maintenance tests (spec §6.8): jobs around a fixed today, teams, Slack.

Test modules import `world_fixture` (registers as `world`) and, for the HTTPS Slack stub,
`ca_fixture` (registers as `ca`).

`MaintenanceWorld` is the case world plus the `RecordingScheduler` the service runs and the
Slack sender under test. Jobs, PIC teams, users and the Slack settings row are written straight
to the database; `run()` calls the maintenance as the scheduler will, on the `DATABASE_URL`
database, with `today=TODAY`. Checks read rows back through the world's own engine, so they only
see what the run committed.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
import trustme
from sqlalchemy import Engine, select, update

from cronjobs.domain.common.context import Service
from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.domain.process.maintenance import MaintenanceReport, run_weekly_maintenance
from cronjobs.domain.slack.messages import SlackSender
from cronjobs.models import Job, Notification, PicTeam, SlackSettings, User, new_id
from cronjobs.settings import Settings
from cronjobs.storage.engines import SyncSessions, create_sync_engine
from tests_support.kit.schedulers import RecordingScheduler
from tests_support.kit.worlds.base import World, password_hash

TODAY = date(2026, 3, 2)  # a Monday, when the weekly job fires
FRONTEND_BASE_URL = "https://scheduler.example/app/"  # the trailing slash must be dropped
LINK_BASE = "https://scheduler.example/app/jobs"
AUTO_PAUSED = "Job auto-paused (end date passed)"
ENDING_SOON = "Job ending soon"

Notice = tuple[str, str, str, str, str | None, str | None]  # user, type, title, message, job, run


@pytest.fixture(name="ca", scope="session")
def ca_fixture() -> trustme.CA:
    """The test CA the HTTPS Slack stub's certificate comes from."""
    return trustme.CA()


@pytest.fixture(name="world")
def world_fixture(world_database: Callable[..., Settings]) -> Iterator[MaintenanceWorld]:
    """The maintenance world on a copy of the world database, with a PIC team `qa-team`."""
    world = MaintenanceWorld(world_database(frontend_base_url=FRONTEND_BASE_URL))
    world.add_team("qa-team", "@qa-team")
    yield world
    world.close()


def trusting(ca: trustme.CA) -> Callable[[], httpx.Client]:
    """Return a client factory whose clients trust the test CA (for the HTTPS stub)."""
    context = ssl.create_default_context()
    ca.configure_trust(context)
    return lambda: httpx.Client(verify=context, timeout=10.0)


def day(offset: int) -> date:
    """Return TODAY moved by `offset` days."""
    return TODAY + timedelta(days=offset)


class PauseCheckingScheduler(RecordingScheduler):
    """A `RecordingScheduler` that also notes, per unschedule, the job's committed `is_active`."""

    def __init__(self, database_url: str, committed_active: Callable[[str], bool]) -> None:
        super().__init__(database_url)
        self._committed_active = committed_active
        self.active_when_unscheduled: list[bool] = []

    def unschedule(self, job_id: str) -> None:
        """Note whether the job was still active as committed, then record the call."""
        self.active_when_unscheduled.append(self._committed_active(job_id))
        super().unschedule(job_id)


class MaintenanceWorld(World):
    """The case world with the scheduler of the process and the Slack sender under test."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings.database_url, settings.jwt_secret_key)
        self.scheduler = PauseCheckingScheduler(settings.database_url, self.is_active)
        self.service = Service(settings, self.scheduler)
        self.slack_sender: SlackSender | None = None
        self._run_engine: Engine = create_sync_engine(
            settings.database_url, setup=install_text_checks
        )

    def close(self) -> None:
        """Release every engine the world opened."""
        self._run_engine.dispose()
        self.scheduler.close()
        super().close()

    def run(self, **options: Any) -> MaintenanceReport:
        """Run the weekly maintenance on TODAY (unless `today` is given) with the world's sender."""
        options.setdefault("today", TODAY)
        options.setdefault("slack", self.slack_sender)
        return run_weekly_maintenance(SyncSessions(self._run_engine).write, self.service, **options)

    def add_job(
        self,
        name: str,
        end_offset: int | None,
        *,
        active: bool = True,
        team: str | None = "qa-team",
        creator: str | None = "user",
    ) -> str:
        """Insert a job ending `end_offset` days from TODAY (None: no end_date); return its id."""
        job = Job(
            id=new_id(),
            name=name,
            cron_expression="0 9 * * *",
            category="general",
            target_url="https://hooks.example/run",
            end_date=None if end_offset is None else day(end_offset),
            pic_team=team,
            created_by=self.ids[creator] if creator else None,
            is_active=active,
        )
        with self.session() as session:
            session.add(job)
            session.commit()
        return job.id

    def add_team(self, slug: str, slack_handle: str | None) -> None:
        """Insert an active PIC team."""
        with self.session() as session:
            session.add(PicTeam(slug=slug, name=slug.title(), slack_handle=slack_handle))
            session.commit()

    def add_user(self, key: str, role: str, *, active: bool = True) -> None:
        """Insert a user known by `key` from now on."""
        user = User(
            username=key,
            email=f"{key}@example.com",
            password_hash=password_hash(),
            role=role,
            is_active=active,
        )
        with self.session() as session:
            session.add(user)
            session.commit()
        self.users[key] = user

    def deactivate(self, key: str) -> None:
        """Set a user inactive."""
        with self.session() as session:
            session.execute(update(User).where(User.id == self.ids[key]).values(is_active=False))
            session.commit()

    def set_slack(self, *, enabled: bool, url: str | None, channel: str | None = None) -> None:
        """Store the Slack settings row."""
        with self.session() as session:
            session.add(SlackSettings(is_enabled=enabled, webhook_url=url, channel=channel))
            session.commit()

    def is_active(self, job_id: str) -> bool:
        """Return the job's committed `is_active`."""
        with self.session() as session:
            return bool(session.scalar(select(Job.is_active).where(Job.id == job_id)))

    def notices(self) -> list[Notice]:
        """Return every notification as (user, type, title, message, job, execution), sorted."""
        with self.session() as session:
            rows = session.scalars(select(Notification)).all()
        return sorted(
            (
                row.user_id,
                row.type,
                row.title,
                row.message,
                row.related_job_id,
                row.related_execution_id,
            )
            for row in rows
        )

    def expected_notices(self, keys: list[str], title: str, message: str, job: str) -> list[Notice]:
        """Return the warning each user named by key must have got about the job."""
        return sorted((self.ids[key], "warning", title, message, job, None) for key in keys)
