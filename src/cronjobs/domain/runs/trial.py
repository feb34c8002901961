"""`POST /jobs/test-run` (spec §4.3, A7): one call to a webhook or a workflow, nothing stored.

The stack must not hold a database transaction while this runs: the call may take up to 30 s.
"""

from __future__ import annotations

import math
from typing import Any

from cronjobs.domain.common.body import RequestBody, nullable_string, trimmed_text
from cronjobs.domain.common.context import Service
from cronjobs.domain.common.outbound import (
    DEFAULT_TIMEOUT_SECONDS,
    TRANSPORT_ERRORS,
    exception_text,
    is_success,
    outbound_client,
)
from cronjobs.domain.errors import InvalidInput
from cronjobs.domain.jobs.fields import TARGET_FIELDS
from cronjobs.domain.runs.github import api_base, dispatch_url, headers_for_test_run

MIN_TIMEOUT_SECONDS = 1.0
MAX_TIMEOUT_SECONDS = 30.0
MISSING_TARGET = (
    "Provide target_url or GitHub config (github_owner, github_repo, github_workflow_name)."
)
# The body parser accepts NaN and Infinity, which no request can carry as JSON: the call fails
# with "Request failed", as a request error would, never with a 500 (D1).
CALL_ERRORS: tuple[type[Exception], ...] = (*TRANSPORT_ERRORS, ValueError)


def _bad_timeout() -> InvalidInput:
    return InvalidInput("Invalid payload", '"timeout_seconds" must be a number.')


def timeout_for_test_run(value: Any) -> float:
    """Return the effective `timeout_seconds` (A7): falsy → 10, else a number clamped to 1..30."""
    if not value:
        return DEFAULT_TIMEOUT_SECONDS
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _bad_timeout()
    try:
        number = float(value)
    except ValueError:
        raise _bad_timeout() from None
    if not math.isfinite(number):
        raise _bad_timeout()
    return min(max(number, MIN_TIMEOUT_SECONDS), MAX_TIMEOUT_SECONDS)


def ref_for_test_run(metadata: dict[str, Any]) -> str:
    """Return the ref: the first non-blank string among `ref` and `branch`, trimmed, else main."""
    for key in ("ref", "branch"):
        value = metadata.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return "main"


def perform_test_run(service: Service, body: RequestBody) -> dict[str, Any]:
    """Check the request (§4.3 validation order), make the call, and describe its answer."""
    body.require_json_type()
    payload = body.parse_object()
    for name in TARGET_FIELDS:
        nullable_string(payload, name)
    metadata = payload.get("metadata")
    if metadata and not isinstance(metadata, dict):
        raise InvalidInput("Invalid metadata", '"metadata" must be an object.')
    metadata = metadata or {}
    target_url = trimmed_text(payload, "target_url")
    owner, repo, workflow = (trimmed_text(payload, name) for name in TARGET_FIELDS[1:])
    if not target_url and not (owner and repo and workflow):
        raise InvalidInput("Missing target configuration", MISSING_TARGET)
    timeout = timeout_for_test_run(payload.get("timeout_seconds"))
    if target_url:
        if not target_url.lower().startswith(("http://", "https://")):
            raise InvalidInput(
                "Invalid target_url", "Webhook URL must start with http:// or https://"
            )
        return _webhook(service, target_url, metadata, timeout)
    return _github(service, (owner, repo, workflow), metadata, timeout)


def _request_failed(service: Service, kind: str, exc: Exception) -> dict[str, Any]:
    message = exception_text(exc) if service.expose_details else "Request failed"
    return {"ok": False, "type": kind, "error": "Request failed", "message": message}


def _webhook(
    service: Service, url: str, metadata: dict[str, Any], timeout: float
) -> dict[str, Any]:
    """POST the metadata (or `{}`) to the webhook; 2xx is a success."""
    try:
        with outbound_client(timeout) as client:
            response = client.post(url, json=metadata)
    except CALL_ERRORS as exc:
        return _request_failed(service, "webhook", exc)
    ok = is_success(response.status_code)
    return {
        "ok": ok,
        "type": "webhook",
        "status_code": response.status_code,
        "message": "Webhook test run succeeded." if ok else "Webhook test run failed.",
    }


def _github(
    service: Service, triple: tuple[str, str, str], metadata: dict[str, Any], timeout: float
) -> dict[str, Any]:
    """Dispatch the workflow with GITHUB_TOKEN (read now); 201 and 204 are successes."""
    token = service.github_token()
    if not token:
        return {
            "ok": False,
            "type": "github",
            "error": "GitHub token not configured",
            "message": "Set GITHUB_TOKEN in backend .env to test-run GitHub workflows.",
        }
    payload: dict[str, Any] = {"ref": ref_for_test_run(metadata)}
    if metadata:
        payload["inputs"] = metadata
    try:
        with outbound_client(timeout) as client:
            response = client.post(
                dispatch_url(api_base(service), *triple),
                headers=headers_for_test_run(token),
                json=payload,
            )
    except CALL_ERRORS as exc:
        return _request_failed(service, "github", exc)
    ok = response.status_code in (201, 204)
    return {
        "ok": ok,
        "type": "github",
        "status_code": response.status_code,
        "message": "GitHub workflow dispatch triggered."
        if ok
        else "GitHub workflow dispatch failed.",
    }
