"""OpenAPI documentation of the scheduler's operator endpoints (descriptive only)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class LeaseInfo(BaseModel):
    """The lease row: who holds it and until when (UTC)."""

    holder: str
    acquired_at: str
    expires_at: str


class Schedule(BaseModel):
    """One job this process fires."""

    job_id: str
    cron_expression: str
    next_run_at: str | None


class SchedulerStatus(BaseModel):
    """This process's scheduler: leader, standby, or disabled (TESTING or SCHEDULER_ENABLED)."""

    enabled: bool
    role: Literal["leader", "standby", "disabled"]
    process: str | None
    lease: LeaseInfo | None
    lease_seconds: float | None
    poll_seconds: int | None
    scheduled_jobs_count: int
    last_resync_at: str | None
    maintenance_next_run_at: str | None
    schedules: list[Schedule]


class SchedulerResynced(SchedulerStatus):
    """The status right after a resync."""

    message: str
