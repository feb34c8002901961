"""A `LeaderLoop` driven by hand: APScheduler started paused, no control thread, explicit polls.

The loop runs on a real SQLite file with the production lease, resync and schedules; only the
trigger is replaced (`hourly`), so a schedule's first fire time tells when it was computed.
"""

from __future__ import annotations

from datetime import UTC, date, tzinfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from cronjobs.models import Job
from cronjobs.scheduler.lease import Lease
from cronjobs.scheduler.loop import LeaderLoop

HOLDER = "this-process"


def hourly(_expression: str, zone: tzinfo) -> BaseTrigger:
    """A trigger whose first fire time tells when it was computed: one hour after that."""
    return IntervalTrigger(hours=1, timezone=zone)


def leader_loop(
    engine: Engine,
    leads: list[object],
    run_seconds: float = 40,
    lease: Lease | None = None,
) -> LeaderLoop:
    """A loop holding nothing yet, APScheduler paused; `leads` records each start of leading."""
    loop = LeaderLoop(
        engine,
        lease or Lease(engine, HOLDER, 30),
        zone=UTC,
        poll_seconds=1,
        today=date.today,
        fire=lambda _job_id: None,
        on_lead=leads.append,
        run_seconds=run_seconds,
        trigger=hourly,
    )
    loop.aps.start(paused=True)
    return loop


def add_job(engine: Engine, name: str = "nightly") -> str:
    """Store one active webhook job and return its id."""
    with Session(engine) as session:
        job = Job(
            name=name,
            cron_expression="* * * * *",
            end_date=date(2099, 12, 31),
            target_url="http://127.0.0.1:9/hook",
            pic_team="ops",
        )
        session.add(job)
        session.commit()
        return job.id
