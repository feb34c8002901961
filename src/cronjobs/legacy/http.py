"""Reading a Flask request into domain values and writing domain results back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, jsonify, request

from cronjobs.domain.common.body import RequestBody
from cronjobs.domain.errors import DomainError
from cronjobs.legacy.database import get_session


def request_body() -> RequestBody:
    """Return the raw body and Content-Type of the current request."""
    return RequestBody(request.get_data(cache=True), request.headers.get("Content-Type"))


def committed(result: dict[str, Any], status: int = 200) -> tuple[Response, int]:
    """Commit the request's transaction, then render the result as JSON."""
    get_session().commit()
    return jsonify(result), status


def committed_then(step: Callable[[], dict[str, Any]], status: int = 200) -> tuple[Response, int]:
    """Commit the request's writes, run a domain step that needs them committed, commit again.

    The step (scheduling a created or updated job, which reads the committed row) may fail with
    a `DomainError` whose writes must stay, such as deleting a job it could not schedule: those
    are committed before the error is rendered. Any other exception rolls the step back.
    """
    session = get_session()
    session.commit()
    try:
        result = step()
    except DomainError:
        session.commit()
        raise
    return committed(result, status)
