"""The job request fields of spec §4.2, each rule written once for create and update.

Create and update process the same fields in different orders (their validation tables), so
this module offers one small function per field rule and leaves the order to `crud.py` and
`update.py`. Every function raises the 400 the spec gives for its field.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cronjobs.domain.common.body import nullable_string, string_field, wrong_type
from cronjobs.domain.common.context import Service
from cronjobs.domain.errors import DomainError, InvalidInput
from cronjobs.domain.jobs.expiry import is_expired
from cronjobs.models import Job

TARGET_FIELDS = ("target_url", "github_owner", "github_repo", "github_workflow_name")
Target = dict[str, str | None]


def checked_name(value: str) -> str:
    """Return a job name trimmed, failing when it is blank."""
    name = value.strip()
    if not name:
        raise InvalidInput("Job name cannot be empty")
    return name


def name_taken(session: Session, name: str) -> bool:
    """Tell whether a job already uses this exact (case-sensitive) name."""
    return session.scalars(select(Job.id).where(Job.name == name).limit(1)).first() is not None


def target_field(payload: dict[str, Any], field: str) -> str | None:
    """Return a present target field trimmed, empty meaning null."""
    return string_field(payload, field).strip() or None


def target_fields(payload: dict[str, Any]) -> Target:
    """Return the present target fields, type-checked in the spec's order."""
    return {field: target_field(payload, field) for field in TARGET_FIELDS if field in payload}


def with_default_owner(target: Mapping[str, str | None], service: Service) -> Target:
    """Fill in DEFAULT_GITHUB_OWNER for a GitHub job without an owner (§4.2, D13)."""
    filled = dict(target)
    github_only = not filled.get("target_url") and not filled.get("github_owner")
    if github_only and filled.get("github_repo") and filled.get("github_workflow_name"):
        filled["github_owner"] = service.default_github_owner() or None
    return filled


def has_target(target: Mapping[str, str | None]) -> bool:
    """Tell whether a job has a `target_url` or the complete GitHub triple."""
    github = ("github_owner", "github_repo", "github_workflow_name")
    return bool(target.get("target_url")) or all(target.get(field) for field in github)


def metadata_text(payload: dict[str, Any]) -> str | None:
    """Return `metadata` as the stored JSON text: null or `{}` store null."""
    value = payload["metadata"]
    if value is not None and not isinstance(value, dict):
        raise wrong_type("metadata", "an object")
    return json.dumps(value) if value else None


def email_list(payload: dict[str, Any], *, comma_string: bool = False) -> list[str]:
    """Return `notification_emails` trimmed, blanks dropped (A6; PUT also splits a string)."""
    value = payload["notification_emails"]
    if value is None:
        return []
    if comma_string and isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        items = value
    else:
        raise wrong_type("notification_emails", "a list of strings")
    return [item.strip() for item in items if item.strip()]


def stored_emails(emails: list[str], enabled: bool) -> str | None:
    """Return the comma-joined column value: kept only while notifications are enabled."""
    return ",".join(emails) if enabled and emails else None


def checked_end_date(
    value: str | None, service: Service, *, missing: DomainError, today: date | None = None
) -> date:
    """Parse an end_date that must be today or later in the scheduler timezone.

    Null or blank raises `missing` (create, update and bulk upload word it differently); an
    unparsable date gets the safe message of §1.3. `today` pins the day for a whole batch: a bulk
    upload judges every row of its file against the same day.
    """
    text = (value or "").strip()
    if not text:
        raise missing
    try:
        day = date.fromisoformat(text)
    except ValueError:
        hidden = not service.expose_details
        message = "Invalid end_date" if hidden else "Invalid end_date. Use YYYY-MM-DD."
        raise InvalidInput("Invalid end_date", message) from None
    if is_expired(day, service.today() if today is None else today):
        raise InvalidInput("Invalid end_date", "end_date must be today or in the future (JST).")
    return day


def pic_team_input(payload: dict[str, Any]) -> str | None:
    """Return `pic_team` when truthy, else `pic_team_slug`, type-checking both (§4.2)."""
    team = nullable_string(payload, "pic_team")
    slug = nullable_string(payload, "pic_team_slug")
    return team or slug
