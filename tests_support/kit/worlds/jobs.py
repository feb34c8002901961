"""Jobs in the world: catalog rows, seeded jobs and runs, expected resources, shared checks.

Every job case starts from `seed_jobs`: the PIC teams and categories a job needs, plus the
seeded jobs below (fixed ids, fixed timestamps), written straight to the database as another
client would have. PIC teams are not seeded by startup (§5.5), so the setup adds them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete

from cronjobs.models import Job, JobCategory, JobExecution, Notification, PicTeam
from tests_support.kit.scenario import change_row
from tests_support.kit.worlds.base import World

Setup = Callable[[World], None]
TOKYO = ZoneInfo("Asia/Tokyo")
TODAY = datetime.now(TOKYO).date()  # "today" of the end_date rules, at import
FAR_END = "2099-12-31"
PAST_END = date(2000, 1, 1)
TARGET_URL = "https://hooks.example.com/run"
CRON = "0 9 * * 1"  # APScheduler day 1 = Tuesday


@dataclass(frozen=True)
class Seed:
    """A job row every job case starts with."""

    id: str
    name: str
    owner: str | None
    created_at: datetime
    columns: dict[str, Any] = field(default_factory=dict)

    def values(self, world: World) -> dict[str, Any]:
        """Return the row's column values."""
        defaults: dict[str, Any] = {
            "cron_expression": CRON,
            "target_url": TARGET_URL,
            "category": "general",
            "end_date": date(2099, 12, 31),
            "pic_team": "qa-team",
            "enable_email_notifications": False,
            "notify_on_success": False,
            "is_active": True,
        }
        owner = world.ids[self.owner] if self.owner else None
        timestamps = {"created_at": self.created_at, "updated_at": self.created_at}
        return defaults | self.columns | timestamps | {"name": self.name, "created_by": owner}


def _seed(number: int, name: str, owner: str | None, **columns: Any) -> Seed:
    created = datetime(2025, 1, number, 8, 30, 0, 123456)
    return Seed(f"00000000-0000-4000-8000-{number:012d}", name, owner, created, columns)


GITHUB = {"target_url": None, "github_owner": "acme", "github_repo": "deploy"}
SEEDS = {
    "alice": _seed(1, "alice-webhook", "user"),
    "olga": _seed(2, "olga-webhook", "other"),
    "github": _seed(3, "admin-github", "admin", **GITHUB, github_workflow_name="nightly.yml"),
    "expired": _seed(4, "expired-active", "admin", end_date=PAST_END),
    "paused": _seed(5, "expired-paused", "admin", end_date=PAST_END, is_active=False),
    "notify": _seed(
        6,
        "alice-notify",
        "user",
        enable_email_notifications=True,
        notification_emails="ops@example.com, qa@example.com",
        notify_on_success=True,
        job_metadata='{"ref": "main"}',
        category="regression",
    ),
    "broken": _seed(7, "broken-cron", None, cron_expression="bogus"),
}
JOB = {key: seed.id for key, seed in SEEDS.items()}
RUN_IDS = ("00000000-0000-4000-9000-000000000001", "00000000-0000-4000-9000-000000000002")
RUN_TIMES = (datetime(2025, 3, 2, 8, 30), datetime(2025, 3, 1, 12, 0, 0, 123456))
OLGA_RUN_TIME = datetime(2025, 2, 1, 0, 0, 0, 5)


def seed_jobs(world: World) -> None:
    """Add the PIC teams, a disabled category and the seeded jobs."""
    with world.session() as session:
        session.add_all(
            [
                PicTeam(slug="qa-team", name="QA Team", is_active=True),
                PicTeam(slug="ops", name="Ops Crew", is_active=False),
                PicTeam(slug="payments", name="Payments Squad", is_active=True),
                JobCategory(slug="legacy-suite", name="Legacy Suite", is_active=False),
            ]
        )
        session.add_all(Job(id=seed.id, **seed.values(world)) for seed in SEEDS.values())
        session.commit()


def add_runs(world: World) -> None:
    """Give alice's job two runs, with notifications naming the job and each run."""
    with world.session() as session:
        for run_id, started in zip(RUN_IDS, RUN_TIMES, strict=True):
            session.add(
                JobExecution(
                    id=run_id,
                    job_id=JOB["alice"],
                    status="success",
                    trigger_type="manual",
                    started_at=started,
                )
            )
        session.flush()
        links: tuple[str | None, ...] = (None, *RUN_IDS)
        for link in links:
            session.add(
                Notification(
                    user_id=world.ids["admin"],
                    title="Linked",
                    message="points at alice's job",
                    type="info",
                    related_job_id=JOB["alice"],
                    related_execution_id=link,
                )
            )
        session.add(
            JobExecution(
                job_id=JOB["olga"],
                status="failed",
                trigger_type="scheduled",
                started_at=OLGA_RUN_TIME,
            )
        )
        session.commit()


def change_job(key: str, **columns: Any) -> Setup:
    """Write column values onto a seeded job."""
    return change_row(Job, JOB[key], **columns)


def remove_category(slug: str) -> Setup:
    """Delete a category row."""

    def setup(world: World) -> None:
        with world.session() as session:
            session.execute(delete(JobCategory).where(JobCategory.slug == slug))
            session.commit()

    return setup


def add_accented_catalog(world: World) -> None:
    """Add a category and a PIC team whose display names start with a non-ASCII capital."""
    with world.session() as session:
        session.add(JobCategory(slug="nord", name="Équipe Nord", is_active=True))
        session.add(PicTeam(slug="oe", name="ÖE Team", is_active=True))
        session.commit()


def then(*setups: Setup) -> Setup:
    """Run setups in order."""

    def setup(world: World) -> None:
        for step in setups:
            step(world)

    return setup


# --- expected resources -----------------------------------------------------------------------


def stored_job(world: World, key: str, **changes: Any) -> dict[str, Any]:
    """Return the `Job` resource of a seeded job as seeded, with `changes` applied."""
    values = SEEDS[key].values(world)
    emails = values.get("notification_emails") or ""
    return {
        "id": JOB[key],
        "name": values["name"],
        "cron_expression": values["cron_expression"],
        "target_url": values.get("target_url"),
        "github_owner": values.get("github_owner"),
        "github_repo": values.get("github_repo"),
        "github_workflow_name": values.get("github_workflow_name"),
        "metadata": json.loads(values.get("job_metadata") or "{}"),
        "category": values["category"],
        "end_date": values["end_date"].isoformat(),
        "pic_team": values["pic_team"],
        "enable_email_notifications": values["enable_email_notifications"],
        "notification_emails": [item.strip() for item in emails.split(",") if item.strip()],
        "notify_on_success": values["notify_on_success"],
        "created_by": values["created_by"],
        "is_active": values["is_active"],
        "created_at": values["created_at"].isoformat(),
        "updated_at": values["updated_at"].isoformat(),
    } | changes


def next_tuesday_nine(zone: tzinfo = TOKYO) -> str:
    """Return the next Tuesday 09:00 at or after now: when `0 9 * * 1` fires next."""
    now = datetime.now(zone)
    candidate = now.replace(hour=9, minute=0, second=0, microsecond=0)
    while candidate.weekday() != 1 or candidate < now:
        candidate = (candidate + timedelta(days=1)).replace(hour=9)
    return candidate.isoformat()
