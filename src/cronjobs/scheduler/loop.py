"""The leader loop (spec §6.1–§6.3): APScheduler 3, fired only while this process holds the lease.

A control thread wakes every `SCHEDULER_POLL_SECONDS`. Standing by, it tries to acquire the
lease; leading, it renews the lease and resyncs the jobs table into APScheduler. Losing the lease
(or failing to renew before it expires) stops firing at once and drops every schedule. Each fire
checks that the lease is still ours before running, so no run starts after the lease's expiry,
which is the instant another process may take over.

Two locks, and neither is held by request code across a database call (see `schedule_book`):
`_control` serialises polls and resyncs, database work included, and only the control thread and
operators' resyncs (in worker threads) take it; `_ordering` keeps one job change at a time, from
reading the committed row to applying it, and is held only across that read, which on SQLite (WAL)
and PostgreSQL never waits for a writer.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from cronjobs.domain.common.clock import utcnow
from cronjobs.models import Job
from cronjobs.scheduler.lease import Grant, Lease
from cronjobs.scheduler.resync import fail_interrupted_runs, plan_resync, wanted_schedule
from cronjobs.scheduler.schedule_book import Fire, ScheduleBook, Trigger
from cronjobs.storage.engines import SyncSessions

log = logging.getLogger(__name__)

MAX_RUNS_PER_JOB = 3  # §6.3
MAX_RUNS = 20
MISFIRE_GRACE_SECONDS = 30


def crontab_trigger(expression: str, zone: tzinfo) -> CronTrigger:
    """The trigger of §1.8: APScheduler's crontab semantics in the scheduler timezone."""
    return CronTrigger.from_crontab(expression, timezone=zone)


class LeaderLoop:
    """Holds the lease when it can, and keeps APScheduler's jobs equal to the jobs table."""

    def __init__(
        self,
        engine: Engine,
        lease: Lease,
        *,
        zone: tzinfo,
        poll_seconds: float,
        today: Callable[[], date],
        fire: Fire,
        on_lead: Callable[[BackgroundScheduler], None] = lambda _aps: None,
        run_seconds: float,
        trigger: Trigger = crontab_trigger,
    ) -> None:
        self.lease = lease
        # A run lasts at most this long (three outbound calls, §6.4): older `running` scheduled
        # runs from before this process led were cut off.
        self._run_age = timedelta(seconds=run_seconds)
        # Whether runs a predecessor left may still need recording as interrupted: only until
        # every run started before this process led is older than `_run_age`. Sweeping later
        # would scan job_executions on every poll for nothing.
        self._sweeping = False
        self.zone = zone
        self.poll_seconds = poll_seconds
        sessions = SyncSessions(engine)
        self._sessions: sessionmaker[Session] = sessions.write
        # `schedule` only reads, often right after an API request's commit on the same SQLite
        # file: a read transaction never waits for (or takes) the write lock.
        self._read_sessions: sessionmaker[Session] = sessions.read
        self._today = today
        self._on_lead = on_lead
        self._control = threading.Lock()
        self._ordering = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.grant: Grant | None = None
        # When this process took the lead, on its own clock like the runs it records.
        self.acquired_at: datetime | None = None
        self.last_resync_at: datetime | None = None
        self.aps = BackgroundScheduler(
            timezone=zone,
            executors={"default": ThreadPoolExecutor(MAX_RUNS)},
            job_defaults={
                "coalesce": False,
                "max_instances": MAX_RUNS_PER_JOB,
                "misfire_grace_time": MISFIRE_GRACE_SECONDS,
            },
        )
        self._book = ScheduleBook(self.aps, fire, trigger, zone)

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start APScheduler paused and the control thread; the first attempt is immediate."""
        self.aps.start(paused=True)
        self._thread = threading.Thread(target=self._run, name="scheduler-lease", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop firing, wait for runs in progress, and release the lease if we hold it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        with self._control:
            leading = self.grant is not None
            self._drop_schedules()
        self.aps.shutdown(wait=True)
        if leading:
            try:
                self.lease.release()
            except Exception:
                log.exception("could not release the scheduler lease")

    # --- state -------------------------------------------------------------------------------

    def holds_lease(self) -> bool:
        """Tell whether the lease is ours right now (not merely as of the last renewal)."""
        grant = self.grant
        return grant is not None and grant.valid()

    def job_ids(self) -> list[str]:
        """List the ids of APScheduler's jobs, the weekly job included."""
        return [job.id for job in self.aps.get_jobs()]

    def next_run_of(self, job_id: str) -> datetime | None:
        """Return when an APScheduler job fires next (None when it is not scheduled)."""
        job = self.aps.get_job(job_id)
        return getattr(job, "next_run_time", None) if job is not None else None

    def schedules(self) -> list[tuple[str, str, datetime | None]]:
        """List each scheduled job: its id, its cron expression and its next fire time."""
        return self._book.schedules()

    # --- the control loop --------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            try:
                self.tick()
            except Exception:
                log.exception("scheduler tick failed")
            if self._stop.wait(self.poll_seconds):
                return

    def tick(self) -> None:
        """One poll: renew and resync while leading, else try to acquire."""
        with self._control:
            if self.grant is None:
                grant = self.lease.acquire()
                if grant is None:
                    return
                log.info("scheduler lease acquired by %s", self.lease.holder)
                # Start from no schedules: one added while standing by (an API write racing a
                # lost lease) keeps its old fire times, which APScheduler would replay on resume.
                self._drop_schedules()
                self.acquired_at = utcnow()
                self._sweeping = True
                try:
                    self._resync()
                except Exception:
                    # Only this branch resumes firing, so forget the lease: the next poll takes
                    # it again (it is ours) and retries, instead of leading without ever firing.
                    self._drop_schedules()
                    raise
                self._on_lead(self.aps)
                # Leading shows (`holds_lease`, the status) once every schedule is in place.
                self.grant = grant
                self.aps.resume()
                return
            try:
                renewed = self.lease.renew()
            except Exception:
                log.exception("could not renew the scheduler lease")
                renewed = self.grant if self.grant.valid() else None
            if renewed is None:
                log.warning("scheduler lease lost by %s; firing stopped", self.lease.holder)
                self._drop_schedules()
                return
            self.grant = renewed
            self._resync()

    def _drop_schedules(self) -> None:
        self.grant = None
        self.acquired_at = None
        self._book.clear()

    # --- schedules ---------------------------------------------------------------------------

    def resync(self) -> None:
        """Make APScheduler's jobs what the jobs table wants (§6.2)."""
        with self._control:
            self._resync()

    def _resync(self) -> None:
        now = utcnow()
        if self._sweeping and self.acquired_at is not None:
            cutoff = min(self.acquired_at, now - self._run_age)
            fail_interrupted_runs(self._sessions, cutoff, now)
            self._sweeping = cutoff < self.acquired_at
        read_at = self._book.generation
        plan = plan_resync(self._sessions, self.zone, self._today())
        self._book.apply_plan(plan.wanted, read_at)
        self.last_resync_at = utcnow()

    def schedule(self, job_id: str) -> None:
        """(Re)schedule one job from its committed row; drop it when it should not fire."""
        with self._ordering:
            with self._read_sessions() as session:
                job = session.get(Job, job_id)
                wanted = None if job is None else wanted_schedule(job, self.zone, self._today())
            self._book.put(job_id, wanted)

    def unschedule(self, job_id: str) -> None:
        """Drop one job's schedule, if any."""
        with self._ordering:
            self._book.put(job_id, None)
