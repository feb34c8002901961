"""One renderer for every error on the Flask stack: the legacy JSON envelope, never HTML."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from flask import Flask, Response, jsonify
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from cronjobs.domain.errors import (
    METHOD_NOT_ALLOWED_BODY,
    NOT_FOUND_BODY,
    DomainError,
    internal_error_body,
)

log = logging.getLogger(__name__)


def _json(body: Mapping[str, object], status: int) -> Response:
    response = jsonify(body)
    response.status_code = status
    return response


def init_error_handlers(app: Flask, *, expose_details: bool) -> None:
    """Render domain errors, 404, 405, other HTTP errors and crashes as JSON."""

    @app.errorhandler(DomainError)
    def _domain_error(exc: DomainError) -> Response:
        return _json(exc.body(), exc.status)

    @app.errorhandler(NotFound)
    def _not_found(_exc: NotFound) -> Response:
        return _json(NOT_FOUND_BODY, 404)

    @app.errorhandler(MethodNotAllowed)
    def _method_not_allowed(exc: MethodNotAllowed) -> Response:
        response = _json(METHOD_NOT_ALLOWED_BODY, 405)
        response.headers["Allow"] = ", ".join(exc.valid_methods or ())
        return response

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        status = exc.code or 500
        return _json({"error": exc.name, "message": exc.description or exc.name}, status)

    @app.errorhandler(Exception)
    def _crash(exc: Exception) -> Response:
        log.exception("unhandled error")
        return _json(internal_error_body(exc, expose_details), 500)
