"""Jobs CRUD (spec §4.2) on the FastAPI stack.

Create and update commit before they touch the scheduler, which reads the committed row (§6.5),
exactly as the Flask views do (`transactions.committed_then`).
"""

from __future__ import annotations

from fastapi import APIRouter

from cronjobs.api.commits import committed_then
from cronjobs.api.deps import BodyDep, CurrentUser, ServiceDep, SessionDep, WriterUser
from cronjobs.api.responses import LegacyJSONResponse, rendered, reply
from cronjobs.api.schemas import job_requests
from cronjobs.api.schemas import jobs as schemas
from cronjobs.api.schemas.common import json_body, replies
from cronjobs.domain.jobs import crud as jobs
from cronjobs.domain.jobs import update as job_update

router = APIRouter(prefix="/jobs", tags=["jobs"])


@router.post(
    "",
    status_code=201,
    responses=replies(schemas.JobSaved, (400, schemas.MissingJobFields), 403, status=201),
    openapi_extra=json_body(job_requests.JobFields),
)
async def create_job(
    user: WriterUser, session: SessionDep, service: ServiceDep, body: BodyDep
) -> LegacyJSONResponse:
    """Create a job, then schedule it here if this process runs the scheduler."""
    job = await session.run_sync(jobs.create_job, service, user, body)
    return reply(
        await committed_then(session, rendered(jobs.after_create), service, user, job), 201
    )


@router.get("", responses=replies(schemas.JobList))
async def list_jobs(
    _user: CurrentUser, session: SessionDep, service: ServiceDep
) -> LegacyJSONResponse:
    """List every job with its last and next run."""
    return reply(await session.run_sync(rendered(jobs.list_jobs), service))


@router.get("/{job_id}", responses=replies(schemas.JobEnvelope, 404))
async def get_job(
    job_id: str, _user: CurrentUser, session: SessionDep, service: ServiceDep
) -> LegacyJSONResponse:
    """Return one job with its last and next run."""
    return reply(await session.run_sync(rendered(jobs.job_detail), service, job_id))


@router.put(
    "/{job_id}",
    responses=replies(schemas.JobSaved, 400, 403, 404),
    openapi_extra=json_body(job_requests.JobUpdate),
)
async def update_job(
    job_id: str, user: CurrentUser, session: SessionDep, service: ServiceDep, body: BodyDep
) -> LegacyJSONResponse:
    """Update a job, then reschedule it here if this process runs the scheduler."""
    result = await session.run_sync(job_update.update_job, service, user, job_id, body)
    return reply(
        await committed_then(session, rendered(job_update.after_update), service, user, result)
    )


@router.delete("/{job_id}", responses=replies(schemas.JobDeleted, 403, 404))
async def delete_job(
    job_id: str, user: CurrentUser, session: SessionDep, service: ServiceDep
) -> LegacyJSONResponse:
    """Delete a job with its executions."""
    return reply(await session.run_sync(rendered(jobs.delete_job), service, user, job_id))
