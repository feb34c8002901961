"""The global Slack settings row (spec §4.9, §5.6).

The row is created on first access and that creation must survive a PUT that is then rejected,
while the update itself must store nothing on error. Those are two transactions, and only the
boundary commits, so the rule is split in two steps the adapter runs in order:

    row = ensure_slack_settings(session)
    session.commit()            # the creation is kept whatever happens next
    update_slack_settings(session, row, body)   # committed only on success

`update_slack_settings` takes the row, so the first step cannot be skipped by accident.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cronjobs.domain.common.body import RequestBody, boolean_field, trimmed_text
from cronjobs.domain.common.times import naive_iso
from cronjobs.domain.errors import InvalidInput
from cronjobs.models import SlackSettings, utcnow


def slack_settings_json(settings: SlackSettings) -> dict[str, Any]:
    """Render the `SlackSettings` resource of §5.6 (the webhook URL in plaintext)."""
    return {
        "id": settings.id,
        "is_enabled": settings.is_enabled,
        "webhook_url": settings.webhook_url,
        "channel": settings.channel,
        "created_at": naive_iso(settings.created_at),
        "updated_at": naive_iso(settings.updated_at),
    }


def find_slack_settings(session: Session) -> SlackSettings | None:
    """Return the settings row (the oldest, should a legacy database hold several), or None."""
    query = select(SlackSettings).order_by(SlackSettings.created_at, SlackSettings.id).limit(1)
    return session.scalars(query).first()


def ensure_slack_settings(session: Session) -> SlackSettings:
    """Return the settings row, creating it disabled and empty (flushed) when there is none."""
    settings = find_slack_settings(session)
    if settings is None:
        settings = SlackSettings(is_enabled=False, webhook_url=None, channel=None)
        session.add(settings)
        session.flush()
    return settings


def get_slack_settings(session: Session) -> dict[str, Any]:
    """Return `{"slack_settings": …}`, creating the row on first access."""
    return {"slack_settings": slack_settings_json(ensure_slack_settings(session))}


def update_slack_settings(
    session: Session, settings: SlackSettings, body: RequestBody
) -> dict[str, Any]:
    """Apply `is_enabled`, `webhook_url` and `channel` to the row `ensure_slack_settings` gave."""
    body.require_json_type()
    payload = body.parse_object()
    if "is_enabled" in payload:
        settings.is_enabled = boolean_field(payload, "is_enabled")
    if "webhook_url" in payload:
        settings.webhook_url = trimmed_text(payload, "webhook_url") or None
    if "channel" in payload:
        settings.channel = trimmed_text(payload, "channel") or None
    if settings.is_enabled and not settings.webhook_url:
        raise InvalidInput("Invalid settings", "webhook_url is required when Slack is enabled.")
    settings.updated_at = utcnow()
    session.flush()
    return {"message": "Slack settings updated", "slack_settings": slack_settings_json(settings)}
