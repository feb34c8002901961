"""The scheduler's operator endpoints (v2 only): status and an immediate resync."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from cronjobs.api.commits import committed_then_offloaded
from cronjobs.api.deps import AdminUser, ServiceDep, SessionDep
from cronjobs.api.responses import LegacyJSONResponse, rendered, reply
from cronjobs.api.schemas import scheduler as schemas
from cronjobs.api.schemas.common import replies
from cronjobs.domain.common.scheduling import resync_scheduler, scheduler_status

router = APIRouter(prefix="/scheduler", tags=["scheduler"])


@router.get("/status", responses=replies(schemas.SchedulerStatus, 403))
async def status(_user: AdminUser, service: ServiceDep) -> LegacyJSONResponse:
    """Tell whether this process leads or stands by, who holds the lease, what is scheduled."""
    # It reads the lease row: a database call, which must not hold the event loop.
    return reply(await run_in_threadpool(rendered(scheduler_status), service.scheduler))


@router.post("/resync", responses=replies(schemas.SchedulerResynced, 403, 409))
async def resync(_user: AdminUser, session: SessionDep, service: ServiceDep) -> LegacyJSONResponse:
    """Reconcile the jobs table into the schedules now (leader only; 409 on a standby)."""
    # The resync writes on its own connection: the request's transaction must be over first.
    return reply(
        await committed_then_offloaded(session, rendered(resync_scheduler), service.scheduler)
    )
