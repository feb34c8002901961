"""Slack settings (spec §4.9) on the Flask stack."""

from __future__ import annotations

from flask import Blueprint, Response

from cronjobs.domain.accounts.access import ADMIN
from cronjobs.domain.common.transactions import writes
from cronjobs.domain.slack import settings as slack
from cronjobs.legacy.database import get_session
from cronjobs.legacy.http import committed, request_body
from cronjobs.legacy.security import authenticated
from cronjobs.models import User

blueprint = Blueprint("slack", __name__, url_prefix="/api/settings")
Reply = tuple[Response, int]


@blueprint.get("/slack")
@writes
@authenticated(*ADMIN)
def get_slack_settings(_user: User) -> Reply:
    """Return the settings, created on first access."""
    return committed(slack.get_slack_settings(get_session()))


@blueprint.put("/slack")
@authenticated(*ADMIN)
def update_slack_settings(_user: User) -> Reply:
    """Update the settings; their creation on first access is kept even if the update fails."""
    session = get_session()
    settings = slack.ensure_slack_settings(session)
    session.commit()
    return committed(slack.update_slack_settings(session, settings, request_body()))
