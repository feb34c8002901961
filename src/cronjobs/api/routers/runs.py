"""Test-run (spec §4.3) and manual execute (§4.4) on the FastAPI stack.

Both make an outbound call of up to 10 s (30 s for a test-run): it runs in a worker thread, after
the request's transaction has committed, so the event loop keeps serving and no database lock is
held during the call (the run commits its own steps on sync sessions of the same database, A16).
"""

from __future__ import annotations

from fastapi import APIRouter

from cronjobs.api.commits import committed_then_offloaded
from cronjobs.api.deps import BodyDep, RunnerDep, ServiceDep, SessionDep, WriterUser
from cronjobs.api.responses import LegacyJSONResponse, rendered, reply
from cronjobs.api.schemas import job_requests
from cronjobs.api.schemas import jobs as schemas
from cronjobs.api.schemas.common import json_body, replies
from cronjobs.domain.runs.manual import perform_manual_run, prepare_manual_run
from cronjobs.domain.runs.trial import perform_test_run

router = APIRouter(prefix="/jobs", tags=["runs"])


@router.post(
    "/test-run",
    responses=replies(schemas.TestRunReply, 400, 403),
    openapi_extra=json_body(job_requests.TestRunRequest),
)
async def test_run(
    _user: WriterUser, session: SessionDep, service: ServiceDep, body: BodyDep
) -> LegacyJSONResponse:
    """Call a webhook or dispatch a workflow once, storing nothing."""
    return reply(await committed_then_offloaded(session, rendered(perform_test_run), service, body))


@router.post(
    "/{job_id}/execute",
    responses=replies(schemas.ExecuteReply, 400, 403, 404, 409),
    openapi_extra=json_body(job_requests.ExecuteRequest, required=False),
)
async def execute(
    job_id: str,
    user: WriterUser,
    session: SessionDep,
    service: ServiceDep,
    runner: RunnerDep,
    body: BodyDep,
) -> LegacyJSONResponse:
    """Run a job now, synchronously; 200 whatever the run's outcome."""
    run = await session.run_sync(prepare_manual_run, service, user, job_id, body)
    return reply(
        await committed_then_offloaded(session, rendered(perform_manual_run), run, service, runner)
    )
