"""OpenAPI documentation of job request bodies: create and update (§4.2), test-run (§4.3),
execute (§4.4) and the bulk-upload form (§4.5).

As in `schemas.requests`, each model states what the domain accepts. What depends on stored data
or on the clock (a unique name, an existing PIC team or category, an `end_date` not yet past, a
valid cron expression, §1.8) is described in words: JSON Schema cannot state it.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cronjobs.api.schemas.common import Omitted, omitted
from cronjobs.api.schemas.rules import (
    BLANK,
    FALSY,
    HTTP_URL,
    NULL,
    NUMBER_TEXT,
    OBJECT,
    STRING,
    documented,
    one_of_values,
    required_unless_blank,
    text,
    trimmed,
)

TRIPLE = ("github_owner", "github_repo", "github_workflow_name")
CRON = "Five fields: minute hour day month day-of-week (§1.8)."
END_DATE = "YYYY-MM-DD, today or later in the scheduler timezone."
EMAILS = {"type": "array", "items": STRING}
NOT_BLANK_URL = "Trimmed; blank means none."


def _nullable(schema: dict[str, Any], description: str | None = None) -> Any:
    return documented(one_of_values(schema, NULL), description, default=None)


def _optional(schema: dict[str, Any], description: str | None = None) -> Any:
    return documented(schema, description, default=None)


class JobFields(BaseModel):
    """A new job: a webhook `target_url` or the GitHub triple, a PIC team, and when it ends."""

    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                {"anyOf": [required_unless_blank("target_url"), required_unless_blank(*TRIPLE)]},
                {"anyOf": [required_unless_blank(name) for name in ("pic_team", "pic_team_slug")]},
            ]
        }
    )

    name: str = documented(text(trimmed(1, 255)), "Trimmed; unique.")
    cron_expression: str = documented(text(trimmed(0, 100)), CRON)
    end_date: str = documented(text() | {"format": "date"}, END_DATE)
    pic_team: str | None = _nullable(STRING, "A PIC team's slug or name.")
    pic_team_slug: str | None = _nullable(STRING, "Read when pic_team is not truthy.")
    target_url: str | Omitted = _optional(text(trimmed(0, 500)), NOT_BLANK_URL)
    github_owner: str | Omitted = _optional(text(trimmed(0, 255)))
    github_repo: str | Omitted = _optional(text(trimmed(0, 255)))
    github_workflow_name: str | Omitted = _optional(text(trimmed(0, 255)))
    metadata: dict[str, Any] | None = _nullable(OBJECT, "Workflow inputs or webhook body.")
    category: str | None = _nullable(STRING, "A category slug or name; `general` if absent.")
    enable_email_notifications: bool = False
    notification_emails: list[str] | None = _nullable(EMAILS, "Kept while notifications are on.")
    notify_on_success: bool = False


class JobUpdate(BaseModel):
    """Any subset of the job's writable fields; the resulting job must still have a target."""

    name: str | Omitted = _optional(text(trimmed(1, 255)), "Trimmed; unique.")
    cron_expression: str | Omitted = _optional(text(trimmed(0, 100)), CRON)
    end_date: str | Omitted = _optional(text() | {"format": "date"}, END_DATE)
    pic_team: str | None = _nullable(STRING)
    pic_team_slug: str | None = _nullable(STRING)
    target_url: str | Omitted = _optional(text(trimmed(0, 500)), NOT_BLANK_URL)
    github_owner: str | Omitted = _optional(text(trimmed(0, 255)))
    github_repo: str | Omitted = _optional(text(trimmed(0, 255)))
    github_workflow_name: str | Omitted = _optional(text(trimmed(0, 255)))
    metadata: dict[str, Any] | None = _nullable(OBJECT)
    category: str | None = _nullable(STRING)
    is_active: bool | Omitted = omitted()
    enable_email_notifications: bool | Omitted = omitted()
    notification_emails: list[str] | str | None = _nullable(
        one_of_values(EMAILS, STRING), "A list, or a comma-separated string (A6)."
    )
    notify_on_success: bool | Omitted = omitted()


class TestRunRequest(BaseModel):
    """A webhook (`target_url`, http or https) or a workflow (the GitHub triple) to call once."""

    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": ["target_url"], "properties": {"target_url": text(HTTP_URL)}},
                required_unless_blank(*TRIPLE, target_url=one_of_values(NULL, text(BLANK))),
            ]
        }
    )

    target_url: str | None = _nullable(STRING, "Wins over the GitHub fields when not blank.")
    github_owner: str | None = _nullable(STRING)
    github_repo: str | None = _nullable(STRING)
    github_workflow_name: str | None = _nullable(STRING)
    metadata: dict[str, Any] | None = _optional(
        one_of_values(OBJECT, *FALSY), "Webhook body or workflow inputs; falsy means {}."
    )
    timeout_seconds: float | None = _optional(
        one_of_values({"type": "number"}, text(NUMBER_TEXT), *FALSY),
        "A number or numeric text; falsy means 10; clamped to 1–30 s (A7).",
    )


class ExecuteRequest(BaseModel):
    """Optional overrides for one manual run (a missing or non-JSON body means none)."""

    target_url: str | None = _nullable(STRING)
    dispatch_url: str | None = _nullable(STRING, "/<owner>/<repo>/actions/workflows/<workflow>")
    github_owner: str | None = _nullable(STRING)
    github_repo: str | None = _nullable(STRING)
    github_workflow_name: str | None = _nullable(STRING)
    github_token: str | None = _nullable(STRING)
    metadata: dict[str, Any] | None = _nullable(OBJECT)


# A form field given more than once counts by its first value, as Flask's `form.get` reads it.
FORM_TEXT = one_of_values(STRING, {"type": "array", "items": STRING})


class BulkForm(BaseModel):
    """The multipart form of a bulk upload."""

    file: bytes = Field(json_schema_extra={"format": "binary"}, description="The CSV file.")
    default_github_owner: str | Omitted = _optional(FORM_TEXT, "Trimmed; the first one counts.")
    dry_run: str | Omitted = _optional(FORM_TEXT, "1/true/yes/y/on: only validate.")


def form_body(model: type[BaseModel]) -> dict[str, Any]:
    """Describe a multipart request body for `openapi_extra` (the endpoint reads the form)."""
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    content = {"multipart/form-data": {"schema": schema}}
    return {"requestBody": {"required": True, "content": content}}
