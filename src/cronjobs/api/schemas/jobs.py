"""OpenAPI documentation of jobs (§4.2), test-run (§4.3), execute (§4.4) and bulk upload (§4.5).

Only descriptive: the domain parses every body and renders every reply; these models tell readers
of `/docs` their shape.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from cronjobs.api.schemas.common import ErrorBody, Omitted, omitted


class Job(BaseModel):
    """A stored job (§5.2); times are naive ISO 8601 in UTC."""

    id: str
    name: str
    cron_expression: str
    target_url: str | None
    github_owner: str | None
    github_repo: str | None
    github_workflow_name: str | None
    metadata: dict[str, Any]
    category: str
    end_date: str | None
    pic_team: str | None
    enable_email_notifications: bool
    notification_emails: list[str]
    notify_on_success: bool
    created_by: str | None
    is_active: bool
    created_at: str | None
    updated_at: str | None


class ScheduledJob(Job):
    """A job with its latest run and its next fire time."""

    last_execution_at: str | None
    next_execution_at: str | None


class MissingJobFields(ErrorBody):
    """A create error; `missing_fields` names the absent keys (§4.2)."""

    missing_fields: list[Literal["name", "cron_expression", "end_date"]] | Omitted = omitted(
        "Only with `Missing required fields`, in the order name, cron_expression, end_date."
    )


class JobSaved(BaseModel):
    """The reply to a create or an update."""

    message: str
    job: Job


class JobList(BaseModel):
    """Every job, newest first."""

    count: int
    jobs: list[ScheduledJob]


class JobEnvelope(BaseModel):
    """One job."""

    job: ScheduledJob


class DeletedJob(BaseModel):
    """The id and name of a deleted job."""

    id: str
    name: str


class JobDeleted(BaseModel):
    """The reply to a delete."""

    message: str
    deleted_job: DeletedJob


class TestRunReply(BaseModel):
    """What the target answered; `ok` is false for a failed call too (still a 200)."""

    ok: bool
    type: Literal["webhook", "github"]
    status_code: int | Omitted = omitted("What the target answered, when it answered.")
    error: str | Omitted = omitted("Why no call was made or answered, when none was.")
    message: str


class ExecuteReply(BaseModel):
    """The run happened (whatever its outcome, recorded in the job's executions)."""

    message: str
    job_id: str


class BulkStats(BaseModel):
    """What normalising the CSV removed (§4.5)."""

    original_column_count: int
    original_row_count: int
    removed_column_count: int
    removed_empty_row_count: int


class BulkError(BaseModel):
    """A skipped row, or a created job that could not be scheduled (it has no `row`)."""

    row: int | Omitted = omitted("The CSV row, from 2; absent for a scheduling failure.")
    job_name: str | None = omitted(
        "The row's name, null if it has none; absent when the row lacks its name or cron."
    )
    error: str
    message: str | Omitted = omitted()


class PreviewedJob(BaseModel):
    """A valid row of a dry run."""

    name: str
    is_active: bool
    cron_expression: str
    end_date: str = Field(description="The cell's trimmed text.")
    pic_team: str | None


class CreatedJob(BaseModel):
    """A job a real run created."""

    id: str
    name: str
    is_active: bool


class BulkReply(BaseModel):
    """Rows created (or previewed on a dry run) and per-row errors."""

    message: str
    dry_run: bool
    stats: BulkStats
    created_count: int
    error_count: int
    errors: list[BulkError]
    jobs: list[PreviewedJob] | list[CreatedJob] = Field(
        description="The previewed rows of a dry run, or the jobs a real run created."
    )
