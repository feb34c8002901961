"""APScheduler's jobs as the leader loop keeps them, behind a lock held only for in-memory work.

Request code takes this lock to (un)schedule a job, on whichever thread runs its domain code. Were
it held across a database call, a holder waiting for SQLite's write lock could wait for a
transaction that needs another waiter of this lock (or the event loop) to finish: a deadlock
until the busy timeout. So a
resync reads its plan without the lock, and each request's change bumps a generation: applying
a plan skips the jobs changed after it was read, which would otherwise be put back as they were.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from datetime import datetime, tzinfo

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.base import BaseTrigger

from cronjobs.scheduler.resync import Wanted

Trigger = Callable[[str, tzinfo], BaseTrigger]
Fire = Callable[[str], None]


class ScheduleBook:
    """The jobs' schedules in APScheduler, with what each was made from."""

    def __init__(self, aps: BaseScheduler, fire: Fire, trigger: Trigger, zone: tzinfo) -> None:
        self.aps = aps
        self._fire = fire
        self._trigger = trigger
        self._zone = zone
        self._lock = threading.Lock()
        self._fingerprints: dict[str, tuple[object, ...]] = {}
        self._crons: dict[str, str] = {}
        self._generation = 0
        self._changed: dict[str, int] = {}  # job id → generation of its last change by a request

    @property
    def generation(self) -> int:
        """The count of request changes so far: read it before reading a plan."""
        return self._generation

    def put(self, job_id: str, wanted: Wanted | None) -> None:
        """Apply a request's change of one job: schedule it as wanted, or drop it (None)."""
        with self._lock:
            self._generation += 1
            self._changed[job_id] = self._generation
            if wanted is None:
                self._remove(job_id)
            else:
                self._add(job_id, wanted)

    def apply_plan(self, wanted: Mapping[str, Wanted], read_at: int) -> None:
        """Make the schedules what a plan read at generation `read_at` wants, bar newer changes."""
        with self._lock:
            newer = {job_id for job_id, seen in self._changed.items() if seen > read_at}
            for job_id, plan in wanted.items():
                if job_id not in newer and self._fingerprints.get(job_id) != plan.fingerprint:
                    self._add(job_id, plan)
            for job_id in set(self._fingerprints) - set(wanted) - newer:
                self._remove(job_id)
            # Changes up to `read_at` are in the plan: the next plan will not need them.
            self._changed = {job_id: self._changed[job_id] for job_id in newer}

    def clear(self) -> None:
        """Stop firing and forget every schedule."""
        with self._lock:
            self.aps.pause()
            self.aps.remove_all_jobs()
            self._fingerprints.clear()
            self._crons.clear()

    def schedules(self) -> list[tuple[str, str, datetime | None]]:
        """List each scheduled job: its id, its cron expression and its next fire time."""
        with self._lock:
            crons = dict(self._crons)
        listed = []
        for job in self.aps.get_jobs():
            if job.id in crons:
                listed.append((job.id, crons[job.id], getattr(job, "next_run_time", None)))
        return sorted(listed)

    def _add(self, job_id: str, wanted: Wanted) -> None:
        self.aps.add_job(
            self._fire,
            self._trigger(wanted.cron_expression, self._zone),
            args=[job_id],
            id=job_id,
            name=job_id,
            replace_existing=True,
        )
        self._fingerprints[job_id] = wanted.fingerprint
        self._crons[job_id] = wanted.cron_expression

    def _remove(self, job_id: str) -> None:
        self._crons.pop(job_id, None)
        if self._fingerprints.pop(job_id, None) is not None and self.aps.get_job(job_id):
            self.aps.remove_job(job_id)
