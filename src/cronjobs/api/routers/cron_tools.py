"""The cron tools (spec §4.3) on the FastAPI stack.

A router of its own, registered before any `/jobs/{job_id}` routes so those never shadow it.
"""

from __future__ import annotations

from fastapi import APIRouter

from cronjobs.api.deps import BodyDep, CurrentUser, ServiceDep
from cronjobs.api.responses import LegacyJSONResponse, reply
from cronjobs.api.schemas import catalog as schemas
from cronjobs.api.schemas import requests
from cronjobs.api.schemas.common import json_body, replies
from cronjobs.domain.jobs import cron_tools

router = APIRouter(prefix="/jobs", tags=["cron tools"])


@router.post(
    "/validate-cron",
    responses=replies(schemas.CronValidity, 400),
    openapi_extra=json_body(requests.CronRequest),
)
async def validate_cron(
    _user: CurrentUser, service: ServiceDep, body: BodyDep
) -> LegacyJSONResponse:
    """Tell whether a cron expression is valid."""
    return reply(cron_tools.validate_cron(service, body))


@router.post(
    "/cron-preview",
    responses=replies(schemas.CronPreview, 400),
    openapi_extra=json_body(requests.CronPreviewRequest),
)
async def cron_preview(
    _user: CurrentUser, service: ServiceDep, body: BodyDep
) -> LegacyJSONResponse:
    """List the next fire times of a cron expression."""
    return reply(cron_tools.cron_preview(service, body))
