"""One error hierarchy for the whole service, rendered by one handler per stack.

Every failure a client can see is a `DomainError` carrying its status and its exact JSON body, so
the Flask and the FastAPI renderers only copy those two values onto a response.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any


class DomainError(Exception):
    """A handled failure: an HTTP status and the legacy envelope `{"error": …, …}`."""

    status = 400

    def __init__(self, label: str, message: str | None = None, **extra: Any) -> None:
        super().__init__(message or label)
        self.label = label
        self.message = message
        self.extra = extra

    def body(self) -> dict[str, Any]:
        """Return the JSON body of the error, exactly as the spec words it."""
        body: dict[str, Any] = {"error": self.label}
        if self.message is not None:
            body["message"] = self.message
        body.update(self.extra)
        return body


class InvalidInput(DomainError):
    """400: the request is malformed or breaks a validation rule."""

    status = 400


class Forbidden(DomainError):
    """403: the caller may not do this."""

    status = 403


class NotFound(DomainError):
    """404: the resource named in the path does not exist."""

    status = 404


class Conflict(DomainError):
    """409: the request clashes with the current state (a duplicate, an inactive job)."""

    status = 409


class PayloadTooLarge(DomainError):
    """413: a form field or the number of form parts is over the limit."""

    status = 413


class ServerError(DomainError):
    """500: an unexpected failure, with the safe message of §1.3."""

    status = 500


class TokenError(DomainError):
    """401/422: an authentication failure, in Flask-JWT-Extended's `{"msg": …}` shape (D3)."""

    def __init__(self, status: int, msg: str) -> None:
        super().__init__(msg)
        self.status = status
        self.msg = msg

    def body(self) -> dict[str, Any]:
        """Return `{"msg": <text>}`."""
        return {"msg": self.msg}


NOT_FOUND_BODY = {"error": "Not found", "message": "The requested URL was not found on the server."}
METHOD_NOT_ALLOWED_BODY = {
    "error": "Method not allowed",
    "message": "The method is not allowed for the requested URL.",
}
USER_NOT_FOUND_OR_INACTIVE = "User not found or inactive"
# Labels of the requests the gateway's limits refuse (D22); the gateway words the reason.
REQUEST_LIMIT_LABELS = {413: "Payload too large", 431: "Request header fields too large"}


def request_limit_body(status: int, reason: str) -> dict[str, Any]:
    """Return the envelope of a request refused for its size (D22): the label, the limit."""
    label = REQUEST_LIMIT_LABELS.get(status) or HTTPStatus(status).phrase
    return {"error": label, "message": reason}


def too_many_attempts_body(retry_after: int) -> dict[str, Any]:
    """Return the envelope of a throttled login (D23), naming the seconds to wait."""
    return {"error": "Too many attempts", "message": f"Try again in {retry_after} seconds."}


def internal_error_body(exc: BaseException, expose_details: bool) -> dict[str, Any]:
    """Return the 500 body: the exception text when details are exposed (§1.3).

    A database error exposes only the driver's message, never the statement and its
    parameters (which may hold password hashes).
    """
    if not expose_details:
        return {"error": "Internal server error", "message": "Internal server error"}
    cause = getattr(exc, "orig", None) or exc
    return {"error": "Internal server error", "message": str(cause) or type(cause).__name__}
