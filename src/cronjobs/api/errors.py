"""One renderer for every error on the FastAPI stack, byte-compatible with the Flask stack."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cronjobs.api.responses import LegacyJSONResponse
from cronjobs.api.routes import methods_for_path
from cronjobs.domain.common.body import invalid_json
from cronjobs.domain.errors import (
    METHOD_NOT_ALLOWED_BODY,
    NOT_FOUND_BODY,
    DomainError,
    internal_error_body,
)

log = logging.getLogger(__name__)


def allowed_methods(request: Request) -> str:
    """Return the `Allow` value for a path: every route's methods, plus OPTIONS (and HEAD)."""
    methods = methods_for_path(request.app, request.scope["path"])
    methods.add("OPTIONS")
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods))


async def _domain_error(_request: Request, exc: Exception) -> LegacyJSONResponse:
    assert isinstance(exc, DomainError)
    return LegacyJSONResponse(exc.body(), status_code=exc.status)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        allow = {"Allow": allowed_methods(request)}
        if request.method == "OPTIONS":
            return Response(status_code=200, headers=allow, media_type="application/json")
        return LegacyJSONResponse(METHOD_NOT_ALLOWED_BODY, status_code=405, headers=allow)
    if exc.status_code == 404:
        return LegacyJSONResponse(NOT_FOUND_BODY, status_code=404)
    return LegacyJSONResponse({"error": str(exc.detail)}, status_code=exc.status_code)


async def _validation_error(_request: Request, _exc: Exception) -> LegacyJSONResponse:
    # Endpoints parse their own bodies; this only guards against a framework-made 422.
    error = invalid_json()
    return LegacyJSONResponse(error.body(), status_code=error.status)


def init_error_handlers(app: FastAPI) -> None:
    """Render domain errors, 404, 405, OPTIONS and framework validation errors as legacy JSON."""
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)


class InternalErrorMiddleware:
    """Answer any uncaught exception with the legacy 500 body (pure ASGI)."""

    def __init__(self, app: ASGIApp, *, expose_details: bool) -> None:
        self.app = app
        self.expose_details = expose_details

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app; turn a crash before the response started into a JSON 500."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, send_tracking)
        except Exception as exc:
            log.exception("unhandled error")
            if started:
                raise
            body = internal_error_body(exc, self.expose_details)
            await LegacyJSONResponse(body, status_code=500)(scope, receive, send)
