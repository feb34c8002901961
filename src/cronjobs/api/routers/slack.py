"""Slack settings (spec §4.9) on the FastAPI stack."""

from __future__ import annotations

from fastapi import APIRouter

from cronjobs.api.deps import AdminUser, BodyDep, SessionDep
from cronjobs.api.responses import LegacyJSONResponse, rendered, reply
from cronjobs.api.schemas import catalog as schemas
from cronjobs.api.schemas import requests
from cronjobs.api.schemas.common import json_body, replies
from cronjobs.domain.common.transactions import writes
from cronjobs.domain.slack import settings as slack

router = APIRouter(prefix="/settings", tags=["slack"])


@router.get("/slack", responses=replies(schemas.SlackSettingsEnvelope, 403))
@writes
async def get_slack_settings(_user: AdminUser, session: SessionDep) -> LegacyJSONResponse:
    """Return the settings, created on first access."""
    return reply(await session.run_sync(rendered(slack.get_slack_settings)))


@router.put(
    "/slack",
    responses=replies(schemas.SlackSettingsUpdated, 400, 403),
    openapi_extra=json_body(requests.SlackSettingsUpdate),
)
async def update_slack_settings(
    _user: AdminUser, session: SessionDep, body: BodyDep
) -> LegacyJSONResponse:
    """Update the settings; their creation on first access is kept even if the update fails."""
    settings = await session.run_sync(slack.ensure_slack_settings)
    await session.commit()
    return reply(await session.run_sync(rendered(slack.update_slack_settings), settings, body))
