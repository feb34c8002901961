"""Execution history (spec §4.6): per-job and global lists, details and statistics.

Counts, rates and means are aggregated by the database (COUNT(CASE …), AVG), never by loading
rows, so the statistics stay fast over a million executions. Per-job queries filter on `job_id`
with a plain equality so that they can use `ix_job_executions_job_id`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, case, func, select
from sqlalchemy.orm import Session

from cronjobs.domain.common.query import DateRange, QueryArgs, date_range, int_param
from cronjobs.domain.common.times import utc_offset_iso
from cronjobs.domain.errors import NotFound
from cronjobs.domain.executions.render import execution_json, execution_with_job_json
from cronjobs.domain.jobs.lookup import get_job
from cronjobs.models import Job, JobExecution

JOB_LIST_LIMIT = 50
GLOBAL_LIST_LIMIT = 20
MAX_LIMIT = 200
NEWEST_FIRST = (JobExecution.started_at.desc(), JobExecution.id.desc())  # id: a stable tie-break


def status_values(raw: str | None) -> list[str]:
    """Split a `status` filter on commas, dropping blank items."""
    return [item.strip() for item in (raw or "").split(",") if item.strip()]


def _window(args: QueryArgs, expose_details: bool) -> DateRange:
    return date_range(args.get("from"), args.get("to"), expose_details=expose_details)


def _filters(
    args: QueryArgs, window: DateRange, *, exact: tuple[str, ...], by_status: bool = True
) -> list[ColumnElement[bool]]:
    """Build the WHERE conditions of the list and statistics filters (blank values ignored)."""
    conditions: list[ColumnElement[bool]] = []
    statuses = status_values(args.get("status")) if by_status else []
    if statuses:
        conditions.append(JobExecution.status.in_(statuses))
    for name in exact:
        value = args.get(name)
        if value:
            conditions.append(getattr(JobExecution, name) == value)
    if window.start is not None:
        conditions.append(JobExecution.started_at >= window.start)
    if window.end is not None:
        conditions.append(JobExecution.started_at < window.end)
    return conditions


@dataclass(frozen=True, slots=True)
class Tally:
    """Execution counts by status and a mean duration, as aggregated by the database."""

    total: int
    success: int
    failed: int
    running: int
    mean_duration: float | None


def _count_status(status: str) -> Any:
    return func.count(case((JobExecution.status == status, 1)))


def tally(
    session: Session, conditions: list[ColumnElement[bool]], *, successful_only: bool
) -> Tally:
    """Count the matching executions by status and average their non-null durations."""
    duration: Any = JobExecution.duration_seconds
    if successful_only:
        duration = case((JobExecution.status == "success", duration))  # NULL otherwise
    query = (
        select(
            func.count(),
            _count_status("success"),
            _count_status("failed"),
            _count_status("running"),
            func.avg(duration),
        )
        .select_from(JobExecution)
        .where(*conditions)
    )
    total, success, failed, running, mean = session.execute(query).one()
    return Tally(
        int(total), int(success), int(failed), int(running), None if mean is None else float(mean)
    )


def job_executions(
    session: Session, job_id: str, args: QueryArgs, *, expose_details: bool
) -> dict[str, Any]:
    """List a job's executions, newest first (GET /jobs/<job_id>/executions)."""
    job = get_job(session, job_id)
    window = _window(args, expose_details)
    limit = int_param(args.get("limit"), JOB_LIST_LIMIT)
    limit = JOB_LIST_LIMIT if limit <= 0 else min(limit, MAX_LIMIT)
    conditions = _filters(args, window, exact=("trigger_type",))
    query = select(JobExecution).where(JobExecution.job_id == job.id, *conditions)
    executions = session.scalars(query.order_by(*NEWEST_FIRST).limit(limit)).all()
    return {
        "job_id": job.id,
        "job_name": job.name,
        "total_executions": len(executions),
        "executions": [execution_json(execution) for execution in executions],
    }


def job_execution(session: Session, job_id: str, execution_id: str) -> dict[str, Any]:
    """Return one execution of a job (GET /jobs/<job_id>/executions/<execution_id>)."""
    job = get_job(session, job_id)
    execution = session.get(JobExecution, execution_id)
    if execution is None or execution.job_id != job.id:
        raise NotFound(
            "Execution not found",
            f"No execution found with ID: {execution_id} for job: {job_id}",
        )
    return {"job": {"id": job.id, "name": job.name}, "execution": execution_json(execution)}


