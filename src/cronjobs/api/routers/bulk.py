"""Bulk job upload from a CSV file (spec §4.5) on the FastAPI stack.

The CSV's header is checked and its rows counted in a worker thread (a large file must not stall
the event loop); its rows are then read again one at a time, checked and stored on the request's
session, committed, then scheduled, as on the Flask stack. The uploaded file stays open until the
rows are read.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from cronjobs.api.commits import committed_then
from cronjobs.api.deps import ServiceDep, SessionDep, WriterUser
from cronjobs.api.forms import bulk_upload_form
from cronjobs.api.responses import LegacyJSONResponse, rendered, reply
from cronjobs.api.schemas import job_requests
from cronjobs.api.schemas import jobs as schemas
from cronjobs.api.schemas.common import replies
from cronjobs.domain.bulk.upload import finish_upload, process_upload, read_upload

router = APIRouter(prefix="/jobs", tags=["jobs"])


@router.post(
    "/bulk-upload",
    responses=replies(schemas.BulkReply, 400, 403),
    openapi_extra=job_requests.form_body(job_requests.BulkForm),
)
async def bulk_upload(
    request: Request, user: WriterUser, session: SessionDep, service: ServiceDep
) -> LegacyJSONResponse:
    """Create jobs from the rows of an uploaded CSV (or only validate them on a dry run)."""
    async with bulk_upload_form(request) as upload:
        sheet = await run_in_threadpool(read_upload, service, upload)
        outcome = await session.run_sync(process_upload, service, user, upload, sheet)
    # The new jobs are scheduled only once every valid row is committed (§4.5).
    return reply(await committed_then(session, rendered(finish_upload), service, outcome))
