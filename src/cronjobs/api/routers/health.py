"""GET /health (spec §4.10) on the FastAPI stack."""

from __future__ import annotations

from fastapi import APIRouter

from cronjobs.api.deps import ServiceDep
from cronjobs.api.responses import LegacyJSONResponse, reply
from cronjobs.api.schemas.common import Health, replies
from cronjobs.domain.process.health import health

router = APIRouter(tags=["health"])


@router.get("/health", responses=replies(Health, auth=False))
async def get_health(service: ServiceDep) -> LegacyJSONResponse:
    """Report liveness and this process's scheduler."""
    return reply(health(service.scheduler))
