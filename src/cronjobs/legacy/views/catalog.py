"""Job categories and PIC teams (spec §4.8) on the Flask stack."""

from __future__ import annotations

from flask import Blueprint, Response

from cronjobs.domain.accounts.access import ADMIN
from cronjobs.domain.catalog import categories, pic_teams
from cronjobs.legacy.database import get_session
from cronjobs.legacy.http import committed, query_args, request_body
from cronjobs.legacy.security import authenticated
from cronjobs.models import User

blueprint = Blueprint("catalog", __name__, url_prefix="/api")
Reply = tuple[Response, int]


@blueprint.get("/job-categories")
@authenticated()
def list_categories(user: User) -> Reply:
    """List categories."""
    return committed(categories.list_categories(get_session(), user, query_args()))


@blueprint.post("/job-categories")
@authenticated(*ADMIN)
def create_category(_user: User) -> Reply:
    """Create a category."""
    return committed(categories.create_category(get_session(), request_body()), 201)


@blueprint.put("/job-categories/<category_id>")
@authenticated(*ADMIN)
def update_category(_user: User, category_id: str) -> Reply:
    """Rename, enable or disable a category."""
    return committed(categories.update_category(get_session(), category_id, request_body()))


@blueprint.delete("/job-categories/<category_id>")
@authenticated(*ADMIN)
def delete_category(_user: User, category_id: str) -> Reply:
    """Disable a category."""
    return committed(categories.delete_category(get_session(), category_id))


@blueprint.get("/pic-teams")
@authenticated()
def list_pic_teams(user: User) -> Reply:
    """List PIC teams."""
    return committed(pic_teams.list_pic_teams(get_session(), user, query_args()))


@blueprint.post("/pic-teams")
@authenticated(*ADMIN)
def create_pic_team(_user: User) -> Reply:
    """Create a PIC team."""
    return committed(pic_teams.create_pic_team(get_session(), request_body()), 201)


@blueprint.put("/pic-teams/<team_id>")
@authenticated(*ADMIN)
def update_pic_team(_user: User, team_id: str) -> Reply:
    """Rename, enable or disable a PIC team, or change its Slack handle."""
    return committed(pic_teams.update_pic_team(get_session(), team_id, request_body()))


@blueprint.delete("/pic-teams/<team_id>")
@authenticated(*ADMIN)
def delete_pic_team(_user: User, team_id: str) -> Reply:
    """Disable a PIC team."""
    return committed(pic_teams.delete_pic_team(get_session(), team_id))
