"""OpenAPI documentation of request bodies: users (§4.1), catalogue (§4.8), Slack, cron tools.

The domain parses every body; these models state what it accepts, field by field and across
fields (`anyOf`), so a body that matches them passes every check that does not depend on stored
data. Unknown keys are ignored (A3), so objects stay open.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from cronjobs.api.schemas.common import Omitted, omitted
from cronjobs.api.schemas.rules import (
    BLANK,
    FALSY,
    INTEGER_TEXT,
    NON_EMPTY,
    NULL,
    SLUGGABLE,
    STRING,
    documented,
    one_of_values,
    text,
    trimmed,
)

Role = Literal["admin", "user", "viewer"]
# Register's and update's password: six characters, at most 4,096 bytes of UTF-8 (D22), which
# JSON Schema cannot count: 4,096 characters is the bound it can state.
PASSWORD = text(max_length=4096) | {"minLength": 6}
PASSWORD_TEXT = "6 characters or more, at most 4096 bytes of UTF-8."


def _rules(*any_of: dict[str, Any], **more: Any) -> ConfigDict:
    return ConfigDict(json_schema_extra={"anyOf": list(any_of), **more})


class LoginRequest(BaseModel):
    """Credentials: `username` (or, when it is falsy, `email`) and `password`."""

    model_config = _rules(
        {"required": ["username"], "properties": {"username": NON_EMPTY}},
        {
            "required": ["email"],
            "properties": {"username": one_of_values(*FALSY), "email": NON_EMPTY},
        },
    )

    username: str | None = documented(
        one_of_values(STRING, *FALSY), "Used when truthy.", default=None
    )
    email: str | None = documented(
        one_of_values(STRING, *FALSY), "Used when username is falsy.", default=None
    )
    password: str = documented(NON_EMPTY)


class RegisterRequest(BaseModel):
    """A new user; `role` defaults to viewer."""

    username: str = documented(text(trimmed(3, 80)), "3 to 80 characters once trimmed.")
    email: str = documented(
        NON_EMPTY | text(trimmed(0, 120)), "Trimmed and lower-cased; no format rule."
    )
    password: str = documented(PASSWORD, PASSWORD_TEXT)
    role: Role = "viewer"


class UserUpdate(BaseModel):
    """Fields a user (or an admin) may change; role and is_active are admin-only.

    A falsy `email` or `password` is skipped (A4); at least one field must change something.
    """

    model_config = _rules(
        {"required": ["email"], "properties": {"email": NON_EMPTY}},
        {"required": ["password"], "properties": {"password": NON_EMPTY}},
        {"required": ["role"]},
        {"required": ["is_active"]},
    )

    email: str | None = documented(
        one_of_values(text(trimmed(0, 120)), *FALSY), "Skipped when falsy.", default=None
    )
    password: str | None = documented(
        one_of_values(PASSWORD, *FALSY), f"Skipped when falsy; {PASSWORD_TEXT}", default=None
    )
    role: Role | Omitted = omitted()
    is_active: bool | Omitted = omitted()


class UiPreferencesUpdate(BaseModel):
    """The jobs table's columns: each known key read for its truthiness (A5), others dropped."""

    jobs_table_columns: dict[str, Any] = documented(
        {
            "type": "object",
            "properties": {
                name: {"description": "Any JSON value, read as true or false."}
                for name in (
                    "pic_team",
                    "end_date",
                    "cron_expression",
                    "target_url",
                    "last_execution_at",
                )
            },
        }
    )


# Create: the slug comes from `slug` when it is not blank, else from `name` (§4.8); either way
# slugify (§1.9) must leave something.
_SLUG_FROM_SLUG = {"required": ["slug"], "properties": {"slug": text(SLUGGABLE)}}
_SLUG_FROM_NAME = {
    "properties": {"slug": one_of_values(NULL, text(BLANK)), "name": text(SLUGGABLE)}
}


class CategoryCreate(BaseModel):
    """A new category; the slug defaults to the slugified name."""

    model_config = _rules(_SLUG_FROM_SLUG, _SLUG_FROM_NAME)

    name: str = documented(text(trimmed(1, 255)), "Trimmed; not blank.")
    slug: str | None = documented(one_of_values(STRING, NULL), "Slugified (§1.9).", default=None)


class CategoryUpdate(BaseModel):
    """A rename (jobs follow the new slug) or an enable/disable; a `slug` key is refused."""

    model_config = ConfigDict(json_schema_extra={"not": {"required": ["slug"]}})

    name: str | Omitted = documented(
        text(trimmed(1, 255), SLUGGABLE), "Its slug must not be empty.", default=None
    )
    is_active: bool | Omitted = omitted()


class PicTeamCreate(CategoryCreate):
    """A new PIC team with its Slack handle."""

    slack_handle: str = documented(text(trimmed(1, 255)), "Trimmed; not blank.")


class PicTeamUpdate(CategoryUpdate):
    """A rename, an enable/disable or a new Slack handle."""

    slack_handle: str | Omitted = documented(text(trimmed(1, 255)), "Not blank.", default=None)


class SlackSettingsUpdate(BaseModel):
    """Fields to change; enabling needs a webhook URL, given now or stored before."""

    is_enabled: bool | Omitted = omitted()
    webhook_url: str | None = documented(
        one_of_values(STRING, NULL), "Blank means none.", default=None
    )
    channel: str | None = documented(
        one_of_values(text(trimmed(0, 255)), NULL), "Blank means none.", default=None
    )


class CronRequest(BaseModel):
    """A cron expression: `expression` if truthy, else `cron_expression` (§1.8)."""

    expression: str | None = documented(one_of_values(STRING, NULL), default=None)
    cron_expression: str | None = documented(one_of_values(STRING, NULL), default=None)


class CronPreviewRequest(CronRequest):
    """A cron expression and how many fire times to list."""

    count: int | None = documented(
        one_of_values({"type": "integer"}, text(INTEGER_TEXT), *FALSY),
        "An integer (or integer text); falsy means 5; clamped to 0..20 (A8).",
        default=None,
    )
