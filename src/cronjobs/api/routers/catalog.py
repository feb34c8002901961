"""Job categories and PIC teams (spec §4.8) on the FastAPI stack."""

from __future__ import annotations

from fastapi import APIRouter

from cronjobs.api.deps import AdminUser, BodyDep, CurrentUser, QueryDep, SessionDep
from cronjobs.api.responses import LegacyJSONResponse, rendered, reply
from cronjobs.api.schemas import catalog as schemas
from cronjobs.api.schemas import requests
from cronjobs.api.schemas.common import json_body, replies
from cronjobs.api.schemas.queries import LISTS, query_parameters
from cronjobs.domain.catalog import categories, pic_teams

router = APIRouter(tags=["catalog"])


@router.get(
    "/job-categories",
    responses=replies(schemas.CategoryList),
    openapi_extra=query_parameters(LISTS),
)
async def list_categories(
    query: QueryDep, user: CurrentUser, session: SessionDep
) -> LegacyJSONResponse:
    """List categories."""
    return reply(await session.run_sync(rendered(categories.list_categories), user, query))


@router.post(
    "/job-categories",
    status_code=201,
    responses=replies(schemas.CategoryReply, 400, 403, 409, status=201),
    openapi_extra=json_body(requests.CategoryCreate),
)
async def create_category(
    _user: AdminUser, session: SessionDep, body: BodyDep
) -> LegacyJSONResponse:
    """Create a category."""
    return reply(await session.run_sync(rendered(categories.create_category), body), 201)


@router.put(
    "/job-categories/{category_id}",
    responses=replies(schemas.CategoryUpdated, 400, 403, 404, 409),
    openapi_extra=json_body(requests.CategoryUpdate),
)
async def update_category(
    category_id: str, _user: AdminUser, session: SessionDep, body: BodyDep
) -> LegacyJSONResponse:
    """Rename, enable or disable a category."""
    return reply(await session.run_sync(rendered(categories.update_category), category_id, body))


@router.delete("/job-categories/{category_id}", responses=replies(schemas.CategoryReply, 403, 404))
async def delete_category(
    category_id: str, _user: AdminUser, session: SessionDep
) -> LegacyJSONResponse:
    """Disable a category."""
    return reply(await session.run_sync(rendered(categories.delete_category), category_id))


@router.get(
    "/pic-teams", responses=replies(schemas.PicTeamList), openapi_extra=query_parameters(LISTS)
)
async def list_pic_teams(
    query: QueryDep, user: CurrentUser, session: SessionDep
) -> LegacyJSONResponse:
    """List PIC teams."""
    return reply(await session.run_sync(rendered(pic_teams.list_pic_teams), user, query))


@router.post(
    "/pic-teams",
    status_code=201,
    responses=replies(schemas.PicTeamReply, 400, 403, 409, status=201),
    openapi_extra=json_body(requests.PicTeamCreate),
)
async def create_pic_team(
    _user: AdminUser, session: SessionDep, body: BodyDep
) -> LegacyJSONResponse:
    """Create a PIC team."""
    return reply(await session.run_sync(rendered(pic_teams.create_pic_team), body), 201)


@router.put(
    "/pic-teams/{team_id}",
    responses=replies(schemas.PicTeamUpdated, 400, 403, 404, 409),
    openapi_extra=json_body(requests.PicTeamUpdate),
)
async def update_pic_team(
    team_id: str, _user: AdminUser, session: SessionDep, body: BodyDep
) -> LegacyJSONResponse:
    """Rename, enable or disable a PIC team, or change its Slack handle."""
    return reply(await session.run_sync(rendered(pic_teams.update_pic_team), team_id, body))


@router.delete("/pic-teams/{team_id}", responses=replies(schemas.PicTeamReply, 403, 404))
async def delete_pic_team(
    team_id: str, _user: AdminUser, session: SessionDep
) -> LegacyJSONResponse:
    """Disable a PIC team."""
    return reply(await session.run_sync(rendered(pic_teams.delete_pic_team), team_id))
