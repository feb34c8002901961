"""OpenAPI documentation of the v2 surface: request and response shapes of spec §4 and §5.

Endpoints parse bodies through the domain (so errors match the legacy stack exactly); these models
only describe the contract to readers of `/docs`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field
from pydantic.json_schema import SkipJsonSchema

Role = Literal["admin", "user", "viewer"]
INTERNAL_ERROR = (
    "An uncaught exception (`Internal server error`), or a failure §4 names "
    "(`Failed to schedule job`, `Failed to update scheduler`)"
)
REQUEST_LIMIT = {
    "body": "The body is larger than MAX_REQUEST_BODY_BYTES, or a bulk upload has more rows than "
    "BULK_UPLOAD_MAX_ROWS (D22)",
    "headers": "More header fields than MAX_REQUEST_HEADERS, or more header bytes than "
    "MAX_REQUEST_HEADER_BYTES (D22)",
}
INTEGER = {"type": "integer", "minimum": 1}
# A key the service leaves out when it has no value: documented as optional, never as null.
Omitted = SkipJsonSchema[None]


def _without_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def omitted(description: str | None = None) -> Any:
    """Declare an `Omitted` field: absent from the reply rather than `null`."""
    return Field(None, description=description, json_schema_extra=_without_default)


class ErrorBody(BaseModel):
    """The legacy error envelope (§1.3)."""

    error: str
    message: str | Omitted = omitted()


class MissingUserFields(ErrorBody):
    """A register error; `missing` names the absent or falsy fields (§4.1)."""

    missing: list[Literal["username", "email", "password"]] | Omitted = omitted(
        "Only with `Missing required fields`, in the order username, email, password."
    )


class TokenErrorBody(BaseModel):
    """An authentication failure in Flask-JWT-Extended's shape (§2.2)."""

    msg: str


class User(BaseModel):
    """A user, never with its password hash (§5.1)."""

    id: str
    username: str
    email: str
    role: Role
    is_active: bool
    created_at: str | None
    updated_at: str | None


class LoginResponse(BaseModel):
    """Tokens and the signed-in user."""

    message: str = "Login successful"
    access_token: str
    refresh_token: str
    user: User


class AccessToken(BaseModel):
    """A new access token."""

    access_token: str


class UserCreated(BaseModel):
    """The registered user."""

    message: str = "User registered successfully"
    user: User


class UserEnvelope(BaseModel):
    """One user."""

    user: User


class UserList(BaseModel):
    """Every user."""

    count: int
    users: list[User]


class UserUpdated(BaseModel):
    """The updated user and what changed."""

    message: str = "User updated successfully"
    updated_fields: list[Literal["email", "password", "role", "is_active"]]
    user: User


class DeletedUserRef(BaseModel):
    """Who was deleted."""

    id: str
    username: str


class UserDeleted(BaseModel):
    """Confirmation of a deletion."""

    message: str = "User deleted successfully"
    deleted_user: DeletedUserRef


class NotificationFlags(BaseModel):
    """The six notification switches (D10 defaults)."""

    email_on_job_success: bool = True
    email_on_job_failure: bool = True
    email_on_job_disabled: bool = False
    browser_notifications: bool = True
    daily_digest: bool = False
    weekly_report: bool = True


class NotificationPreferences(NotificationFlags):
    """A stored notification-preferences row (§5.7)."""

    id: str
    user_id: str
    created_at: str | None
    updated_at: str | None


class NotificationPreferencesReply(BaseModel):
    """Notification preferences with a message."""

    message: str
    preferences: NotificationPreferences


class JobsTableColumns(BaseModel):
    """Which optional columns the jobs table shows."""

    pic_team: bool = True
    end_date: bool = True
    cron_expression: bool = False
    target_url: bool = False
    last_execution_at: bool = False


class UiPreferences(BaseModel):
    """UI preferences."""

    jobs_table_columns: JobsTableColumns


class UiPreferencesReply(BaseModel):
    """UI preferences, as stored."""

    preferences: UiPreferences


class StoredUiPreferences(BaseModel):
    """UI preferences as read back."""

    # Read back unchecked (§4.1): a row written by an update holds the five columns, but a row
    # written any other way comes back as whatever object it holds.
    jobs_table_columns: JobsTableColumns | dict[str, Any] = Field(
        description="The stored object as is: the five columns, unless the row was written "
        "another way."
    )


class StoredUiPreferencesReply(BaseModel):
    """UI preferences, read back as stored (the defaults if none or not an object)."""

    preferences: StoredUiPreferences


class Health(BaseModel):
    """Liveness and this process's scheduler (§4.10)."""

    status: Literal["healthy"]
    scheduler_running: bool
    scheduled_jobs_count: int


def json_body(model: type[BaseModel], *, required: bool = True) -> dict[str, Any]:
    """Describe a JSON request body for `openapi_extra` (the domain parses it, not FastAPI)."""
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    content = {"application/json": {"schema": schema}}
    return {"requestBody": {"required": required, "content": content}}


def replies(
    ok: type[BaseModel],
    *errors: int | tuple[int, type[ErrorBody]],
    status: int = 200,
    auth: bool = True,
) -> dict[int | str, dict[str, Any]]:
    """Describe an operation's success body and its error statuses.

    An error is a status (its body an `ErrorBody`) or a (status, model) pair for an endpoint that
    adds keys of its own. Every operation may answer 413 and 431, the request limits of D22, and
    500: any uncaught exception does (§1.3).
    """
    described: dict[int | str, dict[str, Any]] = {status: {"model": ok}}
    if auth:
        described[401] = {"model": TokenErrorBody, "description": "Missing, expired or bad token"}
        described[422] = {"model": TokenErrorBody, "description": "Malformed token or header"}
    for error in errors:
        code, model = error if isinstance(error, tuple) else (error, ErrorBody)
        described[code] = {"model": model}
    described[413] = {"model": ErrorBody, "description": REQUEST_LIMIT["body"]}
    described[431] = {"model": ErrorBody, "description": REQUEST_LIMIT["headers"]}
    described[500] = {"model": ErrorBody, "description": INTERNAL_ERROR}
    return described


def throttled(described: dict[int | str, dict[str, Any]]) -> dict[int | str, dict[str, Any]]:
    """Add login throttling's 429 (D23) to an operation's replies."""
    retry_after = {"description": "Whole seconds until a retry may succeed.", "schema": INTEGER}
    described[429] = {
        "model": ErrorBody,
        "description": "Too many failed logins for this username or address (D23)",
        "headers": {"Retry-After": retry_after},
    }
    return described
