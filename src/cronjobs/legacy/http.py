"""Reading a Flask request into domain values and writing domain results back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, jsonify, request

from cronjobs.domain.common import transactions
from cronjobs.domain.common.body import RequestBody
from cronjobs.domain.common.query import QueryArgs
from cronjobs.legacy.database import get_session


def request_body() -> RequestBody:
    """Return the raw body and Content-Type of the current request."""
    return RequestBody(request.get_data(cache=True), request.headers.get("Content-Type"))


def query_args() -> QueryArgs:
    """Return the query string for the domain: each parameter's first value (legacy rule)."""
    return QueryArgs(request.args.items(multi=True))


def committed(result: dict[str, Any], status: int = 200) -> tuple[Response, int]:
    """Commit the request's transaction, then render the result as JSON."""
    get_session().commit()
    return jsonify(result), status


def committed_then(step: Callable[[], dict[str, Any]], status: int = 200) -> tuple[Response, int]:
    """Commit, run a step needing the commit (`transactions.committed_then`), commit, render."""
    result = transactions.committed_then(get_session(), lambda _session: step())
    return committed(result, status)
