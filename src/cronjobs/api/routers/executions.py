"""Execution history endpoints (spec §4.6) on the FastAPI stack.

Query parameters reach the domain raw (`QueryDep`, first value of each), so bad values answer
the legacy 400s rather than FastAPI's 422. Fixed segments (`stats`, `statistics`) are declared
before the `{execution_id}` routes they would otherwise match (§1.1).
"""

from __future__ import annotations

from fastapi import APIRouter

from cronjobs.api.deps import CurrentUser, QueryDep, ServiceDep, SessionDep
from cronjobs.api.responses import LegacyJSONResponse, rendered, reply
from cronjobs.api.schemas import history as schemas
from cronjobs.api.schemas import queries
from cronjobs.api.schemas.common import replies
from cronjobs.domain.executions import history as executions

router = APIRouter(tags=["executions"])


@router.get(
    "/jobs/{job_id}/executions",
    responses=replies(schemas.JobExecutions, 400, 404),
    openapi_extra=queries.query_parameters(queries.JOB_EXECUTIONS),
)
async def job_executions(
    job_id: str, query: QueryDep, _user: CurrentUser, session: SessionDep, service: ServiceDep
) -> LegacyJSONResponse:
    """List a job's executions."""
    result = await session.run_sync(
        rendered(executions.job_executions), job_id, query, expose_details=service.expose_details
    )
    return reply(result)


@router.get("/jobs/{job_id}/executions/stats", responses=replies(schemas.JobExecutionStats, 404))
async def job_execution_stats(
    job_id: str, _user: CurrentUser, session: SessionDep
) -> LegacyJSONResponse:
    """Summarise a job's executions."""
    return reply(await session.run_sync(rendered(executions.job_execution_stats), job_id))


@router.get(
    "/jobs/{job_id}/executions/{execution_id}",
    responses=replies(schemas.JobExecutionReply, 404),
)
async def job_execution(
    job_id: str, execution_id: str, _user: CurrentUser, session: SessionDep
) -> LegacyJSONResponse:
    """Return one execution of a job."""
    return reply(await session.run_sync(rendered(executions.job_execution), job_id, execution_id))


@router.get(
    "/executions",
    responses=replies(schemas.ExecutionPage, 400),
    openapi_extra=queries.query_parameters(queries.EXECUTIONS),
)
async def list_executions(
    query: QueryDep, _user: CurrentUser, session: SessionDep, service: ServiceDep
) -> LegacyJSONResponse:
    """Page through every job's executions."""
    result = await session.run_sync(
        rendered(executions.list_executions), query, expose_details=service.expose_details
    )
    return reply(result)


@router.get(
    "/executions/statistics",
    responses=replies(schemas.ExecutionStatistics, 400),
    openapi_extra=queries.query_parameters(queries.STATISTICS),
)
async def execution_statistics(
    query: QueryDep, _user: CurrentUser, session: SessionDep, service: ServiceDep
) -> LegacyJSONResponse:
    """Summarise executions, orphans included."""
    result = await session.run_sync(
        rendered(executions.execution_statistics), query, expose_details=service.expose_details
    )
    return reply(result)


@router.get("/executions/{execution_id}", responses=replies(schemas.ExecutionReply, 404))
async def get_execution(
    execution_id: str, _user: CurrentUser, session: SessionDep
) -> LegacyJSONResponse:
    """Return one execution."""
    return reply(await session.run_sync(rendered(executions.get_execution), execution_id))
