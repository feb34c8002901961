"""OpenAPI documentation of execution history (§4.6) and notifications (§4.7).

Only descriptive: the domain renders every body, these models tell readers of `/docs` its shape.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class Execution(BaseModel):
    """One run of a job (§5.3); times in UTC with milliseconds and `Z`."""

    id: str
    job_id: str | None
    status: str
    trigger_type: str
    started_at: str | None
    completed_at: str | None
    duration_seconds: float | None
    execution_type: str | None
    target: str | None
    response_status: int | None
    error_message: str | None
    output: str | None


class ExecutionWithJob(Execution):
    """An execution with its job's name and repository."""

    job_name: str
    github_repo: str | None


class JobExecutions(BaseModel):
    """A job's newest executions."""

    job_id: str
    job_name: str
    total_executions: int
    executions: list[Execution]


class JobRef(BaseModel):
    """A job's id and name."""

    id: str
    name: str


class JobExecutionReply(BaseModel):
    """One execution of a job."""

    job: JobRef
    execution: Execution


class JobStatistics(BaseModel):
    """Counts, success rate and mean duration of a job's executions."""

    total_executions: int
    success_count: int
    failed_count: int
    running_count: int
    success_rate: float
    average_duration_seconds: float | None


class JobExecutionStats(BaseModel):
    """A job's execution statistics and its latest execution."""

    job_id: str
    job_name: str
    statistics: JobStatistics
    latest_execution: Execution | None


class ExecutionPage(BaseModel):
    """A page of every job's executions, newest first."""

    executions: list[ExecutionWithJob]
    total: int
    page: int
    limit: int
    total_pages: int


class ExecutionReply(BaseModel):
    """One execution whose job still exists."""

    execution: ExecutionWithJob


class Range(BaseModel):
    """The date window applied (§1.6), as UTC timestamps or null."""

    start: str | None = Field(alias="from")
    to: str | None


class ExecutionStatistics(BaseModel):
    """Execution counts over every job, orphans included."""

    total_executions: int
    successful_executions: int
    failed_executions: int
    running_executions: int
    success_rate: float
    average_duration_seconds: float
    range: Range


class Notification(BaseModel):
    """An in-app notification (§5.6); times in UTC with `+00:00`."""

    id: str
    user_id: str
    title: str
    message: str
    type: str
    related_job_id: str | None
    related_execution_id: str | None
    is_read: bool
    read_at: str | None
    created_at: str | None


class NotificationPage(BaseModel):
    """A page of the caller's notifications, newest first."""

    notifications: list[Notification]
    total: int
    page: int
    per_page: int
    total_pages: int
    range: Range


class UnreadCount(BaseModel):
    """How many of the caller's notifications are unread."""

    unread_count: int
    range: Range


class NotificationMarked(BaseModel):
    """The notification, now read."""

    message: str = "Notification marked as read"
    notification: Notification


class AllMarked(BaseModel):
    """How many notifications were marked read."""

    message: str = "All notifications marked as read"
    updated_count: int


class NotificationDeleted(BaseModel):
    """Confirmation of a deletion."""

    message: str = "Notification deleted successfully"


class ReadDeleted(BaseModel):
    """How many read notifications were deleted."""

    deleted_count: int