def job_execution_stats(session: Session, job_id: str) -> dict[str, Any]:
    """Summarise a job's executions (GET /jobs/<job_id>/executions/stats, D11)."""
    job = get_job(session, job_id)
    own = JobExecution.job_id == job.id
    counts = tally(session, [own], successful_only=True)
    latest_query = select(JobExecution).where(own).order_by(*NEWEST_FIRST).limit(1)
    latest = session.scalars(latest_query).first()
    rate = round(counts.success / counts.total * 100, 2) if counts.total else 0
    mean = counts.mean_duration
    return {
        "job_id": job.id,
        "job_name": job.name,
        "statistics": {
            "total_executions": counts.total,
            "success_count": counts.success,
            "failed_count": counts.failed,
            "running_count": counts.running,
            "success_rate": rate,
            "average_duration_seconds": None if mean is None else round(mean, 2),
        },
        "latest_execution": execution_json(latest) if latest is not None else None,
    }


def _with_job() -> Select[JobExecution, str, str | None]:
    """Select executions whose job still exists, with the job's name and repository."""
    return select(JobExecution, Job.name, Job.github_repo).join(Job, Job.id == JobExecution.job_id)


def _count_with_job(session: Session, conditions: list[ColumnElement[bool]]) -> int:
    """Count the matching executions whose job still exists.

    SQLite joins by looking up each execution's job in a B-tree (a million lookups for the
    unfiltered list), so there the executions are counted per job first and the jobs joined
    after (one index walk, one lookup per job). PostgreSQL hashes the jobs once and joins
    cheaply, and grouping first measured slower there, so it joins first.
    """
    if session.get_bind().dialect.name != "sqlite":
        joined = select(func.count()).select_from(JobExecution)
        joined = joined.join(Job, Job.id == JobExecution.job_id).where(*conditions)
        return int(session.scalar(joined) or 0)
    per_job = (
        select(JobExecution.job_id, func.count().label("runs"))
        .where(*conditions)
        .group_by(JobExecution.job_id)
        .subquery()
    )
    query = select(func.sum(per_job.c.runs)).join_from(per_job, Job, Job.id == per_job.c.job_id)
    return int(session.scalar(query) or 0)


def list_executions(session: Session, args: QueryArgs, *, expose_details: bool) -> dict[str, Any]:
    """Page through every job's executions, newest first (GET /executions)."""
    window = _window(args, expose_details)
    page = max(int_param(args.get("page"), 1), 1)
    limit = min(max(int_param(args.get("limit"), GLOBAL_LIST_LIMIT), 1), MAX_LIMIT)
    conditions = _filters(args, window, exact=("job_id", "trigger_type", "execution_type"))
    total = _count_with_job(session, conditions)
    offset = (page - 1) * limit
    rows: Sequence[Row[JobExecution, str, str | None]] = []
    if offset < total:  # past the end: no query, and no OFFSET too large for the database
        query = _with_job().where(*conditions).order_by(*NEWEST_FIRST)
        rows = session.execute(query.limit(limit).offset(offset)).all()
    return {
        "executions": [execution_with_job_json(run, name, repo) for run, name, repo in rows],
        "total": total,
        "page": page,
        "limit": limit,
        "total_pages": -(-total // limit),  # ceil(total / limit), 0 when empty
    }


def get_execution(session: Session, execution_id: str) -> dict[str, Any]:
    """Return one execution whose job still exists (GET /executions/<execution_id>)."""
    row = session.execute(_with_job().where(JobExecution.id == execution_id)).first()
    if row is None:
        raise NotFound("Execution not found", f"No execution found with ID: {execution_id}")
    execution, name, repo = row
    return {"execution": execution_with_job_json(execution, name, repo)}


def execution_statistics(
    session: Session, args: QueryArgs, *, expose_details: bool
) -> dict[str, Any]:
    """Summarise executions, orphans included (GET /executions/statistics)."""
    window = _window(args, expose_details)
    conditions = _filters(args, window, exact=("job_id",), by_status=False)
    counts = tally(session, conditions, successful_only=False)
    return {
        "total_executions": counts.total,
        "successful_executions": counts.success,
        "failed_executions": counts.failed,
        "running_executions": counts.running,
        "success_rate": counts.success / counts.total * 100 if counts.total else 0.0,
        "average_duration_seconds": counts.mean_duration or 0.0,
        "range": {"from": utc_offset_iso(window.start), "to": utc_offset_iso(window.end)},
    }
