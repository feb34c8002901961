"""PIC teams (spec §4.8): the shared catalogue rules plus the team's `slack_handle`."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from cronjobs.domain.catalog import admin as catalog_admin
from cronjobs.domain.common.body import RequestBody, trimmed_text
from cronjobs.domain.common.query import QueryArgs
from cronjobs.domain.errors import InvalidInput
from cronjobs.models import Job, PicTeam, User


def pic_team_json(team: PicTeam) -> dict[str, Any]:
    """Render the `PicTeam` resource of §5.5."""
    return catalog_admin.entry_json(team) | {"slack_handle": team.slack_handle}


def _handle_on_create(payload: dict[str, Any]) -> dict[str, Any]:
    handle = trimmed_text(payload, "slack_handle")
    if not handle:
        raise InvalidInput("Missing required fields", '"slack_handle" is required.')
    return {"slack_handle": handle}


def _handle_on_update(team: PicTeam, payload: dict[str, Any]) -> None:
    if "slack_handle" not in payload:
        return
    handle = trimmed_text(payload, "slack_handle")
    if not handle:
        raise InvalidInput("Invalid slack_handle", "slack_handle cannot be empty.")
    team.slack_handle = handle


PIC_TEAMS = catalog_admin.CatalogKind(
    model=PicTeam,
    job_column=Job.pic_team,
    title="PIC team",
    noun="PIC team",
    list_key="pic_teams",
    item_key="pic_team",
    render=pic_team_json,
    create_extras=_handle_on_create,
    update_extras=_handle_on_update,
)


def list_pic_teams(session: Session, actor: User, args: QueryArgs) -> dict[str, Any]:
    """Return `{"pic_teams": [...]}`; inactive rows only for an admin who asks."""
    return catalog_admin.list_entries(session, PIC_TEAMS, actor, args)


def create_pic_team(session: Session, body: RequestBody) -> dict[str, Any]:
    """Create an active PIC team with its Slack handle."""
    return catalog_admin.create_entry(session, PIC_TEAMS, body)


def update_pic_team(session: Session, team_id: str, body: RequestBody) -> dict[str, Any]:
    """Rename (moving jobs to the new slug), enable or disable, and change the Slack handle."""
    return catalog_admin.update_entry(session, PIC_TEAMS, team_id, body)


def delete_pic_team(session: Session, team_id: str) -> dict[str, Any]:
    """Disable a PIC team; jobs keep its slug but new job writes refuse it."""
    return catalog_admin.disable_entry(session, PIC_TEAMS, team_id)
