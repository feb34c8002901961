"""The cron tools of spec §4.3: validate-cron (always 200) and cron-preview (400 when invalid)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from cronjobs.domain.common.body import RequestBody, nullable_string
from cronjobs.domain.common.context import Service
from cronjobs.domain.errors import InvalidInput
from cronjobs.domain.jobs.cron import checked_cron, cron_problem, fire_times

DEFAULT_COUNT = 5
MAX_COUNT = 20


def _read(body: RequestBody) -> tuple[dict[str, Any], str]:
    """Steps 1–3 of both tools: the payload and its expression.

    The expression is `expression` if truthy, else `cron_expression`, else empty.
    """
    body.require_json_type()
    payload = body.parse_object()
    expression = nullable_string(payload, "expression")
    fallback = nullable_string(payload, "cron_expression")
    return payload, expression or fallback or ""


def validate_cron(service: Service, body: RequestBody) -> dict[str, Any]:
    """Tell whether an expression is valid; an invalid one is still a 200."""
    _, expression = _read(body)
    problem = cron_problem(expression, service.zone)
    if problem is not None:
        return {"valid": False, "error": "Invalid cron expression", "message": problem}
    return {"valid": True, "message": "Valid cron expression"}


def _invalid_count() -> InvalidInput:
    return InvalidInput("Invalid count", '"count" must be an integer.')


def preview_count(value: Any) -> int:
    """Read cron-preview's `count` (A8, D14): falsy means 5; the result is clamped to 0..20."""
    if value is None or value is False or value == "":
        return DEFAULT_COUNT
    if isinstance(value, bool):
        raise _invalid_count()
    if isinstance(value, int):
        count = value
    elif isinstance(value, float) and value.is_integer():
        count = int(value)
    elif isinstance(value, str):
        try:
            count = int(value)  # base 10, surrounding whitespace and a sign allowed, as in §1.7
        except ValueError:
            raise _invalid_count() from None
    else:
        raise _invalid_count()
    if isinstance(value, int | float) and count == 0:
        return DEFAULT_COUNT  # a JSON 0 is falsy like null; the string "0" asks for no runs
    return max(0, min(count, MAX_COUNT))


def cron_preview(service: Service, body: RequestBody) -> dict[str, Any]:
    """List the next fire times of an expression in the scheduler timezone."""
    payload, expression = _read(body)
    expression = checked_cron(expression, service.zone)
    count = preview_count(payload.get("count"))
    runs = fire_times(expression, service.zone, count, datetime.now(UTC))
    return {
        "timezone": service.settings.scheduler_timezone,
        "next_runs": [run.isoformat() for run in runs],
        "count": len(runs),
    }
